/*
 * Physical memory protection (priv spec 1.12, 3.7) on QEMU's virt CPU:
 * NAPOT, NA4 and TOR entries from S and U mode (loads, stores, fetches:
 * access faults 5, 7 and 1 with the address in tval), an access that
 * straddles an entry's edge, the lowest-numbered entry deciding, no
 * entry matching (S and U fail), M-mode passing unlocked entries but
 * not locked ones, MPRV checking as the privilege in MPP, the page table
 * walk's reads checked as S-mode reads, and locked entries ignoring
 * writes (and locking the address below a TOR entry).
 *
 * Entry 15 gives S and U all of RAM (NAPOT, 128 MiB at 0x80000000), so
 * the test's own code and stack stay usable; the entries below it cut
 * into pages of the test's own.
 */
#include "rt.h"

enum { PR = 1, PW = 2, PX = 4, TOR = 1 << 3, NA4 = 2 << 3, NAPOT = 3 << 3, L = 0x80 };
static uint8_t page_a[4096] __attribute__((aligned(4096)));   /* entry 0: R */
static uint8_t page_b[4096] __attribute__((aligned(4096)));   /* entry 1: NA4 at +0x104, nothing */
static uint8_t page_c[4096] __attribute__((aligned(4096)));   /* entries 2-3: TOR, X only */
static uint8_t page_d[4096] __attribute__((aligned(4096)));   /* entry 6: locked, R */
static uint8_t page_e[4096] __attribute__((aligned(4096)));   /* entry 4: nothing */
static uint64_t root[512] __attribute__((aligned(4096)));     /* entry 5: nothing, later */
static uint64_t pmpcfg0, pmpcfg2;

static uint64_t napot_page(const void *p) { return (uint64_t)p >> 2 | 0x1ff; }

static void set_cfg(unsigned i, uint64_t cfg)
{
    uint64_t *reg = i < 8 ? &pmpcfg0 : &pmpcfg2;
    unsigned sh = 8 * (i % 8);
    *reg = (*reg & ~(0xffull << sh)) | cfg << sh;
    if (i < 8)
        csr_write(pmpcfg0, *reg);
    else
        csr_write(pmpcfg2, *reg);
}

static uint64_t load64(uint64_t a) { return *(volatile uint64_t *)a; }
static uint64_t load32(uint64_t a) { return *(volatile uint32_t *)a; }
static uint64_t store32(uint64_t a)
{
    *(volatile uint32_t *)a = 0x5a5a5a5a;
    return 0;
}
static uint64_t call(uint64_t a) { return ((uint64_t(*)(void))a)(); }

/* fn(a) in mode (1 S, 0 U): prints the trap it took (cause ~0: none) and
 * returns its cause. */
static uint64_t try(const char *what, int mode, uint64_t (*fn)(uint64_t), uint64_t a)
{
    trap_reset();
    trap_resume = 1;            /* a fault returns from fn */
    uint64_t v = run_in_mode(mode, fn, a);
    trap_resume = 0;
    show_trap(what);
    if (trap_cause == ~0ull)
        show("  value", v);
    return trap_cause;
}

/* A load in M with MPRV set and MPP = S: translated and checked as S. */
static uint64_t mprv_load(uint64_t a)
{
    uint64_t v, bits = 1ull << 17 | 1ull << 11;     /* MPRV, MPP = S */
    trap_reset();
    __asm__ volatile("csrs mstatus, %1\n"
                     "ld %0, 0(%2)\n"
                     "csrc mstatus, %1"
                     : "=&r"(v)
                     : "r"(bits), "r"(a)
                     : "memory");
    return v;
}

int main(void)
{
    csr_write(medeleg, 0);
    csr_write(pmpcfg0, 0);
    csr_write(pmpaddr15, (0x80000000ull >> 2) | ((128ull << 20) / 8 - 1));
    set_cfg(15, NAPOT | PR | PW | PX);
    csr_write(pmpaddr0, napot_page(page_a));
    set_cfg(0, NAPOT | PR);
    csr_write(pmpaddr1, ((uint64_t)page_b + 0x104) >> 2);
    set_cfg(1, NA4);
    csr_write(pmpaddr2, (uint64_t)page_c >> 2);
    csr_write(pmpaddr3, ((uint64_t)page_c + 4096) >> 2);
    set_cfg(3, TOR | PX);
    csr_write(pmpaddr4, napot_page(page_e));
    set_cfg(4, NAPOT);
    show("pmpcfg0", csr_read(pmpcfg0));
    show("pmpcfg2", csr_read(pmpcfg2));
    show("pmpaddr1", csr_read(pmpaddr1) - ((uint64_t)page_b >> 2));

    page_a[8] = 0x11;
    check(try("S load, R page", 1, load64, (uint64_t)page_a + 8) == ~0ull, "R entry lets S read");
    check(try("S store, R page", 1, store32, (uint64_t)page_a + 16) == 7, "R entry stops S writes");
    check(try("U load, R page", 0, load64, (uint64_t)page_a + 8) == ~0ull, "R entry lets U read");
    check(try("S fetch, R page", 1, call, (uint64_t)page_a) == 1, "no X: instruction access fault");
    check(trap_tval == (uint64_t)page_a, "fetch fault tval");

    page_b[0x100] = 0x22;
    check(try("S load beside NA4", 1, load32, (uint64_t)page_b + 0x100) == ~0ull, "entry 15 below the NA4");
    check(try("S load in NA4", 1, load32, (uint64_t)page_b + 0x104) == 5, "NA4 without R");
    check(trap_tval == (uint64_t)page_b + 0x104, "load fault tval");
    check(try("S store in NA4", 1, store32, (uint64_t)page_b + 0x104) == 7, "NA4 without W");
    check(try("S store beside NA4", 1, store32, (uint64_t)page_b + 0x108) == ~0ull, "entry 15 above the NA4");
    check(try("S load across NA4", 1, load64, (uint64_t)page_b + 0x100) == 5, "straddling an edge fails");
    show("M load in NA4", load32((uint64_t)page_b + 0x104));

    /* li a0, 42; ret */
    uint32_t code[2] = { 0x02a00513, 0x00008067 };
    for (int i = 0; i < 8; i++)
        page_c[i] = ((uint8_t *)code)[i];
    __asm__ volatile("fence.i");
    check(try("S fetch, TOR X", 1, call, (uint64_t)page_c) == ~0ull, "TOR X lets S run code");
    check(try("S load, TOR X", 1, load32, (uint64_t)page_c) == 5, "TOR X only: no reads");
    check(try("U store, TOR X", 0, store32, (uint64_t)page_c + 64) == 7, "TOR X only: no writes");

    check(try("S load, no match", 1, load32, 0x10000005) == 5, "no entry matches: S fails");
    show("M load, no match (UART LSR)", *(volatile uint8_t *)0x10000005 & 0x60);

    page_e[0] = 0x33;
    show("M load, unlocked no-rights entry", page_e[0]);
    mprv_load((uint64_t)page_e);
    show_trap("MPRV load as S");
    check(trap_cause == 5, "MPRV: checked as MPP");

    /* the walk's reads: Sv39, one 1 GiB leaf for RAM */
    root[2] = (0x80000000ull >> 12) << 10 | V | R | W | X | A | D;
    csr_write(satp, 8ull << 60 | (uint64_t)root >> 12);
    __asm__ volatile("sfence.vma");
    page_e[8] = 0x44;
    csr_write(pmpaddr4, 0);
    set_cfg(4, 0);
    show("MPRV load through the table", mprv_load((uint64_t)page_e + 8));
    show("  traps", trap_count);
    csr_write(pmpaddr5, napot_page(root));
    set_cfg(5, NAPOT);
    mprv_load((uint64_t)page_e + 8);
    show_trap("MPRV load, table not readable");
    check(trap_cause == 5, "a walk PMP denies is an access fault");
    set_cfg(5, 0);
    csr_write(satp, 0);
    __asm__ volatile("sfence.vma");

    /* locked: M too; the entry's csrs and the TOR base below it freeze */
    page_d[0] = 0x55;
    csr_write(pmpaddr6, napot_page(page_d));
    set_cfg(6, L | NAPOT | PR);
    show("M load, locked R", page_d[0]);
    trap_reset();
    *(volatile uint8_t *)page_d = 1;
    show_trap("M store, locked R");
    check(trap_cause == 7, "L applies to M");
    set_cfg(6, NAPOT | PR | PW);
    csr_write(pmpaddr6, 0);
    show("pmpcfg0 after writing a locked byte", csr_read(pmpcfg0));
    show("pmpaddr6 after a write", csr_read(pmpaddr6) == napot_page(page_d));
    csr_write(pmpaddr8, 0x3000 >> 2);
    csr_write(pmpaddr9, 0x4000 >> 2);
    set_cfg(9, L | TOR | PR | PW | PX);
    csr_write(pmpaddr8, 0x2000 >> 2);
    show("pmpaddr8 below a locked TOR", csr_read(pmpaddr8) << 2);
    check(csr_read(pmpaddr8) == 0x3000 >> 2, "a locked TOR entry locks its base");
    return 0;
}
