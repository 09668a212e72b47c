/*
 * The riscv64 frontend's entry points beyond the guest_riscv64 table
 * (exec/guest.h), for code that wants them directly: the translator, the
 * cpu loop and, in decode.h, the decoder and disassembler.
 */
#ifndef PEEK_RV_RISCV64_H
#define PEEK_RV_RISCV64_H

#include "exec/cpu.h"
#include "exec/guest.h"
#include "ir/ir.h"

/* GuestArch.translate: one TB at tb->pc into s (set up by init_ir). */
void rv_translate(IRContext *s, CPUState *cpu, TBInfo *tb);
/* GuestArch.cpu_loop: run the guest thread forever. */
_Noreturn void rv_cpu_loop(CPUState *cpu);

#endif
