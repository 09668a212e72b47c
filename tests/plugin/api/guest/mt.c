/* Eight threads and the main thread run spin() a known number of times at
 * once: the instructions inside spin total 8 * (2 * 100000 + 1) + 2001. */
#include <pthread.h>
#include <stdio.h>

void spin(long n);

static pthread_barrier_t start;

static void *worker(void *arg)
{
    pthread_barrier_wait(&start);
    spin(100000);
    return NULL;
}

int main(void)
{
    pthread_t t[8];
    pthread_barrier_init(&start, NULL, 9);
    for (int i = 0; i < 8; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    pthread_barrier_wait(&start);
    spin(1000);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    puts("mt done");
    return 0;
}
