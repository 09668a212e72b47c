/*
 * Differential test of the AdvSIMD scalar, x-indexed-element, RDM, FP16,
 * DotProd, FHM and FCMA instructions (the insns.def patterns translated by
 * trans-simd-extra.c): each pattern is executed ITERATIONS times as a word
 * with random operand fields, on random vector registers (FP special
 * values of every width mixed with random and small integers, so that
 * saturation, rounding and NaN paths are all reached) under a random FPCR
 * (RMode, FZ, FZ16, DN), and the registers it changed, FPSR and NZCV are
 * printed. The output under peek must equal the output under
 * qemu-aarch64 -cpu max.
 *
 * One oracle bug is masked: qemu 7.2 sign-extends the 16-bit result of
 * FCVTZS (scalar, fixed-point, half) into bits 31:16, which the Arm ARM
 * zeroes (scalar.S checks the zeros); only its low 16 bits are compared.
 *
 * The word runs from an executable buffer (followed by a ret) through
 * run_insn(), which loads all of v0..v31, FPCR and FPSR from a State and
 * stores them back. A word that raises SIGILL prints ILL.
 *   usage: simd-extra-diff SEED ITERATIONS
 */
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

typedef struct State {
    uint64_t v[32][2];
    uint64_t fpcr, fpsr;
} State;
_Static_assert(__builtin_offsetof(State, fpcr) == 512, "run_insn's offsets");

void run_insn(State *st, void *code);
__asm__(
    ".text\n.global run_insn\nrun_insn:\n"
    "stp x29, x30, [sp, #-96]!\n"
    "stp x19, x20, [sp, #16]\n"
    "stp d8, d9, [sp, #32]\n stp d10, d11, [sp, #48]\n"
    "stp d12, d13, [sp, #64]\n stp d14, d15, [sp, #80]\n"
    "mov x19, x0\n mov x20, x1\n"
    "ldr x0, [x19, #512]\n msr fpcr, x0\n"
    "ldr x0, [x19, #520]\n msr fpsr, x0\n"
    "ldp q0, q1, [x19, #0]\n ldp q2, q3, [x19, #32]\n ldp q4, q5, [x19, #64]\n"
    "ldp q6, q7, [x19, #96]\n ldp q8, q9, [x19, #128]\n ldp q10, q11, [x19, #160]\n"
    "ldp q12, q13, [x19, #192]\n ldp q14, q15, [x19, #224]\n ldp q16, q17, [x19, #256]\n"
    "ldp q18, q19, [x19, #288]\n ldp q20, q21, [x19, #320]\n ldp q22, q23, [x19, #352]\n"
    "ldp q24, q25, [x19, #384]\n ldp q26, q27, [x19, #416]\n ldp q28, q29, [x19, #448]\n"
    "ldp q30, q31, [x19, #480]\n"
    "blr x20\n"
    "mrs x0, fpsr\n str x0, [x19, #520]\n"
    "stp q0, q1, [x19, #0]\n stp q2, q3, [x19, #32]\n stp q4, q5, [x19, #64]\n"
    "stp q6, q7, [x19, #96]\n stp q8, q9, [x19, #128]\n stp q10, q11, [x19, #160]\n"
    "stp q12, q13, [x19, #192]\n stp q14, q15, [x19, #224]\n stp q16, q17, [x19, #256]\n"
    "stp q18, q19, [x19, #288]\n stp q20, q21, [x19, #320]\n stp q22, q23, [x19, #352]\n"
    "stp q24, q25, [x19, #384]\n stp q26, q27, [x19, #416]\n stp q28, q29, [x19, #448]\n"
    "stp q30, q31, [x19, #480]\n"
    "msr fpcr, xzr\n"
    "ldp x19, x20, [sp, #16]\n"
    "ldp d8, d9, [sp, #32]\n ldp d10, d11, [sp, #48]\n"
    "ldp d12, d13, [sp, #64]\n ldp d14, d15, [sp, #80]\n"
    "ldp x29, x30, [sp], #96\n ret\n");

typedef struct Pattern {
    const char *name, *trans;
    uint32_t mask, match;
} Pattern;

static const Pattern patterns[] = {
#define A64_INSN(name, mask, match, fmt, syntax, trans, cls) { #name, #trans, mask, match },
#include "guest/aarch64/insns.def"
#undef A64_INSN
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const group[] = {
    "simd_scalar", "simd_scalar_fp", "simd_vec_extra", "simd_elem", "simd_elem_fp", "simd_dup_scalar", "simd_fp16",
    "simd_fhm", "simd_fcma",
};

static uint64_t rng;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Values where FP and saturating arithmetic have their corners. */
static const uint16_t sp16[] = { 0, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d00, 0x0001, 0x03ff, 0x0400,
                                 0x7bff, 0x3c00, 0xbc00, 0x3800, 0x4000, 0x7fff, 0x8001, 0x00ff, 0x5bf0,
                                 0xd800, 0x6400 };
static const uint32_t sp32[] = { 0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000,
                                 0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0x3f800000,
                                 0xbf800000, 0x3f000000, 0x4f000000, 0xcf000000, 0x5f000000,
                                 0x7fffffff, 0x80000001, 0x4effffff, 0x477fe000, 0x00400000 };
static const uint64_t sp64[] = { 0, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
                                 0x7ff8000000000000, 0x7ff4000000000000, 0x0000000000000001,
                                 0x000fffffffffffff, 0x0010000000000000, 0x7fefffffffffffff,
                                 0x3ff0000000000000, 0xbff0000000000000, 0x43e0000000000000,
                                 0xc3e0000000000000, 0x41dfffffffc00000, 0x7fffffffffffffff,
                                 0x8000000000000001, 0x3810000000000000, 0x47efffffe0000000 };

static uint64_t rand_half(void)
{
    uint64_t v = 0;
    switch (rnd() % 6) {
    case 0: return rnd();
    case 1:
        for (int i = 0; i < 4; i++)
            v |= (uint64_t)sp16[rnd() % N(sp16)] << (16 * i);
        return v;
    case 2:
        for (int i = 0; i < 2; i++)
            v |= (uint64_t)(rnd() & 1 ? sp32[rnd() % N(sp32)] : (uint32_t)rnd()) << (32 * i);
        return v;
    case 3: return sp64[rnd() % N(sp64)];
    case 4: return rnd() % 4 ? rnd() % 300 : -(rnd() % 300);
    default: return (rnd() & 0x8080808080808080ull) | (rnd() & 0x0303030303030303ull);
    }
}

static sigjmp_buf jb;
static void on_sigill(int sig) { siglongjmp(jb, sig); }

static __attribute__((noinline)) void run_case(State *st, uint32_t *code)
{
    State in = *st;
    if (sigsetjmp(jb, 1)) {
        printf(" ILL\n");
        return;
    }
    run_insn(st, code);
    if ((*code & 0xfff0fc00) == 0x5f10fc00)
        st->v[*code & 31][0] &= 0xffff;
    for (int i = 0; i < 32; i++)
        if (st->v[i][0] != in.v[i][0] || st->v[i][1] != in.v[i][1])
            printf(" v%d=%016llx:%016llx", i, (unsigned long long)st->v[i][1],
                   (unsigned long long)st->v[i][0]);
    printf(" fpsr=%llx\n", (unsigned long long)st->fpsr);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SEED ITERATIONS\n", argv[0]);
        return 2;
    }
    rng = strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ull | 1;
    long iters = strtol(argv[2], NULL, 0);
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return 1;
    struct sigaction sa = { .sa_handler = on_sigill, .sa_flags = SA_NODEFER };
    sigaction(SIGILL, &sa, NULL);
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);

    for (size_t pi = 0; pi < N(patterns); pi++) {
        const Pattern *p = &patterns[pi];
        bool mine = false;
        for (size_t g = 0; g < N(group); g++)
            mine |= !strcmp(p->trans, group[g]);
        if (!mine)
            continue;
        for (long it = 0; it < iters; it++) {
            uint32_t w = p->match | ((uint32_t)rnd() & ~p->mask);
            State st;
            for (int i = 0; i < 32; i++) {
                st.v[i][0] = rand_half();
                st.v[i][1] = rand_half();
            }
            st.fpcr = rnd() & (3u << 22 | 1u << 24 | 1u << 25 | 1u << 19);
            st.fpsr = rnd() % 4 ? 0 : rnd() & 0x0800009f;
            code[0] = w;
            code[1] = 0xd65f03c0;   /* ret */
            __builtin___clear_cache((char *)code, (char *)(code + 2));
            printf("%s %08x", p->name, w);
            run_case(&st, code);
        }
    }
    return 0;
}
