/*
 * The program the gdb suite debugs, under peek -g and under qemu -g alike.
 * Its argument picks a scenario; each stops at named functions that the
 * gdb scripts (*.gdb) break on, and its exit status tells the script's
 * memory writes reached the guest.
 *   basic    calls, a float, a global array: break, step, registers, x, set var
 *            (also for any other argument)
 *   watch    writes to a watched global
 *   threads  two threads and main; worker 1 calls worker_stop once the
 *            others wait at a barrier
 *   hits     four threads call hit() 50 times each
 *   signals  SIGUSR1 to a handler, then a SIGSEGV
 *   spin     loops until a debugger sets stop (Ctrl-C)
 *   write    a write(2) for catch syscall
 *   auxv     prints auxiliary vector entries, as the program sees them
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

int counter = 5;
double scale = 1.5;
int table[4] = { 10, 20, 30, 40 };
volatile int stop;
volatile unsigned long spins;
volatile int got_signal;
static pthread_barrier_t barrier;

int add(int a, int b)
{
    int sum = a + b;
    return sum;
}

double mul(double x)
{
    return x * scale;
}

static int basic(void)
{
    int local = add(counter, 2);
    counter = local;
    double d = mul(4.0);
    counter += (int)d;
    printf("counter=%d table=%d\n", counter, table[2]);
    return counter;
}

static int watch(void)
{
    counter = 7;
    counter = counter * 3;
    table[1] = counter;
    return table[1] == 21 ? 0 : 1;
}

void worker_stop(int n)
{
    counter += n;
}

static void *worker(void *arg)
{
    int n = (int)(long)arg;
    pthread_barrier_wait(&barrier);
    if (n == 1) {
        /* Time for the others to block at the second barrier, so where
         * they are when this one stops is the same under any emulator. */
        usleep(200000);
        worker_stop(n);
    }
    pthread_barrier_wait(&barrier);
    return NULL;
}

static int threads(void)
{
    pthread_t t[2];
    pthread_barrier_init(&barrier, NULL, 3);
    for (long i = 0; i < 2; i++)
        pthread_create(&t[i], NULL, worker, (void *)(i + 1));
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    printf("counter=%d\n", counter);
    return counter;
}

volatile int hits;

void hit(void)
{
    __atomic_fetch_add(&hits, 1, __ATOMIC_SEQ_CST);
}

static void *hitter(void *arg)
{
    for (int i = 0; i < 50; i++)
        hit();
    return arg;
}

static int hits_main(void)
{
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, hitter, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("hits=%d\n", hits);
    return 0;
}

static void on_usr1(int sig)
{
    got_signal = sig;
}

static int signals(void)
{
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("got_signal=%d\n", got_signal);
    fflush(stdout);
    *(volatile int *)16 = 1;
    return 0;
}

static int spin(void)
{
    while (!stop)
        spins++;
    return 7;
}

static int write_call(void)
{
    static const char msg[] = "hello from write\n";
    return write(1, msg, sizeof(msg) - 1) == sizeof(msg) - 1 ? 3 : 1;
}

static int auxv(void)
{
    static const struct { const char *name; unsigned long type; } keys[] = {
        { "AT_PHDR", AT_PHDR }, { "AT_PHNUM", AT_PHNUM }, { "AT_PAGESZ", AT_PAGESZ },
        { "AT_BASE", AT_BASE }, { "AT_ENTRY", AT_ENTRY }, { "AT_HWCAP", AT_HWCAP },
        { "AT_RANDOM", AT_RANDOM }, { "AT_EXECFN", AT_EXECFN },
    };
    for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        printf("%s 0x%lx\n", keys[i].name, getauxval(keys[i].type));
    return 0;
}

int main(int argc, char **argv)
{
    const char *what = argc > 1 ? argv[1] : "basic";
    if (!strcmp(what, "watch"))
        return watch();
    if (!strcmp(what, "threads"))
        return threads();
    if (!strcmp(what, "signals"))
        return signals();
    if (!strcmp(what, "spin"))
        return spin();
    if (!strcmp(what, "write"))
        return write_call();
    if (!strcmp(what, "hits"))
        return hits_main();
    if (!strcmp(what, "auxv"))
        return auxv();
    return basic();
}
