/* Producer-consumer over a bounded buffer with a mutex and two condition
 * variables: 3 producers, 3 consumers; every item is consumed once. */
#include <pthread.h>
#include <stdio.h>

#define N 8
#define ITEMS 20000
#define P 3

static int buf[N], head, tail, count, done_producers;
static long sum, consumed;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg)
{
    long base = (long)arg * ITEMS;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&mu);
        while (count == N)
            pthread_cond_wait(&not_full, &mu);
        buf[tail] = (int)(base + i);
        tail = (tail + 1) % N;
        count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&mu);
    }
    pthread_mutex_lock(&mu);
    done_producers++;
    pthread_cond_broadcast(&not_empty);
    pthread_mutex_unlock(&mu);
    return NULL;
}

static void *consumer(void *arg)
{
    for (;;) {
        pthread_mutex_lock(&mu);
        while (count == 0 && done_producers < P)
            pthread_cond_wait(&not_empty, &mu);
        if (count == 0) {
            pthread_mutex_unlock(&mu);
            return NULL;
        }
        int v = buf[head];
        head = (head + 1) % N;
        count--;
        sum += v;
        consumed++;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&mu);
    }
}

int main(void)
{
    pthread_t p[P], c[P];
    for (long i = 0; i < P; i++) {
        pthread_create(&p[i], NULL, producer, (void *)i);
        pthread_create(&c[i], NULL, consumer, NULL);
    }
    for (int i = 0; i < P; i++) {
        pthread_join(p[i], NULL);
        pthread_join(c[i], NULL);
    }
    printf("consumed %ld sum %ld\n", consumed, sum);
    return 0;
}
