/*
 * The RISC-V F and D instructions (interface in fpu.h): NaN-boxing, NaN
 * canonicalization, and the choice between the host's FPU and the exact
 * software arithmetic of fpu_soft.c.
 *
 * On x86-64 the four basic operations, square root and (when the CPU has
 * FMA3) fused multiply-add run on SSE under the requested rounding mode
 * (fpu_host.h); only their NaN results need fixing, since x86 propagates
 * payloads where RISC-V returns the canonical NaN. Everything else goes to
 * software: ties-to-max-magnitude, which x86 lacks (except for square
 * root: a square root is never exactly halfway between two floats, so
 * there RMM and RNE agree); fused multiply-add with a NaN operand, because
 * RISC-V wants invalid for inf * 0 + qNaN; conversions, which x86 neither
 * saturates nor does unsigned; and sign/compare/classify work, which is
 * plain bit manipulation. Building with -DRV_FPU_SOFTFLOAT (or on any
 * other host) uses software throughout; the tests run both builds.
 */
#include "guest/riscv64/fpu.h"

#include "guest/riscv64/cpu.h"
#include "guest/riscv64/fpu_soft.h"

#if defined(__x86_64__) && !defined(RV_FPU_SOFTFLOAT)
#define RV_FPU_HOST 1
#include "guest/riscv64/fpu_host.h"
#endif

#define BOX_BITS 0xffffffff00000000ull

static inline bool is_single(const RVFpFmt *f) { return f->frac == rv_fmt_s.frac; }

static inline uint64_t unbox(const RVFpFmt *f, uint64_t a)
{
    if (!is_single(f))
        return a;
    return (a & BOX_BITS) == BOX_BITS ? (uint32_t)a : rv_fmt_qnan(f);
}

static inline uint64_t box(const RVFpFmt *f, uint64_t r) { return is_single(f) ? r | BOX_BITS : r; }

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

#ifdef RV_FPU_HOST
static inline uint64_t canonical(const RVFpFmt *f, uint64_t r)
{
    return rv_fmt_is_nan(f, r) ? rv_fmt_qnan(f) : r;
}

static inline uint64_t host_arith(const RVFpFmt *f, int op, uint64_t a, uint64_t b, unsigned rm,
                                  uint64_t *fl)
{
    if (is_single(f)) {
        switch (op) {
        case OP_ADD: return rv_host_add_s(a, b, rm, fl);
        case OP_SUB: return rv_host_sub_s(a, b, rm, fl);
        case OP_MUL: return rv_host_mul_s(a, b, rm, fl);
        default:     return rv_host_div_s(a, b, rm, fl);
        }
    }
    switch (op) {
    case OP_ADD: return rv_host_add_d(a, b, rm, fl);
    case OP_SUB: return rv_host_sub_d(a, b, rm, fl);
    case OP_MUL: return rv_host_mul_d(a, b, rm, fl);
    default:     return rv_host_div_d(a, b, rm, fl);
    }
}
#endif

static inline uint64_t arith(const RVFpFmt *f, int op, uint64_t a, uint64_t b, unsigned rm,
                             uint64_t *fl)
{
    a = unbox(f, a);
    b = unbox(f, b);
#ifdef RV_FPU_HOST
    if (rm != RV_RM_RMM)
        return box(f, canonical(f, host_arith(f, op, a, b, rm, fl)));
#endif
    switch (op) {
    case OP_ADD: return box(f, rv_soft_add(f, a, b, rm, fl));
    case OP_SUB: return box(f, rv_soft_add(f, a, b ^ rv_fmt_sign(f), rm, fl));
    case OP_MUL: return box(f, rv_soft_mul(f, a, b, rm, fl));
    default:     return box(f, rv_soft_div(f, a, b, rm, fl));
    }
}

static inline uint64_t fsqrt(const RVFpFmt *f, uint64_t a, unsigned rm, uint64_t *fl)
{
    a = unbox(f, a);
#ifdef RV_FPU_HOST
    if (rm == RV_RM_RMM)
        rm = RV_RM_RNE;
    return box(f, canonical(f, is_single(f) ? rv_host_sqrt_s(a, rm, fl)
                                            : rv_host_sqrt_d(a, rm, fl)));
#else
    return box(f, rv_soft_sqrt(f, a, rm, fl));
#endif
}

/* (-1)^neg_prod * a * b + (-1)^neg_add * c, rounded once. Negating an
 * operand is exact, so this is the spec's -(a * b) - c and the rest. */
static inline uint64_t fused(const RVFpFmt *f, uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                             bool neg_add, unsigned rm, uint64_t *fl)
{
    a = unbox(f, a) ^ (neg_prod ? rv_fmt_sign(f) : 0);
    b = unbox(f, b);
    c = unbox(f, c) ^ (neg_add ? rv_fmt_sign(f) : 0);
#ifdef RV_FPU_HOST
    if (rm != RV_RM_RMM && !rv_fmt_is_nan(f, a) && !rv_fmt_is_nan(f, b) &&
        !rv_fmt_is_nan(f, c) && rv_host_has_fma())
        return box(f, canonical(f, is_single(f) ? rv_host_fma_s(a, b, c, rm, fl)
                                                : rv_host_fma_d(a, b, c, rm, fl)));
#endif
    return box(f, rv_soft_fma(f, a, b, c, rm, fl));
}

/* Orders non-NaN values as integers, with -0 below +0. */
static inline uint64_t order_key(const RVFpFmt *f, uint64_t a)
{
    uint64_t s = rv_fmt_sign(f), all = s | (s - 1);
    return a & s ? ~a & all : a | s;
}

static inline bool both_zero(const RVFpFmt *f, uint64_t a, uint64_t b)
{
    return ((a | b) & ~rv_fmt_sign(f)) == 0;
}

/* IEEE 754-2019 minimumNumber / maximumNumber, as RISC-V F 2.2 asks. */
static inline uint64_t minmax(const RVFpFmt *f, uint64_t a, uint64_t b, bool max, uint64_t *fl)
{
    a = unbox(f, a);
    b = unbox(f, b);
    if (rv_fmt_is_snan(f, a) || rv_fmt_is_snan(f, b))
        *fl |= RV_FFLAG_NV;
    if (rv_fmt_is_nan(f, a) && rv_fmt_is_nan(f, b))
        return box(f, rv_fmt_qnan(f));
    if (rv_fmt_is_nan(f, a))
        return box(f, b);
    if (rv_fmt_is_nan(f, b))
        return box(f, a);
    return box(f, (order_key(f, a) < order_key(f, b)) != max ? a : b);
}

enum { CMP_EQ, CMP_LT, CMP_LE };

/* Equality is a quiet comparison, the ordering ones signal on any NaN. */
static inline uint64_t compare(const RVFpFmt *f, int cmp, uint64_t a, uint64_t b, uint64_t *fl)
{
    a = unbox(f, a);
    b = unbox(f, b);
    if (rv_fmt_is_nan(f, a) || rv_fmt_is_nan(f, b)) {
        if (cmp != CMP_EQ || rv_fmt_is_snan(f, a) || rv_fmt_is_snan(f, b))
            *fl |= RV_FFLAG_NV;
        return 0;
    }
    switch (cmp) {
    case CMP_EQ: return a == b || both_zero(f, a, b);
    case CMP_LT: return order_key(f, a) < order_key(f, b) && !both_zero(f, a, b);
    default:     return order_key(f, a) <= order_key(f, b) || both_zero(f, a, b);
    }
}

/* The comparison's result alone, its flags dropped (the guest's
 * `frflags; flt; fsflags` idiom, whose fsflags puts the flags back). */
static inline uint64_t compare_quiet(const RVFpFmt *f, int cmp, uint64_t a, uint64_t b)
{
    uint64_t fl = 0;
    return compare(f, cmp, a, b, &fl);
}

static inline uint64_t fclass(const RVFpFmt *f, uint64_t a)
{
    a = unbox(f, a);
    uint64_t mag = a & ~rv_fmt_sign(f), inf = rv_fmt_inf(f);
    bool neg = a & rv_fmt_sign(f);

    if (mag > inf)
        return a & rv_fmt_quiet(f) ? 1u << 9 : 1u << 8;
    if (mag == inf)
        return neg ? 1u << 0 : 1u << 7;
    if (mag == 0)
        return neg ? 1u << 3 : 1u << 4;
    if (mag >> f->frac == 0)
        return neg ? 1u << 2 : 1u << 5;
    return neg ? 1u << 1 : 1u << 6;
}

enum { SGNJ, SGNJN, SGNJX };

static inline uint64_t sgnj(const RVFpFmt *f, int kind, uint64_t a, uint64_t b)
{
    uint64_t s = rv_fmt_sign(f);

    a = unbox(f, a);
    b = unbox(f, b);
    switch (kind) {
    case SGNJ:  return box(f, (a & ~s) | (b & s));
    case SGNJN: return box(f, (a & ~s) | (~b & s));
    default:    return box(f, a ^ (b & s));
    }
}

static inline uint64_t to_int(const RVFpFmt *f, uint64_t a, RVIntKind kind, unsigned rm,
                              uint64_t *fl)
{
    return rv_soft_to_int(f, unbox(f, a), kind, rm, fl);
}

static inline uint64_t from_int(const RVFpFmt *f, uint64_t x, RVIntKind kind, unsigned rm,
                                uint64_t *fl)
{
    int64_t v = kind == RV_INT_W ? (int32_t)x : (int64_t)x;

    switch (kind) {
    case RV_INT_WU: return box(f, rv_soft_from_int(f, false, (uint32_t)x, rm, fl));
    case RV_INT_LU: return box(f, rv_soft_from_int(f, false, x, rm, fl));
    default:
        return box(f, rv_soft_from_int(f, v < 0, v < 0 ? -(uint64_t)v : (uint64_t)v, rm, fl));
    }
}

uint64_t rv_fadd_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_s, OP_ADD, a, b, rm, fl);
}

uint64_t rv_fsub_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_s, OP_SUB, a, b, rm, fl);
}

uint64_t rv_fmul_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_s, OP_MUL, a, b, rm, fl);
}

uint64_t rv_fdiv_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_s, OP_DIV, a, b, rm, fl);
}

uint64_t rv_fsqrt_s(uint64_t a, unsigned rm, uint64_t *fl)
{
    return fsqrt(&rv_fmt_s, a, rm, fl);
}

uint64_t rv_fmin_s(uint64_t a, uint64_t b, uint64_t *fl)
{
    return minmax(&rv_fmt_s, a, b, false, fl);
}

uint64_t rv_fmax_s(uint64_t a, uint64_t b, uint64_t *fl)
{
    return minmax(&rv_fmt_s, a, b, true, fl);
}

uint64_t rv_fmadd_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_s, a, b, c, false, false, rm, fl);
}

uint64_t rv_fmsub_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_s, a, b, c, false, true, rm, fl);
}

uint64_t rv_fnmsub_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_s, a, b, c, true, false, rm, fl);
}

uint64_t rv_fnmadd_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_s, a, b, c, true, true, rm, fl);
}

uint64_t rv_feq_s(uint64_t a, uint64_t b, uint64_t *fl)
{
    return compare(&rv_fmt_s, CMP_EQ, a, b, fl);
}

uint64_t rv_flt_s(uint64_t a, uint64_t b, uint64_t *fl)
{
    return compare(&rv_fmt_s, CMP_LT, a, b, fl);
}

uint64_t rv_fle_s(uint64_t a, uint64_t b, uint64_t *fl)
{
    return compare(&rv_fmt_s, CMP_LE, a, b, fl);
}

uint64_t rv_fclass_s(uint64_t a)
{
    return fclass(&rv_fmt_s, a);
}

uint64_t rv_fsgnj_s(uint64_t a, uint64_t b)
{
    return sgnj(&rv_fmt_s, SGNJ, a, b);
}

uint64_t rv_fsgnjn_s(uint64_t a, uint64_t b)
{
    return sgnj(&rv_fmt_s, SGNJN, a, b);
}

uint64_t rv_fsgnjx_s(uint64_t a, uint64_t b)
{
    return sgnj(&rv_fmt_s, SGNJX, a, b);
}

uint64_t rv_fcvt_w_s(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_s, a, RV_INT_W, rm, fl);
}

uint64_t rv_fcvt_wu_s(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_s, a, RV_INT_WU, rm, fl);
}

uint64_t rv_fcvt_l_s(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_s, a, RV_INT_L, rm, fl);
}

uint64_t rv_fcvt_lu_s(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_s, a, RV_INT_LU, rm, fl);
}

uint64_t rv_fcvt_s_w(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_s, x, RV_INT_W, rm, fl);
}

uint64_t rv_fcvt_s_wu(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_s, x, RV_INT_WU, rm, fl);
}

uint64_t rv_fcvt_s_l(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_s, x, RV_INT_L, rm, fl);
}

uint64_t rv_fcvt_s_lu(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_s, x, RV_INT_LU, rm, fl);
}

uint64_t rv_fadd_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_d, OP_ADD, a, b, rm, fl);
}

uint64_t rv_fsub_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_d, OP_SUB, a, b, rm, fl);
}

uint64_t rv_fmul_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_d, OP_MUL, a, b, rm, fl);
}

uint64_t rv_fdiv_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)
{
    return arith(&rv_fmt_d, OP_DIV, a, b, rm, fl);
}

uint64_t rv_fsqrt_d(uint64_t a, unsigned rm, uint64_t *fl)
{
    return fsqrt(&rv_fmt_d, a, rm, fl);
}

uint64_t rv_fmin_d(uint64_t a, uint64_t b, uint64_t *fl)
{
    return minmax(&rv_fmt_d, a, b, false, fl);
}

uint64_t rv_fmax_d(uint64_t a, uint64_t b, uint64_t *fl)
{
    return minmax(&rv_fmt_d, a, b, true, fl);
}

uint64_t rv_fmadd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_d, a, b, c, false, false, rm, fl);
}

uint64_t rv_fmsub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_d, a, b, c, false, true, rm, fl);
}

uint64_t rv_fnmsub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_d, a, b, c, true, false, rm, fl);
}

uint64_t rv_fnmadd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl)
{
    return fused(&rv_fmt_d, a, b, c, true, true, rm, fl);
}

uint64_t rv_feq_d(uint64_t a, uint64_t b, uint64_t *fl)
{
    return compare(&rv_fmt_d, CMP_EQ, a, b, fl);
}

uint64_t rv_flt_d(uint64_t a, uint64_t b, uint64_t *fl)
{
    return compare(&rv_fmt_d, CMP_LT, a, b, fl);
}

uint64_t rv_fle_d(uint64_t a, uint64_t b, uint64_t *fl)
{
    return compare(&rv_fmt_d, CMP_LE, a, b, fl);
}

uint64_t rv_feqq_s(uint64_t a, uint64_t b) { return compare_quiet(&rv_fmt_s, CMP_EQ, a, b); }
uint64_t rv_fltq_s(uint64_t a, uint64_t b) { return compare_quiet(&rv_fmt_s, CMP_LT, a, b); }
uint64_t rv_fleq_s(uint64_t a, uint64_t b) { return compare_quiet(&rv_fmt_s, CMP_LE, a, b); }
uint64_t rv_feqq_d(uint64_t a, uint64_t b) { return compare_quiet(&rv_fmt_d, CMP_EQ, a, b); }
uint64_t rv_fltq_d(uint64_t a, uint64_t b) { return compare_quiet(&rv_fmt_d, CMP_LT, a, b); }
uint64_t rv_fleq_d(uint64_t a, uint64_t b) { return compare_quiet(&rv_fmt_d, CMP_LE, a, b); }

uint64_t rv_fclass_d(uint64_t a)
{
    return fclass(&rv_fmt_d, a);
}

uint64_t rv_fsgnj_d(uint64_t a, uint64_t b)
{
    return sgnj(&rv_fmt_d, SGNJ, a, b);
}

uint64_t rv_fsgnjn_d(uint64_t a, uint64_t b)
{
    return sgnj(&rv_fmt_d, SGNJN, a, b);
}

uint64_t rv_fsgnjx_d(uint64_t a, uint64_t b)
{
    return sgnj(&rv_fmt_d, SGNJX, a, b);
}

uint64_t rv_fcvt_w_d(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_d, a, RV_INT_W, rm, fl);
}

uint64_t rv_fcvt_wu_d(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_d, a, RV_INT_WU, rm, fl);
}

uint64_t rv_fcvt_l_d(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_d, a, RV_INT_L, rm, fl);
}

uint64_t rv_fcvt_lu_d(uint64_t a, unsigned rm, uint64_t *fl)
{
    return to_int(&rv_fmt_d, a, RV_INT_LU, rm, fl);
}

uint64_t rv_fcvt_d_w(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_d, x, RV_INT_W, rm, fl);
}

uint64_t rv_fcvt_d_wu(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_d, x, RV_INT_WU, rm, fl);
}

uint64_t rv_fcvt_d_l(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_d, x, RV_INT_L, rm, fl);
}

uint64_t rv_fcvt_d_lu(uint64_t x, unsigned rm, uint64_t *fl)
{
    return from_int(&rv_fmt_d, x, RV_INT_LU, rm, fl);
}

uint64_t rv_fcvt_s_d(uint64_t a, unsigned rm, uint64_t *fl)
{
    return box(&rv_fmt_s, rv_soft_cvt(&rv_fmt_s, &rv_fmt_d, a, rm, fl));
}

uint64_t rv_fcvt_d_s(uint64_t a, unsigned rm, uint64_t *fl)
{
    return rv_soft_cvt(&rv_fmt_d, &rv_fmt_s, unbox(&rv_fmt_s, a), rm, fl);
}

uint64_t rv_fmv_x_w(uint64_t a)
{
    return (uint64_t)(int64_t)(int32_t)(uint32_t)a;
}

uint64_t rv_fmv_w_x(uint64_t x)
{
    return box(&rv_fmt_s, (uint32_t)x);
}

#ifdef RV_FPU_HOST
__thread int rv_host_mode_cache = -1;

void rv_fp_set_host_mode(unsigned rm)
{
    if (rm != rv_host_mode())
        rv_host_set_mode(rm > RV_RM_RUP ? RV_RM_RNE : rm);
}

void rv_fp_restore_host(uint32_t host_status)
{
    host_status &= ~0x3fu;
    __asm__ volatile("ldmxcsr %0" : : "m"(host_status));
    rv_host_mode_cache = -1;
}

void rv_fp_flags_sync(uint64_t *fl) { rv_host_flags_sync(fl); }
uint64_t rv_fp_flags_pending(void) { return rv_host_flags_pending(); }
void rv_fp_flags_write(uint64_t *fl, uint64_t v) { rv_host_flags_write(fl, v); }
uint64_t rv_fp_flags_from_host(uint32_t host_status) { return rv_host_fflags(host_status); }
#else
/* Software arithmetic leaves nothing pending and needs no host mode (this
 * build is for the library's tests; peek always uses the host FPU). */
void rv_fp_set_host_mode(unsigned rm) {}
void rv_fp_restore_host(uint32_t host_status) {}
void rv_fp_flags_sync(uint64_t *fl) {}
uint64_t rv_fp_flags_pending(void) { return 0; }
void rv_fp_flags_write(uint64_t *fl, uint64_t v) { *fl = v; }
uint64_t rv_fp_flags_from_host(uint32_t host_status) { return 0; }
#endif
