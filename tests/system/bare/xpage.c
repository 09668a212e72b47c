/*
 * Jumps between pages under paging, where translated code must follow the
 * mapping of the moment: a direct jump (jal) and an indirect one (jalr)
 * into a page that is then mapped elsewhere (sfence.vma, global and by
 * address), the same virtual address under two satps with their own
 * ASIDs, code rewritten behind a cross-page jump (through its physical
 * address in M, and by a store through another mapping in S), a block
 * that runs on from one page into the next whose mapping changes, and a
 * function reached by jalr once with floating point on and once with it
 * off (the block flags differ, the address and mapping do not), also
 * where one csr write changes the flags and, before, did not. Each is
 * run three times, so that the second and third runs take whatever
 * shortcut the emulator made on the first.
 */
#include "rt.h"

static uint64_t root_a[512] __attribute__((aligned(4096)));
static uint64_t root_b[512] __attribute__((aligned(4096)));
static uint64_t l1_a[512] __attribute__((aligned(4096)));
static uint64_t l1_b[512] __attribute__((aligned(4096)));
static uint64_t l0_a[512] __attribute__((aligned(4096)));
static uint64_t l0_b[512] __attribute__((aligned(4096)));
/* physical code pages */
static uint32_t code[8][1024] __attribute__((aligned(4096)));

#define VA_BASE 0x40000000ull          /* root[1] -> l1[0] -> l0 */
#define VA(n) (VA_BASE + (n) * 4096ull)

enum { LI_A0 = 0x00000513, ADDI_A0 = 0x00050513, RET = 0x00008067,
       AUIPC_T0_1 = 0x00001297, JALR_T0_16 = 0x01028067 };

static uint32_t li_a0(int v) { return LI_A0 | (uint32_t)v << 20; }
static uint32_t addi_a0(int v) { return ADDI_A0 | (uint32_t)v << 20; }
/* jal x0, off */
static uint32_t jal(uint32_t off)
{
    return ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20 |
           ((off >> 12) & 0xff) << 12 | 0x6f;
}

static uint64_t pte(const void *pa, unsigned flags) { return ((uint64_t)pa >> 12) << 10 | flags; }

static uint64_t fetch(uint64_t va) { return ((uint64_t(*)(void))va)(); }

static void sfence_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }
static void sfence_va(uint64_t va) { __asm__ volatile("sfence.vma %0" ::"r"(va) : "memory"); }

/* In S, three runs of the code at va: their results as 0xRRSSTT. */
static uint64_t s_three(uint64_t va)
{
    uint64_t r = 0;
    for (int i = 0; i < 3; i++)
        r = r << 8 | (fetch(va) & 0xff);
    return r;
}

static uint64_t three(uint64_t va) { return run_in_mode(1, s_three, va); }

static void expect(const char *what, uint64_t va, uint64_t v)
{
    uint64_t r = three(va);
    show(what, r);
    check(r == (v << 16 | v << 8 | v), what);
}

static uint64_t satp_a, satp_b;

/* In S: VA(0) (jal to VA(1)), VA(1) mapped elsewhere (sfence.vma by
 * address), VA(0) again, mapped back (sfence.vma of everything), again. */
static uint64_t s_remap(uint64_t unused)
{
    uint64_t r = fetch(VA(0)) << 16;
    l0_a[1] = pte(code[2], V | R | X | A);
    sfence_va(VA(1));
    r |= fetch(VA(0)) << 8;
    l0_a[1] = pte(code[1], V | R | X | A);
    sfence_all();
    return r | fetch(VA(0));
}

/* In S: VA(0) under satp a, b, a (their own ASIDs: no fence needed). */
static uint64_t s_satp(uint64_t unused)
{
    uint64_t r = fetch(VA(0)) << 16;
    csr_write(satp, satp_b);
    r |= fetch(VA(0)) << 8;
    csr_write(satp, satp_a);
    return r | fetch(VA(0));
}

/* In S: rewrite the li at VA(1) + 16 through VA(5), a data mapping of the
 * same page, then run VA(0), which jumps there. */
static uint64_t s_smc(uint64_t val)
{
    *(volatile uint32_t *)(VA(5) + 16) = li_a0((int)val);
    __asm__ volatile("fence.i" ::: "memory");
    return fetch(VA(0));
}

/* fmv.d.x and back: illegal with mstatus.FS off. */
static uint64_t __attribute__((noinline)) fp_id(uint64_t x)
{
    double d;
    uint64_t r;
    __asm__ volatile("fmv.d.x %0, %1" : "=f"(d) : "r"(x));
    __asm__ volatile("fmv.x.d %0, %1" : "=r"(r) : "f"(d));
    return r;
}

/* In S: fp_id with FS on, then off (from S itself, so nothing flushes
 * in between): the second call traps (and returns arg, see trap_resume). */
static uint64_t s_fs_toggle(uint64_t arg)
{
    uint64_t (*volatile f)(uint64_t) = fp_id;
    uint64_t a = f(arg);
    csr_clear(sstatus, 3ull << 13);
    trap_resume = 1;
    uint64_t b = f(arg + 1);
    csr_set(sstatus, 1ull << 13);
    return a << 8 | b;
}

/* In S: fp_id, then sstatus written with FS = on & 1 (Initial or Off),
 * then fp_id again. The write is the same instruction each time; only
 * its value says whether the block flags change. */
static uint64_t s_fs_write(uint64_t on)
{
    uint64_t (*volatile f)(uint64_t) = fp_id;
    uint64_t a = f(0x50);
    uint64_t v = csr_read(sstatus);
    csr_write(sstatus, (v & ~(3ull << 13)) | (on & 1) << 13);
    uint64_t b = f(0x51);
    csr_set(sstatus, 1ull << 13);
    return a << 8 | b;
}

int main(void)
{
    csr_write(medeleg, 0);
    csr_set(mstatus, 1ull << 13);          /* FS: Initial */

    /* VA(0): jal to VA(1) + 16 */
    code[0][0] = jal(4096 + 16);
    /* VA(1) -> code[1] (li a0, 1) or code[2] (li a0, 2) */
    code[1][4] = li_a0(1), code[1][5] = RET;
    code[2][4] = li_a0(2), code[2][5] = RET;
    /* VA(2): auipc t0, 1; jalr 16(t0): to VA(3) + 16 */
    code[3][0] = AUIPC_T0_1, code[3][1] = JALR_T0_16;
    /* VA(6) + 4088: li a0, 10; addi a0, a0, 0; and on at VA(7) + 0,
     * code[5] (+1) or code[6] (+2) */
    code[4][1022] = li_a0(10), code[4][1023] = addi_a0(0);
    code[5][0] = addi_a0(1), code[5][1] = RET;
    code[6][0] = addi_a0(2), code[6][1] = RET;
    __asm__ volatile("fence.i" ::: "memory");

    for (int k = 0; k < 2; k++) {
        uint64_t *root = k ? root_b : root_a, *l1 = k ? l1_b : l1_a, *l0 = k ? l0_b : l0_a;
        root[2] = pte((void *)0x80000000, V | R | W | X | A | D | G);   /* the test itself */
        root[1] = pte(l1, V);
        l1[0] = pte(l0, V);
        l0[0] = pte(code[0], V | R | X | A);
        l0[1] = pte(code[k ? 2 : 1], V | R | X | A);
        l0[2] = pte(code[3], V | R | X | A);
        l0[3] = pte(code[1], V | R | X | A);
        l0[5] = pte(code[1], V | R | W | A | D);
        l0[6] = pte(code[4], V | R | X | A);
        l0[7] = pte(code[5], V | R | X | A);
    }
    satp_a = 8ull << 60 | 1ull << 44 | (uint64_t)root_a >> 12;
    satp_b = 8ull << 60 | 2ull << 44 | (uint64_t)root_b >> 12;
    csr_write(satp, satp_a);
    sfence_all();
    uint64_t r;

    /* a direct jump into another page, which is then mapped elsewhere */
    expect("jal to page", VA(0), 1);
    l0_a[1] = pte(code[2], V | R | X | A);
    sfence_all();
    expect("jal to remapped page", VA(0), 2);
    l0_a[1] = pte(code[1], V | R | X | A);
    sfence_va(VA(1));
    expect("jal to page mapped back (sfence by address)", VA(0), 1);

    /* the same, all in S */
    r = run_in_mode(1, s_remap, 0);
    show("remapped in S", r);
    check(r == 0x010201, "remapped in S");

    /* an indirect one */
    expect("jalr to page", VA(2), 1);
    l0_a[3] = pte(code[2], V | R | X | A);
    sfence_va(VA(3));
    expect("jalr to remapped page", VA(2), 2);

    /* one virtual address, two address spaces (ASIDs 1 and 2, no fence) */
    csr_write(satp, satp_b);
    expect("satp b", VA(0), 2);
    csr_write(satp, satp_a);
    expect("satp a", VA(0), 1);
    csr_write(satp, satp_b);
    expect("satp b again", VA(0), 2);
    csr_write(satp, satp_a);
    r = run_in_mode(1, s_satp, 0);
    show("satp switched in S", r);
    check(r == 0x010201, "satp switched in S");

    /* the jump's target rewritten: in M through its physical address ... */
    code[1][4] = li_a0(5);
    __asm__ volatile("fence.i" ::: "memory");
    expect("target rewritten in M", VA(0), 5);
    /* ... and in S through another mapping of its page */
    r = 0;
    for (int i = 0; i < 3; i++)
        r = r << 8 | (run_in_mode(1, s_smc, (uint64_t)(6 + i)) & 0xff);
    show("target rewritten in S", r);
    check(r == 0x060708, "target rewritten in S");
    expect("after the rewrites", VA(0), 8);

    /* a block from one page into the next, whose mapping changes */
    expect("block across pages", VA(6) + 4088, 11);
    l0_a[7] = pte(code[6], V | R | X | A);
    sfence_va(VA(7));
    expect("its second page remapped", VA(6) + 4088, 12);
    code[6][0] = addi_a0(3);
    __asm__ volatile("fence.i" ::: "memory");
    expect("its second page rewritten", VA(6) + 4088, 13);

    /* the same function with the fp flag on, then off */
    trap_reset();
    r = run_in_mode(1, s_fs_toggle, 0x40);
    show("fp on, then off", r);
    show_trap("  trap");
    check(r == 0x4041 && trap_cause == 2, "fp off traps");

    /* the same write, first leaving the flags as they are, then not */
    trap_reset();
    r = run_in_mode(1, s_fs_write, 1);
    r = r << 16 | run_in_mode(1, s_fs_write, 1);
    show("sstatus written, fp on", r);
    show_trap("  trap");
    check(r == 0x50515051 && trap_count == 0, "fp on does not trap");
    trap_resume = 1;
    r = run_in_mode(1, s_fs_write, 0);
    show("sstatus written, fp off", r);
    show_trap("  trap");
    check(r == 0x5051 && trap_cause == 2, "fp off traps after the write");

    csr_write(satp, 0);
    return 0;
}
