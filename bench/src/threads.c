/* Multi-threaded benchmark: splits an integer loop (a 64-bit mixing hash of
 * each index, folded into a per-thread sum) across pthreads, with a shared
 * atomic counter bumped every 1024 steps and a mutex-protected total at the
 * end. Measures how the emulator scales with guest threads and what its
 * atomics and futexes cost; the result does not depend on the schedule.
 *   threads [THREADS [ITERATIONS]]
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct work {
    uint64_t begin, end, sum;
};

/* Shared by every worker: the point of the benchmark is their contention. */
static uint64_t progress;
static uint64_t total;
static pthread_mutex_t total_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static void *worker(void *arg)
{
    struct work *w = arg;
    uint64_t sum = 0;
    for (uint64_t i = w->begin; i < w->end; i++) {
        sum += mix(i) >> 8;
        if ((i & 1023) == 0)
            __atomic_fetch_add(&progress, 1, __ATOMIC_RELAXED);
    }
    w->sum = sum;
    pthread_mutex_lock(&total_lock);
    total += sum;
    pthread_mutex_unlock(&total_lock);
    return NULL;
}

int main(int argc, char **argv)
{
    int nthreads = argc > 1 ? atoi(argv[1]) : 4;
    uint64_t iters = argc > 2 ? strtoull(argv[2], NULL, 0) : 400000000;
    if (nthreads < 1 || nthreads > 64) {
        fprintf(stderr, "threads: 1..64 threads\n");
        return 2;
    }
    pthread_t tid[64];
    struct work w[64];
    for (int t = 0; t < nthreads; t++) {
        w[t].begin = iters * t / nthreads;
        w[t].end = iters * (t + 1) / nthreads;
        if (pthread_create(&tid[t], NULL, worker, &w[t]) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    uint64_t check = 0;
    for (int t = 0; t < nthreads; t++) {
        pthread_join(tid[t], NULL);
        check += w[t].sum;
    }
    printf("threads %d total %016llx check %s progress %llu\n", nthreads,
           (unsigned long long)total, check == total ? "ok" : "BAD",
           (unsigned long long)progress);
    return 0;
}
