/*
 * The helper of FEAT_FHM and FEAT_FCMA, the AdvSIMD instructions that
 * pair elements up rather than working lane by lane: FMLAL/FMLSL{2}
 * (vector and by element) widen half products into single accumulators,
 * taking the lower or ("2") upper half of the source elements; FCMLA
 * (vector and by element) and FCADD treat each even/odd pair of elements
 * as the real and imaginary parts of a complex number, and the rotation
 * (desc.imm, in quarter turns) chooses which parts meet and which are
 * negated. Every element goes through fpu.c under FPCR, as the Arm ARM's
 * per-element pseudocode says, and the exceptions are ORed into FPSR.
 */
#include "guest/aarch64/fpu.h"
#include "guest/aarch64/helpers-fpsimd.h"

#define OP(x) case A64_OP_##x

/* FMLAL/FMLSL{2}: lanes single accumulators of half products. */
static void fhm(A64Desc d, const uint8_t *n, const uint8_t *m, uint8_t *r, A64FP *fp)
{
    bool upper = false, sub = false, elem = false;
    switch (d.op) {
    OP(fmlal2_v): upper = true; break;
    OP(fmlsl_v): sub = true; break;
    OP(fmlsl2_v): upper = sub = true; break;
    OP(fmlal_e): elem = true; break;
    OP(fmlal2_e): elem = upper = true; break;
    OP(fmlsl_e): elem = sub = true; break;
    OP(fmlsl2_e): elem = upper = sub = true; break;
    default: break;
    }
    unsigned lanes = d.q ? 4 : 2, first = upper ? lanes : 0;
    for (unsigned i = 0; i < lanes; i++) {
        /* FMLSL negates Vn's element (FPNeg: a NaN's sign flips too) */
        uint64_t a = a64_velt(n, first + i, 1) ^ (sub ? 0x8000 : 0);
        uint64_t b = a64_velt(m, elem ? d.index : first + i, 1);
        a64_set_velt(r, i, 2, a64_fmuladd_h(a64_velt(r, i, 2), a, b, fp));
    }
}

/* FCMLA and FCADD on the pairs (re, im) of element size es. */
static void fcma(A64Desc d, const uint8_t *n, const uint8_t *m, uint8_t *r, A64FP *fp)
{
    unsigned es = d.esize, pairs = (d.q ? 8u : 4u) >> es, rot = d.imm;
    int f = a64_esize_fmt(es);
    uint64_t sign = a64_fp_sign(f);
    for (unsigned e = 0; e < pairs; e++) {
        unsigned j = d.op == A64_OP_fcmla_e ? 2 * d.index : 2 * e;
        uint64_t mre = a64_velt(m, j, es), mim = a64_velt(m, j + 1, es);
        uint64_t nre = a64_velt(n, 2 * e, es), nim = a64_velt(n, 2 * e + 1, es);
        uint64_t re, im;
        if (d.op == A64_OP_fcadd_v) {
            /* #90 adds i * m, #270 adds -i * m */
            re = a64_fadd(f, nre, rot == 1 ? mim ^ sign : mim, fp);
            im = a64_fadd(f, nim, rot == 1 ? mre : mre ^ sign, fp);
        } else {
            /* each rotation adds one partial product of n * m rotated:
             * #0 and #180 take n's real part, #90 and #270 its imaginary */
            uint64_t nx = rot & 1 ? nim : nre;
            uint64_t m1 = rot & 1 ? mim : mre, m3 = rot & 1 ? mre : mim;
            if (rot == 1 || rot == 2)
                m1 ^= sign;
            if (rot >= 2)
                m3 ^= sign;
            re = a64_fmuladd(f, a64_velt(r, 2 * e, es), nx, m1, fp);
            im = a64_fmuladd(f, a64_velt(r, 2 * e + 1, es), nx, m3, fp);
        }
        a64_set_velt(r, 2 * e, es, re);
        a64_set_velt(r, 2 * e + 1, es, im);
    }
}

static uint64_t helper_simd_cplx(uint64_t env, uint64_t desc)
{
    A64State *s = A64_ENV(env);
    A64Desc d = { .raw = desc };
    A64FP fp = { .fpcr = s->fpcr };
    uint8_t n[16], m[16], r[16];
    memcpy(n, s->v[d.rn], 16);
    memcpy(m, s->v[d.rm], 16);
    memcpy(r, s->v[d.rd], 16);
    if (d.op == A64_OP_fcmla_v || d.op == A64_OP_fcadd_v || d.op == A64_OP_fcmla_e)
        fcma(d, n, m, r, &fp);
    else
        fhm(d, n, m, r, &fp);
    if (!d.q)
        memset(r + 8, 0, 8);
    memcpy(s->v[d.rd], r, 16);
    s->fpsr |= fp.flags;
    return 0;
}

const IRHelper a64_helper_simd_cplx = { "simd_cplx", (void *)helper_simd_cplx, 2, 0,
                                        IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
