/* The main thread starts a thread, runs spin() itself, then starts seven
 * more; all eight spin once every one has started. So blocks of spin
 * exist, made once the process has threads, when the later threads'
 * vCPUs start, and nine vCPUs live at once. The instructions inside spin
 * total 2001 + 8 * (2 * 100000 + 1), as in mt.c. */
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
    pthread_create(&t[0], NULL, worker, NULL);
    spin(1000);
    for (int i = 1; i < 8; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    pthread_barrier_wait(&start);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    puts("mtlate done");
    return 0;
}
