/*
 * Illegal and reserved encodings must raise SIGILL (si_code ILL_ILLOPC)
 * with si_addr and the ucontext pc naming the offending instruction,
 * including compressed ones at addresses that are not word aligned, and the
 * handler's return must resume with every register restored.
 */
#include "rvsig.h"

#define ILL_ILLOPC 1

.macro ILLEGAL what, insn:vararg
	EXPECT_SIGNAL SIGILL, ILL_ILLOPC, "\what", \insn
.endm

	TEST_BEGIN
	SIG_INSTALL SIGILL

	ILLEGAL "all-zero halfword", .hword 0x0000
	.option push
	.option rvc
	c.nop			/* the next ones start 2 bytes into a word */
	.option pop
	ILLEGAL "all-zero halfword, unaligned", .hword 0x0000
	ILLEGAL "c.addi4spn a0, sp, 0", .hword 0x0004
	ILLEGAL "c.addi16sp sp, 0", .hword 0x6101
	ILLEGAL "c.lui a0, 0", .hword 0x6501
	ILLEGAL "c.lwsp x0", .hword 0x4002
	ILLEGAL "c.ldsp x0", .hword 0x6002
	ILLEGAL "c.jr x0", .hword 0x8002
	ILLEGAL "c.addiw x0", .hword 0x2005
	.option push
	.option rvc
	c.nop			/* back to word alignment */
	.option pop
	/* slliw with shamt[5] set: 0000001 00000 01010 001 01010 0011011 */
	ILLEGAL "slliw a0, a0, 32", .word 0x0205151b
	/* csrrw x0, cycle, x0: cycle is read-only */
	ILLEGAL "write to cycle", .word 0xc0001073
	/* csrrs a0, mstatus, x0: machine CSR from user mode */
	ILLEGAL "read mstatus", .word 0x30002573
	/* fadd.d fa0, fa0, fa0 with rm = 5 and rm = 6 (reserved) */
	ILLEGAL "fadd.d rm=5", .word 0x02a55553
	ILLEGAL "fadd.d rm=6", .word 0x02a56553
	fsrmi	5
	ILLEGAL "fadd.d dyn with frm=5", fadd.d fa0, fa0, fa0, dyn
	fsrmi	7
	ILLEGAL "fadd.d dyn with frm=7", fadd.d fa0, fa0, fa0, dyn
	fsrmi	0
	fadd.d	fa0, fa0, fa0, dyn
	CHECK	x0, 0, "fadd.d dyn with frm=0 runs"
	TEST_END
	SIG_HANDLER
