/* Guest accesses whose address is a base plus a scaled index or an
 * offset, the shape the JIT folds into the access itself (x64-gen.c's
 * address folding, docs/design-notes.md): loads and stores of every size
 * and scale give the right values, and one that faults still faults at
 * the exact address, after exactly the stores before it:
 *  - table[i] running into a PROT_NONE page (a host fault inside the
 *    guest space), for loads and stores of 1, 2, 4 and 8 bytes;
 *  - base + a huge index, beyond any guest space (the range check).
 * Compared with the native build of the same source.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile long progress;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

static uint32_t crc_table[256];

/* A table lookup on a loop's dependency chain (crc's bytewise loop). */
static __attribute__((noinline)) uint32_t crc(const uint8_t *p, size_t n, uint32_t c)
{
    c = ~c;
    for (size_t i = 0; i < n; i++)
        c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

/* Sums of each element size at indices read from idx[] (a shift and an
 * add before each access, not a pointer the compiler steps), and a store
 * of each size; progress says how far it got. */
#define WALK(name, type)                                                                          \
    static __attribute__((noinline)) long name(type *a, const long *idx, int n)                  \
    {                                                                                             \
        long s = 0;                                                                               \
        for (int k = 0; k < n; k++) {                                                             \
            progress = k;                                                                         \
            long i = idx[k];                                                                      \
            s += a[i];                                                                            \
            a[i + 1] = (type)(s * 3);                                                             \
        }                                                                                         \
        return s;                                                                                 \
    }
WALK(walk8, int8_t)
WALK(walk16, uint16_t)
WALK(walk32, int32_t)
WALK(walk64, int64_t)

struct rec {
    long pad[3];
    int16_t h;
    int32_t w;
    long q;
};

/* Loads at offsets from a base register. */
static __attribute__((noinline)) long fields(const struct rec *r, int n)
{
    long s = 0;
    for (int i = 0; i < n; i++)
        s = s * 31 + r[i].h + r[i].w + r[i].q;
    return s;
}

typedef long WalkFn(void *, const long *, int);

/* idx = first, first + 2, ... (n of them): the walk reads element i and
 * writes element i + 1 of each. */
static void try_walk(const char *what, WalkFn *f, void *a, long first, int n, uintptr_t ref)
{
    static long idx[64];
    for (int k = 0; k < n; k++)
        idx[k] = first + 2 * k;
    progress = -1;
    if (sigsetjmp(env, 1) == 0) {
        long s = f(a, idx, n);
        printf("%s: sum %ld, no fault\n", what, s);
    } else {
        printf("%s: fault at %+ld at k = %ld\n", what, (long)(fault_addr - ref), progress);
    }
}

int main(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    static uint8_t buf[4096];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 7 + (i >> 5));
    uint32_t c = 0;
    for (int r = 0; r < 50; r++)
        c = crc(buf, sizeof(buf), c);
    printf("crc %08x\n", c);

    static struct rec recs[64];
    for (int i = 0; i < 64; i++) {
        recs[i].h = (int16_t)(-i * 1000);
        recs[i].w = (int32_t)(uint32_t)(i * 123456789u);
        recs[i].q = (long)i << 40;
    }
    printf("fields %ld\n", fields(recs, 64));

    long page = sysconf(_SC_PAGESIZE);
    char *area = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED || mprotect(area + page, (size_t)page, PROT_NONE) != 0) {
        perror("mmap");
        return 1;
    }
    for (long i = 0; i < page; i++)
        area[i] = (char)(i * 13);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);

    uintptr_t guard = (uintptr_t)(area + page);
    /* In bounds, then running into the guard page: the load of the last
     * element faults, or the store after it (odd first elements). */
    try_walk("8 in", (WalkFn *)walk8, area, 0, 64, guard);
    try_walk("8 load", (WalkFn *)walk8, area, page - 40, 40, guard);
    try_walk("8 store", (WalkFn *)walk8, area, page - 41, 40, guard);
    try_walk("16 load", (WalkFn *)walk16, area, page / 2 - 40, 40, guard);
    try_walk("16 store", (WalkFn *)walk16, area, page / 2 - 41, 40, guard);
    try_walk("32 load", (WalkFn *)walk32, area, page / 4 - 20, 40, guard);
    try_walk("32 store", (WalkFn *)walk32, area, page / 4 - 21, 40, guard);
    try_walk("64 load", (WalkFn *)walk64, area, page / 8 - 10, 40, guard);
    try_walk("64 store", (WalkFn *)walk64, area, page / 8 - 11, 40, guard);
    /* Far off: 2^39 bytes below, beyond an emulator's guest space (the
     * address wraps) and with nothing mapped natively. */
    try_walk("64 far", (WalkFn *)walk64, area, -(1l << 36), 4, (uintptr_t)area);
    return 0;
}
