/* Thread lifetimes: return values through pthread_join, thread-local
 * storage per thread, many short-lived threads in sequence (tid clearing
 * on exit is what pthread_join waits for), detached threads, gettid being
 * distinct per thread and the process id being shared. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static __thread long tls_value = 5;
static pid_t tids[4];

static void *ret_square(void *arg)
{
    long v = (long)arg;
    tls_value += v;
    return (void *)(v * v + tls_value);
}

static void *record(void *arg)
{
    long i = (long)arg;
    tids[i] = (pid_t)syscall(SYS_gettid);
    return (void *)(long)(getpid() == (pid_t)(long)0 ? -1 : getpid());
}

static volatile int detached_ran;
static void *detached(void *arg)
{
    __atomic_fetch_add(&detached_ran, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

int main(void)
{
    long total = 0;
    for (long i = 0; i < 200; i++) {
        pthread_t t;
        void *r;
        pthread_create(&t, NULL, ret_square, (void *)i);
        pthread_join(t, &r);
        total += (long)r;
    }
    printf("200 joins: total %ld, main tls %ld\n", total, tls_value);

    pthread_t t[4];
    void *r[4];
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, record, (void *)i);
    int same_pid = 1;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], &r[i]);
        same_pid &= (long)r[i] == getpid();
    }
    int distinct = 1;
    pid_t me = (pid_t)syscall(SYS_gettid);
    for (int i = 0; i < 4; i++) {
        distinct &= tids[i] != me && tids[i] > 0;
        for (int j = 0; j < i; j++)
            distinct &= tids[i] != tids[j];
    }
    printf("tids distinct %d, getpid shared %d, main tid is pid %d\n", distinct, same_pid,
           me == getpid());

    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
    for (int i = 0; i < 16; i++) {
        pthread_t d;
        pthread_create(&d, &a, detached, NULL);
    }
    while (__atomic_load_n(&detached_ran, __ATOMIC_SEQ_CST) < 16)
        usleep(1000);
    printf("detached threads ran: %d\n", detached_ran);
    return 0;
}
