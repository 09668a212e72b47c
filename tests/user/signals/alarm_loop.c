/* SIGALRM from an interval timer interrupts a tight loop that makes no
 * syscalls; the handler leaves it with siglongjmp, three times (the saved
 * mask is restored by siglongjmp, so SIGALRM is deliverable again). */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile sig_atomic_t hits;

static void on_alarm(int sig)
{
    hits++;
    siglongjmp(env, sig);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    for (int round = 0; round < 3; round++) {
        int r = sigsetjmp(env, 1);
        if (r == 0) {
            struct itimerval it = { { 0, 0 }, { 0, 100000 } };
            setitimer(ITIMER_REAL, &it, NULL);
            for (;;)
                ;
        }
        sigset_t cur;
        sigprocmask(SIG_BLOCK, NULL, &cur);
        printf("round %d: escaped by signal %d, SIGALRM blocked after: %d\n", round, r,
               sigismember(&cur, SIGALRM));
    }
    /* alarm() too, with a loop that does touch memory. */
    if (sigsetjmp(env, 1) == 0) {
        alarm(1);
        volatile unsigned long n = 0;
        for (;;)
            n++;
    }
    printf("alarm: escaped, hits %d\n", (int)hits);
    return 0;
}
