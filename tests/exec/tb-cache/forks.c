/*
 * For the persistent code cache tests: three children, one after the
 * other, each running code the parent never runs (formatted output), so
 * that each translates blocks of its own and writes the cache at exit
 * before the parent does.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
    for (int i = 0; i < 3; i++) {
        fflush(stdout);
        pid_t p = fork();
        if (p == 0) {
            printf("child %d: %5.2f %x\n", i, i * 1.25, i * 4099);
            return 0;
        }
        int st;
        waitpid(p, &st, 0);
    }
    puts("parent");
    return 0;
}
