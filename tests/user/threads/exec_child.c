/* Run by execve.c: show what the new program received. */
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>

int main(int argc, char **argv)
{
    printf("exec_child: argc %d", argc);
    for (int i = 1; i < argc; i++)
        printf(" [%s]", argv[i]);
    const char *e = getenv("PEEK_TEST_VAR");
    printf(" env %s\n", e ? e : "(none)");
    struct sigaction sa;
    sigaction(SIGUSR2, NULL, &sa);
    sigset_t m;
    sigprocmask(SIG_BLOCK, NULL, &m);
    printf("exec_child: SIGUSR2 ignored %d, SIGUSR1 blocked %d\n", sa.sa_handler == SIG_IGN,
           sigismember(&m, SIGUSR1));
    return 21;
}
