/*
 * RV64C: every compressed instruction of RV64IFDC (c.ebreak and the
 * reserved encodings are in the signal tests), at the edges of their
 * immediate ranges, checked against uncompressed instructions wherever an
 * address is involved.  The file is assembled without C; each compressed
 * instruction goes through the C macro so everything else stays 32-bit and
 * often lands 2 bytes off a word boundary.  HINT encodings, which the
 * assembler will not produce, are written as raw halfwords and must change
 * nothing.
 */
#include "rvtest.h"

.macro C insn:vararg
	.option push
	.option rvc
	\insn
	.option pop
.endm

	.data
	.balign 16
cmem:	.skip	1024

	TEST_BEGIN
	/* quadrant 1: constants and arithmetic */
	C c.li	a0, -32
	CHECK	a0, -32, "c.li -32"
	C c.li	a0, 31
	CHECK	a0, 31, "c.li 31"
	C c.lui	a0, 1
	CHECK	a0, 0x1000, "c.lui 1"
	C c.lui	a0, 0x1f
	CHECK	a0, 0x1f000, "c.lui 0x1f"
	C c.lui	a0, 0xfffe0		/* nzimm[17] set: sign-extends */
	CHECK	a0, 0xfffffffffffe0000, "c.lui 0xfffe0"
	li	a0, 0
	C c.addi a0, -32
	CHECK	a0, -32, "c.addi -32"
	C c.addi a0, 31
	CHECK	a0, -1, "c.addi 31"
	li	a0, 0x7fffffff
	C c.addiw a0, 1
	CHECK	a0, 0xffffffff80000000, "c.addiw 0x7fffffff + 1"
	li	a0, 0x180000000
	C c.addiw a0, 0
	CHECK	a0, 0xffffffff80000000, "c.addiw 0 is sext.w"
	li	a0, 1
	C c.slli a0, 63
	CHECK	a0, 0x8000000000000000, "c.slli 63"
	li	t0, 3
	C c.slli t0, 1
	CHECK	t0, 6, "c.slli t0, 1"
	li	a0, -1
	C c.srli a0, 63
	CHECK	a0, 1, "c.srli 63"
	li	a0, -1
	C c.srli a0, 32
	CHECK	a0, 0xffffffff, "c.srli 32"
	li	a0, 0x8000000000000000
	C c.srai a0, 63
	CHECK	a0, -1, "c.srai 63"
	li	a0, -256
	C c.srai a0, 4
	CHECK	a0, -16, "c.srai 4"
	li	a0, 0xff
	C c.andi a0, -32
	CHECK	a0, 0xe0, "c.andi -32"
	li	a0, 0x1234
	C c.andi a0, 15
	CHECK	a0, 4, "c.andi 15"

	li	a0, 5
	li	a1, 7
	C c.sub	a0, a1
	CHECK	a0, -2, "c.sub 5 - 7"
	li	a0, 0xff00
	li	a1, 0x0ff0
	C c.xor	a0, a1
	CHECK	a0, 0xf0f0, "c.xor"
	li	a0, 0xff00
	C c.or	a0, a1
	CHECK	a0, 0xfff0, "c.or"
	li	a0, 0xff00
	C c.and	a0, a1
	CHECK	a0, 0x0f00, "c.and"
	li	a0, 0x80000000
	li	a1, 1
	C c.subw a0, a1
	CHECK	a0, 0x7fffffff, "c.subw 0x80000000 - 1"
	li	a0, 0
	li	a1, 0x80000000
	C c.subw a0, a1
	CHECK	a0, 0xffffffff80000000, "c.subw 0 - 0x80000000"
	li	a0, 0x7fffffff
	li	a1, 0x100000001
	C c.addw a0, a1
	CHECK	a0, 0xffffffff80000000, "c.addw"

	/* quadrant 2 register moves on registers outside x8-x15 */
	li	t1, 0x0123456789abcdef
	li	t0, 0
	C c.mv	t0, t1
	CHECK	t0, 0x0123456789abcdef, "c.mv t0, t1"
	li	t0, 1
	C c.add	t0, t1
	CHECK	t0, 0x0123456789abcdf0, "c.add t0, t1"
	li	a0, 9
	C c.nop
	CHECK	a0, 9, "c.nop"

	/* HINTs: rd = x0 forms and zero shift amounts do nothing */
	li	a0, 0x5555
	.hword	0x0005		/* c.addi x0, 1 */
	.hword	0x4015		/* c.li x0, 5 */
	.hword	0x6005		/* c.lui x0, 1 */
	.hword	0x802a		/* c.mv x0, a0 */
	.hword	0x902a		/* c.add x0, a0 */
	.hword	0x0006		/* c.slli x0, 1 */
	.hword	0x0502		/* c.slli a0, 0 */
	.hword	0x8101		/* c.srli a0, 0 */
	.hword	0x8501		/* c.srai a0, 0 */
	CHECK	a0, 0x5555, "shift HINTs left a0 alone"
	CHECK	x0, 0, "HINTs left x0 zero"

	/* quadrant 0 and 2 memory forms, at their largest offsets */
	la	s0, cmem
	li	a1, 0x80000001
	C c.sw	a1, 124(s0)
	lw	a2, 124(s0)
	CHECK	a2, 0xffffffff80000001, "c.sw 124 seen by lw"
	C c.lw	a3, 124(s0)
	CHECK	a3, 0xffffffff80000001, "c.lw 124 sign-extends"
	li	a1, 0x0123456789abcdef
	C c.sd	a1, 248(s0)
	ld	a2, 248(s0)
	CHECK	a2, 0x0123456789abcdef, "c.sd 248 seen by ld"
	C c.ld	a3, 248(s0)
	CHECK	a3, 0x0123456789abcdef, "c.ld 248"
	li	a1, 0x400921fb54442d18
	fmv.d.x	fa0, a1
	C c.fsd	fa0, 248(s0)
	ld	a2, 248(s0)
	CHECK	a2, 0x400921fb54442d18, "c.fsd 248 seen by ld"
	fld	fa1, 248(s0)
	C c.fld	fa2, 248(s0)
	fmv.x.d	a2, fa2
	CHECK	a2, 0x400921fb54442d18, "c.fld 248"

	/* sp-relative forms: sp points into cmem for a moment */
	mv	s11, sp
	la	sp, cmem
	C c.addi4spn a0, sp, 1020
	sub	a0, a0, sp
	CHECK	a0, 1020, "c.addi4spn 1020"
	C c.addi4spn s1, sp, 4
	sub	a0, s1, sp
	CHECK	a0, 4, "c.addi4spn 4"
	li	a1, 0xfedcba9887654321
	C c.swsp a1, 252(sp)
	lwu	a2, 252(sp)
	CHECK	a2, 0x87654321, "c.swsp 252 seen by lwu"
	C c.lwsp t0, 252(sp)
	CHECK	t0, 0xffffffff87654321, "c.lwsp 252 sign-extends"
	C c.sdsp a1, 504(sp)
	ld	a2, 504(sp)
	CHECK	a2, 0xfedcba9887654321, "c.sdsp 504 seen by ld"
	C c.ldsp t1, 504(sp)
	CHECK	t1, 0xfedcba9887654321, "c.ldsp 504"
	fmv.d.x	ft0, a1
	C c.fsdsp ft0, 496(sp)
	ld	a2, 496(sp)
	CHECK	a2, 0xfedcba9887654321, "c.fsdsp 496 seen by ld"
	C c.fldsp ft1, 496(sp)
	fmv.x.d	a2, ft1
	CHECK	a2, 0xfedcba9887654321, "c.fldsp 496"
	mv	a1, sp
	C c.addi16sp sp, -512
	sub	a0, a1, sp
	CHECK	a0, 512, "c.addi16sp -512"
	C c.addi16sp sp, 496
	sub	a0, a1, sp
	CHECK	a0, 16, "c.addi16sp 496"
	mv	sp, s11

	/* control transfer */
	li	a0, 0
	C c.beqz a0, 1f
	FAIL_NOW "c.beqz 0 not taken"
1:	C c.bnez a0, 2f
	li	a0, 0x100000000		/* only the upper half set */
	C c.beqz a0, 2f
	C c.bnez a0, 3f
2:	FAIL_NOW "c.beqz/c.bnez took the wrong way"
3:	C c.j	5f
4:	C c.j	6f			/* backward target of the jump below */
5:	C c.j	4b
	FAIL_NOW "c.j fell through"
6:	la	a1, 8f
	C c.jalr a1
7:	FAIL_NOW "c.jalr fell through"
8:	lui	a2, %hi(7b)
	addi	a2, a2, %lo(7b)
	sub	a2, ra, a2
	CHECK	a2, 0, "c.jalr links pc + 2"
	la	a1, 9f
	li	ra, 77
	C c.jr	a1
	FAIL_NOW "c.jr fell through"
9:	CHECK	ra, 77, "c.jr does not link"
	TEST_END
