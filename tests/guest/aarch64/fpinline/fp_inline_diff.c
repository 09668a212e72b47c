/*
 * The scalar FP arithmetic that peek runs inline on the host FPU
 * (src/guest/aarch64/trans-fp-inline.c), on the operands where the host
 * and Arm differ: NaNs in each position (signalling and quiet, with
 * payloads), denormals, results that round to the smallest normal (UFC on
 * Arm only), overflow, division by zero, invalid operations, exact zeros,
 * in every rounding mode; scalar and vector forms. Each case sets FPCR, clears FPSR, runs one
 * instruction and prints the result bits and FPSR, so the output under
 * peek (JIT and interpreter) must equal qemu-aarch64's line for line.
 * Then the ways the pending host flags reach FPSR: several operations
 * before one MRS, a signal frame's fpsimd record (read and written by the
 * handler), and FPCR.FZ, which turns inlining off for the rest of the run.
 *   fp-inline-diff [random cases per precision]
 */
#include <asm/sigcontext.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

static uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}
static uint64_t get_fpcr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpcr" : "=r"(v));
    return v;
}
static void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" : : "r"(v)); }

/* One instruction between clearing FPSR and reading it; the operands in
 * d/s registers as bit patterns. */
#define OP_D(name, insn)                                                                 \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t *fpsr)                         \
    {                                                                                    \
        double x, y, r;                                                                  \
        memcpy(&x, &a, 8);                                                               \
        memcpy(&y, &b, 8);                                                               \
        __asm__ volatile("msr fpsr, xzr\n\t" insn "\n\tmrs %1, fpsr"                     \
                         : "=&w"(r), "=r"(*fpsr) : "w"(x), "w"(y));                      \
        memcpy(&a, &r, 8);                                                               \
        return a;                                                                        \
    }
#define OP_S(name, insn)                                                                 \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t *fpsr)                         \
    {                                                                                    \
        float x, y, r;                                                                   \
        uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;                                   \
        memcpy(&x, &a32, 4);                                                             \
        memcpy(&y, &b32, 4);                                                             \
        __asm__ volatile("msr fpsr, xzr\n\t" insn "\n\tmrs %1, fpsr"                     \
                         : "=&w"(r), "=r"(*fpsr) : "w"(x), "w"(y));                      \
        memcpy(&a32, &r, 4);                                                             \
        return a32;                                                                      \
    }
OP_D(fadd_d, "fadd %d0, %d2, %d3")
OP_D(fsub_d, "fsub %d0, %d2, %d3")
OP_D(fmul_d, "fmul %d0, %d2, %d3")
OP_D(fnmul_d, "fnmul %d0, %d2, %d3")
OP_D(fdiv_d, "fdiv %d0, %d2, %d3")
OP_D(fsqrt_d, "fsqrt %d0, %d2")
OP_S(fadd_s, "fadd %s0, %s2, %s3")
OP_S(fsub_s, "fsub %s0, %s2, %s3")
OP_S(fmul_s, "fmul %s0, %s2, %s3")
OP_S(fnmul_s, "fnmul %s0, %s2, %s3")
OP_S(fdiv_s, "fdiv %s0, %s2, %s3")
OP_S(fsqrt_s, "fsqrt %s0, %s2")

typedef uint64_t OpFn(uint64_t, uint64_t, uint64_t *);
static const struct { const char *name; OpFn *d, *s; } ops[] = {
    { "fadd", fadd_d, fadd_s }, { "fsub", fsub_d, fsub_s }, { "fmul", fmul_d, fmul_s },
    { "fnmul", fnmul_d, fnmul_s }, { "fdiv", fdiv_d, fdiv_s }, { "fsqrt", fsqrt_d, fsqrt_s },
};

/* Operands; each also appears negated. */
static const uint64_t special_d[] = {
    0, 1, 0x000fffffffffffff, 0x0010000000000000, 0x0010000000000001, 0x0008000000000000,
    0x3ff0000000000000, 0x3ff0000000000001, 0x3fefffffffffffff, 0x3ff8000000000000,
    0x4008000000000000, 0x3fd5555555555555, 0x7fefffffffffffff, 0x7fe0000000000000,
    0x0020000000000000, 0x001fffffffffffff, 0x3ca0000000000000, 0x7ff0000000000000,
    0x7ff8000000000000, 0x7ff8000000000123, 0x7ff0000000000001, 0x7ff4000000000456,
    0x2000000000000000, 0x1ff0000000000001,
};
static const uint64_t special_s[] = {
    0, 1, 0x007fffff, 0x00800000, 0x00800001, 0x00400000, 0x3f800000, 0x3f800001, 0x3f7fffff,
    0x3fc00000, 0x40400000, 0x3eaaaaab, 0x7f7fffff, 0x7f000000, 0x01000000, 0x00ffffff,
    0x33800000, 0x7f800000, 0x7fc00000, 0x7fc00123, 0x7f800001, 0x7fa00456, 0x20000000,
    0x1f800001,
};
static const char *const mode_name[4] = { "rn", "rp", "rm", "rz" };

static void run_case(unsigned op, bool dbl, unsigned mode, uint64_t a, uint64_t b)
{
    uint64_t fpsr;
    set_fpcr((uint64_t)mode << 22);
    uint64_t r = (dbl ? ops[op].d : ops[op].s)(a, b, &fpsr);
    printf("%s.%c %s %0*llx %0*llx -> %0*llx fpsr=%02llx\n", ops[op].name, dbl ? 'd' : 's',
           mode_name[mode], dbl ? 16 : 8, (unsigned long long)a, dbl ? 16 : 8,
           (unsigned long long)b, dbl ? 16 : 8, (unsigned long long)r, (unsigned long long)fpsr);
}

static void specials(bool dbl)
{
    const uint64_t *v = dbl ? special_d : special_s;
    unsigned n = dbl ? sizeof(special_d) / 8 : sizeof(special_s) / 8;
    uint64_t sign = dbl ? 1ull << 63 : 1u << 31;
    for (unsigned op = 0; op < 6; op++)
        for (unsigned mode = 0; mode < 4; mode++)
            for (unsigned i = 0; i < 2 * n; i++)
                for (unsigned j = 0; j < (op == 5 ? 1 : 2 * n); j++)
                    run_case(op, dbl, mode, v[i / 2] ^ (i & 1 ? sign : 0),
                             v[j / 2] ^ (j & 1 ? sign : 0));
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Random operands with exponents at the extremes of the range and around
 * 1, so that results land near underflow and overflow. */
static uint64_t rnd_operand(bool dbl)
{
    static const int16_t exps_d[] = { 0, 1, 2, 0x1ff, 0x200, 0x3fe, 0x3ff, 0x5ff, 0x7fd, 0x7fe, 0x7ff };
    static const int16_t exps_s[] = { 0, 1, 2, 0x3f, 0x40, 0x7e, 0x7f, 0xbf, 0xfd, 0xfe, 0xff };
    uint64_t r = rnd(), e = (r >> 56) % 11;
    if (dbl)
        return (r & 0x800fffffffffffffull) | (uint64_t)exps_d[e] << 52;
    return (r & 0x807fffffu) | (uint64_t)exps_s[e] << 23;
}

static void randoms(bool dbl, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        run_case((unsigned)(rnd() % 6), dbl, (unsigned)(rnd() % 4), rnd_operand(dbl), rnd_operand(dbl));
}

/* The vector forms: element values drawn from the special operands, so
 * that one exceptional element sends the whole instruction to the helper. */
typedef unsigned __int128 V128;
#define OP_V(name, insn)                                                                 \
    static V128 name(V128 a, V128 b, uint64_t *fpsr)                                     \
    {                                                                                    \
        V128 r;                                                                          \
        __asm__ volatile("msr fpsr, xzr\n\t" insn "\n\tmrs %1, fpsr"                     \
                         : "=&w"(r), "=r"(*fpsr) : "w"(a), "w"(b));                      \
        return r;                                                                        \
    }
OP_V(fadd_2d, "fadd %0.2d, %2.2d, %3.2d")
OP_V(fsub_2d, "fsub %0.2d, %2.2d, %3.2d")
OP_V(fmul_2d, "fmul %0.2d, %2.2d, %3.2d")
OP_V(fdiv_2d, "fdiv %0.2d, %2.2d, %3.2d")
OP_V(fadd_4s, "fadd %0.4s, %2.4s, %3.4s")
OP_V(fsub_4s, "fsub %0.4s, %2.4s, %3.4s")
OP_V(fmul_4s, "fmul %0.4s, %2.4s, %3.4s")
OP_V(fdiv_4s, "fdiv %0.4s, %2.4s, %3.4s")
OP_V(fadd_2s, "fadd %0.2s, %2.2s, %3.2s")
OP_V(fsub_2s, "fsub %0.2s, %2.2s, %3.2s")
OP_V(fmul_2s, "fmul %0.2s, %2.2s, %3.2s")
OP_V(fdiv_2s, "fdiv %0.2s, %2.2s, %3.2s")
typedef V128 VecFn(V128, V128, uint64_t *);
static VecFn *const vops[3][4] = {
    { fadd_2d, fsub_2d, fmul_2d, fdiv_2d },
    { fadd_4s, fsub_4s, fmul_4s, fdiv_4s },
    { fadd_2s, fsub_2s, fmul_2s, fdiv_2s },
};
static const char *const varr[3] = { "2d", "4s", "2s" }, *const vname[4] = { "fadd", "fsub", "fmul", "fdiv" };

static uint64_t rnd(void);

/* A special operand, signed at random; a quarter of the time 1.5 instead,
 * so that many vectors are all ordinary. */
static uint64_t rnd_special(bool dbl)
{
    uint64_t r = rnd();
    unsigned n = dbl ? sizeof(special_d) / 8 : sizeof(special_s) / 8;
    uint64_t v = (r & 3) == 0 ? (dbl ? 0x3ff8000000000000 : 0x3fc00000)
                              : (dbl ? special_d : special_s)[(r >> 8) % n];
    return v ^ (r & 4 ? (dbl ? 1ull << 63 : 1u << 31) : 0);
}

static void vectors(unsigned n)
{
    for (unsigned k = 0; k < n; k++) {
        unsigned arr = (unsigned)(rnd() % 3), op = (unsigned)(rnd() % 4), mode = (unsigned)(rnd() % 4);
        V128 a = 0, b = 0;
        for (unsigned i = 0; i < (arr ? 4 : 2); i++) {
            unsigned sh = arr ? 32 * i : 64 * i;
            a |= (V128)rnd_special(!arr) << sh;
            b |= (V128)rnd_special(!arr) << sh;
        }
        uint64_t fpsr;
        set_fpcr((uint64_t)mode << 22);
        V128 r = vops[arr][op](a, b, &fpsr);
        printf("%s.%s %s %016llx%016llx %016llx%016llx -> %016llx%016llx fpsr=%02llx\n",
               vname[op], varr[arr], mode_name[mode],
               (unsigned long long)(a >> 64), (unsigned long long)a, (unsigned long long)(b >> 64),
               (unsigned long long)b, (unsigned long long)(r >> 64), (unsigned long long)r,
               (unsigned long long)fpsr);
    }
}

/* Flags of several operations in one block, read once; then FPSR written
 * with some of them and read back. */
static void accrued(void)
{
    double one = 1.0, three = 3.0, zero = 0.0, big = 0x1p1000, r1, r2, r3;
    uint64_t f1, f2;
    set_fpcr(0);
    __asm__ volatile("msr fpsr, xzr\n\tfdiv %d0, %d5, %d6\n\tfmul %d1, %d7, %d7\n\t"
                     "fdiv %d2, %d5, %d8\n\tmrs %3, fpsr\n\tmov x9, #0x2\n\tmsr fpsr, x9\n\t"
                     "mrs %4, fpsr"
                     : "=&w"(r1), "=&w"(r2), "=&w"(r3), "=&r"(f1), "=r"(f2)
                     : "w"(one), "w"(three), "w"(big), "w"(zero)
                     : "x9");
    printf("accrued fpsr=%02llx after write %02llx (%a %a %a)\n", (unsigned long long)f1,
           (unsigned long long)f2, r1, r2, r3);
}

static volatile uint64_t frame_fpsr, frame_fpcr;

/* Reports the interrupted FPSR/FPCR from the frame, then replaces them:
 * FPSR = DZC, FPCR.RMode = RZ. */
static void handler(int sig, siginfo_t *si, void *uc_)
{
    ucontext_t *uc = uc_;
    struct _aarch64_ctx *h = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
    (void)sig;
    (void)si;
    while (h->magic && h->magic != FPSIMD_MAGIC)
        h = (struct _aarch64_ctx *)((char *)h + h->size);
    struct fpsimd_context *fp = (struct fpsimd_context *)h;
    frame_fpsr = fp->fpsr;
    frame_fpcr = fp->fpcr;
    fp->fpsr = 2;
    fp->fpcr = 3u << 22;
}

static void signal_frame(void)
{
    struct sigaction sa = { 0 };
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    double one = 1.0, three = 3.0, r;
    set_fpcr(1u << 22);
    __asm__ volatile("msr fpsr, xzr\n\tfdiv %d0, %d1, %d2" : "=w"(r) : "w"(one), "w"(three));
    raise(SIGUSR1);
    uint64_t fpsr = get_fpsr(), fpcr = get_fpcr();
    __asm__ volatile("fdiv %d0, %d1, %d2" : "=w"(r) : "w"(one), "w"(three));
    printf("frame fpsr=%02llx fpcr=%08llx; after return fpsr=%02llx fpcr=%08llx 1/3=%a fpsr=%02llx\n",
           (unsigned long long)frame_fpsr, (unsigned long long)frame_fpcr, (unsigned long long)fpsr,
           (unsigned long long)fpcr, r, (unsigned long long)get_fpsr());
}

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 20000;
    specials(true);
    specials(false);
    randoms(true, n);
    randoms(false, n);
    vectors(n);
    accrued();
    signal_frame();
    /* FZ: the inline path is off from here on, in every thread */
    set_fpcr(1u << 24);
    for (unsigned op = 0; op < 6; op++)
        for (unsigned i = 0; i < 8; i++) {
            uint64_t fpsr, a = special_d[i], b = special_d[(i + 3) % 8];
            uint64_t r = ops[op].d(a, b, &fpsr);
            printf("fz %s.d %016llx %016llx -> %016llx fpsr=%02llx\n", ops[op].name,
                   (unsigned long long)a, (unsigned long long)b, (unsigned long long)r,
                   (unsigned long long)fpsr);
        }
    return 0;
}
