/*
 * Zbs single-bit instructions: clear, extract, invert and set, register
 * forms (bit index = rs2 mod 64) and immediate forms up to bit 63.
 */
#include "rvtest.h"

	TEST_BEGIN
	TEST_RR bclr, 0x7fffffffffffffff, -1, 63
	TEST_RR bclr, 0xfffffffffffffffe, -1, 64
	TEST_RR bclr, 0, 0, 5
	TEST_RR bset, 0x8000000000000000, 0, 63
	TEST_RR bset, 0x20, 0, 0x45		/* 69 & 63 = 5 */
	TEST_RR bset, 7, 7, 1
	TEST_RR binv, 0, 0x10, 4
	TEST_RR binv, 0x100000000, 0, 32
	TEST_RR bext, 1, 0x8000000000000000, 63
	TEST_RR bext, 0, 0x8000000000000000, 62
	TEST_RR bext, 1, 0x100000000, 0x60		/* 96 & 63 = 32 */

	TEST_RI bclri, 0xffffffff7fffffff, -1, 31
	TEST_RI bclri, 0x7fffffffffffffff, -1, 63
	TEST_RI bseti, 0x100000000, 0, 32
	TEST_RI bseti, 0x8000000000000000, 0, 63
	TEST_RI binvi, -2, -1, 0
	TEST_RI binvi, 0x8000000000000001, 1, 63
	TEST_RI bexti, 1, 0x80, 7
	TEST_RI bexti, 0, 0x7fffffffffffffff, 63
	TEST_END
