/* Eight threads hammer shared counters: an atomic add (AMO), a
 * compare-and-swap loop (LR/SC), a test-and-set spinlock, and a mutex.
 * Every total must be exact. */
#include <pthread.h>
#include <stdio.h>

#define THREADS 8
#define ITERS 20000

static long amo, cas, spin_count, mutex_count;
static char spin;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < ITERS; i++) {
        __atomic_fetch_add(&amo, id + 1, __ATOMIC_RELAXED);
        long old = __atomic_load_n(&cas, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas, &old, old + 2, 1, __ATOMIC_ACQ_REL,
                                            __ATOMIC_RELAXED))
            ;
        while (__atomic_test_and_set(&spin, __ATOMIC_ACQUIRE))
            ;
        spin_count++;
        __atomic_clear(&spin, __ATOMIC_RELEASE);
        pthread_mutex_lock(&mu);
        mutex_count += 3;
        pthread_mutex_unlock(&mu);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[THREADS];
    for (long i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, (void *)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    printf("amo %ld cas %ld spin %ld mutex %ld\n", amo, cas, spin_count, mutex_count);
    return 0;
}
