/*
 * The riscv64 privileged architecture (priv spec 1.12): what the
 * translator, which both modes share, needs of it, and what the system
 * part (sys-*.c, linked only into the system-mode binary) implements.
 *
 * The translator reaches the system part through rv_sys, NULL in user
 * mode: then mret, sret, wfi, sfence.vma and every csr beyond the
 * user-level ones are illegal, as a user program finds them on Linux.
 */
#ifndef PEEK_RV_SYS_H
#define PEEK_RV_SYS_H

#include <stdint.h>

#include "ir/ir.h"

/* Privilege levels (RVState.priv). */
enum { RV_PRIV_U = 0, RV_PRIV_S = 1, RV_PRIV_M = 3 };

/* TB flags (TBInfo.flags): the data accesses' mmu index in bits 0-2 (the
 * IRMemOp's), the privilege level in bits 3-4, and FS = Off. */
#define RV_TBF_MMU_MASK 7u
#define RV_TBF_PRIV_SHIFT 3
#define RV_TBF_FS_OFF (1u << 5)

/* mmu indexes: the effective privilege (U 0, S 1, S with SUM 2, M 3),
 * plus 4 with MXR (U or S). Fetches use 0, 1 or 3. */
enum { RV_MMU_U = 0, RV_MMU_S = 1, RV_MMU_S_SUM = 2, RV_MMU_M = 3, RV_MMU_MXR = 4 };

/* The system part's helpers (all may raise; the pc global must be
 * precise):
 *   csr(env, csr | op << 12 | writes << 14, value) -> old value
 *       op 0 write, 1 set, 2 clear; an inaccessible csr is illegal.
 *       A write sets RVState.csr_lookup when what follows must go
 *       through the loop: the TB flags changed, satp changed the
 *       translation, or an interrupt is now to be taken. Otherwise the
 *       next TB may be reached by a chained jump.
 *   mret(env), sret(env) -> the pc to return to
 *   wfi(env): waits (EXCP_HALTED) with the pc after it, or is illegal
 *   sfence_vma(env, vaddr, has_vaddr)
 *   pause(): Zihintpause's spin-wait hint; yields the host thread
 *       (NULL when one host thread runs every hart: pause is a no-op) */
typedef struct RVSysTrans {
    const IRHelper *csr, *mret, *sret, *wfi, *sfence_vma, *pause;
} RVSysTrans;
enum { RV_CSR_OP_WRITE, RV_CSR_OP_SET, RV_CSR_OP_CLEAR };
#define RV_CSR_OP_SHIFT 12
#define RV_CSR_WRITES (1u << 14)

/* Set once by the system part before anything is translated; NULL in
 * user mode. Read-only afterwards, so threads need no synchronisation. */
extern const RVSysTrans *rv_sys;

#endif
