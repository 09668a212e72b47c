/*
 * Machine and supervisor mode basics: csrs' writable bits (WARL), traps
 * with their cause and tval (ecall from each mode, ebreak, illegal
 * instructions and csrs, misaligned AMOs, access faults), delegation to
 * S, mret/sret and their privilege checks.
 */
#include "rt.h"

static uint64_t in_s(uint64_t arg)
{
    /* S reads its own csrs; an M csr is illegal here */
    uint64_t v = csr_read(sstatus);
    trap_reset();
    (void)csr_read(mstatus);
    return arg + (trap_cause == 2 ? 1 : 0) + (v & 2);
}

static uint64_t in_u(uint64_t arg)
{
    trap_reset();
    (void)csr_read(sstatus);           /* illegal in U */
    uint64_t c = trap_cause;
    trap_reset();
    register uint64_t a7 __asm__("a7") = 1;   /* not sys_return's code */
    __asm__ volatile("ecall" : "+r"(a7));
    return c * 100 + trap_cause;
}

static uint64_t s_ecall(uint64_t arg)
{
    register uint64_t a7 __asm__("a7") = 1;
    __asm__ volatile("ecall" : "+r"(a7));
    return trap_cause * 16 + trap_mode;
}

static uint64_t s_sret_in_u(uint64_t arg)
{
    trap_reset();
    __asm__ volatile("sret");
    return trap_cause;
}

static uint64_t u_wfi(uint64_t arg)
{
    trap_reset();
    __asm__ volatile("wfi");
    return trap_cause;
}

int main(void)
{
    show("misa", csr_read(misa));
    show("mhartid", csr_read(mhartid));
    show("mstatus", csr_read(mstatus));
    /* Writable bits, limited to the fields of what peek implements (QEMU
     * 7.2 also lets the hypervisor's and other extensions' bits through,
     * and leaves medeleg[11] writable where the spec hardwires it) */
    csr_write(mstatus, ~0ull);
    show("mstatus all ones", csr_read(mstatus) & 0x80000000007e79aaull);
    csr_write(mstatus, 0);
    show("sstatus", csr_read(sstatus) & 0x80000000000de122ull);
    csr_write(medeleg, ~0ull);
    show("medeleg", csr_read(medeleg) & 0xf3ff);
    csr_write(medeleg, 0);
    csr_write(mideleg, ~0ull);
    show("mideleg", csr_read(mideleg) & 0xaaa);
    csr_write(mideleg, 0);
    csr_write(mie, ~0ull);
    show("mie", csr_read(mie) & 0xaaa);
    csr_write(mie, 0);
    csr_write(mtvec, 0x80001003);
    show("mtvec mode 3", csr_read(mtvec));
    csr_write(mtvec, 0x80001001);
    show("mtvec vectored", csr_read(mtvec));
    csr_write(mtvec, (uint64_t)trap_entry);
    csr_write(pmpaddr0, ~0ull);
    show("pmpaddr0", csr_read(pmpaddr0) & ((1ull << 54) - 1));
    csr_write(pmpaddr0, ~0ull >> 10);   /* back to start.S's: S and U may access everything */
    csr_write(mcounteren, ~0ull);
    show("mcounteren", csr_read(mcounteren) & 0xffffffff);
    csr_write(menvcfg, ~0ull);
    show("menvcfg", csr_read(menvcfg) & 0x8000000000000001ull);
    csr_write(menvcfg, 0);
    csr_write(satp, 7ull << 60 | 5);    /* an unsupported mode: no effect */
    show("satp mode 7", csr_read(satp));
    csr_write(mscratch, 0x1234);
    check(csr_read(mscratch) == 0x1234, "mscratch");

    trap_reset();
    __asm__ volatile("ecall");
    show_trap("ecall from M");
    check(trap_cause == 11, "ecall from M is cause 11");
    trap_reset();
    __asm__ volatile("ebreak");
    show_trap("ebreak");
    check(trap_cause == 3, "ebreak is cause 3");
    trap_reset();
    __asm__ volatile(".word 0xffffffff");
    show_trap("illegal word");
    check(trap_cause == 2, "illegal instruction");
    trap_reset();
    __asm__ volatile("csrw mhartid, zero");
    show_trap("write to mhartid");
    check(trap_cause == 2, "read-only csr write is illegal");
    trap_reset();
    __asm__ volatile("csrr t0, 0x7c0" ::: "t0");
    show_trap("csr 0x7c0");
    uint64_t word = 0;
    trap_reset();
    __asm__ volatile("lr.w t0, (%0)" ::"r"((char *)&word + 2) : "t0");
    show_trap("misaligned lr.w");
    check(trap_cause == 4, "misaligned LR is cause 4");
    trap_reset();
    (void)*(volatile uint64_t *)0x200000;   /* nothing there */
    show_trap("load from 0x200000");
    check(trap_cause == 5, "load access fault");
    trap_reset();
    *(volatile uint32_t *)0x1000 = 1;   /* the reset ROM ignores stores */
    show_trap("store to the ROM");
    check(trap_count == 0 && *(volatile uint32_t *)0x1000 != 1, "ROM store ignored");
    trap_reset();
    *(volatile uint64_t *)0x200000 = 1;
    show_trap("store to 0x200000");
    check(trap_cause == 7, "store access fault");
    /* misaligned plain loads and stores are done, not trapped */
    uint8_t buf[16] = { 0 };
    trap_reset();
    *(volatile uint64_t *)(buf + 3) = 0x1122334455667788ull;
    show("misaligned ld", *(volatile uint64_t *)(buf + 1));
    check(trap_count == 0, "misaligned plain access does not trap");

    /* S and U mode, nothing delegated */
    show("in S", run_in_mode(1, in_s, 0x40));
    show("in U", run_in_mode(0, in_u, 0));
    show("sret in U", run_in_mode(0, s_sret_in_u, 0));
    show("wfi in U", run_in_mode(0, u_wfi, 0));
    /* delegate ecall from S? it cannot be: ecall from S goes to M unless medeleg
     * bit 9, which goes to S only from S or U */
    csr_write(stvec, (uint64_t)s_trap_entry);
    show("ecall from S", run_in_mode(1, s_ecall, 0));
    csr_write(medeleg, 1u << 2);
    show("illegal in U delegated", run_in_mode(0, in_u, 0));
    show("scause", csr_read(scause));
    show("sepc != 0", csr_read(sepc) != 0);
    csr_write(medeleg, 0);
    /* mret to S with MPRV set clears MPRV (priv 1.12; QEMU 7.2 keeps it) */
    csr_write(mstatus, 1ull << 17);
    run_in_mode(1, in_s, 0);
    check(!(csr_read(mstatus) & (1ull << 17)), "mret to S clears MPRV");
    show("mstatus after mret to S", csr_read(mstatus) & 0x80000000007c79aaull);
    /* a misaligned AMO is a store/AMO misalignment (QEMU 7.2 reports a load's) */
    trap_reset();
    __asm__ volatile("amoadd.d zero, zero, (%0)" ::"r"((char *)&word + 4));
    check(trap_cause == 6, "misaligned AMO is cause 6");
    return 0;
}
