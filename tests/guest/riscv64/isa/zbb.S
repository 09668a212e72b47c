/*
 * Zbb basic bit manipulation: logic with negation, counts (and their W
 * forms), min/max, sign and zero extension, rotates (register amounts are
 * masked to 6 or 5 bits), orc.b and rev8.
 */
#include "rvtest.h"

	TEST_BEGIN
	/* per 16 bits: a = ff00, b = 0ff0 */
	TEST_RR andn, 0xf000f000f000f000, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	TEST_RR orn,  0xff0fff0fff0fff0f, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	TEST_RR xnor, 0x0f0f0f0f0f0f0f0f, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0

	TEST_R clz, 64, 0
	TEST_R clz, 63, 1
	TEST_R clz, 0, -1
	TEST_R clz, 31, 0x100000000
	TEST_R clzw, 32, 0
	TEST_R clzw, 31, 1
	TEST_R clzw, 32, 0xffffffff00000000
	TEST_R clzw, 16, 0x8000
	TEST_R clzw, 0, 0x80000000
	TEST_R ctz, 64, 0
	TEST_R ctz, 63, 0x8000000000000000
	TEST_R ctz, 0, 1
	TEST_R ctz, 8, 0x100
	TEST_R ctzw, 32, 0
	TEST_R ctzw, 32, 0x100000000
	/* low word zero, high word not: still 32 (qemu 7.2 wrongly says 63) */
	TEST_R ctzw, 32, 0x8000000000000000
	TEST_R ctzw, 31, 0x80000000
	TEST_R cpop, 64, -1
	TEST_R cpop, 0, 0
	TEST_R cpop, 8, 0xf0f0
	TEST_R cpop, 2, 0x8000000000000001
	TEST_R cpopw, 32, -1
	TEST_R cpopw, 1, 0xffffffff00000001

	TEST_RR max, 1, -1, 1
	TEST_RR max, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
	TEST_RR maxu, -1, -1, 1
	TEST_RR maxu, 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff
	TEST_RR min, -1, -1, 1
	TEST_RR min, 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff
	TEST_RR minu, 1, -1, 1
	TEST_RR minu, 5, 5, 5

	TEST_R sext.b, 0xffffffffffffff80, 0x80
	TEST_R sext.b, 0x7f, 0x17f
	TEST_R sext.h, 0xffffffffffff8000, 0x8000
	TEST_R sext.h, 0x7fff, 0x12347fff
	TEST_R zext.h, 0xffff, -1
	TEST_R zext.h, 0x5678, 0x12345678

	TEST_RR rol, 3, 0x8000000000000001, 1
	TEST_RR rol, 0x8000000000000001, 0x8000000000000001, 64
	TEST_RR rol, 0x123456789abcdeff, 0xf123456789abcdef, 4
	TEST_RR rol, 0x123456789abcdef0, 0x0123456789abcdef, 68	/* 68 & 63 = 4 */
	TEST_RR ror, 0xf0123456789abcde, 0x0123456789abcdef, 4
	TEST_RR ror, 0x0123456789abcdef, 0x0123456789abcdef, 64
	TEST_RI rori, 0x89abcdef01234567, 0x0123456789abcdef, 32
	/* right by 63 = left by 1; bit 63 was 0 */
	TEST_RI rori, 0x02468acf13579bde, 0x0123456789abcdef, 63
	TEST_RI rori, 0x0123456789abcdef, 0x0123456789abcdef, 0

	TEST_RR rolw, 3, 0x80000001, 1
	TEST_RR rolw, 0x23456781, 0x12345678, 4
	TEST_RR rolw, 0xffffffff80000000, 0xffffffff00000001, 31
	TEST_RR rolw, 0xffffffff80000000, 0x80000000, 32		/* 32 & 31 = 0 */
	TEST_RR rorw, 0xffffffff80000000, 1, 1
	TEST_RR rorw, 0xffffffff81234567, 0x12345678, 4
	TEST_RR rorw, 0x23456781, 0x12345678, 0x3c	/* right 28 = left 4 */
	TEST_RI roriw, 0x56781234, 0x12345678, 16
	TEST_RI roriw, 0x12345678, 0x12345678, 0
	TEST_RI roriw, 1, 0xffffffff00000002, 1
	TEST_RI roriw, 0xffffffff80000000, 0x00000001, 1

	TEST_R orc.b, 0xff00000000ff00ff, 0x0100000000ff0010
	TEST_R orc.b, 0, 0
	TEST_R rev8, 0xefcdab8967452301, 0x0123456789abcdef
	TEST_END
