/*
 * Four threads each run the two-instruction loop at spin_loop 10000 times
 * (the main thread waits), so the block at spin_loop executes exactly
 * 40000 times across five vCPUs: a test that the plugins' per-vCPU
 * counting stays exact with several guest threads.
 */
#include <pthread.h>
#include <stdio.h>

#define THREADS 4
#define ITERATIONS 10000

void spin(long n);
__asm__(".text\n"
        ".globl spin, spin_loop\n"
        ".type spin, @function\n"
        "spin:\n"
        "    j spin_loop\n"
        "spin_loop:\n"
        "    addi a0, a0, -1\n"
        "    bnez a0, spin_loop\n"
        "    ret\n"
        ".size spin, . - spin\n");

static void *worker(void *arg)
{
    spin(ITERATIONS);
    return arg;
}

int main(void)
{
    pthread_t t[THREADS];

    for (int i = 0; i < THREADS; i++) {
        if (pthread_create(&t[i], NULL, worker, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
    }
    puts("done");
    return 0;
}
