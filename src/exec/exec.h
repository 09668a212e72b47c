/*
 * Execution-layer services for the linux-user runtime: precise state
 * recovery after a host fault in generated code.
 */
#ifndef PEEK_EXEC_EXEC_H
#define PEEK_EXEC_EXEC_H

#include <stdint.h>
#include "exec/cpu.h"

/* Set the guest pc of cpu to the instruction that was executing when the
 * host fault at host_pc happened (the interpreter ignores host_pc). */
void cpu_restore_state(CPUState *cpu, uintptr_t host_pc);
/* The same from a host signal handler, with its ucontext_t: a JIT that
 * keeps guest registers in host registers puts them back into env too.
 * Every host fault in generated code must come through here. */
void cpu_restore_state_ctx(CPUState *cpu, uintptr_t host_pc, const void *host_ctx);

#endif
