/* The futex syscall directly: EAGAIN on a changed value, ETIMEDOUT on a
 * relative timeout, wake counts, a waiter woken by another thread,
 * FUTEX_CMP_REQUEUE moving waiters, and the private-flag variants. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint32_t word, word2;
static volatile int woke, arrived;

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *t,
                  uint32_t *uaddr2, uint32_t val3)
{
    return syscall(SYS_futex, uaddr, op, val, t, uaddr2, val3);
}

static void *waiter(void *arg)
{
    int op = (int)(long)arg;
    __atomic_fetch_add(&arrived, 1, __ATOMIC_SEQ_CST);
    while (__atomic_load_n(&word, __ATOMIC_SEQ_CST) == 0)
        futex(&word, op, 0, NULL, NULL, 0);
    __atomic_fetch_add(&woke, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

/* Sleepers are not observable from outside: wait until all have
 * arrived, then give them time to enter the kernel. */
static void wait_for_sleepers(int n)
{
    while (__atomic_load_n(&arrived, __ATOMIC_SEQ_CST) < n)
        usleep(1000);
    usleep(100000);
}

int main(void)
{
    word = 1;
    long r = futex(&word, FUTEX_WAIT, 0, NULL, NULL, 0);
    printf("wait on changed value: %ld %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
    word = 0;
    struct timespec t = { 0, 50 * 1000 * 1000 };
    r = futex(&word, FUTEX_WAIT_PRIVATE, 0, &t, NULL, 0);
    printf("timed wait: %ld %s\n", r, errno == ETIMEDOUT ? "ETIMEDOUT" : "?");
    printf("wake nobody: %ld\n", futex(&word, FUTEX_WAKE, 1, NULL, NULL, 0));

    pthread_t th[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, waiter, (void *)(long)FUTEX_WAIT);
    wait_for_sleepers(3);
    __atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
    r = futex(&word, FUTEX_WAKE, 10, NULL, NULL, 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    printf("woke %ld, threads done %d\n", r, woke);

    /* Requeue: waiters sleep on word; move them to word2, wake from there
     * (word is already 1 then, so they leave). */
    word = 0;
    woke = arrived = 0;
    for (int i = 0; i < 3; i++)
        pthread_create(&th[i], NULL, waiter, (void *)(long)FUTEX_WAIT_PRIVATE);
    wait_for_sleepers(3);
    __atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
    r = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)10, &word2, 0);
    printf("cmp_requeue with wrong value: %ld %s\n", r, errno == EAGAIN ? "EAGAIN" : "?");
    r = futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 0, (void *)(uintptr_t)10, &word2, 1);
    printf("cmp_requeue: moved %ld\n", r);
    long w2 = futex(&word2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0);
    for (int i = 0; i < 3; i++)
        pthread_join(th[i], NULL);
    printf("woken from the second word %ld, threads done %d\n", w2, woke);

    uint32_t bits = 0;
    r = futex(&bits, FUTEX_WAIT_BITSET_PRIVATE, 0, &t, NULL, 0);
    printf("wait_bitset with zero mask: %ld %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    now.tv_nsec += 20 * 1000 * 1000;
    if (now.tv_nsec >= 1000000000) {
        now.tv_sec++;
        now.tv_nsec -= 1000000000;
    }
    r = futex(&bits, FUTEX_WAIT_BITSET_PRIVATE, 0, &now, NULL, FUTEX_BITSET_MATCH_ANY);
    printf("absolute timeout: %ld %s\n", r, errno == ETIMEDOUT ? "ETIMEDOUT" : "?");
    return 0;
}
