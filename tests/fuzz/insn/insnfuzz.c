/* The instruction decoders from inside a guest: seeded random instruction
 * words, each run once from random registers, and its guest-visible
 * outcome printed: the signal it ended with (every run ends with one: a
 * trap placed after the word, or the word's own fault), the signal's code
 * and address, the pc, and hashes of the registers, the FP state and the
 * scratch memory the registers point into. Two emulators that print the
 * same lines agree on what every word does.
 *
 *   insnfuzz SEED COUNT [INDEX [v]]
 *
 * INDEX: only that word of the run (a regression); v: and every register
 * before and after it.
 *
 * The word sits in the middle of a 4 MiB region of zeros (an illegal
 * encoding on both guests), so a branch lands on a fault at a known
 * address; loads and stores reach a scratch area through the registers;
 * a loop is ended by SIGVTALRM after 200 ms of CPU time (CPU time, so
 * that a busy machine does not end a slow translation) and printed as
 * "loop" alone, as where it was stopped is a matter of timing. No register points into the
 * region when the word runs: the entry jumps to a preamble just before it
 * that loads the last registers (the jump's and the preamble's own) from
 * a slot page elsewhere, so a store cannot rewrite the code being run. Words the two emulators cannot
 * agree on by design become a no-op first (the guest's arch_filter: system
 * calls, reads of cycle counters and ID registers). The architecture parts
 * (registers, entry, signal frame) are riscv64.c and aarch64.c. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>

#include "insnfuzz.h"

/* The generator, reseeded for every word from (seed, index). */
static uint64_t rng;
uint64_t fz_rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* A register value: mostly pointers into the scratch area, else numbers
 * with the edges instructions care about. */
uint64_t fz_value(void)
{
    static const uint64_t edges[] = { 0, 1, (uint64_t)-1, 0x7fffffffffffffffull,
                                      0x8000000000000000ull, 0xffffffffull, 0x80000000ull,
                                      0x7fffffffull, 0xffffffff80000000ull, 63, 64, 32 };
    switch (fz_rnd() % 10) {
    case 0: case 1: case 2: case 3:
        return FZ_SCRATCH_MID + (fz_rnd() % 512) - 256;
    case 4: return edges[fz_rnd() % (sizeof(edges) / sizeof(edges[0]))];
    case 5: return fz_rnd() % 4096;
    case 6: return (uint64_t)(int64_t)(int32_t)fz_rnd();
    default: return fz_rnd();
    }
}

/* A floating-point register: specials, NaN-boxed singles, anything. */
uint64_t fz_fvalue(void)
{
    static const uint64_t specials[] = {
        0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0x7ff0000000000000ull,
        0xfff0000000000000ull, 0x7ff8000000000000ull, 0x7ff0000000000001ull, 1,
        0x000fffffffffffffull, 0x7fefffffffffffffull, 0xffffffff3f800000ull,
        0xffffffff7fc00000ull, 0xffffffff00000001ull, 0xffffffff7f800000ull,
    };
    return fz_rnd() % 3 ? specials[fz_rnd() % (sizeof(specials) / sizeof(specials[0]))]
                        : fz_rnd();
}

/* Where a run ends: the signal handler records the outcome and jumps back
 * to the loop; running tells it a word is running (else: abort). */
static sigjmp_buf back;
static FzOutcome out;
static volatile sig_atomic_t running;

/* Every run ends here: record the outcome and go back to the loop. */
void fz_on_signal(int sig, siginfo_t *si, void *uc)
{
    if (!running)
        abort();
    running = 0;
    memset(&out, 0, sizeof(out));
    out.sig = sig;
    out.code = si->si_code;
    out.addr = sig == SIGVTALRM ? 0 : (uint64_t)(uintptr_t)si->si_addr;
    arch_capture(&out, uc);
    siglongjmp(back, 1);
}

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* An address as "R+off" inside the region, "S+off" inside the scratch
 * area, "far" beyond 2^38 (qemu-user
 * reports 0 for a fault beyond its guest address space, Linux and peek
 * the address; the runner takes the two as equal), else as is. */
static const char *where(uint64_t a, char *buf)
{
    if (a >= FZ_REGION && a < FZ_REGION + FZ_REGION_SIZE)
        sprintf(buf, "R+%#llx", (unsigned long long)(a - FZ_REGION));
    else if (a >= FZ_SCRATCH && a < FZ_SCRATCH + FZ_SCRATCH_SIZE)
        sprintf(buf, "S+%#llx", (unsigned long long)(a - FZ_SCRATCH));
    else if (a >> 38)
        sprintf(buf, "far");
    else
        sprintf(buf, "%#llx", (unsigned long long)a);
    return buf;
}

static void *map_at(uint64_t at, size_t len, int prot)
{
    void *p = mmap((void *)(uintptr_t)at, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p != (void *)(uintptr_t)at) {
        fprintf(stderr, "insnfuzz: cannot map %#llx\n", (unsigned long long)at);
        exit(1);
    }
    return p;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: insnfuzz SEED COUNT [INDEX [v]]\n");
        return 1;
    }
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
    uint64_t seed = strtoull(argv[1], NULL, 0);
    long count = strtol(argv[2], NULL, 0), only = argc > 3 ? strtol(argv[3], NULL, 0) : -1;
    int verbose = argc > 4 && !strcmp(argv[4], "v");

    uint8_t *region = map_at(FZ_REGION, FZ_REGION_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC);
    uint8_t *scratch = map_at(FZ_SCRATCH, FZ_SCRATCH_SIZE, PROT_READ | PROT_WRITE);
    uint64_t *slots = map_at(FZ_SLOTS, 4096, PROT_READ | PROT_WRITE);
    static uint8_t altstack[1 << 16];
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    sigaltstack(&ss, NULL);
    struct sigaction sa = { .sa_sigaction = arch_signal_entry,
                            .sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER };
    sigfillset(&sa.sa_mask);
    static const int sigs[] = { SIGILL, SIGSEGV, SIGBUS, SIGFPE, SIGTRAP, SIGVTALRM, SIGSYS };
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        sigaction(sigs[i], &sa, NULL);
    arch_save_globals();

    struct itimerval tick = { { 0, 0 }, { 0, 200000 } }, off = { { 0, 0 }, { 0, 0 } };
    uint8_t *at = region + (FZ_WORD_AT - FZ_REGION);
    for (long i = 0; i < count; i++) {
        rng = seed * 0x2545f4914f6cdd1dull + (uint64_t)i * 0x9e3779b97f4a7c15ull;
        uint32_t word = arch_filter((uint32_t)fz_rnd());
        FzState st;
        arch_init_state(&st, i >= count * 3 / 4);
        if (only >= 0 && i != only)
            continue;
        memcpy(at - sizeof(arch_preamble), arch_preamble, sizeof(arch_preamble));
        memcpy(at, &word, 4);
        memcpy(at + 4, &arch_trap, 4);
        __builtin___clear_cache((char *)at - sizeof(arch_preamble), (char *)at + 8);
        slots[0] = st.x[arch_pre_regs[0]];
        slots[1] = st.x[arch_pre_regs[1]];
        for (size_t k = 0; k < FZ_SCRATCH_SIZE; k += 8) {
            uint64_t v = 0x0101010101010101ull * (uint8_t)(k >> 3) ^ 0x5a5a000000005a5aull;
            memcpy(scratch + k, &v, 8);
        }
        if (sigsetjmp(back, 1) == 0) {
            running = 1;
            setitimer(ITIMER_VIRTUAL, &tick, NULL);
            arch_enter(&st);
        }
        setitimer(ITIMER_VIRTUAL, &off, NULL);
        const char *kind = arch_kind(word);
        if (out.sig == SIGVTALRM) {
            printf("%ld %08x%s loop\n", i, word, kind);
            continue;
        }
        char b1[32], b2[32];
        printf("%ld %08x%s s=%d c=%d a=%s pc=%s r=%016llx f=%016llx x=%llx,%llx,%llx m=%016llx\n",
               i, word, kind, out.sig, arch_code(&out), where(out.addr, b1), where(out.pc, b2),
               (unsigned long long)fnv(out.gpr, sizeof(out.gpr), 0xcbf29ce484222325ull),
               (unsigned long long)fnv(out.fpr, sizeof(out.fpr), 0xcbf29ce484222325ull),
               (unsigned long long)out.csr[0], (unsigned long long)out.csr[1],
               (unsigned long long)out.csr[2],
               (unsigned long long)fnv(scratch, FZ_SCRATCH_SIZE, 0xcbf29ce484222325ull));
        if (verbose) {
            for (int r = 0; r < 32; r++)
                printf("  x%-2d %016llx   in %016llx\n", r, (unsigned long long)out.gpr[r],
                       (unsigned long long)st.x[r]);
            for (int r = 0; r < 64; r++)
                printf("  f%-2d %016llx   in %016llx\n", r, (unsigned long long)out.fpr[r],
                       (unsigned long long)st.f[r]);
        }
    }
    return 0;
}
