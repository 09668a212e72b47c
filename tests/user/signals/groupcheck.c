/* Several accesses off one base register at constant offsets, which the
 * JIT covers with one range check before the first (x64-gen.c,
 * plan_groups): when one of them faults, the guest still sees the first
 * faulting access in program order, its address, and every store before
 * it done (and none after):
 *  - stores and loads running off the end of peek's guest space (2^38,
 *    GUEST_SPACE_SIZE): the combined check fails, the instruction runs
 *    again alone and the 2nd, 3rd or 4th access faults by itself;
 *  - the same running into a PROT_NONE page inside the guest space (a
 *    host fault at that access);
 *  - bases near 2^64, where base + offset wraps around to small
 *    addresses: the first access faults, nothing is written.
 * Natively and under qemu 2^38 is just an address with nothing mapped
 * above the page this program maps below it. Compared with the native
 * build of the same source.
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

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

/* Four 8-byte stores off p, each a different value (volatile: in this
 * order and one by one, in every build). */
static __attribute__((noinline)) void store4(volatile uint64_t *p, uint64_t v)
{
    p[0] = v;
    p[1] = v + 1;
    p[2] = v + 2;
    p[3] = v + 3;
}

/* Stores at offsets below and above p, of different sizes. */
static __attribute__((noinline)) void store_mixed(char *p, uint64_t v)
{
    *(volatile uint16_t *)(p - 8) = (uint16_t)v;
    *(volatile uint32_t *)(p + 4) = (uint32_t)v + 1;
    *(volatile uint8_t *)(p - 1) = (uint8_t)(v + 2);
    *(volatile uint64_t *)(p + 8) = v + 3;
}

/* Four loads off p, each copied to out[] as it is read; out[4] counts
 * the loads done (what they read differs: under peek the guest stack's
 * top is below 2^38). */
static __attribute__((noinline)) void copy4(const volatile uint64_t *p, volatile uint64_t *out)
{
    out[0] = p[0];
    out[4] = 1;
    out[1] = p[1];
    out[4] = 2;
    out[2] = p[2];
    out[4] = 3;
    out[3] = p[3];
    out[4] = 4;
}

static void show(const char *what, const void *buf, size_t n)
{
    const unsigned char *b = buf;
    printf("%s:", what);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", b[i]);
    printf("\n");
}

/* store4 at p (in a page that ends at end), then what landed there. */
/* store4 at p (near end), then what landed in the 64 bytes below end
 * (kept and put back: under peek the guest stack's top page is there). */
static void try_store4(const char *what, volatile uint64_t *p, uintptr_t end)
{
    unsigned char *page = (unsigned char *)(end - 64), keep[64], seen[64];
    memcpy(keep, page, 64);
    memset(page, 0xee, 64);
    int faulted = sigsetjmp(env, 1);
    if (!faulted)
        store4(p, 0x1100);
    memcpy(seen, page, 64);
    memcpy(page, keep, 64);
    if (faulted)
        printf("%s: fault at end%+ld\n", what, (long)(fault_addr - end));
    else
        printf("%s: no fault\n", what);
    show(what, seen, 64);
}

static void try_mixed(const char *what, char *p, uintptr_t end)
{
    unsigned char *page = (unsigned char *)(end - 32), keep[32], seen[32];
    memcpy(keep, page, 32);
    memset(page, 0xee, 32);
    int faulted = sigsetjmp(env, 1);
    if (!faulted)
        store_mixed(p, 0x2200);
    memcpy(seen, page, 32);
    memcpy(page, keep, 32);
    if (faulted)
        printf("%s: fault at end%+ld\n", what, (long)(fault_addr - end));
    else
        printf("%s: no fault\n", what);
    show(what, seen, 32);
}

static void try_copy4(const char *what, const volatile uint64_t *p, uintptr_t end)
{
    static volatile uint64_t out[5];
    out[4] = 0;
    if (sigsetjmp(env, 1) == 0) {
        copy4(p, out);
        printf("%s: no fault\n", what);
    } else {
        printf("%s: fault at end%+ld\n", what, (long)(fault_addr - end));
    }
    printf("%s: %llu loads\n", what, (unsigned long long)out[4]);
}

/* A base near 2^64: the first access faults, at its own address. */
static void try_wrap(const char *what, uintptr_t base, int loads)
{
    static volatile uint64_t out[5];
    out[4] = 0;
    if (sigsetjmp(env, 1) == 0) {
        if (loads)
            copy4((const volatile uint64_t *)base, out);
        else
            store4((volatile uint64_t *)base, 0x3300);
        printf("%s: no fault\n", what);
    } else {
        printf("%s: fault at %llx, %llu loads\n", what, (unsigned long long)fault_addr,
               (unsigned long long)out[4]);
    }
}

int main(void)
{
    long pagesz = sysconf(_SC_PAGESIZE);
    uintptr_t top = (uintptr_t)1 << 38;
    /* Nothing above the top page: take it and give it back (under peek
     * it is outside the guest space and the mmap just fails). */
    void *above = mmap((void *)top, (size_t)pagesz, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (above != MAP_FAILED)
        munmap(above, (size_t)pagesz);
    /* The page below: ours, or (peek) the stack's top page already. */
    char *last = (char *)(top - (uintptr_t)pagesz);
    unsigned char vec;
    if (mmap(last, (size_t)pagesz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
             -1, 0) != last && mincore(last, (size_t)pagesz, &vec) != 0 &&
        mmap(last, (size_t)pagesz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != last) {
        perror("mmap below 2^38");
        return 1;
    }
    char *area = mmap(NULL, (size_t)pagesz * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED ||
        mprotect(area + pagesz, (size_t)pagesz, PROT_NONE) != 0) {
        perror("mmap");
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);

    /* Warm: the same functions in range, often (superblocks too). */
    static uint64_t warm[8];
    static volatile uint64_t wout[5];
    uint64_t sum = 0;
    for (int i = 0; i < 200000; i++) {
        store4(warm + (i & 3), (uint64_t)i);
        store_mixed((char *)warm + 16 + (i & 7), (uint64_t)i);
        copy4(warm + (i & 3), wout);
        sum += wout[0] + wout[3];
    }
    printf("warm %llu\n", (unsigned long long)sum);

    uintptr_t guard = (uintptr_t)(area + pagesz);
    const struct {
        const char *name;
        uintptr_t end;
    } ends[] = { { "space", top }, { "guard", guard } };
    for (int e = 0; e < 2; e++) {
        uintptr_t end = ends[e].end;
        char what[64];
        for (int k = 0; k <= 4; k++) {
            /* the access at index k is the first past the end */
            snprintf(what, sizeof(what), "%s store4 k=%d", ends[e].name, k);
            try_store4(what, (volatile uint64_t *)(end - 8 * (uintptr_t)k), end);
            snprintf(what, sizeof(what), "%s copy4 k=%d", ends[e].name, k);
            try_copy4(what, (const volatile uint64_t *)(end - 8 * (uintptr_t)k), end);
        }
        /* (no access straddles the end: the host reports such a fault at
         * the page's start, the range check at the access's) */
        for (int d = 16; d >= 0; d -= 4) {
            if (d == 12)
                continue;
            snprintf(what, sizeof(what), "%s mixed -%d", ends[e].name, d);
            try_mixed(what, (char *)(end - (uintptr_t)d), end);
        }
    }
    /* bases whose accesses wrap around 2^64 to low addresses */
    try_wrap("wrap store -8", (uintptr_t)-8, 0);
    try_wrap("wrap store -16", (uintptr_t)-16, 0);
    try_wrap("wrap copy -8", (uintptr_t)-8, 1);
    try_wrap("wrap copy -24", (uintptr_t)-24, 1);
    return 0;
}
