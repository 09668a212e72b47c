/* fork while other threads keep the emulator busy: they map and unmap
 * memory and run code not seen before, so locks around the memory map and
 * the code cache are often held by some thread at the moment of a fork.
 * Every child must still run new code, allocate and exit normally; one
 * that is stuck (a lock taken in the parent by another thread, never
 * released in the child) is killed after 10 s, and the test stops. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define FORKS 40

static volatile int stop;

static void *churn(void *arg)
{
    while (!stop) {
        char *p = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p != MAP_FAILED) {
            memset(p, 1, 1 << 16);
            munmap(p, 1 << 16);
        }
        free(malloc(1000 + rand() % 100000));
    }
    return NULL;
}

/* Code the child runs for the first time after the fork. */
static long __attribute__((noinline)) fresh(long n)
{
    long s = 0;
    for (long i = 0; i < n; i++)
        s += i * i % 7;
    return s;
}

int main(void)
{
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, churn, NULL);
    int ok = 0;
    for (int i = 0; i < FORKS; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            char *p = malloc(1 << 20);
            void *m = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                           -1, 0);
            _exit(p && m != MAP_FAILED && fresh(1000) == 2001 ? 0 : 1);
        }
        int st, waited = 0;
        while (waitpid(pid, &st, WNOHANG) == 0) {
            if (++waited == 1000)
                kill(pid, SIGKILL);
            usleep(10000);
        }
        if (waited >= 1000) {
            printf("child %d stuck\n", i);
            break;
        }
        ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    stop = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    printf("%d of %d children ran and exited normally\n", ok, FORKS);
    return 0;
}
