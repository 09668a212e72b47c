/*
 * Differential test of the FP, AdvSIMD and crypto instructions: for every
 * insns.def pattern whose translator is one of that group's (and whose
 * feature class is named on the command line), execute instruction words
 * made from the pattern with random operand fields, on random register
 * contents (special FP values of every width mixed with random bits) and
 * a random FPCR (RMode, FZ, DN, FZ16, AHP), and print everything that
 * changed: registers, FPSR, NZCV, and a hash of the memory the loads and
 * stores use. Run under peek and qemu-aarch64 and compare the output.
 *
 * Each word is written into an executable buffer followed by a ret, and
 * entered through run_insn(), which loads x0..x15, v0..v15, FPCR, FPSR and
 * NZCV from a State and stores them back afterwards. Register fields are
 * kept below 16; load/store bases are x8..x15, which point into buf. An
 * encoding that raises SIGILL prints ILL.
 *   usage: fpsimd-diff SEED ITERATIONS CLASS,CLASS,...
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
    uint64_t x[16];
    uint64_t v[16][2];
    uint64_t fpcr, fpsr, nzcv;
} State;

void run_insn(State *st, void *code);
__asm__(
    ".text\n.global run_insn\nrun_insn:\n"
    "stp x29, x30, [sp, #-160]!\n"
    "stp x19, x20, [sp, #16]\n"
    "stp d8, d9, [sp, #32]\n stp d10, d11, [sp, #48]\n"
    "stp d12, d13, [sp, #64]\n stp d14, d15, [sp, #80]\n"
    "mov x19, x0\n mov x20, x1\n"
    "ldr x0, [x19, #384]\n msr fpcr, x0\n"
    "ldr x0, [x19, #392]\n msr fpsr, x0\n"
    "ldr x0, [x19, #400]\n msr nzcv, x0\n"
    "ldp q0, q1, [x19, #128]\n ldp q2, q3, [x19, #160]\n ldp q4, q5, [x19, #192]\n"
    "ldp q6, q7, [x19, #224]\n ldp q8, q9, [x19, #256]\n ldp q10, q11, [x19, #288]\n"
    "ldp q12, q13, [x19, #320]\n ldp q14, q15, [x19, #352]\n"
    "ldp x0, x1, [x19]\n ldp x2, x3, [x19, #16]\n ldp x4, x5, [x19, #32]\n"
    "ldp x6, x7, [x19, #48]\n ldp x8, x9, [x19, #64]\n ldp x10, x11, [x19, #80]\n"
    "ldp x12, x13, [x19, #96]\n ldp x14, x15, [x19, #112]\n"
    "blr x20\n"
    "stp x0, x1, [x19]\n stp x2, x3, [x19, #16]\n stp x4, x5, [x19, #32]\n"
    "stp x6, x7, [x19, #48]\n stp x8, x9, [x19, #64]\n stp x10, x11, [x19, #80]\n"
    "stp x12, x13, [x19, #96]\n stp x14, x15, [x19, #112]\n"
    "mrs x0, fpsr\n str x0, [x19, #392]\n"
    "mrs x0, nzcv\n str x0, [x19, #400]\n"
    "stp q0, q1, [x19, #128]\n stp q2, q3, [x19, #160]\n stp q4, q5, [x19, #192]\n"
    "stp q6, q7, [x19, #224]\n stp q8, q9, [x19, #256]\n stp q10, q11, [x19, #288]\n"
    "stp q12, q13, [x19, #320]\n stp q14, q15, [x19, #352]\n"
    "msr fpcr, xzr\n"
    "ldp x19, x20, [sp, #16]\n"
    "ldp d8, d9, [sp, #32]\n ldp d10, d11, [sp, #48]\n"
    "ldp d12, d13, [sp, #64]\n ldp d14, d15, [sp, #80]\n"
    "ldp x29, x30, [sp], #160\n ret\n");
_Static_assert(__builtin_offsetof(State, fpcr) == 384, "run_insn's offsets");

typedef struct Pattern {
    const char *name, *fmt, *trans, *cls;
    uint32_t mask, match;
} Pattern;

static const Pattern patterns[] = {
#define A64_INSN(name, mask, match, fmt, syntax, trans, cls) { #name, #fmt, #trans, #cls, mask, match },
#include "guest/aarch64/insns.def"
#undef A64_INSN
};

static const char *const group[] = {
    "fp1", "fp2", "fp3", "fcmp", "fccmp", "fcsel", "fmov", "fmov_gen", "fmov_imm", "fcvt",
    "fcvt_fixed_fp", "fcvt_fp_fixed", "fcvt_fp_int", "fcvt_int_fp", "fjcvtzs", "frint", "bfcvt",
    "simd_2misc", "simd_3diff", "simd_3same", "simd_across", "simd_dup", "simd_ext",
    "simd_fp2misc", "simd_fp3same", "simd_ins", "simd_ldst_mult", "simd_ldst_single",
    "simd_logic", "simd_modimm", "simd_mov", "simd_perm", "simd_shift_fixed", "simd_shift_imm",
    "simd_tbl", "aes", "sha", "sha3", "sha512", "pmull64",
};

static uint64_t rng;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const uint16_t sp16[] = { 0, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7d00, 0xfe01, 0x0001,
                                 0x03ff, 0x0400, 0x7bff, 0x3c00, 0xbc00, 0x3800, 0x4000,
                                 0x3555, 0x0200, 0x7801, 0x4900, 0xc100 };
static const uint32_t sp32[] = { 0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000,
                                 0x7fa00000, 0xffc00001, 0x00000001, 0x007fffff, 0x00800000,
                                 0x7f7fffff, 0x3f800000, 0xbf800000, 0x3f000000, 0x40000000,
                                 0x4f000000, 0xcf000000, 0x5f000000, 0x4effffff, 0x3fc00000,
                                 0x3effffff, 0x4b000001, 0x00400000, 0x4f800000 };
static const uint64_t sp64[] = { 0, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000,
                                 0x7ff8000000000000, 0x7ff4000000000000, 0xfff8000000000001,
                                 0x0000000000000001, 0x000fffffffffffff, 0x0010000000000000,
                                 0x7fefffffffffffff, 0x3ff0000000000000, 0xbff0000000000000,
                                 0x3fe0000000000000, 0x4000000000000000, 0x41e0000000000000,
                                 0xc1e0000000000000, 0x43e0000000000000, 0xc3e0000000000000,
                                 0x3ff8000000000000, 0x3fdfffffffffffff, 0x4330000000000001,
                                 0x36a0000000000000, 0x47efffffe0000000, 0x41dfffffffc00000 };
#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t rand_half64(void)
{
    uint64_t v = 0;
    switch (rnd() % 5) {
    case 0: return rnd();
    case 1:
        for (int i = 0; i < 4; i++)
            v |= (uint64_t)sp16[rnd() % N(sp16)] << (16 * i);
        return v;
    case 2:
        for (int i = 0; i < 2; i++)
            v |= (uint64_t)(rnd() & 1 ? sp32[rnd() % N(sp32)] : (uint32_t)rnd()) << (32 * i);
        return v;
    case 3: return rnd() % 4 ? sp64[rnd() % N(sp64)] : rnd() % 300;
    default: return (rnd() & 0x8000800080008000ull) | (rnd() % 64 * 0x0001000100010001ull);
    }
}

static uint8_t buf[1024];
static sigjmp_buf jb;
static void on_sigill(int sig) { siglongjmp(jb, sig); }

static uint64_t hash_buf(void)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < sizeof buf; i++)
        h = (h ^ buf[i]) * 1099511628211ull;
    return h;
}

/* The register fields this format has (bit 4 of each is cleared to keep
 * it below 16): rm at 20:16, ra at 14:10. */
static uint32_t reg_bits(const Pattern *p)
{
    const char *f = p->fmt;
    uint32_t b = 1u << 4;
    if (strcmp(f, "VMODIMM") && strcmp(f, "FMOV_IMM"))
        b |= 1u << 9;
    if (!strcmp(f, "FP2") || !strcmp(f, "FP3") || !strcmp(f, "FCMP") || !strcmp(f, "FCCMP") ||
        !strcmp(f, "FCSEL") || !strncmp(f, "V_", 2) || !strcmp(f, "VEXT") || !strcmp(f, "VTBL") ||
        !strcmp(f, "CRYPTO"))
        b |= 1u << 20;
    if (!strcmp(f, "FP3") || !strcmp(f, "CRYPTO"))
        b |= 1u << 14;
    return b & ~p->mask;
}

/* Run one word and print what it changed (or ILL). */
static __attribute__((noinline)) void run_case(State *st, uint32_t *code)
{
    State in = *st;
    if (sigsetjmp(jb, 1)) {
        printf(" ILL\n");
        return;
    }
    run_insn(st, code);
    for (int i = 0; i < 16; i++)
        if (st->x[i] != in.x[i])
            printf(" x%d=%016llx", i, (unsigned long long)st->x[i]);
    for (int i = 0; i < 16; i++)
        if (st->v[i][0] != in.v[i][0] || st->v[i][1] != in.v[i][1])
            printf(" v%d=%016llx:%016llx", i, (unsigned long long)st->v[i][1],
                   (unsigned long long)st->v[i][0]);
    printf(" fpsr=%llx nzcv=%llx mem=%016llx\n", (unsigned long long)st->fpsr,
           (unsigned long long)st->nzcv >> 28, (unsigned long long)hash_buf());
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s SEED ITERATIONS CLASS,CLASS,...\n", argv[0]);
        return 2;
    }
    rng = strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ull | 1;
    long iters = strtol(argv[2], NULL, 0);
    char classes[512];
    snprintf(classes, sizeof classes, ",%s,", argv[3]);
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return 1;
    struct sigaction sa = { .sa_handler = on_sigill, .sa_flags = SA_NODEFER };
    sigaction(SIGILL, &sa, NULL);
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);

    for (size_t pi = 0; pi < N(patterns); pi++) {
        const Pattern *p = &patterns[pi];
        char key[64];
        snprintf(key, sizeof key, ",%s,", p->cls);
        bool mine = false;
        for (size_t g = 0; g < N(group); g++)
            mine |= !strcmp(p->trans, group[g]);
        if (!mine || !strstr(classes, key))
            continue;
        bool ldst = !strncmp(p->fmt, "VLDST", 5);
        for (long it = 0; it < iters; it++) {
            uint32_t w = p->match | ((uint32_t)rnd() & ~p->mask);
            w &= ~reg_bits(p);
            if (ldst) {
                w |= 1u << 8;               /* base in x8..x15 */
                unsigned rm = w >> 16 & 31;
                if (rm != 31 && !(p->mask & (1u << 20)))
                    w &= ~(1u << 20);        /* register post-index: x0..x15 */
            }
            State st;
            for (int i = 0; i < 8; i++)
                st.x[i] = rnd() & 1 ? rand_half64() : (uint64_t)(int64_t)(int32_t)rnd() >> (rnd() % 64);
            for (int i = 8; i < 16; i++)
                st.x[i] = (uint64_t)(uintptr_t)(buf + 256 + rnd() % 256);
            for (int i = 0; i < 16; i++) {
                st.v[i][0] = rand_half64();
                st.v[i][1] = rand_half64();
            }
            st.fpcr = rnd() & (3u << 22 | 1u << 24 | 1u << 25 | 1u << 19 | 1u << 26);
            st.fpsr = rnd() & 1 ? 0 : rnd() & 0x0800009f;
            st.nzcv = (rnd() & 15) << 28;
            for (size_t i = 0; i < sizeof buf; i++)
                buf[i] = (uint8_t)rnd();
            code[0] = w;
            code[1] = 0xd65f03c0;   /* ret */
            __builtin___clear_cache((char *)code, (char *)(code + 2));
            printf("%s %08x", p->name, w);
            run_case(&st, code);
        }
    }
    return 0;
}
