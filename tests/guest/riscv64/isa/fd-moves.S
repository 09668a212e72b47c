/*
 * The integer side of F and D: flw/fld/fsw/fsd, the fmv moves, sign
 * injection, and NaN-boxing: single values live in the low half of an f
 * register with the upper 32 bits all ones; flw and fmv.w.x box, the
 * transfers (fsw, fmv.x.w) ignore the box, and other single-precision
 * instructions read a badly boxed input as the canonical NaN 0x7fc00000.
 * None of these raise flags.
 */
#include "rvtest.h"

	.data
	.balign 8
fdata:	.word	0x3f800000		/* 1.0f */
	.word	0x7f800001		/* a signalling NaN, single */
	.dword	0x400921fb54442d18	/* pi */
	.dword	0x7ff0000000000001	/* a signalling NaN, double */
fout:	.dword	0, 0

	TEST_BEGIN
	fscsr	zero
	la	s0, fdata
	la	s1, fout

	flw	fa0, 0(s0)
	fmv.x.d	a0, fa0
	CHECK	a0, 0xffffffff3f800000, "flw boxes 1.0f"
	fmv.x.w	a0, fa0
	CHECK	a0, 0x3f800000, "fmv.x.w 1.0f"
	flw	fa1, 4(s0)
	fmv.x.d	a0, fa1
	CHECK	a0, 0xffffffff7f800001, "flw keeps a signalling NaN as is"
	li	a1, 0x12345678bf800000
	fmv.w.x	fa2, a1
	fmv.x.d	a0, fa2
	CHECK	a0, 0xffffffffbf800000, "fmv.w.x takes the low word and boxes it"
	fmv.x.w	a0, fa2
	CHECK	a0, 0xffffffffbf800000, "fmv.x.w sign-extends bit 31"

	fld	fa3, 8(s0)
	fmv.x.d	a0, fa3
	CHECK	a0, 0x400921fb54442d18, "fld pi"
	addi	t0, s1, 8
	fsd	fa3, -8(t0)
	ld	a0, 0(s1)
	CHECK	a0, 0x400921fb54442d18, "fsd pi, negative offset"
	fld	fa4, 16(s0)
	fsd	fa4, 8(s1)
	ld	a0, 8(s1)
	CHECK	a0, 0x7ff0000000000001, "fld/fsd keep a signalling NaN"

	li	a1, -1
	sd	a1, 0(s1)
	fsw	fa0, 0(s1)
	ld	a0, 0(s1)
	CHECK	a0, 0xffffffff3f800000, "fsw writes 4 bytes"
	li	a1, 0x123456789abcdef0
	fmv.d.x	fa5, a1
	fmv.x.d	a0, fa5
	CHECK	a0, 0x123456789abcdef0, "fmv.d.x/fmv.x.d round trip"
	fsw	fa5, 4(s1)
	ld	a0, 0(s1)
	CHECK	a0, 0x9abcdef03f800000, "fsw of an unboxed value stores its low word"
	fmv.x.w	a0, fa5
	CHECK	a0, 0xffffffff9abcdef0, "fmv.x.w of an unboxed value"

	/* double sign injection: -0.0 = 0x8000000000000000 */
	li	a1, 0x8000000000000000
	fmv.d.x	fa6, a1
	fsgnj.d	fa7, fa3, fa6
	fmv.x.d	a0, fa7
	CHECK	a0, 0xc00921fb54442d18, "fsgnj.d pi, -0"
	fsgnjn.d fa7, fa3, fa6
	fmv.x.d	a0, fa7
	CHECK	a0, 0x400921fb54442d18, "fsgnjn.d pi, -0"
	fsgnjx.d fa7, fa6, fa6
	fmv.x.d	a0, fa7
	CHECK	a0, 0, "fsgnjx.d -0, -0"
	fneg.d	fa7, fa3
	fabs.d	fa7, fa7
	fmv.x.d	a0, fa7
	CHECK	a0, 0x400921fb54442d18, "fabs.d(fneg.d pi)"
	fsgnj.d	fa7, fa4, fa6
	fmv.x.d	a0, fa7
	CHECK	a0, 0xfff0000000000001, "fsgnj.d leaves a signalling NaN's payload"
	fmv.d	fa7, fa4
	fmv.x.d	a0, fa7
	CHECK	a0, 0x7ff0000000000001, "fmv.d of a signalling NaN"

	/* single sign injection on boxed values: -2.0f = 0xc0000000 */
	li	a1, 0xc0000000
	fmv.w.x	ft0, a1
	fsgnj.s	ft1, fa0, ft0
	fmv.x.d	a0, ft1
	CHECK	a0, 0xffffffffbf800000, "fsgnj.s 1.0f, -2.0f"
	fsgnjn.s ft1, fa0, ft0
	fmv.x.d	a0, ft1
	CHECK	a0, 0xffffffff3f800000, "fsgnjn.s 1.0f, -2.0f"
	fsgnjx.s ft1, fa2, fa2
	fmv.x.d	a0, ft1
	CHECK	a0, 0xffffffff3f800000, "fsgnjx.s -1.0f, -1.0f"
	fneg.s	ft1, fa1
	fmv.x.d	a0, ft1
	CHECK	a0, 0xffffffffff800001, "fneg.s of a signalling NaN"

	/* unboxed inputs read as 0x7fc00000 (positive) */
	fsgnj.s	ft1, fa5, fa2
	fmv.x.d	a0, ft1
	CHECK	a0, 0xffffffffffc00000, "fsgnj.s unboxed, -1.0f"
	li	a1, 0x80000000		/* bit 31 set but not boxed */
	fmv.d.x	ft2, a1
	fsgnj.s	ft1, fa0, ft2
	fmv.x.d	a0, ft1
	CHECK	a0, 0xffffffff3f800000, "fsgnj.s 1.0f, unboxed takes a + sign"
	fsgnjn.s ft1, fa0, ft2
	fmv.x.d	a0, ft1
	CHECK	a0, 0xffffffffbf800000, "fsgnjn.s 1.0f, unboxed"
	fclass.s a0, ft2
	CHECK	a0, 0x200, "fclass.s of unboxed is quiet NaN"
	fclass.s a0, fa1
	CHECK	a0, 0x100, "fclass.s of boxed signalling NaN"
	fclass.d a0, fa4
	CHECK	a0, 0x100, "fclass.d of signalling NaN"

	frflags	a0
	CHECK	a0, 0, "moves and sign injection raised no flags"
	TEST_END
