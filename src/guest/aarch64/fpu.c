/*
 * The aarch64 floating-point library (fpu.h): the Arm ARM's FP pseudocode
 * on exact integers. An operand is unpacked into class, sign and an exact
 * value man * 2^exp (FPUnpack, with FZ/FZ16 flushing); each operation
 * computes its exact result, or one with a sticky low bit that cannot
 * change the rounding, in an unsigned __int128, and fp_round() is
 * FPRoundBase: tininess and flush-to-zero judged on the unrounded value,
 * overflow by rounding mode, AHP for half results.
 */
#include "guest/aarch64/fpu.h"

typedef unsigned __int128 u128;

static const struct { uint8_t ebits, fbits; } fmts[3] = {
    [A64_FH] = { 5, 10 }, [A64_FS] = { 8, 23 }, [A64_FD] = { 11, 52 },
};
#define EB(f) (fmts[f].ebits)
#define FB(f) (fmts[f].fbits)
#define BIAS(f) ((1 << (EB(f) - 1)) - 1)
#define EMAX_FIELD(f) ((1ull << EB(f)) - 1)

enum { C_ZERO, C_NUM, C_INF, C_QNAN, C_SNAN };

typedef struct FPV {
    int cls, sign;
    int exp;          /* C_NUM: the value is man * 2^exp, man != 0 */
    uint64_t man;
    uint64_t bits;
} FPV;

static bool is_nan(const FPV *v) { return v->cls >= C_QNAN; }

uint64_t a64_fp_default_nan(int f) { return (EMAX_FIELD(f) << FB(f)) | 1ull << (FB(f) - 1); }
static uint64_t sign_bit(int f, int s) { return (uint64_t)s << (EB(f) + FB(f)); }
static uint64_t fp_zero(int f, int s) { return sign_bit(f, s); }
static uint64_t fp_inf(int f, int s) { return sign_bit(f, s) | EMAX_FIELD(f) << FB(f); }
static uint64_t fp_max_normal(int f, int s) { return sign_bit(f, s) | (fp_inf(f, 0) - 1); }
/* 2^k * (1 + m / 4) with k small: 1.0, 1.5, 2.0, 3.0 */
static uint64_t fp_const(int f, int s, int k, unsigned m)
{
    return sign_bit(f, s) | (uint64_t)(BIAS(f) + k) << FB(f) | (uint64_t)m << (FB(f) - 2);
}

static int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* FPUnpack (cv: FPUnpackCV, for conversions: half ignores FZ16 and obeys
 * AHP). A flushed single or double denormal raises IDC; half does not. */
static FPV unpack_x(int f, uint64_t bits, A64FP *fp, bool cv)
{
    FPV v = { .bits = bits };
    int fb = FB(f);
    v.sign = bits >> (EB(f) + fb) & 1;
    uint64_t e = bits >> fb & EMAX_FIELD(f), m = bits & ((1ull << fb) - 1);
    bool ahp = cv && f == A64_FH && (fp->fpcr & A64_FPCR_AHP);
    if (e == 0) {
        bool fz = f == A64_FH ? !cv && (fp->fpcr & A64_FPCR_FZ16) : (fp->fpcr & A64_FPCR_FZ);
        if (m == 0 || fz) {
            v.cls = C_ZERO;
            if (m && f != A64_FH)
                fp->flags |= A64_IDC;
        } else {
            v.cls = C_NUM;
            v.man = m;
            v.exp = 1 - BIAS(f) - fb;
        }
    } else if (e == EMAX_FIELD(f) && !ahp) {
        v.cls = m == 0 ? C_INF : (m >> (fb - 1) & 1) ? C_QNAN : C_SNAN;
    } else {
        v.cls = C_NUM;
        v.man = m | 1ull << fb;
        v.exp = (int)e - BIAS(f) - fb;
    }
    return v;
}
static FPV unpack(int f, uint64_t bits, A64FP *fp) { return unpack_x(f, bits, fp, false); }

static uint64_t process_nan(int f, const FPV *v, A64FP *fp)
{
    if (v->cls == C_SNAN)
        fp->flags |= A64_IOC;
    if (fp->fpcr & A64_FPCR_DN)
        return a64_fp_default_nan(f);
    return v->bits | 1ull << (FB(f) - 1);
}

/* FPProcessNaNs / FPProcessNaNs3: the first sNaN, else the first qNaN. */
static bool process_nans(int f, const FPV *const *v, int n, A64FP *fp, uint64_t *res)
{
    for (int kind = C_SNAN; kind >= C_QNAN; kind--)
        for (int i = 0; i < n; i++)
            if (v[i]->cls == kind) {
                *res = process_nan(f, v[i], fp);
                return true;
            }
    return false;
}
static bool nans2(int f, const FPV *a, const FPV *b, A64FP *fp, uint64_t *res)
{
    const FPV *v[2] = { a, b };
    return process_nans(f, v, 2, fp, res);
}

static uint64_t invalid(int f, A64FP *fp)
{
    fp->flags |= A64_IOC;
    return a64_fp_default_nan(f);
}

/* m / 2^n rounded in mode rm for a value of the given sign; *inexact when
 * bits were lost. */
static u128 round_shift(u128 m, int n, unsigned rm, int sign, bool *inexact)
{
    if (n <= 0) {
        *inexact = false;
        return m;
    }
    u128 q, rem;
    int half_cmp;   /* rem against half a unit: -1, 0, 1 */
    if (n > 128) {
        q = 0;
        rem = m;
        half_cmp = -1;
    } else {
        q = n == 128 ? 0 : m >> n;
        rem = n == 128 ? m : m & (((u128)1 << n) - 1);
        u128 half = (u128)1 << (n - 1);
        half_cmp = rem < half ? -1 : rem > half;
    }
    *inexact = rem != 0;
    bool up = false;
    switch (rm) {
    case A64_RN: up = half_cmp > 0 || (half_cmp == 0 && (q & 1)); break;
    case A64_RA: up = half_cmp >= 0; break;
    case A64_RP: up = rem && !sign; break;
    case A64_RM: up = rem && sign; break;
    case A64_RO: q |= rem != 0; break;
    default: break;
    }
    return q + up;
}

/* FPRoundBase of sign * sig * 2^exp (sig != 0) to format f: fz flushes
 * results tiny before rounding, ahp is the alternative half format. */
static uint64_t fp_round_x(int f, int sign, int exp, u128 sig, unsigned rm, bool fz, bool ahp,
                           A64FP *fp)
{
    int fb = FB(f), p = fb + 1, emin = 1 - BIAS(f);
    int n = clz128(sig);
    sig <<= n;
    exp -= n;
    int e = exp + 127;           /* the value is 1.xxx * 2^e */
    uint64_t s = sign_bit(f, sign);
    if (fz && e < emin) {
        fp->flags |= A64_UFC;
        return s;
    }
    bool tiny = e < emin, inexact;
    u128 mant = round_shift(sig, 128 - p + (tiny ? emin - e : 0), rm, sign, &inexact);
    if (tiny && inexact)
        fp->flags |= A64_UFC;
    if (!tiny && e > 4 * BIAS(f))
        mant = (u128)1 << (p + 1);   /* far out of range: any overflowing value will do */
    /* The mantissa's leading one adds one to the exponent field, and a
     * carry out of it one more. */
    uint64_t bits = tiny ? (uint64_t)mant : ((uint64_t)(e + BIAS(f) - 1) << fb) + (uint64_t)mant;
    if (!ahp && (bits >> fb) >= EMAX_FIELD(f)) {
        fp->flags |= A64_OFC | A64_IXC;
        bool to_inf = rm == A64_RN || rm == A64_RA || (rm == A64_RP && !sign) || (rm == A64_RM && sign);
        return to_inf ? fp_inf(f, sign) : fp_max_normal(f, sign);
    }
    if (ahp && (bits >> fb) > EMAX_FIELD(f)) {
        fp->flags |= A64_IOC;
        return s | 0x7fff;
    }
    if (inexact)
        fp->flags |= A64_IXC;
    return s | bits;
}
static bool fz_for(int f, const A64FP *fp)
{
    return fp->fpcr & (f == A64_FH ? A64_FPCR_FZ16 : A64_FPCR_FZ);
}
static uint64_t fp_round(int f, int sign, int exp, u128 sig, A64FP *fp)
{
    return fp_round_x(f, sign, exp, sig, a64_fp_rmode(fp), fz_for(f, fp), false, fp);
}
static uint64_t exact_zero(int f, A64FP *fp) { return fp_zero(f, a64_fp_rmode(fp) == A64_RM); }

/* man * 2^exp as a u128 with its top bit at bit 125, leaving room for a
 * carry and for the sticky bits of an aligned operand. */
static u128 to_top(uint64_t man, int *exp)
{
    int n = 125 - (63 - __builtin_clzll(man));
    *exp -= n;
    return (u128)man << n;
}
static u128 top128(u128 m, int *exp)
{
    int n = clz128(m) - 2;
    *exp -= n;
    return m << n;
}
static u128 shr_jam(u128 x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 128)
        return x != 0;
    return x >> n | ((x & (((u128)1 << n) - 1)) != 0);
}

/* sa * ma * 2^ea + sb * mb * 2^eb for nonzero operands with top bits at 125. */
static uint64_t add_top(int f, int sa, int ea, u128 ma, int sb, int eb, u128 mb, int scale, A64FP *fp)
{
    if (ea < eb || (ea == eb && ma < mb)) {
        int ts = sa, te = ea;
        u128 tm = ma;
        sa = sb, ea = eb, ma = mb;
        sb = ts, eb = te, mb = tm;
    }
    mb = shr_jam(mb, ea - eb);
    u128 r = sa == sb ? ma + mb : ma - mb;
    if (r == 0)
        return exact_zero(f, fp);
    return fp_round(f, sa, ea + scale, r, fp);
}

static uint64_t addsub(int f, uint64_t a, uint64_t b, bool sub, A64FP *fp)
{
    FPV x = unpack(f, a, fp), y = unpack(f, b, fp);
    uint64_t r;
    if (nans2(f, &x, &y, fp, &r))
        return r;
    y.sign ^= sub;
    if (x.cls == C_INF && y.cls == C_INF && x.sign != y.sign)
        return invalid(f, fp);
    if (x.cls == C_INF || y.cls == C_INF)
        return fp_inf(f, x.cls == C_INF ? x.sign : y.sign);
    if (x.cls == C_ZERO && y.cls == C_ZERO)
        return x.sign == y.sign ? fp_zero(f, x.sign) : exact_zero(f, fp);
    if (x.cls == C_ZERO || y.cls == C_ZERO) {
        const FPV *v = x.cls == C_ZERO ? &y : &x;
        return fp_round(f, v->sign, v->exp, v->man, fp);
    }
    int ea = x.exp, eb = y.exp;
    u128 ma = to_top(x.man, &ea), mb = to_top(y.man, &eb);
    return add_top(f, x.sign, ea, ma, y.sign, eb, mb, 0, fp);
}
uint64_t a64_fadd(int f, uint64_t a, uint64_t b, A64FP *fp) { return addsub(f, a, b, false, fp); }
uint64_t a64_fsub(int f, uint64_t a, uint64_t b, A64FP *fp) { return addsub(f, a, b, true, fp); }
uint64_t a64_fabd(int f, uint64_t a, uint64_t b, A64FP *fp)
{
    return addsub(f, a, b, true, fp) & ~a64_fp_sign(f);
}

static uint64_t mul(int f, uint64_t a, uint64_t b, bool mulx, A64FP *fp)
{
    FPV x = unpack(f, a, fp), y = unpack(f, b, fp);
    uint64_t r;
    if (nans2(f, &x, &y, fp, &r))
        return r;
    int s = x.sign ^ y.sign;
    if ((x.cls == C_INF && y.cls == C_ZERO) || (x.cls == C_ZERO && y.cls == C_INF))
        return mulx ? fp_const(f, s, 1, 0) : invalid(f, fp);
    if (x.cls == C_INF || y.cls == C_INF)
        return fp_inf(f, s);
    if (x.cls == C_ZERO || y.cls == C_ZERO)
        return fp_zero(f, s);
    return fp_round(f, s, x.exp + y.exp, (u128)x.man * y.man, fp);
}
uint64_t a64_fmul(int f, uint64_t a, uint64_t b, A64FP *fp) { return mul(f, a, b, false, fp); }
uint64_t a64_fmulx(int f, uint64_t a, uint64_t b, A64FP *fp) { return mul(f, a, b, true, fp); }

uint64_t a64_fdiv(int f, uint64_t a, uint64_t b, A64FP *fp)
{
    FPV x = unpack(f, a, fp), y = unpack(f, b, fp);
    uint64_t r;
    if (nans2(f, &x, &y, fp, &r))
        return r;
    int s = x.sign ^ y.sign;
    if ((x.cls == C_INF && y.cls == C_INF) || (x.cls == C_ZERO && y.cls == C_ZERO))
        return invalid(f, fp);
    if (x.cls == C_INF || y.cls == C_ZERO) {
        if (y.cls == C_ZERO && x.cls != C_INF)
            fp->flags |= A64_DZC;
        return fp_inf(f, s);
    }
    if (x.cls == C_ZERO || y.cls == C_INF)
        return fp_zero(f, s);
    int nx = __builtin_clzll(x.man), ny = __builtin_clzll(y.man);
    uint64_t mx = x.man << nx, my = y.man << ny;
    u128 num = (u128)mx << 64;
    u128 q = num / my;
    q |= (num % my) != 0;
    return fp_round(f, s, x.exp - nx - (y.exp - ny) - 64, q, fp);
}

static uint64_t isqrt128(u128 x, bool *exact)
{
    u128 res = 0, bit = (u128)1 << 126;
    while (bit > x)
        bit >>= 2;
    while (bit) {
        if (x >= res + bit) {
            x -= res + bit;
            res = (res >> 1) + bit;
        } else {
            res >>= 1;
        }
        bit >>= 2;
    }
    *exact = x == 0;
    return (uint64_t)res;
}

uint64_t a64_fsqrt(int f, uint64_t a, A64FP *fp)
{
    FPV x = unpack(f, a, fp);
    if (is_nan(&x))
        return process_nan(f, &x, fp);
    if (x.cls == C_ZERO)
        return fp_zero(f, x.sign);
    if (x.sign)
        return invalid(f, fp);
    if (x.cls == C_INF)
        return fp_inf(f, 0);
    int e = x.exp;
    int sh = 124 - (63 - __builtin_clzll(x.man));
    if ((e - sh) & 1)
        sh++;
    u128 m = (u128)x.man << sh;
    e -= sh;
    bool exact;
    uint64_t r = isqrt128(m, &exact);
    return fp_round(f, 0, e / 2, (u128)r | !exact, fp);
}

/* addend + x * y for operands already past the NaN and infinity cases
 * (zero or numbers), the result scaled by 2^scale. */
static uint64_t muladd_finite(int f, const FPV *c, const FPV *x, const FPV *y, int scale, A64FP *fp)
{
    int sp = x->sign ^ y->sign;
    bool pzero = x->cls == C_ZERO || y->cls == C_ZERO;
    if (pzero && c->cls == C_ZERO)
        return c->sign == sp ? fp_zero(f, sp) : exact_zero(f, fp);
    if (pzero)
        return fp_round(f, c->sign, c->exp + scale, c->man, fp);
    u128 pm = (u128)x->man * y->man;
    int pe = x->exp + y->exp;
    if (c->cls == C_ZERO)
        return fp_round(f, sp, pe + scale, pm, fp);
    pm = top128(pm, &pe);
    int ce = c->exp;
    u128 cm = to_top(c->man, &ce);
    return add_top(f, sp, pe, pm, c->sign, ce, cm, scale, fp);
}

/* FPMulAdd past FPProcessNaNs3 (done, r): the result in format f. */
static uint64_t muladd_unpacked(int f, const FPV *c, const FPV *x, const FPV *y, bool done, uint64_t r,
                                A64FP *fp)
{
    bool inf_zero = (x->cls == C_INF && y->cls == C_ZERO) || (x->cls == C_ZERO && y->cls == C_INF);
    if (c->cls == C_QNAN && inf_zero)
        return invalid(f, fp);
    if (done)
        return r;
    int sp = x->sign ^ y->sign;
    bool pinf = x->cls == C_INF || y->cls == C_INF;
    if (inf_zero || (c->cls == C_INF && pinf && c->sign != sp))
        return invalid(f, fp);
    if (c->cls == C_INF)
        return fp_inf(f, c->sign);
    if (pinf)
        return fp_inf(f, sp);
    return muladd_finite(f, c, x, y, 0, fp);
}

uint64_t a64_fmuladd(int f, uint64_t addend, uint64_t a, uint64_t b, A64FP *fp)
{
    FPV c = unpack(f, addend, fp), x = unpack(f, a, fp), y = unpack(f, b, fp);
    const FPV *v[3] = { &c, &x, &y };
    uint64_t r = 0;
    bool done = process_nans(f, v, 3, fp, &r);
    return muladd_unpacked(f, &c, &x, &y, done, r, fp);
}

/* FPConvertNaN of an already quieted half NaN to single: the payload's
 * top bits move up with the quiet bit. */
static uint64_t nan_h_to_s(uint64_t h)
{
    return (h >> 15 & 1) << 31 | a64_fp_default_nan(A64_FS) | (h & 0x1ff) << 13;
}

uint64_t a64_fmuladd_h(uint64_t addend, uint64_t a, uint64_t b, A64FP *fp)
{
    /* the halves unpack under FZ16 (no IDC), the addend under FZ */
    FPV c = unpack(A64_FS, addend, fp), x = unpack(A64_FH, a, fp), y = unpack(A64_FH, b, fp);
    const FPV *v[3] = { &c, &x, &y };
    uint64_t r = 0;
    bool done = false;
    /* FPProcessNaNs3H: as FPProcessNaNs3, a half's NaN widened */
    for (int kind = C_SNAN; kind >= C_QNAN && !done; kind--)
        for (int i = 0; i < 3 && !done; i++)
            if (v[i]->cls == kind) {
                r = i ? nan_h_to_s(process_nan(A64_FH, v[i], fp)) : process_nan(A64_FS, v[i], fp);
                done = true;
            }
    return muladd_unpacked(A64_FS, &c, &x, &y, done, r, fp);
}

/* FPRecipStepFused / FPRSqrtStepFused: (k - a * b) * 2^scale, where an
 * infinity times zero gives k * 2^scale. */
static uint64_t step_fused(int f, uint64_t a, uint64_t b, bool rsqrt, A64FP *fp)
{
    FPV x = unpack(f, a ^ a64_fp_sign(f), fp), y = unpack(f, b, fp);
    uint64_t r;
    if (nans2(f, &x, &y, fp, &r))
        return r;
    if ((x.cls == C_INF && y.cls == C_ZERO) || (x.cls == C_ZERO && y.cls == C_INF))
        return rsqrt ? fp_const(f, 0, 0, 2) : fp_const(f, 0, 1, 0);
    if (x.cls == C_INF || y.cls == C_INF)
        return fp_inf(f, x.sign ^ y.sign);
    FPV k = { .cls = C_NUM, .man = rsqrt ? 3 : 1, .exp = rsqrt ? 0 : 1 };
    return muladd_finite(f, &k, &x, &y, rsqrt ? -1 : 0, fp);
}
uint64_t a64_frecps(int f, uint64_t a, uint64_t b, A64FP *fp) { return step_fused(f, a, b, false, fp); }
uint64_t a64_frsqrts(int f, uint64_t a, uint64_t b, A64FP *fp) { return step_fused(f, a, b, true, fp); }

/* Order of two non-NaN values: -1, 0, 1. */
static int cmp_val(const FPV *x, const FPV *y)
{
    if (x->cls == C_ZERO && y->cls == C_ZERO)
        return 0;
    if (x->sign != y->sign)
        return x->sign ? -1 : 1;
    int c;
    if (x->cls != y->cls) {
        c = x->cls < y->cls ? -1 : 1;   /* zero < number < infinity */
    } else if (x->cls != C_NUM) {
        c = 0;
    } else {
        int nx = __builtin_clzll(x->man), ny = __builtin_clzll(y->man);
        int ex = x->exp - nx, ey = y->exp - ny;
        uint64_t mx = x->man << nx, my = y->man << ny;
        c = ex != ey ? (ex < ey ? -1 : 1) : mx != my ? (mx < my ? -1 : 1) : 0;
    }
    return x->sign ? -c : c;
}

static uint64_t minmax(int f, uint64_t a, uint64_t b, bool max, bool num, A64FP *fp)
{
    if (num) {
        /* FPMaxNum/FPMinNum: a quiet NaN loses against a number. */
        FPV x = unpack(f, a, fp), y = unpack(f, b, fp);
        uint64_t repl = fp_inf(f, max);
        if (x.cls == C_QNAN && !is_nan(&y))
            a = repl;
        else if (y.cls == C_QNAN && !is_nan(&x))
            b = repl;
    }
    A64FP scratch = *fp;   /* the first unpack above raised IDC already */
    FPV x = unpack(f, a, &scratch), y = unpack(f, b, &scratch);
    fp->flags = scratch.flags;
    uint64_t r;
    if (nans2(f, &x, &y, fp, &r))
        return r;
    int c = cmp_val(&x, &y);
    const FPV *v = (max ? c > 0 : c < 0) ? &x : &y;
    if (x.cls == C_ZERO && y.cls == C_ZERO)
        return fp_zero(f, max ? x.sign & y.sign : x.sign | y.sign);
    if (v->cls == C_INF)
        return fp_inf(f, v->sign);
    if (v->cls == C_ZERO)
        return fp_zero(f, v->sign);
    return fp_round(f, v->sign, v->exp, v->man, fp);
}
uint64_t a64_fmax(int f, uint64_t a, uint64_t b, A64FP *fp) { return minmax(f, a, b, true, false, fp); }
uint64_t a64_fmin(int f, uint64_t a, uint64_t b, A64FP *fp) { return minmax(f, a, b, false, false, fp); }
uint64_t a64_fmaxnm(int f, uint64_t a, uint64_t b, A64FP *fp) { return minmax(f, a, b, true, true, fp); }
uint64_t a64_fminnm(int f, uint64_t a, uint64_t b, A64FP *fp) { return minmax(f, a, b, false, true, fp); }

uint32_t a64_fcmp(int f, uint64_t a, uint64_t b, bool signalling, A64FP *fp)
{
    FPV x = unpack(f, a, fp), y = unpack(f, b, fp);
    if (is_nan(&x) || is_nan(&y)) {
        if (signalling || x.cls == C_SNAN || y.cls == C_SNAN)
            fp->flags |= A64_IOC;
        return 0x3u << 28;
    }
    int c = cmp_val(&x, &y);
    return c == 0 ? 0x6u << 28 : c < 0 ? 0x8u << 28 : 0x2u << 28;
}
bool a64_fcmp_eq(int f, uint64_t a, uint64_t b, A64FP *fp)
{
    FPV x = unpack(f, a, fp), y = unpack(f, b, fp);
    if (is_nan(&x) || is_nan(&y)) {
        if (x.cls == C_SNAN || y.cls == C_SNAN)
            fp->flags |= A64_IOC;
        return false;
    }
    return cmp_val(&x, &y) == 0;
}
static int cmp_signalling(int f, uint64_t a, uint64_t b, A64FP *fp)
{
    FPV x = unpack(f, a, fp), y = unpack(f, b, fp);
    if (is_nan(&x) || is_nan(&y)) {
        fp->flags |= A64_IOC;
        return 2;
    }
    return cmp_val(&x, &y);
}
bool a64_fcmp_ge(int f, uint64_t a, uint64_t b, A64FP *fp)
{
    int c = cmp_signalling(f, a, b, fp);
    return c == 0 || c == 1;
}
bool a64_fcmp_gt(int f, uint64_t a, uint64_t b, A64FP *fp) { return cmp_signalling(f, a, b, fp) == 1; }

uint64_t a64_frint(int f, uint64_t a, unsigned rm, bool exact, A64FP *fp)
{
    FPV x = unpack(f, a, fp);
    if (is_nan(&x))
        return process_nan(f, &x, fp);
    if (x.cls == C_ZERO)
        return fp_zero(f, x.sign);
    if (x.cls == C_INF || x.exp >= 0)
        return x.bits;
    bool inexact;
    u128 q = round_shift(x.man, -x.exp, rm, x.sign, &inexact);
    if (exact && inexact)
        fp->flags |= A64_IXC;
    if (q == 0)
        return fp_zero(f, x.sign);
    return fp_round(f, x.sign, 0, q, fp);
}

uint64_t a64_frint_n(int f, uint64_t a, unsigned rm, unsigned intbits, A64FP *fp)
{
    FPV x = unpack(f, a, fp);
    uint64_t most_neg = fp_const(f, 1, (int)intbits - 1, 0);
    if (is_nan(&x) || x.cls == C_INF) {
        fp->flags |= A64_IOC;
        return most_neg;
    }
    if (x.cls == C_ZERO)
        return fp_zero(f, x.sign);
    bool inexact = false;
    u128 q;
    if (x.exp >= 0)
        q = x.exp >= 64 ? (u128)1 << 64 : (u128)x.man << x.exp;
    else
        q = round_shift(x.man, -x.exp, rm, x.sign, &inexact);
    u128 lim = (u128)1 << (intbits - 1);
    if (x.sign ? q > lim : q >= lim) {
        fp->flags |= A64_IOC;
        return most_neg;
    }
    /* FPRoundIntN: inexact in both the Z and the X forms */
    if (inexact)
        fp->flags |= A64_IXC;
    if (q == 0)
        return fp_zero(f, x.sign);
    return fp_round(f, x.sign, 0, q, fp);
}

uint64_t a64_f_to_fixed(int f, uint64_t a, unsigned fbits, bool is_unsigned, unsigned intbits,
                        unsigned rm, A64FP *fp)
{
    FPV x = unpack(f, a, fp);
    uint64_t umax = intbits == 64 ? UINT64_MAX : (1ull << intbits) - 1;
    uint64_t smax = umax >> 1, smin = smax + 1;   /* smin as the unsigned pattern */
    if (is_nan(&x)) {
        fp->flags |= A64_IOC;
        return 0;
    }
    if (x.cls == C_ZERO)
        return 0;
    u128 q;
    bool inexact = false;
    if (x.cls == C_INF) {
        q = (u128)1 << 65;
    } else {
        int e = x.exp + (int)fbits;
        if (e >= 0)
            q = e >= 65 ? (u128)1 << 65 : (u128)x.man << e;
        else
            q = round_shift(x.man, -e, rm, x.sign, &inexact);
    }
    uint64_t res;
    bool sat = false;
    if (is_unsigned) {
        if (x.sign && q) {
            res = 0;
            sat = true;
        } else if (q > umax) {
            res = umax;
            sat = true;
        } else {
            res = (uint64_t)q;
        }
    } else if (x.sign) {
        if (q > smin) {
            res = smin;
            sat = true;
        } else {
            res = (uint64_t)-q & umax;
        }
    } else if (q > smax) {
        res = smax;
        sat = true;
    } else {
        res = (uint64_t)q;
    }
    if (sat)
        fp->flags |= A64_IOC;
    else if (inexact)
        fp->flags |= A64_IXC;
    return res;
}

uint64_t a64_fixed_to_f(int f, uint64_t x, unsigned fbits, bool is_unsigned, unsigned intbits,
                        unsigned rm, A64FP *fp)
{
    if (intbits < 64) {
        unsigned sh = 64 - intbits;
        x = is_unsigned ? x << sh >> sh : (uint64_t)((int64_t)(x << sh) >> sh);
    }
    int sign = !is_unsigned && (int64_t)x < 0;
    uint64_t mag = sign ? -x : x;
    if (mag == 0)
        return fp_zero(f, 0);
    return fp_round_x(f, sign, -(int)fbits, mag, rm, fz_for(f, fp), false, fp);
}

uint64_t a64_fcvt(int to, int from, uint64_t a, unsigned rm, A64FP *fp)
{
    FPV x = unpack_x(from, a, fp, true);
    bool ahp = to == A64_FH && (fp->fpcr & A64_FPCR_AHP);
    if (is_nan(&x)) {
        if (ahp) {
            fp->flags |= A64_IOC;
            return fp_zero(to, x.sign);
        }
        if (x.cls == C_SNAN)
            fp->flags |= A64_IOC;
        if (fp->fpcr & A64_FPCR_DN)
            return a64_fp_default_nan(to);
        /* FPConvertNaN: the payload's top bits, quieted. */
        uint64_t frac = x.bits & ((1ull << (FB(from) - 1)) - 1);
        frac = FB(to) >= FB(from) ? frac << (FB(to) - FB(from)) : frac >> (FB(from) - FB(to));
        return sign_bit(to, x.sign) | a64_fp_default_nan(to) | frac;
    }
    if (x.cls == C_INF) {
        if (ahp) {
            fp->flags |= A64_IOC;
            return sign_bit(to, x.sign) | 0x7fff;
        }
        return fp_inf(to, x.sign);
    }
    if (x.cls == C_ZERO)
        return fp_zero(to, x.sign);
    bool fz = to != A64_FH && (fp->fpcr & A64_FPCR_FZ);
    return fp_round_x(to, x.sign, x.exp, x.man, rm, fz, ahp, fp);
}

uint32_t a64_fjcvtzs(uint64_t a, bool *z, A64FP *fp)
{
    FPV x = unpack(A64_FD, a, fp);
    *z = false;
    if (is_nan(&x) || x.cls == C_INF) {
        fp->flags |= A64_IOC;
        return 0;
    }
    if (x.cls == C_ZERO) {
        if ((a & ((1ull << 52) - 1)) != 0) {   /* a flushed denormal: IDC only */
            *z = !x.sign;
            return 0;
        }
        /* -0.0 converts exactly (no IXC), but is not the int32 0 to
         * JavaScript, so Z is clear */
        *z = !x.sign;
        return 0;
    }
    bool inexact = false;
    uint64_t mag;
    bool big = false;
    if (x.exp >= 0) {
        mag = x.exp >= 64 ? 0 : x.man << x.exp;
        big = x.exp + (63 - __builtin_clzll(x.man)) >= 63;
    } else {
        mag = (uint64_t)round_shift(x.man, -x.exp, A64_RZ, x.sign, &inexact);
    }
    uint32_t res = (uint32_t)(x.sign ? -mag : mag);
    bool overflow = big || (x.sign ? mag > 0x80000000ull : mag > 0x7fffffffull);
    if (overflow)
        fp->flags |= A64_IOC;
    else if (inexact)
        fp->flags |= A64_IXC;
    *z = !overflow && !inexact;
    return res;
}

/* RecipEstimate and RecipSqrtEstimate: 9-bit fixed point in, 9 bits out. */
static unsigned recip_estimate(unsigned a)
{
    a = a * 2 + 1;
    unsigned b = (1u << 19) / a;
    return (b + 1) / 2;
}
static unsigned rsqrt_estimate(unsigned a)
{
    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    uint64_t b = 512;
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ull << 28))
        b++;
    return (unsigned)(b + 1) / 2;
}

/* The operand's fraction as 52 bits and its biased exponent. */
static uint64_t frac52(int f, uint64_t a, int *exp)
{
    *exp = (int)(a >> FB(f) & EMAX_FIELD(f));
    return (a & ((1ull << FB(f)) - 1)) << (52 - FB(f));
}

uint64_t a64_frecpe(int f, uint64_t a, A64FP *fp)
{
    FPV x = unpack(f, a, fp);
    if (is_nan(&x))
        return process_nan(f, &x, fp);
    if (x.cls == C_INF)
        return fp_zero(f, x.sign);
    if (x.cls == C_ZERO) {
        fp->flags |= A64_DZC;
        return fp_inf(f, x.sign);
    }
    int bias = BIAS(f);
    /* |value| < 2^-(bias+1): the reciprocal overflows */
    int top = x.exp + 63 - __builtin_clzll(x.man);   /* floor(log2 |value|) */
    if (top < -(bias + 1)) {
        unsigned rm = a64_fp_rmode(fp);
        bool to_inf = rm == A64_RN || (rm == A64_RP && !x.sign) || (rm == A64_RM && x.sign);
        fp->flags |= A64_OFC | A64_IXC;
        return to_inf ? fp_inf(f, x.sign) : fp_max_normal(f, x.sign);
    }
    if (fz_for(f, fp) && top >= bias - 1) {
        fp->flags |= A64_UFC;
        return fp_zero(f, x.sign);
    }
    int exp;
    uint64_t frac = frac52(f, a, &exp);
    if (exp == 0) {
        if (!(frac >> 51 & 1)) {
            exp = -1;
            frac = frac << 2 & ((1ull << 52) - 1);
        } else {
            frac = frac << 1 & ((1ull << 52) - 1);
        }
    }
    unsigned scaled = 256 | (unsigned)(frac >> 44);
    int rexp = 2 * bias - 1 - exp;
    uint64_t est = recip_estimate(scaled);
    frac = (est & 0xff) << 44;
    if (rexp == 0) {
        frac = 1ull << 51 | frac >> 1;
    } else if (rexp == -1) {
        frac = 1ull << 50 | frac >> 2;
        rexp = 0;
    }
    return sign_bit(f, x.sign) | (uint64_t)rexp << FB(f) | frac >> (52 - FB(f));
}

uint64_t a64_frsqrte(int f, uint64_t a, A64FP *fp)
{
    FPV x = unpack(f, a, fp);
    if (is_nan(&x))
        return process_nan(f, &x, fp);
    if (x.cls == C_ZERO) {
        fp->flags |= A64_DZC;
        return fp_inf(f, x.sign);
    }
    if (x.sign)
        return invalid(f, fp);
    if (x.cls == C_INF)
        return fp_zero(f, 0);
    int exp;
    uint64_t frac = frac52(f, a, &exp);
    if (exp == 0) {
        while (!(frac >> 51 & 1)) {
            frac = frac << 1 & ((1ull << 52) - 1);
            exp--;
        }
        frac = frac << 1 & ((1ull << 52) - 1);
    }
    unsigned scaled = (exp & 1) ? 128 | (unsigned)(frac >> 45) : 256 | (unsigned)(frac >> 44);
    int rexp = (3 * BIAS(f) - 1 - exp) / 2;
    uint64_t est = rsqrt_estimate(scaled);
    return (uint64_t)rexp << FB(f) | ((est & 0xff) << 44) >> (52 - FB(f));
}
