/*
 * Loads and stores of FP/SIMD registers (b/h/s/d/q, immediate, register,
 * literal, pre/post-index, pairs). A load writes the register's low bits
 * and clears the rest of its 128 bits, which a following str q shows.
 */
#include "a64test.h"

	TEST_BEGIN

	adr	x10, src
	adr	x11, dst
	ldr	q0, [x10]
	str	q0, [x11]
	ldp	x0, x1, [x11]
	CHECK	x0, 0x0807060504030201, "ldr q low"
	CHECK	x1, 0x100f0e0d0c0b0a09, "ldr q high"
	ldr	b0, [x10, #3]
	str	q0, [x11]
	ldp	x0, x1, [x11]
	CHECK	x0, 0x04, "ldr b zeroes the rest"
	CHECK	x1, 0, "ldr b zeroes the high half"
	mov	x2, #1
	ldr	h1, [x10, x2, lsl #1]
	str	q1, [x11]
	ldr	x0, [x11]
	CHECK	x0, 0x0403, "ldr h register offset"
	ldur	s2, [x10, #1]
	str	d2, [x11]
	ldr	x0, [x11]
	CHECK	x0, 0x05040302, "ldur s"
	ldr	d3, lit
	str	q3, [x11]
	ldp	x0, x1, [x11]
	CHECK	x0, 0x1122334455667788, "ldr d literal"
	CHECK	x1, 0, "ldr d literal clears high"
	mov	x4, x10
	ldr	s4, [x4, #4]!
	str	s4, [x11]
	ldr	w0, [x11]
	CHECK	x0, 0x08070605, "ldr s pre-index"
	sub	x5, x4, x10
	CHECK	x5, 4, "pre-index writeback"
	ldp	d5, d6, [x10]
	stp	d6, d5, [x11]
	ldr	x0, [x11]
	CHECK	x0, 0x100f0e0d0c0b0a09, "ldp/stp d"
	ldp	q7, q8, [x10]
	stp	q8, q7, [x11], #32
	ldr	x0, [x11, #-16]
	CHECK	x0, 0x0807060504030201, "stp q post-index"
	ldr	q9, lit
	str	b9, [x11]
	ldrb	w0, [x11]
	CHECK	x0, 0x88, "str b"

	TEST_END

	.balign	16
lit:	.quad	0x1122334455667788, 0
	.data
	.balign	16
src:	.byte	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
	.space	16
dst:	.space	64
