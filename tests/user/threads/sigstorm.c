/* Process-directed signals raining on busy threads: a 1 ms SIGALRM timer
 * while four threads pass a token around with a mutex and condition
 * variables and bump atomic counters. Handlers run on whichever thread
 * the kernel picks, in the middle of futex waits and atomic sequences;
 * every total must still be exact and nothing may hang. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#define T 4
#define ROUNDS 3000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int turn;
static long passes, atomic_total;
static volatile long alarms;

static void on_alarm(int sig)
{
    __atomic_fetch_add(&alarms, 1, __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
    int me = (int)(long)arg;
    for (int r = 0; r < ROUNDS; r++) {
        pthread_mutex_lock(&mu);
        while (turn != me)
            pthread_cond_wait(&cv, &mu);
        passes++;
        turn = (turn + 1) % T;
        pthread_cond_broadcast(&cv);
        pthread_mutex_unlock(&mu);
        for (int i = 0; i < 20; i++)
            __atomic_fetch_add(&atomic_total, 1, __ATOMIC_SEQ_CST);
    }
    return NULL;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    pthread_t t[T];
    for (long i = 0; i < T; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < T; i++)
        pthread_join(t[i], NULL);
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    printf("passes %ld atomics %ld, alarms seen %d\n", passes, atomic_total, alarms > 0);
    return 0;
}
