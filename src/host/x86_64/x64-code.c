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
int64_t *x64_lane_env;
uint64_t *x64_lane_val;
uint8_t *x64_lane_flush;
/* What the lanes count, and the addresses stored to without an addition
 * (never lanes, see x64_lane_of): written by translation (tb_lock), reset
 * by x64_flush, when no vCPU runs translated code. */
static unsigned lanes_used;
static X64LaneKey lane_stored[8];
static unsigned n_lane_stored;
static bool lanes_closed;       /* lane_stored overflowed: no new lanes */
/* A block calls out while no lane is in use: it neither flushes the lanes
 * before its call nor clears them after, so no lane may be given out
 * until the next flush (plugins that count inline usually do from their
 * first block, so this keeps the calls of callback-only plugins free of
 * lane code without taking lanes from the counting ones). */
static bool calls_without_lanes;
static void lanes_reset(void);
static uint8_t *buf_start, *buf_end, *buf_free, *buf_blocks;
/* What lane additions add (x64_lane_const): pairs of words between the
 * trampoline and the blocks, each pair once, so that the hot blocks read
 * a few lines of them rather than a line of their own each. A slot is
 * free while both words are zero (no addition adds nothing). Written
 * under tb_lock before any block that reads the pair exists, and kept
 * across flushes: a pair means the same to any block. */
#define LANE_POOL 128
static uint64_t *lane_pool;
static unsigned lane_pool_n;
/* The buffer's head, at fixed offsets from its start in every process:
 * the range limits, then the lanes. The trampoline after it is not: its
 * mov of guest_base takes 6 or 10 bytes (imm32 below 4 GiB, else imm64),
 * and the lanes' flush comes first with plugins, so a block's jump to the
 * epilogue names the epilogue itself (X64_RB_EPILOGUE), and the
 * trampoline's other code is no relocation's target. */
#define BUF_HEAD 256
#define LANES_AT (X64_RANGE_LIMITS * 8)
_Static_assert(LANES_AT + X64_N_LANES * 16 + 8 <= BUF_HEAD, "the lanes and their sink fit the head");
static uintptr_t (*entry_fn)(void *env, const void *code);
static X64Code **index_tab;     /* blocks by address */
static size_t index_cap;
static size_t index_len;        /* published with release; read lock-free */
/* Where the X64Codes live: every one lives until x64_flush(). */
static Arena code_arena;

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

/* x64_lane_flush: add each lane of X64_LANES to the counter it stands
 * for and zero it, if any is non-zero. Every register but the flags is
 * kept, so that a block can call it anywhere before a call of its own. */
static void gen_lane_flush(X64Asm *a)
{
    x64_lane_flush = a->p;
    x64_ptest_lanes(a);
    x64_byte(a, 0x74);                  /* jz ret */
    uint8_t *skip = a->p++;
    x64_push(a, X64_RAX);
    x64_push(a, X64_RCX);
    for (int k = 0; k < X64_N_LANES; k++) {
        /* rcx = lane k; if non-zero, rax = where it counts, [rax] += rcx */
        x64_lane_to_reg(a, X64_RCX, k);
        x64_test_rr(a, true, X64_RCX, X64_RCX);
        x64_byte(a, 0x74);                  /* jz next */
        uint8_t *next = a->p++;
        x64_op_rip(a, 0x8b | X64_P_W, X64_RAX, &x64_lane_env[k], 0);
        x64_test_rr(a, true, X64_RAX, X64_RAX);
        x64_byte(a, 0x78);                  /* js fixed */
        uint8_t *fixed = a->p++;
        x64_op_mem_sib(a, 0x8b | X64_P_W, X64_RAX, X64_ENV, X64_RAX, 0, -X64_ENV_BIAS);
        x64_op_rip(a, 0x03 | X64_P_W, X64_RAX, &x64_lane_val[k], 0);   /* add rax, val */
        x64_byte(a, 0xeb);                  /* jmp add */
        uint8_t *add = a->p++;
        *fixed = (uint8_t)(a->p - (fixed + 1));
        x64_op_rip(a, 0x8b | X64_P_W, X64_RAX, &x64_lane_val[k], 0);
        *add = (uint8_t)(a->p - (add + 1));
        x64_store_op(a, X64_ADD, X64_RCX, X64_RAX);
        *next = (uint8_t)(a->p - (next + 1));
    }
    x64_pxor_lanes(a);
    x64_pop(a, X64_RCX);
    x64_pop(a, X64_RAX);
    *skip = (uint8_t)(a->p - (skip + 1));
    x64_ret(a);
}

/* x64_exec(env, code): save the callee-saved registers, set up env and
 * guest_base, keep the stack 16-byte aligned for helper calls, jump in.
 * Blocks leave through the epilogue with their result in rax. */
static void gen_trampoline(X64Asm *a)
{
    static const int8_t saved[] = { X64_RBP, X64_RBX, X64_R12, X64_R13, X64_R14, X64_R15 };
    if (x64_cfg.counter_lanes)
        gen_lane_flush(a);
    entry_fn = (uintptr_t (*)(void *, const void *))(void *)a->p;
    for (unsigned i = 0; i < sizeof(saved); i++)
        x64_push(a, saved[i]);
    /* return address + 6 pushes = 56 bytes: 8 more to realign */
    x64_alu_ri(a, X64_SUB, true, X64_RSP, 8);
    x64_lea(a, X64_ENV, X64_RDI, X64_NO_REG, X64_ENV_BIAS);
    x64_mov_ri(a, X64_GBASE, x64_cfg.guest_base);
    if (x64_cfg.counter_lanes)
        x64_pxor_lanes(a);
    x64_jmp_r(a, X64_RSI);

    x64_epilogue = a->p;
    if (x64_cfg.counter_lanes) {
        x64_byte(a, 0xe8);
        x64_set_rel32(a->p, x64_lane_flush);
        a->p += 4;
    }
    x64_alu_ri(a, X64_ADD, true, X64_RSP, 8);
    for (unsigned i = sizeof(saved); i-- > 0;)
        x64_pop(a, saved[i]);
    x64_ret(a);
}

/* The code buffer within rel32 reach of near, or MAP_FAILED. With
 * plugins loaded, translated code calls their callbacks (one per
 * instruction, per access) far more often than our helpers, and a call
 * out of rel32 reach is a call through a register, which costs much more
 * than the direct call once there are thousands of call sites: 18 ns
 * against 3 ns for an empty function called from 4,000 sites, and on lua
 * with an empty callback per instruction 2.17 s against 1.57 s. The
 * plugins sit among the shared libraries, with the guest space reserved
 * below them and free room above, so the buffer is looked for above near
 * first (its far end stays within 1.6 GB), then below. Our helpers are
 * then called through a register; none is called per instruction. */
static void *map_near(uintptr_t near, size_t size)
{
    const uintptr_t step = 32u << 20, span = 1u << 30;
    uintptr_t up = (near + step) & ~(step - 1);
    for (uintptr_t h = up; h < up + span; h += step) {
        void *p = mmap((void *)h, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == (void *)h)
            return p;
        if (p != MAP_FAILED)
            munmap(p, size);   /* a kernel without MAP_FIXED_NOREPLACE */
    }
    if (near < size + span + step)
        return MAP_FAILED;
    uintptr_t down = (near - size - step) & ~(step - 1);
    for (uintptr_t h = down; h > down - span; h -= step) {
        void *p = mmap((void *)h, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == (void *)h)
            return p;
        if (p != MAP_FAILED)
            munmap(p, size);
    }
    return MAP_FAILED;
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
    /* Ask for room just below our own text, so helper calls are rel32, or
     * near the plugins when there are some (calls_near). */
    uintptr_t text = (uintptr_t)&x64_init & ~(uintptr_t)0xfffff;
    uintptr_t hint = text > cfg->code_size + (128u << 20) ? text - cfg->code_size - (64u << 20) : 0;
    void *p = cfg->calls_near ? map_near((uintptr_t)cfg->calls_near, cfg->code_size) : MAP_FAILED;
    if (p == MAP_FAILED)
        p = mmap((void *)hint, cfg->code_size, PROT_READ | PROT_WRITE | PROT_EXEC,
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
    for (int k = 0; k < X64_RANGE_LIMITS; k++)
        x64_range_limit[k] = cfg->guest_space_size - (1u << k);
    /* After the limits: what the lanes count, each the sink until it is
     * given a counter (see x64_lane_of), then the sink. */
    x64_lane_env = (int64_t *)(buf_start + LANES_AT);
    x64_lane_val = (uint64_t *)(buf_start + LANES_AT + X64_N_LANES * 8);
    lanes_reset();
    X64Asm a = { .p = buf_start + BUF_HEAD, .start = buf_start + BUF_HEAD, .limit = buf_end };
    gen_trampoline(&a);
    lane_pool = (uint64_t *)(((uintptr_t)a.p + 63) & ~(uintptr_t)63);
    buf_blocks = (uint8_t *)(lane_pool + 2 * LANE_POOL);
    buf_free = buf_blocks;
    return true;
}

uintptr_t x64_exec(void *env, const void *entry) { return entry_fn(env, entry); }

/* The lanes' sink (the head's word after what they count): where a lane
 * that counts nothing points, never added to (it is zero). */
static uint64_t *lane_sink(void) { return (uint64_t *)(buf_start + LANES_AT + X64_N_LANES * 16); }

static void lane_set(int k, X64LaneKey key)
{
    __atomic_store_n(&x64_lane_env[k], key.env_off, __ATOMIC_RELAXED);
    __atomic_store_n(&x64_lane_val[k], key.addr, __ATOMIC_RELAXED);
}

static bool same_key(X64LaneKey a, X64LaneKey b) { return a.env_off == b.env_off && a.addr == b.addr; }

static void lanes_reset(void)
{
    for (int k = 0; k < X64_N_LANES; k++)
        lane_set(k, (X64LaneKey){ -1, (uint64_t)(uintptr_t)lane_sink() });
    lanes_used = 0;
    n_lane_stored = 0;
    lanes_closed = false;
    calls_without_lanes = false;
}

bool x64_lanes_in_use(void) { return lanes_used > 0; }

const uint64_t *x64_lane_const(const uint64_t v[2])
{
    unsigned h = (unsigned)((v[0] * 0x9e3779b97f4a7c15u + v[1]) >> 56) % LANE_POOL;
    for (unsigned n = 0; n < LANE_POOL; n++, h = (h + 1) % LANE_POOL) {
        uint64_t *slot = lane_pool + 2 * h;
        if (slot[0] == v[0] && slot[1] == v[1])
            return slot;
        if (slot[0] || slot[1])
            continue;
        if (4 * lane_pool_n >= 3 * LANE_POOL)
            return NULL;
        lane_pool_n++;
        slot[0] = v[0];
        slot[1] = v[1];
        return slot;
    }
    return NULL;
}

void x64_lanes_note_call(void) { calls_without_lanes = true; }

int x64_lane_of(X64LaneKey key, bool assign)
{
    for (unsigned k = 0; k < lanes_used; k++)
        if (same_key((X64LaneKey){ x64_lane_env[k], x64_lane_val[k] }, key))
            return (int)k;
    if (!assign || lanes_closed || lanes_used == X64_N_LANES || (!lanes_used && calls_without_lanes))
        return -1;
    for (unsigned i = 0; i < n_lane_stored; i++)
        if (same_key(lane_stored[i], key))
            return -1;
    /* Published to the other vCPUs' flushes with the block that uses it. */
    lane_set((int)lanes_used, key);
    return (int)lanes_used++;
}

void x64_lane_stored(X64LaneKey key)
{
    if (x64_lane_of(key, false) >= 0)
        return;
    for (unsigned i = 0; i < n_lane_stored; i++)
        if (same_key(lane_stored[i], key))
            return;
    if (n_lane_stored == sizeof(lane_stored) / sizeof(lane_stored[0]))
        lanes_closed = true;
    else
        lane_stored[n_lane_stored++] = key;
}

void x64_lanes_from_ucontext(void *ucv, void *env)
{
    ucontext_t *uc = ucv;
    if (!x64_cfg.counter_lanes || !uc->uc_mcontext.fpregs)
        return;
    uint64_t v[X64_N_LANES];
    _Static_assert(sizeof(v) == sizeof(uc->uc_mcontext.fpregs->_xmm[0]), "the lanes fill one xmm register");
    memcpy(v, &uc->uc_mcontext.fpregs->_xmm[X64_LANES], sizeof(v));
    for (int k = 0; k < X64_N_LANES; k++) {
        if (!v[k])
            continue;
        int64_t e = __atomic_load_n(&x64_lane_env[k], __ATOMIC_RELAXED);
        uint64_t a = __atomic_load_n(&x64_lane_val[k], __ATOMIC_RELAXED);
        if (e >= 0) {
            uint64_t base;
            memcpy(&base, (const char *)env + e, sizeof(base));
            a += base;
        }
        *(uint64_t *)(uintptr_t)a += v[k];
    }
    memset(&uc->uc_mcontext.fpregs->_xmm[X64_LANES], 0, sizeof(v));
}

/* The code buffer's pages are made ahead of the code that fills them,
 * POPULATE_STEP bytes at a time in one madvise: a fault on each first
 * write costs about twice as much a page (2.1 against 1.1 us here). A
 * kernel without MADV_POPULATE_WRITE (before 5.14) faults them as before. */
#define POPULATE_STEP ((size_t)256 << 10)
static uint8_t *buf_populated;   /* made up to here (translation is serialized) */

static void populate_ahead(void)
{
    if (buf_free + POPULATE_STEP / 2 > buf_populated && buf_populated < buf_end) {
        if (buf_populated < buf_free)
            buf_populated = (uint8_t *)((uintptr_t)buf_free & ~(uintptr_t)4095);
        size_t n = (size_t)(buf_end - buf_populated) < POPULATE_STEP ? (size_t)(buf_end - buf_populated)
                                                                      : POPULATE_STEP;
        if (madvise(buf_populated, n, MADV_POPULATE_WRITE) == 0)
            buf_populated += n;
        else
            buf_populated = buf_end;
    }
}

void x64_code_open(X64Asm *a)
{
    populate_ahead();
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
    for (int k = 0; k < X64_BACK_EDGES; k++)
        if (c->self_field[k])
            patch_rel32(c->entry + c->self_field[k], c->entry + c->loop_exit[k]);
}

void x64_set_jump(X64Code *c, int slot, const void *target)
{
    if (!c->jmp_field[slot])
        return;   /* that goto_tb loops inside the block */
    uint8_t *field = c->entry + c->jmp_field[slot];
    patch_rel32(field, target ? target : field + 4);
}

/* The live block whose code host_pc lies in, or NULL. */
static const X64Code *code_at(uintptr_t host_pc)
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
        return NULL;
    const X64Code *c = index_tab[lo - 1];
    uintptr_t off = host_pc - (uintptr_t)c->entry;
    return off < c->size && c->n_insns ? c : NULL;
}

/* c's guest access at offset off, or NULL. */
static const X64FaultPoint *fault_at(const X64Code *c, uintptr_t off)
{
    uint32_t fl = 0, fh = c->n_faults;
    while (fl < fh) {
        uint32_t m = (fl + fh) / 2;
        if (c->faults[m].host_off < off)
            fl = m + 1;
        else
            fh = m;
    }
    return fl < c->n_faults && c->faults[fl].host_off == off ? &c->faults[fl] : NULL;
}

bool x64_retry_at(uintptr_t host_pc)
{
    const X64Code *c = code_at(host_pc);
    const X64FaultPoint *f = c ? fault_at(c, host_pc - (uintptr_t)c->entry) : NULL;
    return f && f->retry;
}

bool x64_restore(uintptr_t host_pc, const uint64_t *regs, void *env, uint64_t *guest_pc,
                 uintptr_t *tag)
{
    const X64Code *c = code_at(host_pc);
    if (!c)
        return false;
    uintptr_t off = host_pc - (uintptr_t)c->entry;
    uint32_t i = 0, j = c->n_insns;
    while (j - i > 1) {
        uint32_t m = (i + j) / 2;
        if (c->insn_off[m] <= off)
            i = m;
        else
            j = m;
    }
    *guest_pc = c->insn_pc[i];
    *tag = c->tag;
    if (!regs || !env)
        return true;
    /* A guest access: put the globals it kept in registers into env. */
    const X64FaultPoint *f = fault_at(c, off);
    if (f) {
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
    lanes_reset();
    __atomic_store_n(&index_len, 0, __ATOMIC_RELEASE);
    arena_reset(&code_arena);
    buf_free = buf_blocks;
}

X64Code *x64_code_alloc(size_t n) { return arena_alloc(&code_arena, n); }

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

/* ---- the persistent code cache's form of a block ----
 * A header, the code (with every goto_tb rel32 at 0: unchained), then
 * insn_pc[], saves[], relocs[] (8-byte members), insn_off[], faults[]. */
typedef struct X64Blob {
    uint32_t size, n_insns, n_faults, n_saves, n_relocs;
    uint32_t body_off;
    uint32_t jmp_field[IR_GOTO_TB_SLOTS], self_field[X64_BACK_EDGES], loop_exit[X64_BACK_EDGES];
} X64Blob;
_Static_assert(sizeof(X64Blob) % 8 == 0, "the code after the header stays 8-aligned");

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static size_t blob_size(const X64Blob *h)
{
    return sizeof(X64Blob) + align8(h->size) + (size_t)h->n_insns * (sizeof(uint64_t) + sizeof(uint32_t)) +
           (size_t)h->n_saves * sizeof(X64FaultSave) + (size_t)h->n_relocs * sizeof(X64Reloc) +
           (size_t)h->n_faults * sizeof(X64FaultPoint);
}

bool x64_reloc_base(uintptr_t target, uint8_t *base, int64_t *addend)
{
    if (target >= (uintptr_t)buf_start && target < (uintptr_t)buf_start + BUF_HEAD) {
        *base = X64_RB_BUF;
        *addend = (int64_t)(target - (uintptr_t)buf_start);
        return true;
    }
    if (target == (uintptr_t)x64_epilogue) {
        *base = X64_RB_EPILOGUE;
        *addend = 0;
        return true;
    }
    if (target >= x64_cfg.image_lo && target < x64_cfg.image_hi) {
        *base = X64_RB_IMAGE;
        *addend = (int64_t)(target - x64_cfg.image_lo);
        return true;
    }
    return false;
}

size_t x64_code_export(const X64Code *c, void *out, size_t cap)
{
    if (!c->portable)
        return 0;
    uint32_t n_saves = 0;
    for (uint32_t i = 0; i < c->n_faults; i++)
        if (c->faults[i].first + c->faults[i].n > n_saves)
            n_saves = c->faults[i].first + c->faults[i].n;
    X64Blob h = {
        .size = c->size, .n_insns = c->n_insns, .n_faults = c->n_faults, .n_saves = n_saves,
        .n_relocs = c->n_relocs, .body_off = (uint32_t)(c->body - c->entry),
    };
    memcpy(h.jmp_field, c->jmp_field, sizeof(h.jmp_field));
    memcpy(h.self_field, c->self_field, sizeof(h.self_field));
    memcpy(h.loop_exit, c->loop_exit, sizeof(h.loop_exit));
    size_t need = blob_size(&h);
    if (need > cap)
        return need;
    uint8_t *p = out;
    memcpy(p, &h, sizeof(h));
    p += sizeof(h);
    memcpy(p, c->entry, c->size);
    for (int k = 0; k < IR_GOTO_TB_SLOTS; k++)
        if (c->jmp_field[k])
            memset(p + c->jmp_field[k], 0, 4);
    memset(p + c->size, 0, align8(c->size) - c->size);
    p += align8(c->size);
#define PUT(arr, n) (memcpy(p, (arr), (n) * sizeof(*(arr))), p += (n) * sizeof(*(arr)))
    PUT(c->insn_pc, c->n_insns);
    PUT(c->saves, n_saves);
    PUT(c->relocs, c->n_relocs);
    PUT(c->insn_off, c->n_insns);
    PUT(c->faults, c->n_faults);
#undef PUT
    return need;
}

/* Everything x64_restore and the patching functions will index stays
 * inside the block: a damaged blob is refused, not followed. */
static bool blob_sane(const X64Blob *h, const uint32_t *insn_off, const X64FaultPoint *faults,
                      const X64FaultSave *saves, const X64Reloc *relocs)
{
    if (h->size == 0 || h->body_off >= h->size)
        return false;
    for (int k = 0; k < IR_GOTO_TB_SLOTS; k++)
        if ((uint64_t)h->jmp_field[k] + 4 > h->size)
            return false;
    for (int k = 0; k < X64_BACK_EDGES; k++)
        if ((uint64_t)h->self_field[k] + 4 > h->size || h->loop_exit[k] >= h->size)
            return false;
    for (uint32_t i = 0; i < h->n_insns; i++)
        if (insn_off[i] >= h->size || (i && insn_off[i] < insn_off[i - 1]))
            return false;
    for (uint32_t i = 0; i < h->n_faults; i++)
        if (faults[i].host_off >= h->size || (uint64_t)faults[i].first + faults[i].n > h->n_saves)
            return false;
    for (uint32_t i = 0; i < h->n_saves; i++)
        if (saves[i].reg < -1 || saves[i].reg > 15)
            return false;
    for (uint32_t i = 0; i < h->n_relocs; i++) {
        const X64Reloc *r = &relocs[i];
        if (r->form > X64_ABS32 || r->base > X64_RB_EPILOGUE ||
            (uint64_t)r->off + (r->form == X64_ABS64 ? 8 : 4) > h->size)
            return false;
    }
    return true;
}

X64Code *x64_code_import(const void *blob, size_t len, uintptr_t tag)
{
    X64Blob h;
    if (len < sizeof(h))
        return NULL;
    memcpy(&h, blob, sizeof(h));
    if (h.size > (1u << 24) || h.n_insns > (1u << 20) || h.n_faults > (1u << 20) ||
        h.n_saves > (1u << 24) || h.n_relocs > (1u << 20) || blob_size(&h) != len)
        return NULL;
    const uint8_t *code = (const uint8_t *)blob + sizeof(h);
    const uint8_t *tabs = code + align8(h.size);
    size_t pc_bytes = h.n_insns * sizeof(uint64_t), sv_bytes = h.n_saves * sizeof(X64FaultSave),
           rl_bytes = h.n_relocs * sizeof(X64Reloc), off_bytes = h.n_insns * sizeof(uint32_t),
           ft_bytes = h.n_faults * sizeof(X64FaultPoint);
    /* A block refused below leaves its X64Code in the arena until the next flush. */
    X64Code *c = x64_code_alloc(sizeof(X64Code) + pc_bytes + sv_bytes + rl_bytes + off_bytes + ft_bytes);
    c->insn_pc = (uint64_t *)(c + 1);
    c->saves = (X64FaultSave *)(c->insn_pc + h.n_insns);
    c->relocs = (X64Reloc *)(c->saves + h.n_saves);
    c->insn_off = (uint32_t *)(c->relocs + h.n_relocs);
    c->faults = (X64FaultPoint *)(c->insn_off + h.n_insns);
    memcpy(c->insn_pc, tabs, pc_bytes + sv_bytes + rl_bytes + off_bytes + ft_bytes);
    populate_ahead();
    uint8_t *at = buf_free;
    if (!blob_sane(&h, c->insn_off, c->faults, c->saves, c->relocs) ||
        (size_t)(buf_end - at) < (size_t)h.size + X64_OP_MAX_BYTES) {
        return NULL;
    }
    memcpy(at, code, h.size);
    for (uint32_t i = 0; i < h.n_relocs; i++) {
        const X64Reloc *r = &c->relocs[i];
        uintptr_t base = r->base == X64_RB_IMAGE ? x64_cfg.image_lo
                         : r->base == X64_RB_BUF ? (uintptr_t)buf_start
                         : r->base == X64_RB_GBASE ? x64_cfg.guest_base
                         : r->base == X64_RB_EPILOGUE ? (uintptr_t)x64_epilogue : tag;
        uintptr_t target = base + (uintptr_t)r->addend;
        if (r->form == X64_ABS64) {
            memcpy(at + r->off, &target, 8);
        } else if (r->form == X64_ABS32) {
            /* guest_base as a displacement: this process's must fit too */
            int32_t d = (int32_t)target;
            if (x64_cfg.softmmu || (uintptr_t)(intptr_t)d != target) {
                return NULL;
            }
            memcpy(at + r->off, &d, 4);
        } else if (x64_rel32_reaches(at + r->off + 4, (const void *)target)) {
            x64_set_rel32(at + r->off, (const void *)target);
        } else {
            return NULL;
        }
    }
    /* goto_tb slots start unchained: their rel32 jumps to the next insn */
    c->entry = at;
    c->body = at + h.body_off;
    c->size = h.size;
    c->n_insns = h.n_insns;
    c->n_faults = h.n_faults;
    c->n_relocs = h.n_relocs;
    c->portable = true;
    memcpy(c->jmp_field, h.jmp_field, sizeof(c->jmp_field));
    memcpy(c->self_field, h.self_field, sizeof(c->self_field));
    memcpy(c->loop_exit, h.loop_exit, sizeof(c->loop_exit));
    c->in_head = 0;
    memset(c->in_next, 0, sizeof(c->in_next));
    x64_code_commit(c, at + h.size);
    return c;
}

/* The scratch arena: one block of memory reused by every translation, and
 * overflow chunks for a translation that needs more, merged into a bigger
 * block at the next reset. Only the translating thread uses it (code
 * generation is serialized by the caller, tb_lock in peek). The block's
 * free part is x64_scratch_at..x64_scratch_end (x64-internal.h's inline
 * x64_scratch_raw bumps it); a request that does not fit comes here. */
typedef struct ScratchChunk {
    struct ScratchChunk *next;
    max_align_t data[];
} ScratchChunk;
static ScratchChunk *scratch, *scratch_extra;
static size_t scratch_cap, scratch_extra_bytes;
char *x64_scratch_at, *x64_scratch_end;

static ScratchChunk *scratch_chunk(size_t n)
{
    return xmalloc(sizeof(ScratchChunk) + n);
}

void x64_scratch_reset(void)
{
    if (scratch_extra || !scratch) {
        size_t need = scratch ? scratch_cap + scratch_extra_bytes : 0;
        while (scratch_extra) {
            ScratchChunk *c = scratch_extra;
            scratch_extra = c->next;
            free(c);
        }
        free(scratch);
        scratch_cap = need > (size_t)256 << 10 ? need : (size_t)256 << 10;
        scratch = scratch_chunk(scratch_cap);
    }
    scratch_extra_bytes = 0;
    x64_scratch_at = (char *)scratch->data;
    x64_scratch_end = x64_scratch_at + scratch_cap;
}

void *x64_scratch_overflow(size_t n)
{
    ScratchChunk *c = scratch_chunk(n);
    c->next = scratch_extra;
    scratch_extra = c;
    scratch_extra_bytes += n;
    return c->data;
}

void *x64_scratch(size_t n) { return memset(x64_scratch_raw(n), 0, n); }
