/*
 * ebreak and c.ebreak raise SIGTRAP (si_code TRAP_BRKPT) with the pc of the
 * breakpoint itself in si_addr and the ucontext, and the handler's return
 * resumes with every register restored.
 */
#include "rvsig.h"

#define TRAP_BRKPT 1

	TEST_BEGIN
	SIG_INSTALL SIGTRAP
	EXPECT_SIGNAL SIGTRAP, TRAP_BRKPT, "ebreak", ebreak
	.option push
	.option rvc
	c.nop
	.option pop
	EXPECT_SIGNAL SIGTRAP, TRAP_BRKPT, "c.ebreak, unaligned", .hword 0x9002
	TEST_END
	SIG_HANDLER
