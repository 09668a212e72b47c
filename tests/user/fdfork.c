/*
 * Sixteen processes at once, each forked and then exec'ing this program
 * again: under an emulator with a plugin and -D, every one of them (and the
 * parent) must leave its whole report in the log (tests/user/run.sh counts
 * them). Prints how many children exited 0.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHILDREN 16

int main(int argc, char **argv)
{
    if (argc > 1) {
        volatile unsigned long sum = 0;
        for (unsigned long i = 0; i < 100000; i++)
            sum += i;
        return sum == 4999950000ul ? 0 : 1;
    }
    for (int i = 0; i < CHILDREN; i++) {
        if (fork() == 0) {
            execl(argv[0], argv[0], "child", (char *)NULL);
            _exit(127);
        }
    }
    int ok = 0, st;
    for (int i = 0; i < CHILDREN; i++)
        if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
            ok++;
    printf("%d of %d children exited 0\n", ok, CHILDREN);
    return 0;
}
