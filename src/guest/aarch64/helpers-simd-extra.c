/*
 * The AdvSIMD scalar, x-indexed-element, RDM, DotProd and FP16 vector
 * helpers. Each
 * instruction is a walk over lanes (one lane for a scalar, every element
 * for a vector; helpers-simd-extra.h) and, per lane, one kernel call that
 * computes the Arm ARM's per-element pseudocode from the lane's operand
 * elements: ikern() for integers (QC on saturation), fkern() for floating
 * point (fpu.c under the current FPCR, exceptions ORed into FPSR). The
 * operands' widths relative to the decoded element size come from the
 * op's form: same, narrowing (Vn twice as wide), long (Vd twice as wide),
 * scalar pairwise (the two elements of Vn) or vector pairwise (the
 * adjacent pairs of Vn then Vm). Sources are copied first, since
 * Vd may be one of them.
 */
#include "guest/aarch64/fpu.h"
#include "guest/aarch64/helpers-fpsimd.h"
#include "guest/aarch64/helpers-simd-extra.h"

typedef __int128 i128;

typedef enum Form { F_SAME, F_NARROW, F_LONG, F_PAIR, F_VPAIR } Form;

static uint64_t ones(unsigned bits) { return bits >= 64 ? UINT64_MAX : (1ull << bits) - 1; }

static int64_t sx(uint64_t v, unsigned bits)
{
    return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* SignedSatQ / UnsignedSatQ of x to bits bits; *qc when it saturates. */
static uint64_t sat(i128 x, unsigned bits, bool is_signed, bool *qc)
{
    i128 lo = is_signed ? -((i128)1 << (bits - 1)) : 0;
    i128 hi = is_signed ? ((i128)1 << (bits - 1)) - 1 : ((i128)1 << bits) - 1;
    if (x < lo || x > hi) {
        *qc = true;
        x = x < lo ? lo : hi;
    }
    return (uint64_t)x;
}

/* a >> n, rounded to nearest (ties up) when round. An element has at
 * most 64 bits, so any n past 65 gives what 65 gives. */
static i128 shr(i128 a, unsigned n, bool round)
{
    if (n == 0)
        return a;
    if (n > 65)
        n = 65;
    return (round ? a + ((i128)1 << (n - 1)) : a) >> n;
}

/* SSHL, USHL and their rounding and saturating forms: a shifted by the
 * signed byte sh, left when positive. */
static uint64_t shl_reg(i128 a, int sh, unsigned bits, bool is_signed, bool round, bool satq, bool *qc)
{
    i128 r;
    if (sh < 0)
        r = shr(a, (unsigned)-sh, round);
    else if (a == 0)
        r = 0;
    else if (sh >= (int)bits)    /* every bit leaves the element */
        r = satq ? (a < 0 ? -((i128)1 << 100) : (i128)1 << 100) : 0;
    else
        r = a * ((i128)1 << sh);
    return satq ? sat(r, bits, is_signed, qc) : (uint64_t)r;
}

#define OP(x) case A64_OP_##x

static Form int_form(unsigned op)
{
    switch (op) {
    OP(sqxtn_s): OP(uqxtn_s): OP(sqxtun_s): OP(sqshrn_si): OP(sqrshrn_si): OP(uqshrn_si):
    OP(uqrshrn_si): OP(sqshrun_si): OP(sqrshrun_si):
        return F_NARROW;
    OP(sqdmlal_s): OP(sqdmlsl_s): OP(sqdmull_s): OP(sqdmlal_se): OP(sqdmlsl_se): OP(sqdmull_se):
    OP(sqdmlal_e): OP(sqdmlsl_e): OP(sqdmull_e): OP(smlal_e): OP(smlsl_e): OP(smull_e):
    OP(umlal_e): OP(umlsl_e): OP(umull_e):
        return F_LONG;
    OP(addp_s):
        return F_PAIR;
    default:
        return F_SAME;
    }
}

/* One integer lane: a (Vn's element, twice as wide for narrowing ops), b
 * (Vm's, or Vn's second for pairwise), acc (Vd's, twice as wide for long
 * ops); bits is the decoded element size, imm the shift. */
static uint64_t ikern(unsigned op, uint64_t a, uint64_t b, uint64_t acc, unsigned bits, unsigned imm,
                      bool *qc)
{
    int64_t sa = sx(a, bits), sb = sx(b, bits), sacc = sx(acc, bits);
    int64_t sa2 = sx(a, 2 * bits), sacc2 = sx(acc, 2 * bits);
    uint64_t mk = ones(bits);
    i128 p;
    switch (op) {
    OP(sqadd_s): return sat((i128)sa + sb, bits, true, qc);
    OP(uqadd_s): return sat((i128)a + b, bits, false, qc);
    OP(sqsub_s): return sat((i128)sa - sb, bits, true, qc);
    OP(uqsub_s): return sat((i128)a - b, bits, false, qc);
    OP(cmgt_s): return sa > sb ? mk : 0;
    OP(cmge_s): return sa >= sb ? mk : 0;
    OP(cmhi_s): return a > b ? mk : 0;
    OP(cmhs_s): return a >= b ? mk : 0;
    OP(cmeq_s): return a == b ? mk : 0;
    OP(cmtst_s): return (a & b) ? mk : 0;
    OP(sshl_s): return shl_reg(sa, (int8_t)b, bits, true, false, false, qc);
    OP(ushl_s): return shl_reg(a, (int8_t)b, bits, false, false, false, qc);
    OP(srshl_s): return shl_reg(sa, (int8_t)b, bits, true, true, false, qc);
    OP(urshl_s): return shl_reg(a, (int8_t)b, bits, false, true, false, qc);
    OP(sqshl_s): return shl_reg(sa, (int8_t)b, bits, true, false, true, qc);
    OP(uqshl_s): return shl_reg(a, (int8_t)b, bits, false, false, true, qc);
    OP(sqrshl_s): return shl_reg(sa, (int8_t)b, bits, true, true, true, qc);
    OP(uqrshl_s): return shl_reg(a, (int8_t)b, bits, false, true, true, qc);
    OP(add_s): OP(addp_s): return a + b;
    OP(sub_s): return a - b;
    OP(sqdmulh_s): OP(sqdmulh_se): OP(sqdmulh_e):
        return sat((2 * (i128)sa * sb) >> bits, bits, true, qc);
    OP(sqrdmulh_s): OP(sqrdmulh_se): OP(sqrdmulh_e):
        return sat((2 * (i128)sa * sb + ((i128)1 << (bits - 1))) >> bits, bits, true, qc);
    OP(sqrdmlah_v): OP(sqrdmlah_s): OP(sqrdmlah_e): OP(sqrdmlah_se):
        p = (i128)sacc * ((i128)1 << bits) + 2 * (i128)sa * sb + ((i128)1 << (bits - 1));
        return sat(p >> bits, bits, true, qc);
    OP(sqrdmlsh_v): OP(sqrdmlsh_s): OP(sqrdmlsh_e): OP(sqrdmlsh_se):
        p = (i128)sacc * ((i128)1 << bits) - 2 * (i128)sa * sb + ((i128)1 << (bits - 1));
        return sat(p >> bits, bits, true, qc);

    /* long: the result and acc have 2 * bits */
    OP(sqdmull_s): OP(sqdmull_se): OP(sqdmull_e):
        return sat(2 * (i128)sa * sb, 2 * bits, true, qc);
    OP(sqdmlal_s): OP(sqdmlal_se): OP(sqdmlal_e):
        p = sx(sat(2 * (i128)sa * sb, 2 * bits, true, qc), 2 * bits);
        return sat(sacc2 + p, 2 * bits, true, qc);
    OP(sqdmlsl_s): OP(sqdmlsl_se): OP(sqdmlsl_e):
        p = sx(sat(2 * (i128)sa * sb, 2 * bits, true, qc), 2 * bits);
        return sat(sacc2 - p, 2 * bits, true, qc);
    OP(smull_e): return (uint64_t)(sa * sb);
    OP(umull_e): return a * b;
    OP(smlal_e): return acc + (uint64_t)(sa * sb);
    OP(umlal_e): return acc + a * b;
    OP(smlsl_e): return acc - (uint64_t)(sa * sb);
    OP(umlsl_e): return acc - a * b;
    OP(mul_e): return a * b;
    OP(mla_e): return acc + a * b;
    OP(mls_e): return acc - a * b;

    /* two-register miscellaneous */
    OP(suqadd_s): return sat((i128)sacc + (i128)a, bits, true, qc);
    OP(usqadd_s): return sat((i128)acc + sa, bits, false, qc);
    OP(sqabs_s): return sat(sa < 0 ? -(i128)sa : sa, bits, true, qc);
    OP(sqneg_s): return sat(-(i128)sa, bits, true, qc);
    OP(abs_s): return sa < 0 ? -a : a;
    OP(neg_s): return -a;
    OP(cmgt_sz): return sa > 0 ? mk : 0;
    OP(cmeq_sz): return sa == 0 ? mk : 0;
    OP(cmlt_sz): return sa < 0 ? mk : 0;
    OP(cmge_sz): return sa >= 0 ? mk : 0;
    OP(cmle_sz): return sa <= 0 ? mk : 0;
    OP(sqxtn_s): return sat(sa2, bits, true, qc);
    OP(uqxtn_s): return sat(a, bits, false, qc);
    OP(sqxtun_s): return sat(sa2, bits, false, qc);

    /* shift by immediate */
    OP(sshr_si): return (uint64_t)shr(sa, imm, false);
    OP(srshr_si): return (uint64_t)shr(sa, imm, true);
    OP(ushr_si): return (uint64_t)shr(a, imm, false);
    OP(urshr_si): return (uint64_t)shr(a, imm, true);
    OP(ssra_si): return acc + (uint64_t)shr(sa, imm, false);
    OP(srsra_si): return acc + (uint64_t)shr(sa, imm, true);
    OP(usra_si): return acc + (uint64_t)shr(a, imm, false);
    OP(ursra_si): return acc + (uint64_t)shr(a, imm, true);
    OP(shl_si): return a << imm;
    OP(sli_si): return a << imm | (acc & ones(imm));
    OP(sri_si): return imm >= bits ? acc : a >> imm | (acc & ~(mk >> imm));
    OP(sqshl_si): return sat((i128)sa * ((i128)1 << imm), bits, true, qc);
    OP(uqshl_si): return sat((i128)a * ((i128)1 << imm), bits, false, qc);
    OP(sqshlu_si): return sat((i128)sa * ((i128)1 << imm), bits, false, qc);
    OP(sqshrn_si): return sat(shr(sa2, imm, false), bits, true, qc);
    OP(sqrshrn_si): return sat(shr(sa2, imm, true), bits, true, qc);
    OP(uqshrn_si): return sat(shr(a, imm, false), bits, false, qc);
    OP(uqrshrn_si): return sat(shr(a, imm, true), bits, false, qc);
    OP(sqshrun_si): return sat(shr(sa2, imm, false), bits, false, qc);
    OP(sqrshrun_si): return sat(shr(sa2, imm, true), bits, false, qc);

    /* dot products: four byte products into a 32-bit lane */
    OP(sdot_v): OP(sdot_e): OP(udot_v): OP(udot_e): {
        bool sg = op == A64_OP_sdot_v || op == A64_OP_sdot_e;
        uint32_t sum = (uint32_t)acc;
        for (unsigned k = 0; k < 32; k += 8) {
            uint64_t x = a >> k & 0xff, y = b >> k & 0xff;
            sum += sg ? (uint32_t)(sx(x, 8) * sx(y, 8)) : (uint32_t)(x * y);
        }
        return sum;
    }
    default:
        return 0;
    }
}

/* The lane walk shared by both helpers: kernel k on each lane. */
typedef uint64_t Kernel(unsigned op, uint64_t a, uint64_t b, uint64_t acc, unsigned es, void *arg);

static void walk(A64State *s, A64Desc d, unsigned op, unsigned lanes_kind, Form form, unsigned in_es,
                 unsigned out_es, Kernel *k, void *arg)
{
    uint8_t n[16], m[16], dv[16], r[16] = { 0 };
    memcpy(n, s->v[d.rn], 16);
    memcpy(m, s->v[d.rm], 16);
    memcpy(dv, s->v[d.rd], 16);
    unsigned es = d.esize, lanes = 1, first = 0;
    if (lanes_kind != A64_LANES_SCALAR) {
        lanes = (form == F_LONG ? 8u : d.q ? 16u : 8u) >> es;
        if (form == F_LONG && d.q)
            first = lanes;           /* the "2" forms: Vn's upper half */
    }
    for (unsigned i = 0; i < lanes; i++) {
        uint64_t a = a64_velt(n, first + i, in_es);
        uint64_t b = form == F_PAIR ? a64_velt(n, 1, es)
                   : a64_velt(m, lanes_kind == A64_LANES_VEC ? first + i : d.index, es);
        if (form == F_VPAIR) {       /* the pairs of Vn, then those of Vm */
            const uint8_t *src = i < lanes / 2 ? n : m;
            unsigned j = i % (lanes / 2) * 2;
            a = a64_velt(src, j, es);
            b = a64_velt(src, j + 1, es);
        }
        uint64_t acc = a64_velt(dv, i, out_es);
        a64_set_velt(r, i, out_es, k(op, a, b, acc, es, arg));
    }
    memcpy(s->v[d.rd], r, 16);
}

typedef struct IntArg {
    A64Desc d;
    bool qc;
} IntArg;

static uint64_t int_lane(unsigned op, uint64_t a, uint64_t b, uint64_t acc, unsigned es, void *arg)
{
    IntArg *ia = arg;
    return ikern(op, a, b, acc, 8u << es, ia->d.imm, &ia->qc);
}

static uint64_t helper_simd_extra_int(uint64_t env, uint64_t desc, uint64_t extra)
{
    A64State *s = A64_ENV(env);
    IntArg arg = { .d = { .raw = desc } };
    unsigned op = (unsigned)(extra >> 8);
    Form form = int_form(op);
    unsigned es = arg.d.esize;
    walk(s, arg.d, op, extra & 0xff, form, form == F_NARROW ? es + 1 : es, form == F_LONG ? es + 1 : es,
         int_lane, &arg);
    if (arg.qc)
        s->fpsr |= A64_QC;
    return 0;
}

/* FPRecpX: the exponent inverted, the fraction cleared. */
static uint64_t frecpx(int f, uint64_t a, A64FP *fp)
{
    unsigned fb = f == A64_FH ? 10 : f == A64_FS ? 23 : 52, eb = f == A64_FH ? 5 : f == A64_FS ? 8 : 11;
    uint64_t emax = ones(eb), e = a >> fb & emax, frac = a & ones(fb);
    uint64_t sign = a & a64_fp_sign(f);
    if (e == emax && frac) {
        if (!(frac >> (fb - 1) & 1))
            fp->flags |= A64_IOC;
        return (fp->fpcr & A64_FPCR_DN) ? a64_fp_default_nan(f) : a | 1ull << (fb - 1);
    }
    if (e == 0) {
        /* a denormal flushed by FPUnpack is an input denormal; FZ16 is silent */
        if (frac && f != A64_FH && (fp->fpcr & A64_FPCR_FZ))
            fp->flags |= A64_IDC;
        return sign | (emax - 1) << fb;
    }
    return sign | (~e & emax) << fb;
}

/* FixedToFP of an element-sized integer; a half's is widened first,
 * since fpu.c takes 32- or 64-bit integers. */
static uint64_t cvt_fp(int f, uint64_t a, bool uns, unsigned bits, unsigned fbits, A64FP *fp)
{
    if (bits == 16)
        return a64_fixed_to_f(f, uns ? a : (uint64_t)sx(a, 16), fbits, uns, 64, a64_fp_rmode(fp), fp);
    return a64_fixed_to_f(f, a, fbits, uns, bits, a64_fp_rmode(fp), fp);
}

#define OPH(x) case A64_OP_##x##_s: case A64_OP_##x##_sh

/* One FP lane of format f (the element's), fbits for fixed point. */
static uint64_t fkern(unsigned op, uint64_t a, uint64_t b, uint64_t acc, int f, unsigned bits, unsigned fbits,
                      A64FP *fp)
{
    uint64_t mk = ones(bits), sign = a64_fp_sign(f);
    switch (op) {
    OPH(fmulx): OP(fmulx_vh): OP(fmulx_e): OP(fmulx_eh): OP(fmulx_se): OP(fmulx_seh): return a64_fmulx(f, a, b, fp);
    OP(fmul_e): OP(fmul_eh): OP(fmul_vh): OP(fmul_se): OP(fmul_seh): return a64_fmul(f, a, b, fp);
    OP(fmla_e): OP(fmla_eh): OP(fmla_vh): OP(fmla_se): OP(fmla_seh): return a64_fmuladd(f, acc, a, b, fp);
    OP(fmls_e): OP(fmls_eh): OP(fmls_vh): OP(fmls_se): OP(fmls_seh): return a64_fmuladd(f, acc, a ^ sign, b, fp);
    OPH(fcmeq): OP(fcmeq_vh): return a64_fcmp_eq(f, a, b, fp) ? mk : 0;
    OPH(fcmge): OP(fcmge_vh): return a64_fcmp_ge(f, a, b, fp) ? mk : 0;
    OPH(fcmgt): OP(fcmgt_vh): return a64_fcmp_gt(f, a, b, fp) ? mk : 0;
    OPH(facge): OP(facge_vh): return a64_fcmp_ge(f, a & ~sign, b & ~sign, fp) ? mk : 0;
    OPH(facgt): OP(facgt_vh): return a64_fcmp_gt(f, a & ~sign, b & ~sign, fp) ? mk : 0;
    OPH(frecps): OP(frecps_vh): return a64_frecps(f, a, b, fp);
    OPH(frsqrts): OP(frsqrts_vh): return a64_frsqrts(f, a, b, fp);
    OPH(fabd): OP(fabd_vh): return a64_fabd(f, a, b, fp);
    OPH(fcvtns): OP(fcvtns_vh): return a64_f_to_fixed(f, a, 0, false, bits, A64_RN, fp);
    OPH(fcvtnu): OP(fcvtnu_vh): return a64_f_to_fixed(f, a, 0, true, bits, A64_RN, fp);
    OPH(fcvtms): OP(fcvtms_vh): return a64_f_to_fixed(f, a, 0, false, bits, A64_RM, fp);
    OPH(fcvtmu): OP(fcvtmu_vh): return a64_f_to_fixed(f, a, 0, true, bits, A64_RM, fp);
    OPH(fcvtps): OP(fcvtps_vh): return a64_f_to_fixed(f, a, 0, false, bits, A64_RP, fp);
    OPH(fcvtpu): OP(fcvtpu_vh): return a64_f_to_fixed(f, a, 0, true, bits, A64_RP, fp);
    OPH(fcvtas): OP(fcvtas_vh): return a64_f_to_fixed(f, a, 0, false, bits, A64_RA, fp);
    OPH(fcvtau): OP(fcvtau_vh): return a64_f_to_fixed(f, a, 0, true, bits, A64_RA, fp);
    OPH(fcvtzs): OP(fcvtzs_vh): return a64_f_to_fixed(f, a, 0, false, bits, A64_RZ, fp);
    OPH(fcvtzu): OP(fcvtzu_vh): return a64_f_to_fixed(f, a, 0, true, bits, A64_RZ, fp);
    OP(fcvtzs_sfix): OP(fcvtzs_sfixh): return a64_f_to_fixed(f, a, fbits, false, bits, A64_RZ, fp);
    OP(fcvtzu_sfix): OP(fcvtzu_sfixh): return a64_f_to_fixed(f, a, fbits, true, bits, A64_RZ, fp);
    OPH(scvtf): OP(scvtf_vh): return cvt_fp(f, a, false, bits, 0, fp);
    OPH(ucvtf): OP(ucvtf_vh): return cvt_fp(f, a, true, bits, 0, fp);
    OP(scvtf_sfix): OP(scvtf_sfixh): return cvt_fp(f, a, false, bits, fbits, fp);
    OP(ucvtf_sfix): OP(ucvtf_sfixh): return cvt_fp(f, a, true, bits, fbits, fp);
    OP(fcmgt_sz): OP(fcmgt_szh): OP(fcmgt_vzh): return a64_fcmp_gt(f, a, 0, fp) ? mk : 0;
    OP(fcmge_sz): OP(fcmge_szh): OP(fcmge_vzh): return a64_fcmp_ge(f, a, 0, fp) ? mk : 0;
    OP(fcmeq_sz): OP(fcmeq_szh): OP(fcmeq_vzh): return a64_fcmp_eq(f, a, 0, fp) ? mk : 0;
    OP(fcmlt_sz): OP(fcmlt_szh): OP(fcmlt_vzh): return a64_fcmp_gt(f, 0, a, fp) ? mk : 0;
    OP(fcmle_sz): OP(fcmle_szh): OP(fcmle_vzh): return a64_fcmp_ge(f, 0, a, fp) ? mk : 0;
    OPH(frecpe): OP(frecpe_vh): return a64_frecpe(f, a, fp);
    OPH(frsqrte): OP(frsqrte_vh): return a64_frsqrte(f, a, fp);
    OPH(frecpx): return frecpx(f, a, fp);
    OP(fcvtxn_s): return a64_fcvt(A64_FS, A64_FD, a, A64_RO, fp);
    OP(fadd_vh): return a64_fadd(f, a, b, fp);
    OP(fsub_vh): return a64_fsub(f, a, b, fp);
    OP(fdiv_vh): return a64_fdiv(f, a, b, fp);
    OP(fmax_vh): return a64_fmax(f, a, b, fp);
    OP(fmin_vh): return a64_fmin(f, a, b, fp);
    OP(fmaxnm_vh): return a64_fmaxnm(f, a, b, fp);
    OP(fminnm_vh): return a64_fminnm(f, a, b, fp);
    OP(fabs_vh): return a & ~sign;
    OP(fneg_vh): return a ^ sign;
    OP(fsqrt_vh): return a64_fsqrt(f, a, fp);
    OP(frintn_vh): return a64_frint(f, a, A64_RN, false, fp);
    OP(frintm_vh): return a64_frint(f, a, A64_RM, false, fp);
    OP(frintp_vh): return a64_frint(f, a, A64_RP, false, fp);
    OP(frintz_vh): return a64_frint(f, a, A64_RZ, false, fp);
    OP(frinta_vh): return a64_frint(f, a, A64_RA, false, fp);
    OP(frintx_vh): return a64_frint(f, a, a64_fp_rmode(fp), true, fp);
    OP(frinti_vh): return a64_frint(f, a, a64_fp_rmode(fp), false, fp);
    OPH(faddp): OP(faddp_vh): return a64_fadd(f, a, b, fp);
    OPH(fmaxp): OP(fmaxp_vh): return a64_fmax(f, a, b, fp);
    OPH(fminp): OP(fminp_vh): return a64_fmin(f, a, b, fp);
    OPH(fmaxnmp): OP(fmaxnmp_vh): return a64_fmaxnm(f, a, b, fp);
    OPH(fminnmp): OP(fminnmp_vh): return a64_fminnm(f, a, b, fp);
    default: return 0;
    }
}

typedef struct FpArg {
    A64Desc d;
    A64FP fp;
} FpArg;

static uint64_t fp_lane(unsigned op, uint64_t a, uint64_t b, uint64_t acc, unsigned es, void *arg)
{
    FpArg *fa = arg;
    return fkern(op, a, b, acc, a64_esize_fmt(es), 8u << es, fa->d.fbits, &fa->fp);
}

static uint64_t helper_simd_extra_fp(uint64_t env, uint64_t desc, uint64_t extra)
{
    A64State *s = A64_ENV(env);
    FpArg arg = { .d = { .raw = desc }, .fp = { .fpcr = s->fpcr } };
    unsigned op = (unsigned)(extra >> 8);
    Form form = F_SAME;
    unsigned in_es = arg.d.esize, out_es = arg.d.esize;
    switch (op) {
    OPH(faddp): OPH(fmaxp): OPH(fminp): OPH(fmaxnmp): OPH(fminnmp):
        form = F_PAIR;
        break;
    OP(faddp_vh): OP(fmaxp_vh): OP(fminp_vh): OP(fmaxnmp_vh): OP(fminnmp_vh):
        form = F_VPAIR;
        break;
    OP(fcvtxn_s):           /* double to single */
        form = F_NARROW;
        in_es = 3, out_es = 2;
        break;
    default:
        break;
    }
    walk(s, arg.d, op, extra & 0xff, form, in_es, out_es, fp_lane, &arg);
    s->fpsr |= arg.fp.flags;
    return 0;
}

const IRHelper a64_helper_simd_extra_int = { "simd_extra_int", (void *)helper_simd_extra_int, 3, 0,
                                             IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
const IRHelper a64_helper_simd_extra_fp = { "simd_extra_fp", (void *)helper_simd_extra_fp, 3, 0,
                                            IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
