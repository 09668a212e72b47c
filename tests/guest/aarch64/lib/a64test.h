/*
 * Shared harness for the self-checking aarch64 assembly tests under
 * tests/guest/aarch64/isa/. A test is a .S file that includes this header,
 * opens with TEST_BEGIN, runs checks and closes with TEST_END. Every check
 * compares a register against a value worked out by hand; the first
 * mismatch prints "FAIL check N: <what>" on stdout and exits with status N
 * (255 when N is larger), so the failing check can be found from either.
 * Checks are numbered in source order by an assembler counter.
 *
 * CHECK uses x27 and x28 and the flags, so tests keep nothing there across
 * a check. Tests run with no libc, on the stack the kernel gives _start.
 */
#ifndef A64TEST_H
#define A64TEST_H

#define SYS_write 64
#define SYS_exit 93

	.arch armv8.1-a+crc

.macro TEST_BEGIN
	.set a64test_id, 0
	.text
	.globl _start
_start:
.endm

/* reg == val (a 64-bit constant), else fail naming what. */
.macro CHECK reg, val, what
	.set a64test_id, a64test_id + 1
	ldr	x28, =\val
	cmp	\reg, x28
	b.eq	.La64test_ok\@
	mov	x0, #a64test_id
	adr	x1, .La64test_msg\@
	b	a64test_fail
.La64test_msg\@:
	.asciz	"\what"
	.balign	4
.La64test_ok\@:
.endm

/* reg == reg2, else fail. */
.macro CHECK_EQ reg, reg2, what
	.set a64test_id, a64test_id + 1
	cmp	\reg, \reg2
	b.eq	.La64test_ok\@
	mov	x0, #a64test_id
	adr	x1, .La64test_msg\@
	b	a64test_fail
.La64test_msg\@:
	.asciz	"\what"
	.balign	4
.La64test_ok\@:
.endm

/* NZCV (as 4 bits) == val, else fail. */
.macro CHECK_NZCV val, what
	mrs	x27, nzcv
	lsr	x27, x27, #28
	CHECK	x27, \val, "\what"
.endm

/* A failure reached by a branch that should not have been taken. */
.macro FAIL_NOW what
	.set a64test_id, a64test_id + 1
	mov	x0, #a64test_id
	adr	x1, .La64test_msg\@
	b	a64test_fail
.La64test_msg\@:
	.asciz	"\what"
	.balign	4
.endm

/* d = op(a, b) for a three-register op with 64-bit constants. */
.macro TEST_RR op, exp, a, b, x=x
	ldr	x1, =\a
	ldr	x2, =\b
	\op	\x\()0, \x\()1, \x\()2
	CHECK	x0, \exp, "\op \a \b"
.endm

/* d = op(a) for a two-register op. */
.macro TEST_R op, exp, a, x=x
	ldr	x1, =\a
	\op	\x\()0, \x\()1
	CHECK	x0, \exp, "\op \a"
.endm

.macro TEST_END
	mov	x0, #0
	mov	x8, #SYS_exit
	svc	#0
/* x0 = check number, x1 = message */
a64test_fail:
	mov	x19, x0
	mov	x20, x1
	adr	x1, .La64test_prefix
	mov	x2, #11
	mov	x0, #1
	mov	x8, #SYS_write
	svc	#0
	mov	x21, #0		/* "N: " in decimal, at most 5 digits */
	adr	x22, .La64test_num + 8
	mov	x23, x19
1:	mov	x24, #10
	udiv	x25, x23, x24
	msub	x26, x25, x24, x23
	add	x26, x26, #'0'
	sub	x22, x22, #1
	strb	w26, [x22]
	add	x21, x21, #1
	mov	x23, x25
	cbnz	x23, 1b
	mov	x0, #1
	mov	x1, x22
	mov	x2, x21
	mov	x8, #SYS_write
	svc	#0
	mov	x0, #1
	adr	x1, .La64test_colon
	mov	x2, #2
	svc	#0
	mov	x2, #0		/* strlen(message) */
2:	ldrb	w3, [x20, x2]
	cbz	w3, 3f
	add	x2, x2, #1
	b	2b
3:	mov	x0, #1
	mov	x1, x20
	svc	#0
	mov	x0, #1
	adr	x1, .La64test_nl
	mov	x2, #1
	svc	#0
	cmp	x19, #255
	mov	x0, #255
	csel	x0, x19, x0, lo
	mov	x8, #SYS_exit
	svc	#0
.La64test_prefix: .ascii "FAIL check "
.La64test_colon: .ascii ": "
.La64test_nl: .ascii "\n"
	.balign	8
	.data
.La64test_num: .space 8
	.text
	.ltorg
.endm

#endif
