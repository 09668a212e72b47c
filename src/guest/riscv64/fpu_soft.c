/*
 * Exact software IEEE arithmetic for the RISC-V FPU library (see
 * fpu_soft.h for who uses it and when). Every operation unpacks its
 * operands to a sign, an unbiased exponent and a 64-bit significand with
 * the leading one at bit 62, computes the exact result (or a truncation of
 * it whose lowest bit is "sticky": set when anything nonzero was dropped),
 * and hands it to round_pack(), the one place that knows about rounding
 * modes, tininess, overflow and the flags they raise. Products and
 * quotients use unsigned __int128 so that no bit is lost before rounding.
 */
#include "guest/riscv64/fpu_soft.h"

#include "guest/riscv64/cpu.h"

typedef unsigned __int128 u128;

enum { FP_ZERO, FP_FINITE, FP_INF, FP_QNAN, FP_SNAN };

/* A finite value is sig * 2^(exp - 62) with bit 62 of sig set. */
typedef struct FpNum {
    int cls;
    bool sign;
    int exp;
    uint64_t sig;
} FpNum;

static inline int fmt_bias(const RVFpFmt *f) { return (1 << (f->ebits - 1)) - 1; }

static inline bool is_nan(const FpNum *x) { return x->cls >= FP_QNAN; }

static uint64_t shift_right_jam64(uint64_t x, unsigned n)
{
    if (n == 0)
        return x;
    if (n >= 64)
        return x != 0;
    return x >> n | ((x << (64 - n)) != 0);
}

static u128 shift_right_jam128(u128 x, unsigned n)
{
    if (n == 0)
        return x;
    if (n >= 128)
        return x != 0;
    return x >> n | ((x << (128 - n)) != 0);
}

static FpNum unpack(const RVFpFmt *f, uint64_t bits)
{
    uint64_t emask = (1u << f->ebits) - 1;
    uint64_t e = bits >> f->frac & emask;
    uint64_t m = bits & ((1ull << f->frac) - 1);
    FpNum x = { .sign = bits >> (f->frac + f->ebits) & 1 };

    if (e == emask) {
        x.cls = m == 0 ? FP_INF : m & rv_fmt_quiet(f) ? FP_QNAN : FP_SNAN;
    } else if (e == 0 && m == 0) {
        x.cls = FP_ZERO;
    } else if (e == 0) {
        int shift = __builtin_clzll(m) - 1;
        x.cls = FP_FINITE;
        x.sig = m << shift;
        x.exp = 1 - fmt_bias(f) - (int)f->frac + 62 - shift;
    } else {
        x.cls = FP_FINITE;
        x.sig = (m | 1ull << f->frac) << (62 - f->frac);
        x.exp = (int)e - fmt_bias(f);
    }
    return x;
}

static uint64_t pack_zero(const RVFpFmt *f, bool sign) { return sign ? rv_fmt_sign(f) : 0; }

static uint64_t pack_inf(const RVFpFmt *f, bool sign)
{
    return pack_zero(f, sign) | rv_fmt_inf(f);
}

static uint64_t invalid(const RVFpFmt *f, uint64_t *fl)
{
    *fl |= RV_FFLAG_NV;
    return rv_fmt_qnan(f);
}

/* The NaN result of an operation with a NaN operand: only a signaling one
 * is an invalid operation. */
static uint64_t propagate_nan(const RVFpFmt *f, const FpNum *x, const FpNum *y, uint64_t *fl)
{
    if (x->cls == FP_SNAN || y->cls == FP_SNAN)
        *fl |= RV_FFLAG_NV;
    return rv_fmt_qnan(f);
}

/* Whether discarding the low s bits of sig (1 <= s <= 63) rounds the
 * magnitude up. */
static bool round_up(uint64_t sig, unsigned s, bool sign, unsigned rm)
{
    uint64_t rest = sig & ((1ull << s) - 1), half = 1ull << (s - 1);

    switch (rm) {
    case RV_RM_RNE: return rest > half || (rest == half && (sig >> s & 1));
    case RV_RM_RTZ: return false;
    case RV_RM_RDN: return sign && rest;
    case RV_RM_RUP: return !sign && rest;
    default:        return rest >= half;
    }
}

/*
 * Rounds sign * sig * 2^(exp - 62) (sig nonzero, any bit may lead, bit 0
 * sticky) to format f. A value below the normal range is tiny unless
 * rounding it to full precision with an unbounded exponent would reach the
 * smallest normal: that is RISC-V's after-rounding tininess, and underflow
 * is raised only when a tiny result is also inexact.
 */
static uint64_t round_pack(const RVFpFmt *f, bool sign, int exp, uint64_t sig, unsigned rm,
                           uint64_t *fl)
{
    int lead = 63 - __builtin_clzll(sig);
    int emin = 1 - fmt_bias(f), emax = fmt_bias(f);
    unsigned s = 62 - f->frac;
    uint64_t low = (1ull << s) - 1, all_ones = (1ull << (f->frac + 1)) - 1;
    bool tiny = false;

    if (lead == 63) {
        sig = shift_right_jam64(sig, 1);
        exp++;
    } else {
        sig <<= 62 - lead;
        exp -= 62 - lead;
    }
    if (exp < emin) {
        tiny = exp < emin - 1 || sig >> s != all_ones || !round_up(sig, s, sign, rm);
        sig = shift_right_jam64(sig, (unsigned)(emin - exp));
        exp = emin;
    }
    if (sig & low) {
        *fl |= RV_FFLAG_NX;
        if (tiny)
            *fl |= RV_FFLAG_UF;
    }
    if (round_up(sig, s, sign, rm)) {
        sig = (sig | low) + 1;
        if (sig >> 63) {
            sig >>= 1;
            exp++;
        }
    }
    if (exp > emax) {
        bool to_inf = rm == RV_RM_RNE || rm == RV_RM_RMM || (rm == RV_RM_RDN && sign) ||
                      (rm == RV_RM_RUP && !sign);
        *fl |= RV_FFLAG_OF | RV_FFLAG_NX;
        return to_inf ? pack_inf(f, sign) : pack_inf(f, sign) - 1;
    }
    /* Below bit 62 only subnormals (and zero) remain: biased exponent 0. */
    uint64_t biased = sig >> 62 ? (uint64_t)(exp + fmt_bias(f)) : 0;
    return pack_zero(f, sign) | biased << f->frac | (sig >> s & ((1ull << f->frac) - 1));
}

static uint64_t round_pack128(const RVFpFmt *f, bool sign, int exp, u128 sig, unsigned rm,
                              uint64_t *fl)
{
    uint64_t hi = (uint64_t)(sig >> 64);

    if (hi) {
        unsigned n = 64 - (unsigned)__builtin_clzll(hi);
        sig = shift_right_jam128(sig, n);
        exp += (int)n;
    }
    return round_pack(f, sign, exp, (uint64_t)sig, rm, fl);
}

/* The sign of an exact zero sum of operands with these signs. */
static bool zero_sum_sign(bool x, bool y, unsigned rm)
{
    return x == y ? x : rm == RV_RM_RDN;
}

uint64_t rv_soft_add(const RVFpFmt *f, uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    FpNum x = unpack(f, a), y = unpack(f, b);

    if (is_nan(&x) || is_nan(&y))
        return propagate_nan(f, &x, &y, fl);
    if (x.cls == FP_INF && y.cls == FP_INF && x.sign != y.sign)
        return invalid(f, fl);
    if (x.cls == FP_INF)
        return a;
    if (y.cls == FP_INF)
        return b;
    if (x.cls == FP_ZERO && y.cls == FP_ZERO)
        return pack_zero(f, zero_sum_sign(x.sign, y.sign, rm));
    if (x.cls == FP_ZERO)
        return b;
    if (y.cls == FP_ZERO)
        return a;
    if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) {
        FpNum t = x;
        x = y;
        y = t;
    }
    /* One bit of headroom for the carry; the shifts out of y stay exact
     * unless the exponents are at least two apart, and then at most one
     * bit cancels, so the sticky bit never reaches the rounding position. */
    uint64_t xs = x.sig >> 1, ys = shift_right_jam64(y.sig >> 1, (unsigned)(x.exp - y.exp));
    if (x.sign == y.sign)
        return round_pack(f, x.sign, x.exp + 1, xs + ys, rm, fl);
    if (xs == ys)
        return pack_zero(f, rm == RV_RM_RDN);
    return round_pack(f, x.sign, x.exp + 1, xs - ys, rm, fl);
}

uint64_t rv_soft_mul(const RVFpFmt *f, uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    FpNum x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign ^ y.sign;

    if (is_nan(&x) || is_nan(&y))
        return propagate_nan(f, &x, &y, fl);
    if ((x.cls == FP_INF && y.cls == FP_ZERO) || (x.cls == FP_ZERO && y.cls == FP_INF))
        return invalid(f, fl);
    if (x.cls == FP_INF || y.cls == FP_INF)
        return pack_inf(f, sign);
    if (x.cls == FP_ZERO || y.cls == FP_ZERO)
        return pack_zero(f, sign);
    return round_pack128(f, sign, x.exp + y.exp - 62, (u128)x.sig * y.sig, rm, fl);
}

uint64_t rv_soft_div(const RVFpFmt *f, uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    FpNum x = unpack(f, a), y = unpack(f, b);
    bool sign = x.sign ^ y.sign;

    if (is_nan(&x) || is_nan(&y))
        return propagate_nan(f, &x, &y, fl);
    if ((x.cls == FP_INF && y.cls == FP_INF) || (x.cls == FP_ZERO && y.cls == FP_ZERO))
        return invalid(f, fl);
    if (x.cls == FP_INF)
        return pack_inf(f, sign);
    if (y.cls == FP_INF || x.cls == FP_ZERO)
        return pack_zero(f, sign);
    if (y.cls == FP_ZERO) {
        *fl |= RV_FFLAG_DZ;
        return pack_inf(f, sign);
    }
    /* x.sig / y.sig lies in (1/2, 2); scaled by 2^64 it keeps 63+ bits. */
    u128 num = (u128)x.sig << 64;
    u128 q = num / y.sig;
    bool rest = num % y.sig != 0;
    return round_pack128(f, sign, x.exp - y.exp - 2, q | rest, rm, fl);
}

/* floor(sqrt(n)), one result bit per step; *exact says whether n is a
 * perfect square. */
static uint64_t isqrt128(u128 n, bool *exact)
{
    u128 rem = 0;
    uint64_t root = 0;

    for (int i = 0; i < 64; i++) {
        u128 trial;
        rem = rem << 2 | n >> 126;
        n <<= 2;
        trial = (u128)root << 2 | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    *exact = rem == 0;
    return root;
}

uint64_t rv_soft_sqrt(const RVFpFmt *f, uint64_t a, unsigned rm, uint64_t *fl)
{
    FpNum x = unpack(f, a);
    bool exact;
    uint64_t root;

    if (is_nan(&x))
        return propagate_nan(f, &x, &x, fl);
    if (x.cls == FP_ZERO)
        return a;
    if (x.sign)
        return invalid(f, fl);
    if (x.cls == FP_INF)
        return a;
    /* Make the power of two even so that it halves exactly. */
    if (x.exp & 1) {
        root = isqrt128((u128)x.sig << 63, &exact);
        return round_pack(f, false, (x.exp - 125) / 2 + 62, root | !exact, rm, fl);
    }
    root = isqrt128((u128)x.sig << 64, &exact);
    return round_pack(f, false, x.exp / 2 - 1, root | !exact, rm, fl);
}

uint64_t rv_soft_fma(const RVFpFmt *f, uint64_t a, uint64_t b, uint64_t c, unsigned rm,
                     uint64_t *fl)
{
    FpNum x = unpack(f, a), y = unpack(f, b), z = unpack(f, c);
    bool ps = x.sign ^ y.sign;
    bool inf_times_zero = (x.cls == FP_INF && y.cls == FP_ZERO) ||
                          (x.cls == FP_ZERO && y.cls == FP_INF);

    /* The spec makes inf * 0 invalid even when the addend is a quiet NaN. */
    if (is_nan(&x) || is_nan(&y) || is_nan(&z)) {
        if (x.cls == FP_SNAN || y.cls == FP_SNAN || z.cls == FP_SNAN || inf_times_zero)
            *fl |= RV_FFLAG_NV;
        return rv_fmt_qnan(f);
    }
    if (inf_times_zero)
        return invalid(f, fl);
    if (x.cls == FP_INF || y.cls == FP_INF)
        return z.cls == FP_INF && z.sign != ps ? invalid(f, fl) : pack_inf(f, ps);
    if (z.cls == FP_INF)
        return c;
    if (x.cls == FP_ZERO || y.cls == FP_ZERO)
        return z.cls == FP_ZERO ? pack_zero(f, zero_sum_sign(ps, z.sign, rm)) : c;

    /* Both terms become X * 2^(e - 124) with bit 125 of X set. */
    u128 p = (u128)x.sig * y.sig;
    int pe = x.exp + y.exp;
    if (z.cls == FP_ZERO)
        return round_pack128(f, ps, pe - 62, p, rm, fl);
    if (!(p >> 125)) {
        p <<= 1;
        pe--;
    }
    u128 q = (u128)z.sig << 63;
    int qe = z.exp - 1;
    bool qs = z.sign;
    if (pe < qe || (pe == qe && p < q)) {
        u128 t = p;
        bool ts = ps;
        int te = pe;
        p = q, pe = qe, ps = qs;
        q = t, qe = te, qs = ts;
    }
    /* As in rv_soft_add: a sticky shift only where little can cancel. */
    q = shift_right_jam128(q, (unsigned)(pe - qe));
    if (ps == qs)
        return round_pack128(f, ps, pe - 62, p + q, rm, fl);
    if (p == q)
        return pack_zero(f, rm == RV_RM_RDN);
    return round_pack128(f, ps, pe - 62, p - q, rm, fl);
}

uint64_t rv_soft_cvt(const RVFpFmt *to, const RVFpFmt *from, uint64_t a, unsigned rm,
                     uint64_t *fl)
{
    FpNum x = unpack(from, a);

    switch (x.cls) {
    case FP_ZERO:   return pack_zero(to, x.sign);
    case FP_INF:    return pack_inf(to, x.sign);
    case FP_FINITE: return round_pack(to, x.sign, x.exp, x.sig, rm, fl);
    default:        return propagate_nan(to, &x, &x, fl);
    }
}

uint64_t rv_soft_to_int(const RVFpFmt *f, uint64_t a, RVIntKind kind, unsigned rm,
                        uint64_t *fl)
{
    /* Largest magnitude allowed for each sign; out of range saturates to
     * the nearest end, NaN to the positive one, and neither is inexact. */
    static const uint64_t max_pos[] = { 0x7fffffff, 0xffffffff, INT64_MAX, UINT64_MAX };
    static const uint64_t max_neg[] = { 0x80000000, 0, 1ull << 63, 0 };
    bool narrow = kind == RV_INT_W || kind == RV_INT_WU;
    FpNum x = unpack(f, a);
    uint64_t mag = 0, r;

    if (x.cls == FP_FINITE && x.exp >= 62) {
        if (x.exp > 63)
            x.cls = FP_INF;
        else
            mag = x.sig << (x.exp - 62);
    } else if (x.cls == FP_FINITE) {
        unsigned s = (unsigned)(62 - x.exp);
        uint64_t sig = x.sig;
        if (s > 63) {
            sig = shift_right_jam64(sig, s - 63);
            s = 63;
        }
        mag = (sig >> s) + round_up(sig, s, x.sign, rm);
        if (sig & ((1ull << s) - 1) && mag <= (x.sign ? max_neg[kind] : max_pos[kind]))
            *fl |= RV_FFLAG_NX;
    }
    if (is_nan(&x) || x.cls == FP_INF || mag > (x.sign ? max_neg[kind] : max_pos[kind])) {
        *fl |= RV_FFLAG_NV;
        r = x.sign && !is_nan(&x) ? -max_neg[kind] : max_pos[kind];
    } else {
        r = x.sign ? -mag : mag;
    }
    return narrow ? (uint64_t)(int64_t)(int32_t)(uint32_t)r : r;
}

uint64_t rv_soft_from_int(const RVFpFmt *f, bool neg, uint64_t mag, unsigned rm, uint64_t *fl)
{
    return mag ? round_pack(f, neg, 62, mag, rm, fl) : 0;
}
