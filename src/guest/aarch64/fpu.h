/*
 * The aarch64 floating-point library: half, single and double precision
 * arithmetic, comparisons, conversions and estimates, bit-exact with the
 * Arm ARM's pseudocode (FPAdd, FPMulAdd, FPRoundBase, FPToFixed, ...),
 * honouring FPCR's RMode, FZ, FZ16, DN and AHP. Nothing here touches guest
 * state: every function takes an A64FP with the FPCR to obey and collects
 * the cumulative exception bits it raises (FPSR layout) in its flags; the
 * helpers OR those into FPSR.
 *
 * Operands and results are raw bit patterns in the low bits of a uint64_t,
 * with the format given as A64_FH / A64_FS / A64_FD. Everything is computed
 * in software on exact integers (unsigned __int128), not on the host FPU:
 * Arm detects tininess before rounding and flushes to zero by the unrounded
 * exponent, x86 does both after rounding, and half precision has no SSE
 * arithmetic at all; one exact path for all three formats leaves no corner
 * to special-case. (Measured cost: see docs/design-notes.md, "aarch64
 * floating point".)
 */
#ifndef PEEK_A64_FPU_H
#define PEEK_A64_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* Formats. */
enum { A64_FH, A64_FS, A64_FD };

/* FPSR cumulative bits. */
enum {
    A64_IOC = 1u << 0, A64_DZC = 1u << 1, A64_OFC = 1u << 2, A64_UFC = 1u << 3,
    A64_IXC = 1u << 4, A64_IDC = 1u << 7, A64_QC = 1u << 27,
};
/* FPCR fields. */
enum {
    A64_FPCR_FZ16 = 1u << 19, A64_FPCR_FZ = 1u << 24, A64_FPCR_DN = 1u << 25,
    A64_FPCR_AHP = 1u << 26, A64_FPCR_RMODE_SHIFT = 22,
};
/* Rounding modes: FPCR.RMode's encoding, then two only instructions use. */
enum { A64_RN, A64_RP, A64_RM, A64_RZ, A64_RA /* ties away */, A64_RO /* to odd */ };

typedef struct A64FP {
    uint32_t fpcr;
    uint32_t flags;   /* FPSR bits raised */
} A64FP;

static inline unsigned a64_fp_rmode(const A64FP *fp) { return fp->fpcr >> A64_FPCR_RMODE_SHIFT & 3; }
/* ftype field (0 single, 1 double, 3 half) to format. */
static inline int a64_ftype_fmt(unsigned ftype) { return ftype == 0 ? A64_FS : ftype == 1 ? A64_FD : A64_FH; }
/* log2 of an element's size in bytes to format. */
static inline int a64_esize_fmt(unsigned esize) { return esize == 1 ? A64_FH : esize == 2 ? A64_FS : A64_FD; }

uint64_t a64_fadd(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fsub(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fmul(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fmulx(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fdiv(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fsqrt(int f, uint64_t a, A64FP *fp);
uint64_t a64_fabd(int f, uint64_t a, uint64_t b, A64FP *fp);
/* addend + a * b with one rounding (FPMulAdd; NaNs in the order addend, a, b). */
uint64_t a64_fmuladd(int f, uint64_t addend, uint64_t a, uint64_t b, A64FP *fp);
/* FPMulAddH (FMLAL/FMLSL): the single addend + half a * half b, one
 * rounding to single; half NaNs are widened as FCVT widens them. */
uint64_t a64_fmuladd_h(uint64_t addend, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fmax(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fmin(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fmaxnm(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_fminnm(int f, uint64_t a, uint64_t b, A64FP *fp);
/* FRECPS: 2 - a * b, FRSQRTS: (3 - a * b) / 2, fused. */
uint64_t a64_frecps(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_frsqrts(int f, uint64_t a, uint64_t b, A64FP *fp);
uint64_t a64_frecpe(int f, uint64_t a, A64FP *fp);
uint64_t a64_frsqrte(int f, uint64_t a, A64FP *fp);

/* FCMP/FCMPE: NZCV in bits 31:28 (0110 equal, 1000 less, 0010 greater,
 * 0011 unordered); signalling raises IOC for any NaN, else only for sNaN. */
uint32_t a64_fcmp(int f, uint64_t a, uint64_t b, bool signalling, A64FP *fp);
/* The vector compares: true when a == b / a >= b / a > b. */
bool a64_fcmp_eq(int f, uint64_t a, uint64_t b, A64FP *fp);
bool a64_fcmp_ge(int f, uint64_t a, uint64_t b, A64FP *fp);
bool a64_fcmp_gt(int f, uint64_t a, uint64_t b, A64FP *fp);

/* FRINT* in rounding mode rm; exact=true is FRINTX (raises IXC). */
uint64_t a64_frint(int f, uint64_t a, unsigned rm, bool exact, A64FP *fp);
/* FRINT32Z/X, FRINT64Z/X: intbits 32 or 64; both forms raise IXC. */
uint64_t a64_frint_n(int f, uint64_t a, unsigned rm, unsigned intbits, A64FP *fp);
/* FPToFixed: a * 2^fbits to an intbits-bit (32 or 64) integer in mode rm,
 * saturating; the result zero-extended from intbits. */
uint64_t a64_f_to_fixed(int f, uint64_t a, unsigned fbits, bool is_unsigned, unsigned intbits,
                        unsigned rm, A64FP *fp);
/* FixedToFP: the intbits-bit integer x / 2^fbits. */
uint64_t a64_fixed_to_f(int f, uint64_t x, unsigned fbits, bool is_unsigned, unsigned intbits,
                        unsigned rm, A64FP *fp);
/* FCVT between formats (AHP applies to half results and operands); rm is
 * the rounding mode, A64_RO for FCVTXN. */
uint64_t a64_fcvt(int to, int from, uint64_t a, unsigned rm, A64FP *fp);
/* FJCVTZS: the int32 result; *z is the Z flag (exact and in range). */
uint32_t a64_fjcvtzs(uint64_t a, bool *z, A64FP *fp);

/* Default NaN, and the sign bit, of a format. */
uint64_t a64_fp_default_nan(int f);
static inline uint64_t a64_fp_sign(int f) { return f == A64_FH ? 0x8000 : f == A64_FS ? 0x80000000u : 1ull << 63; }

#endif
