/*
 * The riscv64 registers as debuggers and plugins see them: the table that
 * GuestArch.regs points to and its accessors. Names, grouping and types
 * are those of QEMU's riscv64 target description, which GDB's riscv
 * support expects: org.gnu.gdb.riscv.cpu (the x registers by ABI name with
 * x8 as "fp", then pc), org.gnu.gdb.riscv.fpu (ft0..ft11 as a union of
 * float and double), org.gnu.gdb.riscv.virtual (priv, the privilege level:
 * always 0, user mode) and org.gnu.gdb.riscv.csr (the CSRs a user program
 * can read: fflags, frm, fcsr, cycle, time, instret). Every register is
 * 8 bytes, little-endian.
 */
#ifndef PEEK_RV_REGS_H
#define PEEK_RV_REGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/guest.h"

enum {
    RV_REG_PC = 32, RV_REG_F0 = 33, RV_REG_PRIV = 65, RV_REG_FFLAGS, RV_REG_FRM, RV_REG_FCSR,
    RV_REG_CYCLE, RV_REG_TIME, RV_REG_INSTRET, RV_N_REGS
};

extern const GuestReg rv_regs[RV_N_REGS];
extern const GuestRegTypes rv_reg_types[];
void rv_reg_read(const CPUState *cpu, unsigned i, uint8_t *buf);
void rv_reg_write(CPUState *cpu, unsigned i, const uint8_t *buf);
/* GuestArch.dump_state: -d cpu (and fpu) in QEMU 7.2's riscv64 layout. */
void rv_dump_state(const CPUState *cpu, FILE *f, bool fpu);

#endif
