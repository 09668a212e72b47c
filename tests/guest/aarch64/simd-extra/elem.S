/*
 * The x-indexed-element forms (integer, long with the "2" half, FP and
 * FP16, scalar), SQRDMLAH/SQRDMLSH (FEAT_RDM) and SDOT/UDOT
 * (FEAT_DotProd) and FP16 vector arithmetic, with hand-computed results; a 64-bit vector result must
 * clear the upper half.
 */
#include "simdx.h"

	TEST_BEGIN
	msr	fpsr, xzr

	VSET	1, 0x0004000300020001, 0x9999
	VSET	2, 0, 0x0000000000070000
	mul	v0.4h, v1.4h, v2.h[5]
	VCHK	0, 0x001c0015000e0007, 0, "mul 4h by h[5]"
	VSET	0, 0x0000000100000001, 0x0000000100000001
	VSET	1, 0x0000000200000001, 0x0000000400000003
	VSET	2, 0x0000000a00000000
	mla	v0.4s, v1.4s, v2.s[1]
	VCHK	0, 0x000000150000000b, 0x000000290000001f, "mla 4s by s[1]"
	VSET	1, 0x0004fffd0002ffff
	VSET	2, 0xfffe
	smull	v0.4s, v1.4h, v2.h[0]
	VCHK	0, 0xfffffffc00000002, 0xfffffff800000006, "smull by h[0]"
	VSET	1, 0, 0x00000002ffffffff
	VSET	2, 0, 0x0000001000000000
	umull2	v0.2d, v1.4s, v2.s[3]
	VCHK	0, 0x0000000ffffffff0, 0x20, "umull2 by s[3]"
	VSET	1, 0x8000800080008000, 0x8000800080008000
	VSET	2, 0x80000000
	sqdmulh	v0.8h, v1.8h, v2.h[1]
	VCHK	0, 0x7fff7fff7fff7fff, 0x7fff7fff7fff7fff, "sqdmulh 8h saturates"
	FPSR_CHK 0x08000000, "sqdmulh QC"
	VSET	1, 0xc000000040000000
	VSET	2, 0x40000000
	sqrdmulh v0.2s, v1.2s, v2.s[0]
	VCHK	0, 0xe000000020000000, 0, "sqrdmulh 2s"
	VSET	1, 0x00028000ffff0001
	VSET	2, 0x0000800000000000
	sqdmull	v0.4s, v1.4h, v2.h[2]
	VCHK	0, 0x00010000ffff0000, 0xfffe00007fffffff, "sqdmull by h[2]"
	FPSR_CHK 0x08000000, "sqdmull QC"

	/* FP */
	VSET	0, 0x3ff0000000000000, 0x4000000000000000
	VSET	1, 0x4000000000000000, 0x4008000000000000
	VSET	2, 0, 0x3fe0000000000000
	fmla	v0.2d, v1.2d, v2.d[1]
	VCHK	0, 0x4000000000000000, 0x400c000000000000, "fmla 2d by d[1]"
	VSET	1, 0xc00000003f800000, 0x408000003f000000
	VSET	2, 0, 0x40400000
	fmul	v0.4s, v1.4s, v2.s[2]
	VCHK	0, 0xc0c0000040400000, 0x414000003fc00000, "fmul 4s by s[2]"
	VSET	0, 0x3f8000003f800000, 0x1234
	VSET	1, 0x400000003f800000
	VSET	2, 0x3f800000
	fmls	v0.2s, v1.2s, v2.s[0]
	VCHK	0, 0xbf80000000000000, 0, "fmls 2s"
	VSET	1, 0x400000003c007c00
	VSET	2, 0, 0
	fmulx	v0.4h, v1.4h, v2.h[7]
	VCHK	0, 0x0000000000004000, 0, "fmulx 4h inf * 0"
	FPSR_CHK 0, "exact FP by element"
	VSET	1, 0x40000000
	VSET	2, 0, 0x3fc0000000000000
	fmul	s0, s1, v2.s[3]
	VCHK	0, 0x40400000, 0, "fmul s by s[3]"
	VSET	0, 0x3ff0000000000000
	VSET	1, 0x4000000000000000
	VSET	2, 0, 0x4008000000000000
	fmla	d0, d1, v2.d[1]
	VCHK	0, 0x401c000000000000, 0, "fmla d by d[1]"
	VSET	1, 0x0100
	VSET	2, 0x0010000000000000
	sqdmull	s0, h1, v2.h[3]
	VCHK	0, 0x2000, 0, "sqdmull s by h[3]"
	VSET	1, 0x80000000
	VSET	2, 0x8000000000000000
	sqdmulh	s0, s1, v2.s[1]
	VCHK	0, 0x7fffffff, 0, "sqdmulh s by s[1]"
	FPSR_CHK 0x08000000, "scalar sqdmulh QC"

	/* RDM */
	VSET	0, 0x0100
	VSET	1, 0x4000
	VSET	2, 0x4000
	sqrdmlah h0, h1, h2
	VCHK	0, 0x2100, 0, "sqrdmlah h"
	VSET	0, 0x0000000080000000
	VSET	1, 0x4000000040000000
	VSET	2, 0x40000000
	sqrdmlsh v0.2s, v1.2s, v2.s[0]
	VCHK	0, 0xe000000080000000, 0, "sqrdmlsh 2s by s[0]"
	FPSR_CHK 0x08000000, "sqrdmlsh QC"
	VSET	0, 0x0001000100010001, 0x0001000100010001
	VSET	1, 0x7fff7fff7fff7fff, 0x7fff7fff7fff7fff
	sqrdmlah v0.8h, v1.8h, v1.8h
	VCHK	0, 0x7fff7fff7fff7fff, 0x7fff7fff7fff7fff, "sqrdmlah 8h"
	FPSR_CHK 0, "sqrdmlah no saturation"

	/* DotProd */
	VSET	0, 0x0000000a0000000a, 0x0000000a0000000a
	VSET	1, 0x0403020104030201, 0x0403020104030201
	VSET	2, -1, -1
	sdot	v0.4s, v1.16b, v2.16b
	VCHK	0, 0, 0, "sdot 10 - 10"
	VSET	0, 0x0000000a0000000a, 0x0000000a0000000a
	udot	v0.4s, v1.16b, v2.16b
	VCHK	0, 0x00000a0000000a00, 0x00000a0000000a00, "udot 10 + 2550"
	VSET	0, 0, 0x55
	VSET	2, 0, 0x0202020200000000
	udot	v0.2s, v1.8b, v2.4b[3]
	VCHK	0, 0x0000001400000014, 0, "udot 2s by 4b[3]"

	/* FP16 vectors */
	VSET	1, 0x3800bc0040003c00
	VSET	2, 0x3c003c003c003c00
	fadd	v0.4h, v1.4h, v2.4h
	VCHK	0, 0x3e00000042004000, 0, "fadd 4h"
	faddp	v0.4h, v1.4h, v2.4h
	VCHK	0, 0x40004000b8004200, 0, "faddp 4h"
	fcvtzs	v0.4h, v1.4h
	VCHK	0, 0x0000ffff00020001, 0, "fcvtzs 4h"
	FPSR_CHK 0x10, "fcvtzs 4h 0.5 inexact"
	VSET	1, 0x4400440044004400, 0x3c00440044004400
	fsqrt	v0.8h, v1.8h
	VCHK	0, 0x4000400040004000, 0x3c00400040004000, "fsqrt 8h"

	TEST_END
