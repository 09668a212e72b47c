/*
 * Internal to the FPU library: the exact software arithmetic behind fpu.c.
 * It works on plain IEEE binary32/binary64 bit patterns (a single in the
 * low 32 bits, no boxing) described by an RVFpFmt, rounds in any of the
 * five RISC-V modes with tininess detected after rounding, and returns the
 * canonical NaN for every NaN result. fpu.c uses it for what the host
 * cannot do (ties-to-max-magnitude, integer conversions, NaN operands of
 * fused multiply-add) and for everything when built with RV_FPU_SOFTFLOAT.
 */
#ifndef PEEK_RV_FPU_SOFT_H
#define PEEK_RV_FPU_SOFT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct RVFpFmt {
    unsigned frac;    /* stored fraction bits */
    unsigned ebits;   /* exponent bits */
} RVFpFmt;

/* Static, not extern, so that fpu.c's small helpers fold the constants. */
static const RVFpFmt rv_fmt_s = { 23, 8 };
static const RVFpFmt rv_fmt_d = { 52, 11 };

static inline uint64_t rv_fmt_sign(const RVFpFmt *f) { return 1ull << (f->frac + f->ebits); }
static inline uint64_t rv_fmt_inf(const RVFpFmt *f) { return ((1ull << f->ebits) - 1) << f->frac; }
static inline uint64_t rv_fmt_quiet(const RVFpFmt *f) { return 1ull << (f->frac - 1); }
static inline uint64_t rv_fmt_qnan(const RVFpFmt *f) { return rv_fmt_inf(f) | rv_fmt_quiet(f); }
static inline bool rv_fmt_is_nan(const RVFpFmt *f, uint64_t a)
{
    return (a & ~rv_fmt_sign(f)) > rv_fmt_inf(f);
}
static inline bool rv_fmt_is_snan(const RVFpFmt *f, uint64_t a)
{
    return rv_fmt_is_nan(f, a) && !(a & rv_fmt_quiet(f));
}

/* Integer sides of fcvt, in the spec's order. */
typedef enum RVIntKind { RV_INT_W, RV_INT_WU, RV_INT_L, RV_INT_LU } RVIntKind;

uint64_t rv_soft_add(const RVFpFmt *f, uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_soft_mul(const RVFpFmt *f, uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_soft_div(const RVFpFmt *f, uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_soft_sqrt(const RVFpFmt *f, uint64_t a, unsigned rm, uint64_t *fl);
/* a * b + c with one rounding; callers negate operands for the other forms. */
uint64_t rv_soft_fma(const RVFpFmt *f, uint64_t a, uint64_t b, uint64_t c, unsigned rm,
                     uint64_t *fl);
/* Between formats: rounds when narrowing, exact when widening. */
uint64_t rv_soft_cvt(const RVFpFmt *to, const RVFpFmt *from, uint64_t a, unsigned rm,
                     uint64_t *fl);
/* To the x-register value (W kinds sign-extended), saturating per the spec. */
uint64_t rv_soft_to_int(const RVFpFmt *f, uint64_t a, RVIntKind kind, unsigned rm,
                        uint64_t *fl);
/* From the integer whose magnitude is mag and sign neg. */
uint64_t rv_soft_from_int(const RVFpFmt *f, bool neg, uint64_t mag, unsigned rm, uint64_t *fl);

#endif
