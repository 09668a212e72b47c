/* The bare-metal tests' runtime (see rt.h). */
#include "rt.h"

#define UART 0x10000000ul
#define TEST_DEV 0x100000ul

static int failures;
volatile uint64_t trap_cause, trap_tval, trap_pc, trap_mode, trap_count, trap_resume;

void puts_(const char *s)
{
    volatile uint8_t *u = (volatile uint8_t *)UART;
    for (; *s; s++) {
        while (!(u[5] & 0x20))
            ;
        u[0] = (uint8_t)*s;
    }
}

void put_hex(uint64_t v)
{
    char b[19] = "0x";
    for (int i = 0; i < 16; i++)
        b[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    b[18] = 0;
    puts_(b);
}

void show(const char *name, uint64_t v)
{
    puts_(name);
    puts_(" = ");
    put_hex(v);
    puts_("\n");
}

void check(int ok, const char *what)
{
    if (!ok) {
        puts_("spec check failed: ");
        puts_(what);
        puts_("\n");
        failures++;
    }
}

void test_exit(void)
{
    volatile uint32_t *t = (volatile uint32_t *)TEST_DEV;
    *t = failures ? (uint32_t)failures << 16 | 0x3333 : 0x5555;
    for (;;)
        ;
}

void trap_reset(void) { trap_cause = trap_tval = trap_pc = trap_mode = trap_count = 0, trap_cause = ~0ull; }

void show_trap(const char *what)
{
    puts_(what);
    puts_(": cause ");
    put_hex(trap_cause);
    puts_(" tval ");
    put_hex(trap_tval);
    puts_("\n");
}

void mode_return(void);

/* frame[0] pc, frame[i] = x[i] */
void trap_handler(uint64_t *frame, uint64_t mode)
{
    uint64_t cause = mode == 3 ? csr_read(mcause) : csr_read(scause);
    uint64_t tval = mode == 3 ? csr_read(mtval) : csr_read(stval);
    if (mode == 3 && (cause == 8 || cause == 9) && frame[17] == 0x5e7) {
        /* run_in_mode's callee returned (sys_return): to mode_return in
         * M, a0 (its value) as it is */
        frame[0] = (uint64_t)mode_return;
        csr_set(mstatus, 3ull << 11);
        return;
    }
    trap_cause = cause;
    trap_tval = tval;
    trap_pc = frame[0];
    trap_mode = mode;
    trap_count++;
    if (cause >> 63) {
        /* interrupts return to where they hit, that one disabled */
        if (mode == 3)
            csr_clear(mie, 1ull << (cause & 63));
        else
            csr_clear(sie, 1ull << (cause & 63));
        return;
    }
    if (trap_resume) {
        /* 1: return from the function the trapping code was called as */
        frame[0] = trap_resume == 1 ? frame[1] : trap_resume;
        trap_resume = 0;
        return;
    }
    uint16_t lo = *(volatile uint16_t *)frame[0];
    frame[0] += (lo & 3) == 3 ? 4 : 2;
}
