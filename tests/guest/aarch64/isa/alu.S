/*
 * Integer arithmetic and logic: add/sub (immediate, shifted, extended,
 * with carry) and their flags at the overflow and carry corners, 32-bit
 * forms clearing the top half, logic with inverted and rotated operands,
 * move wide, variable shifts by 0/31/32/63 and beyond, bitfield moves at
 * their edges, extr, and the csel and ccmp families.
 */
#include "a64test.h"

	TEST_BEGIN

	/* add/sub immediate, sp as operand, lsl #12 */
	ldr	x1, =0xfffffffffffff000
	add	x0, x1, #0xfff
	CHECK	x0, 0xffffffffffffffff, "add imm"
	add	x0, x1, #1, lsl #12
	CHECK	x0, 0, "add imm lsl 12 wraps"
	add	w0, w1, #0x1000
	CHECK	x0, 0, "add w imm clears top"
	mov	x3, sp
	add	x0, sp, #16
	sub	x0, x0, x3
	CHECK	x0, 16, "add from sp"
	sub	sp, sp, #32
	mov	x4, sp
	add	sp, sp, #32
	sub	x0, x3, x4
	CHECK	x0, 32, "sub to sp"

	/* flags of adds/subs */
	ldr	x1, =0x7fffffffffffffff
	adds	x0, x1, #1
	CHECK_NZCV 0b1001, "adds signed overflow: N V"
	ldr	x1, =0xffffffffffffffff
	adds	x0, x1, #1
	CHECK_NZCV 0b0110, "adds carry to zero: Z C"
	mov	x9, #0
	subs	x0, x9, #1
	CHECK_NZCV 0b1000, "0 - 1: N, borrow (C clear)"
	mov	x1, #5
	subs	x0, x1, #5
	CHECK_NZCV 0b0110, "5 - 5: Z C"
	ldr	x1, =0x8000000000000000
	subs	x0, x1, #1
	CHECK_NZCV 0b0011, "INT64_MIN - 1: C V"
	mov	w1, #0x7fffffff
	adds	w0, w1, #1
	CHECK_NZCV 0b1001, "adds w overflow"
	CHECK	x0, 0x80000000, "adds w result zero-extended"
	mov	w1, #-1
	adds	w0, w1, #1
	CHECK_NZCV 0b0110, "adds w carry"
	ldr	x1, =0xffffffff00000005
	subs	w0, w1, #5
	CHECK_NZCV 0b0110, "subs w ignores the top half"
	cmn	x1, #0
	CHECK_NZCV 0b1000, "cmn"

	/* shifted register operands */
	mov	x1, #1
	ldr	x2, =0x8000000000000000
	add	x0, x1, x2, lsr #63
	CHECK	x0, 2, "add lsr 63"
	add	x0, x1, x2, asr #63
	CHECK	x0, 0, "add asr 63"
	sub	x0, x1, x1, lsl #63
	CHECK	x0, 0x8000000000000001, "sub lsl 63"
	ldr	x2, =0xffffffff80000000
	add	w0, w1, w2, asr #31
	CHECK	x0, 0, "add w asr 31 of the low word"
	add	w0, w1, w2, lsr #31
	CHECK	x0, 2, "add w lsr 31"
	neg	x0, x1
	CHECK	x0, -1, "neg"
	negs	w0, wzr
	CHECK_NZCV 0b0110, "negs 0: Z C"

	/* extended register operands */
	ldr	x2, =0x12345678fedcba98
	add	x0, x9, w2, uxtb
	CHECK	x0, 0x98, "uxtb"
	add	x0, x9, w2, sxtb #1
	CHECK	x0, 0xffffffffffffff30, "sxtb #1"
	add	x0, x9, w2, uxth #4
	CHECK	x0, 0xba980, "uxth #4"
	add	x0, x9, w2, sxth
	CHECK	x0, 0xffffffffffffba98, "sxth"
	add	x0, x9, w2, uxtw #2
	CHECK	x0, 0x3fb72ea60, "uxtw #2"
	add	x0, x9, w2, sxtw
	CHECK	x0, 0xfffffffffedcba98, "sxtw"
	add	x0, x9, x2, sxtx #3
	CHECK	x0, 0x91a2b3c7f6e5d4c0, "sxtx #3"
	mov	x3, sp
	add	x0, sp, w1, uxtw #4
	sub	x0, x0, x3
	CHECK	x0, 16, "add sp, extended"
	subs	x0, x1, w1, uxtw
	CHECK_NZCV 0b0110, "subs extended"

	/* adc/sbc */
	mov	x1, #-1
	adds	x0, x1, #1	/* C = 1 */
	adc	x0, xzr, xzr
	CHECK	x0, 1, "adc takes C"
	adds	x0, x1, #1
	adcs	x0, x1, xzr
	CHECK_NZCV 0b0110, "adcs -1 + 0 + 1: Z C"
	msr	nzcv, xzr	/* C = 0 */
	sbc	x0, xzr, xzr
	CHECK	x0, -1, "sbc 0 - 0 - 1"
	msr	nzcv, xzr
	sbcs	x0, x1, x1
	CHECK_NZCV 0b1000, "sbcs borrow"
	ldr	x2, =0x7fffffff
	mov	x5, #0x20000000	/* C = 1 */
	msr	nzcv, x5
	adcs	w0, w2, wzr
	CHECK_NZCV 0b1001, "adcs w overflow through carry"
	CHECK	x0, 0x80000000, "adcs w result"

	/* logic */
	ldr	x1, =0xff00ff00ff00ff00
	ldr	x2, =0x0ff00ff00ff00ff0
	and	x0, x1, x2
	CHECK	x0, 0x0f000f000f000f00, "and"
	bic	x0, x1, x2
	CHECK	x0, 0xf000f000f000f000, "bic"
	orn	x0, xzr, x2
	CHECK	x0, 0xf00ff00ff00ff00f, "orn (mvn)"
	eon	x0, x1, x2
	CHECK	x0, 0x0f0f0f0f0f0f0f0f, "eon"
	eor	x0, x1, x2, ror #4
	CHECK	x0, 0xffffffffffffffff, "eor ror 4"
	orr	w0, w1, w2, ror #8
	CHECK	x0, 0xff0fff0f, "orr w ror 8"
	ands	x0, x1, x2
	CHECK_NZCV 0b0000, "ands clears C V"
	ands	x0, x1, #0x8000000000000000
	CHECK_NZCV 0b1000, "ands N"
	tst	w1, #0xff
	CHECK_NZCV 0b0100, "tst Z"
	mov	x0, #-1
	and	w0, w0, #0x0000ffff
	CHECK	x0, 0xffff, "and w imm"
	orr	x0, xzr, #0x5555555555555555
	CHECK	x0, 0x5555555555555555, "orr imm pattern"
	eor	x0, x0, #0xf0f0f0f0f0f0f0f0
	CHECK	x0, 0xa5a5a5a5a5a5a5a5, "eor imm"
	mov	x3, sp
	orr	sp, xzr, #0x100
	mov	x0, sp
	mov	sp, x3
	CHECK	x0, 0x100, "orr imm to sp"

	/* move wide */
	movz	x0, #0x1234, lsl #48
	movk	x0, #0x5678, lsl #16
	CHECK	x0, 0x1234000056780000, "movz movk"
	movn	x0, #0, lsl #16
	CHECK	x0, -1, "movn 0"
	movn	w0, #0x1234, lsl #16
	CHECK	x0, 0xedcbffff, "movn w"
	mov	x0, #-1
	movk	w0, #0, lsl #16
	CHECK	x0, 0xffff, "movk w clears top"

	/* variable shifts: the count is taken modulo the width */
	ldr	x1, =0x8000000000000001
	mov	x2, #64
	lsl	x0, x1, x2
	CHECK	x0, 0x8000000000000001, "lslv by 64 is by 0"
	mov	x2, #63
	asr	x0, x1, x2
	CHECK	x0, -1, "asrv 63"
	mov	x2, #65
	lsr	x0, x1, x2
	CHECK	x0, 0x4000000000000000, "lsrv 65"
	ror	x0, x1, x2
	CHECK	x0, 0xc000000000000000, "rorv 65"
	mov	x2, #32
	lsl	w0, w1, w2
	CHECK	x0, 1, "lslv w by 32 is by 0"
	mov	x2, #31
	ldr	x1, =0xffffffff80000000
	asr	w0, w1, w2
	CHECK	x0, 0xffffffff, "asrv w 31"
	lsr	w0, w1, w2
	CHECK	x0, 1, "lsrv w 31"
	mov	x2, #4
	ldr	x1, =0x12345678
	ror	w0, w1, w2
	CHECK	x0, 0x81234567, "rorv w"

	/* bitfield moves */
	ldr	x1, =0x123456789abcdef0
	ubfx	x0, x1, #4, #8
	CHECK	x0, 0xef, "ubfx"
	sbfx	x0, x1, #4, #8
	CHECK	x0, 0xffffffffffffffef, "sbfx"
	sbfx	x0, x1, #63, #1
	CHECK	x0, 0, "sbfx bit 63"
	ubfiz	x0, x1, #60, #4
	CHECK	x0, 0, "ubfiz"
	ubfiz	x0, x1, #56, #8
	CHECK	x0, 0xf000000000000000, "ubfiz top byte"
	sbfiz	x0, x1, #8, #8
	CHECK	x0, 0xfffffffffffff000, "sbfiz"
	mov	x0, #-1
	bfi	x0, x1, #8, #16
	CHECK	x0, 0xffffffffffdef0ff, "bfi"
	mov	x0, #-1
	bfxil	x0, x1, #60, #4
	CHECK	x0, 0xfffffffffffffff1, "bfxil"
	mov	x0, #-1
	bfi	w0, w1, #28, #4
	CHECK	x0, 0x0fffffff, "bfi w clears top"
	sxtb	x0, w1
	CHECK	x0, 0xfffffffffffffff0, "sxtb"
	sxth	w0, w1
	CHECK	x0, 0xffffdef0, "sxth w"
	sxtw	x0, w1
	CHECK	x0, 0xffffffff9abcdef0, "sxtw"
	uxth	w0, w1
	CHECK	x0, 0xdef0, "uxth"
	lsl	x0, x1, #63
	CHECK	x0, 0, "lsl imm 63"
	lsr	x0, x1, #60
	CHECK	x0, 1, "lsr imm 60"
	asr	w0, w1, #31
	CHECK	x0, 0xffffffff, "asr w imm 31"
	lsl	w0, w1, #31
	CHECK	x0, 0, "lsl w imm 31"
	sbfm	x0, x1, #0, #63
	CHECK	x0, 0x123456789abcdef0, "sbfm whole register"

	/* extr / ror immediate */
	ldr	x2, =0xfedcba9876543210
	extr	x0, x1, x2, #4
	CHECK	x0, 0x0fedcba987654321, "extr"
	extr	x0, x1, x2, #0
	CHECK	x0, 0xfedcba9876543210, "extr 0"
	extr	w0, w1, w2, #8
	CHECK	x0, 0xf0765432, "extr w"
	ror	x0, x2, #63
	CHECK	x0, 0xfdb97530eca86421, "ror imm 63"

	/* conditional select */
	mov	x1, #1
	mov	x2, #2
	cmp	x1, x2
	csel	x0, x1, x2, lt
	CHECK	x0, 1, "csel lt"
	cmp	x1, x2
	csinc	x0, x1, x2, ge
	CHECK	x0, 3, "csinc"
	cmp	x1, x2
	csinv	x0, x1, x2, gt
	CHECK	x0, -3, "csinv"
	cmp	x1, x2
	csneg	x0, x1, x2, hi
	CHECK	x0, -2, "csneg"
	cmp	x1, x2
	cset	w0, ne
	CHECK	x0, 1, "cset"
	cmp	x1, x2
	csetm	x0, eq
	CHECK	x0, 0, "csetm"
	cmp	x1, x2
	csel	x0, x1, x2, al
	CHECK	x0, 1, "csel al"
	mov	x3, #-1
	cmp	x3, #0
	csneg	w0, w3, w3, vs
	CHECK	x0, 1, "csneg w"

	/* conditional compare */
	mov	x1, #5
	cmp	x1, #5
	ccmp	x1, #3, #0b0100, eq	/* holds: compare 5 - 3 */
	CHECK_NZCV 0b0010, "ccmp taken"
	cmp	x1, #4
	ccmp	x1, #3, #0b1001, eq	/* eq false: immediate flags */
	CHECK_NZCV 0b1001, "ccmp not taken"
	mov	x2, #-5
	cmp	x1, #5
	ccmn	x1, x2, #0, eq
	CHECK_NZCV 0b0110, "ccmn taken"
	ccmp	w1, #31, #0b0000, nv
	CHECK_NZCV 0b1000, "ccmp nv always compares"

	TEST_END
