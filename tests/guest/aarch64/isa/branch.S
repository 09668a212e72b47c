/*
 * Branches: b.cond for every condition on both outcomes, cbz/cbnz of W
 * registers with a non-zero top half, tbz/tbnz on bits 0, 31, 32 and 63,
 * bl and blr link values, blr x30 (target read before the link), ret.
 */
#include "a64test.h"

/* Branch with cond under flags nzcv; expect taken (1) or not (0). */
.macro BCOND cond, nzcv, taken
	mov	x5, #(\nzcv << 28)
	msr	nzcv, x5
	mov	x6, #1
	b.\cond	1f
	mov	x6, #0
1:	CHECK	x6, \taken, "b.\cond under \nzcv"
.endm

	TEST_BEGIN

	BCOND	eq, 0b0100, 1
	BCOND	eq, 0b1011, 0
	BCOND	ne, 0b0000, 1
	BCOND	cs, 0b0010, 1
	BCOND	cc, 0b0010, 0
	BCOND	mi, 0b1000, 1
	BCOND	pl, 0b1000, 0
	BCOND	vs, 0b0001, 1
	BCOND	vc, 0b0001, 0
	BCOND	hi, 0b0010, 1
	BCOND	hi, 0b0110, 0
	BCOND	ls, 0b0110, 1
	BCOND	ls, 0b0010, 0
	BCOND	ge, 0b1001, 1
	BCOND	ge, 0b1000, 0
	BCOND	lt, 0b0001, 1
	BCOND	lt, 0b1001, 0
	BCOND	gt, 0b0000, 1
	BCOND	gt, 0b0100, 0
	BCOND	gt, 0b1000, 0
	BCOND	le, 0b0100, 1
	BCOND	le, 0b1000, 1
	BCOND	le, 0b1001, 0
	BCOND	al, 0b0000, 1
	BCOND	nv, 0b0000, 1

	ldr	x1, =0xffffffff00000000
	cbz	w1, 1f
	FAIL_NOW "cbz w ignores the top half"
1:	cbnz	x1, 2f
	FAIL_NOW "cbnz x"
2:	cbz	x1, 3f
	b	4f
3:	FAIL_NOW "cbz x taken"
4:	ldr	x2, =0x8000000080000001
	tbz	x2, #0, 5f
	tbnz	x2, #31, 6f
5:	FAIL_NOW "tbnz 31"
6:	tbz	x2, #32, 7f
	FAIL_NOW "tbz 32"
7:	tbnz	x2, #63, 8f
	FAIL_NOW "tbnz 63"
8:	tbnz	w2, #1, 9f
	b	10f
9:	FAIL_NOW "tbnz w 1"

10:	bl	11f
12:	b	13f
11:	adr	x3, 12b
	CHECK_EQ	x30, x3, "bl links the next insn"
	ret
13:	adr	x4, 14f
	blr	x4
15:	b	16f
14:	adr	x3, 15b
	CHECK_EQ	x30, x3, "blr link"
	br	x30
16:	adr	x30, 17f
	blr	x30
18:	b	19f
17:	adr	x3, 18b
	CHECK_EQ	x30, x3, "blr x30 jumps to the old x30"
	mov	x7, x30
	ret	x7
19:	TEST_END
