/*
 * The riscv64 helper functions that translated code calls, as IRHelper
 * descriptors: atomics, counters and misaligned jumps (helpers.c) and
 * floating point (helpers-fp.c). Every helper takes uint64_t arguments and
 * returns a uint64_t, unless it never returns; env arrives as a uint64_t
 * too and is turned back into the CPUState with rv_env().
 */
#ifndef PEEK_RV_HELPERS_H
#define PEEK_RV_HELPERS_H

#include <stdint.h>

#include "exec/cpu.h"
#include "guest/riscv64/cpu.h"
#include "ir/ir.h"

static inline CPUState *rv_env(uint64_t env) { return (CPUState *)(uintptr_t)env; }

/* AMO operation, the constant last argument of rv_helper_amo_w/_d. */
typedef enum RVAmoOp {
    RV_AMO_SWAP, RV_AMO_ADD, RV_AMO_XOR, RV_AMO_AND, RV_AMO_OR,
    RV_AMO_MIN, RV_AMO_MAX, RV_AMO_MINU, RV_AMO_MAXU,
} RVAmoOp;

/* (env, addr) -> value; (env, addr, value) -> 0 on success / 1;
 * (env, addr, value, RVAmoOp) -> old value. All may raise: the pc global
 * must be precise. The W forms return sign-extended words. */
extern const IRHelper rv_helper_lr_w, rv_helper_lr_d;
extern const IRHelper rv_helper_sc_w, rv_helper_sc_d;
extern const IRHelper rv_helper_amo_w, rv_helper_amo_d;

/* () -> counter value, for the cycle, time and instret csrs. */
extern const IRHelper rv_helper_rdcycle, rv_helper_rdtime, rv_helper_rdinstret;
/* The value those helpers read, for the register API (RV_COUNTER_*). */
enum { RV_COUNTER_CYCLE, RV_COUNTER_TIME, RV_COUNTER_INSTRET };
uint64_t rv_counter_read(unsigned which);

/* (env): SIGBUS (BUS_ADRALN) at the pc global, for a jump to an address
 * that is not 4-byte aligned when the CPU model has no C. The pc global
 * must be precise. */
extern const IRHelper rv_helper_jump_misaligned;

/* fflags for the csr instructions, with the flags pending in the host FPU
 * (fpu.h): (env) -> fflags; (env, value) sets it to value & 0x1f. */
extern const IRHelper rv_helper_fflags_read, rv_helper_fflags_write;

/* frm: rv_set_frm() sets it (to value & 7) and keeps the host FPU in its
 * mode; rv_helper_frm_write is (env, value) -> 0 for the csr instructions.
 * While rv_fp_inline is true, dynamic-mode binary64 arithmetic may be
 * translated to host float ops (see helpers-fp.c). */
void rv_set_frm(CPUState *cpu, uint64_t frm);
extern const IRHelper rv_helper_frm_write;
extern bool rv_fp_inline;

/*
 * Floating-point helpers, one per fpu.h function, by shape:
 *   RM3 (env, a, b, c, rm)   RM2 (env, a, b, rm)   RM1 (env, a, rm)
 *   FL2 (env, a, b): sets flags, no rounding      PURE2 (a, b)   PURE1 (a)
 * rm is the instruction's field; 7 means frm. An rm that resolves to an
 * invalid mode raises SIGILL, so with rm = 7 the pc global must be precise.
 */
#define RV_FP_HELPERS(X) \
    X(fmadd_s, RM3) X(fmsub_s, RM3) X(fnmsub_s, RM3) X(fnmadd_s, RM3) \
    X(fmadd_d, RM3) X(fmsub_d, RM3) X(fnmsub_d, RM3) X(fnmadd_d, RM3) \
    X(fadd_s, RM2) X(fsub_s, RM2) X(fmul_s, RM2) X(fdiv_s, RM2) \
    X(fadd_d, RM2) X(fsub_d, RM2) X(fmul_d, RM2) X(fdiv_d, RM2) \
    X(fsqrt_s, RM1) X(fsqrt_d, RM1) X(fcvt_s_d, RM1) X(fcvt_d_s, RM1) \
    X(fcvt_w_s, RM1) X(fcvt_wu_s, RM1) X(fcvt_l_s, RM1) X(fcvt_lu_s, RM1) \
    X(fcvt_s_w, RM1) X(fcvt_s_wu, RM1) X(fcvt_s_l, RM1) X(fcvt_s_lu, RM1) \
    X(fcvt_w_d, RM1) X(fcvt_wu_d, RM1) X(fcvt_l_d, RM1) X(fcvt_lu_d, RM1) \
    X(fcvt_d_w, RM1) X(fcvt_d_wu, RM1) X(fcvt_d_l, RM1) X(fcvt_d_lu, RM1) \
    X(fmin_s, FL2) X(fmax_s, FL2) X(feq_s, FL2) X(flt_s, FL2) X(fle_s, FL2) \
    X(fmin_d, FL2) X(fmax_d, FL2) X(feq_d, FL2) X(flt_d, FL2) X(fle_d, FL2) \
    X(fsgnj_s, PURE2) X(fsgnjn_s, PURE2) X(fsgnjx_s, PURE2) \
    X(feqq_s, PURE2) X(fltq_s, PURE2) X(fleq_s, PURE2) \
    X(feqq_d, PURE2) X(fltq_d, PURE2) X(fleq_d, PURE2) \
    X(fclass_s, PURE1) X(fclass_d, PURE1)

/* Rounding shapes have two descriptors: [0] static rm, [1] dynamic rm. */
#define RV_DECLARE_FP_RM3(name) extern const IRHelper rv_helper_##name[2];
#define RV_DECLARE_FP_RM2(name) extern const IRHelper rv_helper_##name[2];
#define RV_DECLARE_FP_RM1(name) extern const IRHelper rv_helper_##name[2];
#define RV_DECLARE_FP_FL2(name) extern const IRHelper rv_helper_##name;
#define RV_DECLARE_FP_PURE2(name) extern const IRHelper rv_helper_##name;
#define RV_DECLARE_FP_PURE1(name) extern const IRHelper rv_helper_##name;
#define RV_DECLARE_FP_HELPER(name, shape) RV_DECLARE_FP_##shape(name)
RV_FP_HELPERS(RV_DECLARE_FP_HELPER)
#undef RV_DECLARE_FP_HELPER

#endif
