/*
 * The x86-64 JIT's inline software TLB (ir/softmmu.h), without a system
 * mode: blocks of qemu_ld/qemu_st built by hand run on a test env whose
 * TLB this program fills, with slow paths that are test doubles recording
 * their arguments.
 *
 * Checked: hits read and write the host page the entry's addend names (the
 * guest pages map to scattered host pages, so a flat or wrong-entry access
 * lands elsewhere), with values worked out here byte by byte for every
 * size, sign and byte order; misses (no entry, TLB_MMIO, TLB_NOTDIRTY on
 * stores only, TLB_INVALID, page-crossing, misaligned IR_MO_ALIGN, another
 * mmu index, another page with the same index) reach the slow path with
 * env, address, value, the whole memop and the insn's pc, and its result
 * lands in the destination; values in caller-saved registers and xmm0
 * survive a slow path that trashes them; the stack is 16-byte aligned at
 * the call; and a slow path that raises (longjmp, as cpu_loop_exit) finds
 * every guest global in env and the right pc; a load's site slot is
 * filled from a TLB hit and looked at first, misaligned loads and other
 * mmu indexes pass it by. Then random blocks of
 * accesses on random TLBs against a model of the contract written here.
 * Prints PASS/FAIL lines.
 * "softmmu-test bench flat|tlb" times hits in one model or the other.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ir/softmmu.h"
#include "host/x86_64/x64.h"
#include "ir/ir.h"
#include "../../lib/result.h"

#define NG 8
#define TAG 0x7770000

typedef struct TestEnv {
    uint64_t x[NG];               /* the guest globals */
    uint64_t pc;
    uint64_t insn_pc;
    int32_t exit_request;
    uint64_t scratch[IR_MAX_TEMPS];
    CPUTLB tlb;
} TestEnv;

/* Test state: one env, its RAM, the slow paths' log (single-threaded). */
static TestEnv *env;
static uint8_t (*ram)[TLB_PAGE_SIZE];
#define NPAGES 4
/* Guest page k (VA0 + k pages) lives in host page host_of[k]: adjacent guest
 * pages are not adjacent on the host. */
#define VA0 0x80000000ull
static const int host_of[NPAGES] = { 2, 0, 3, 1 };

typedef struct SlowCall {
    bool store;
    void *env;
    uint64_t addr, val, pc;
    uint32_t memop;
    bool aligned;                 /* the stack at the call */
} SlowCall;
static SlowCall calls[64];
static int ncalls;
static int raise_at = -1;         /* the slow call of this index raises */
static sigjmp_buf raise_jb;
static uint64_t raised_x[NG];     /* the globals in env when it did */



/* What a slow-path load returns: a value no hit could produce. */
static uint64_t slow_value(uint64_t addr, uint32_t memop) { return 0x5105000000000000ull ^ (addr << 8) ^ memop; }

/* The caller-saved registers and xmm0/xmm1 hold garbage afterwards, as any
 * C function may leave them. */
static inline void trash_caller_saved(void)
{
    __asm__ volatile("mov $-1, %%rax\n\tmov $-1, %%rcx\n\tmov $-1, %%rdx\n\tmov $-1, %%rsi\n\t"
                     "mov $-1, %%rdi\n\tmov $-1, %%r8\n\tmov $-1, %%r9\n\tmov $-1, %%r10\n\t"
                     "mov $-1, %%r11\n\tpcmpeqd %%xmm0, %%xmm0\n\tpcmpeqd %%xmm1, %%xmm1"
                     ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "xmm0", "xmm1");
}

/* The frame pointer is the stack pointer at the call less 16 (the return
 * address and the saved frame pointer): 16-aligned when the call was. */
static __attribute__((noinline)) void record(bool store, void *e, uint64_t addr, uint64_t val, uint32_t memop,
                                             uint64_t pc, uintptr_t frame)
{
    if (ncalls < (int)(sizeof(calls) / sizeof(calls[0])))
        calls[ncalls] = (SlowCall){ store, e, addr, val, pc, memop, (frame & 15) == 0 };
    if (ncalls++ == raise_at) {
        raise_at = -1;
        memcpy(raised_x, ((TestEnv *)e)->x, sizeof(raised_x));
        siglongjmp(raise_jb, 1);
    }
}

static uint64_t slow_load(void *e, uint64_t addr, uint32_t memop, uint64_t pc)
{
    record(false, e, addr, 0, memop, pc, (uintptr_t)__builtin_frame_address(0));
    trash_caller_saved();
    return slow_value(addr, memop);
}

static void slow_store(void *e, uint64_t addr, uint64_t val, uint32_t memop, uint64_t pc)
{
    record(true, e, addr, val, memop, pc, (uintptr_t)__builtin_frame_address(0));
    trash_caller_saved();
}

/* ---- the TLB ---- */

static TLBEntry *entry(unsigned mmu, uint64_t va) { return &env->tlb.e[mmu][(va >> TLB_PAGE_BITS) & (TLB_SIZE - 1)]; }

static void tlb_clear(void) { memset(&env->tlb, 0xff, sizeof(env->tlb)); }

/* Guest page k in mmu index mmu, with flags on the read and write comparators. */
static void tlb_map(unsigned mmu, int k, unsigned rflags, unsigned wflags)
{
    uint64_t va = VA0 + (uint64_t)k * TLB_PAGE_SIZE;
    TLBEntry *e = entry(mmu, va);
    e->addr_read = va | rflags;
    e->addr_write = va | wflags;
    e->addr_code = va;
    e->addend = (uintptr_t)ram[host_of[k]] - (uintptr_t)va;
}

static void tlb_map_all(unsigned mmu)
{
    for (int k = 0; k < NPAGES; k++)
        tlb_map(mmu, k, 0, 0);
}

static uint8_t *host_byte(uint64_t va) { return &ram[host_of[(va - VA0) >> TLB_PAGE_BITS]][va & (TLB_PAGE_SIZE - 1)]; }

/* ---- blocks ---- */

/* The block being built, over the env's globals x0..x7. */
static IRContext ctx;
static IRTemp g[NG];
#define INSN_PC 0x1234

/* The block built in ctx, the only one in the code buffer. */
static X64Code *compile(void)
{
    ir_exit_tb(&ctx, 0);
    x64_flush();
    X64Code *c = x64_gen_code(&ctx, TAG, 0x1000, 0);
    if (!c) {
        fputs("softmmu-test: code buffer too small\n", stderr);
        exit(1);
    }
    return c;
}

/* Run c; false if a slow path raised. */
static bool run(X64Code *c)
{
    ncalls = 0;
    if (sigsetjmp(raise_jb, 1))
        return false;
    uintptr_t r = x64_exec(env, c->entry);
    if (r != TAG) {
        printf("FAIL softmmu-exit: block returned %#" PRIxPTR "\n", r);
        failures++;
    }
    return true;
}

/* x[0] = load(x[1]) with memop mo, at INSN_PC. */
static uint64_t load_at(uint64_t va, unsigned mo)
{
    ir_reset(&ctx);
    ir_insn_start(&ctx, INSN_PC);
    ir_qemu_ld(&ctx, g[0], g[1], mo);
    X64Code *c = compile();
    env->x[1] = va;
    env->x[0] = 0;
    run(c);
    return env->x[0];
}

/* store(x[1]) = x[2], or the constant v when imm. */
static void store_at(uint64_t va, uint64_t v, unsigned mo, bool imm)
{
    ir_reset(&ctx);
    ir_insn_start(&ctx, INSN_PC);
    ir_qemu_st(&ctx, imm ? ir_const(&ctx, v) : g[2], g[1], mo);
    X64Code *c = compile();
    env->x[1] = va;
    env->x[2] = v;
    run(c);
}

/* The value a load of mo at p gives, assembled byte by byte. */
static uint64_t expect_load(const uint8_t *p, unsigned mo)
{
    unsigned n = ir_memop_size(mo);
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * ((mo & IR_MO_BE) ? n - 1 - i : i));
    if ((mo & IR_MO_SIGN) && n < 8 && (v >> (8 * n - 1)) & 1)
        v |= ~0ull << (8 * n);
    return v;
}

static void fill_ram(void)
{
    for (int k = 0; k < NPAGES; k++)
        for (unsigned i = 0; i < TLB_PAGE_SIZE; i++)
            ram[k][i] = (uint8_t)(i * 0x9d + k * 0x31 + 0x47);
}

static const unsigned memops[] = {
    IR_MO_UB, IR_MO_SB, IR_MO_UW, IR_MO_SW, IR_MO_UL, IR_MO_SL, IR_MO_UQ,
    IR_MO_UW | IR_MO_BE, IR_MO_SW | IR_MO_BE, IR_MO_UL | IR_MO_BE, IR_MO_SL | IR_MO_BE, IR_MO_UQ | IR_MO_BE,
};
#define NMEMOPS (sizeof(memops) / sizeof(memops[0]))

/* Offsets in a page: aligned, misaligned, and the last ones that fit. */
static const unsigned offsets[] = { 0, 1, 2, 3, 5, 8, 0x7f9, 0xff8, 0xffc, 0xffe, 0xfff };
#define NOFFSETS (sizeof(offsets) / sizeof(offsets[0]))

static void test_load_hits(void)
{
    tlb_clear();
    tlb_map_all(0);
    fill_ram();
    char why[200] = "";
    int bad = 0, n = 0;
    for (int k = 0; k < NPAGES; k++) {
        for (unsigned i = 0; i < NMEMOPS; i++) {
            for (unsigned j = 0; j < NOFFSETS; j++) {
                unsigned mo = memops[i], size = ir_memop_size(mo);
                if (offsets[j] + size > TLB_PAGE_SIZE)
                    continue;
                uint64_t va = VA0 + (uint64_t)k * TLB_PAGE_SIZE + offsets[j];
                uint64_t want = expect_load(host_byte(va), mo), got = load_at(va, mo);
                n++;
                if ((got != want || ncalls) && !bad++)
                    snprintf(why, sizeof(why), "memop %#x at %#" PRIx64 ": got %#" PRIx64 ", want %#" PRIx64
                             " (%d slow calls)", mo, va, got, want, ncalls);
            }
        }
    }
    result(!bad, "softmmu-load-hit", "%d of %d wrong, first: %s", bad, n, why);
}

static void test_store_hits(void)
{
    tlb_clear();
    tlb_map_all(0);
    char why[200] = "";
    int bad = 0, n = 0;
    static const uint64_t vals[] = { 0x8899aabbccddeeffull, 0x1122334455667788ull, (uint64_t)-3, 0x7f };
    for (unsigned i = 0; i < NMEMOPS; i++) {
        unsigned mo = memops[i] & ~IR_MO_SIGN, size = ir_memop_size(mo);
        for (unsigned j = 0; j < NOFFSETS; j++) {
            if (offsets[j] + size > TLB_PAGE_SIZE)
                continue;
            for (unsigned v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
                for (int imm = 0; imm < 2; imm++) {
                    uint64_t va = VA0 + TLB_PAGE_SIZE * (1 + (j & 1)) + offsets[j];
                    fill_ram();
                    uint8_t before[NPAGES][TLB_PAGE_SIZE];
                    memcpy(before, ram, sizeof(before));
                    store_at(va, vals[v], mo, imm);
                    /* the bytes the store writes, the rest untouched */
                    uint8_t *p = host_byte(va);
                    for (unsigned b = 0; b < size; b++)
                        before[host_of[(va - VA0) >> TLB_PAGE_BITS]][(va & 0xfff) + b] =
                            (uint8_t)(vals[v] >> (8 * ((mo & IR_MO_BE) ? size - 1 - b : b)));
                    n++;
                    if ((memcmp(before, ram, sizeof(before)) || ncalls) && !bad++)
                        snprintf(why, sizeof(why), "memop %#x%s at %#" PRIx64 " value %#" PRIx64
                                 ": first byte %#x (%d slow calls)", mo, imm ? " imm" : "", va, vals[v], p[0],
                                 ncalls);
                }
            }
        }
    }
    result(!bad, "softmmu-store-hit", "%d of %d wrong, first: %s", bad, n, why);
}

/* One access that must miss: the slow path sees exactly (store, addr, val,
 * memop, pc), a load's result is the slow path's, and RAM is untouched. */
static bool expect_miss(bool store, uint64_t va, unsigned mo, char *why, size_t n)
{
    fill_ram();
    uint8_t before[NPAGES][TLB_PAGE_SIZE];
    memcpy(before, ram, sizeof(before));
    uint64_t got = 0, val = 0x0123456789abcdefull;
    if (store)
        store_at(va, val, mo, false);
    else
        got = load_at(va, mo);
    const SlowCall *c = &calls[0];
    if (ncalls != 1)
        snprintf(why, n, "%s memop %#x at %#" PRIx64 ": %d slow calls, want 1", store ? "store" : "load", mo, va,
                 ncalls);
    else if (c->store != store || c->env != env || c->addr != va || c->memop != mo || c->pc != INSN_PC ||
             (store && c->val != val))
        snprintf(why, n, "%s memop %#x at %#" PRIx64 ": slow path got store %d env %p addr %#" PRIx64
                 " val %#" PRIx64 " memop %#x pc %#" PRIx64, store ? "store" : "load", mo, va, c->store, c->env,
                 c->addr, c->val, c->memop, c->pc);
    else if (!store && got != slow_value(va, mo))
        snprintf(why, n, "load memop %#x at %#" PRIx64 ": result %#" PRIx64 ", want the slow path's %#" PRIx64,
                 mo, va, got, slow_value(va, mo));
    else if (memcmp(before, ram, sizeof(before)))
        snprintf(why, n, "%s memop %#x at %#" PRIx64 ": RAM changed", store ? "store" : "load", mo, va);
    else if (!c->aligned)
        snprintf(why, n, "%s memop %#x: stack not 16-byte aligned at the call", store ? "store" : "load", mo);
    else
        return true;
    return false;
}

/* A hit that must not reach the slow path. */
static bool expect_hit(bool store, uint64_t va, unsigned mo, char *why, size_t n)
{
    fill_ram();
    uint64_t want = expect_load(host_byte(va), mo), got = 0;
    if (store)
        store_at(va, 0, mo, false);
    else
        got = load_at(va, mo);
    if (ncalls) {
        snprintf(why, n, "%s memop %#x at %#" PRIx64 ": went to the slow path", store ? "store" : "load", mo, va);
        return false;
    }
    if (!store && got != want) {
        snprintf(why, n, "load memop %#x at %#" PRIx64 ": %#" PRIx64 ", want %#" PRIx64, mo, va, got, want);
        return false;
    }
    if (store && host_byte(va)[0] != 0) {
        snprintf(why, n, "store memop %#x at %#" PRIx64 ": RAM not written", mo, va);
        return false;
    }
    return true;
}

static void check_both(const char *name, bool load_hits, bool store_hits, uint64_t va, unsigned mo)
{
    char why[300] = "";
    bool ok = (load_hits ? expect_hit : expect_miss)(false, va, mo, why, sizeof(why)) &&
              (store_hits ? expect_hit : expect_miss)(true, va, mo, why, sizeof(why));
    result(ok, name, "%s", why);
}

static void test_misses(void)
{
    uint64_t p1 = VA0 + TLB_PAGE_SIZE;
    tlb_clear();
    check_both("softmmu-miss-absent", false, false, p1 + 8, IR_MO_UQ);

    tlb_clear();
    tlb_map(0, 1, TLB_MMIO, TLB_MMIO);
    check_both("softmmu-miss-mmio", false, false, p1 + 16, IR_MO_UL);

    tlb_clear();
    tlb_map(0, 1, 0, TLB_NOTDIRTY);
    check_both("softmmu-miss-notdirty-store-only", true, false, p1 + 24, IR_MO_UQ);

    tlb_clear();
    tlb_map(0, 1, TLB_INVALID, 0);
    check_both("softmmu-miss-invalid-load-only", false, true, p1 + 32, IR_MO_UW);

    tlb_clear();
    tlb_map(0, 1, TLB_WATCH, TLB_WATCH);
    check_both("softmmu-miss-watch", false, false, p1 + 40, IR_MO_UB);

    /* Both pages mapped: an access across their boundary still misses,
     * for every size (at every offset that crosses). */
    tlb_clear();
    tlb_map_all(0);
    char why[300] = "";
    bool ok = true;
    for (unsigned lg = 1; lg <= 3 && ok; lg++)
        for (unsigned b = 1; b < (1u << lg) && ok; b++)
            ok = expect_miss(false, p1 + TLB_PAGE_SIZE - b, lg, why, sizeof(why)) &&
                 expect_miss(false, p1 + TLB_PAGE_SIZE - b, lg | IR_MO_BE | IR_MO_SIGN, why, sizeof(why)) &&
                 expect_miss(true, p1 + TLB_PAGE_SIZE - b, lg, why, sizeof(why)) &&
                 expect_miss(true, p1 + TLB_PAGE_SIZE - b, lg | IR_MO_BE, why, sizeof(why));
    result(ok, "softmmu-miss-page-crossing", "%s", why);

    /* IR_MO_ALIGN: aligned accesses hit, misaligned ones miss, whatever
     * their low bits (also those that equal a flag's position). */
    ok = true;
    for (unsigned lg = 1; lg <= 3 && ok; lg++) {
        for (unsigned off = 0; off < 16 && ok; off++) {
            unsigned mo = lg | IR_MO_ALIGN;
            bool aligned = (off & ((1u << lg) - 1)) == 0;
            ok = (aligned ? expect_hit : expect_miss)(false, p1 + 64 + off, mo, why, sizeof(why)) &&
                 (aligned ? expect_hit : expect_miss)(true, p1 + 64 + off, mo, why, sizeof(why));
        }
    }
    result(ok, "softmmu-align", "%s", why);
    /* A flagged entry: no misaligned IR_MO_ALIGN access hits it, though
     * the compare keeps the address's low bits. */
    static const unsigned flags[] = { TLB_INVALID, TLB_MMIO, TLB_NOTDIRTY, TLB_WATCH };
    for (unsigned f = 0; f < 4 && ok; f++) {
        tlb_clear();
        tlb_map(0, 1, flags[f], flags[f]);
        for (unsigned off = 1; off < 8 && ok; off++)
            ok = expect_miss(false, p1 + off, IR_MO_UQ | IR_MO_ALIGN, why, sizeof(why)) &&
                 expect_miss(true, p1 + off, IR_MO_UQ | IR_MO_ALIGN, why, sizeof(why));
    }
    result(ok, "softmmu-align-flagged", "%s", why);
    tlb_clear();
    tlb_map_all(0);
    /* Without IR_MO_ALIGN a misaligned access inside the page hits. */
    check_both("softmmu-misaligned-hit", true, true, p1 + 0x101, IR_MO_UQ);

    /* The mmu index selects the table. */
    tlb_clear();
    tlb_map(3, 1, 0, 0);
    unsigned mmu3 = 3u << IR_MO_MMU_SHIFT, mmu2 = 2u << IR_MO_MMU_SHIFT;
    check_both("softmmu-mmu-index-hit", true, true, p1 + 8, IR_MO_UQ | mmu3);
    check_both("softmmu-mmu-index-miss", false, false, p1 + 8, IR_MO_UQ | mmu2);
    check_both("softmmu-mmu-index-0-miss", false, false, p1 + 8, IR_MO_UL);
    tlb_clear();
    tlb_map(7, 1, 0, 0);
    check_both("softmmu-mmu-index-7-hit", true, true, p1 + 8, IR_MO_UW | IR_MO_ALIGN | (7u << IR_MO_MMU_SHIFT));

    /* A page with the same table index (TLB_SIZE pages on) is another page. */
    tlb_clear();
    tlb_map_all(0);
    check_both("softmmu-miss-same-index", false, false, p1 + (uint64_t)TLB_SIZE * TLB_PAGE_SIZE + 8, IR_MO_UQ);
    /* and one 2^32 bytes on, the same in the comparator's low 32 bits */
    check_both("softmmu-miss-high-bits", false, false, p1 + (1ull << 32) + 8, IR_MO_UL);

    /* Slow-path arguments: the big-endian store's value as the IR has it,
     * a constant stored from an immediate, the whole memop. */
    tlb_clear();
    store_at(p1, 0xfedcba9876543210ull, IR_MO_UL | IR_MO_BE | IR_MO_ALIGN | mmu3, false);
    ok = ncalls == 1 && calls[0].val == 0xfedcba9876543210ull &&
         calls[0].memop == (IR_MO_UL | IR_MO_BE | IR_MO_ALIGN | mmu3);
    store_at(p1, (uint64_t)-77, IR_MO_UW, true);
    ok = ok && ncalls == 1 && calls[0].val == (uint64_t)-77 && calls[0].memop == IR_MO_UW;
    result(ok, "softmmu-slow-store-args", "val %#" PRIx64 " memop %#x", calls[0].val, calls[0].memop);
}

/* Values in registers across a miss: nlive temps computed before a load
 * that misses and read after it (in host registers, caller-saved ones
 * among them, an odd or even number to keep on the stack), and a float
 * value in xmm0 used again after it. */
/* A load's site slot (ir/softmmu.h): filled from a TLB hit, consulted
 * before the TLB (so the mode must empty it when it drops a translation),
 * never hit by a misaligned load or one that crosses into its page, and
 * per mmu index. */
static void test_site_slot(void)
{
    uint64_t p1 = VA0 + TLB_PAGE_SIZE, p2 = p1 + TLB_PAGE_SIZE;
    TLBSite *slot = &env->tlb.site[0][tlb_site_of(INSN_PC)];
    char why[300] = "";
    tlb_clear();
    tlb_map_all(0);
    bool ok = expect_hit(false, p2 + 8, IR_MO_UQ, why, sizeof(why));
    if (ok && (slot->tag != p2 || slot->addend != entry(0, p2)->addend)) {
        snprintf(why, sizeof(why), "after a TLB hit on %#" PRIx64 " the slot holds %#" PRIx64 ", addend %s",
                 p2, slot->tag, slot->addend == entry(0, p2)->addend ? "right" : "wrong");
        ok = false;
    }
    /* the entry becomes a device's: the slot still answers first */
    entry(0, p2)->addr_read |= TLB_MMIO;
    ok = ok && expect_hit(false, p2 + 16, IR_MO_UL, why, sizeof(why));
    result(ok, "softmmu-slot-filled-first", "%s", why);

    /* emptied, the TLB decides again */
    slot->tag = UINT64_MAX;
    ok = expect_miss(false, p2 + 16, IR_MO_UL, why, sizeof(why));
    result(ok, "softmmu-slot-emptied", "%s", why);

    /* slot on p2: a misaligned load inside p2 is served by the TLB, one
     * from p1 into p2 misses (the slow path splits it) */
    tlb_clear();
    tlb_map_all(0);
    ok = expect_hit(false, p2 + 8, IR_MO_UQ, why, sizeof(why)) &&
         expect_hit(false, p2 + 0x103, IR_MO_UQ, why, sizeof(why)) && slot->tag == p2 &&
         expect_miss(false, p2 - 4, IR_MO_UQ, why, sizeof(why)) &&
         expect_miss(false, p2 - 1, IR_MO_UW, why, sizeof(why));
    result(ok, "softmmu-slot-misaligned", "%s", why);

    /* filled in mmu index 0, not used by a load of mmu index 2 */
    tlb_clear();
    tlb_map_all(0);
    ok = expect_hit(false, p1 + 8, IR_MO_UQ, why, sizeof(why)) &&
         expect_miss(false, p1 + 8, IR_MO_UQ | 2u << IR_MO_MMU_SHIFT, why, sizeof(why));
    result(ok, "softmmu-slot-mmu-index", "%s", why);
}

/* A store's site slot (CPUTLB.wsite): filled from a TLB hit of the write
 * comparator and then consulted first (so a page that becomes code must
 * leave it: the mode empties it), apart from the load slots. The JIT is
 * configured with fill_fence, the refill that checks the entry again. */
static void test_store_slot(void)
{
    uint64_t p1 = VA0 + TLB_PAGE_SIZE, p2 = p1 + TLB_PAGE_SIZE;
    TLBSite *slot = &env->tlb.wsite[0][tlb_site_of(INSN_PC)];
    char why[300] = "";
    tlb_clear();
    tlb_map_all(0);
    bool ok = expect_hit(true, p2 + 8, IR_MO_UQ, why, sizeof(why));
    if (ok && (slot->tag != p2 || slot->addend != entry(0, p2)->addend)) {
        snprintf(why, sizeof(why), "after a TLB hit on %#" PRIx64 " the store slot holds %#" PRIx64 ", addend %s",
                 p2, slot->tag, slot->addend == entry(0, p2)->addend ? "right" : "wrong");
        ok = false;
    }
    if (ok && env->tlb.site[0][tlb_site_of(INSN_PC)].tag != UINT64_MAX) {
        snprintf(why, sizeof(why), "a store filled the load slot");
        ok = false;
    }
    /* the page becomes code: the slot still answers first */
    entry(0, p2)->addr_write |= TLB_NOTDIRTY;
    ok = ok && expect_hit(true, p2 + 16, IR_MO_UL, why, sizeof(why));
    result(ok, "softmmu-store-slot-filled-first", "%s", why);

    /* emptied, the TLB's flag sends the store to the slow path, which
     * leaves the slot empty */
    slot->tag = UINT64_MAX;
    ok = expect_miss(true, p2 + 16, IR_MO_UL, why, sizeof(why)) && slot->tag == UINT64_MAX;
    result(ok, "softmmu-store-slot-emptied", "%s", why);

    /* a misaligned store inside p1 is served by the TLB, one from p1
     * into p2 misses; a store of mmu index 2 does not use index 0's slot */
    tlb_clear();
    tlb_map_all(0);
    ok = expect_hit(true, p1 + 8, IR_MO_UQ, why, sizeof(why)) &&
         expect_hit(true, p1 + 0x103, IR_MO_UQ, why, sizeof(why)) && slot->tag == p1 &&
         expect_miss(true, p2 - 4, IR_MO_UQ, why, sizeof(why)) &&
         expect_miss(true, p1 + 8, IR_MO_UQ | 2u << IR_MO_MMU_SHIFT, why, sizeof(why));
    result(ok, "softmmu-store-slot-misaligned-mmu", "%s", why);
}

static void test_live_across_miss(void)
{
    tlb_clear();
    char why[300] = "";
    bool ok = true;
    for (int nlive = 0; nlive <= 12 && ok; nlive++) {
        ir_reset(&ctx);
        ir_insn_start(&ctx, INSN_PC);
        IRTemp t[12];
        for (int i = 0; i < nlive; i++) {
            t[i] = ir_new_temp(&ctx);
            ir_addi(&ctx, t[i], g[i % NG], 1000 * (i + 1));
        }
        IRTemp f = ir_new_temp(&ctx), f2 = ir_new_temp(&ctx), v = ir_new_temp(&ctx);
        ir_fadd64(&ctx, f, g[2], g[3]);
        ir_qemu_ld(&ctx, v, g[5], IR_MO_UQ);
        ir_fadd64(&ctx, f2, f, g[4]);
        IRTemp sum = ir_new_temp(&ctx);
        ir_mov(&ctx, sum, v);
        for (int i = 0; i < nlive; i++)
            ir_xor(&ctx, sum, sum, t[i]);
        ir_mov(&ctx, g[0], sum);
        ir_mov(&ctx, g[1], f2);
        X64Code *c = compile();
        double a = 1.5, b = 2.25, d = 4.0;
        for (int i = 0; i < NG; i++)
            env->x[i] = 0x100 * (uint64_t)i;
        memcpy(&env->x[2], &a, 8);
        memcpy(&env->x[3], &b, 8);
        memcpy(&env->x[4], &d, 8);
        env->x[5] = VA0 + 0x100;
        uint64_t in[NG];
        memcpy(in, env->x, sizeof(in));
        run(c);
        uint64_t want = slow_value(in[5], IR_MO_UQ);
        for (int i = 0; i < nlive; i++)
            want ^= in[i % NG] + 1000 * (uint64_t)(i + 1);
        double fr;
        memcpy(&fr, &env->x[1], 8);
        ok = ncalls == 1 && calls[0].aligned && env->x[0] == want && fr == a + b + d;
        snprintf(why, sizeof(why), "%d live: %d slow calls (stack aligned %d), sum %#" PRIx64 " want %#" PRIx64
                 ", float %g want %g", nlive, ncalls, calls[0].aligned, env->x[0], want, fr, a + b + d);
    }
    result(ok, "softmmu-live-across-miss", "%s", why);
}

/* A slow path that raises: the dirty globals are in env, the pc is the
 * faulting insn's, and what came before the access happened. */
static void test_raise(void)
{
    tlb_clear();
    tlb_map(0, 0, 0, 0);
    for (int store = 0; store < 2; store++) {
        ir_reset(&ctx);
        ir_insn_start(&ctx, 0x2000);
        ir_addi(&ctx, g[3], g[3], 5);
        ir_movi(&ctx, g[4], 0x4444);
        ir_qemu_st(&ctx, g[3], g[0], IR_MO_UQ);    /* hits */
        ir_insn_start(&ctx, 0x2004);
        ir_mov(&ctx, g[6], g[3]);
        if (store)
            ir_qemu_st(&ctx, g[6], g[1], IR_MO_UL);
        else
            ir_qemu_ld(&ctx, g[5], g[1], IR_MO_UL);
        ir_insn_start(&ctx, 0x2008);
        ir_movi(&ctx, g[4], 0x5555);
        ir_movi(&ctx, g[5], 0x6666);
        X64Code *c = compile();
        for (int i = 0; i < NG; i++)
            env->x[i] = 0x10 * (uint64_t)i;
        env->x[0] = VA0 + 0x80;
        env->x[1] = VA0 + 5 * TLB_PAGE_SIZE;     /* not mapped */
        fill_ram();
        raise_at = 0;
        bool finished = run(c);
        uint64_t stored;
        memcpy(&stored, host_byte(VA0 + 0x80), 8);
        bool ok = !finished && ncalls == 1 && calls[0].pc == 0x2004 && raised_x[3] == 0x35 &&
                  raised_x[4] == 0x4444 && raised_x[6] == 0x35 && raised_x[5] == 0x50 && stored == 0x35 &&
                  memcmp(raised_x, env->x, sizeof(raised_x)) == 0;
        result(ok, store ? "softmmu-raise-store" : "softmmu-raise-load",
               "finished %d, %d calls, pc %#" PRIx64 ", x3 %#" PRIx64 " x4 %#" PRIx64 " x5 %#" PRIx64
               " x6 %#" PRIx64 ", RAM %#" PRIx64, finished, ncalls, calls[0].pc, raised_x[3], raised_x[4],
               raised_x[5], raised_x[6], stored);
    }
}

/* ---- random programs against a model of the contract ---- */

/* A straight-line block of NRAND guest accesses (random pages, mapped,
 * flagged or not, in mmu index 0 or 1, offsets near page ends, every
 * memop) and arithmetic, with six TB temps live throughout. The model
 * applies ir/softmmu.h's hit rule in C to each access in order, on a
 * copy of RAM, and predicts every slow call, the result and, when a
 * slow call raises, env and RAM at that point. */
#define NRAND 40
#define NPOOL 6
enum { R_LOAD, R_STORE, R_STORE_IMM, R_ARITH };
typedef struct RandOp {
    int kind, k, j;
    uint64_t off;                 /* from VA0 */
    unsigned mo;
    int32_t imm;
} RandOp;

static uint64_t rng = 0x9e3779b97f4a7c15ull;   /* fixed seed: every run draws the same programs */
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Page k of mmu index m, flags as random as the entry (or no entry). */
static void random_tlb(void)
{
    static const unsigned flag_pick[] = { 0, 0, 0, TLB_MMIO, TLB_INVALID, TLB_WATCH };
    tlb_clear();
    for (unsigned m = 0; m < 2; m++) {
        for (int k = 0; k < NPAGES; k++) {
            if (rnd() % 4 == 0)
                continue;
            unsigned rf = flag_pick[rnd() % 6], wf = rnd() % 3 == 0 ? TLB_NOTDIRTY : rf;
            tlb_map(m, k, rf, wf);
        }
    }
}

static bool model_hit(uint64_t a, unsigned mo, bool store)
{
    unsigned size = ir_memop_size(mo);
    uint64_t align = (mo & IR_MO_ALIGN) ? size - 1 : 0;
    const TLBEntry *e = entry(ir_memop_mmu(mo), a);
    return ((a + size - 1 - align) & (TLB_PAGE_MASK | align)) == (store ? e->addr_write : e->addr_read);
}

/* The host byte a hit at a reaches, in the model's RAM copy. */
static uint8_t *model_byte(uint8_t (*mram)[TLB_PAGE_SIZE], uint64_t a, unsigned mo)
{
    const TLBEntry *e = entry(ir_memop_mmu(mo), a);
    return (uint8_t *)mram + ((uintptr_t)(a + e->addend) - (uintptr_t)ram);
}

static void test_random(int nprog)
{
    char why[300] = "";
    int bad = 0;
    for (int prog = 0; prog < nprog; prog++) {
        random_tlb();
        fill_ram();
        RandOp ops[NRAND];
        for (int i = 0; i < NRAND; i++) {
            RandOp *o = &ops[i];
            o->kind = (int)(rnd() % 4);
            o->k = (int)(rnd() % NPOOL);
            o->j = (int)(rnd() % NPOOL);
            unsigned page = (unsigned)(rnd() % (NPAGES + 1)), in = (unsigned)(rnd() % 32);
            o->off = (uint64_t)page * TLB_PAGE_SIZE + (rnd() & 1 ? in : TLB_PAGE_SIZE - 16 + in);
            o->mo = (unsigned)(rnd() & (IR_MO_SIZE | IR_MO_SIGN | IR_MO_BE | IR_MO_ALIGN)) |
                    (unsigned)(rnd() % 2) << IR_MO_MMU_SHIFT;
            if (o->kind != R_LOAD)
                o->mo &= ~IR_MO_SIGN;
            if (o->kind == R_STORE_IMM)
                o->mo &= ~IR_MO_BE;
            o->imm = (int32_t)rnd();
        }
        /* the block */
        ir_reset(&ctx);
        IRTemp pool[NPOOL];
        ir_insn_start(&ctx, 0x1000);
        for (int k = 0; k < NPOOL; k++) {
            pool[k] = ir_new_temp(&ctx);
            ir_addi(&ctx, pool[k], g[2 + k], k);
        }
        for (int i = 0; i < NRAND; i++) {
            const RandOp *o = &ops[i];
            ir_insn_start(&ctx, 0x1004 + 4 * (uint64_t)i);
            IRTemp a = ir_new_temp(&ctx);
            if (o->kind != R_ARITH)
                ir_addi(&ctx, a, g[1], (int64_t)o->off);
            if (o->kind == R_LOAD) {
                IRTemp v = ir_new_temp(&ctx);
                ir_qemu_ld(&ctx, v, a, o->mo);
                ir_xor(&ctx, pool[o->k], pool[o->k], v);
                ir_add(&ctx, g[0], g[0], v);
            } else if (o->kind == R_STORE) {
                ir_qemu_st(&ctx, pool[o->k], a, o->mo);
            } else if (o->kind == R_STORE_IMM) {
                ir_qemu_st(&ctx, ir_const(&ctx, (uint64_t)(int64_t)o->imm), a, o->mo);
            } else {
                IRTemp t = ir_new_temp(&ctx);
                ir_mul(&ctx, t, pool[o->k], ir_const(&ctx, 0x9e37));
                ir_add(&ctx, pool[o->k], t, pool[o->j]);
            }
        }
        for (int k = 0; k < NPOOL; k++)
            ir_mov(&ctx, g[2 + k], pool[k]);
        X64Code *c = compile();
        /* the model */
        uint64_t init[NG], x[NG], p[NPOOL];
        for (int i = 0; i < NG; i++)
            init[i] = rnd();
        init[1] = VA0;
        memcpy(x, init, sizeof(x));
        for (int k = 0; k < NPOOL; k++)
            p[k] = x[2 + k] + (uint64_t)k;
        static uint8_t mram[NPAGES][TLB_PAGE_SIZE];
        memcpy(mram, ram, sizeof(mram));
        SlowCall want[NRAND];
        int nwant = 0, raise_call = rnd() % 4 == 0 ? (int)(rnd() % 8) : -1;
        bool raised = false;
        for (int i = 0; i < NRAND && !raised; i++) {
            const RandOp *o = &ops[i];
            uint64_t a = VA0 + o->off, pc = 0x1004 + 4 * (uint64_t)i;
            unsigned size = ir_memop_size(o->mo);
            if (o->kind == R_ARITH) {
                p[o->k] = p[o->k] * 0x9e37 + p[o->j];
                continue;
            }
            bool store = o->kind != R_LOAD;
            uint64_t val = o->kind == R_STORE ? p[o->k] : (uint64_t)(int64_t)o->imm;
            if (model_hit(a, o->mo, store)) {
                uint8_t *hb = model_byte(mram, a, o->mo);
                if (!store) {
                    uint64_t v = expect_load(hb, o->mo);
                    p[o->k] ^= v;
                    x[0] += v;
                }
                for (unsigned n = 0; store && n < size; n++)
                    hb[n] = (uint8_t)(val >> (8 * ((o->mo & IR_MO_BE) ? size - 1 - n : n)));
                continue;
            }
            want[nwant] = (SlowCall){ store, env, a, store ? val : 0, pc, o->mo, true };
            if (nwant++ == raise_call) {
                raised = true;   /* env holds the globals as they are now */
                break;
            }
            if (!store) {
                uint64_t v = slow_value(a, o->mo);
                p[o->k] ^= v;
                x[0] += v;
            }
        }
        if (!raised)
            for (int k = 0; k < NPOOL; k++)
                x[2 + k] = p[k];
        /* the run */
        memcpy(env->x, init, sizeof(init));
        raise_at = raise_call;
        bool finished = run(c);
        raise_at = -1;
        const char *what = NULL;
        int bad_call = -1;
        if (finished == raised)
            what = raised ? "the raising slow path returned" : "raised where it should not";
        else if (ncalls != nwant)
            what = "slow calls";
        for (int n = 0; !what && n < nwant; n++)
            if (calls[n].store != want[n].store || calls[n].addr != want[n].addr || calls[n].val != want[n].val ||
                calls[n].memop != want[n].memop || calls[n].pc != want[n].pc || !calls[n].aligned)
                what = "a slow call's arguments", bad_call = n;
        if (!what && memcmp(raised ? raised_x : env->x, x, sizeof(x)))
            what = raised ? "env at the raise" : "globals";
        if (!what && memcmp(mram, ram, sizeof(mram)))
            what = "RAM";
        if (what && !bad++)
            snprintf(why, sizeof(why), "program %d: %s (%d slow calls, want %d; call %d at pc %#" PRIx64 ")",
                     prog, what, ncalls, nwant, bad_call, bad_call >= 0 ? calls[bad_call].pc : 0);
    }
    result(!bad, "softmmu-random", "%d of %d programs wrong, first: %s", bad, nprog, why);
}

/* No fault points in softmmu code: its accesses cannot fault on the host,
 * and x64_restore must not take a host fault there for a guest access. */
static void test_no_fault_points(void)
{
    ir_reset(&ctx);
    ir_insn_start(&ctx, INSN_PC);
    ir_qemu_ld(&ctx, g[0], g[1], IR_MO_UQ);
    ir_qemu_st(&ctx, g[0], g[2], IR_MO_UL);
    X64Code *c = compile();
    result(c->n_faults == 0, "softmmu-no-fault-points", "%u fault points", c->n_faults);
}

/* ---- the micro-benchmark ---- */

/* One block of BENCH_ACCESSES / 2 loads and as many stores, all hits, run
 * BENCH_RUNS times, best of five: nanoseconds per access through the
 * inline TLB, or through the flat model's range check with the same
 * block (guest_base + VA0 is ram). */
#define BENCH_ACCESSES 256
#define BENCH_RUNS 200000

static double bench_block(void)
{
    ir_reset(&ctx);
    ir_insn_start(&ctx, INSN_PC);
    for (int i = 0; i < BENCH_ACCESSES / 2; i++) {
        IRTemp a = ir_new_temp(&ctx), v = ir_new_temp(&ctx), b = ir_new_temp(&ctx);
        ir_addi(&ctx, a, g[1], 8 * i);
        ir_qemu_ld(&ctx, v, a, IR_MO_UQ);
        ir_add(&ctx, g[0], g[0], v);
        ir_addi(&ctx, b, g[1], 2048 + 8 * i);
        ir_qemu_st(&ctx, g[0], b, IR_MO_UQ);
    }
    X64Code *c = compile();
    env->x[1] = VA0 + TLB_PAGE_SIZE;
    double best = 1e30;
    for (int rep = 0; rep < 5; rep++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int r = 0; r < BENCH_RUNS; r++)
            x64_exec(env, c->entry);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
        if (ns < best)
            best = ns;
    }
    return best / BENCH_RUNS / BENCH_ACCESSES;
}

int main(int argc, char **argv)
{
    /* softmmu-test bench flat|tlb: the micro-benchmark in one model (the
     * JIT is configured once per process) */
    bool bench = argc == 3 && strcmp(argv[1], "bench") == 0;
    bool flat = bench && strcmp(argv[2], "flat") == 0;
    if (argc != 1 && !(bench && (flat || strcmp(argv[2], "tlb") == 0))) {
        fprintf(stderr, "usage: %s [bench flat|tlb]\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (posix_memalign((void **)&env, 64, sizeof(TestEnv)) ||
        posix_memalign((void **)&ram, TLB_PAGE_SIZE, NPAGES * TLB_PAGE_SIZE))
        return 1;
    memset(env, 0, sizeof(*env));
    static const SoftmmuConfig smc = {
        .tlb_off = offsetof(TestEnv, tlb),
        .load = slow_load,
        .store = slow_store,
        .fill_fence = true,
    };
    X64Config cfg = {
        .softmmu = flat ? NULL : &smc,
        .guest_base = (uintptr_t)ram[host_of[1]] - (uintptr_t)(VA0 + TLB_PAGE_SIZE),
        .guest_space_size = VA0 + 2 * TLB_PAGE_SIZE,
        .code_size = 16u << 20,
        .exit_request_off = offsetof(TestEnv, exit_request),
        .pc_off = UINT32_MAX,
        .exit_plain = 0,
        .exit_slot0 = 1,
    };
    if (!x64_init(&cfg)) {
        printf("SKIP softmmu: host not supported\n");
        return 0;
    }
    IREnvLayout layout = { .scratch_off = offsetof(TestEnv, scratch), .insn_pc_off = offsetof(TestEnv, insn_pc) };
    ir_context_init(&ctx, &layout);
    static const char *const names[NG] = { "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7" };
    for (int i = 0; i < NG; i++)
        g[i] = ir_new_global(&ctx, (uint32_t)offsetof(TestEnv, x[i]), names[i]);
    ir_new_global(&ctx, offsetof(TestEnv, pc), "pc");

    if (bench) {
        tlb_clear();
        tlb_map_all(0);
        printf("%s: %.3f ns per access\n", flat ? "flat" : "tlb", bench_block());
    } else {
        test_load_hits();
        test_store_hits();
        test_misses();
        test_site_slot();
        test_store_slot();
        test_live_across_miss();
        test_raise();
        test_random(2000);
        test_no_fault_points();
        printf("# softmmu: %d failed\n", failures);
    }
    x64_flush();
    free(ram);
    free(env);
    return 0;
}
