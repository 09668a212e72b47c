/*
 * One load instruction (one guest pc, so one slot of the JIT's per-site
 * cache in front of the TLB, docs/design-notes.md) made to read under
 * changing conditions, each three times so that later reads take whatever
 * the first one left behind: its page mapped elsewhere (sfence.vma by
 * address, and of everything), an access that crosses into the page the
 * last read was from and one that crosses out of it, a device register
 * between two reads of RAM, a user page with sstatus.SUM on, then off (a
 * fault), a page made invalid (a fault), and one virtual address under two
 * satps (ASIDs, no fence). The values expected are read in M through the
 * physical addresses, by other loads. Where a read comes twice, the
 * second is the one that would leave the emulator a stale shortcut.
 */
#include "rt.h"

static uint64_t root_a[512] __attribute__((aligned(4096)));
static uint64_t root_b[512] __attribute__((aligned(4096)));
static uint64_t l1_a[512] __attribute__((aligned(4096)));
static uint64_t l1_b[512] __attribute__((aligned(4096)));
static uint64_t l0_a[512] __attribute__((aligned(4096)));
static uint64_t l0_b[512] __attribute__((aligned(4096)));
static uint8_t data[6][4096] __attribute__((aligned(4096)));

/* root[1] -> l1[0] -> l0[64 + n]: pages whose TLB entries are not those
 * of the test's own code and data at 0x80000000 (a page number's low 10
 * bits pick the entry), which would evict them */
#define VA(n) (0x40040000ull + (n) * 4096ull)
#define L0(n) (64 + (n))
#define UART 0x10000000ull
#define BAD 0xbadull                   /* a load that faulted leaves this */
#define SUM (1ull << 18)

static uint64_t pte(uint64_t pa, unsigned flags) { return (pa >> 12) << 10 | flags; }
static uint64_t pa(const void *p) { return (uint64_t)p; }

static void sfence_all(void) { __asm__ volatile("sfence.vma" ::: "memory"); }
static void sfence_va(uint64_t va) { __asm__ volatile("sfence.vma %0" ::"r"(va) : "memory"); }

/* The loads under test: one instruction each, BAD if it faulted (the
 * trap handler skips it). */
static uint64_t __attribute__((noinline)) ld64(uint64_t va)
{
    uint64_t v = BAD;
    __asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "r"(va) : "memory");
    return v;
}

static uint64_t __attribute__((noinline)) ld8(uint64_t va)
{
    uint64_t v = BAD;
    __asm__ volatile("lbu %0, 0(%1)" : "+r"(v) : "r"(va) : "memory");
    return v;
}

/* The first read may fill the TLB, the second then the site's slot. */
static uint64_t ld64_twice(uint64_t va)
{
    ld64(va);
    return ld64(va);
}

static uint64_t ld8_twice(uint64_t va)
{
    ld8(va);
    return ld8(va);
}

/* little-endian bytes of physical memory, in M */
static uint64_t phys64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | ((volatile const uint8_t *)p)[i];
    return v;
}

static uint64_t got[3][4];

/* In S: VA(0) read, mapped to data[1] (sfence by address), read, mapped
 * back (sfence of everything). */
static uint64_t s_remap(uint64_t unused)
{
    for (int i = 0; i < 3; i++) {
        got[i][0] = ld64_twice(VA(0) + 8);
        l0_a[L0(0)] = pte(pa(data[1]), V | R | A);
        sfence_va(VA(0));
        got[i][1] = ld64_twice(VA(0) + 8);
        l0_a[L0(0)] = pte(pa(data[0]), V | R | A);
        sfence_all();
        got[i][2] = ld64(VA(0) + 8);
    }
    return 0;
}

/* In S: VA(3) (data[4]) read, then a read from VA(2) (data[2]) that runs
 * into VA(3), one within VA(2), one from VA(2) into VA(3) again. */
static uint64_t s_cross(uint64_t unused)
{
    for (int i = 0; i < 3; i++) {
        got[i][0] = ld64_twice(VA(3) + 8);
        got[i][1] = ld64(VA(3) - 4);
        got[i][2] = ld64_twice(VA(2) + 16);
        got[i][3] = ld64(VA(3) - 2);
    }
    return 0;
}

/* In S: a byte of RAM, the UART's scratch register, RAM again. */
static uint64_t s_mmio(uint64_t unused)
{
    for (int i = 0; i < 3; i++) {
        got[i][0] = ld8_twice(VA(0) + 7);
        got[i][1] = ld8(VA(5) + 7);
        got[i][2] = ld8_twice(VA(0) + 7);
    }
    return 0;
}

/* In S: the user page VA(4) with SUM on, off (a fault), on. */
static uint64_t s_sum(uint64_t unused)
{
    for (int i = 0; i < 3; i++) {
        csr_set(sstatus, SUM);
        got[i][0] = ld64_twice(VA(4) + 16);
        csr_clear(sstatus, SUM);
        got[i][1] = ld64(VA(4) + 16);
        csr_set(sstatus, SUM);
        got[i][2] = ld64(VA(4) + 16);
    }
    csr_clear(sstatus, SUM);
    return 0;
}

/* In S: VA(6) read, made invalid (sfence by address), read (a fault),
 * valid again. */
static uint64_t s_invalid(uint64_t unused)
{
    for (int i = 0; i < 3; i++) {
        got[i][0] = ld64_twice(VA(6) + 24);
        uint64_t e = l0_a[L0(6)];
        l0_a[L0(6)] = 0;
        sfence_va(VA(6));
        got[i][1] = ld64(VA(6) + 24);
        l0_a[L0(6)] = e;
        sfence_va(VA(6));
    }
    return 0;
}

static uint64_t satp_a, satp_b;

/* In S: VA(0) under satp a, b, a (their own ASIDs: no fence). */
static uint64_t s_satp(uint64_t unused)
{
    for (int i = 0; i < 3; i++) {
        got[i][0] = ld64_twice(VA(0) + 8);
        csr_write(satp, satp_b);
        got[i][1] = ld64_twice(VA(0) + 8);
        csr_write(satp, satp_a);
        got[i][2] = ld64(VA(0) + 8);
    }
    return 0;
}

/* Run fn in S; print what it read and check it against want[0..n). */
static void run(const char *what, uint64_t (*fn)(uint64_t), const uint64_t *want, int n)
{
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 4; k++)
            got[i][k] = 0;
    run_in_mode(1, fn, 0);
    int ok = 1;
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < n; k++) {
            show(what, got[i][k]);
            ok &= got[i][k] == want[k];
        }
    check(ok, what);
}

int main(void)
{
    csr_write(medeleg, 0);
    for (int p = 0; p < 6; p++)
        for (int j = 0; j < 4096; j++)
            data[p][j] = (uint8_t)(p << 5 ^ j ^ j >> 8);
    for (int k = 0; k < 2; k++) {
        uint64_t *root = k ? root_b : root_a, *l1 = k ? l1_b : l1_a, *l0 = k ? l0_b : l0_a;
        root[2] = pte(0x80000000, V | R | W | X | A | D | G);   /* the test itself */
        root[1] = pte(pa(l1), V);
        l1[0] = pte(pa(l0), V);
        l0[L0(0)] = pte(pa(data[k]), V | R | A);
        l0[L0(2)] = pte(pa(data[2]), V | R | A);
        l0[L0(3)] = pte(pa(data[4]), V | R | A);     /* not data[3]: not contiguous */
        l0[L0(4)] = pte(pa(data[5]), V | R | U | A);
        l0[L0(5)] = pte(UART, V | R | W | A | D);
        l0[L0(6)] = pte(pa(data[3]), V | R | A);
    }
    satp_a = 8ull << 60 | 1ull << 44 | (uint64_t)root_a >> 12;
    satp_b = 8ull << 60 | 2ull << 44 | (uint64_t)root_b >> 12;
    csr_write(satp, satp_a);
    sfence_all();
    *(volatile uint8_t *)(UART + 7) = 0x5a;     /* the scratch register */

    uint64_t d0 = phys64(data[0] + 8), d1 = phys64(data[1] + 8);
    uint64_t w_remap[] = { d0, d1, d0 };
    run("remapped", s_remap, w_remap, 3);

    uint64_t w_cross[] = { phys64(data[4] + 8), (phys64(data[2] + 4092) & 0xffffffff) | phys64(data[4]) << 32,
                           phys64(data[2] + 16), (phys64(data[2] + 4094) & 0xffff) | phys64(data[4]) << 16 };
    run("crossing", s_cross, w_cross, 4);

    uint64_t w_mmio[] = { data[0][7], 0x5a, data[0][7] };
    run("ram, device, ram", s_mmio, w_mmio, 3);

    trap_reset();
    uint64_t d5 = phys64(data[5] + 16);
    uint64_t w_sum[] = { d5, BAD, d5 };
    run("user page, SUM on/off/on", s_sum, w_sum, 3);
    show_trap("  trap");
    check(trap_count == 3 && trap_cause == 13 && trap_tval == VA(4) + 16, "SUM off faults");

    trap_reset();
    uint64_t w_inv[] = { phys64(data[3] + 24), BAD };
    run("page made invalid", s_invalid, w_inv, 2);
    show_trap("  trap");
    check(trap_count == 3 && trap_cause == 13 && trap_tval == VA(6) + 24, "invalid page faults");

    uint64_t w_satp[] = { d0, d1, d0 };
    run("satp a, b, a", s_satp, w_satp, 3);

    csr_write(satp, 0);
    return 0;
}
