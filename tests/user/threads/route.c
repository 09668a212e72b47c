/* Process-directed signals go to a thread that does not block them: with
 * SIGUSR1 blocked everywhere but in one worker, kill() runs the handler on
 * that worker; with SIGUSR2 blocked everywhere, a thread in sigwaitinfo
 * receives it (with the sender's pid), and SIGUSR2 sent while nobody
 * waits stays pending for the process until someone does. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_t worker;
static volatile int on_worker, elsewhere, ready;

static void on_usr1(int sig)
{
    if (pthread_equal(pthread_self(), worker))
        on_worker++;
    else
        elsewhere++;
}

static void *work(void *arg)
{
    sigset_t u;
    sigemptyset(&u);
    sigaddset(&u, SIGUSR1);
    pthread_sigmask(SIG_UNBLOCK, &u, NULL);
    __atomic_store_n(&ready, 1, __ATOMIC_SEQ_CST);
    while (!on_worker && !elsewhere)
        usleep(1000);
    return NULL;
}

static void *waiter(void *arg)
{
    sigset_t w;
    sigemptyset(&w);
    sigaddset(&w, SIGUSR2);
    siginfo_t si;
    int n = 0, from_us = 1;
    for (int i = 0; i < 2; i++) {
        int s = sigwaitinfo(&w, &si);
        n += s == SIGUSR2;
        from_us &= si.si_pid == getpid();
    }
    return (void *)(long)(n * 10 + from_us);
}

int main(void)
{
    signal(SIGUSR1, on_usr1);
    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    sigaddset(&b, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &b, NULL);

    pthread_create(&worker, NULL, work, NULL);
    while (!__atomic_load_n(&ready, __ATOMIC_SEQ_CST))
        usleep(1000);
    kill(getpid(), SIGUSR1);
    pthread_join(worker, NULL);
    printf("SIGUSR1 on the unblocking worker %d, elsewhere %d\n", on_worker, elsewhere);

    kill(getpid(), SIGUSR2);          /* nobody waits yet: stays pending */
    sigset_t p;
    sigpending(&p);
    printf("pending for the process: %d\n", sigismember(&p, SIGUSR2));
    pthread_t w;
    pthread_create(&w, NULL, waiter, NULL);
    usleep(50000);
    kill(getpid(), SIGUSR2);
    void *r;
    pthread_join(w, &r);
    printf("sigwaitinfo got %ld SIGUSR2, all from us %ld\n", (long)r / 10, (long)r % 10);
    return 0;
}
