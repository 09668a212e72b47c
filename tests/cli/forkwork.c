/* -perfmap in a forked child: the child spends its time in spin(), the
 * parent only waits; the child prints its pid so the test can pick its
 * samples out of perf report. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile unsigned long sink;

__attribute__((noinline)) static void spin(unsigned long n)
{
    for (unsigned long i = 0; i < n; i++)
        sink += i * i;
}

int main(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        spin(30000000);
        printf("child %d\n", (int)getpid());
        return 0;
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
