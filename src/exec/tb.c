/*
 * The code cache: a hash table of TBs keyed by guest pc, the per-page lists
 * used to invalidate TBs when guest code is overwritten, and translation.
 *
 * One lock (tb_lock) serializes translation and every change to the hash
 * table and page lists; lookups in the hash chains run without it, because
 * a TB is fully built before it is published with a release store, and a
 * TB is freed only by tb_flush, when no vCPU is inside cpu_exec.
 */
#include "util/util.h"
#include "exec/tb.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "exec/debug.h"
#include "exec/exclusive.h"
#include "exec/exec.h"
#include "exec/guest.h"
#include "exec/image.h"
#include "exec/log.h"
#include "exec/memory.h"
#include "exec/tb-cache.h"
#include "exec/softmmu-mode.h"
#include "exec/translate.h"
#include "exec/backend.h"

#define TB_HASH_BITS 16
#define TB_HASH_SIZE (1u << TB_HASH_BITS)
#define PAGE_HASH_BITS 14
#define PAGE_HASH_SIZE (1u << PAGE_HASH_BITS)

unsigned tb_max_insns = 512;

/* The code cache is process-wide by design: all guest threads share
 * translations. Everything below is guarded by tb_lock except the lock-free
 * reads of tb_hash chains described above. */
static pthread_mutex_t tb_lock = PTHREAD_MUTEX_INITIALIZER;
static TB *tb_hash[TB_HASH_SIZE];
static TB *page_tbs[PAGE_HASH_SIZE];      /* chained through page_next */
static TB *tb_all;                         /* chained through all_next */
static IRContext *tb_ir;                   /* the one translation context */
static const GuestArch *tb_guest;
static uint64_t tb_count, tb_insn_count;
/* Where the TBs live: each until the next tb_flush(), which frees them all
 * (a block's record in one malloc each cost a fault every 28 blocks). */
static Arena tb_arena;
/* Atomic: a translation was made without the plugins while some were
 * loaded (exec_plugin_code still false); see exec_plugin_code_on(). */
static bool tb_plain_under_plugins;

static inline unsigned tb_hash_fn(uint64_t pc) { return (unsigned)((pc >> 1) ^ (pc >> 17)) & (TB_HASH_SIZE - 1); }
static inline unsigned page_hash_fn(uint64_t page) { return (unsigned)(page >> GUEST_PAGE_BITS) & (PAGE_HASH_SIZE - 1); }

/* Hold tb_lock across fork so the child never inherits it held by a
 * thread that does not exist there. Registered after mem_init()'s handlers,
 * so prepare takes tb_lock before mem_lock, the order translation nests them. */
static void tb_prefork(void) { pthread_mutex_lock(&tb_lock); }
static void tb_postfork(void) { pthread_mutex_unlock(&tb_lock); }

void tb_init(const GuestArch *g)
{
    static const IREnvLayout layout = {
        .scratch_off = offsetof(CPUState, scratch),
        .insn_pc_off = offsetof(CPUState, insn_pc),
    };
    tb_guest = g;
    pthread_atfork(tb_prefork, tb_postfork, tb_postfork);
    tb_ir = xmalloc(sizeof(IRContext));
    ir_context_init(tb_ir, &layout);
    g->init_ir(tb_ir);
}

void tb_stats(uint64_t *tbs, uint64_t *insns)
{
    pthread_mutex_lock(&tb_lock);
    *tbs = tb_count;
    *insns = tb_insn_count;
    pthread_mutex_unlock(&tb_lock);
}

/* What a TB is looked up by: its virtual pc, and under softmmu the
 * physical address of that pc and the guest's flags. */
typedef struct TBKey {
    uint64_t pc, phys;
    uint32_t flags, cflags;
} TBKey;

/* A TB whose code crosses into a second page is only right while that
 * page still maps to the same physical page (softmmu). */
static bool tb_page2_ok(CPUState *cpu, const TB *tb)
{
    uint64_t pa;
    return tb->page[1] == UINT64_MAX ||
           (exec_softmmu->code_phys(cpu, tb->pc + tb->size - 1, &pa) &&
            (pa & GUEST_PAGE_MASK) == tb->page[1]);
}

static bool tb_matches(CPUState *cpu, const TB *tb, const TBKey *k)
{
    return tb->pc == k->pc && tb->phys_pc == k->phys && tb->flags == k->flags &&
           tb->cflags == k->cflags && !tb->invalid && (!exec_softmmu || tb_page2_ok(cpu, tb));
}

static TB *tb_hash_lookup(CPUState *cpu, const TBKey *k)
{
    for (TB *tb = __atomic_load_n(&tb_hash[tb_hash_fn(k->phys)], __ATOMIC_ACQUIRE); tb;
         tb = __atomic_load_n(&tb->hash_next, __ATOMIC_ACQUIRE))
        if (tb_matches(cpu, tb, k))
            return tb;
    return NULL;
}

/* The key of pc for cpu now; under softmmu an unfetchable pc raises the
 * guest's fetch fault here. */
static TBKey tb_key(CPUState *cpu, uint64_t pc, uint32_t cflags)
{
    TBKey k = { .pc = pc, .phys = pc, .flags = 0, .cflags = cflags };
    if (exec_softmmu) {
        k.flags = exec_softmmu->tb_flags(cpu);
        if (!exec_softmmu->code_phys(cpu, pc, &k.phys)) {
            cpu_set_pc(cpu, pc);
            exec_softmmu->fetch_fault(cpu, pc);
        }
    }
    return k;
}

void translate_fetch_fault(uint64_t pc, uint64_t addr)
{
    CPUState *cpu = current_cpu;
    pthread_mutex_unlock(&tb_lock);
    cpu_set_pc(cpu, pc);
    if (exec_softmmu)
        exec_softmmu->fetch_fault(cpu, addr);
    cpu_raise(cpu, EXCP_SEGV, addr, mem_page_flags(addr) & PAGE_VALID ? SEGV_ACCERR : SEGV_MAPERR);
}

/* -d in_asm in QEMU 7.2's layout: a separator, "IN: " and the function's
 * name, then per instruction its address, bytes, mnemonic and operands in
 * the guest's columns (GuestArch.log_*), and an empty line. */
static void log_in_asm(uint64_t pc, uint32_t n_insns)
{
    FILE *f = log_file();
    const char *sym = image_symbol_lookup(pc);
    fprintf(f, "----------------\nIN: %s\n", sym ? sym : "");
    for (uint32_t i = 0; i < n_insns; i++) {
        /* The translator fetched these bytes, so they are readable. */
        uint8_t bytes[16];
        uint64_t bad;
        unsigned len = translator_fetch_insn(tb_guest, pc, bytes, &bad);
        if (!len)
            break;
        char buf[128], hex[40];
        tb_guest->disas(buf, sizeof(buf), pc, bytes, len);
        /* 2- and 4-byte instructions as the little-endian word objdump
         * shows; others byte by byte */
        if (len == 2 || len == 4) {
            uint32_t w = 0;
            memcpy(&w, bytes, len);
            snprintf(hex, sizeof(hex), "%0*" PRIx32, (int)len * 2, w);
        } else {
            for (unsigned k = 0; k < len && k < 16; k++)
                snprintf(hex + 2 * k, sizeof(hex) - 2 * k, "%02x", bytes[k]);
        }
        size_t mlen = strcspn(buf, " \t");
        const char *ops = buf[mlen] ? buf + mlen + 1 : "";
        fprintf(f, "0x%0*" PRIx64 ":  %-*s%-*.*s %s\n", tb_guest->log_addr_digits, pc,
                tb_guest->log_hex_width, hex, tb_guest->log_mnemonic_width - 1, (int)mlen, buf, ops);
        pc += len;
    }
    fprintf(f, "\n");
}

static TB *tb_alloc__locked(void) { return memset(arena_alloc(&tb_arena, sizeof(TB)), 0, sizeof(TB)); }

static void page_add_tb__locked(TB *tb, int n)
{
    unsigned h = page_hash_fn(tb->page[n]);
    tb->page_next[n] = page_tbs[h];
    page_tbs[h] = (TB *)((uintptr_t)tb | (unsigned)n);   /* low bit: which of tb's lists */
}

/* A superblock under plugins (TBInfo.n_blocks): what was asked for each
 * basic block it goes through, from the TB in the table at its start
 * (the block as it ran alone, or a superblock from there, which keeps
 * its first block's). */
static void find_block_reqs(CPUState *cpu, const IRContext *s, TBInfo *info)
{
    unsigned k = 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->nb_ops && k < info->n_blocks; i++) {
        if (s->ops[i].opc != IR_insn_start)
            continue;
        if (n++ == info->block_first[k]) {
            TBKey key = { .pc = s->ops[i].args[0], .phys = s->ops[i].args[0], .flags = info->flags };
            const TB *tb = tb_hash_lookup(cpu, &key);
            info->block_reqs[k++] = tb ? tb->plugin_reqs : NULL;
        }
    }
    while (k < info->n_blocks)
        info->block_reqs[k++] = NULL;
}

/* The frontend, the plugins' instrumentation, then a debugger's; fewer
 * instructions when the last does not fit. */
static void translate__locked(IRContext *s, CPUState *cpu, TBInfo *info)
{
    /* For the plugins or not, once per translation. The mark, then the
     * flag again: either this translation sees the flag set or the
     * plugin's registration sees the mark and drops it (Dekker, both
     * sequentially consistent). */
    bool plug = exec_plugin_hooks && __atomic_load_n(&exec_plugin_code, __ATOMIC_ACQUIRE);
    if (exec_plugin_hooks && !plug) {
        __atomic_store_n(&tb_plain_under_plugins, true, __ATOMIC_SEQ_CST);
        plug = __atomic_load_n(&exec_plugin_code, __ATOMIC_SEQ_CST);
    }
    translator_plugin_mem = plug;
    for (;;) {
        ir_reset(s);
        translator_code_unprotected = false;
        tb_guest->translate(s, cpu, info);
        if (plug && info->hot && !exec_softmmu)
            find_block_reqs(cpu, s, info);
        if (plug && !info->debug_trap)
            exec_plugin_hooks->instrument_tb(s, cpu, info);
        if (debug_rewrite_tb(s, info))
            return;
        peek_assert(info->n_insns > 1, "the watchpoint checks of one instruction do not fit in a block");
        *info = (TBInfo){ .pc = info->pc, .max_insns = info->n_insns / 2, .cflags = info->cflags,
                          .flags = info->flags, .hot = info->hot, .end = info->end,
                          .plugin_parent = info->plugin_parent };
    }
}

/* The pages a new TB covers (physical ones under softmmu), and the list
 * of all TBs. */
static void tb_set_pages__locked(CPUState *cpu, TB *tb)
{
    tb->page[0] = tb->phys_pc & GUEST_PAGE_MASK;
    uint64_t last = (tb->pc + (tb->size ? tb->size : 1) - 1) & GUEST_PAGE_MASK;
    tb->page[1] = UINT64_MAX;
    if (last != (tb->pc & GUEST_PAGE_MASK)) {
        tb->page[1] = last;
        /* the translator fetched from it, so it maps */
        if (exec_softmmu && exec_softmmu->code_phys(cpu, last, &tb->page[1]))
            tb->page[1] &= GUEST_PAGE_MASK;
    }
    tb->all_next = tb_all;
    tb_all = tb;
}

/* Enter a new TB in the page lists and the hash table, where every vCPU
 * can find it. */
static void tb_publish__locked(TB *tb)
{
    page_add_tb__locked(tb, 0);
    if (tb->page[1] != UINT64_MAX)
        page_add_tb__locked(tb, 1);
    unsigned h = tb_hash_fn(tb->phys_pc);
    tb->hash_next = tb_hash[h];
    __atomic_store_n(&tb_hash[h], tb, __ATOMIC_RELEASE);
}

/* The persistent code cache's block for pc, if it still matches memory
 * (user mode only: there the key is the pc alone). */
static TB *tb_load__locked(CPUState *cpu, uint64_t pc)
{
    TBCacheHit hit;
    if (!tb_cache_find__locked(pc, &hit))
        return NULL;
    TB *tb = tb_alloc__locked();
    tb->pc = pc;
    tb->phys_pc = pc;
    tb->size = hit.size;
    tb->n_insns = hit.n_insns;
    if (!backend->import_code(tb, hit.code, hit.code_len)) {
        tb_cache_refuse__locked(&hit);
        return NULL;     /* its TB stays in the arena until the next flush */
    }
    tb_set_pages__locked(cpu, tb);
    tb_publish__locked(tb);
    return tb;
}

void tb_for_each(void (*fn)(const TB *tb, void *arg), void *arg)
{
    pthread_mutex_lock(&tb_lock);
    for (TB *tb = tb_all; tb; tb = tb->all_next)
        if (!tb->invalid)
            fn(tb, arg);
    pthread_mutex_unlock(&tb_lock);
}

/* parent: a tail of it (TB_CF_TAIL), which is not published. */
static TB *tb_gen_code__locked(CPUState *cpu, const TBKey *k, bool hot, TB *parent)
{
    uint64_t pc = k->pc;
    uint32_t cflags = k->cflags;
    if (cflags == 0 && !hot && tb_cache_active()) {
        TB *tb = tb_load__locked(cpu, pc);
        if (tb)
            return tb;
    }
    IRContext *s = tb_ir;
    TBInfo info = { .pc = pc, .max_insns = (cflags & TB_CF_STEP) ? 1 : tb_max_insns,
                    .cflags = cflags, .flags = k->flags, .hot = hot };
    if (parent) {
        info.end = parent->pc + parent->size;
        info.plugin_parent = parent->plugin_reqs;
    }
    translate__locked(s, cpu, &info);
    bool logged = log_in_range(pc);
    if (log_enabled(LOG_IN_ASM) && logged)
        log_in_asm(pc, info.n_insns);
    if (log_enabled(LOG_OP) && logged) {
        fprintf(log_file(), "OP:\n");
        ir_dump(s, log_file());
        fputc('\n', log_file());
    }
    /* A block that counts its runs is translated again once hot, with
     * the optimizer; most never get there, so their first translation
     * skips it (design-notes.md, "A first tier"). Not with -tb-cache,
     * whose file keeps the first translation for the runs after. */
    s->first_tier = s->heat_off && backend->counts_heat && !tb_cache_active();
    if (!s->first_tier)
        ir_optimize(s);
    ir_verify(s);
    if (log_enabled(LOG_OP_OPT) && logged) {
        fprintf(log_file(), "OP after optimization:\n");
        ir_dump(s, log_file());
        fputc('\n', log_file());
    }
    TB *tb = tb_alloc__locked();
    tb->pc = pc;
    tb->phys_pc = k->phys;
    tb->flags = k->flags;
    tb->size = info.size;
    tb->n_insns = info.n_insns;
    tb->cflags = cflags;
    tb->code_outside = info.code_outside;
    tb->plugin_unwind = info.plugin_unwind;
    tb->plugin_reqs = info.plugin_reqs;
    backend->compile(s, tb);
    if (log_enabled(LOG_OUT_ASM) && logged && backend->log_code)
        backend->log_code(tb, log_file());
    tb_set_pages__locked(cpu, tb);
    tb_count++;
    tb_insn_count += tb->n_insns;
    if (translator_code_unprotected) {
        /* Read while the host kernel was writing its page: no write
         * fault would drop it, so it runs this once and is never found. */
        tb->invalid = 1;
        backend->unchain(tb);
        return tb;
    }
    if (parent) {
        page_add_tb__locked(tb, 0);
        if (tb->page[1] != UINT64_MAX)
            page_add_tb__locked(tb, 1);
        tb->tail_next = parent->tails;
        parent->tails = tb;
        return tb;
    }
    tb_publish__locked(tb);
    return tb;
}

void tb_chain(TB *from, int slot, TB *to)
{
    /* Softmmu: only within one virtual page, whose mapping the source's
     * lookup checked, and never into or out of a TB spanning two. */
    if (exec_softmmu && (((from->pc ^ to->pc) & GUEST_PAGE_MASK) || from->flags != to->flags ||
                         from->page[1] != UINT64_MAX || to->page[1] != UINT64_MAX))
        return;
    pthread_mutex_lock(&tb_lock);
    if (!from->invalid && !to->invalid && from->jmp_dest[slot] != to)
        backend->chain(from, slot, to);
    pthread_mutex_unlock(&tb_lock);
}

static TB *tb_lookup_or_gen(CPUState *cpu, const TBKey *k)
{
    TB *tb = tb_hash_lookup(cpu, k);
    if (!tb) {
        pthread_mutex_lock(&tb_lock);
        tb = tb_hash_lookup(cpu, k);
        if (!tb)
            tb = tb_gen_code__locked(cpu, k, false, NULL);
        pthread_mutex_unlock(&tb_lock);
    }
    return tb;
}

TB *tb_find(CPUState *cpu, uint64_t pc)
{
    unsigned j = tb_jc_hash(pc);
    TB *tb = cpu->jmp_cache[j];
    if (!exec_softmmu) {
        if (tb && tb->pc == pc && !tb->invalid)
            return tb;
        TBKey k = { .pc = pc, .phys = pc };
        tb = tb_lookup_or_gen(cpu, &k);
    } else {
        TBKey k = tb_key(cpu, pc, 0);
        if (!tb || !tb_matches(cpu, tb, &k))
            tb = tb_lookup_or_gen(cpu, &k);
    }
    cpu->jmp_cache[j] = tb;
    return tb;
}

TB *tb_find_step(CPUState *cpu, uint64_t pc)
{
    TBKey k = tb_key(cpu, pc, TB_CF_STEP);
    return tb_lookup_or_gen(cpu, &k);
}

TB *tb_find_tail(CPUState *cpu, TB *parent, uint64_t pc)
{
    pthread_mutex_lock(&tb_lock);
    TB *tb = parent->tails;
    while (tb && (tb->pc != pc || tb->invalid))
        tb = tb->tail_next;
    if (!tb) {
        TBKey k = { .pc = pc, .phys = pc, .flags = parent->flags, .cflags = TB_CF_TAIL };
        tb = tb_gen_code__locked(cpu, &k, false, parent);
    }
    pthread_mutex_unlock(&tb_lock);
    return tb;
}

static void tb_hash_remove__locked(TB *tb)
{
    TB **pp = &tb_hash[tb_hash_fn(tb->phys_pc)];
    while (*pp && *pp != tb)
        pp = &(*pp)->hash_next;
    if (*pp)
        __atomic_store_n(pp, tb->hash_next, __ATOMIC_RELEASE);
}

static void clear_jmp_cache(CPUState *cpu, void *arg)
{
    memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
    /* its TB is gone: the failed check's instruction runs in a step TB */
    cpu->check_tb = NULL;
}

void tb_flush(void)
{
    pthread_mutex_lock(&tb_lock);
    for (unsigned h = 0; h < TB_HASH_SIZE; h++) {
        for (TB *tb = tb_hash[h]; tb; tb = tb->hash_next) {
            __atomic_store_n(&tb->invalid, 1, __ATOMIC_RELEASE);
            backend->unchain(tb);
        }
        tb_hash[h] = NULL;
    }
    memset(page_tbs, 0, sizeof(page_tbs));
    if (backend->flush)
        backend->flush();
    cpu_list_foreach(clear_jmp_cache, NULL);
    while (tb_all) {
        TB *tb = tb_all;
        tb_all = tb->all_next;
        if (backend->free_tb)
            backend->free_tb(tb);
    }
    arena_reset(&tb_arena);
    pthread_mutex_unlock(&tb_lock);
    if (exec_plugin_hooks)
        exec_plugin_hooks->flushed();
}

static void flush_exclusive(void *arg)
{
    start_exclusive();
    tb_flush();
    end_exclusive();
}

void tb_flush_soon(void) { cpu_run_at_safe_point(flush_exclusive, NULL); }

void exec_plugin_code_on(void)
{
    if (__atomic_load_n(&exec_plugin_code, __ATOMIC_ACQUIRE))
        return;
    __atomic_store_n(&exec_plugin_code, true, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&tb_plain_under_plugins, __ATOMIC_SEQ_CST))
        tb_flush_soon();
}

void tb_promote(CPUState *cpu, TB *old)
{
    pthread_mutex_lock(&tb_lock);
    /* Another vCPU may have promoted it (or a store dropped it) meanwhile. */
    if (!old->invalid && !old->cflags) {
        TBKey k = { .pc = old->pc, .phys = old->phys_pc, .flags = old->flags };
        TB *tb = tb_gen_code__locked(cpu, &k, true, NULL);
        if (!tb->invalid) {
            /* The new TB is first in its hash chain already; the old one
             * leaves it, and the blocks chained to it come back through
             * the loop and chain to the new one. It stays in its page
             * lists, marked invalid, until its page goes or a flush. */
            __atomic_store_n(&old->invalid, 1, __ATOMIC_RELEASE);
            tb_hash_remove__locked(old);
            backend->unchain(old);
            cpu->jmp_cache[tb_jc_hash(tb->pc)] = tb;
        }
    }
    pthread_mutex_unlock(&tb_lock);
}

/* Called from the write-fault path of a guest store (possibly in a signal
 * handler on a thread that is not translating: tb_lock is free there). */
void tb_invalidate_page(uint64_t page)
{
    page &= GUEST_PAGE_MASK;
    pthread_mutex_lock(&tb_lock);
    TB **pp = &page_tbs[page_hash_fn(page)];
    while (*pp) {
        TB *tb = (TB *)((uintptr_t)*pp & ~(uintptr_t)1);
        int n = (int)((uintptr_t)*pp & 1);
        if (tb->page[n] != page) {
            pp = &tb->page_next[n];
            continue;
        }
        *pp = tb->page_next[n];
        if (!tb->invalid) {
            __atomic_store_n(&tb->invalid, 1, __ATOMIC_RELEASE);
            tb_hash_remove__locked(tb);
            backend->unchain(tb);
            /* Its other page list still links it; leave it there (marked
             * invalid) until that page is invalidated or flushed. */
        }
    }
    pthread_mutex_unlock(&tb_lock);
}
