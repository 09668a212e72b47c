/*
 * The RISC-V F and D extensions' arithmetic, bit-exact with the ISA manual:
 * one pure function per instruction, for the translator's helpers and for
 * the interpreter. Nothing here touches guest state.
 *
 * Operands and results are raw 64-bit register patterns. A single-precision
 * operand counts only when NaN-boxed (upper 32 bits all ones); anything else
 * reads as the canonical NaN. Single results come back boxed, and every NaN
 * result is the canonical one. `rm` is an already-resolved rounding mode
 * (RV_RM_RNE..RV_RM_RMM; the caller maps DYN to frm and rejects 5, 6 and
 * invalid frm). Exception flags are OR-ed into *fl as fflags bits
 * (RV_FFLAG_*), except that an operation the host FPU did in round to
 * nearest may leave its flags pending in the host's FP status register of
 * the calling thread instead (fpu_host.h): whoever reads accrued flags calls
 * rv_fp_flags_sync() first, on the same thread. Integer results are the 64-bit x-register value: the W
 * conversions sign-extend their 32-bit result, the unsigned ones included.
 */
#ifndef PEEK_RV_FPU_H
#define PEEK_RV_FPU_H

#include <stdint.h>

/* Single precision. */
uint64_t rv_fadd_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fsub_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fmul_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fdiv_s(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fsqrt_s(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fmin_s(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_fmax_s(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_fmadd_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_fmsub_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_fnmsub_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_fnmadd_s(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_feq_s(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_flt_s(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_fle_s(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_fclass_s(uint64_t a);
uint64_t rv_fsgnj_s(uint64_t a, uint64_t b);
uint64_t rv_fsgnjn_s(uint64_t a, uint64_t b);
uint64_t rv_fsgnjx_s(uint64_t a, uint64_t b);
uint64_t rv_fcvt_w_s(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_wu_s(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_l_s(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_lu_s(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_s_w(uint64_t x, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_s_wu(uint64_t x, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_s_l(uint64_t x, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_s_lu(uint64_t x, unsigned rm, uint64_t *fl);

/* Double precision. */
uint64_t rv_fadd_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fsub_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fmul_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fdiv_d(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl);
uint64_t rv_fsqrt_d(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fmin_d(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_fmax_d(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_fmadd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_fmsub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_fnmsub_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_fnmadd_d(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl);
uint64_t rv_feq_d(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_flt_d(uint64_t a, uint64_t b, uint64_t *fl);
/* feq, flt and fle without their flags (the Q: quiet), for either width. */
uint64_t rv_feqq_s(uint64_t a, uint64_t b);
uint64_t rv_fltq_s(uint64_t a, uint64_t b);
uint64_t rv_fleq_s(uint64_t a, uint64_t b);
uint64_t rv_feqq_d(uint64_t a, uint64_t b);
uint64_t rv_fltq_d(uint64_t a, uint64_t b);
uint64_t rv_fleq_d(uint64_t a, uint64_t b);
uint64_t rv_fle_d(uint64_t a, uint64_t b, uint64_t *fl);
uint64_t rv_fclass_d(uint64_t a);
uint64_t rv_fsgnj_d(uint64_t a, uint64_t b);
uint64_t rv_fsgnjn_d(uint64_t a, uint64_t b);
uint64_t rv_fsgnjx_d(uint64_t a, uint64_t b);
uint64_t rv_fcvt_w_d(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_wu_d(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_l_d(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_lu_d(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_d_w(uint64_t x, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_d_wu(uint64_t x, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_d_l(uint64_t x, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_d_lu(uint64_t x, unsigned rm, uint64_t *fl);

/* Precision changes; fcvt.d.s is exact, so it ignores rm. */
uint64_t rv_fcvt_s_d(uint64_t a, unsigned rm, uint64_t *fl);
uint64_t rv_fcvt_d_s(uint64_t a, unsigned rm, uint64_t *fl);

/* Transfers: fmv.x.w sign-extends the low 32 bits without an unboxing check,
 * fmv.w.x boxes the low 32 bits of x. */
uint64_t rv_fmv_x_w(uint64_t a);
uint64_t rv_fmv_w_x(uint64_t x);

/* Pending host flags: rv_fp_flags_sync() moves this thread's into *fl;
 * rv_fp_flags_pending() only looks at them (reading accrued flags is
 * *fl | pending); rv_fp_flags_write() replaces the accrued flags *fl by v,
 * the pending ones included. rv_fp_flags_from_host() converts the host FP
 * status saved in a signal context whose handler will not return to it. */
void rv_fp_flags_sync(uint64_t *fl);
uint64_t rv_fp_flags_pending(void);

/* The host FPU's rounding mode follows the guest's frm, so that operations
 * in frm's mode need no mode switch (translated code does binary64
 * arithmetic on the host FPU directly, in whatever mode it is in):
 * rv_fp_set_host_mode() after frm changes (RMM and the invalid values leave
 * the host in RNE); rv_fp_restore_host() takes over the host FP status of a
 * signal context that a handler leaves by longjmp, minus its flags. */
void rv_fp_set_host_mode(unsigned rm);
void rv_fp_restore_host(uint32_t host_status);
void rv_fp_flags_write(uint64_t *fl, uint64_t v);
uint64_t rv_fp_flags_from_host(uint32_t host_status);

#endif
