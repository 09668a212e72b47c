/* Eight threads run spin() one after another (each joined before the next
 * starts), then the main thread: the instructions inside spin total
 * 8 * (2 * 100000 + 1) + 2001, as in mt.c, but no two threads count at
 * once, so a plugin's plain shared counter must come out exact. */
#include <pthread.h>
#include <stdio.h>

void spin(long n);

static void *worker(void *arg)
{
    spin(100000);
    return NULL;
}

int main(void)
{
    for (int i = 0; i < 8; i++) {
        pthread_t t;
        pthread_create(&t, NULL, worker, NULL);
        pthread_join(t, NULL);
    }
    spin(1000);
    puts("mtseq done");
    return 0;
}
