/*
 * The code buffer of the x86-64 backend: one large RWX mapping, filled by
 * bump allocation and emptied only as a whole (x64_flush). Its head holds
 * what every block refers to with rel32 or RIP-relative operands: the entry
 * trampoline x64_exec, the shared epilogue and the address-range limits.
 *
 * Blocks are recorded in an index sorted by address (allocation order), so
 * a host pc from a signal handler finds its block by binary search without
 * locks: entries are written before the count that publishes them.
 */
#include <cpuid.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#include "host/x86_64/x64-internal.h"
#include "util/util.h"

/* Process-wide by design: all guest threads share one code cache. Written
 * by x64_init and under the translator's lock (tb_lock) afterwards. */
X64Config x64_cfg;
static SoftmmuConfig softmmu_copy;   /* what x64_cfg.softmmu points to */
uint8_t *x64_epilogue;
uint64_t *x64_range_limit;
static uint8_t *buf_start, *buf_end, *buf_free, *buf_blocks;
static uintptr_t (*entry_fn)(void *env, const void *code);
static X64Code **index_tab;     /* blocks by address */
static size_t index_cap;
static size_t index_len;        /* published with release; read lock-free */

/* The JIT emits BMI1 (andn), BMI2 (shlx, rorx, mulx), LZCNT and POPCNT
 * without fallbacks: every x86-64 host of the last decade has them. */
static bool host_has_features(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return false;
    bool bmi1 = b & (1u << 3), bmi2 = b & (1u << 8);
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    bool popcnt = c & (1u << 23);
    if (!__get_cpuid(0x80000001, &a, &b, &c, &d))
        return false;
    bool lzcnt = c & (1u << 5);
    return bmi1 && bmi2 && popcnt && lzcnt;
}

/* x64_exec(env, code): save the callee-saved registers, set up env and
 * guest_base, keep the stack 16-byte aligned for helper calls, jump in.
 * Blocks leave through the epilogue with their result in rax. */
static void gen_trampoline(X64Asm *a)
{
    static const int8_t saved[] = { X64_RBP, X64_RBX, X64_R12, X64_R13, X64_R14, X64_R15 };
    entry_fn = (uintptr_t (*)(void *, const void *))(void *)a->p;
    for (unsigned i = 0; i < sizeof(saved); i++)
        x64_push(a, saved[i]);
    /* return address + 6 pushes = 56 bytes: 8 more to realign */
    x64_alu_ri(a, X64_SUB, true, X64_RSP, 8);
    x64_lea(a, X64_ENV, X64_RDI, X64_NO_REG, X64_ENV_BIAS);
    x64_mov_ri(a, X64_GBASE, x64_cfg.guest_base);
    x64_jmp_r(a, X64_RSI);

    x64_epilogue = a->p;
    x64_alu_ri(a, X64_ADD, true, X64_RSP, 8);
    for (unsigned i = sizeof(saved); i-- > 0;)
        x64_pop(a, saved[i]);
    x64_ret(a);
}

bool x64_init(const X64Config *cfg)
{
    if (!host_has_features()) {
        fputs("peek: the x86-64 JIT needs BMI1, BMI2, LZCNT and POPCNT; use -accel interp\n", stderr);
        return false;
    }
    x64_cfg = *cfg;
    if (cfg->softmmu) {
        softmmu_copy = *cfg->softmmu;
        x64_cfg.softmmu = &softmmu_copy;
    }
    /* Ask for room just below our own text, so helper calls are rel32. */
    uintptr_t text = (uintptr_t)&x64_init & ~(uintptr_t)0xfffff;
    uintptr_t hint = text > cfg->code_size + (128u << 20) ? text - cfg->code_size - (64u << 20) : 0;
    void *p = mmap((void *)hint, cfg->code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        perror("peek: cannot map the JIT code buffer");
        return false;
    }
    index_cap = cfg->code_size / 32;
    void *ix = mmap(NULL, index_cap * sizeof(X64Code *), PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ix == MAP_FAILED) {
        perror("peek: cannot map the JIT block index");
        munmap(p, cfg->code_size);
        return false;
    }
    index_tab = ix;
    buf_start = p;
    buf_end = buf_start + cfg->code_size;
    x64_range_limit = (uint64_t *)buf_start;
    for (int k = 0; k < 4; k++)
        x64_range_limit[k] = cfg->guest_space_size - (1u << k);
    X64Asm a = { .p = buf_start + 64, .start = buf_start + 64, .limit = buf_end };
    gen_trampoline(&a);
    buf_blocks = (uint8_t *)(((uintptr_t)a.p + 63) & ~(uintptr_t)63);
    buf_free = buf_blocks;
    return true;
}

uintptr_t x64_exec(void *env, const void *entry) { return entry_fn(env, entry); }

void x64_code_open(X64Asm *a)
{
    a->p = a->start = buf_free;
    a->limit = buf_end;
}

void x64_code_commit(X64Code *c, uint8_t *end)
{
    buf_free = (uint8_t *)(((uintptr_t)end + 15) & ~(uintptr_t)15);
    if (index_len == index_cap) {
        fputs("peek: internal error: JIT block index full\n", stderr);
        abort();
    }
    index_tab[index_len] = c;
    __atomic_store_n(&index_len, index_len + 1, __ATOMIC_RELEASE);
}

static void patch_rel32(uint8_t *field, const void *to)
{
    int32_t rel = (int32_t)((intptr_t)to - (intptr_t)(field + 4));
    __atomic_store_n((int32_t *)(void *)field, rel, __ATOMIC_RELEASE);
}

void x64_invalidate(X64Code *c)
{
    for (int k = 0; k < 2; k++)
        if (c->self_field[k])
            patch_rel32(c->entry + c->self_field[k], c->entry + c->loop_exit);
}

void x64_set_jump(X64Code *c, int slot, const void *target)
{
    if (!c->jmp_field[slot])
        return;   /* that goto_tb loops inside the block */
    uint8_t *field = c->entry + c->jmp_field[slot];
    patch_rel32(field, target ? target : field + 4);
}

bool x64_restore(uintptr_t host_pc, const uint64_t *regs, void *env, uint64_t *guest_pc)
{
    size_t n = __atomic_load_n(&index_len, __ATOMIC_ACQUIRE);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if ((uintptr_t)index_tab[mid]->entry <= host_pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return false;
    const X64Code *c = index_tab[lo - 1];
    uintptr_t off = host_pc - (uintptr_t)c->entry;
    if (off >= c->size || c->n_insns == 0)
        return false;
    uint32_t i = 0, j = c->n_insns;
    while (j - i > 1) {
        uint32_t m = (i + j) / 2;
        if (c->insn_off[m] <= off)
            i = m;
        else
            j = m;
    }
    *guest_pc = c->insn_pc[i];
    if (!regs || !env)
        return true;
    /* A guest access: put the globals it kept in registers into env. */
    uint32_t fl = 0, fh = c->n_faults;
    while (fl < fh) {
        uint32_t m = (fl + fh) / 2;
        if (c->faults[m].host_off < off)
            fl = m + 1;
        else
            fh = m;
    }
    if (fl < c->n_faults && c->faults[fl].host_off == off) {
        const X64FaultPoint *f = &c->faults[fl];
        for (uint32_t k = 0; k < f->n; k++) {
            const X64FaultSave *sv = &c->saves[f->first + k];
            uint64_t v = sv->reg >= 0 ? regs[sv->reg] : sv->val;
            memcpy((char *)env + sv->env_off, &v, 8);
        }
    }
    return true;
}

void x64_regs_from_ucontext(const void *ucv, uint64_t regs[16])
{
    static const int8_t greg[16] = {
        REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
        REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
    };
    const ucontext_t *uc = ucv;
    for (int r = 0; r < 16; r++)
        regs[r] = (uint64_t)uc->uc_mcontext.gregs[greg[r]];
}

void x64_flush(void)
{
    for (size_t i = 0; i < index_len; i++)
        free(index_tab[i]);
    __atomic_store_n(&index_len, 0, __ATOMIC_RELEASE);
    buf_free = buf_blocks;
}

size_t x64_code_used(void) { return (size_t)(buf_free - buf_start); }

/* An mprotect that changes the flags makes the kernel emit a perf MMAP
 * record for the mapping; the buffer ends as it was, read-write-execute.
 * Only for a single-threaded moment (a fork child's atfork handler). */
void x64_code_announce(void)
{
    size_t size = (size_t)(buf_end - buf_start);
    if (mprotect(buf_start, size, PROT_READ | PROT_WRITE) != 0 ||
        mprotect(buf_start, size, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
        fatal("cannot re-protect the JIT code buffer: %s", strerror(errno));
}

/* The scratch arena: one block of memory reused by every translation, and
 * overflow chunks for a translation that needs more, merged into a bigger
 * block at the next reset. Only the translating thread uses it (code
 * generation is serialized by the caller, tb_lock in peek). */
typedef struct ScratchChunk {
    struct ScratchChunk *next;
    max_align_t data[];
} ScratchChunk;
static ScratchChunk *scratch, *scratch_extra;
static size_t scratch_cap, scratch_used, scratch_need;

static ScratchChunk *scratch_chunk(size_t n)
{
    return xmalloc(sizeof(ScratchChunk) + n);
}

void x64_scratch_reset(void)
{
    if (scratch_extra || !scratch) {
        while (scratch_extra) {
            ScratchChunk *c = scratch_extra;
            scratch_extra = c->next;
            free(c);
        }
        free(scratch);
        scratch_cap = scratch_need > (size_t)256 << 10 ? scratch_need : (size_t)256 << 10;
        scratch = scratch_chunk(scratch_cap);
    }
    scratch_used = scratch_need = 0;
}

void *x64_scratch(size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    scratch_need += n;
    void *p;
    if (scratch && scratch_used + n <= scratch_cap) {
        p = (char *)scratch->data + scratch_used;
        scratch_used += n;
    } else {
        ScratchChunk *c = scratch_chunk(n);
        c->next = scratch_extra;
        scratch_extra = c;
        p = c->data;
    }
    return memset(p, 0, n);
}
