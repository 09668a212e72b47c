/*
 * Zicsr on the CSRs a user program may touch: fcsr and its fflags/frm
 * views through every csrr* form and the assembler aliases, the accrued
 * flags being sticky, frm steering dynamic rounding while a static rounding
 * mode overrides it, and the cycle/time/instret counters never going back.
 */
#include "rvtest.h"

/* fa0 holds the value; converts with dynamic rounding under frm = mode */
.macro CVT_UNDER mode, expect, what
	fsrmi	\mode
	fcvt.w.d a0, fa0, dyn
	CHECK	a0, \expect, "\what"
.endm

	TEST_BEGIN
	/* fcsr = frm << 5 | fflags */
	li	a1, 0x75		/* frm 3, fflags 0x15 */
	fscsr	a1
	frrm	a0
	CHECK	a0, 3, "frm view of fcsr 0x75"
	frflags	a0
	CHECK	a0, 0x15, "fflags view of fcsr 0x75"
	frcsr	a0
	CHECK	a0, 0x75, "fcsr read back"
	csrrw	a0, fcsr, zero
	CHECK	a0, 0x75, "csrrw fcsr returns the old value"
	frcsr	a0
	CHECK	a0, 0, "csrrw fcsr wrote zero"

	li	a2, 4
	fsrm	a0, a2
	CHECK	a0, 0, "fsrm returns the old frm"
	frcsr	a0
	CHECK	a0, 0x80, "fsrm 4 sets fcsr bits 7:5"
	li	a2, 0x1f
	fsflags	a0, a2
	CHECK	a0, 0, "fsflags returns the old flags"
	frcsr	a0
	CHECK	a0, 0x9f, "fsflags 0x1f"
	li	a2, 3
	csrrc	a0, fflags, a2
	CHECK	a0, 0x1f, "csrrc fflags old value"
	frcsr	a0
	CHECK	a0, 0x9c, "csrrc fflags cleared bits 1:0"
	li	a2, 1
	csrrs	a0, frm, a2
	CHECK	a0, 4, "csrrs frm old value"
	frcsr	a0
	CHECK	a0, 0xbc, "csrrs frm set bit 0 (frm 5)"
	csrrsi	a0, fflags, 1
	CHECK	a0, 0x1c, "csrrsi fflags old value"
	csrrci	a0, fflags, 0x1c
	CHECK	a0, 0x1d, "csrrci fflags old value"
	frflags	a0
	CHECK	a0, 1, "csrrci fflags left bit 0"
	csrrwi	a0, frm, 2
	CHECK	a0, 5, "csrrwi frm old value"
	csrr	a0, fcsr
	CHECK	a0, 0x41, "fcsr after csrrwi frm 2"
	csrrwi	x0, fflags, 0x1f
	csrrs	a0, fcsr, x0
	CHECK	a0, 0x5f, "csrrwi with rd = x0 still writes"
	li	a0, 7
	csrrs	a0, fcsr, x0
	CHECK	a0, 0x5f, "csrrs rs1 = x0 only reads"
	csrrsi	a0, fflags, 0
	CHECK	a0, 0x1f, "csrrsi 0 only reads"

	/* fflags is 5 bits wide and frm 3 bits: wider writes are cut */
	fscsr	zero
	li	a2, 0xff
	csrw	fflags, a2
	frcsr	a0
	CHECK	a0, 0x1f, "fflags keeps 5 bits of 0xff"
	csrw	frm, a2
	frcsr	a0
	CHECK	a0, 0xff, "frm keeps 3 bits of 0xff"

	/* flags accrue and stay set */
	fscsr	zero
	li	t0, 1
	fcvt.d.l fa0, t0
	fcvt.d.l fa1, zero
	fdiv.d	fa2, fa0, fa1
	frflags	a0
	CHECK	a0, 0x08, "1/0 raises DZ only"
	li	t0, -1
	fcvt.d.l fa3, t0
	fsqrt.d	fa2, fa3
	frflags	a0
	CHECK	a0, 0x18, "sqrt(-1) adds NV, DZ stays"
	li	t0, 3
	fcvt.d.l fa3, t0
	fdiv.d	fa2, fa0, fa3
	frflags	a0
	CHECK	a0, 0x19, "1/3 adds NX"
	fsflagsi 0
	fdiv.d	fa2, fa0, fa0
	frflags	a0
	CHECK	a0, 0, "1/1 raises nothing after clearing"

	/* 2.5 = 0x4004000000000000 */
	li	t0, 0x4004000000000000
	fmv.d.x	fa0, t0
	CVT_UNDER 0, 2, "2.5 under RNE"
	CVT_UNDER 1, 2, "2.5 under RTZ"
	CVT_UNDER 2, 2, "2.5 under RDN"
	CVT_UNDER 3, 3, "2.5 under RUP"
	CVT_UNDER 4, 3, "2.5 under RMM"
	li	t0, 0xc004000000000000
	fmv.d.x	fa0, t0
	CVT_UNDER 0, -2, "-2.5 under RNE"
	CVT_UNDER 1, -2, "-2.5 under RTZ"
	CVT_UNDER 2, -3, "-2.5 under RDN"
	CVT_UNDER 3, -2, "-2.5 under RUP"
	CVT_UNDER 4, -3, "-2.5 under RMM"
	fsrmi	3
	fcvt.w.d a0, fa0, rtz
	CHECK	a0, -2, "static rtz overrides frm RUP"
	fcvt.w.d a0, fa0, rne
	CHECK	a0, -2, "static rne overrides frm RUP"
	frflags	a0
	CHECK	a0, 1, "inexact conversions raised NX"
	fscsr	zero

	/* counters: never decrease; at least the loop retired in between */
	rdcycle	s0
	rdtime	s1
	rdinstret s2
	li	t0, 1000
1:	addi	t0, t0, -1
	bnez	t0, 1b
	rdcycle	s3
	rdtime	s4
	rdinstret s5
	sltu	a0, s3, s0
	CHECK	a0, 0, "rdcycle went backwards"
	sltu	a0, s4, s1
	CHECK	a0, 0, "rdtime went backwards"
	sltu	a0, s2, s5
	CHECK	a0, 1, "rdinstret did not advance over a 2000-instruction loop"
	csrr	a0, cycle
	sltu	a0, a0, s3
	CHECK	a0, 0, "csrr cycle below an earlier rdcycle"
	TEST_END
