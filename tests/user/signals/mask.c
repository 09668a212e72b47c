/* Masks and pending signals: sigprocmask, sigpending, sigsuspend (handler
 * runs, EINTR, old mask back), sigtimedwait, merging of standard signals,
 * queueing of real-time signals with their values and order, SA_RESETHAND
 * and SA_NODEFER, sigaction's old action. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int usr1, depth, maxdepth, calls;
static int rt_values[8], n_rt;

static void on_usr1(int sig) { usr1++; }

static void on_rt(int sig, siginfo_t *si, void *uc)
{
    if (n_rt < 8)
        rt_values[n_rt++] = si->si_value.sival_int * 100 + (sig - SIGRTMIN) * 10 +
                            (si->si_code == SI_QUEUE);
}

/* Raises its own signal until it has run three times: nested at once
 * with SA_NODEFER, one after the other without. */
static void on_nested(int sig)
{
    depth++;
    if (depth > maxdepth)
        maxdepth = depth;
    if (++calls < 3)
        raise(sig);
    depth--;
}

static void set(int sig, void (*h)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = h;
    sa.sa_flags = flags;
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    sigset_t b, old, pend, cur;
    set(SIGUSR1, on_usr1, 0);
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    sigprocmask(SIG_BLOCK, &b, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: handler ran %d, pending %d\n", usr1, sigismember(&pend, SIGUSR1));

    sigset_t none;
    sigemptyset(&none);
    int r = sigsuspend(&none);
    int e = errno;
    sigprocmask(SIG_BLOCK, NULL, &cur);
    sigpending(&pend);
    printf("sigsuspend: %d %s, handler ran %d (merged), still blocked %d, pending %d\n", r,
           e == EINTR ? "EINTR" : "?", usr1, sigismember(&cur, SIGUSR1),
           sigismember(&pend, SIGUSR1));

    sigaddset(&b, SIGUSR2);
    sigprocmask(SIG_BLOCK, &b, NULL);
    raise(SIGUSR2);
    siginfo_t si;
    struct timespec ts = { 0, 0 };
    int s = sigtimedwait(&b, &si, &ts);
    printf("sigtimedwait: %d, signo %d, code SI_TKILL %d\n", s, si.si_signo,
           si.si_code == SI_TKILL);
    s = sigtimedwait(&b, &si, &ts);
    printf("sigtimedwait again: %d %s\n", s, errno == EAGAIN ? "EAGAIN" : "?");

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_rt;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGRTMIN, &sa, NULL);
    sigaction(SIGRTMIN + 1, &sa, NULL);
    sigset_t rt;
    sigemptyset(&rt);
    sigaddset(&rt, SIGRTMIN);
    sigaddset(&rt, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &rt, NULL);
    for (int i = 1; i <= 3; i++) {
        union sigval v = { .sival_int = i };
        sigqueue(getpid(), SIGRTMIN + 1, v);
        v.sival_int = i + 4;
        sigqueue(getpid(), SIGRTMIN, v);
    }
    sigprocmask(SIG_UNBLOCK, &rt, NULL);
    printf("rt delivered %d:", n_rt);
    for (int i = 0; i < n_rt; i++)
        printf(" %d", rt_values[i]);
    printf("\n");

    set(SIGUSR2, on_nested, 0);
    sigprocmask(SIG_SETMASK, &none, NULL);
    depth = maxdepth = calls = 0;
    raise(SIGUSR2);
    printf("without SA_NODEFER: calls %d max depth %d\n", calls, maxdepth);
    set(SIGUSR2, on_nested, SA_NODEFER);
    depth = maxdepth = calls = 0;
    raise(SIGUSR2);
    printf("with SA_NODEFER: calls %d max depth %d\n", calls, maxdepth);

    set(SIGUSR1, on_usr1, SA_RESETHAND | SA_RESTART);
    usr1 = 0;
    raise(SIGUSR1);
    struct sigaction oa;
    sigaction(SIGUSR1, NULL, &oa);
    printf("SA_RESETHAND: ran %d, now default %d\n", usr1, oa.sa_handler == SIG_DFL);
    set(SIGUSR2, on_usr1, SA_RESTART | SA_ONSTACK);
    sigaction(SIGUSR2, NULL, &oa);
    printf("old action flags restart %d onstack %d siginfo %d\n", !!(oa.sa_flags & SA_RESTART),
           !!(oa.sa_flags & SA_ONSTACK), !!(oa.sa_flags & SA_SIGINFO));
    r = sigaction(SIGKILL, &oa, NULL);
    printf("sigaction(SIGKILL): %d %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    return 0;
}
