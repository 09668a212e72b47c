/*
 * Store slots and code (run with -smp 2): one store instruction (one
 * guest pc, so one slot of the JIT's per-site store cache in front of the
 * TLB, docs/design-notes.md) writes a function into a page, twice per word
 * so that the second write fills the slot; the function is run (its page
 * becomes code), then the same instruction rewrites it and it runs again.
 * The second run must see the new code: the store must not slip through a
 * slot filled before the page became code. Once on hart 0 alone, once with
 * hart 1 storing and hart 0 running, and once through a virtual address
 * in S (the slot of S's mmu index, the page mapped by a page table).
 * An AMO (a helper in C, with its own shortcut through the TLB) that
 * rewrites code must drop it too. Then in S the same store through a
 * virtual page that is remapped
 * (sfence.vma by address, then of everything): each store must land in
 * the page mapped when it runs.
 */
#include "rt.h"

#define LI_A0(n) (0x00000513u | (uint32_t)(n) << 20)   /* addi a0, zero, n */
#define RET 0x00008067u                                 /* jalr zero, 0(ra) */
#define VA 0x40040000ull
#define VA2 0x40041000ull

static uint32_t code_m[1024] __attribute__((aligned(4096)));
static uint32_t code_x[1024] __attribute__((aligned(4096)));
static uint32_t code_s[1024] __attribute__((aligned(4096)));
static uint32_t code_a[1024] __attribute__((aligned(4096)));
static uint64_t root[512] __attribute__((aligned(4096)));
static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l0[512] __attribute__((aligned(4096)));
static uint32_t data_a[1024] __attribute__((aligned(4096)));
static uint32_t data_b[1024] __attribute__((aligned(4096)));
static volatile uint64_t step;

/* The store under test: one instruction. */
static void __attribute__((noinline)) st32(uint64_t p, uint32_t v)
{
    __asm__ volatile("sw %1, 0(%0)" ::"r"(p), "r"(v) : "memory");
}

/* li a0, n; ret at p, each word stored twice (the TLB, then the slot). */
static void write_fn(uint64_t p, unsigned n)
{
    st32(p, LI_A0(n));
    st32(p, LI_A0(n));
    st32(p + 4, RET);
    st32(p + 4, RET);
}

static uint64_t run_fn(uint64_t p)
{
    __asm__ volatile("fence.i" ::: "memory");
    return ((uint64_t (*)(void))p)();
}

static void wait_step(uint64_t s)
{
    while (__atomic_load_n(&step, __ATOMIC_ACQUIRE) != s)
        ;
}

static void set_step(uint64_t s) { __atomic_store_n(&step, s, __ATOMIC_RELEASE); }

/* Hart 1: writes code_x, which hart 0 runs in between. */
static void secondary(uint64_t hart)
{
    write_fn((uint64_t)code_x, 1);
    set_step(1);
    wait_step(2);
    st32((uint64_t)code_x, LI_A0(2));
    set_step(3);
}

static uint64_t pte(uint64_t pa, unsigned flags) { return (pa >> 12) << 10 | flags; }

/* In S, through VA2: mapped to data_a, then data_b, then data_a again. */
static uint64_t s_remap(uint64_t arg)
{
    st32(VA2, 0x11);
    st32(VA2, 0x11);
    l0[65] = pte((uint64_t)data_b, V | R | W | A | D);
    __asm__ volatile("sfence.vma %0" ::"r"(VA2) : "memory");
    st32(VA2, 0x22);
    st32(VA2, 0x22);
    l0[65] = pte((uint64_t)data_a, V | R | W | A | D);
    __asm__ volatile("sfence.vma" ::: "memory");
    st32(VA2 + 4, 0x33);
    return 0;
}

/* In S, through VA: write, run, rewrite one word, run. */
static uint64_t s_part(uint64_t arg)
{
    write_fn(VA, 5);
    uint64_t a = run_fn(VA);
    st32(VA, LI_A0(6));
    return a << 8 | run_fn(VA);
}


int main(void)
{
    /* one hart */
    write_fn((uint64_t)code_m, 3);
    uint64_t a = run_fn((uint64_t)code_m);
    st32((uint64_t)code_m, LI_A0(4));
    uint64_t b = run_fn((uint64_t)code_m);
    show("one hart, first run", a);
    show("one hart, after the rewrite", b);
    check(a == 3 && b == 4, "a store after the page became code drops its translation");

    /* an AMO */
    write_fn((uint64_t)code_a, 7);
    a = run_fn((uint64_t)code_a);
    uint32_t old;
    __asm__ volatile("amoswap.w %0, %2, (%1)" : "=r"(old) : "r"(code_a), "r"(LI_A0(8)) : "memory");
    b = run_fn((uint64_t)code_a);
    show("amoswap: first run", a);
    show("amoswap: after the swap", b);
    show("amoswap: old word", old);
    check(a == 7 && b == 8 && old == LI_A0(7), "an AMO on code drops its translation");

    /* two harts */
    secondary_entry = secondary;
    __asm__ volatile("fence rw, rw" ::: "memory");
    *(volatile uint32_t *)0x2000004 = 1;   /* msip of hart 1 */
    wait_step(1);
    a = run_fn((uint64_t)code_x);
    set_step(2);
    wait_step(3);
    b = run_fn((uint64_t)code_x);
    show("two harts, first run", a);
    show("two harts, after hart 1's rewrite", b);
    check(a == 1 && b == 2, "another hart's store after the page became code drops its translation");

    /* S, through a page table: VA -> code_s */
    root[1] = pte((uint64_t)l1, V);
    l1[0] = pte((uint64_t)l0, V);
    l0[64] = pte((uint64_t)code_s, V | R | W | X | A | D);
    root[2] = pte(0x80000000, V | R | W | X | A | D | G);   /* the test itself */
    csr_write(satp, 8ull << 60 | (uint64_t)root >> 12);
    __asm__ volatile("sfence.vma" ::: "memory");
    uint64_t s = run_in_mode(1, s_part, 0);
    show("S, first run and after the rewrite", s);
    check(s == (5 << 8 | 6), "a store in S after the page became code drops its translation");

    l0[65] = pte((uint64_t)data_a, V | R | W | A | D);
    __asm__ volatile("sfence.vma" ::: "memory");
    run_in_mode(1, s_remap, 0);
    csr_write(satp, 0);
    show("remapped: page a", data_a[0]);
    show("remapped: page b", data_b[0]);
    show("remapped again: page a", data_a[1]);
    show("remapped again: page b", data_b[1]);
    check(data_a[0] == 0x11 && data_b[0] == 0x22 && data_a[1] == 0x33 && data_b[1] == 0,
          "a store lands in the page mapped when it runs");
    return 0;
}
