/*
 * The aarch64 frontend's entry points beyond the guest_aarch64 table
 * (exec/guest.h): the translator, the CPU model (cpu-model.c) and the
 * register table (regs.c); the decoder and disassembler are in decode.h.
 */
#ifndef PEEK_A64_AARCH64_H
#define PEEK_A64_AARCH64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "ir/ir.h"

/* GuestArch.translate: one TB at tb->pc into s (set up by init_ir). */
void a64_translate(IRContext *s, CPUState *cpu, TBInfo *tb);

/* The features (A64_CLS_* of decode.h) of the configured CPU model: an
 * instruction needing any other is illegal. One value per process, set by
 * a64_cpu_configure() before anything is translated (translated code is
 * shared by every thread, so it can only be right for one feature set),
 * read-only afterwards. */
extern uint32_t a64_features;
/* MIDR_EL1 of the model, as MRS reads it at EL0 (Linux traps and emulates it). */
extern uint64_t a64_midr;

bool a64_cpu_configure(const char *spec, char *err, size_t errlen);
void a64_cpu_help(FILE *out);
uint64_t a64_hwcap(void);
uint64_t a64_hwcap2(void);
const char *a64_hwcap_string(void);

/* Registers as GDB's aarch64 description numbers them. */
enum { A64_REG_SP = 31, A64_REG_PC, A64_REG_CPSR, A64_REG_V0, A64_REG_FPSR = A64_REG_V0 + 32,
       A64_REG_FPCR, A64_N_REGS };
extern const GuestReg a64_regs[A64_N_REGS];
extern const GuestRegTypes a64_reg_types[];
void a64_reg_read(const CPUState *cpu, unsigned i, uint8_t *buf);
/* GuestArch.dump_state: -d cpu (and fpu) in QEMU 7.2's layout for an
 * aarch64 CPU without SVE, SME or BTI, as peek's are. */
void a64_dump_state(const CPUState *cpu, FILE *f, bool fpu);
void a64_reg_write(CPUState *cpu, unsigned i, const uint8_t *buf);

#endif
