/*
 * Bare-metal, under qemu-system-riscv64 -M virt -bios none: makes the
 * accesses of replay-ops.h in M mode with interrupts off (a wait repeats
 * its read until it gives the value or 10^8 times), records each
 * read value and mip afterwards, then prints one "VALUE MIP" line per
 * access in hex on the UART (put back to plain output first) and powers
 * off through the test finisher.
 */
#include "replay-ops.h"

uint8_t replay_stack[8192] __attribute__((aligned(16)));
static uint64_t vals[REPLAY_N], mips[REPLAY_N];

static uint64_t access(const ReplayOp *op)
{
    volatile void *p = (volatile void *)(uintptr_t)op->addr;
    if (op->kind == REPLAY_WAIT) {
        uint64_t v = 0;
        for (unsigned long n = 0; n < 100000000 && v != op->val; n++)
            v = op->size == 2 ? *(volatile uint16_t *)p : *(volatile uint32_t *)p;
        return v;
    }
    if (op->kind == REPLAY_WRITE || op->kind == REPLAY_NOTIFY) {
        switch (op->size) {
        case 1: *(volatile uint8_t *)p = (uint8_t)op->val; break;
        case 2: *(volatile uint16_t *)p = (uint16_t)op->val; break;
        case 4: *(volatile uint32_t *)p = (uint32_t)op->val; break;
        default: *(volatile uint64_t *)p = op->val; break;
        }
        return 0;
    }
    switch (op->size) {
    case 1: return *(volatile uint8_t *)p;
    case 2: return *(volatile uint16_t *)p;
    case 4: return *(volatile uint32_t *)p;
    default: return *(volatile uint64_t *)p;
    }
}

static void putc_uart(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)0x10000000;
    while (!(u[5] & 0x20))
        ;
    u[0] = (uint8_t)c;
}

static void put_hex(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        putc_uart("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

void replay_main(void)
{
    volatile uint8_t *u = (volatile uint8_t *)0x10000000;
    for (unsigned i = 0; i < REPLAY_N; i++) {
        uint64_t mip;
        vals[i] = access(&replay_ops[i]);
        __asm__ volatile("csrr %0, mip" : "=r"(mip));
        mips[i] = mip & REPLAY_MIP_MASK;
    }
    u[1] = 0;
    u[4] = 0;
    u[3] = 3;
    for (unsigned i = 0; i < REPLAY_N; i++) {
        put_hex(vals[i], 16);
        putc_uart(' ');
        put_hex(mips[i], 3);
        putc_uart('\n');
    }
    *(volatile uint32_t *)0x100000 = 0x5555;
}
