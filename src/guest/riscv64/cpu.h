/*
 * The riscv64 architectural state of one vCPU: what the IR names as globals
 * (x1..x31, pc, f0..f31, fflags, frm) plus the LR/SC reservation. It is
 * laid over the generic CPUState's arch area, at offset 0, so offsets here
 * are env offsets; RV(cpu) is the view.
 */
#ifndef PEEK_RV_CPU_H
#define PEEK_RV_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "exec/cpu.h"

typedef struct RVState {
    uint64_t x[32];        /* x[0] is kept 0 and never written */
    uint64_t f[32];        /* raw bits; singles are NaN-boxed */
    uint64_t pc;
    /* The homes of the IR's narrow copies (ir_narrow_loops): scratch, no
     * guest state; beside the registers to keep the globals one span. */
    uint64_t narrow[2];
    uint64_t fflags;       /* accrued exception flags, bits 4..0: NV DZ OF UF NX */
    uint64_t frm;          /* dynamic rounding mode, 0..7 */
    uint64_t res_addr;     /* LR reservation: address, or -1 when none */
    uint64_t res_val;      /* value loaded by LR, compared by SC */
    /* The privileged state (sys.h): system mode only, zero in user mode. */
    uint64_t priv;         /* 0 U, 1 S, 3 M */
    uint64_t mstatus, medeleg, mideleg, mie, mtvec, mepc, mcause, mtval, mscratch;
    uint64_t stvec, sepc, scause, stval, sscratch, satp;
    uint64_t mcounteren, scounteren, menvcfg, senvcfg, mcountinhibit, stimecmp, mhartid;
    uint64_t mip;          /* atomically: devices change their bits from other threads */
    uint64_t cycle_off, instret_off;   /* mcycle/minstret = clock + offset */
    uint64_t pmpcfg[8], pmpaddr[16];
    uint64_t mhpmcounter[29], mhpmevent[29];
    /* Set by each csr write: non-zero if the instruction's TB must end
     * through the loop's lookup (sys.h), read by the code right after. */
    uint64_t csr_lookup;
} RVState;

_Static_assert(sizeof(RVState) <= CPU_ARCH_SIZE, "RVState must fit CPUState.arch");
#define RV(cpu) CPU_ARCH(cpu, RVState)

enum { RV_FFLAG_NX = 1, RV_FFLAG_UF = 2, RV_FFLAG_OF = 4, RV_FFLAG_DZ = 8, RV_FFLAG_NV = 16 };
enum { RV_RM_RNE, RV_RM_RTZ, RV_RM_RDN, RV_RM_RUP, RV_RM_RMM, RV_RM_DYN = 7 };

#endif
