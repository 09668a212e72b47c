/* Superblocks (docs/design-notes.md): a loop that runs long enough to be
 * made again as a superblock, whose body goes on past forward branches,
 * and then
 *  - faults on a load in the middle of the region, after some of its
 *    stores and before others, on either side of a branch that the
 *    superblock leaves by a side exit: the handler must see exactly the
 *    stores that came before the faulting load (the memory of the guest
 *    is its state that C can see), and the fault address;
 *  - is stopped by a timer signal while spinning: a loop inside one block
 *    must still take asynchronous signals.
 * Compared with the native build of the same source.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

/* Written by the loop, so the handler's view of the state can be printed. */
static volatile long odd, even, before, after;
static long sum;

#define N 4096

/* ptrs[i] is a good address except ptrs[bad], which is in a PROT_NONE
 * page; the parity of data[i] decides a forward branch inside the loop. */
static __attribute__((noinline)) void walk(long *const *ptrs, const unsigned char *data, int n)
{
    for (int i = 0; i < n; i++) {
        if (data[i] & 1)
            odd += data[i];
        else
            even += i;
        before = i;
        sum += *ptrs[i];
        after = i;
        if (data[i] == 7)
            sum ^= i;
    }
}

static volatile int stop;
static void on_alarm(int sig) { stop = 1; }

/* Spin until the timer's handler says stop; the loop has a forward branch
 * and touches memory only through volatile variables. */
static __attribute__((noinline)) unsigned long spin(unsigned long x)
{
    unsigned long a = 0, b = 0;
    while (!stop) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        if (x >> 63)
            a++;
        else
            b += x & 7;
    }
    return a + b > 0;
}

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *guard = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (guard == MAP_FAILED || mprotect(guard + page, (size_t)page, PROT_NONE) != 0) {
        perror("mmap");
        return 1;
    }
    static long cells[N];
    static long *ptrs[N];
    static unsigned char data[N];
    uint32_t r = 12345;
    for (int i = 0; i < N; i++) {
        r = r * 1103515245u + 12345u;
        data[i] = (unsigned char)(r >> 16);
        cells[i] = i * 3 + 1;
        ptrs[i] = &cells[i];
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);

    /* Warm up (the region becomes hot), then fault at several points:
     * after an odd and after an even element, near the start and late. */
    walk(ptrs, data, N);
    walk(ptrs, data, N);
    printf("warm: odd %ld even %ld sum %ld\n", odd, even, sum);
    static const int bad[] = { 1, 2, 3, 100, 101, 1000, 2047, 4095 };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        int b = bad[k];
        long *keep = ptrs[b];
        ptrs[b] = (long *)(void *)(guard + page + 8 * k);
        before = after = -1;
        if (sigsetjmp(env, 1) == 0) {
            walk(ptrs, data, N);
            printf("fault %d: no fault\n", b);
        } else {
            printf("fault %d (data %s): before %ld after %ld odd %ld even %ld sum %ld at +%ld\n", b,
                   data[b] & 1 ? "odd" : "even", before, after, odd, even, sum,
                   (long)(fault_addr - (uintptr_t)(guard + page)));
        }
        ptrs[b] = keep;
    }

    signal(SIGALRM, on_alarm);
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    printf("spin stopped: %lu\n", spin(1));
    return 0;
}
