/*
 * Multiply, divide, bit reversal and counting, CRC32: madd/msub and the
 * long and high multiplies at their sign corners, udiv/sdiv by zero and
 * INT_MIN / -1 in both widths, rbit/rev/rev16/rev32/clz/cls at 0 and all
 * ones, and CRC-32 / CRC-32C of "123456789" (the check values 0xcbf43926
 * and 0xe3069283, with the usual inversions done by hand).
 */
#include "a64test.h"

	TEST_BEGIN

	ldr	x1, =0x100000001
	madd	x0, x1, x1, x1
	CHECK	x0, 0x300000002, "madd"
	mov	x2, #7
	msub	x0, x2, x2, xzr
	CHECK	x0, -49, "msub"
	mul	w0, w1, w2
	CHECK	x0, 7, "mul w"
	mov	w3, #-1
	smull	x0, w3, w3
	CHECK	x0, 1, "smull -1 * -1"
	umull	x0, w3, w3
	CHECK	x0, 0xfffffffe00000001, "umull"
	smaddl	x0, w3, w2, x2
	CHECK	x0, 0, "smaddl"
	umsubl	x0, w2, w2, x2
	CHECK	x0, -42, "umsubl"
	mov	x3, #-1
	smulh	x0, x3, x3
	CHECK	x0, 0, "smulh -1 -1"
	umulh	x0, x3, x3
	CHECK	x0, 0xfffffffffffffffe, "umulh"
	ldr	x4, =0x8000000000000000
	smulh	x0, x4, x4
	CHECK	x0, 0x4000000000000000, "smulh INT_MIN^2"

	TEST_RR	udiv, 0, 5, 0
	TEST_RR	sdiv, 0, -5, 0
	TEST_RR	sdiv, 0x8000000000000000, 0x8000000000000000, -1
	TEST_RR	sdiv, -2, 7, -3
	TEST_RR	sdiv, 2, -7, -3
	TEST_RR	udiv, 0, 7, -3
	TEST_RR	udiv, 0x7fffffffffffffff, -1, 2
	TEST_RR	sdiv, 0x80000000, 0x80000000, 0xffffffff, w
	TEST_RR	udiv, 0, 0x80000000, 0, w
	TEST_RR	sdiv, 0xfffffffe, 0x100000007, 0xfffffffd, w
	TEST_RR	udiv, 0x55555555, 0xffffffff, 3, w

	TEST_R	rbit, 0x8000000000000000, 1
	TEST_R	rbit, 0x0f7b3d591e6a2c48, 0x123456789abcdef0
	TEST_R	rbit, 0x80000000, 0xffffffff00000001, w
	TEST_R	rev, 0xf0debc9a78563412, 0x123456789abcdef0
	TEST_R	rev, 0xf0debc9a, 0x123456789abcdef0, w
	TEST_R	rev16, 0x34127856bc9af0de, 0x123456789abcdef0
	TEST_R	rev32, 0x78563412f0debc9a, 0x123456789abcdef0
	TEST_R	clz, 64, 0
	TEST_R	clz, 0, -1
	TEST_R	clz, 32, 0xffffffff00000000, w
	TEST_R	clz, 31, 1, w
	TEST_R	cls, 63, 0
	TEST_R	cls, 63, -1
	TEST_R	cls, 0, 0x4000000000000000
	TEST_R	cls, 31, 0xffffffff, w
	TEST_R	cls, 30, 0x1, w
	TEST_R	cls, 1, 0x20000000, w

	/* CRC-32 of "123456789", bytewise and by a word and an x */
	ldr	x5, =0x3837363534333231	/* "12345678" */
	mov	w0, #-1
	crc32x	w0, w0, x5
	mov	w6, #'9'
	crc32b	w0, w0, w6
	mvn	w0, w0
	CHECK	x0, 0xcbf43926, "crc32x + crc32b"
	mov	w0, #-1
	crc32w	w0, w0, w5
	lsr	x7, x5, #32
	crc32h	w0, w0, w7
	lsr	x7, x5, #48
	crc32h	w0, w0, w7
	crc32b	w0, w0, w6
	mvn	w0, w0
	CHECK	x0, 0xcbf43926, "crc32w + crc32h"
	mov	w0, #-1
	crc32cx	w0, w0, x5
	crc32cb	w0, w0, w6
	mvn	w0, w0
	CHECK	x0, 0xe3069283, "crc32c"
	mov	w0, #-1
	crc32cw	w0, w0, w5
	lsr	x7, x5, #32
	crc32ch	w0, w0, w7
	lsr	x7, x5, #48
	crc32ch	w0, w0, w7
	crc32cb	w0, w0, w6
	mvn	w0, w0
	CHECK	x0, 0xe3069283, "crc32cw + crc32ch"

	TEST_END
