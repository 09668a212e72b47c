/*
 * Shared harness for the self-checking riscv64 assembly tests under
 * tests/guest/riscv64/isa/.  A test is a .S file that includes this
 * header, opens with TEST_BEGIN, runs checks and closes with TEST_END.
 * Every check compares a register against a value worked out by hand;
 * the first mismatch prints "FAIL check N: <what>" on stdout and exits
 * with status N (255 when N is larger), so the failing check can be found
 * from either.  Checks are numbered in source order by an assembler
 * counter.
 *
 * CHECK loads the expected value into t6 (x31), so tests must not keep
 * values there across a check.  Tests run with no libc and no stack set up
 * beyond what the kernel gives _start.
 */
#ifndef RVTEST_H
#define RVTEST_H

#define SYS_write 64
#define SYS_exit 93
#define SYS_rt_sigaction 134

/* The assembler does not know Zicond yet (binutils 2.40). */
.macro czero.eqz rd, rs1, rs2
	.insn r 0x33, 5, 7, \rd, \rs1, \rs2
.endm
.macro czero.nez rd, rs1, rs2
	.insn r 0x33, 7, 7, \rd, \rs1, \rs2
.endm

.macro TEST_BEGIN
	.set rvtest_id, 0
	.text
	.globl _start
_start:
.endm

/* Names a check by the text that the failure message prints. */
.macro CHECK reg, val, what
	.set rvtest_id, rvtest_id + 1
	li	t6, \val
	beq	\reg, t6, .Lrvtest_ok\@
	li	a0, rvtest_id
	lla	a1, .Lrvtest_msg\@
	j	rvtest_fail
	.pushsection .rodata
.Lrvtest_msg\@:
	.asciz	"\what"
	.popsection
.Lrvtest_ok\@:
.endm

/* A check whose outcome is a branch already taken: jumps to fail. */
.macro FAIL_NOW what
	.set rvtest_id, rvtest_id + 1
	li	a0, rvtest_id
	lla	a1, .Lrvtest_msg\@
	j	rvtest_fail
	.pushsection .rodata
.Lrvtest_msg\@:
	.asciz	"\what"
	.popsection
.endm

/* rd = op rs1, rs2 with rd, rs1, rs2 distinct, then once more with rd
 * aliasing each source, because translators often get aliasing wrong. */
.macro TEST_RR op, expect, a, b
	li	a1, \a
	li	a2, \b
	\op	a0, a1, a2
	CHECK	a0, \expect, "\op \a, \b"
	\op	a1, a1, a2
	CHECK	a1, \expect, "\op \a, \b (rd=rs1)"
	li	a1, \a
	\op	a2, a1, a2
	CHECK	a2, \expect, "\op \a, \b (rd=rs2)"
.endm

.macro TEST_RI op, expect, a, imm
	li	a1, \a
	\op	a0, a1, \imm
	CHECK	a0, \expect, "\op \a, \imm"
	\op	a1, a1, \imm
	CHECK	a1, \expect, "\op \a, \imm (rd=rs1)"
.endm

.macro TEST_R op, expect, a
	li	a1, \a
	\op	a0, a1
	CHECK	a0, \expect, "\op \a"
.endm

.macro TEST_END
	li	a0, 0
	li	a7, SYS_exit
	ecall

/* a0 = check number, a1 = its text.  Builds the line on the stack. */
rvtest_fail:
	mv	s0, a0
	mv	s1, a1
	addi	sp, sp, -128
	mv	t0, sp
	lla	t1, .Lrvtest_head
1:	lbu	t2, 0(t1)
	beqz	t2, 2f
	sb	t2, 0(t0)
	addi	t0, t0, 1
	addi	t1, t1, 1
	j	1b
2:	/* decimal digits come out backwards: write them at the end of a
	 * 24-byte scratch slot, then copy forwards */
	addi	t1, sp, 120
	mv	t2, s0
	li	t3, 10
3:	remu	t4, t2, t3
	addi	t4, t4, '0'
	addi	t1, t1, -1
	sb	t4, 0(t1)
	divu	t2, t2, t3
	bnez	t2, 3b
	addi	t3, sp, 120
4:	lbu	t4, 0(t1)
	sb	t4, 0(t0)
	addi	t0, t0, 1
	addi	t1, t1, 1
	bltu	t1, t3, 4b
	li	t4, ':'
	sb	t4, 0(t0)
	li	t4, ' '
	sb	t4, 1(t0)
	addi	t0, t0, 2
	sub	a2, t0, sp
	li	a0, 1
	mv	a1, sp
	li	a7, SYS_write
	ecall
	mv	a1, s1
	mv	a2, s1
5:	lbu	t4, 0(a2)
	beqz	t4, 6f
	addi	a2, a2, 1
	j	5b
6:	sub	a2, a2, s1
	li	a0, 1
	li	a7, SYS_write
	ecall
	li	a0, 1
	lla	a1, .Lrvtest_nl
	li	a2, 1
	li	a7, SYS_write
	ecall
	li	t0, 255
	mv	a0, s0
	bleu	a0, t0, 7f
	mv	a0, t0
7:	li	a7, SYS_exit
	ecall
	.pushsection .rodata
.Lrvtest_head:
	.asciz	"FAIL check "
.Lrvtest_nl:
	.ascii	"\n"
	.popsection
.endm

#endif
