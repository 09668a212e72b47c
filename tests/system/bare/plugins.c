/*
 * The program of system-check's plugin tests: a run whose every count is
 * the same on every run and worked out here by hand. It reaches six of
 * the board's devices, takes five exceptions and two interrupts, and
 * waits for an interrupt once. Nothing in it depends on time: the one
 * wait is for a timer set far enough ahead that it has not fired before
 * the wfi, and no loop polls a clock.
 *
 * Device accesses besides the UART's (each byte printed is one read of
 * LSR and one write of THR) and the test device's final write:
 *   PLIC (riscv.sifive.plic)     3 writes, 3 reads
 *   CLINT msip (riscv.aclint.swi)      2 writes (set, clear), 1 read
 *   CLINT mtimer (riscv.aclint.mtimer) 1 read of mtime, 1 write of
 *                                mtimecmp, then 1 write (its maximum) after
 *                                the interrupt: 1 read and 2 writes
 *   goldfish RTC (goldfish_rtc)  2 reads (TIME_LOW, TIME_HIGH)
 *   virtio-mmio slots            8 reads (each slot's magic value)
 * Traps (the traps plugin): exceptions ecall, ecall, ecall, an illegal
 * instruction, ebreak = 5; interrupts: the software interrupt, the
 * timer's = 2. One wfi idles (bb idle=on: one "Idling" line).
 */
#include "rt.h"

#define PLIC ((volatile uint32_t *)0x0c000000ul)
#define MSIP ((volatile uint32_t *)0x02000000ul)
#define MTIMECMP ((volatile uint64_t *)0x02004000ul)
#define MTIME ((volatile uint64_t *)0x0200bff8ul)
#define RTC ((volatile uint32_t *)0x00101000ul)
#define VIRTIO(n) ((volatile uint32_t *)(0x10001000ul + 0x1000ul * (n)))

int main(void)
{
    /* PLIC: the UART's priority, its enable for hart 0's M context, the
     * threshold, each written then read back */
    PLIC[10] = 3;
    PLIC[0x2000 / 4] = 1u << 10;
    PLIC[0x200000 / 4] = 1;
    show("plic", PLIC[10] + PLIC[0x2000 / 4] + PLIC[0x200000 / 4]);

    /* virtio-mmio: every slot's magic ("virt") */
    uint32_t magic = 0;
    for (int n = 0; n < 8; n++)
        magic |= VIRTIO(n)[0] ^ 0x74726976;
    show("virtio magic differs", magic);

    /* the RTC: read, not printed (the host's time) */
    uint32_t lo = RTC[0];
    uint32_t hi = RTC[1];
    check(lo | hi, "the RTC counts");

    /* five exceptions, each skipped by the handler */
    trap_reset();
    __asm__ volatile("ecall");
    __asm__ volatile("ecall");
    __asm__ volatile("ecall");
    __asm__ volatile(".word 0xffffffff");
    __asm__ volatile("ebreak");
    show("exceptions", trap_count);

    /* a software interrupt: pending first, taken once enabled */
    trap_reset();
    *MSIP = 1;
    show("msip", *MSIP);
    csr_set(mie, 1u << 3);
    csr_set(mstatus, 1u << 3);
    csr_clear(mstatus, 1u << 3);
    *MSIP = 0;
    show("software interrupt cause", trap_cause);

    /* a wait for the timer, 100 ms ahead at 10 MHz: far more than the
     * few instructions to the wfi take, unless the host leaves the
     * thread out that long (then the wfi does not wait, and bb's idle
     * line is missing, nothing else). The wfi waits with interrupts off
     * globally (it ends on a pending enabled one); the interrupt is taken
     * once they are on. */
    trap_reset();
    csr_set(mie, 1u << 7);
    *MTIMECMP = *MTIME + 1000000;
    __asm__ volatile("wfi");
    csr_set(mstatus, 1u << 3);
    csr_clear(mstatus, 1u << 3);
    *MTIMECMP = ~0ull;
    show("timer interrupt cause", trap_cause);
    return 0;
}
