/*
 * Loads and stores of general registers: every size with zero and sign
 * extension, unscaled and unaligned offsets, register offsets with each
 * extend, pre/post-index writeback (also with sp as base), literal loads,
 * ldp/stp/ldpsw with writeback, ldnp, ldtr, ldar/stlr, and what qemu does
 * for a load whose writeback names its own destination.
 */
#include "a64test.h"

	TEST_BEGIN

	adr	x10, buf
	ldr	x1, =0x8182838485868788
	str	x1, [x10]
	ldrb	w0, [x10]
	CHECK	x0, 0x88, "ldrb"
	ldrsb	x0, [x10, #1]
	CHECK	x0, 0xffffffffffffff87, "ldrsb x"
	ldrsb	w0, [x10, #1]
	CHECK	x0, 0xffffff87, "ldrsb w"
	ldrh	w0, [x10, #2]
	CHECK	x0, 0x8586, "ldrh"
	ldrsh	x0, [x10, #6]
	CHECK	x0, 0xffffffffffff8182, "ldrsh x"
	ldr	w0, [x10, #4]
	CHECK	x0, 0x81828384, "ldr w"
	ldrsw	x0, [x10, #4]
	CHECK	x0, 0xffffffff81828384, "ldrsw"
	ldur	x0, [x10, #1]
	CHECK	x0, 0x0081828384858687, "ldur unaligned"
	ldursh	w0, [x10, #3]
	CHECK	x0, 0xffff8485, "ldursh unaligned"

	/* stores of each size */
	str	xzr, [x10, #8]
	mov	x2, #0x1122
	strb	w2, [x10, #8]
	strh	w2, [x10, #10]
	movk	x2, #0x3344, lsl #16
	stur	w2, [x10, #13]
	ldr	x0, [x10, #8]
	CHECK	x0, 0x4411220011220022, "strb strh stur"

	/* register offsets */
	mov	x3, #2
	ldrh	w0, [x10, x3, lsl #1]
	CHECK	x0, 0x8384, "ldrh [x, lsl 1]"
	mov	x3, #-1
	ldrb	w0, [x10, w3, sxtw]
	CHECK	x0, 0, "ldrb [x, w, sxtw] at buf - 1"
	ldr	x3, =0xffffffff00000001
	ldr	w0, [x10, w3, uxtw #2]
	CHECK	x0, 0x81828384, "ldr [x, w, uxtw 2]"
	mov	x3, #8
	ldr	x0, [x10, x3, sxtx]
	CHECK	x0, 0x4411220011220022, "ldr [x, x, sxtx]"

	/* writeback */
	mov	x4, x10
	ldr	x0, [x4, #8]!
	sub	x5, x4, x10
	CHECK	x5, 8, "pre-index writeback"
	ldr	x0, [x4], #-8
	CHECK	x0, 0x4411220011220022, "post-index loads at the old base"
	CHECK_EQ x4, x10, "post-index writeback"
	mov	x11, sp
	str	x1, [sp, #-16]!
	ldr	x0, [sp], #16
	CHECK	x0, 0x8182838485868788, "pre/post-index on sp"
	mov	x12, sp
	CHECK_EQ x11, x12, "sp restored"
	mov	x4, x10
	.inst	0xf8408c84	/* ldr x4, [x4, #8]! : writeback wins, as in qemu */
	sub	x5, x4, x10
	CHECK	x5, 8, "ldr rt == rn writeback"
	mov	x4, x10
	.inst	0xf8010c84	/* str x4, [x4, #16]! stores the old value */
	ldr	x0, [x10, #16]
	CHECK_EQ x0, x10, "str rt == rn stores the old base"

	/* literal */
	ldr	w0, lit
	CHECK	x0, 0xfedcba98, "ldr w literal"
	ldrsw	x0, lit
	CHECK	x0, 0xfffffffffedcba98, "ldrsw literal"
	ldr	x0, lit
	CHECK	x0, 0x76543210fedcba98, "ldr x literal"
	prfm	pldl1keep, [x10]
	prfm	pstl1strm, lit

	/* pairs */
	mov	x6, #1
	mov	x7, #-2
	stp	x6, x7, [x10, #32]
	ldp	x8, x9, [x10, #32]
	CHECK	x8, 1, "ldp first"
	CHECK	x9, -2, "ldp second"
	ldp	w8, w9, [x10, #36]
	CHECK	x8, 0, "ldp w first"
	CHECK	x9, 0xfffffffe, "ldp w second"
	ldpsw	x8, x9, [x10, #40]
	CHECK	x8, -2, "ldpsw"
	mov	x4, x10
	stp	w7, w6, [x4, #-8]!
	sub	x5, x4, x10
	CHECK	x5, -8, "stp pre-index"
	ldp	x8, x9, [x4], #48
	CHECK	x8, 0x00000001fffffffe, "ldp post-index value"
	sub	x5, x4, x10
	CHECK	x5, 40, "ldp post-index writeback"
	ldnp	x8, x9, [x10, #32]
	CHECK	x9, -2, "ldnp"

	/* unprivileged and acquire/release */
	adr	x10, buf
	ldtr	x0, [x10, #32]
	CHECK	x0, 1, "ldtr"
	stlr	x7, [x10]
	ldar	x0, [x10]
	CHECK	x0, -2, "stlr ldar"
	stlrh	w6, [x10]
	add	x11, x10, #1
	ldarb	w0, [x11]
	CHECK	x0, 0, "stlrh ldarb"

	TEST_END

	.balign	8
lit:	.quad	0x76543210fedcba98
	.data
	.balign	16
	.space	16
buf:	.space	128
