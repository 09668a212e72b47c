/*
 * riscv64 traps in system mode: exceptions delivered as the spec says
 * (delegated to S by medeleg/mideleg when they come from S or U), the
 * interrupts' priority and enables, and the GuestSysArch table the
 * softmmu mode drives the hart through.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "exec/guest.h"
#include "exec/memory.h"
#include "guest/riscv64/decode.h"
#include "guest/riscv64/helpers.h"
#include "guest/riscv64/riscv64.h"
#include "guest/riscv64/sys-priv.h"

void rv_raise_illegal(CPUState *cpu) { cpu_raise(cpu, EXCP_ILLEGAL, RV(cpu)->pc, 0); }

void rv_trap(CPUState *cpu, uint64_t cause, bool irq, uint64_t tval)
{
    RVState *env = RV(cpu);
    uint64_t deleg = irq ? env->mideleg : env->medeleg;
    uint64_t pc = env->pc, s = env->mstatus;
    uint64_t code = cause | (irq ? 1ull << 63 : 0);
    env->res_addr = UINT64_MAX;
    if (env->priv <= RV_PRIV_S && cause < 64 && (deleg >> cause & 1)) {
        env->scause = code;
        env->sepc = pc;
        env->stval = tval;
        s = (s & ~(MS_SPIE | MS_SPP)) | ((s & MS_SIE) ? MS_SPIE : 0) | (env->priv ? MS_SPP : 0);
        env->mstatus = s & ~MS_SIE;
        env->pc = (env->stvec & ~3ull) + ((env->stvec & 1) && irq ? 4 * cause : 0);
        env->priv = RV_PRIV_S;
    } else {
        env->mcause = code;
        env->mepc = pc;
        env->mtval = tval;
        s = (s & ~(MS_MPIE | MS_MPP)) | ((s & MS_MIE) ? MS_MPIE : 0) | env->priv << MS_MPP_SHIFT;
        env->mstatus = s & ~MS_MIE;
        env->pc = (env->mtvec & ~3ull) + ((env->mtvec & 1) && irq ? 4 * cause : 0);
        env->priv = RV_PRIV_M;
    }
}

/* The highest-priority interrupt of mask: MEI, MSI, MTI, SEI, SSI, STI. */
static int irq_pick(uint64_t mask)
{
    static const int order[] = { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI };
    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
        if (mask >> order[i] & 1)
            return order[i];
    return -1;
}

/* The interrupt to take now, or -1. */
static int irq_next(CPUState *cpu)
{
    RVState *env = RV(cpu);
    uint64_t pending = rv_mip(cpu) & env->mie;
    if (!pending)
        return -1;
    bool m_on = env->priv < RV_PRIV_M || (env->mstatus & MS_MIE);
    bool s_on = env->priv < RV_PRIV_S || (env->priv == RV_PRIV_S && (env->mstatus & MS_SIE));
    int irq = m_on ? irq_pick(pending & ~env->mideleg) : -1;
    if (irq < 0 && s_on)
        irq = irq_pick(pending & env->mideleg);
    return irq;
}

bool rv_check_irq(CPUState *cpu)
{
    if (irq_next(cpu) < 0)
        return false;
    softmmu_cpu_kick(cpu);
    return true;
}

static bool rv_has_work(CPUState *cpu) { return (rv_mip(cpu) & RV(cpu)->mie) != 0; }

/* A device's line or the timer changed mip: an interrupt to take, or one
 * that ends a wfi (enabled in mie, whatever the global enables say). */
static void rv_irq_changed(CPUState *cpu)
{
    if (rv_has_work(cpu))
        softmmu_cpu_kick(cpu);
}

static bool rv_do_interrupt(CPUState *cpu)
{
    int irq = irq_next(cpu);
    if (irq < 0)
        return false;
    rv_trap(cpu, (uint64_t)irq, true, 0);
    return true;
}


/* The instruction bits at the pc, for an illegal instruction's tval. */
static uint64_t insn_bits(CPUState *cpu)
{
    uint64_t pa;
    uint8_t b[4] = { 0 };
    uint64_t pc = RV(cpu)->pc;
    if (!exec_softmmu->code_phys(cpu, pc, &pa) || !softmmu_ram_ptr(pa, 2))
        return 0;
    memcpy(b, softmmu_ram_ptr(pa, 2), 2);
    if (rv_insn_len(b[0]) == 2)
        return (uint64_t)b[0] | (uint64_t)b[1] << 8;
    if (!exec_softmmu->code_phys(cpu, pc + 2, &pa) || !softmmu_ram_ptr(pa, 2))
        return 0;
    memcpy(b + 2, softmmu_ram_ptr(pa, 2), 2);
    uint32_t w;
    memcpy(&w, b, 4);
    return w;
}

static void rv_do_exception(CPUState *cpu, int excp)
{
    RVState *env = RV(cpu);
    switch (excp) {
    case EXCP_ARCH:
        rv_trap(cpu, (uint64_t)cpu->excp_code, false, cpu->excp_addr);
        break;
    case EXCP_SYSCALL:
        rv_trap(cpu, env->priv == RV_PRIV_M ? EXC_ECALL_M : EXC_ECALL_U + env->priv, false, 0);
        break;
    case EXCP_BREAKPOINT:
        rv_trap(cpu, EXC_BREAKPOINT, false, 0);     /* QEMU 7.2's tval */
        break;
    case EXCP_BUS:
        rv_trap(cpu, EXC_INSN_MISALIGNED, false, cpu->excp_addr);
        break;
    default:
        rv_trap(cpu, EXC_ILLEGAL, false, insn_bits(cpu));
        break;
    }
}

static void rv_set_irq(CPUState *cpu, unsigned line, int level)
{
    uint64_t bit = 1ull << line;
    uint64_t old = level ? __atomic_fetch_or(&RV(cpu)->mip, bit, __ATOMIC_ACQ_REL)
                         : __atomic_fetch_and(&RV(cpu)->mip, ~bit, __ATOMIC_ACQ_REL);
    /* A line raised, even raised again (an IPI sent while one is pending),
     * is news to a hart backing off in wfi (cpus.c); one held low is not:
     * the PLIC sets every context's line at each of its updates, and those
     * kicks once woke a stopped hart every few microseconds. */
    if (level || (old & bit))
        rv_irq_changed(cpu);
}

static void rv_timer_expired(CPUState *cpu) { rv_irq_changed(cpu); }

uint32_t rv_tb_flags(CPUState *cpu)
{
    const RVState *env = RV(cpu);
    return rv_mmu_index(cpu, MMU_DATA_LOAD) | (uint32_t)env->priv << RV_TBF_PRIV_SHIFT |
           ((env->mstatus & MS_FS) ? 0 : RV_TBF_FS_OFF);
}

/* Hot superblocks in user mode only: a workload's loops. Privileged code
 * a boot runs a few hundred times, whose second translation costs more
 * than it saves (docs/design-notes.md, "Superblocks in user mode"). */
static bool rv_hot_superblocks(uint32_t flags) { return (flags >> RV_TBF_PRIV_SHIFT & 3) == RV_PRIV_U; }

/* rv_sys: rv_sys_trans, without the pause helper when one host thread
 * runs every hart (nothing to yield to). Written once, by init. */
static RVSysTrans sys_trans;

static void rv_sys_init(bool threads)
{
    sys_trans = rv_sys_trans;
    if (!threads)
        sys_trans.pause = NULL;
    rv_sys = &sys_trans;
}

static void rv_sys_reset(CPUState *cpu, unsigned hartid, uint64_t pc)
{
    RVState *env = RV(cpu);
    env->priv = RV_PRIV_M;
    env->mstatus = 2ull << 32 | 2ull << 34;
    env->mhartid = hartid;
    env->pc = pc;
    env->res_addr = UINT64_MAX;
    env->stimecmp = UINT64_MAX;
}

static int rv_misaligned_cause(int access)
{
    return access == MMU_INST_FETCH ? EXC_INSN_MISALIGNED
           : access == MMU_DATA_STORE ? EXC_STORE_MISALIGNED : EXC_LOAD_MISALIGNED;
}

/* The user-level ISA string of the configured CPU, with Zihintpause (its
 * pause is a hint every riscv64 decodes, a fence; advertised, as QEMU 7.2
 * does, so that Linux's cpu_relax uses it: trans-rvi.c) in its canonical
 * place, last of the Zi group, and Sstc. */
static const char *rv_sys_isa_string(void)
{
    static char buf[160];   /* written once, by main before the harts start */
    const char *isa = rv_hwcap_string(), *zb = strstr(isa, "_zb");
    int zi = zb ? (int)(zb - isa) : (int)strlen(isa);
    snprintf(buf, sizeof(buf), "%.*s_zihintpause%s_sstc", zi, isa, isa + zi);
    return buf;
}

extern const GuestArch guest_riscv64;

const GuestSysArch guest_sys_riscv64 = {
    .guest = &guest_riscv64,
    .init = rv_sys_init,
    .reset = rv_sys_reset,
    .tb_flags = rv_tb_flags,
    .hot_superblocks = rv_hot_superblocks,
    .mmu_index = rv_mmu_index,
    .tlb_fill = rv_tlb_fill,
    .access_fault_cause = rv_access_fault_cause,
    .misaligned_cause = rv_misaligned_cause,
    .do_exception = rv_do_exception,
    .do_interrupt = rv_do_interrupt,
    .has_work = rv_has_work,
    .set_irq = rv_set_irq,
    .timer_expired = rv_timer_expired,
    .isa_string = rv_sys_isa_string,
    .mmu_type = "riscv,sv57",
};
