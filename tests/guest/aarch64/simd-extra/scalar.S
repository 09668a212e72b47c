/*
 * AdvSIMD scalar forms with hand-computed results: three same (saturating
 * arithmetic, compares, register shifts, doubling multiplies), three
 * different, two-register miscellaneous (saturating abs/neg/accumulate,
 * narrowing, compares with zero, every FP to integer rounding, SCVTF /
 * UCVTF, FCVTXN, the estimates, FRECPX), FP three same, pairwise, DUP
 * (element) and shifts by immediate (plain, rounding, accumulating,
 * inserting, saturating, narrowing, fixed point). Each result's upper
 * bits must be cleared, and FPSR must hold exactly the expected QC and
 * exception bits.
 */
#include "simdx.h"

	TEST_BEGIN
	msr	fpsr, xzr

	/* three same, integer */
	VSET	1, 0xffffffffffffff70, 0x5555
	VSET	2, 0x20
	sqadd	b0, b1, b2
	VCHK	0, 0x7f, 0, "sqadd b saturates"
	FPSR_CHK 0x08000000, "sqadd b QC"
	VSET	1, 5
	VSET	2, 7
	uqsub	h0, h1, h2
	VCHK	0, 0, 0, "uqsub h 5 - 7"
	FPSR_CHK 0x08000000, "uqsub QC"
	VSET	1, -1
	VSET	2, 1
	cmgt	d0, d1, d2
	VCHK	0, 0, 0, "cmgt -1 > 1"
	cmhi	d0, d1, d2
	VCHK	0, -1, 0, "cmhi ~0 > 1"
	VSET	1, 0x8000000000000000
	VSET	2, 0xff
	sshl	d0, d1, d2
	VCHK	0, 0xc000000000000000, 0, "sshl by -1"
	VSET	1, 3
	urshl	d0, d1, d2
	VCHK	0, 2, 0, "urshl 3 by -1 rounds"
	VSET	1, 0x40000000
	VSET	2, 1
	sqshl	s0, s1, s2
	VCHK	0, 0x7fffffff, 0, "sqshl s overflows"
	FPSR_CHK 0x08000000, "sqshl QC"
	VSET	1, 0x81
	VSET	2, 0xf9
	uqrshl	b0, b1, b2
	VCHK	0, 1, 0, "uqrshl b by -7"
	FPSR_CHK 0, "uqrshl no QC"
	VSET	1, 0x8000
	VSET	2, 0x8000
	sqdmulh	h0, h1, h2
	VCHK	0, 0x7fff, 0, "sqdmulh -1 * -1"
	FPSR_CHK 0x08000000, "sqdmulh QC"
	VSET	1, 0x40000000
	VSET	2, 3
	sqrdmulh s0, s1, s2
	VCHK	0, 2, 0, "sqrdmulh rounds"
	VSET	1, -1
	VSET	2, 2
	add	d0, d1, d2
	VCHK	0, 1, 0, "add d wraps"
	VSET	1, 1
	sub	d0, d1, d2
	VCHK	0, -1, 0, "sub d wraps"
	VSET	1, 0x10
	VSET	2, 0x11
	cmtst	d0, d1, d2
	VCHK	0, -1, 0, "cmtst"

	/* three different */
	VSET	1, 0xfffe
	VSET	2, 3
	sqdmull	s0, h1, h2
	VCHK	0, 0xfffffff4, 0, "sqdmull -2 * 3"
	VSET	0, 100
	VSET	1, 0x80000000
	VSET	2, 0x80000000
	sqdmlal	d0, s1, s2
	VCHK	0, 0x7fffffffffffffff, 0, "sqdmlal saturates"
	FPSR_CHK 0x08000000, "sqdmlal QC"
	VSET	0, 10
	VSET	1, 3
	VSET	2, 4
	sqdmlsl	s0, h1, h2
	VCHK	0, 0xfffffff2, 0, "sqdmlsl 10 - 24"

	/* two-register miscellaneous, integer */
	VSET	1, 0x80
	sqabs	b0, b1
	VCHK	0, 0x7f, 0, "sqabs -128"
	FPSR_CHK 0x08000000, "sqabs QC"
	VSET	1, 1
	sqneg	h0, h1
	VCHK	0, 0xffff, 0, "sqneg 1"
	VSET	1, -5
	abs	d0, d1
	VCHK	0, 5, 0, "abs d"
	neg	d0, d0
	VCHK	0, -5, 0, "neg d"
	VSET	0, 0x70
	VSET	1, 0x20
	suqadd	b0, b1
	VCHK	0, 0x7f, 0, "suqadd 112 + 32"
	FPSR_CHK 0x08000000, "suqadd QC"
	VSET	0, 0x05
	VSET	1, 0xf0
	usqadd	b0, b1
	VCHK	0, 0, 0, "usqadd 5 - 16"
	FPSR_CHK 0x08000000, "usqadd QC"
	VSET	1, -1
	cmlt	d0, d1, #0
	VCHK	0, -1, 0, "cmlt -1"
	VSET	1, 0
	cmeq	d0, d1, #0
	VCHK	0, -1, 0, "cmeq 0"
	cmgt	d0, d1, #0
	VCHK	0, 0, 0, "cmgt 0"
	VSET	1, 0x0100
	sqxtn	b0, h1
	VCHK	0, 0x7f, 0, "sqxtn 256"
	FPSR_CHK 0x08000000, "sqxtn QC"
	VSET	1, 0x00012345
	uqxtn	h0, s1
	VCHK	0, 0xffff, 0, "uqxtn"
	FPSR_CHK 0x08000000, "uqxtn QC"
	VSET	1, 0xff80
	sqxtun	b0, h1
	VCHK	0, 0, 0, "sqxtun -128"
	FPSR_CHK 0x08000000, "sqxtun QC"
	VSET	1, 0xffffffff80000000
	sqxtn	s0, d1
	VCHK	0, 0x80000000, 0, "sqxtn INT32_MIN"
	FPSR_CHK 0, "sqxtn in range"

	/* FP conversions */
	VSET	0, 5, 7
	scvtf	d1, d0
	VCHK	1, 0x4014000000000000, 0, "scvtf d 5"
	VSET	0, -1
	scvtf	d1, d0
	VCHK	1, 0xbff0000000000000, 0, "scvtf d -1"
	VSET	1, 0xffffffff
	ucvtf	s0, s1
	VCHK	0, 0x4f800000, 0, "ucvtf s 2^32-1"
	FPSR_CHK 0x10, "ucvtf inexact"
	VSET	1, 0xc004000000000000
	fcvtzs	d0, d1
	VCHK	0, 0xfffffffffffffffe, 0, "fcvtzs -2.5"
	FPSR_CHK 0x10, "fcvtzs inexact"
	VSET	1, 0x40200000
	fcvtns	s0, s1
	VCHK	0, 2, 0, "fcvtns 2.5"
	fcvtas	s0, s1
	VCHK	0, 3, 0, "fcvtas 2.5"
	fcvtps	s0, s1
	VCHK	0, 3, 0, "fcvtps 2.5"
	FPSR_CHK 0x10, "fcvt*s 2.5 inexact"
	VSET	1, 0xc0200000
	fcvtms	s0, s1
	VCHK	0, 0xfffffffd, 0, "fcvtms -2.5"
	VSET	1, 0xbf800000
	fcvtnu	s0, s1
	VCHK	0, 0, 0, "fcvtnu -1"
	FPSR_CHK 0x11, "fcvtnu -1 invalid"
	VSET	1, 0x4415af1d78b58c40
	fcvtzu	d0, d1
	VCHK	0, -1, 0, "fcvtzu 1e20"
	FPSR_CHK 0x1, "fcvtzu 1e20 invalid"
	VSET	1, 0xc500
	fcvtzs	h0, h1
	VCHK	0, 0xfffb, 0, "fcvtzs h -5"
	VSET	1, 0x3ff0000000400000
	fcvtxn	s0, d1
	VCHK	0, 0x3f800001, 0, "fcvtxn rounds to odd"
	FPSR_CHK 0x10, "fcvtxn inexact"
	VSET	1, 0x4010000000000000
	frecpx	d0, d1
	VCHK	0, 0x3fe0000000000000, 0, "frecpx 4.0"
	VSET	1, 0
	frecpx	s0, s1
	VCHK	0, 0x7f000000, 0, "frecpx 0"
	VSET	1, 0x40000000
	frecpe	s0, s1
	VCHK	0, 0x3eff8000, 0, "frecpe 2.0"
	VSET	1, 0x40800000
	frsqrte	s0, s1
	VCHK	0, 0x3eff8000, 0, "frsqrte 4.0"
	FPSR_CHK 0, "estimates exact"

	/* FP three same and compares */
	VSET	1, 0x4000000000000000
	VSET	2, 0x3ff0000000000000
	fcmgt	d0, d1, d2
	VCHK	0, -1, 0, "fcmgt 2 > 1"
	VSET	1, 0x7fc00000
	fcmge	s0, s1, s2
	VCHK	0, 0, 0, "fcmge NaN"
	FPSR_CHK 0x1, "fcmge NaN invalid"
	VSET	1, 0xc0400000
	VSET	2, 0x40000000
	facgt	s0, s1, s2
	VCHK	0, 0xffffffff, 0, "facgt |-3| > |2|"
	VSET	1, 0x8000000000000000
	fcmeq	d0, d1, #0.0
	VCHK	0, -1, 0, "fcmeq -0.0"
	VSET	1, 0xbf800000
	fcmlt	s0, s1, #0.0
	VCHK	0, 0xffffffff, 0, "fcmlt -1"
	VSET	1, 0x3ff0000000000000
	VSET	2, 0x4008000000000000
	fabd	d0, d1, d2
	VCHK	0, 0x4000000000000000, 0, "fabd 1 3"
	VSET	1, 0x7f800000
	VSET	2, 0x80000000
	fmulx	s0, s1, s2
	VCHK	0, 0xc0000000, 0, "fmulx inf * -0"
	VSET	1, 0x3fc00000
	VSET	2, 0x3f800000
	frecps	s0, s1, s2
	VCHK	0, 0x3f000000, 0, "frecps 2 - 1.5"
	VSET	1, 0x3ff0000000000000
	VSET	2, 0x3ff0000000000000
	frsqrts	d0, d1, d2
	VCHK	0, 0x3ff0000000000000, 0, "frsqrts (3 - 1) / 2"
	FPSR_CHK 0, "exact FP"

	/* pairwise */
	VSET	1, 5, -1
	addp	d0, v1.2d
	VCHK	0, 4, 0, "addp"
	VSET	1, 0x400000003f800000
	faddp	s0, v1.2s
	VCHK	0, 0x40400000, 0, "faddp 1 + 2"
	VSET	1, 0x3ff0000000000000, 0x7ff8000000000000
	fmaxp	d0, v1.2d
	VCHK	0, 0x7ff8000000000000, 0, "fmaxp NaN"
	fminnmp	d0, v1.2d
	VCHK	0, 0x3ff0000000000000, 0, "fminnmp NaN"
	VSET	1, 0x40003c00
	faddp	h0, v1.2h
	VCHK	0, 0x4200, 0, "faddp h 1 + 2"

	/* dup (element) */
	VSET	1, 0, 0x1122334455667788
	mov	s0, v1.s[3]
	VCHK	0, 0x11223344, 0, "mov s v.s[3]"
	mov	b0, v1.b[15]
	VCHK	0, 0x11, 0, "mov b v.b[15]"
	mov	d0, v1.d[1]
	VCHK	0, 0x1122334455667788, 0, "mov d v.d[1]"

	/* shifts by immediate */
	VSET	1, 0x8000000000000000
	sshr	d0, d1, #64
	VCHK	0, -1, 0, "sshr #64"
	ushr	d0, d1, #64
	VCHK	0, 0, 0, "ushr #64"
	VSET	1, 3
	srshr	d0, d1, #1
	VCHK	0, 2, 0, "srshr 3 #1"
	VSET	0, 100
	VSET	1, 24
	ursra	d0, d1, #4
	VCHK	0, 102, 0, "ursra"
	VSET	1, 3
	shl	d0, d1, #63
	VCHK	0, 0x8000000000000000, 0, "shl #63"
	VSET	0, 0xffff
	VSET	1, 0x12
	sli	d0, d1, #8
	VCHK	0, 0x12ff, 0, "sli #8"
	VSET	0, 0xabcdef0000000000
	VSET	1, 0x1234
	sri	d0, d1, #8
	VCHK	0, 0xab00000000000012, 0, "sri #8"
	sri	d0, d1, #64
	VCHK	0, 0xab00000000000012, 0, "sri #64 keeps"
	VSET	1, 0x30
	sqshl	b0, b1, #2
	VCHK	0, 0x7f, 0, "sqshl b #2"
	FPSR_CHK 0x08000000, "sqshl imm QC"
	VSET	1, 0x0fff
	uqshl	h0, h1, #4
	VCHK	0, 0xfff0, 0, "uqshl h #4"
	VSET	1, 0xffffffff
	sqshlu	s0, s1, #1
	VCHK	0, 0, 0, "sqshlu -1"
	FPSR_CHK 0x08000000, "sqshlu QC"
	VSET	1, 0x00100000
	sqshrn	h0, s1, #4
	VCHK	0, 0x7fff, 0, "sqshrn"
	FPSR_CHK 0x08000000, "sqshrn QC"
	VSET	1, 0xfffa
	sqrshrn	b0, h1, #2
	VCHK	0, 0xff, 0, "sqrshrn -6 #2"
	VSET	1, 0x01ff
	uqrshrn	b0, h1, #1
	VCHK	0, 0xff, 0, "uqrshrn 511 #1"
	FPSR_CHK 0x08000000, "uqrshrn QC"
	VSET	1, 0xfff0
	sqshrun	b0, h1, #1
	VCHK	0, 0, 0, "sqshrun -16"
	FPSR_CHK 0x08000000, "sqshrun QC"
	VSET	1, 0x00018000
	sqrshrun h0, s1, #16
	VCHK	0, 2, 0, "sqrshrun 1.5 rounds up"
	scvtf	s0, s1, #16
	VCHK	0, 0x3fc00000, 0, "scvtf s #16"
	VSET	1, 0x4006000000000000
	fcvtzu	d0, d1, #4
	VCHK	0, 0x2c, 0, "fcvtzu 2.75 #4"
	VSET	1, 0x0180
	ucvtf	h0, h1, #8
	VCHK	0, 0x3e00, 0, "ucvtf h #8"
	VSET	1, 0xc500
	fcvtzs	h0, h1, #1
	VCHK	0, 0xfff6, 0, "fcvtzs h -5 #1 (16 bits)"
	FPSR_CHK 0, "exact shifts"

	TEST_END
