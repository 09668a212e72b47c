/*
 * RV64I control transfer: every conditional branch taken and not taken at
 * the signed/unsigned boundaries, a backward loop, jal and jalr link values,
 * jalr clearing bit 0 of the target, jalr whose rd is its base, and jumps
 * that write x0.
 */
#include "rvtest.h"

/* a0 = 2 if the branch was taken, 1 if it fell through */
.macro TEST_BR op, a, b, taken
	li	a1, \a
	li	a2, \b
	li	a0, 0
	\op	a1, a2, .Lt\@
	li	a0, 1
	j	.Ld\@
.Lt\@:	li	a0, 2
.Ld\@:	CHECK	a0, 1 + \taken, "\op \a, \b"
.endm

/* reg holds label's address (a link value), worked out without auipc */
.macro CHECK_LINK reg, label, what
	lui	a2, %hi(\label)
	addi	a2, a2, %lo(\label)
	sub	a2, \reg, a2
	CHECK	a2, 0, "\what"
.endm

/* jalr to (label + delta) + off: delta + off is 0 or 1, and bit 0 of the
 * sum is dropped, so every case lands on .Lt and links to .Lr. */
.macro TEST_JALR delta, off
	lui	a1, %hi(.Lt\@ + \delta)
	addi	a1, a1, %lo(.Lt\@ + \delta)
	jalr	ra, \off(a1)
.Lr\@:	FAIL_NOW "jalr base+\delta, \off: fell through"
.Lt\@:	CHECK_LINK ra, .Lr\@, "jalr base+\delta, \off: link"
.endm

	TEST_BEGIN

	TEST_BR beq, 5, 5, 1
	TEST_BR beq, 5, 6, 0
	TEST_BR beq, 0x100000005, 5, 0		/* all 64 bits compared */
	TEST_BR bne, 5, 5, 0
	TEST_BR bne, -1, 0x7fffffffffffffff, 1
	TEST_BR blt, -1, 0, 1
	TEST_BR blt, 0, -1, 0
	TEST_BR blt, 3, 3, 0
	TEST_BR blt, 0x8000000000000000, 0x7fffffffffffffff, 1
	TEST_BR bge, 3, 3, 1
	TEST_BR bge, -1, 0, 0
	TEST_BR bge, 0x7fffffffffffffff, 0x8000000000000000, 1
	TEST_BR bltu, 0, -1, 1
	TEST_BR bltu, -1, 0, 0
	TEST_BR bltu, 3, 3, 0
	TEST_BR bltu, 0x7fffffffffffffff, 0x8000000000000000, 1
	TEST_BR bgeu, -1, 0, 1
	TEST_BR bgeu, 3, 3, 1
	TEST_BR bgeu, 0, 1, 0
	TEST_BR bgeu, 0x7fffffffffffffff, 0x8000000000000000, 0

	/* same register on both sides */
	li	a1, -7
	beq	a1, a1, 1f
	FAIL_NOW "beq a1, a1 not taken"
1:	blt	a1, a1, 2f
	bgeu	x0, x0, 3f
2:	FAIL_NOW "blt a1, a1 taken or bgeu x0, x0 not taken"
3:
	/* backward branch loop */
	li	a0, 0
	li	a1, 10
4:	addi	a0, a0, 1
	bne	a0, a1, 4b
	CHECK	a0, 10, "backward bne loop count"

	/* jal links to the next instruction */
	jal	ra, 5f
6:	FAIL_NOW "jal fell through"
5:	CHECK_LINK ra, 6b, "jal ra link"
	jal	t0, 7f
8:	FAIL_NOW "jal t0 fell through"
9:	j	10f
7:	CHECK_LINK t0, 8b, "jal t0 link"
	jal	x0, 9b		/* backward, writes nothing */
10:	CHECK	x0, 0, "jal x0 left x0 zero"

	TEST_JALR 0, 0
	TEST_JALR 8, -8
	TEST_JALR -8, 8
	TEST_JALR 1, 0		/* odd base */
	TEST_JALR 0, 1		/* odd offset */
	TEST_JALR -2047, 2047
	TEST_JALR 2048, -2048

	/* rd == rs1: the target comes from the old value */
	lui	a1, %hi(11f)
	addi	a1, a1, %lo(11f)
	jalr	a1, 0(a1)
12:	FAIL_NOW "jalr a1, 0(a1) fell through"
11:	CHECK_LINK a1, 12b, "jalr a1, 0(a1) link"

	lui	a1, %hi(13f)
	addi	a1, a1, %lo(13f)
	jalr	x0, 0(a1)
	FAIL_NOW "jalr x0 fell through"
13:	CHECK	x0, 0, "jalr x0 left x0 zero"

	/* call/ret through a tiny function */
	li	a0, 20
	call	double
	CHECK	a0, 40, "call/ret"
	TEST_END

double:	add	a0, a0, a0
	ret
