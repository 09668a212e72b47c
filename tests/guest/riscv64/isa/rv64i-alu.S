/*
 * RV64I integer computation: register-register and register-immediate ALU
 * operations, their 32-bit W forms, lui/auipc, and writes to x0.  Expected
 * values are worked out by hand; the arithmetic is in the comments where it
 * is not plain.
 */
#include "rvtest.h"

/* auipc imm, then a0 minus the instruction's own address must be expect */
.macro TEST_AUIPC imm, expect, what
.Lp\@:	auipc	a0, \imm
	lui	a1, %hi(.Lp\@)
	addi	a1, a1, %lo(.Lp\@)
	sub	a2, a0, a1
	CHECK	a2, \expect, "\what"
.endm

	TEST_BEGIN

	TEST_RR add, 3, 1, 2
	TEST_RR add, 0x8000000000000000, 0x7fffffffffffffff, 1	/* wraps */
	TEST_RR add, -2, -1, -1
	TEST_RR add, 0, -1, 1
	TEST_RR add, 0x100000000, 0xffffffff, 1		/* carry out of bit 31 kept */

	TEST_RR sub, -2, 5, 7
	TEST_RR sub, 0x7fffffffffffffff, 0x8000000000000000, 1
	TEST_RR sub, 0x8000000000000000, 0, 0x8000000000000000
	TEST_RR sub, 0, 3, 3

	/* shifts use rs2[5:0] only */
	TEST_RR sll, 0x8000000000000000, 1, 63
	TEST_RR sll, 1, 1, 64
	TEST_RR sll, 2, 1, 65
	TEST_RR sll, 0x123456789abcdef0, 0x0123456789abcdef, 4
	TEST_RR sll, 0x300000000, 3, 32
	TEST_RR sll, 0x8000000000000000, 0xff, -1	/* -1 & 63 = 63 */

	TEST_RR srl, 1, 0x8000000000000000, 63
	TEST_RR srl, 0x8000000000000000, 0x8000000000000000, 64
	TEST_RR srl, 0x00123456789abcde, 0x0123456789abcdef, 4
	TEST_RR srl, 0xffffffff, -1, 32
	TEST_RR srl, 0x7fffffff, -1, 0x21		/* 64 - 33 ones left */

	TEST_RR sra, -1, 0x8000000000000000, 63
	TEST_RR sra, 0xc000000000000000, 0x8000000000000000, 1
	TEST_RR sra, 1, 0x7fffffffffffffff, 62
	TEST_RR sra, -4, -16, 2
	TEST_RR sra, 0x8000000000000000, 0x8000000000000000, 64
	/* top 28 bits 0xfedcba9, sign-extended from bit 27 */
	TEST_RR sra, 0xffffffffffedcba9, 0xfedcba9876543210, 36

	TEST_RR slt, 1, -1, 1
	TEST_RR slt, 0, 1, -1
	TEST_RR slt, 1, 0x8000000000000000, 0x7fffffffffffffff
	TEST_RR slt, 0, 5, 5

	TEST_RR sltu, 0, -1, 1
	TEST_RR sltu, 1, 1, -1
	TEST_RR sltu, 0, 0, 0
	TEST_RR sltu, 1, 0x7fffffffffffffff, 0x8000000000000000

	TEST_RR xor, 0xf0f0f0f0f0f0f0f0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	TEST_RR or,  0xfff0fff0fff0fff0, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0
	TEST_RR and, 0x0f000f000f000f00, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0

	TEST_RI addi, 2048, 1, 2047
	TEST_RI addi, -2048, 0, -2048
	TEST_RI addi, 0, -1, 1
	TEST_RI addi, 0x8000000000000000, 0x7fffffffffffffff, 1

	TEST_RI slti, 1, -1, 0
	TEST_RI slti, 0, 0, -1
	TEST_RI slti, 0, 5, 5
	TEST_RI slti, 1, 0x8000000000000000, -2048

	/* sltiu compares against the sign-extended immediate as unsigned */
	TEST_RI sltiu, 1, 0, 1
	TEST_RI sltiu, 0, -1, -1
	TEST_RI sltiu, 1, 1, -1
	TEST_RI sltiu, 0, 0x7ff, 0x7ff
	TEST_RI sltiu, 0, 5, 1

	TEST_RI xori, 0xff00ff00ff00ff00, 0x00ff00ff00ff00ff, -1
	TEST_RI xori, 0x15cb, 0x1234, 0x7ff		/* 0001001000110100 ^ 0000011111111111 */
	TEST_RI ori, 0xfffffffffffff800, 0x8000000000000000, -2048
	TEST_RI ori, 0x1234, 0x1200, 0x34
	TEST_RI andi, 0x7ff, -1, 0x7ff
	TEST_RI andi, 0x123456789abcdef0, 0x123456789abcdef0, -16
	TEST_RI andi, 0x123456789abcd800, 0x123456789abcdeff, -2048

	/* RV64 immediate shifts take a 6-bit shamt */
	TEST_RI slli, 0x8000000000000000, 1, 63
	TEST_RI slli, 0x89abcdef00000000, 0x0123456789abcdef, 32
	TEST_RI slli, 1, 1, 0
	TEST_RI srli, 1, -1, 63
	TEST_RI srli, 0xffffffff, -1, 32
	TEST_RI srli, 0x8000000000000000, 0x8000000000000000, 0
	TEST_RI srai, -1, 0x8000000000000000, 63
	TEST_RI srai, 0xffffffff80000000, 0x8000000000000000, 32
	TEST_RI srai, 1, 0x4000000000000000, 62

	/* W forms: operate on the low 32 bits, sign-extend the 32-bit result */
	TEST_RR addw, 0xffffffff80000000, 0x7fffffff, 1
	TEST_RR addw, 0, 0xffffffff, 1
	TEST_RR addw, 8, 0x100000005, 0x200000003
	TEST_RR addw, -1, -1, 0
	TEST_RR addw, 0xffffffff80000000, 0x80000000, 0
	TEST_RR subw, -1, 0, 1
	TEST_RR subw, 0x7fffffff, 0x80000000, 1
	TEST_RR subw, -1, 0x100000000, 1
	/* shift amounts masked to 5 bits */
	TEST_RR sllw, 0xffffffff80000000, 1, 31
	TEST_RR sllw, 1, 1, 32
	TEST_RR sllw, 2, 0xffffffff00000001, 1
	TEST_RR sllw, 0xffffffff80000000, 3, 0x3f	/* 3 << 31 = 0x1_8000_0000 */
	TEST_RR srlw, 1, 0x80000000, 31
	TEST_RR srlw, 0xffffffff80000000, 0x80000000, 0	/* shift by 0 still sign-extends */
	TEST_RR srlw, -1, 0xffffffff, 32
	TEST_RR srlw, 1, 0xf00000010, 4
	TEST_RR srlw, 0x7fffffff, -1, 1
	TEST_RR sraw, -1, 0x80000000, 31
	TEST_RR sraw, 1, 0x7fffffff, 30
	TEST_RR sraw, 0xfffffffff8000000, 0x80000000, 4
	TEST_RR sraw, 1, 0x1234567800000040, 0x26	/* 0x26 & 31 = 6, 0x40 >> 6 */

	TEST_RI addiw, 0xffffffff80000000, 0x7fffffff, 1
	TEST_RI addiw, -1, 0xffffffff, 0
	TEST_RI addiw, -1, 0x100000000, -1
	TEST_RI addiw, 0x12345e77, 0x12345678, 0x7ff	/* 0x5678 + 0x7ff = 0x5e77 */
	TEST_RI slliw, 0xffffffff80000000, 1, 31
	TEST_RI slliw, 0x30, 0xffffffff00000003, 4
	TEST_RI slliw, 0xffffffff80000000, 0x40000000, 1
	TEST_RI srliw, 1, 0x80000000, 31
	TEST_RI srliw, -1, -1, 0
	TEST_RI srliw, 0xffffffff80000000, 0x80000000, 0
	TEST_RI srliw, 0x08000000, 0x180000000, 4
	TEST_RI sraiw, -1, 0x80000000, 31
	TEST_RI sraiw, 0xffffffff80000000, 0x80000000, 0
	TEST_RI sraiw, 0x07ffffff, 0x7ffffff0, 4
	TEST_RI sraiw, 0, 0x100000000, 1

	/* lui fills bits 31:12 and sign-extends bit 31 */
	lui	a0, 0x12345
	CHECK	a0, 0x12345000, "lui 0x12345"
	lui	a0, 0x80000
	CHECK	a0, 0xffffffff80000000, "lui 0x80000"
	lui	a0, 0xfffff
	CHECK	a0, 0xfffffffffffff000, "lui 0xfffff"
	li	a0, -1
	lui	a0, 0
	CHECK	a0, 0, "lui 0"

	/* auipc against the label's absolute (lui/addi) address: the binary
	 * is static and not position independent */
	TEST_AUIPC 0, 0, "auipc 0 gives its own pc"
	TEST_AUIPC 1, 0x1000, "auipc 1"
	TEST_AUIPC 0x80000, 0xffffffff80000000, "auipc 0x80000 sign-extends"
	TEST_AUIPC 0xfffff, -0x1000, "auipc 0xfffff"

	/* x0 ignores every write and reads as zero */
	li	a1, 5
	li	a2, 7
	add	x0, a1, a2
	CHECK	x0, 0, "add x0"
	addi	x0, x0, 5
	CHECK	x0, 0, "addi x0, x0, 5"
	lui	x0, 0x12345
	CHECK	x0, 0, "lui x0"
	auipc	x0, 1
	CHECK	x0, 0, "auipc x0"
	sllw	x0, a1, a2
	CHECK	x0, 0, "sllw x0"
	xori	x0, a1, -1
	mv	a0, x0
	CHECK	a0, 0, "xori x0 then mv from x0"
	sub	a0, x0, a1
	CHECK	a0, -5, "sub from x0"
	TEST_END
