/*
 * Interrupts: the CLINT's software interrupt (msip) and timer
 * (mtimecmp) in M-mode, wfi waking for a pending interrupt whether or not
 * it is enabled globally, and Sstc's stimecmp delegated to S. The
 * runtime's handler disables each interrupt it takes (in mie/sie).
 */
#include "rt.h"

#define MSIP ((volatile uint32_t *)0x2000000)
#define MTIMECMP ((volatile uint64_t *)0x2004000)
#define MTIME ((volatile uint64_t *)0x200bff8)

static uint64_t s_timer(uint64_t ticks)
{
    trap_reset();
    csr_write(stimecmp, csr_read(time) + ticks);
    csr_set(sie, 1u << 5);
    csr_set(sstatus, 2);
    while (trap_count == 0)
        __asm__ volatile("wfi");
    csr_clear(sstatus, 2);
    return trap_cause;
}

int main(void)
{
    uint64_t t0 = *MTIME;
    check(csr_read(time) - t0 < 1000000, "time csr follows mtime");

    /* software interrupt */
    trap_reset();
    csr_set(mie, 1u << 3);
    *MSIP = 1;
    show("mip.MSIP while disabled", csr_read(mip) & 8);
    csr_set(mstatus, 8);
    show_trap("msip");
    check(trap_cause == (1ull << 63 | 3), "machine software interrupt");
    *MSIP = 0;
    csr_clear(mstatus, 8);

    /* timer interrupt, waited for with wfi */
    trap_reset();
    *MTIMECMP = *MTIME + 20000;          /* 2 ms */
    csr_set(mie, 1u << 7);
    csr_set(mstatus, 8);
    while (trap_count == 0)
        __asm__ volatile("wfi");
    show_trap("mtimer");
    check(*MTIME >= *MTIMECMP, "timer interrupt not before mtimecmp");
    csr_clear(mstatus, 8);

    /* wfi with MIE clear: resumes once the interrupt is pending, no trap */
    trap_reset();
    *MTIMECMP = *MTIME + 20000;
    csr_set(mie, 1u << 7);
    while (!(csr_read(mip) & 0x80))
        __asm__ volatile("wfi");
    show("wfi: mip.MTIP", csr_read(mip) & 0x80);
    show("wfi: traps", trap_count);
    *MTIMECMP = ~0ull;
    show("mip.MTIP after mtimecmp max", csr_read(mip) & 0x80);
    csr_clear(mie, 1u << 7);

    /* Sstc: stimecmp, delegated to S */
    csr_write(menvcfg, 1ull << 63);
    csr_write(mcounteren, 2);            /* S may read time and use stimecmp */
    csr_write(mideleg, 1u << 5);
    csr_write(stvec, (uint64_t)s_trap_entry);
    show("stimecmp in S", run_in_mode(1, s_timer, 20000));
    show("taken in mode", trap_mode);
    csr_write(menvcfg, 0);
    csr_write(mideleg, 0);
    return 0;
}
