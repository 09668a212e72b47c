/*
 * Vector-register helpers for the simd-extra self-checking tests, on top
 * of ../lib/a64test.h: VSET loads a 128-bit value (two 64-bit halves) into
 * a V register, VCHK checks both halves of one, FPSR_CHK checks FPSR and
 * clears it for the next case. They use x0..x2.
 */
#include "a64test.h"

	.arch armv8.2-a+fp16+dotprod+rdm

.macro VSET r, lo, hi=0
	ldr	x0, =\lo
	ldr	x1, =\hi
	fmov	d\r, x0
	mov	v\r\().d[1], x1
.endm

.macro VCHK r, lo, hi, what
	fmov	x2, d\r
	CHECK	x2, \lo, "\what"
	mov	x2, v\r\().d[1]
	CHECK	x2, \hi, "\what (high half)"
.endm

.macro FPSR_CHK val, what
	mrs	x2, fpsr
	CHECK	x2, \val, "\what: fpsr"
	msr	fpsr, xzr
.endm
