/* The main thread leaves with pthread_exit while another thread still
 * works; the process ends when the last thread does (glibc: exit(0)). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_t main_thread;

static void *late(void *arg)
{
    pthread_join(main_thread, NULL);
    printf("main is gone, the worker still runs\n");
    fflush(stdout);
    return NULL;
}

int main(void)
{
    main_thread = pthread_self();
    pthread_t t;
    pthread_create(&t, NULL, late, NULL);
    pthread_exit(NULL);
}
