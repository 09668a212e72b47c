/*
 * The riscv64 control and status registers of system mode, and the
 * privileged instructions' helpers (mret, sret, wfi, sfence.vma).
 *
 * Which csrs exist, and their writable bits, follow what OpenSBI and Linux
 * probe on QEMU's virt board with its rv64 CPU without the hypervisor
 * extension: priv spec 1.12 (menvcfg), Sstc (stimecmp), 16 PMP entries
 * with 54 address bits and a 4-byte grain (enforced by sys-pmp.c), 16
 * writable hpm counters that do not count. A csr that does not exist, one
 * above the current privilege, or a write to a read-only one is illegal.
 */
#include <sched.h>
#include <stddef.h>
#include <string.h>

#include "exec/softmmu-mode.h"
#include "guest/riscv64/decode.h"
#include "guest/riscv64/helpers.h"
#include "guest/riscv64/riscv64.h"
#include "guest/riscv64/sys-priv.h"

enum {
    CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02, CSR_HPMCOUNTER3 = 0xc03,
    CSR_HPMCOUNTER31 = 0xc1f,
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SENVCFG = 0x10a, CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142,
    CSR_STVAL = 0x143, CSR_SIP = 0x144, CSR_STIMECMP = 0x14d, CSR_SATP = 0x180,
    CSR_MVENDORID = 0xf11, CSR_MARCHID = 0xf12, CSR_MIMPID = 0xf13, CSR_MHARTID = 0xf14,
    CSR_MCONFIGPTR = 0xf15,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303,
    CSR_MIE = 0x304, CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MENVCFG = 0x30a,
    CSR_MCOUNTINHIBIT = 0x320, CSR_MHPMEVENT3 = 0x323, CSR_MHPMEVENT31 = 0x33f,
    CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343,
    CSR_MIP = 0x344, CSR_PMPCFG0 = 0x3a0, CSR_PMPCFG15 = 0x3af, CSR_PMPADDR0 = 0x3b0,
    CSR_PMPADDR63 = 0x3ef, CSR_MCYCLE = 0xb00, CSR_MINSTRET = 0xb02, CSR_MHPMCOUNTER3 = 0xb03,
    CSR_MHPMCOUNTER31 = 0xb1f,
};

#define SSTATUS_MASK (MS_SIE | MS_SPIE | MS_SPP | MS_FS | MS_SUM | MS_MXR | MS_UXL | MS_SD)
#define MSTATUS_WRITABLE (MS_SIE | MS_MIE | MS_SPIE | MS_MPIE | MS_SPP | MS_MPP | MS_FS | MS_MPRV | \
                          MS_SUM | MS_MXR | MS_TVM | MS_TW | MS_TSR)
#define MEDELEG_WRITABLE 0xb3ffull      /* not ecall from M, nor the reserved ones */
#define PMPADDR_MASK ((1ull << 54) - 1)
#define HPM_COUNT 16                    /* mhpmcounter3..18 */

static uint64_t misa_value(void)
{
    uint64_t m = 2ull << 62 | 1u << ('s' - 'a') | 1u << ('u' - 'a') | 1u << ('i' - 'a');
    static const struct { unsigned ext; char letter; } letters[] = {
        { RV_EXT_M, 'm' }, { RV_EXT_A, 'a' }, { RV_EXT_F, 'f' }, { RV_EXT_D, 'd' }, { RV_EXT_C, 'c' },
    };
    for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
        if (rv_ext_enabled & letters[i].ext)
            m |= 1u << (letters[i].letter - 'a');
    return m;
}

/* mstatus with FS Dirty whenever it is not Off (the spec allows reporting
 * Dirty eagerly; peek does not track fp register writes) and SD from it. */
static uint64_t mstatus_fixup(uint64_t v)
{
    v = (v & ~(MS_UXL | MS_SXL | MS_SD)) | 2ull << 32 | 2ull << 34;
    if (v & MS_FS)
        v |= MS_FS | MS_SD;
    return v;
}

uint64_t rv_mip(CPUState *cpu)
{
    RVState *env = RV(cpu);
    uint64_t mip = __atomic_load_n(&env->mip, __ATOMIC_ACQUIRE);
    if (env->menvcfg & MENVCFG_STCE) {
        mip &= ~(1ull << IRQ_STI);
        if (rv_time_now() >= env->stimecmp)
            mip |= 1ull << IRQ_STI;
    }
    return mip;
}

static void mip_update(CPUState *cpu, uint64_t mask, uint64_t val)
{
    uint64_t *p = &RV(cpu)->mip, old = __atomic_load_n(p, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(p, &old, (old & ~mask) | (val & mask), false, __ATOMIC_ACQ_REL,
                                        __ATOMIC_RELAXED))
        ;
}

void rv_stimecmp_update(CPUState *cpu)
{
    RVState *env = RV(cpu);
    if (!(env->menvcfg & MENVCFG_STCE)) {
        softmmu_cpu_timer(cpu, UINT64_MAX);
        return;
    }
    uint64_t tick_ns = 1000000000ull / RV_TIMEBASE_HZ;
    softmmu_cpu_timer(cpu, env->stimecmp > UINT64_MAX / tick_ns ? UINT64_MAX : env->stimecmp * tick_ns);
    rv_check_irq(cpu);
}

/* A counter csr (cycle, time, instret, hpmcounterN) read below M: allowed
 * by mcounteren, and in U also by scounteren. */
static bool counter_allowed(const RVState *env, unsigned bit)
{
    if (env->priv < RV_PRIV_M && !(env->mcounteren >> bit & 1))
        return false;
    return env->priv != RV_PRIV_U || (env->scounteren >> bit & 1);
}

/* Counter n: 0 cycle, 1 time, 2 instret, 3.. the hpm counters. */
static uint64_t counter_value(const RVState *env, unsigned n)
{
    switch (n) {
    case 0: return softmmu_clock_ns() + env->cycle_off;
    case 1: return rv_time_now();
    case 2: return softmmu_clock_ns() + env->instret_off;
    }
    return env->mhpmcounter[n - 3];
}

/* Read csr into *v: false if it does not exist or is not accessible. */
static bool csr_read(CPUState *cpu, unsigned csr, uint64_t *v)
{
    RVState *env = RV(cpu);
    if (env->priv < ((csr >> 8) & 3))
        return false;
    if (csr >= CSR_CYCLE && csr <= CSR_HPMCOUNTER31) {
        unsigned n = csr - CSR_CYCLE;
        if (!counter_allowed(env, n))
            return false;
        *v = counter_value(env, n);
        return true;
    }
    if ((csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) || csr == CSR_MCYCLE || csr == CSR_MINSTRET) {
        *v = counter_value(env, csr - CSR_MCYCLE);
        return true;
    }
    if (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31) {
        *v = env->mhpmevent[csr - CSR_MHPMEVENT3];
        return true;
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15) {
        if (csr & 1)
            return false;               /* RV64: odd pmpcfg do not exist */
        *v = env->pmpcfg[(csr - CSR_PMPCFG0) / 2];
        return true;
    }
    if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63) {
        unsigned i = csr - CSR_PMPADDR0;
        *v = i < RV_PMP_COUNT ? env->pmpaddr[i] : 0;
        return true;
    }
    switch (csr) {
    case CSR_SSTATUS: *v = env->mstatus & SSTATUS_MASK; return true;
    case CSR_SIE: *v = env->mie & env->mideleg; return true;
    case CSR_STVEC: *v = env->stvec; return true;
    case CSR_SCOUNTEREN: *v = env->scounteren; return true;
    case CSR_SENVCFG: *v = env->senvcfg; return true;
    case CSR_SSCRATCH: *v = env->sscratch; return true;
    case CSR_SEPC: *v = env->sepc; return true;
    case CSR_SCAUSE: *v = env->scause; return true;
    case CSR_STVAL: *v = env->stval; return true;
    case CSR_SIP: *v = rv_mip(cpu) & env->mideleg; return true;
    case CSR_STIMECMP:
        if (env->priv < RV_PRIV_M && (!(env->menvcfg & MENVCFG_STCE) || !(env->mcounteren & 2)))
            return false;
        *v = env->stimecmp;
        return true;
    case CSR_SATP:
        if (env->priv == RV_PRIV_S && (env->mstatus & MS_TVM))
            return false;
        *v = env->satp;
        return true;
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: case CSR_MCONFIGPTR: *v = 0; return true;
    case CSR_MHARTID: *v = env->mhartid; return true;
    case CSR_MSTATUS: *v = env->mstatus; return true;
    case CSR_MISA: *v = misa_value(); return true;
    case CSR_MEDELEG: *v = env->medeleg; return true;
    case CSR_MIDELEG: *v = env->mideleg; return true;
    case CSR_MIE: *v = env->mie; return true;
    case CSR_MTVEC: *v = env->mtvec; return true;
    case CSR_MCOUNTEREN: *v = env->mcounteren; return true;
    case CSR_MENVCFG: *v = env->menvcfg; return true;
    case CSR_MCOUNTINHIBIT: *v = env->mcountinhibit; return true;
    case CSR_MSCRATCH: *v = env->mscratch; return true;
    case CSR_MEPC: *v = env->mepc; return true;
    case CSR_MCAUSE: *v = env->mcause; return true;
    case CSR_MTVAL: *v = env->mtval; return true;
    case CSR_MIP: *v = rv_mip(cpu); return true;
    }
    return false;
}

/* Write v to csr, which exists and is accessible. */
static void csr_write(CPUState *cpu, unsigned csr, uint64_t v)
{
    RVState *env = RV(cpu);
    if (csr >= CSR_MHPMCOUNTER3 && csr <= CSR_MHPMCOUNTER31) {
        if (csr - CSR_MHPMCOUNTER3 < HPM_COUNT)
            env->mhpmcounter[csr - CSR_MHPMCOUNTER3] = v;
        return;
    }
    if (csr >= CSR_MHPMEVENT3 && csr <= CSR_MHPMEVENT31) {
        if (csr - CSR_MHPMEVENT3 < HPM_COUNT)
            env->mhpmevent[csr - CSR_MHPMEVENT3] = v;
        return;
    }
    if (csr >= CSR_PMPCFG0 && csr <= CSR_PMPCFG15) {
        /* entries 0..15 are in pmpcfg0 and pmpcfg2; a locked entry keeps its byte */
        unsigned i = (csr - CSR_PMPCFG0) / 2;
        if (i >= RV_PMP_COUNT / 8)
            return;
        uint64_t old = env->pmpcfg[i], nv = 0;
        for (unsigned b = 0; b < 8; b++) {
            uint64_t byte = ((old >> (8 * b) & 0x80) ? old : v) >> (8 * b) & 0x9f;
            nv |= byte << (8 * b);
        }
        env->pmpcfg[i] = nv;
        tlb_flush(cpu);                 /* the TLB holds rights PMP gave */
        return;
    }
    if (csr >= CSR_PMPADDR0 && csr <= CSR_PMPADDR63) {
        /* locked: the entry, and the one below a locked TOR entry (its base) */
        unsigned i = csr - CSR_PMPADDR0;
        if (i < RV_PMP_COUNT && !rv_pmp_locked(env, i) &&
            !(i + 1 < RV_PMP_COUNT && rv_pmp_locked(env, i + 1) && rv_pmp_is_tor(env, i + 1))) {
            env->pmpaddr[i] = v & PMPADDR_MASK;
            tlb_flush(cpu);
        }
        return;
    }
    switch (csr) {
    case CSR_SSTATUS:
        csr_write(cpu, CSR_MSTATUS, (env->mstatus & ~SSTATUS_MASK) | (v & SSTATUS_MASK));
        return;
    case CSR_SIE: env->mie = (env->mie & ~env->mideleg) | (v & env->mideleg); return;
    case CSR_STVEC:
        if ((v & 3) < 2)                /* a reserved mode: no effect, as QEMU */
            env->stvec = v;
        return;
    case CSR_SCOUNTEREN: env->scounteren = (uint32_t)v; return;
    case CSR_SENVCFG: env->senvcfg = v & 1; return;
    case CSR_SSCRATCH: env->sscratch = v; return;
    case CSR_SEPC: env->sepc = v & ~1ull; return;
    case CSR_SCAUSE: env->scause = v; return;
    case CSR_STVAL: env->stval = v; return;
    case CSR_SIP:
        mip_update(cpu, env->mideleg & (1ull << IRQ_SSI), v);
        return;
    case CSR_STIMECMP:
        env->stimecmp = v;
        rv_stimecmp_update(cpu);
        return;
    case CSR_SATP: {
        uint64_t mode = v >> 60;
        if (mode != 0 && mode != 8 && mode != 9 && mode != 10)
            return;                     /* an unsupported mode: no effect */
        env->satp = v & (0xfull << 60 | 0xffffull << 44 | ((1ull << 44) - 1));
        tlb_flush(cpu);
        return;
    }
    case CSR_MSTATUS: {
        uint64_t nv = (env->mstatus & ~MSTATUS_WRITABLE) | (v & MSTATUS_WRITABLE);
        if ((nv & MS_MPP) == 2ull << MS_MPP_SHIFT)     /* reserved: keep the old one */
            nv = (nv & ~MS_MPP) | (env->mstatus & MS_MPP);
        /* No TLB flush for MPRV, MPP, SUM or MXR (QEMU 7.2 flushes): they
         * only choose the mmu index of data accesses, and an index's
         * entries are filled by its own rules (rv_tlb_fill looks at the
         * index, never at mstatus), so they stay right. Linux sets and
         * clears SUM around every access to user memory. */
        env->mstatus = mstatus_fixup(nv);
        return;
    }
    case CSR_MISA: return;              /* the extensions are fixed by -cpu */
    case CSR_MEDELEG: env->medeleg = v & MEDELEG_WRITABLE; return;
    case CSR_MIDELEG: env->mideleg = v & MIP_S_MASK; return;
    case CSR_MIE: env->mie = v & MIP_ALL; return;
    case CSR_MTVEC:
        if ((v & 3) < 2)
            env->mtvec = v;
        return;
    case CSR_MCOUNTEREN: env->mcounteren = (uint32_t)v; return;
    case CSR_MENVCFG:
        env->menvcfg = v & (MENVCFG_STCE | 1);
        rv_stimecmp_update(cpu);
        return;
    case CSR_MCOUNTINHIBIT: env->mcountinhibit = v & 0xfffffffdull; return;
    case CSR_MSCRATCH: env->mscratch = v; return;
    case CSR_MEPC: env->mepc = v & ~1ull; return;
    case CSR_MCAUSE: env->mcause = v; return;
    case CSR_MTVAL: env->mtval = v; return;
    case CSR_MIP: {
        uint64_t mask = (1ull << IRQ_SSI) | (1ull << IRQ_SEI);
        if (!(env->menvcfg & MENVCFG_STCE))
            mask |= 1ull << IRQ_STI;
        mip_update(cpu, mask, v);
        return;
    }
    case CSR_MCYCLE: env->cycle_off = v - softmmu_clock_ns(); return;
    case CSR_MINSTRET: env->instret_off = v - softmmu_clock_ns(); return;
    }
}

static uint64_t helper_csr(uint64_t envp, uint64_t desc, uint64_t src)
{
    CPUState *cpu = rv_env(envp);
    unsigned csr = desc & 0xfff, op = (desc >> RV_CSR_OP_SHIFT) & 3;
    bool writes = desc & RV_CSR_WRITES;
    uint64_t old;
    if (!csr_read(cpu, csr, &old) || (writes && (csr >> 10) == 3))
        rv_raise_illegal(cpu);
    if (writes) {
        uint64_t nv = op == RV_CSR_OP_WRITE ? src : op == RV_CSR_OP_SET ? old | src : old & ~src;
        uint32_t flags = rv_tb_flags(cpu);
        csr_write(cpu, csr, nv);
        bool kicked = rv_check_irq(cpu);
        RV(cpu)->csr_lookup = kicked || csr == CSR_SATP || rv_tb_flags(cpu) != flags;
    }
    return old;
}

static uint64_t helper_mret(uint64_t envp)
{
    CPUState *cpu = rv_env(envp);
    RVState *env = RV(cpu);
    if (env->priv < RV_PRIV_M)
        rv_raise_illegal(cpu);
    uint64_t s = env->mstatus;
    uint64_t mpp = (s & MS_MPP) >> MS_MPP_SHIFT;
    s = (s & ~MS_MIE) | ((s & MS_MPIE) ? MS_MIE : 0);
    s = (s | MS_MPIE) & ~MS_MPP;
    if (mpp != RV_PRIV_M)
        s &= ~MS_MPRV;
    env->mstatus = s;
    env->priv = mpp;
    rv_check_irq(cpu);
    return env->mepc;
}

static uint64_t helper_sret(uint64_t envp)
{
    CPUState *cpu = rv_env(envp);
    RVState *env = RV(cpu);
    if (env->priv < RV_PRIV_S || (env->priv == RV_PRIV_S && (env->mstatus & MS_TSR)))
        rv_raise_illegal(cpu);
    uint64_t s = env->mstatus;
    uint64_t spp = (s & MS_SPP) ? RV_PRIV_S : RV_PRIV_U;
    s = (s & ~MS_SIE) | ((s & MS_SPIE) ? MS_SIE : 0);
    s = (s | MS_SPIE) & ~(MS_SPP | MS_MPRV);
    env->mstatus = s;
    env->priv = spp;
    rv_check_irq(cpu);
    return env->sepc;
}

/* wfi is illegal in U, and in S under TW; otherwise the hart waits from
 * the next instruction (an interrupt then returns there). */
static void helper_wfi(uint64_t envp)
{
    CPUState *cpu = rv_env(envp);
    RVState *env = RV(cpu);
    if (env->priv == RV_PRIV_U || (env->priv == RV_PRIV_S && (env->mstatus & MS_TW)))
        rv_raise_illegal(cpu);
    env->pc += 4;
    cpu_raise(cpu, EXCP_HALTED, 0, 0);
}

static void helper_sfence_vma(uint64_t envp, uint64_t va, uint64_t has_va)
{
    CPUState *cpu = rv_env(envp);
    RVState *env = RV(cpu);
    if (env->priv == RV_PRIV_U || (env->priv == RV_PRIV_S && (env->mstatus & MS_TVM)))
        rv_raise_illegal(cpu);
    if (has_va)
        tlb_flush_page(cpu, va);
    else
        tlb_flush(cpu);
}

static const IRHelper h_csr = { "csr", (void *)helper_csr, 3, 1, IR_CALL_NO_WRITE_GLOBALS };
static const IRHelper h_mret = { "mret", (void *)helper_mret, 1, 1, IR_CALL_NO_WRITE_GLOBALS };
static const IRHelper h_sret = { "sret", (void *)helper_sret, 1, 1, IR_CALL_NO_WRITE_GLOBALS };
/* wfi writes the pc global before it leaves */
static const IRHelper h_wfi = { "wfi", (void *)helper_wfi, 1, 0, 0 };
/* pause (Zihintpause) sits in the guest's spin loops (Linux's cpu_relax,
 * also its delay loop): the hart it waits for may be waiting for a host
 * cpu, and a busy host (more threads than cpus) gives it this one. */
static void helper_pause(void) { sched_yield(); }
static const IRHelper h_pause = { "pause", (void *)helper_pause, 0, 0,
                                  IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
static const IRHelper h_sfence_vma = { "sfence_vma", (void *)helper_sfence_vma, 3, 0,
                                       IR_CALL_NO_WRITE_GLOBALS };

const RVSysTrans rv_sys_trans = {
    .csr = &h_csr, .mret = &h_mret, .sret = &h_sret, .wfi = &h_wfi, .sfence_vma = &h_sfence_vma,
    .pause = &h_pause,
};
