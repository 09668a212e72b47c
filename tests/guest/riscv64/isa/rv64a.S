/*
 * RV64A: LR/SC success and the failures the spec requires (SC with no
 * reservation, SC after another SC, SC to an address outside the
 * reservation), and every AMO in .w and .d: the old value returned in rd
 * (sign-extended for .w), the new value in memory, and for .w that the
 * neighbouring word is untouched and only the low 32 bits of rs2 count.
 */
#include "rvtest.h"

	.data
	.balign 4096
cell:	.dword	0
guard:	.dword	0
	.balign 4096
far:	.dword	0

/* word AMO on cell; guard (the next word) must survive */
.macro TEST_AMOW op, init, val, old, new
	la	a3, cell
	li	a1, \init
	sw	a1, 0(a3)
	li	a1, 0x5a5a5a5a
	sw	a1, 4(a3)
	li	a2, \val
	\op	a0, a2, (a3)
	CHECK	a0, \old, "\op \init, \val: rd"
	lw	a1, 0(a3)
	CHECK	a1, \new, "\op \init, \val: memory"
	lw	a1, 4(a3)
	CHECK	a1, 0x5a5a5a5a, "\op \init, \val: next word"
.endm

.macro TEST_AMOD op, init, val, old, new
	la	a3, cell
	li	a1, \init
	sd	a1, 0(a3)
	li	a2, \val
	\op	a0, a2, (a3)
	CHECK	a0, \old, "\op \init, \val: rd"
	ld	a1, 0(a3)
	CHECK	a1, \new, "\op \init, \val: memory"
.endm

	TEST_BEGIN

	/* no lr has run yet: sc must fail and leave memory alone */
	la	a3, cell
	li	a1, 0x77
	sd	a1, 0(a3)
	li	a2, 0x88
	sc.d	a1, a2, (a3)
	beqz	a1, 1f
	ld	a0, 0(a3)
	CHECK	a0, 0x77, "sc.d with no reservation left memory alone"
	j	2f
1:	FAIL_NOW "sc.d with no reservation succeeded"
2:
	TEST_AMOW amoswap.w, 0x80000001, 0x12345678, 0xffffffff80000001, 0x12345678
	TEST_AMOW amoadd.w, 0x7fffffff, 1, 0x7fffffff, 0xffffffff80000000
	TEST_AMOW amoadd.w, 5, 0x7fffffff00000001, 5, 6
	TEST_AMOW amoxor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xfffffffff0f0f0f0
	TEST_AMOW amoand.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0x0f000f00
	TEST_AMOW amoor.w, 0xff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0xfffffffffff0fff0
	TEST_AMOW amomin.w, 0x80000000, 1, 0xffffffff80000000, 0xffffffff80000000
	TEST_AMOW amomin.w, 5, 0xfffffffd, 5, -3	/* low word of rs2 is -3 */
	TEST_AMOW amomax.w, 0x80000000, 1, 0xffffffff80000000, 1
	TEST_AMOW amomax.w, 0xffffffff, 0x100000000, -1, 0	/* max(-1, 0) */
	TEST_AMOW amominu.w, 0x80000000, 1, 0xffffffff80000000, 1
	TEST_AMOW amominu.w, 5, 0xffffffff00000003, 5, 3
	TEST_AMOW amomaxu.w, 0x80000000, 1, 0xffffffff80000000, 0xffffffff80000000
	TEST_AMOW amomaxu.w, 1, 0xffffffff, 1, -1
	TEST_AMOW amomaxu.w, 1, 0xffffffff00000000, 1, 1	/* low word 0 < 1 */
	TEST_AMOW amoadd.w.aq, 1, 2, 1, 3
	TEST_AMOW amoswap.w.rl, 1, 2, 1, 2
	TEST_AMOW amoor.w.aqrl, 1, 2, 1, 3

	TEST_AMOD amoswap.d, 0x0123456789abcdef, -1, 0x0123456789abcdef, -1
	TEST_AMOD amoadd.d, 0x7fffffffffffffff, 1, 0x7fffffffffffffff, 0x8000000000000000
	TEST_AMOD amoxor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xf0f0f0f0f0f0f0f0
	TEST_AMOD amoand.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00
	TEST_AMOD amoor.d, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0xfff0fff0fff0fff0
	TEST_AMOD amomin.d, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x8000000000000000
	TEST_AMOD amomin.d, -1, 1, -1, -1
	TEST_AMOD amomax.d, -1, 1, -1, 1
	TEST_AMOD amominu.d, -1, 1, -1, 1
	TEST_AMOD amomaxu.d, -1, 1, -1, -1
	TEST_AMOD amomaxu.d, 1, 0x8000000000000000, 1, 0x8000000000000000
	TEST_AMOD amomin.d.aqrl, 3, -3, 3, -3

	/* rd = x0 still updates memory; rd = rs2 gets the old value */
	la	a3, cell
	li	a1, 40
	sd	a1, 0(a3)
	li	a2, 2
	amoadd.d x0, a2, (a3)
	ld	a1, 0(a3)
	CHECK	a1, 42, "amoadd.d x0: memory"
	amoswap.d a2, a2, (a3)
	CHECK	a2, 42, "amoswap.d rd=rs2: rd"
	ld	a1, 0(a3)
	CHECK	a1, 2, "amoswap.d rd=rs2: memory"

	/* lr/sc success */
	la	a3, cell
	li	a1, 0x80000000
	sw	a1, 0(a3)
	li	a1, 0x5a5a5a5a
	sw	a1, 4(a3)
	lr.w	a0, (a3)
	CHECK	a0, 0xffffffff80000000, "lr.w sign-extends"
	li	a2, 0x1111111122222222
	sc.w	a1, a2, (a3)
	CHECK	a1, 0, "sc.w after lr.w succeeds"
	ld	a0, 0(a3)
	CHECK	a0, 0x5a5a5a5a22222222, "sc.w stored the low word only"
	/* the reservation is gone after any sc */
	li	a2, 7
	sc.w	a1, a2, (a3)
	beqz	a1, 1f
	lw	a0, 0(a3)
	CHECK	a0, 0x22222222, "failed sc.w left memory alone"
	j	2f
1:	FAIL_NOW "second sc.w without lr.w succeeded"
2:
	li	a1, 0x0123456789abcdef
	sd	a1, 0(a3)
	lr.d	a0, (a3)
	CHECK	a0, 0x0123456789abcdef, "lr.d"
	li	a2, -5
	sc.d	a1, a2, (a3)
	CHECK	a1, 0, "sc.d after lr.d succeeds"
	ld	a0, 0(a3)
	CHECK	a0, -5, "sc.d stored"

	/* sc to an address a page away from the reservation fails, and
	 * that failed sc kills the reservation for the right address too */
	la	a4, far
	li	a1, 99
	sd	a1, 0(a4)
	lr.d	a0, (a3)
	li	a2, 1234
	sc.d	a1, a2, (a4)
	beqz	a1, 3f
	ld	a0, 0(a4)
	CHECK	a0, 99, "sc.d to another address left memory alone"
	sc.d	a1, a2, (a3)
	beqz	a1, 4f
	ld	a0, 0(a3)
	CHECK	a0, -5, "sc.d after a failed sc left memory alone"
	j	5f
3:	FAIL_NOW "sc.d to another address succeeded"
4:	FAIL_NOW "sc.d after a failed sc succeeded"
5:
	/* the usual compare-and-swap loop, with ordering bits */
	li	a1, 10
	sd	a1, 0(a3)
6:	lr.d.aq	a0, (a3)
	addi	a0, a0, 5
	sc.d.rl	a1, a0, (a3)
	bnez	a1, 6b
	ld	a0, 0(a3)
	CHECK	a0, 15, "lr.d.aq/sc.d.rl increment loop"
7:	lr.w.aqrl a0, (a3)
	addi	a0, a0, 1
	sc.w.aqrl a1, a0, (a3)
	bnez	a1, 7b
	ld	a0, 0(a3)
	CHECK	a0, 16, "lr.w.aqrl/sc.w.aqrl increment loop"
	TEST_END
