/*
 * Zba address generation: shNadd, the .uw forms that zero-extend the low
 * word of rs1 first, and slli.uw (with zext.w, its add.uw alias).
 */
#include "rvtest.h"

	TEST_BEGIN
	TEST_RR sh1add, 13, 5, 3
	TEST_RR sh1add, 3, 0x8000000000000001, 1	/* bit 63 shifted out */
	TEST_RR sh2add, 13, 3, 1
	TEST_RR sh2add, -4, -1, 0
	TEST_RR sh3add, 9, 1, 1
	TEST_RR sh3add, 0, 0x2000000000000000, 0
	TEST_RR sh3add, 0x8000000000000005, 0x1000000000000000, 5

	TEST_RR add.uw, 0x100000000, -1, 1
	TEST_RR add.uw, 0x9abcdef0, 0x123456789abcdef0, 0
	TEST_RR add.uw, 0xffffffff80000001, 0xffffffff80000000, 0xffffffff00000001
	TEST_RR sh1add.uw, 0x100000000, 0xffffffff80000000, 0
	TEST_RR sh1add.uw, 7, 0x100000003, 1
	TEST_RR sh2add.uw, 0x400000000, -1, 4		/* 0xffffffff * 4 + 4 */
	TEST_RR sh3add.uw, 0x400000001, 0xffffffff80000000, 1

	TEST_RI slli.uw, 0xffffffff0, -1, 4
	TEST_RI slli.uw, 0x8000000000000000, 0x180000000, 32
	TEST_RI slli.uw, 0x8000000000000000, 1, 63
	TEST_RI slli.uw, 0, 0xfffffffe, 63
	TEST_RI slli.uw, 0x12345678, 0xabcdef0012345678, 0

	li	a1, 0xfedcba9876543210
	zext.w	a0, a1
	CHECK	a0, 0x76543210, "zext.w"
	TEST_END
