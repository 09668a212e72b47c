/*
 * The riscv64 frontend's entry points beyond the guest_riscv64 table
 * (exec/guest.h), for code that wants them directly: the translator, the
 * CPU model and, in decode.h, the decoder and disassembler.
 */
#ifndef PEEK_RV_RISCV64_H
#define PEEK_RV_RISCV64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "ir/ir.h"

/* GuestArch.translate: one TB at tb->pc into s (set up by init_ir). */
void rv_translate(IRContext *s, CPUState *cpu, TBInfo *tb);

/* The extensions (RV_EXT_* of decode.h) the guest has; an instruction of
 * any other is illegal. One value for the whole process, not a field of
 * each vCPU, because translated code is shared by every guest thread: a
 * TB can only be right for one extension set. rv_cpu_configure() sets it
 * while the command line is parsed, before anything is translated, and it
 * is only read afterwards, so threads need no synchronisation. */
extern unsigned rv_ext_enabled;

/* GuestArch.cpu_configure/cpu_help/hwcap/hwcap_string (cpu-model.c). */
bool rv_cpu_configure(const char *spec, char *err, size_t errlen);
void rv_cpu_help(FILE *out);
uint64_t rv_hwcap(void);
const char *rv_hwcap_string(void);

#endif
