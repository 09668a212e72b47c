/*
 * The aarch64 guest's floating-point state as it lives partly in the host
 * FPU (fp-host.c): scalar single and double add, sub, mul, div and sqrt
 * run inline on SSE (trans-fp-inline.c), so while guest code runs MXCSR's
 * rounding field is FPCR.RMode's and its sticky flags hold cumulative
 * flags the guest raised that FPSR does not show yet. Everything that
 * reads or writes FPSR or FPCR outside translated code goes through these
 * functions, on the vCPU's own thread (MXCSR is per thread).
 */
#ifndef PEEK_A64_FP_HOST_H
#define PEEK_A64_FP_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "guest/aarch64/cpu.h"
#include "ir/ir.h"

/* Set while no thread has set FPCR.FZ or FPCR.DN, which the host cannot
 * follow: until then the translator emits the inline operations.
 * Process-wide, since translations are shared by every thread; it only
 * goes from true to false, followed by a flush of every translation. */
extern bool a64_fp_inline;

/* FPSR as the guest sees it: the stored bits and the pending ones. */
uint32_t a64_fpsr_read(const A64State *s);
/* FPSR = v; the pending flags are dropped. */
void a64_fpsr_write(A64State *s, uint32_t v);
/* FPCR = v; the host's rounding mode follows RMode. */
void a64_fpcr_write(A64State *s, uint32_t v);
/* GuestArch.host_fp_status_lost: a host signal handler that left by
 * longjmp ran with a fresh MXCSR; status is the interrupted one's. */
void a64_host_fp_status_lost(CPUState *cpu, uint32_t status);

/* For MRS/MSR: (env) -> FPSR; (env, v) -> 0 writing FPSR; (env, v) -> 0
 * writing FPCR (already masked to its writable bits). */
extern const IRHelper a64_helper_fpsr_read, a64_helper_fpsr_write, a64_helper_fpcr_write;
/* (env, opc, x, y) -> the result: the IR float operation opc (fadd64 ...
 * fsqrt32) on operands x and y, computed exactly by fpu.c under FPCR, its
 * flags ORed into FPSR. The inline path's way out when the host result
 * may differ from the Arm one (a NaN, or a result near underflow). */
extern const IRHelper a64_helper_fp_exact;

#endif
