/*
 * Zifencei and the fences: code written to memory runs after fence.i,
 * including a routine that rewrites an instruction a few bytes ahead of
 * itself, and rewriting code that already ran (and may be translated)
 * takes effect after fence.i.  fence, fence.tso and pause must simply
 * execute.
 */
#include "rvtest.h"

#define PROT_RWX 7
#define MAP_PRIVATE_ANON 0x22
#define SYS_mmap 222
#define SLOT 12		/* SLOT, checked at the end */

	TEST_BEGIN
	li	a0, 0
	li	a1, 4096
	li	a2, PROT_RWX
	li	a3, MAP_PRIVATE_ANON
	li	a4, -1
	li	a5, 0
	li	a7, SYS_mmap
	ecall
	li	t0, -4096
	bltu	a0, t0, 1f
	FAIL_NOW "mmap of an RWX page failed"
1:	mv	s0, a0

	/* copy the template into the page */
	la	t0, tmpl
	la	t1, tmpl_end
	mv	t2, s0
2:	lw	t3, 0(t0)
	sw	t3, 0(t2)
	addi	t0, t0, 4
	addi	t2, t2, 4
	bltu	t0, t1, 2b
	fence.i

	la	t0, tmpl_one
	lw	a1, 0(t0)
	mv	a0, s0
	jalr	s0
	CHECK	a0, 1, "copied code returns 1"

	/* the routine patches its own slot, then runs it */
	la	t0, tmpl_two
	lw	a1, 0(t0)
	mv	a0, s0
	jalr	s0
	CHECK	a0, 2, "code that patched itself returns 2"

	/* patched from outside, entered at the patched slot */
	la	t0, tmpl_three
	lw	t1, 0(t0)
	sw	t1, SLOT(s0)
	fence.i
	addi	t0, s0, SLOT
	jalr	t0
	CHECK	a0, 3, "slot patched from outside returns 3"

	li	s1, 0x1234
	fence
	fence	rw, rw
	fence	r, r
	fence	w, w
	fence	io, io
	fence.tso
	.word	0x0100000f	/* pause: fence with pred = w, succ = 0 */
	CHECK	s1, 0x1234, "fences ran"
	TEST_END

/* template: a0 = page base, a1 = the instruction word for the slot */
tmpl:	sw	a1, SLOT(a0)
	fence.i
	nop
tmpl_slot:
	li	a0, 1
	ret
tmpl_end:
tmpl_one:
	li	a0, 1
tmpl_two:
	li	a0, 2
tmpl_three:
	li	a0, 3
	.if tmpl_slot - tmpl != SLOT
	.error "SLOT does not match the template"
	.endif
