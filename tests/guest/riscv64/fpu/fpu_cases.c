/*
 * The differential test of the F/D library: runs every operation of
 * src/guest/riscv64/fpu.h over tables of awkward operands (signed zeros,
 * subnormals, the normal range's ends, infinities, quiet and signaling
 * NaNs, improperly boxed singles, ties in every rounding mode, values at
 * the integer conversions' limits) plus a fixed pseudo-random stream, in
 * all five rounding modes, printing one line per case:
 *
 *     <insn> <rm> <operand>... = <result> <fflags>
 *
 * This file is built twice. Linked with fpu_guest_ops.c for riscv64 it
 * gets the rv_f* functions from the real instructions, and its output run
 * under an emulator is the reference; linked with the library on the host
 * it prints what peek computes. fpu.mk diffs the two, per instruction.
 *
 * An optional argument N runs only every Nth case (all rounding modes of
 * it), for slow emulators; compare against a reference made with the same N.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest/riscv64/fpu.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define BOX(x) (0xffffffff00000000ull | (uint32_t)(x))

static const char *const rm_names[] = { "rne", "rtz", "rdn", "rup", "rmm" };

static const uint64_t single_vals[] = {
    BOX(0x00000000), BOX(0x80000000),                     /* +-0 */
    BOX(0x00000001), BOX(0x80000001), BOX(0x00000003),    /* smallest subnormals */
    BOX(0x00400000), BOX(0x00400001), BOX(0x80400001),
    BOX(0x007fffff), BOX(0x807fffff),                     /* largest subnormal */
    BOX(0x00800000), BOX(0x80800000), BOX(0x00800001),    /* smallest normals */
    BOX(0x00ffffff), BOX(0x01000000), BOX(0x01000001),
    BOX(0x7f7fffff), BOX(0xff7fffff), BOX(0x7f7ffffe),    /* largest finite */
    BOX(0x7f000000), BOX(0x7effffff), BOX(0x7e800000),
    BOX(0x7f800000), BOX(0xff800000),                     /* +-inf */
    BOX(0x7fc00000), BOX(0xffc00001), BOX(0x7fffffff),    /* quiet NaNs */
    BOX(0x7f800001), BOX(0xff800001), BOX(0x7fa00000),    /* signaling NaNs */
    0x000000003f800000ull, 0xfffffffe3f800000ull,         /* improperly boxed */
    0x7fffffff7fc00000ull, 0x0000000000000000ull,
    BOX(0x3f800000), BOX(0xbf800000), BOX(0x3f800001),    /* 1 and its neighbours */
    BOX(0xbf800001), BOX(0x3f7fffff), BOX(0x3f7ffffe),
    BOX(0x40000000), BOX(0x40400000), BOX(0xc0400000),    /* small integers, halves */
    BOX(0x3f000000), BOX(0xbf000000), BOX(0x3fc00000),
    BOX(0xbfc00000), BOX(0x40200000), BOX(0xc0200000), BOX(0x40600000),
    BOX(0x3dcccccd), BOX(0x3eaaaaab), BOX(0x3e99999a),    /* 0.1, 1/3, 0.3, 0.7 */
    BOX(0xbe99999a), BOX(0x3f333333), BOX(0xbf333333),
    BOX(0x4b000000), BOX(0x4b000001), BOX(0xcb000001),    /* where the ulp is 1 */
    BOX(0x4b7fffff), BOX(0x4b800000), BOX(0x4b800001),
    BOX(0x33800000), BOX(0xb3800000), BOX(0x34000000),    /* half ulp of 1 and kin */
    BOX(0x33000000), BOX(0x33800001), BOX(0x33c00000),
    BOX(0x4effffff), BOX(0x4f000000), BOX(0xcf000000),    /* 2^31 */
    BOX(0xcf000001), BOX(0x4f7fffff), BOX(0x4f800000),    /* 2^32 */
    BOX(0x5effffff), BOX(0x5f000000), BOX(0xdf000000),    /* 2^63 */
    BOX(0xdf000001), BOX(0x5f7fffff), BOX(0x5f800000),    /* 2^64 */
    BOX(0x1f800000), BOX(0x20000000), BOX(0x1f7fffff),    /* products near the */
    BOX(0x3f000001), BOX(0x3effffff),                     /* underflow boundary */
};

static const uint64_t double_vals[] = {
    0x0000000000000000ull, 0x8000000000000000ull,
    0x0000000000000001ull, 0x8000000000000001ull, 0x0000000000000003ull,
    0x0008000000000000ull, 0x0008000000000001ull, 0x8008000000000001ull,
    0x000fffffffffffffull, 0x800fffffffffffffull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x0010000000000001ull,
    0x001fffffffffffffull, 0x0020000000000000ull,
    0x7fefffffffffffffull, 0xffefffffffffffffull, 0x7feffffffffffffeull,
    0x7fe0000000000000ull, 0x7fdfffffffffffffull,
    0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000001ull, 0x7fffffffffffffffull,
    0x7ff0000000000001ull, 0xfff0000000000001ull, 0x7ff4000000000000ull,
    0x3ff0000000000000ull, 0xbff0000000000000ull, 0x3ff0000000000001ull,
    0xbff0000000000001ull, 0x3fefffffffffffffull, 0x3feffffffffffffeull,
    0x4000000000000000ull, 0x4008000000000000ull, 0xc008000000000000ull,
    0x3fe0000000000000ull, 0xbfe0000000000000ull, 0x3ff8000000000000ull,
    0xbff8000000000000ull, 0x4004000000000000ull, 0xc004000000000000ull,
    0x400c000000000000ull,
    0x3fb999999999999aull, 0x3fd5555555555555ull, 0x3fd3333333333333ull,
    0xbfd3333333333333ull, 0x3fe6666666666666ull, 0xbfe6666666666666ull,
    0x4330000000000000ull, 0x4330000000000001ull, 0xc330000000000001ull,
    0x433fffffffffffffull, 0x4340000000000000ull, 0x4340000000000001ull,
    0x3ca0000000000000ull, 0xbca0000000000000ull, 0x3cb0000000000000ull,
    0x3c90000000000000ull, 0x3ca0000000000001ull, 0x3ca8000000000000ull,
    /* integer conversion limits: 2^31 - 1/2, 2^31, -2^31 - 1, 2^32 - 1/2, ... */
    0x41dfffffffc00000ull, 0x41dfffffffe00000ull, 0x41e0000000000000ull,
    0xc1e0000000000000ull, 0xc1e0000000100000ull, 0xc1e0000000200000ull,
    0x41efffffffe00000ull, 0x41effffffff00000ull, 0x41f0000000000000ull,
    0x43dfffffffffffffull, 0x43e0000000000000ull, 0xc3e0000000000000ull,
    0xc3e0000000000001ull, 0x43efffffffffffffull, 0x43f0000000000000ull,
    /* narrowing to single: ties at 24 bits, its range ends, its subnormals */
    0x3ff0000010000000ull, 0x3ff0000030000000ull, 0x3ff0000010000001ull,
    0x3ff000000fffffffull, 0xbff0000010000000ull, 0x3ff0000020000000ull,
    0x47efffffe0000000ull, 0x47efffffefffffffull, 0x47effffff0000000ull,
    0xc7effffff0000000ull, 0x47f0000000000000ull,
    0x3810000000000000ull, 0x380fffffe0000000ull, 0x380ffffff0000000ull,
    0x380fffffffffffffull, 0x36a0000000000000ull, 0x3690000000000000ull,
    0x3698000000000000ull, 0x3680000000000000ull, 0xb6a8000000000000ull,
    /* square roots just off a float, on both exponent parities: 1 + 2^-24,
     * 2.25, 2.25 (1 + 2^-24) */
    0x3ff0000001000000ull, 0x4002000000000000ull, 0x4002000012000000ull,
    0x4002000000000001ull,
    /* products near the underflow boundary */
    0x1ff0000000000000ull, 0x2000000000000000ull, 0x1fefffffffffffffull,
    0x3fe0000000000001ull, 0x3fdfffffffffffffull,
};

/* Operands for the three-input operations: every triple of these. */
static const uint64_t single_fused[] = {
    BOX(0x00000000), BOX(0x80000000), BOX(0x00000001), BOX(0x007fffff), BOX(0x00800000),
    BOX(0x7f7fffff), BOX(0xff7fffff), BOX(0x7f800000), BOX(0xff800000), BOX(0x7fc00000),
    BOX(0x7f800001), 0x000000003f800000ull, BOX(0x3f800000), BOX(0xbf800000),
    BOX(0x3f7fffff), BOX(0x33800000), BOX(0xb3800000),
};

static const uint64_t double_fused[] = {
    0x0000000000000000ull, 0x8000000000000000ull, 0x0000000000000001ull,
    0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
    0xffefffffffffffffull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x3ff0000000000000ull,
    0xbff0000000000000ull, 0x3fefffffffffffffull, 0x3ca0000000000000ull,
    0xbca0000000000000ull,
};

static const uint64_t int_vals[] = {
    0, 1, 2, 3, 0xffffffffffffffffull, 0xfffffffffffffffeull,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0xffffffff80000000ull, 0xffffffff7fffffffull, 0x00000000ffffffffull,
    0x1000001, 0x1000003, 0x2000002, 0x2000006, 0x1000002, 0x7fffff80, 0x7fffffc0,
    0xfeffffff, 0xffffff7f, 0xffffff80, 0xffffffc0,
    0x20000000000001ull, 0x20000000000003ull, 0x20000000000002ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, 0x8000000000000001ull,
    0x7ffffffffffffc00ull, 0x7ffffffffffffe00ull, 0xfffffffffffff800ull,
    0xfffffffffffffc00ull, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
    0xffffffff00000001ull, 0x00000001fffffffeull,
};

/* xorshift64*. Global because every generator draws from the one stream,
 * which is what makes the guest and host runs see the same operands. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

/* A random value of the format, biased towards what breaks rounding:
 * exponents near 1, the ends of the range and the subnormals, and
 * fractions ending in long runs of zeros or ones. */
static uint64_t rng_float(int dbl)
{
    unsigned fbits = dbl ? 52 : 23, ebits = dbl ? 11 : 8;
    unsigned bias = (1u << (ebits - 1)) - 1, emax = (1u << ebits) - 1;
    uint64_t r = rng(), frac = rng() & ((1ull << fbits) - 1), e;
    unsigned k = (unsigned)(r >> 8) % fbits;

    switch (r & 7) {
    case 0: e = 0; break;
    case 1: e = emax - 1 - (r >> 16) % 4; break;
    case 2: e = 1 + (r >> 16) % 4; break;
    case 3: e = (r >> 16) % (emax + 1); break;
    default: e = bias - 40 + (r >> 16) % 80; break;
    }
    switch ((r >> 3) & 3) {
    case 0: frac &= ~((1ull << k) - 1); break;
    case 1: frac |= (1ull << k) - 1; break;
    case 2: frac = 1ull << k; break;
    default: break;
    }
    uint64_t bits = (r >> 5 & 1) << (fbits + ebits) | e << fbits | frac;
    return dbl ? bits : BOX(bits);
}

/* A random integer, with a random number of significant bits. */
static uint64_t rng_int(void)
{
    uint64_t r = rng(), v = rng() >> (r & 63);
    if (r & 64)
        v = -v;
    if (r & 128)
        v &= ~((1ull << (r >> 8 & 31)) - 1);
    return v;
}

/* The stride from argv[1] and the running case count, global because every
 * run_* function consults them; operands are drawn whether or not a case
 * runs, so a stride never shifts the random stream. */
static unsigned long stride = 1, case_count;

static bool take_case(void) { return case_count++ % stride == 0; }

typedef uint64_t (*Bin)(uint64_t, uint64_t, unsigned, uint64_t *);
typedef uint64_t (*Fused)(uint64_t, uint64_t, uint64_t, unsigned, uint64_t *);
typedef uint64_t (*Unary)(uint64_t, unsigned, uint64_t *);
typedef uint64_t (*Quiet)(uint64_t, uint64_t, uint64_t *);
typedef uint64_t (*Pure2)(uint64_t, uint64_t);
typedef uint64_t (*Pure1)(uint64_t);

/* An operation's flags: nothing pending before it, its pending ones after
 * (fpu.h). */
static void drop_pending(void)
{
    uint64_t unused = 0;
    rv_fp_flags_sync(&unused);
}

static void emit(const char *name, const char *rm, int n, const uint64_t *in, uint64_t r,
                 uint64_t fl)
{
    printf("%s %s", name, rm);
    for (int i = 0; i < n; i++)
        printf(" %016" PRIx64, in[i]);
    printf(" = %016" PRIx64 " %02" PRIx64 "\n", r, fl);
}

static void run_bin(const char *name, Bin fn, uint64_t a, uint64_t b)
{
    if (!take_case())
        return;
    uint64_t in[2] = { a, b };
    for (unsigned rm = 0; rm < 5; rm++) {
        drop_pending();
        uint64_t fl = 0, r = fn(a, b, rm, &fl);
        rv_fp_flags_sync(&fl);
        emit(name, rm_names[rm], 2, in, r, fl);
    }
}

static void run_fused(const char *name, Fused fn, uint64_t a, uint64_t b, uint64_t c)
{
    if (!take_case())
        return;
    uint64_t in[3] = { a, b, c };
    for (unsigned rm = 0; rm < 5; rm++) {
        drop_pending();
        uint64_t fl = 0, r = fn(a, b, c, rm, &fl);
        rv_fp_flags_sync(&fl);
        emit(name, rm_names[rm], 3, in, r, fl);
    }
}

static void run_unary(const char *name, Unary fn, uint64_t a)
{
    if (!take_case())
        return;
    for (unsigned rm = 0; rm < 5; rm++) {
        drop_pending();
        uint64_t fl = 0, r = fn(a, rm, &fl);
        rv_fp_flags_sync(&fl);
        emit(name, rm_names[rm], 1, &a, r, fl);
    }
}

static void run_quiet(const char *name, Quiet fn, uint64_t a, uint64_t b)
{
    if (!take_case())
        return;
    uint64_t in[2] = { a, b }, fl = 0, r;

    drop_pending();
    r = fn(a, b, &fl);
    rv_fp_flags_sync(&fl);
    emit(name, "-", 2, in, r, fl);
}

static void run_pure2(const char *name, Pure2 fn, uint64_t a, uint64_t b)
{
    if (!take_case())
        return;
    uint64_t in[2] = { a, b };
    emit(name, "-", 2, in, fn(a, b), 0);
}

static void run_pure1(const char *name, Pure1 fn, uint64_t a)
{
    if (!take_case())
        return;
    emit(name, "-", 1, &a, fn(a), 0);
}

/* One precision's worth of operations, named as the instructions are. */
typedef struct Prec {
    int dbl;
    const uint64_t *vals, *fvals;
    unsigned nvals, nfvals;
    struct { const char *name; Bin fn; } bin[4];
    struct { const char *name; Fused fn; } fused[4];
    struct { const char *name; Quiet fn; } quiet[5];
    struct { const char *name; Pure2 fn; } sgnj[3];
    struct { const char *name; Unary fn; } to_int[4], from_int[4], unary[2];
    struct { const char *name; Pure1 fn; } pure1[2];
} Prec;

static const Prec precs[2] = {
    { 0, single_vals, single_fused, NELEM(single_vals), NELEM(single_fused),
      { { "fadd.s", rv_fadd_s }, { "fsub.s", rv_fsub_s }, { "fmul.s", rv_fmul_s },
        { "fdiv.s", rv_fdiv_s } },
      { { "fmadd.s", rv_fmadd_s }, { "fmsub.s", rv_fmsub_s }, { "fnmsub.s", rv_fnmsub_s },
        { "fnmadd.s", rv_fnmadd_s } },
      { { "fmin.s", rv_fmin_s }, { "fmax.s", rv_fmax_s }, { "feq.s", rv_feq_s },
        { "flt.s", rv_flt_s }, { "fle.s", rv_fle_s } },
      { { "fsgnj.s", rv_fsgnj_s }, { "fsgnjn.s", rv_fsgnjn_s }, { "fsgnjx.s", rv_fsgnjx_s } },
      { { "fcvt.w.s", rv_fcvt_w_s }, { "fcvt.wu.s", rv_fcvt_wu_s },
        { "fcvt.l.s", rv_fcvt_l_s }, { "fcvt.lu.s", rv_fcvt_lu_s } },
      { { "fcvt.s.w", rv_fcvt_s_w }, { "fcvt.s.wu", rv_fcvt_s_wu },
        { "fcvt.s.l", rv_fcvt_s_l }, { "fcvt.s.lu", rv_fcvt_s_lu } },
      { { "fsqrt.s", rv_fsqrt_s }, { "fcvt.d.s", rv_fcvt_d_s } },
      { { "fclass.s", rv_fclass_s }, { "fmv.x.w", rv_fmv_x_w } } },
    { 1, double_vals, double_fused, NELEM(double_vals), NELEM(double_fused),
      { { "fadd.d", rv_fadd_d }, { "fsub.d", rv_fsub_d }, { "fmul.d", rv_fmul_d },
        { "fdiv.d", rv_fdiv_d } },
      { { "fmadd.d", rv_fmadd_d }, { "fmsub.d", rv_fmsub_d }, { "fnmsub.d", rv_fnmsub_d },
        { "fnmadd.d", rv_fnmadd_d } },
      { { "fmin.d", rv_fmin_d }, { "fmax.d", rv_fmax_d }, { "feq.d", rv_feq_d },
        { "flt.d", rv_flt_d }, { "fle.d", rv_fle_d } },
      { { "fsgnj.d", rv_fsgnj_d }, { "fsgnjn.d", rv_fsgnjn_d }, { "fsgnjx.d", rv_fsgnjx_d } },
      { { "fcvt.w.d", rv_fcvt_w_d }, { "fcvt.wu.d", rv_fcvt_wu_d },
        { "fcvt.l.d", rv_fcvt_l_d }, { "fcvt.lu.d", rv_fcvt_lu_d } },
      { { "fcvt.d.w", rv_fcvt_d_w }, { "fcvt.d.wu", rv_fcvt_d_wu },
        { "fcvt.d.l", rv_fcvt_d_l }, { "fcvt.d.lu", rv_fcvt_d_lu } },
      { { "fsqrt.d", rv_fsqrt_d }, { "fcvt.s.d", rv_fcvt_s_d } },
      { { "fclass.d", rv_fclass_d }, { NULL, NULL } } },
};

enum { N_RANDOM = 2000 };

static void run_prec(const Prec *p)
{
    const uint64_t *v = p->vals;
    unsigned n = p->nvals;
    uint64_t fl;

    for (unsigned op = 0; op < 4; op++) {
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++)
                run_bin(p->bin[op].name, p->bin[op].fn, v[i], v[j]);
        for (unsigned k = 0; k < N_RANDOM; k++) {
            uint64_t a = rng_float(p->dbl), b = rng_float(p->dbl);
            run_bin(p->bin[op].name, p->bin[op].fn, a, b);
        }
    }

    for (unsigned op = 0; op < 4; op++) {
        const uint64_t *w = p->fvals;
        for (unsigned i = 0; i < p->nfvals; i++)
            for (unsigned j = 0; j < p->nfvals; j++)
                for (unsigned k = 0; k < p->nfvals; k++)
                    run_fused(p->fused[op].name, p->fused[op].fn, w[i], w[j], w[k]);
        for (unsigned k = 0; k < N_RANDOM; k++) {
            uint64_t a = rng_float(p->dbl), b = rng_float(p->dbl), c = rng_float(p->dbl);
            run_fused(p->fused[op].name, p->fused[op].fn, a, b, c);
            /* An addend that nearly cancels the product: massive
             * cancellation and exact zeros. */
            fl = 0;
            c = p->bin[2].fn(a, b, (unsigned)(rng() % 5), &fl) ^ (p->dbl ? 1ull << 63 : 1u << 31);
            c += rng() % 5 - 2;
            run_fused(p->fused[op].name, p->fused[op].fn, a, b, c);
        }
    }

    for (unsigned op = 0; op < 5; op++)
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++)
                run_quiet(p->quiet[op].name, p->quiet[op].fn, v[i], v[j]);
    for (unsigned op = 0; op < 3; op++)
        for (unsigned i = 0; i < n; i++)
            for (unsigned j = 0; j < n; j++)
                run_pure2(p->sgnj[op].name, p->sgnj[op].fn, v[i], v[j]);

    for (unsigned op = 0; op < 4; op++) {
        for (unsigned i = 0; i < n; i++)
            run_unary(p->to_int[op].name, p->to_int[op].fn, v[i]);
        for (unsigned k = 0; k < N_RANDOM; k++)
            run_unary(p->to_int[op].name, p->to_int[op].fn, rng_float(p->dbl));
    }
    for (unsigned op = 0; op < 4; op++) {
        for (unsigned i = 0; i < NELEM(int_vals); i++)
            run_unary(p->from_int[op].name, p->from_int[op].fn, int_vals[i]);
        for (unsigned k = 0; k < N_RANDOM; k++)
            run_unary(p->from_int[op].name, p->from_int[op].fn, rng_int());
    }
    for (unsigned op = 0; op < 2; op++) {
        for (unsigned i = 0; i < n; i++)
            run_unary(p->unary[op].name, p->unary[op].fn, v[i]);
        for (unsigned k = 0; k < N_RANDOM; k++)
            run_unary(p->unary[op].name, p->unary[op].fn, rng_float(p->dbl));
    }
    /* Square roots of rounded squares land just above or below a float,
     * or on it when y has few bits and y * y is exact. */
    for (unsigned k = 0; k < N_RANDOM; k++) {
        uint64_t y = rng_float(p->dbl) & ~(p->dbl ? 1ull << 63 : 1ull << 31);
        if (k & 1)
            y &= ~((p->dbl ? 1ull << 26 : 1ull << 12) - 1);
        fl = 0;
        run_unary(p->unary[0].name, p->unary[0].fn, p->bin[2].fn(y, y, (unsigned)(rng() % 5), &fl));
    }
    for (unsigned op = 0; op < 2 && p->pure1[op].fn; op++)
        for (unsigned i = 0; i < n; i++)
            run_pure1(p->pure1[op].name, p->pure1[op].fn, v[i]);
}

int main(int argc, char **argv)
{
    static char buf[1 << 16];

    if (argc > 1 && (stride = strtoul(argv[1], NULL, 0)) == 0) {
        fprintf(stderr, "usage: %s [stride >= 1]\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, buf, _IOFBF, sizeof(buf));

    run_prec(&precs[0]);
    run_prec(&precs[1]);
    for (unsigned i = 0; i < NELEM(int_vals); i++)
        run_pure1("fmv.w.x", rv_fmv_w_x, int_vals[i]);
    return fflush(stdout) == 0 ? 0 : 1;
}
