/* Signals sent by another process: to a guest stuck in a loop that makes
 * no syscalls, argv[1] saying whether to catch SIGUSR1 ("catch") or not;
 * or ("queue") to a guest that blocks SIGRTMIN until a SIGUSR1 comes, then
 * counts the SIGRTMIN instances that were queued meanwhile. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_usr1(int sig)
{
    static const char msg[] = "caught SIGUSR1\n";
    if (write(1, msg, sizeof(msg) - 1) < 0)
        _exit(2);
    _exit(0);
}

static volatile int n_rt;

static void on_rt(int sig) { n_rt++; }

static int count_queued(void)
{
    sigset_t s, usr1;
    signal(SIGRTMIN, on_rt);
    sigemptyset(&s);
    sigaddset(&s, SIGRTMIN);
    sigaddset(&s, SIGUSR1);
    sigprocmask(SIG_BLOCK, &s, NULL);
    printf("ready\n");
    fflush(stdout);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    int sig = 0;
    sigwait(&usr1, &sig);
    sigprocmask(SIG_UNBLOCK, &s, NULL);
    printf("caught %d SIGRTMIN\n", n_rt);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "queue"))
        return count_queued();
    if (argc > 1 && !strcmp(argv[1], "catch"))
        signal(SIGUSR1, on_usr1);
    printf("ready\n");
    fflush(stdout);
    volatile unsigned long n = 0;
    for (;;)
        n++;
}
