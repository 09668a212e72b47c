/*
 * -icount: time follows the instructions run. Spins reading the time csr
 * until 1000 ticks (100 us at 10 MHz) have passed, and waits for a timer
 * interrupt 2000 ticks away, counting loop iterations: with -icount the
 * counts are the same on every run, and halve when each instruction takes
 * twice the time (shift + 1). Not compared with QEMU, whose icount
 * counts differently.
 */
#include "rt.h"

#define MTIMECMP ((volatile uint64_t *)0x2004000)
#define MTIME ((volatile uint64_t *)0x200bff8)

int main(void)
{
    uint64_t t0 = csr_read(time), spins = 0;
    while (csr_read(time) < t0 + 1000)
        spins++;
    show("spins", spins);
    trap_reset();
    uint64_t waits = 0;
    *MTIMECMP = *MTIME + 2000;
    csr_set(mie, 1u << 7);
    csr_set(mstatus, 8);
    while (trap_count == 0)
        waits++;
    csr_clear(mstatus, 8);
    show("waits", waits);
    show_trap("mtimer");
    return 0;
}
