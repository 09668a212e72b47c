/* Thread-directed signals: pthread_kill reaches exactly the chosen thread
 * (its handler sees its own pthread_self), wakes it from sigsuspend, and
 * interrupts its blocking read (EINTR without SA_RESTART); pthread_cancel
 * (glibc's signal 32) cancels a thread blocked in read. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_t target;
static volatile int hit_target, hit_other;
static volatile int ready;
static int fds[2];

static void on_usr1(int sig)
{
    if (pthread_equal(pthread_self(), target))
        hit_target++;
    else
        hit_other++;
}

static void *sleeper(void *arg)
{
    sigset_t none;
    sigemptyset(&none);
    __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
    int r = sigsuspend(&none);
    return (void *)(long)(r == -1 && errno == EINTR);
}

static void *reader(void *arg)
{
    char c;
    sigset_t u;
    sigemptyset(&u);
    sigaddset(&u, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &u, NULL);
    __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
    ssize_t n = read(fds[0], &c, 1);
    return (void *)(long)(n < 0 && errno == EINTR);
}

static void *cancel_me(void *arg)
{
    char c;
    __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
    for (;;)
        if (read(fds[0], &c, 1) < 0)
            return (void *)2;
}

static void *spinner(void *arg)
{
    while (!__atomic_load_n(&hit_target, __ATOMIC_SEQ_CST) && !hit_other)
        ;
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    if (pipe(fds) < 0)
        return 1;

    /* Block SIGUSR1 in the main thread while others are created, so only
     * the target may take it; the sleeper unblocks it in sigsuspend. */
    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &b, NULL);
    pthread_t other;
    pthread_create(&other, NULL, spinner, NULL);
    pthread_create(&target, NULL, sleeper, NULL);
    while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
        ;
    usleep(50000);
    pthread_kill(target, SIGUSR1);
    void *r;
    pthread_join(target, &r);
    pthread_join(other, NULL);
    printf("sigsuspend woken: %ld, hit target %d other %d\n", (long)r, hit_target, hit_other);

    ready = 0;
    pthread_create(&target, NULL, reader, NULL);
    while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
        ;
    usleep(50000);
    pthread_kill(target, SIGUSR1);
    pthread_join(target, &r);
    printf("blocked read interrupted: %ld, hit target %d\n", (long)r, hit_target);

    ready = 0;
    pthread_t c;
    pthread_create(&c, NULL, cancel_me, NULL);
    while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
        ;
    usleep(50000);
    pthread_cancel(c);
    pthread_join(c, &r);
    printf("cancelled in read: %d\n", r == PTHREAD_CANCELED);
    return 0;
}
