/*
 * The thread-count program of QEMU's plugin documentation examples,
 * written for these tests: N threads (default 4) each count to a fixed
 * number with a little arithmetic, and the main thread prints each
 * thread's result and their sum, so the work per vCPU is known.
 *   threadcount [threads]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_THREADS 16

static void *count(void *arg)
{
    unsigned long n = (unsigned long)arg, acc = 0;
    for (unsigned long i = 0; i < 200000; i++)
        acc += (i ^ n) & 7;
    return (void *)acc;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 4;
    if (n < 1 || n > MAX_THREADS)
        n = 4;
    pthread_t th[MAX_THREADS];
    for (int i = 0; i < n; i++)
        pthread_create(&th[i], NULL, count, (void *)(unsigned long)i);
    unsigned long total = 0;
    for (int i = 0; i < n; i++) {
        void *r;
        pthread_join(th[i], &r);
        printf("thread %d: %lu\n", i, (unsigned long)r);
        total += (unsigned long)r;
    }
    printf("total %lu\n", total);
    return 0;
}
