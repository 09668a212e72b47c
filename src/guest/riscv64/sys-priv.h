/*
 * Shared by the riscv64 system part's files (sys-*.c): the privileged
 * registers' fields and the functions between the files.
 */
#ifndef PEEK_RV_SYS_PRIV_H
#define PEEK_RV_SYS_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/softmmu-mode.h"
#include "guest/riscv64/cpu.h"
#include "guest/riscv64/sys.h"

/* mstatus / sstatus fields */
#define MS_SIE (1ull << 1)
#define MS_MIE (1ull << 3)
#define MS_SPIE (1ull << 5)
#define MS_MPIE (1ull << 7)
#define MS_SPP (1ull << 8)
#define MS_MPP_SHIFT 11
#define MS_MPP (3ull << MS_MPP_SHIFT)
#define MS_FS (3ull << 13)
#define MS_MPRV (1ull << 17)
#define MS_SUM (1ull << 18)
#define MS_MXR (1ull << 19)
#define MS_TVM (1ull << 20)
#define MS_TW (1ull << 21)
#define MS_TSR (1ull << 22)
#define MS_UXL (3ull << 32)
#define MS_SXL (3ull << 34)
#define MS_SD (1ull << 63)

/* interrupt bits of mip / mie */
enum { IRQ_SSI = 1, IRQ_MSI = 3, IRQ_STI = 5, IRQ_MTI = 7, IRQ_SEI = 9, IRQ_MEI = 11 };
#define MIP_S_MASK ((1ull << IRQ_SSI) | (1ull << IRQ_STI) | (1ull << IRQ_SEI))
#define MIP_ALL (MIP_S_MASK | (1ull << IRQ_MSI) | (1ull << IRQ_MTI) | (1ull << IRQ_MEI))

/* exception causes */
enum {
    EXC_INSN_MISALIGNED = 0, EXC_INSN_ACCESS = 1, EXC_ILLEGAL = 2, EXC_BREAKPOINT = 3,
    EXC_LOAD_MISALIGNED = 4, EXC_LOAD_ACCESS = 5, EXC_STORE_MISALIGNED = 6, EXC_STORE_ACCESS = 7,
    EXC_ECALL_U = 8, EXC_ECALL_S = 9, EXC_ECALL_M = 11,
    EXC_INSN_PAGE = 12, EXC_LOAD_PAGE = 13, EXC_STORE_PAGE = 15,
};

#define MENVCFG_STCE (1ull << 63)

/* The CLINT's mtime rate, QEMU's virt timebase: 10 MHz. */
#define RV_TIMEBASE_HZ 10000000ull
static inline uint64_t rv_time_now(void) { return softmmu_clock_ns() / (1000000000ull / RV_TIMEBASE_HZ); }

/* mip as read: the devices' and software's bits, and with Sstc STIP from
 * stimecmp. */
uint64_t rv_mip(CPUState *cpu);
/* Interrupts now pending and enabled-by-mie: kick the hart out of code
 * (true if it did). */
bool rv_check_irq(CPUState *cpu);
/* GuestSysArch.tb_flags. */
uint32_t rv_tb_flags(CPUState *cpu);
/* Take a trap: cause (interrupt when irq) with tval, from the pc. */
void rv_trap(CPUState *cpu, uint64_t cause, bool irq, uint64_t tval);
/* Raise an illegal-instruction exception at the pc global. */
_Noreturn void rv_raise_illegal(CPUState *cpu);
/* Sstc: rearm the hart's timer for stimecmp. */
void rv_stimecmp_update(CPUState *cpu);

/* sys-mmu.c: GuestSysArch.mmu_index and tlb_fill */
unsigned rv_mmu_index(CPUState *cpu, int access);
int rv_tlb_fill(CPUState *cpu, uint64_t va, unsigned size, int access, unsigned idx, uint64_t *pa,
                unsigned *prot);
int rv_access_fault_cause(int access);

/* sys-pmp.c: physical memory protection. QEMU's virt CPU has 16 entries. */
#define RV_PMP_COUNT 16
/* After translation to pa: -1 with *prot narrowed to what PMP allows priv
 * on pa's page (or to this access alone, with TLB_FILL_ONCE), or the
 * access fault cause. */
int rv_pmp_check(const RVState *env, unsigned priv, uint64_t pa, unsigned size, int access, unsigned *prot);
/* May the page table walk read [pa, pa + n)? */
bool rv_pmp_walk_ok(const RVState *env, uint64_t pa, unsigned n);
bool rv_pmp_locked(const RVState *env, unsigned i);
bool rv_pmp_is_tor(const RVState *env, unsigned i);

/* sys-csr.c: the helpers the translator calls */
extern const RVSysTrans rv_sys_trans;

#endif
