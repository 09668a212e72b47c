/*
 * SMP: four harts (run with -smp 4) sharing counters through AMOs and
 * LR/SC loops, a ticket dispenser, IPIs through the CLINT's msip (a
 * ping-pong between harts 0 and 1, each waiting in wfi), and every
 * secondary hart waiting in wfi for its own mtimecmp; hart 0 spins with
 * pause (Zihintpause, a hint: peek yields the host thread there). The printed totals
 * are the same whatever the interleaving; with -DSIGNATURE it also prints
 * which tickets each hart drew, which depends on the interleaving and is
 * the same on every run only when the harts' order is deterministic
 * (-accel tcg,thread=single with -icount).
 */
#include "rt.h"

#define NHARTS 4
#define ITERS 100000
#define PINGS 100
#define MSIP ((volatile uint32_t *)0x2000000)
#define MTIMECMP ((volatile uint64_t *)0x2004000)
#define MTIME (*(volatile uint64_t *)0x200bff8)

static volatile uint64_t amo_count, lrsc_count, ticket, ready, done, timers_woken, ping, pong;
static volatile uint64_t ticket_sum[NHARTS], ticket_sig[NHARTS];

static void lrsc_increment(volatile uint64_t *p)
{
    uint64_t v, fail;
    __asm__ volatile("1: lr.d %0, (%2)\n"
                     "   addi %0, %0, 1\n"
                     "   sc.d %1, %0, (%2)\n"
                     "   bnez %1, 1b"
                     : "=&r"(v), "=&r"(fail)
                     : "r"(p)
                     : "memory");
}

/* wfi until this hart's msip is raised (enabled in mie, not globally:
 * wfi wakes, nothing traps), then lower it. */
static void wait_ipi(uint64_t hart)
{
    while (!(csr_read(mip) & 8))
        __asm__ volatile("wfi");
    MSIP[hart] = 0;
}

/* Zihintpause's pause (fence w,0), as Linux's cpu_relax has it */
static void cpu_relax(void) { __asm__ volatile(".4byte 0x0100000f" ::: "memory"); }

static void send_ipi(uint64_t hart)
{
    __asm__ volatile("fence rw, rw" ::: "memory");
    MSIP[hart] = 1;
}

static void count(uint64_t hart)
{
    uint64_t sum = 0, sig = 0;
    for (int i = 0; i < ITERS; i++) {
        __atomic_fetch_add(&amo_count, 1, __ATOMIC_RELAXED);
        lrsc_increment(&lrsc_count);
        uint64_t t = __atomic_fetch_add(&ticket, 1, __ATOMIC_RELAXED);
        sum += t;
        sig = sig * 31 + t;
    }
    ticket_sum[hart] = sum;
    ticket_sig[hart] = sig;
}

static void secondary(uint64_t hart)
{
    csr_set(mie, 8);
    __atomic_fetch_add(&ready, 1, __ATOMIC_RELAXED);
    count(hart);
    if (hart == 1)
        for (uint64_t r = 1; r <= PINGS; r++) {
            wait_ipi(1);
            if (ping == r)
                pong = r;
            send_ipi(0);
        }
    /* a timer of its own, waited for in wfi */
    MTIMECMP[hart] = MTIME + 1000 * hart;
    csr_set(mie, 0x80);
    while (!(csr_read(mip) & 0x80))
        __asm__ volatile("wfi");
    if (MTIME >= MTIMECMP[hart])
        __atomic_fetch_add(&timers_woken, 1, __ATOMIC_RELAXED);
    MTIMECMP[hart] = ~0ull;
    csr_clear(mie, 0x80);
    __atomic_fetch_add(&done, 1, __ATOMIC_RELEASE);
}

int main(void)
{
    csr_set(mie, 8);
    secondary_entry = secondary;
    for (uint64_t h = 1; h < NHARTS; h++)
        send_ipi(h);
    while (ready < NHARTS - 1)
        cpu_relax();
    count(0);
    uint64_t pongs = 0;
    for (uint64_t r = 1; r <= PINGS; r++) {
        ping = r;
        send_ipi(1);
        wait_ipi(0);
        pongs += pong == r;
    }
    while (__atomic_load_n(&done, __ATOMIC_ACQUIRE) < NHARTS - 1)
        cpu_relax();
    uint64_t n = (uint64_t)NHARTS * ITERS, sum = 0;
    for (int h = 0; h < NHARTS; h++)
        sum += ticket_sum[h];
    show("amo count", amo_count);
    show("lr/sc count", lrsc_count);
    show("tickets drawn", ticket);
    show("ticket sum right", sum == n * (n - 1) / 2);
    show("ping-pongs answered", pongs);
    show("secondary timers woken", timers_woken);
    check(amo_count == n && lrsc_count == n && ticket == n, "every increment counted once");
    check(sum == n * (n - 1) / 2, "every ticket drawn once");
    check(pongs == PINGS && timers_woken == NHARTS - 1, "IPIs and timers woke the harts");
#ifdef SIGNATURE
    for (int h = 0; h < NHARTS; h++)
        show("ticket signature", ticket_sig[h]);
#endif
    return 0;
}
