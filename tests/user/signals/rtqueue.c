/* Queued signals: real-time signals queue with their values, in order,
 * and are never dropped; standard signals merge; RLIMIT_SIGPENDING caps
 * the queue with EAGAIN to the sender. Four cases:
 *   - 1,000 sigqueue(SIGRTMIN, i) while it is blocked, then one unblock;
 *   - standard before real-time, lower number first, FIFO within one;
 *   - sigqueue past a small RLIMIT_SIGPENDING;
 *   - 20,000 rt_tgsigqueueinfo to a thread busy in a loop without syscalls
 *     (the sender retries on EAGAIN, as a full queue may refuse it).
 * Every line is compared with the native build's. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define N_BLOCKED 1000
#define N_STORM 20000

/* What the handlers saw: filled by handlers, read by main once quiet. */
static volatile int n_seen, n_bad_order, n_bad_info, expect_next;
static int order[16], n_order;

static void on_counted(int sig, siginfo_t *si, void *uc)
{
    if (si->si_value.sival_int != expect_next)
        n_bad_order++;
    expect_next = si->si_value.sival_int + 1;
    if (si->si_code != SI_QUEUE || si->si_pid != getpid() || si->si_signo != sig)
        n_bad_info++;
    n_seen++;
}

static void on_ordered(int sig, siginfo_t *si, void *uc)
{
    if (n_order < 16)
        order[n_order++] = sig < SIGRTMIN ? -sig : (sig - SIGRTMIN) * 100 + si->si_value.sival_int;
}

static void handle(int sig, void (*h)(int, siginfo_t *, void *), int block_all)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = h;
    sa.sa_flags = SA_SIGINFO;
    if (block_all)
        sigfillset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void block(int how, int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    sigprocmask(how, &s, NULL);
}

static int queue(int sig, int value)
{
    union sigval v = { .sival_int = value };
    return sigqueue(getpid(), sig, v) == 0 ? 0 : errno;
}

static void blocked_then_released(void)
{
    handle(SIGRTMIN, on_counted, 0);
    block(SIG_BLOCK, SIGRTMIN);
    int ok = 0;
    for (int i = 0; i < N_BLOCKED; i++)
        ok += queue(SIGRTMIN, i) == 0;
    sigset_t p;
    sigpending(&p);
    printf("queued %d of %d, pending %d, delivered before unblock %d\n", ok, N_BLOCKED,
           sigismember(&p, SIGRTMIN), n_seen);
    n_seen = n_bad_order = n_bad_info = expect_next = 0;
    block(SIG_UNBLOCK, SIGRTMIN);
    printf("delivered %d, out of order %d, wrong siginfo %d\n", n_seen, n_bad_order, n_bad_info);
}

static void merge_and_order(void)
{
    int sigs[] = { SIGUSR1, SIGUSR2, SIGRTMIN, SIGRTMIN + 1 };
    sigset_t all;
    sigemptyset(&all);
    for (int i = 0; i < 4; i++) {
        handle(sigs[i], on_ordered, 1);
        sigaddset(&all, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &all, NULL);
    queue(SIGRTMIN + 1, 1);
    queue(SIGRTMIN, 2);
    for (int i = 0; i < 5; i++)
        kill(getpid(), SIGUSR2);
    queue(SIGRTMIN + 1, 3);
    queue(SIGRTMIN, 4);
    for (int i = 0; i < 5; i++)
        queue(SIGUSR1, 10 + i);
    sigprocmask(SIG_UNBLOCK, &all, NULL);
    printf("order:");
    for (int i = 0; i < n_order; i++)
        printf(" %d", order[i]);
    printf("\n");
}

/* The user's count of queued signals, from /proc/self/status's SigQ. */
static long sigq_used(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long used = -1, limit;
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "SigQ: %ld/%ld", &used, &limit) == 2)
            break;
    if (f)
        fclose(f);
    return used;
}

/* The limit counts every queued signal of this user, other processes'
 * too, so it is set 16 above the current count and only the shape of the
 * outcome is printed. The hard limit stays, so the old one can come back. */
static void rlimit_caps(void)
{
    struct rlimit old, now;
    getrlimit(RLIMIT_SIGPENDING, &old);
    long used = sigq_used();
    if (used < 0) {
        printf("no SigQ in /proc/self/status\n");
        return;
    }
    struct rlimit small = { (rlim_t)used + 16, old.rlim_max };
    if (setrlimit(RLIMIT_SIGPENDING, &small) < 0) {
        printf("setrlimit: %s\n", strerror(errno));
        return;
    }
    getrlimit(RLIMIT_SIGPENDING, &now);
    printf("RLIMIT_SIGPENDING as set %d\n", now.rlim_cur == small.rlim_cur &&
           now.rlim_max == old.rlim_max);
    handle(SIGRTMIN + 2, on_counted, 0);
    block(SIG_BLOCK, SIGRTMIN + 2);
    int ok = 0, eagain = 0;
    for (int i = 0; i < 40; i++) {
        int e = queue(SIGRTMIN + 2, i);
        ok += e == 0;
        eagain += e == EAGAIN;
    }
    /* A standard signal still gets through at the limit. */
    block(SIG_BLOCK, SIGUSR1);
    kill(getpid(), SIGUSR1);
    sigset_t p;
    sigpending(&p);
    printf("past the limit: some queued %d, the rest EAGAIN %d, SIGUSR1 pending %d\n",
           ok > 0 && ok < 40, ok + eagain == 40, sigismember(&p, SIGUSR1));
    n_seen = n_bad_order = n_bad_info = expect_next = 0;
    block(SIG_UNBLOCK, SIGRTMIN + 2);
    printf("delivered all queued %d, out of order %d\n", n_seen == ok, n_bad_order);
    sigset_t u;
    sigemptyset(&u);
    sigaddset(&u, SIGUSR1);
    int sig = 0;
    sigwait(&u, &sig);
    block(SIG_UNBLOCK, SIGUSR1);
    setrlimit(RLIMIT_SIGPENDING, &old);
}

static volatile int storm_tid, stop;

static void *busy(void *arg)
{
    block(SIG_UNBLOCK, SIGRTMIN + 3);
    storm_tid = (int)syscall(SYS_gettid);
    volatile unsigned long spins = 0;
    while (!stop)
        spins++;
    return NULL;
}

static void storm(void)
{
    handle(SIGRTMIN + 3, on_counted, 0);
    n_seen = n_bad_order = n_bad_info = expect_next = 0;
    pthread_t t;
    /* Only the busy thread takes the signals. */
    block(SIG_BLOCK, SIGRTMIN + 3);
    pthread_create(&t, NULL, busy, NULL);
    while (!storm_tid)
        sched_yield();
    long refused = 0;
    for (int i = 0; i < N_STORM; i++) {
        siginfo_t si;
        memset(&si, 0, sizeof(si));
        si.si_signo = SIGRTMIN + 3;
        si.si_code = SI_QUEUE;
        si.si_pid = getpid();
        si.si_uid = getuid();
        si.si_value.sival_int = i;
        while (syscall(SYS_rt_tgsigqueueinfo, getpid(), storm_tid, SIGRTMIN + 3, &si) < 0) {
            if (errno != EAGAIN) {
                printf("rt_tgsigqueueinfo: %s\n", strerror(errno));
                return;
            }
            refused++;
            sched_yield();
        }
    }
    struct timespec tick = { 0, 1000000 };
    for (int ms = 0; n_seen < N_STORM && ms < 20000; ms++)
        nanosleep(&tick, NULL);
    stop = 1;
    pthread_join(t, NULL);
    printf("storm: delivered %d of %d, out of order %d, wrong siginfo %d\n", n_seen, N_STORM,
           n_bad_order, n_bad_info);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    blocked_then_released();
    merge_and_order();
    rlimit_caps();
    storm();
    return 0;
}
