/*
 * Signal checks for the tests under tests/guest/riscv64/isa/, on top of
 * rvtest.h.
 * SIG_INSTALL points a signal at a handler that records the signal number,
 * si_code, si_addr and the pc saved in the ucontext, then resumes at the
 * address EXPECT_SIGNAL planted; EXPECT_SIGNAL runs one instruction (given
 * as assembler text or raw .hword/.word data) and checks that exactly that
 * instruction raised the signal, with the right pc, and that a callee-saved
 * register survived the trip through the signal frame.
 */
#ifndef RVSIG_H
#define RVSIG_H
#include "rvtest.h"

#define SIGILL 4
#define SIGTRAP 5
#define SA_SIGINFO 4
/* riscv64 Linux layouts */
#define SI_CODE 8
#define SI_ADDR 16
#define UC_PC 176

/* rvsig_state: signo, code, addr, uc pc, resume address */
.macro SIG_INSTALL signo
	.pushsection .data
	.balign 8
.Lrvsig_act\@:
	.dword	rvsig_handler, SA_SIGINFO, 0
	.popsection
	li	a0, \signo
	lla	a1, .Lrvsig_act\@
	li	a2, 0
	li	a3, 8
	li	a7, SYS_rt_sigaction
	ecall
	CHECK	a0, 0, "rt_sigaction \signo"
.endm

.macro EXPECT_SIGNAL signo, code, what, insn:vararg
	lla	t0, rvsig_state
	sd	zero, 0(t0)
	lla	t1, .Lrvsig_resume\@
	sd	t1, 32(t0)
	li	s2, 0x5eed5eed5eed5eed
.Lrvsig_at\@:
	\insn
.Lrvsig_resume\@:
	lla	t0, rvsig_state
	ld	a0, 0(t0)
	CHECK	a0, \signo, "\what: signal number"
	lla	t0, rvsig_state
	ld	a0, 8(t0)
	CHECK	a0, \code, "\what: si_code"
	lla	t0, rvsig_state
	ld	a0, 24(t0)
	lla	a1, .Lrvsig_at\@
	sub	a0, a0, a1
	CHECK	a0, 0, "\what: ucontext pc"
	lla	t0, rvsig_state
	ld	a0, 16(t0)
	lla	a1, .Lrvsig_at\@
	sub	a0, a0, a1
	CHECK	a0, 0, "\what: si_addr"
	CHECK	s2, 0x5eed5eed5eed5eed, "\what: s2 kept across the handler"
.endm

/* Emitted once, by the test, after TEST_END. */
.macro SIG_HANDLER
rvsig_handler:
	lla	t0, rvsig_state
	sd	a0, 0(t0)
	lw	t1, SI_CODE(a1)
	sd	t1, 8(t0)
	ld	t1, SI_ADDR(a1)
	sd	t1, 16(t0)
	ld	t1, UC_PC(a2)
	sd	t1, 24(t0)
	ld	t1, 32(t0)
	sd	t1, UC_PC(a2)
	li	s2, -1		/* sigreturn must restore it */
	ret
	.pushsection .data
	.balign 8
rvsig_state:
	.dword	0, 0, 0, 0, 0
	.popsection
.endm

#endif
