/*
 * RV64M: multiplication (low and the three high-half flavours), division
 * and remainder, and the W forms.  Covers wrap-around, division by zero
 * (quotient all ones, remainder = dividend), the signed overflow case
 * INT_MIN / -1 (quotient INT_MIN, remainder 0) for 64 and 32 bits, and the
 * sign extension of every W result.
 */
#include "rvtest.h"

	TEST_BEGIN

	TEST_RR mul, 12, 3, 4
	TEST_RR mul, 1, -1, -1
	TEST_RR mul, 0xfffffffffffffffe, 0x7fffffffffffffff, 2
	TEST_RR mul, 0x8000000000000000, 0x8000000000000000, -1
	/* (2^32 + 1)^2 = 2^64 + 2^33 + 1 */
	TEST_RR mul, 0x0000000200000001, 0x100000001, 0x100000001
	TEST_RR mul, 0x123456789abcdef0, 0x0123456789abcdef, 0x10

	TEST_RR mulh, 0, -1, -1
	/* (-2^63)^2 = 2^126: high half 2^62 */
	TEST_RR mulh, 0x4000000000000000, 0x8000000000000000, 0x8000000000000000
	/* -2^63 * (2^63 - 1) = -2^126 + 2^63: high half -2^62 */
	TEST_RR mulh, 0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff
	TEST_RR mulh, -1, -1, 1
	TEST_RR mulh, 1, 0x100000000, 0x100000000
	TEST_RR mulh, -1, 3, -2
	/* 2 * -2^63 = -2^64 */
	TEST_RR mulh, -1, 2, 0x8000000000000000

	/* (2^64 - 1)^2 = 2^128 - 2^65 + 1: high half 2^64 - 2 */
	TEST_RR mulhu, 0xfffffffffffffffe, -1, -1
	TEST_RR mulhu, 1, 0x100000000, 0x100000000
	TEST_RR mulhu, 1, 0x8000000000000000, 2
	TEST_RR mulhu, 0, 5, 7

	/* rs1 signed, rs2 unsigned */
	TEST_RR mulhsu, -1, -1, -1		/* -(2^64 - 1) */
	TEST_RR mulhsu, 0, 1, -1		/* 2^64 - 1 */
	TEST_RR mulhsu, -1, -2, 0x8000000000000000	/* -2^64 */
	/* -2^63 * (2^64 - 1) = -2^127 + 2^63: high half -2^63 */
	TEST_RR mulhsu, 0x8000000000000000, 0x8000000000000000, -1
	TEST_RR mulhsu, 1, 2, 0x8000000000000000	/* +2^64, unlike mulh */

	TEST_RR mulw, 0xfffffffffffffffe, 0x7fffffff, 2
	TEST_RR mulw, 15, 0x100000003, 0x100000005
	TEST_RR mulw, 0, 0x10000, 0x10000
	TEST_RR mulw, 0xffffffff80000000, -1, 0x80000000	/* -1 * -2^31 = 2^31 */
	TEST_RR mulw, 0x23450000, 0x12345, 0x10000

	li	a1, -3
	mul	a1, a1, a1
	CHECK	a1, 9, "mul a1, a1, a1"

	/* division truncates toward zero */
	TEST_RR div, 3, 7, 2
	TEST_RR div, -3, -7, 2
	TEST_RR div, -3, 7, -2
	TEST_RR div, 3, -7, -2
	TEST_RR div, -1, 7, 0
	TEST_RR div, -1, 0, 0
	TEST_RR div, 0x8000000000000000, 0x8000000000000000, -1
	TEST_RR div, 0xc000000000000000, 0x8000000000000000, 2

	TEST_RR divu, 3, 7, 2
	TEST_RR divu, 0x7fffffffffffffff, -1, 2
	TEST_RR divu, -1, 7, 0
	TEST_RR divu, 0, 0x8000000000000000, -1
	TEST_RR divu, 1, -1, -1

	/* the remainder takes the dividend's sign */
	TEST_RR rem, 1, 7, 2
	TEST_RR rem, -1, -7, 2
	TEST_RR rem, 1, 7, -2
	TEST_RR rem, -1, -7, -2
	TEST_RR rem, 7, 7, 0
	TEST_RR rem, -7, -7, 0
	TEST_RR rem, 0, 0x8000000000000000, -1

	TEST_RR remu, 1, 7, 2
	TEST_RR remu, 1, -1, 2
	TEST_RR remu, 7, 7, 0
	TEST_RR remu, -1, -1, 0
	TEST_RR remu, 2, 0x8000000000000000, 3	/* 2^63 mod 3: 2^odd = 2 mod 3 */

	/* W forms read the low 32 bits and sign-extend the 32-bit result */
	TEST_RR divw, 3, 7, 2
	TEST_RR divw, 0xfffffffffffffffd, -7, 2
	TEST_RR divw, 3, 0x100000007, 0x200000002
	TEST_RR divw, 0xffffffff80000000, 0x80000000, -1
	TEST_RR divw, -1, 7, 0
	TEST_RR divw, -1, 7, 0x100000000	/* low word of the divisor is 0 */
	TEST_RR divw, 0xffffffffc0000000, 0x80000000, 2

	TEST_RR divuw, 0x7fffffff, 0xffffffff, 2
	TEST_RR divuw, 0xffffffff80000000, 0x80000000, 1
	TEST_RR divuw, -1, 7, 0
	TEST_RR divuw, 4, 0x100000010, 0x100000004

	TEST_RR remw, -1, -7, 2
	TEST_RR remw, 0, 0x80000000, -1
	TEST_RR remw, 7, 7, 0
	TEST_RR remw, 0xffffffff80000000, 0x80000000, 0
	TEST_RR remw, 1, 0xffffffff00000009, 4

	TEST_RR remuw, 0xf, 0xffffffff, 0x10
	TEST_RR remuw, 0xffffffff80000000, 0x80000000, 0
	TEST_RR remuw, 5, 0x80000005, 0x80000000
	TEST_RR remuw, 1, 0x100000007, 0x100000003
	TEST_END
