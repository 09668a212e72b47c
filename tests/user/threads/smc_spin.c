/* Code rewritten by one thread while another runs it. A worker thread
 * calls a function whose first instruction jumps to itself ("j ." on
 * riscv64, "b ." on aarch64, "jmp ." natively), followed by a return, and
 * spins there until the main thread turns the jump into one to the next
 * instruction and flushes the instruction cache. The worker must see the
 * new code and return, every round, within 5 s. The rewrite changes one
 * byte (the jump's offset), so no way of writing it can let the worker
 * see half of the old and half of the new instruction. Each round uses another offset in the page and waits
 * a pseudo-random time before the rewrite, so that it lands anywhere on
 * the worker's way into the loop, while the loop is being translated too.
 * Three ways to rewrite:
 *   store  a plain store from the main thread;
 *   read   read(2) from a pipe into the code page (the kernel writes);
 *   remap  mmap(MAP_FIXED) of a file page holding the return over it.
 * Argument: rounds per way (default 200, also when it is not a number, as
 * the folder the test runner passes). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define STRIDE 64

/* The function, and which byte becomes what to leave the loop. */
#if defined(__aarch64__)
static const uint8_t spin_fn[] = { 0x00, 0x00, 0x00, 0x14,    /* b . */
                                   0xc0, 0x03, 0x5f, 0xd6 };  /* ret */
enum { OUT_AT = 0, OUT_BYTE = 0x01 };                          /* b .+4 */
#elif defined(__riscv)
static const uint8_t spin_fn[] = { 0x6f, 0x00, 0x00, 0x00,    /* j . */
                                   0x67, 0x80, 0x00, 0x00 };  /* ret */
enum { OUT_AT = 2, OUT_BYTE = 0x40 };                          /* j .+4 */
#else
static const uint8_t spin_fn[] = { 0xeb, 0xfe,                /* jmp . */
                                   0xc3 };                    /* ret */
enum { OUT_AT = 1, OUT_BYTE = 0x00 };                          /* jmp .+2 */
#endif

static uint8_t *code;
/* Round handshake: main sets go to r + 1, the worker sets done to r + 1
 * once the call of round r returned. */
static int go, done, stop;

static void flush(uint8_t *p)
{
    __builtin___clear_cache((char *)p, (char *)p + sizeof(spin_fn));
}

static void *worker(void *arg)
{
    for (int r = 0;; r++) {
        while (__atomic_load_n(&go, __ATOMIC_ACQUIRE) != r + 1)
            if (__atomic_load_n(&stop, __ATOMIC_ACQUIRE))
                return NULL;
        uint8_t *fn = code + (size_t)r * STRIDE % PAGE;
        ((void (*)(void))(void *)fn)();
        __atomic_store_n(&done, r + 1, __ATOMIC_RELEASE);
    }
}

static unsigned rnd = 12345;

static void short_wait(void)
{
    rnd = rnd * 1103515245u + 12345u;
    for (volatile unsigned k = (rnd >> 16) % 20000; k > 0; k--)
        ;
}

static int wait_done(int r)
{
    struct timespec tick = { 0, 100000 };
    for (int i = 0; i < 50000; i++) {
        if (__atomic_load_n(&done, __ATOMIC_ACQUIRE) == r + 1)
            return 1;
        nanosleep(&tick, NULL);
    }
    return 0;
}

/* A file holding the function that returns at every STRIDE, for "remap". */
static int ret_file(void)
{
    char path[] = "/tmp/smc_spin.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    unlink(path);
    static uint8_t page[PAGE];
    for (int off = 0; off < PAGE; off += STRIDE) {
        memcpy(page + off, spin_fn, sizeof(spin_fn));
        page[off + OUT_AT] = OUT_BYTE;
    }
    if (write(fd, page, PAGE) != PAGE)
        return -1;
    return fd;
}

static int run(const char *how, int rounds)
{
    int pfd[2] = { -1, -1 }, fd = -1;
    if (!strcmp(how, "read") && pipe(pfd) < 0)
        return printf("%s: pipe failed\n", how), 1;
    if (!strcmp(how, "remap") && (fd = ret_file()) < 0)
        return printf("%s: no file\n", how), 1;
    code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                -1, 0);
    if (code == MAP_FAILED)
        return printf("%s: mmap failed\n", how), 1;
    go = done = stop = 0;
    pthread_t t;
    pthread_create(&t, NULL, worker, NULL);
    for (int r = 0; r < rounds; r++) {
        uint8_t *fn = code + (size_t)r * STRIDE % PAGE;
        if (!strcmp(how, "remap") && r % (PAGE / STRIDE) == 0) {
            /* Back to an anonymous page once every slot was used. */
            if (mmap(code, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
                return printf("%s: mmap failed\n", how), 1;
        }
        memcpy(fn, spin_fn, sizeof(spin_fn));
        flush(fn);
        __atomic_store_n(&go, r + 1, __ATOMIC_RELEASE);
        short_wait();
        if (!strcmp(how, "store")) {
            __atomic_store_n(fn + OUT_AT, OUT_BYTE, __ATOMIC_RELAXED);
        } else if (!strcmp(how, "read")) {
            static const uint8_t out = OUT_BYTE;
            if (write(pfd[1], &out, 1) != 1 || read(pfd[0], fn + OUT_AT, 1) != 1)
                return printf("%s: pipe i/o failed\n", how), 1;
        } else if (mmap(code, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_FIXED,
                        fd, 0) == MAP_FAILED) {
            return printf("%s: mmap of the file failed\n", how), 1;
        }
        flush(fn);
        if (!wait_done(r)) {
            printf("%s: round %d still spinning after 5 s\n", how, r);
            fflush(stdout);
            _exit(1);
        }
    }
    __atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
    pthread_join(t, NULL);
    munmap(code, PAGE);
    printf("%s: %d rounds returned\n", how, rounds);
    return 0;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 200;
    if (rounds <= 0)
        rounds = 200;
    setvbuf(stdout, NULL, _IOLBF, 0);
    return run("store", rounds) | run("read", rounds) | run("remap", rounds);
}
