/*
 * Sv39 and Sv48 paging seen from S and U mode: walks through 4 KiB,
 * 2 MiB and 1 GiB leaves, the accessed and dirty bits the walk sets,
 * page faults with their cause and tval (invalid, reserved W-without-R,
 * rights, U pages from S with and without SUM, MXR, misaligned
 * superpages, fetches), and sfence.vma making a changed entry visible.
 */
#include "rt.h"

static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l0[512] __attribute__((aligned(4096)));
static uint64_t top48[512] __attribute__((aligned(4096)));
static uint8_t pages[8][4096] __attribute__((aligned(4096)));

#define VA_BASE 0x40000000ull          /* root[1] -> l1[0] -> l0 */
#define VA(n) (VA_BASE + (n) * 4096ull)

static uint64_t pte(const void *pa, unsigned flags) { return ((uint64_t)pa >> 12) << 10 | flags; }

static uint64_t load(uint64_t va) { return *(volatile uint64_t *)va; }
static uint64_t store(uint64_t va)
{
    *(volatile uint64_t *)va = 0x1234;
    return 0;
}
static uint64_t fetch(uint64_t va) { return ((uint64_t(*)(void))va)(); }

/* One access from S (the trap, if any, is recorded); returns the cause or -1. */
static uint64_t s_access(uint64_t (*fn)(uint64_t), uint64_t va)
{
    trap_reset();
    run_in_mode(1, fn, va);
    return trap_cause;
}

static void try(const char *what, uint64_t (*fn)(uint64_t), uint64_t va)
{
    s_access(fn, va);
    show_trap(what);
}

static uint64_t u_load(uint64_t va) { return load(va); }

int main(void)
{
    csr_write(medeleg, 0);
    /* 0x80000000.. as a 1 GiB leaf for the test's own code and data */
    root[2] = pte((void *)0x80000000, V | R | W | X | A | D | G);
    root[1] = pte(l1, V);
    l1[0] = pte(l0, V);
    l0[0] = pte(pages[0], V | R | W);           /* A and D clear */
    l0[1] = pte(pages[1], V | R | A);           /* read-only */
    l0[2] = 0;                                  /* invalid */
    l0[3] = pte(pages[3], V | X | A);           /* execute-only */
    l0[4] = pte(pages[4], V | R | W | U | A | D);   /* a user page */
    l0[5] = pte(pages[5], V | W | A | D);       /* W without R: reserved */
    l0[6] = pte(pages[6], V | R | X | A);
    l1[1] = pte((void *)0x80001000, V | R | A); /* 2 MiB leaf, misaligned ppn */
    l1[2] = pte((void *)0x80200000, V | R | A); /* 2 MiB leaf, aligned */
    /* pages[6]: li a0, 42; ret */
    ((volatile uint32_t *)pages[6])[0] = 0x02a00513;
    ((volatile uint32_t *)pages[6])[1] = 0x00008067;
    pages[1][0] = 0x5a;

    csr_write(satp, 8ull << 60 | (uint64_t)root >> 12);
    __asm__ volatile("sfence.vma");
    show("satp", csr_read(satp) >> 60);

    try("load rw page", load, VA(0));
    show("pte after load", l0[0] & 0xff);
    try("store rw page", store, VA(0));
    show("pte after store", l0[0] & 0xff);
    check((l0[0] & (A | D)) == (A | D), "A and D set by the walk");
    try("load ro page", load, VA(1));
    try("store ro page", store, VA(1));
    check(trap_cause == 15 && trap_tval == VA(1), "store page fault, tval");
    try("load invalid", load, VA(2) + 8);
    check(trap_cause == 13 && trap_tval == VA(2) + 8, "load page fault, tval");
    try("load x-only", load, VA(3));
    csr_set(mstatus, 1ull << 19);       /* MXR */
    try("load x-only with MXR", load, VA(3));
    csr_clear(mstatus, 1ull << 19);
    try("S load of U page", load, VA(4));
    csr_set(mstatus, 1ull << 18);       /* SUM */
    try("S load of U page with SUM", load, VA(4));
    csr_clear(mstatus, 1ull << 18);
    try("load W-without-R", load, VA(5));
    try("load misaligned superpage", load, VA_BASE + 0x200000);
    try("load aligned superpage", load, VA_BASE + 0x400000 + 0x1238);
    trap_resume = 1;
    try("fetch from rw page", fetch, VA(0));
    try("fetch from x page", fetch, VA(6));
    show("fetch result", run_in_mode(1, fetch, VA(6)));
    /* rewritten through its physical address (M, no translation): the
     * code at VA(6), translated before, must go (li a0, 43) */
    ((volatile uint32_t *)pages[6])[0] = 0x02b00513;
    __asm__ volatile("fence.i");
    show("fetch after rewrite", run_in_mode(1, fetch, VA(6)));
    /* U runs the test's code: the 1 GiB leaf is a user page meanwhile */
    root[2] |= U;
    __asm__ volatile("sfence.vma");
    trap_reset();
    show("U load of U page", run_in_mode(0, u_load, VA(4) + 16));
    show_trap("  trap");
    trap_reset();
    run_in_mode(0, u_load, VA(1));
    show_trap("U load of S page");
    root[2] &= ~(uint64_t)U;
    __asm__ volatile("sfence.vma");
    try("non-canonical", load, 0x0000008000000000ull);

    /* sfence.vma makes a changed entry visible */
    show("before", run_in_mode(1, load, VA(1)));
    l0[1] = pte(pages[7], V | R | A);
    pages[7][0] = 0x77;
    __asm__ volatile("sfence.vma");
    show("after sfence", run_in_mode(1, load, VA(1)));

    /* Sv48: one more level on top */
    top48[0] = pte(root, V);
    csr_write(satp, 9ull << 60 | (uint64_t)top48 >> 12);
    __asm__ volatile("sfence.vma");
    show("satp sv48", csr_read(satp) >> 60);
    show("sv48 load", run_in_mode(1, load, VA(1)));
    try("sv48 store ro", store, VA(1));
    csr_write(satp, 0);
    return 0;
}
