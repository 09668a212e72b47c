/*
 * Instrumentation as an IR pass. After the frontend has translated a block
 * and before the optimizer runs, plugin_instrument_tb() shows the block to
 * every plugin's tb_trans callback (TB and instruction handles built from
 * the IR: each insn_start gives an instruction's pc, the next one its
 * size), collects what they ask for, and rewrites the op list with the
 * instrumentation in place:
 *
 *   TB requests         right after the first insn_start
 *   instruction ones    right after the instruction's insn_start, so they
 *                       run before it; those that see neither registers
 *                       nor the pc (direct callbacks, inline operations)
 *                       at the start of the stretch they belong to (see
 *                       below), with the earlier instructions' of it, so
 *                       that consecutive callbacks are one run of calls
 *                       rather than calls with guest code between them
 *   memory ones         right after each qemu_ld/qemu_st of the
 *                       instruction, and in place of each plugin_mem
 *                       marker (accesses done inside helpers), so they run
 *                       after the access and only if it did not fault
 *
 * A NO_REGS callback is a helper call of the plugin's own function, with
 * the vCPU index (loaded from env once per block) and the userdata as
 * arguments: it runs in the callback context that plugin_exec_enter() set
 * for translated code, and the call claims to touch no guest register, so
 * the backend keeps them in host registers across it; a backend may copy a
 * small leaf function into the block instead of calling it
 * (IR_CALL_COPY_LEAF, unless -plugin-inline-cb off). A memory callback
 * finds the accessed value in env (plugin_mem_value), stored by the IR
 * before the call. With several plugins loaded, the IR also stores the
 * caller in env (plugin_ctx) for the API functions that depend on its
 * version. Callbacks that may read or write registers go through small
 * trampolines that set the callback context (plugin_tls) and the precise
 * pc first; the helper's declared effect on guest registers follows the
 * flags, so the backend syncs only what the plugin may see or change.
 * Inline operations and the test of a conditional callback are IR ops on
 * the scoreboard entry base + cpu_index * element_size (an addition of a
 * 32-bit amount is one add_host, anything else ld_host/st_host);
 * each scoreboard's base is found once per block: loaded from the vCPU's
 * CPUState for the first CPU_PLUGIN_SB_BASES scoreboards (core.c keeps it
 * there), computed for the others.
 *
 * Inline additions to one counter that nothing can tell apart from a
 * single one are merged (plan_merges): the block is cut where it may be
 * left early other than by a faulting guest access (an instruction that
 * may raise from a helper, a trampoline, which may move the pc) and where
 * the plugin may look at its counters (its callbacks, its stores); the
 * additions between two cuts are summed into the first of them. Counts
 * stay exact when a block stops at a faulting access through the block's
 * unwind table: for each instruction that may fault, what the open sums
 * added for the instructions after it, taken back by plugin_unwind_tb
 * when exec restores the fault (the TB and the pc name the entries).
 * Instructions that may leave in any way still end the stretches in which
 * callbacks move (see "instruction ones" above): a callback cannot be
 * taken back. For the same reason a
 * callback moved to the start of its stretch runs only if its instruction
 * does: nothing between can leave the block, touch guest memory (any
 * access may fault, so it ends a stretch) or show the plugin anything
 * else that the move would change.
 *
 * The records generated code points to (trampoline records, helper
 * descriptors of direct calls) live as long as the blocks that use them:
 * until the next whole-cache flush. The state of one translation is an
 * InjectPass, handed from function to function (and to the API through
 * the TB handle); its buffers are kept for the next block.
 */
#include "plugin/internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "exec/backend.h"
#include "exec/debug.h"
#include "exec/image.h"
#include "exec/translate.h"
#include "util/util.h"

struct qemu_plugin_insn {
    struct qemu_plugin_tb *tb;
    uint32_t index;
    uint8_t size;
    uint8_t bytes[16];      /* at least any guest's insn_max */
    uint64_t vaddr;
};

struct qemu_plugin_tb {
    PluginCtx *ctx;
    struct InjectPass *pass;    /* the translation it shows, while live */
    uint64_t vaddr;
    size_t n_insns;
    struct qemu_plugin_insn *insns;
    size_t cap;
    bool live;              /* inside its tb_trans callback */
};

/* What a trampoline needs at run time. */
typedef struct PluginDynCb {
    PluginCtx *ctx;
    void *fn, *udata;
    uint64_t vaddr;         /* pc of the instruction (or block) */
    int flags;
} PluginDynCb;

/* Records come in chunks that never move (the IR and the generated code
 * hold their addresses), freed at the next flush. */
typedef struct RecChunk {
    struct RecChunk *next;
    size_t used;
    _Alignas(16) unsigned char data[4080];
} RecChunk;

/* Requests of the translation in progress. */
typedef struct ReqRec {
    int where;              /* -1: the TB, else the instruction index */
    PluginCtx *ctx;
    PluginReq r;
    uint64_t imm0;          /* r.imm as requested (plan_merges adds to r.imm) */
    bool merged;            /* an addition summed into an earlier one */
} ReqRec;

typedef struct InsnInfo {
    uint64_t vaddr;
    uint8_t size;
    uint8_t bytes[16];
} InsnInfo;

/* Helper descriptors of direct calls made for one translation, reused
 * while a block calls the same functions. */
#define DIRECT_SEEN 8
/* Additions open for merging at one point of the block (plan_merges). */
#define MAX_SUMS 32

/* The instrumentation pass of one block: what plugins asked for, the
 * plans made from it, and the records its code will point to. The arrays
 * keep their memory from block to block, so that a translation costs no
 * allocation once they have grown. */
typedef struct InjectPass {
    ReqRec *reqs;               /* requests, in the order they were made */
    size_t n_reqs, cap_reqs;
    InsnInfo *insn_info;        /* the block's instructions */
    size_t n_info, cap_info;
    IROp *saved_ops;            /* the frontend's ops, while s is rewritten */
    RecChunk *pending;          /* records of this translation */
    const IRHelper *direct_seen[DIRECT_SEEN];
    unsigned n_direct_seen;
    /* Requests sorted by place (TB first, then each instruction), keeping
     * the order of registration within a place. first[k + 1] ..
     * first[k + 2] are those of instruction k; first[0] .. first[1] the
     * TB's. */
    ReqRec *sorted;
    size_t cap_sorted;
    size_t *first;
    size_t cap_first;
    size_t *pos;                /* sort_requests' next slot by place */
    size_t cap_pos;
    /* The open sums: each is the addition that will add it. */
    ReqRec *sums[MAX_SUMS];
    unsigned n_sums;
    int *label_insn;            /* by label: the instruction that sets it */
    size_t cap_label_insn;
    uint8_t *leaves;            /* by instruction: insn_may_leave */
    size_t cap_leaves;
    /* For the unwind table (plan_merges): the open sums at each
     * instruction that may leave by a faulting access, and how much they
     * held then. */
    struct UnwindSnap *snaps;
    size_t n_snaps, cap_snaps;
    const struct Unwind *unwind;    /* of the block just instrumented */
    /* A superblock's side exits (TBInfo.side_label): a branch there
     * leaves the block, as its end does. */
    const IRLabel *exits;
    unsigned n_exits;
} InjectPass;

/* What a block counted ahead, by instruction that may fault: when a
 * guest access at pc faults, each counter gets amount taken off (the
 * additions merged into an earlier one for instructions after pc). A
 * scoreboard counter is the faulting vCPU's entry. */
typedef struct UnwindEnt {
    uint64_t pc, amount;
    void *ptr;                  /* a raw pointer, or NULL: */
    struct qemu_plugin_scoreboard *score;
    size_t offset;
} UnwindEnt;
typedef struct Unwind {
    uint32_t n;
    UnwindEnt e[];
} Unwind;
/* As many as one record chunk holds. */
#define UNWIND_MAX ((sizeof(((RecChunk *)0)->data) - sizeof(Unwind)) / sizeof(UnwindEnt))

typedef struct UnwindSnap {
    size_t insn;
    const ReqRec *sum;
    uint64_t held;
} UnwindSnap;

/* The one pass, reused by every translation (they are serialized by
 * tb_lock), so that its buffers keep the size they grew to. */
static InjectPass inject_pass;
/* Records of translated blocks, which their code points to: freed by the
 * next flush (an exclusive section), not by a translation. */
static RecChunk *blocks;

/* What the plugins asked for a block (TBInfo.plugin_reqs), kept where
 * a translation may need it again without showing them the block anew:
 *  - its tails. A block may check the range of several accesses at once
 *    (IRContext.merge_checks). When that check fails at an instruction,
 *    the block has run that instruction's execution requests and nothing
 *    of it or after it (counts made ahead are unwound), and its tail
 *    (TB_CF_TAIL) runs the rest with the requests kept here: that
 *    instruction's memory ones, all of the later ones'.
 *  - the superblocks that go through it (TBInfo.n_blocks): a hot block
 *    translated again goes on past its branches through the basic blocks
 *    that follow, each with the requests it got when it was translated
 *    alone (its block-level ones at its first instruction).
 * So the plugins see the blocks they would see without either, each
 * shown to them once, and nothing runs twice. */
typedef struct SavedReqs {
    const struct SavedReqs *first_block;  /* itself, or a superblock's first block's */
    uint32_t n_insns, n_reqs;
    uint64_t *vaddr;            /* the instructions' pcs, or NULL if not known */
    ReqRec *reqs;
} SavedReqs;
/* Those of every block since the last flush, which frees them (the
 * blocks point to them), under tb_lock like the rest of the pass. An
 * arena rather than malloc: the plugins' own per-block records (QEMU's
 * hotblocks allocates one ExecCount in each tb_trans and bumps it in
 * each execution) then lie next to each other in the malloc heap, as
 * they do under QEMU, instead of one per cache line between these. */
static Arena saved_reqs;

/* ---- requests from the API ---- */

bool plugin_tb_live(const struct qemu_plugin_tb *tb) { return tb && tb->live; }
bool plugin_insn_live(const struct qemu_plugin_insn *insn) { return insn && insn->tb->live; }

/* Set once from the command line, before any translation. */
bool plugin_inline_cb = true;

/* A callback that does nothing but add to one word at a fixed address
 * (the backend reads its code: "count++") becomes the inline addition it
 * amounts to, so that it is merged and kept in a register as inline ones
 * are, counted once per block rather than called (or copied) per
 * instruction; the plugin cannot tell. Such a function calls nothing, so
 * it reads no register whatever its flags say. What it adds must be the
 * same at every call: a constant or the userdata (not the vCPU index,
 * nor a memory callback's vaddr or meminfo, which differ by access).
 * Off with -plugin-inline-cb off. */
/* A callback that, for the vCPUs there are, does nothing but add to its
 * vCPU's record of the plugin (base + index * stride: plugin-util.h's
 * tables) becomes the same addition to a scoreboard over those records,
 * so that it gets a counter lane as a scoreboard counter does. Called
 * with a vCPU index at or past the limit the function does something
 * else (its rare path): plugin_vcpu_view refuses then, and flushes the
 * blocks made with it when such a vCPU starts. */
static void vcpu_counter_to_inline(ReqRec *q)
{
    void *base;
    uint64_t stride, imm;
    uint32_t limit;
    if (!backend->vcpu_counter_fn ||
        !backend->vcpu_counter_fn(q->r.fn, &base, &stride, &limit, &imm))
        return;
    struct qemu_plugin_scoreboard *view = plugin_vcpu_view(base, stride, limit);
    if (!view)
        return;
    q->r.kind = q->r.kind == PREC_CB ? PREC_INLINE : PREC_MEM_INLINE;
    q->r.op = QEMU_PLUGIN_INLINE_ADD_U64;
    q->r.entry = (qemu_plugin_u64){ .score = view, .offset = 0 };
    q->r.imm = q->imm0 = imm;
}

static void counter_to_inline(ReqRec *q)
{
    if (!plugin_inline_cb || !backend || !backend->counter_fn ||
        (q->r.kind != PREC_CB && q->r.kind != PREC_MEM_CB))
        return;
    void *addr;
    uint64_t imm;
    int arg;
    if (!backend->counter_fn(q->r.fn, &addr, &imm, &arg)) {
        vcpu_counter_to_inline(q);
        return;
    }
    int udata_arg = q->r.kind == PREC_CB ? 1 : 3;
    if (arg >= 0 && arg != udata_arg)
        return;
    if (arg >= 0)
        imm = (uint64_t)(uintptr_t)q->r.udata;
    q->r.kind = q->r.kind == PREC_CB ? PREC_INLINE_PTR : PREC_MEM_INLINE_PTR;
    q->r.op = QEMU_PLUGIN_INLINE_ADD_U64;
    q->r.ptr = addr;
    q->r.imm = q->imm0 = imm;
}

static void add_req(InjectPass *pass, PluginCtx *ctx, int where, const PluginReq *r)
{
    if (pass->n_reqs == pass->cap_reqs) {
        pass->cap_reqs = pass->cap_reqs ? 2 * pass->cap_reqs : 64;
        pass->reqs = xrealloc(pass->reqs, pass->cap_reqs * sizeof(*pass->reqs));
    }
    ReqRec *q = &pass->reqs[pass->n_reqs++];
    *q = (ReqRec){ .where = where, .ctx = ctx, .r = *r, .imm0 = r->imm };
    /* The register API came with version 2 (QEMU 9.0), and QEMU began to
     * refuse register reads in NO_REGS callbacks only with version 5
     * (10.1): a callback of versions 2 to 4 may read registers whatever
     * flags it gave, so it gets registers that are up to date. Version 1
     * has no way to read them, so NO_REGS costs it nothing. */
    counter_to_inline(q);
    if (ctx->version >= 2 && ctx->version < 5 && q->r.flags == QEMU_PLUGIN_CB_NO_REGS)
        q->r.flags = QEMU_PLUGIN_CB_R_REGS;
}

void plugin_tb_request(struct qemu_plugin_tb *tb, const PluginReq *r)
{
    if (!plugin_tb_live(tb)) {
        plugin_warn(tb ? tb->ctx : plugin_caller(),
                    "a TB handle was used outside its tb_trans callback; ignored");
        return;
    }
    add_req(tb->pass, tb->ctx, -1, r);
}

void plugin_insn_request(struct qemu_plugin_insn *insn, const PluginReq *r)
{
    if (!plugin_insn_live(insn)) {
        plugin_warn(insn ? insn->tb->ctx : plugin_caller(),
                    "an instruction handle was used outside its tb_trans callback; ignored");
        return;
    }
    add_req(insn->tb->pass, insn->tb->ctx, (int)insn->index, r);
}

/* ---- queries on handles ---- */

size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb)
{
    return plugin_tb_live(tb) ? tb->n_insns : 0;
}

uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb)
{
    return plugin_tb_live(tb) ? tb->vaddr : 0;
}

struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx)
{
    if (!plugin_tb_live(tb) || idx >= tb->n_insns)
        return NULL;
    return &tb->insns[idx];
}

size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn)
{
    return plugin_insn_live(insn) ? insn->size : 0;
}

uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn)
{
    return plugin_insn_live(insn) ? insn->vaddr : 0;
}

char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn)
{
    if (!plugin_insn_live(insn))
        return NULL;
    char buf[128];
    const GuestArch *g = plugin_tls.cpu ? plugin_tls.cpu->guest : current_cpu->guest;
    g->disas(buf, sizeof(buf), insn->vaddr, insn->bytes, insn->size);
    return g_strdup(buf);
}

const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn)
{
    return plugin_insn_live(insn) ? image_symbol_lookup(insn->vaddr) : NULL;
}

const uint8_t *plugin_insn_bytes(const struct qemu_plugin_insn *insn, size_t *size, int *version)
{
    if (!plugin_insn_live(insn))
        return NULL;
    *size = insn->size;
    *version = insn->tb->ctx->version;
    return insn->bytes;
}

uint64_t plugin_insn_vaddr_any(const struct qemu_plugin_insn *insn, bool *live)
{
    *live = plugin_insn_live(insn);
    return *live ? insn->vaddr : 0;
}

/* ---- trampolines ---- */

/* Callbacks that may use registers: translated code runs in the context
 * plugin_exec_enter() set, so only the caller and its flags change; the pc
 * global is kept precise only where something can raise, and a plugin that
 * reads registers must see this instruction's pc. */
#define TRAMPOLINE(cpu, d, call)                                                   \
    do {                                                                           \
        PluginCtx *ctx_ = plugin_tls.ctx;                                          \
        int flags_ = plugin_tls.flags;                                             \
        plugin_tls.ctx = (d)->ctx;                                                 \
        plugin_tls.flags = (d)->flags;                                             \
        cpu_set_pc((cpu), (d)->vaddr);                                             \
        call;                                                                      \
        plugin_tls.ctx = ctx_;                                                     \
        plugin_tls.flags = flags_;                                                 \
    } while (0)

static void exec_trampoline(uint64_t env, uint64_t rec)
{
    CPUState *cpu = (CPUState *)(uintptr_t)env;
    const PluginDynCb *d = (const PluginDynCb *)(uintptr_t)rec;
    TRAMPOLINE(cpu, d, ((qemu_plugin_vcpu_udata_cb_t)d->fn)((unsigned)cpu->cpu_index, d->udata));
}

static void mem_trampoline(uint64_t env, uint64_t rec, uint64_t vaddr, uint64_t info)
{
    CPUState *cpu = (CPUState *)(uintptr_t)env;
    const PluginDynCb *d = (const PluginDynCb *)(uintptr_t)rec;
    TRAMPOLINE(cpu, d, ((qemu_plugin_vcpu_mem_cb_t)d->fn)((unsigned)cpu->cpu_index,
                                                           (qemu_plugin_meminfo_t)info, vaddr,
                                                           d->udata));
}

/* Trampolines by register access level: read, read-write. */
static const IRHelper exec_helpers[2] = {
    { "plugin_cb_r", (void *)exec_trampoline, 2, 0, IR_CALL_NO_WRITE_GLOBALS | IR_CALL_PLUGIN },
    { "plugin_cb_rw", (void *)exec_trampoline, 2, 0, IR_CALL_PLUGIN },
};
static const IRHelper mem_helpers[2] = {
    { "plugin_mem_cb_r", (void *)mem_trampoline, 4, 0, IR_CALL_NO_WRITE_GLOBALS | IR_CALL_PLUGIN },
    { "plugin_mem_cb_rw", (void *)mem_trampoline, 4, 0, IR_CALL_PLUGIN },
};

static const IRHelper *trampoline(const IRHelper h[2], int flags)
{
    return &h[flags == QEMU_PLUGIN_CB_R_REGS ? 0 : 1];
}

/* ---- emission ---- */

#define MAX_BASES 16
#define MAX_HELD 16
typedef struct Emit {
    InjectPass *pass;
    IRContext *s;
    IRTemp vcpu;            /* cpu_index, loaded once per TB if needed */
    /* The executing vCPU's entry of each scoreboard the block uses. */
    struct qemu_plugin_scoreboard *score[MAX_BASES];
    IRTemp base[MAX_BASES];
    unsigned n_bases;
    /* Counters whose value a temp holds (see emit_add), if the block's
     * code runs every instruction's requests in order; copies, as inject
     * reuses the slots of sorted[]. */
    bool may_hold;
    ReqRec held[MAX_HELD];
    IRTemp value[MAX_HELD];
    unsigned n_held;
} Emit;

/* Enough room for the worst request (ops, temps with constants, label)? */
static bool room(const IRContext *s, unsigned ops)
{
    return s->nb_ops + ops <= IR_MAX_OPS && s->nb_temps + 12 <= IR_MAX_TEMPS &&
           s->nb_labels + 1 <= IR_MAX_LABELS;
}

/* From the chunk last begun, this translation's or an earlier one's: a
 * block's records are a few dozen bytes, and a chunk of its own per block
 * put 4 KiB of peek's between any two records a plugin allocates per
 * block (hotblocks' counts: one page each, a TLB miss per callback). */
static void *rec_alloc(InjectPass *pass, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    RecChunk *c = pass->pending ? pass->pending : blocks;
    if (!c || c->used + size > sizeof(c->data)) {
        c = xmalloc(sizeof(*c));
        c->used = 0;
        c->next = pass->pending;
        pass->pending = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

static IRTemp new_dyn(Emit *e, const ReqRec *q, uint64_t vaddr)
{
    PluginDynCb *d = rec_alloc(e->pass, sizeof(*d));
    *d = (PluginDynCb){ .ctx = q->ctx, .fn = q->r.fn, .udata = q->r.udata, .vaddr = vaddr,
                        .flags = q->r.flags };
    return ir_const(e->s, (uint64_t)(uintptr_t)d);
}

/* The descriptor of a direct call of fn with nargs arguments. */
static const IRHelper *direct_helper(InjectPass *pass, void *fn, unsigned nargs)
{
    for (unsigned i = 0; i < pass->n_direct_seen; i++)
        if (pass->direct_seen[i]->fn == fn && pass->direct_seen[i]->nargs == nargs)
            return pass->direct_seen[i];
    IRHelper *h = rec_alloc(pass, sizeof(*h));
    *h = (IRHelper){ nargs == 2 ? "plugin_cb" : "plugin_mem_cb", fn, (uint8_t)nargs, 0,
                     IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_PLUGIN |
                         (plugin_inline_cb ? IR_CALL_COPY_LEAF : 0) };
    if (pass->n_direct_seen < DIRECT_SEEN)
        pass->direct_seen[pass->n_direct_seen++] = h;
    return h;
}

/* Before a direct call: name the caller where plugin_exec_enter() could
 * not (several plugins loaded). */
static void set_caller(IRContext *s, const ReqRec *q)
{
    if (__atomic_load_n(&plugin_n, __ATOMIC_ACQUIRE) > 1)
        ir_st_env(s, ir_const(s, (uint64_t)(uintptr_t)q->ctx), offsetof(CPUState, plugin_ctx),
                  IR_MO_UQ);
}

/* An execution callback of a TB or an instruction. */
static void emit_exec_cb(Emit *e, const ReqRec *q, uint64_t vaddr)
{
    IRContext *s = e->s;
    if (q->r.flags == QEMU_PLUGIN_CB_NO_REGS) {
        set_caller(s, q);
        IRTemp a[2] = { e->vcpu, ir_const(s, (uint64_t)(uintptr_t)q->r.udata) };
        ir_call_helper(s, direct_helper(e->pass, q->r.fn, 2), 0, a);
    } else {
        IRTemp a[2] = { IR_ENV, new_dyn(e, q, vaddr) };
        ir_call_helper(s, trampoline(exec_helpers, q->r.flags), 0, a);
    }
}

static IRTemp compute_base(Emit *e, const struct qemu_plugin_scoreboard *score)
{
    IRContext *s = e->s;
    IRTemp t = ir_new_temp(s);
    if (score->base_slot >= 0) {
        ir_ld_env(s, t, offsetof(CPUState, plugin_sb_base) + (size_t)score->base_slot * sizeof(void *),
                  IR_MO_UQ);
        return t;
    }
    ir_mul(s, t, e->vcpu, ir_const(s, score->element_size));
    ir_add(s, t, t, ir_const(s, (uint64_t)(uintptr_t)score->data));
    return t;
}

/* Address of the executing vCPU's entry (the offset goes in the op). */
static IRTemp entry_base(Emit *e, qemu_plugin_u64 entry)
{
    for (unsigned i = 0; i < e->n_bases; i++)
        if (e->score[i] == entry.score)
            return e->base[i];
    return compute_base(e, entry.score);
}

static bool uses_score(int kind)
{
    return kind == PREC_COND_CB || kind == PREC_INLINE || kind == PREC_MEM_INLINE;
}

/* At the start of the block: the base of each scoreboard it uses (a few;
 * past MAX_BASES, each request computes its own). */
static bool compute_bases(Emit *e)
{
    const InjectPass *pass = e->pass;
    e->n_bases = 0;
    for (size_t i = 0; i < pass->n_reqs; i++) {
        struct qemu_plugin_scoreboard *sc = pass->reqs[i].r.entry.score;
        if (!uses_score(pass->reqs[i].r.kind) || e->n_bases == MAX_BASES)
            continue;
        unsigned j = 0;
        while (j < e->n_bases && e->score[j] != sc)
            j++;
        if (j < e->n_bases)
            continue;
        if (!room(e->s, 4))
            return false;
        e->base[j] = compute_base(e, sc);
        e->score[j] = sc;
        e->n_bases++;
    }
    return true;
}

static bool same_counter(const ReqRec *a, const ReqRec *b)
{
    if (a->ctx != b->ctx || a->r.kind != b->r.kind)
        return false;
    if (a->r.kind == PREC_INLINE_PTR)
        return a->r.ptr == b->r.ptr;
    return a->r.entry.score == b->r.entry.score && a->r.entry.offset == b->r.entry.offset;
}

/* The plugin may have changed its counters (a callback, a store, a
 * memory operation): the temps holding them are stale. */
static void forget_held(Emit *e, const PluginCtx *ctx)
{
    unsigned j = 0;
    for (unsigned i = 0; i < e->n_held; i++) {
        if (e->held[i].ctx != ctx) {
            e->held[j] = e->held[i];
            e->value[j++] = e->value[i];
        }
    }
    e->n_held = j;
}

/* *(base + off) += imm: one op (add_host) if imm fits its 32 bits. */
static void emit_plain_add(IRContext *s, IRTemp base, uint64_t off, uint64_t imm)
{
    if ((uint64_t)(int64_t)(int32_t)imm == imm) {
        ir_add_host(s, base, off, imm);
        return;
    }
    IRTemp v = ir_new_temp(s);
    ir_ld_host(s, v, base, off);
    ir_add(s, v, v, ir_const(s, imm));
    ir_st_host(s, v, base, off);
}

/* An addition to a counter: after the first in the block, its value stays
 * in a temp, so that the additions do not wait for each other through
 * memory; each still stores the counter, which is exact whenever the
 * block may be left or looked at. The temp is set where an instruction's
 * requests run, which every later instruction's requests follow (unless
 * the block branches from one instruction into another: may_hold). Only
 * the plugin itself changes its counters meanwhile (forget_held); another
 * thread writing this vCPU's entry races, as with any inline operation. */
static void emit_add(Emit *e, const ReqRec *q, IRTemp base, uint64_t off)
{
    IRContext *s = e->s;
    unsigned i = 0;
    while (i < e->n_held && !same_counter(&e->held[i], q))
        i++;
    if (i == e->n_held) {
        /* A counter at a fixed address or at an entry whose base the vCPU
         * keeps (base_slot) gets a plain addition each time, which a
         * backend may turn into one to a register it keeps across blocks
         * (the x64 counter lanes); a held value would hide it. */
        if (!e->may_hold || e->n_held == MAX_HELD || q->r.kind == PREC_INLINE_PTR ||
            q->r.entry.score->base_slot >= 0) {
            emit_plain_add(s, base, off, q->r.imm);
            return;
        }
        IRTemp v = ir_new_temp(s);
        ir_ld_host(s, v, base, off);
        e->held[i] = *q;
        e->value[i] = v;
        e->n_held++;
    }
    ir_add(s, e->value[i], e->value[i], ir_const(s, q->r.imm));
    ir_st_host(s, e->value[i], base, off);
}

static void emit_inline(Emit *e, int op, IRTemp base, uint64_t off, uint64_t imm)
{
    IRContext *s = e->s;
    if (op == QEMU_PLUGIN_INLINE_STORE_U64)
        ir_st_host(s, ir_const(s, imm), base, off);
    else
        emit_plain_add(s, base, off, imm);
}

static IRCond plugin_cond(int cond)
{
    switch (cond) {
    case QEMU_PLUGIN_COND_EQ: return IR_COND_EQ;
    case QEMU_PLUGIN_COND_NE: return IR_COND_NE;
    case QEMU_PLUGIN_COND_LT: return IR_COND_LTU;
    case QEMU_PLUGIN_COND_LE: return IR_COND_LEU;
    case QEMU_PLUGIN_COND_GT: return IR_COND_GTU;
    case QEMU_PLUGIN_COND_GE: return IR_COND_GEU;
    case QEMU_PLUGIN_COND_NEVER: return IR_COND_NEVER;
    default: return IR_COND_ALWAYS;
    }
}

/* A TB or instruction request (memory ones are emitted at accesses). */
static bool emit_exec_req(Emit *e, const ReqRec *q, uint64_t vaddr)
{
    IRContext *s = e->s;
    if (!room(s, 10))
        return false;
    switch (q->r.kind) {
    case PREC_CB:
        forget_held(e, q->ctx);
        emit_exec_cb(e, q, vaddr);
        break;
    case PREC_COND_CB: {
        forget_held(e, q->ctx);
        IRTemp base = entry_base(e, q->r.entry);
        IRTemp v = ir_new_temp(s);
        IRLabel skip = ir_new_label(s);
        ir_ld_host(s, v, base, q->r.entry.offset);
        ir_brcond(s, v, ir_const(s, q->r.imm), ir_cond_invert(plugin_cond(q->r.cond)), skip);
        emit_exec_cb(e, q, vaddr);
        ir_set_label(s, skip);
        break;
    }
    case PREC_INLINE: case PREC_INLINE_PTR: {
        if (q->merged)
            break;
        bool ptr = q->r.kind == PREC_INLINE_PTR;
        IRTemp base = ptr ? ir_const(s, (uint64_t)(uintptr_t)q->r.ptr) : entry_base(e, q->r.entry);
        uint64_t off = ptr ? 0 : q->r.entry.offset;
        if (q->r.op == QEMU_PLUGIN_INLINE_ADD_U64) {
            emit_add(e, q, base, off);
        } else {
            forget_held(e, q->ctx);
            emit_inline(e, q->r.op, base, off, q->r.imm);
        }
        break;
    }
    default:
        break;
    }
    return true;
}

/* The memory requests of one instruction, after one access. */
static bool emit_mem_reqs(Emit *e, const ReqRec *q, size_t nq, uint64_t vaddr, IRTemp addr,
                          IRTemp val, uint32_t info)
{
    IRContext *s = e->s;
    int rw = (info & PLUGIN_MI_STORE) ? QEMU_PLUGIN_MEM_W : QEMU_PLUGIN_MEM_R;
    bool value_stored = false;
    for (size_t i = 0; i < nq; i++) {
        const PluginReq *r = &q[i].r;
        if (!(r->rw & rw))
            continue;
        if (!room(s, 10))
            return false;
        forget_held(e, q[i].ctx);
        switch (r->kind) {
        case PREC_MEM_CB:
            /* For qemu_plugin_mem_get_value, which came with version 3;
             * no callback can change it. */
            if (!value_stored && q[i].ctx->version >= 3) {
                ir_st_env(s, val, offsetof(CPUState, plugin_mem_value), IR_MO_UQ);
                value_stored = true;
            }
            if (r->flags == QEMU_PLUGIN_CB_NO_REGS) {
                set_caller(s, &q[i]);
                IRTemp a[4] = { e->vcpu, ir_const(s, info), addr,
                                ir_const(s, (uint64_t)(uintptr_t)r->udata) };
                ir_call_helper(s, direct_helper(e->pass, r->fn, 4), 0, a);
            } else {
                /* One record per callback per access: a few bytes. */
                IRTemp a[4] = { IR_ENV, new_dyn(e, &q[i], vaddr), addr, ir_const(s, info) };
                ir_call_helper(s, trampoline(mem_helpers, r->flags), 0, a);
            }
            break;
        case PREC_MEM_INLINE:
            emit_inline(e, r->op, entry_base(e, r->entry), r->entry.offset, r->imm);
            break;
        case PREC_MEM_INLINE_PTR:
            emit_inline(e, r->op, ir_const(s, (uint64_t)(uintptr_t)r->ptr), 0, r->imm);
            break;
        default:
            break;
        }
    }
    return true;
}

static bool is_mem_kind(int k)
{
    return k == PREC_MEM_CB || k == PREC_MEM_INLINE || k == PREC_MEM_INLINE_PTR;
}

/* May instruction n's execution requests run earlier, at the start of an
 * earlier instruction of its stretch? Yes if none can see registers or the
 * pc: direct callbacks (NO_REGS, which the version-2-to-4 plugins do not
 * get, see add_req) and inline operations. */
static bool insn_reqs_movable(const InjectPass *pass, size_t n)
{
    for (size_t j = pass->first[n + 1]; j < pass->first[n + 2]; j++) {
        const PluginReq *r = &pass->sorted[j].r;
        switch (r->kind) {
        case PREC_CB: case PREC_COND_CB:
            if (r->flags != QEMU_PLUGIN_CB_NO_REGS)
                return false;
            break;
        case PREC_INLINE: case PREC_INLINE_PTR:
            break;
        default:
            if (!is_mem_kind(r->kind))
                return false;
            break;
        }
    }
    return true;
}

/* Emit the execution requests of instruction n (their pc: vaddr). */
static bool emit_insn_exec_reqs(Emit *e, size_t n, uint64_t vaddr)
{
    const InjectPass *pass = e->pass;
    for (size_t j = pass->first[n + 1]; j < pass->first[n + 2]; j++)
        if (!is_mem_kind(pass->sorted[j].r.kind) && !emit_exec_req(e, &pass->sorted[j], vaddr))
            return false;
    return true;
}

/* Fill pass->sorted and pass->first. */
static void sort_requests(InjectPass *pass, size_t n_insns)
{
    const ReqRec *reqs = pass->reqs;
    size_t n_reqs = pass->n_reqs;
    if (pass->cap_sorted < n_reqs) {
        pass->cap_sorted = n_reqs;
        pass->sorted = xrealloc(pass->sorted, pass->cap_sorted * sizeof(*pass->sorted));
    }
    if (pass->cap_first < n_insns + 2) {
        pass->cap_first = n_insns + 2;
        pass->first = xrealloc(pass->first, pass->cap_first * sizeof(*pass->first));
    }
    size_t *first = pass->first;
    memset(first, 0, (n_insns + 2) * sizeof(*first));
    for (size_t i = 0; i < n_reqs; i++)
        first[reqs[i].where + 2]++;
    for (size_t k = 1; k < n_insns + 2; k++)
        first[k] += first[k - 1];
    /* first[w + 1] is now the end of place w - 1 = the start of place w. */
    if (pass->cap_pos < n_insns + 1) {
        pass->cap_pos = n_insns + 1;
        pass->pos = xrealloc(pass->pos, pass->cap_pos * sizeof(*pass->pos));
    }
    size_t *pos = pass->pos;
    for (size_t w = 0; w < n_insns + 1; w++)
        pos[w] = first[w];
    for (size_t i = 0; i < n_reqs; i++)
        pass->sorted[pos[reqs[i].where + 1]++] = reqs[i];
}

static void free_chain(RecChunk *b)
{
    while (b) {
        RecChunk *next = b->next;
        free(b);
        b = next;
    }
}

/* ---- merging inline additions ---- */

/* How the instruction's own code may leave the block before its end.
 * Guest accesses may fault (LEAVE_FAULT: the backends' restore path then
 * names the TB and the instruction, and unwind() takes back what was
 * counted ahead); a helper may raise unless it does not read the guest
 * registers (raising hands them all to the signal code, so such a helper
 * cannot: the backends' rule, see x64-gen.c), and exits leave
 * (LEAVE_OTHER). A branch to another instruction's code makes *alone
 * false: nothing is merged in such a block. */
enum { LEAVE_NONE, LEAVE_FAULT, LEAVE_OTHER };
#define LABEL_EXIT (-3)     /* label_insn[] of a superblock's side exit */
static uint8_t insn_may_leave(const IROp *ops, uint32_t lo, uint32_t hi, const int *label_insn,
                              int k, bool *alone)
{
    uint8_t leaves = LEAVE_NONE;
    bool other = false;
    for (uint32_t i = lo; i < hi; i++) {
        const IROp *op = &ops[i];
        switch (op->opc) {
        case IR_br: case IR_brcond: {
            int to = label_insn[op->args[op->opc == IR_br ? 0 : 3]];
            if (to == LABEL_EXIT)
                other = true;
            else
                *alone &= to == k;
            break;
        }
        case IR_call: {
            const IRHelper *h = (const IRHelper *)(uintptr_t)op->args[op->nout + op->nin];
            other |= !(h->flags & IR_CALL_NO_READ_GLOBALS);
            break;
        }
        case IR_goto_tb: case IR_exit_tb: case IR_lookup_and_goto_ptr: case IR_plugin_mem:
            other = true;
            break;
        default:
            if (ir_op_defs[op->opc].flags & IR_F_FAULT)
                leaves = LEAVE_FAULT;
            break;
        }
    }
    return other ? LEAVE_OTHER : leaves;
}

/* Something may read or overwrite ctx's counters (NULL: anyone's), or
 * leave the block: later additions may not join the open sums. */
static void close_sums(InjectPass *pass, const PluginCtx *ctx)
{
    unsigned j = 0;
    for (unsigned i = 0; i < pass->n_sums; i++)
        if (ctx && pass->sums[i]->ctx != ctx)
            pass->sums[j++] = pass->sums[i];
    pass->n_sums = j;
}

static void plan_request(InjectPass *pass, ReqRec *q)
{
    switch (q->r.kind) {
    case PREC_INLINE: case PREC_INLINE_PTR:
        if (q->r.op != QEMU_PLUGIN_INLINE_ADD_U64) {
            close_sums(pass, q->ctx);
            return;
        }
        for (unsigned i = 0; i < pass->n_sums; i++) {
            if (same_counter(pass->sums[i], q)) {
                pass->sums[i]->r.imm += q->r.imm;
                q->merged = true;
                return;
            }
        }
        if (pass->n_sums < MAX_SUMS)
            pass->sums[pass->n_sums++] = q;
        return;
    case PREC_CB: case PREC_COND_CB:
        /* A direct callback cannot leave the block (set_pc needs
         * RW_REGS_PC), but it may read its own plugin's counters. */
        close_sums(pass, q->r.flags == QEMU_PLUGIN_CB_NO_REGS ? q->ctx : NULL);
        return;
    case PREC_MEM_CB:
        /* After the access, before any later instruction: it may read its
         * plugin's counters. */
        close_sums(pass, q->ctx);
        return;
    case PREC_MEM_INLINE: case PREC_MEM_INLINE_PTR:
        /* An addition commutes with the merged ones; anything else may
         * overwrite what they add to. */
        if (q->r.op != QEMU_PLUGIN_INLINE_ADD_U64)
            close_sums(pass, q->ctx);
        return;
    default:
        return;
    }
}

/* The open sums at instruction n, which may leave by a faulting access. */
static void snap_sums(InjectPass *pass, size_t n)
{
    for (unsigned i = 0; i < pass->n_sums; i++) {
        if (pass->n_snaps == pass->cap_snaps) {
            pass->cap_snaps = pass->cap_snaps ? 2 * pass->cap_snaps : 64;
            pass->snaps = xrealloc(pass->snaps, pass->cap_snaps * sizeof(*pass->snaps));
        }
        pass->snaps[pass->n_snaps++] = (UnwindSnap){ n, pass->sums[i], pass->sums[i]->r.imm };
    }
}

/* The unwind table of the planned block: for each snapshot, what its sum
 * added for the instructions after the snapshot's. False if it does not
 * fit in a record. */
static bool build_unwind(InjectPass *pass)
{
    size_t n = 0;
    for (size_t i = 0; i < pass->n_snaps; i++)
        n += pass->snaps[i].sum->r.imm != pass->snaps[i].held;
    pass->unwind = NULL;
    if (n == 0)
        return true;
    if (n > UNWIND_MAX)
        return false;
    Unwind *u = rec_alloc(pass, sizeof(Unwind) + n * sizeof(UnwindEnt));
    u->n = 0;
    for (size_t i = 0; i < pass->n_snaps; i++) {
        const UnwindSnap *sn = &pass->snaps[i];
        const PluginReq *r = &sn->sum->r;
        if (r->imm == sn->held)
            continue;
        bool ptr = r->kind == PREC_INLINE_PTR;
        u->e[u->n++] = (UnwindEnt){ .pc = pass->insn_info[sn->insn].vaddr,
                                    .amount = r->imm - sn->held,
                                    .ptr = ptr ? r->ptr : NULL,
                                    .score = ptr ? NULL : r->entry.score,
                                    .offset = ptr ? 0 : r->entry.offset };
    }
    pass->unwind = u;
    return true;
}

void plugin_unwind_tb(CPUState *cpu, const void *data, uint64_t pc)
{
    const Unwind *u = data;
    for (uint32_t i = 0; i < u->n; i++) {
        const UnwindEnt *e = &u->e[i];
        if (e->pc != pc)
            continue;
        uint8_t *p = e->ptr ? e->ptr
                            : e->score->data + (size_t)cpu->cpu_index * e->score->element_size +
                                  e->offset;
        uint64_t v;
        memcpy(&v, p, sizeof(v));
        v -= e->amount;
        memcpy(p, &v, sizeof(v));
    }
}

/* Mark the additions of sorted[] that join an earlier one (merged) and
 * add their amounts to it, walking the block's requests and instructions
 * in the order they run. With unwind, sums stay open across instructions
 * that may leave only by a faulting access, and the snapshots for the
 * unwind table are taken there. False if the code of an instruction
 * branches into another's (nothing is merged then) or if only the block
 * has requests (no instruction's requests to hold values for or group). */
static bool plan_merges(InjectPass *pass, const IROp *ops, uint32_t n_ops, uint32_t n_labels,
                        size_t n_insns, bool unwind)
{
    ReqRec *sorted = pass->sorted;
    const size_t *first = pass->first;
    pass->n_snaps = 0;
    for (size_t j = 0; j < pass->n_reqs; j++) {
        /* A new plan: amounts merged by an earlier one go back. */
        sorted[j].r.imm = sorted[j].imm0;
        sorted[j].merged = false;
    }
    if (first[1] == pass->n_reqs) {
        /* Only the block's own requests (bb, hotblocks...), all at its
         * start: nothing is counted ahead of any instruction, so its code
         * need not be looked at. False: no instruction has requests to
         * group (leaves[] is not filled). */
        pass->n_sums = 0;
        for (size_t j = 0; j < first[1]; j++)
            plan_request(pass, &sorted[j]);
        return false;
    }
    if (pass->cap_label_insn < IR_MAX_LABELS) {
        pass->cap_label_insn = IR_MAX_LABELS;
        pass->label_insn = xrealloc(pass->label_insn, pass->cap_label_insn * sizeof(*pass->label_insn));
    }
    if (pass->cap_leaves < n_insns) {
        pass->cap_leaves = n_insns;
        pass->leaves = xrealloc(pass->leaves, pass->cap_leaves * sizeof(*pass->leaves));
    }
    int *label_insn = pass->label_insn;
    uint8_t *leaves = pass->leaves;
    for (uint32_t l = 0; l < n_labels; l++)
        label_insn[l] = -2;   /* not set: no instruction's */
    int k = -1;
    for (uint32_t i = 0; i < n_ops; i++) {
        if (ops[i].opc == IR_insn_start)
            k++;
        else if (ops[i].opc == IR_set_label)
            label_insn[ops[i].args[0]] = k;
    }
    for (unsigned x = 0; x < pass->n_exits; x++)
        label_insn[pass->exits[x]] = LABEL_EXIT;
    bool alone = true;
    uint32_t i = 0;
    while (i < n_ops && ops[i].opc != IR_insn_start)
        i++;
    for (size_t n = 0; n < n_insns; n++) {
        uint32_t lo = ++i;
        while (i < n_ops && ops[i].opc != IR_insn_start)
            i++;
        leaves[n] = insn_may_leave(ops, lo, i, label_insn, (int)n, &alone);
    }
    if (!alone)
        return false;
    pass->n_sums = 0;
    for (size_t j = first[0]; j < first[1]; j++)
        plan_request(pass, &sorted[j]);
    for (size_t n = 0; n < n_insns; n++) {
        for (size_t j = first[n + 1]; j < first[n + 2]; j++)
            plan_request(pass, &sorted[j]);
        if (leaves[n] == LEAVE_FAULT && unwind)
            snap_sums(pass, n);
        else if (leaves[n] != LEAVE_NONE)
            close_sums(pass, NULL);
    }
    return true;
}

/* Rewrite s with the instrumentation; false if it does not fit. */
static bool inject(InjectPass *pass, IRContext *s, size_t n_insns)
{
    sort_requests(pass, n_insns);
    bool need_vcpu = false, need_bases = false;
    for (size_t i = 0; i < pass->n_reqs; i++) {
        const PluginReq *r = &pass->reqs[i].r;
        need_bases |= uses_score(r->kind);
        /* The index is an argument of direct callbacks, and finds the
         * entry of a scoreboard whose base the vCPU does not keep. */
        need_vcpu |= (uses_score(r->kind) && r->entry.score->base_slot < 0) ||
                     ((r->kind == PREC_CB || r->kind == PREC_MEM_CB || r->kind == PREC_COND_CB) &&
                      r->flags == QEMU_PLUGIN_CB_NO_REGS);
    }
    pass->n_direct_seen = 0;
    /* Not an initializer: it would zero held[], two kilobytes a block. */
    Emit e;
    e.pass = pass;
    e.s = s;
    e.vcpu = 0;
    e.n_bases = 0;
    e.n_held = 0;
    if (!pass->saved_ops)
        pass->saved_ops = xrealloc(NULL, IR_MAX_OPS * sizeof(IROp));
    const IROp *saved_ops = pass->saved_ops;
    uint32_t n_ops = s->nb_ops;
    memcpy(pass->saved_ops, s->ops, n_ops * sizeof(IROp));
    s->nb_ops = 0;
    /* Merging across faulting accesses needs every way out of the block
     * at one to go through the restore path, which a watchpoint check's
     * hit does not. */
    bool unwind = !debug_checks_accesses();
    e.may_hold = plan_merges(pass, saved_ops, n_ops, s->nb_labels, n_insns, unwind);
    if (e.may_hold && !build_unwind(pass)) {
        e.may_hold = plan_merges(pass, saved_ops, n_ops, s->nb_labels, n_insns, false);
        pass->unwind = NULL;
    } else if (!e.may_hold) {
        pass->unwind = NULL;
    }
    ReqRec *sorted = pass->sorted;
    const size_t *first = pass->first;

    int k = -1;              /* current instruction */
    size_t grouped = 0;      /* instructions whose execution requests are out */
    const ReqRec *mq = NULL; /* its memory requests */
    size_t nmq = 0;
    uint64_t pc = 0;
    for (uint32_t i = 0; i < n_ops; i++) {
        const IROp *op = &saved_ops[i];
        if (!room(s, 2))
            return false;
        if (op->opc == IR_plugin_mem) {
            if (nmq && !emit_mem_reqs(&e, mq, nmq, pc, (IRTemp)op->args[0], (IRTemp)op->args[1],
                                      plugin_meminfo((unsigned)op->args[2],
                                                     op->args[2] & PLUGIN_MEM_STORE)))
                return false;
            continue;
        }
        IRTemp addr = 0;
        if (nmq && op->opc == IR_qemu_ld) {
            addr = (IRTemp)op->args[1];
            if (addr == op->args[0]) {
                /* The load overwrites its address: keep a copy. */
                IRTemp c = ir_new_temp(s);
                ir_mov(s, c, addr);
                addr = c;
            }
        }
        s->ops[s->nb_ops++] = *op;
        if (op->opc == IR_insn_start) {
            k++;
            pc = op->args[0];
            if (k == 0) {
                if (need_vcpu) {
                    e.vcpu = ir_new_temp(s);
                    ir_ld_env(s, e.vcpu, offsetof(CPUState, cpu_index), IR_MO_UL);
                }
                if (need_bases && !compute_bases(&e))
                    return false;
                for (size_t j = first[0]; j < first[1]; j++)
                    if (!emit_exec_req(&e, &sorted[j], pc))
                        return false;
            }
            /* Execution requests now, with those of the next instructions
             * of the stretch (group_insns); memory ones are kept, in
             * order, at the front of the instruction's slice for its
             * accesses. */
            if ((size_t)k >= grouped) {
                if (!emit_insn_exec_reqs(&e, (size_t)k, pc))
                    return false;
                grouped = (size_t)k + 1;
                while (e.may_hold && grouped < n_insns && !pass->leaves[grouped - 1] &&
                       insn_reqs_movable(pass, grouped)) {
                    if (!emit_insn_exec_reqs(&e, grouped, pass->insn_info[grouped].vaddr))
                        return false;
                    grouped++;
                }
            }
            size_t lo = first[k + 1], hi = first[k + 2], m = lo;
            for (size_t j = lo; j < hi; j++)
                if (is_mem_kind(sorted[j].r.kind))
                    sorted[m++] = sorted[j];
            mq = &sorted[lo];
            nmq = m - lo;
        } else if (nmq && op->opc == IR_qemu_ld) {
            if (!emit_mem_reqs(&e, mq, nmq, pc, addr, (IRTemp)op->args[0],
                               plugin_meminfo((unsigned)op->args[2], false)))
                return false;
        } else if (nmq && op->opc == IR_qemu_st) {
            if (!emit_mem_reqs(&e, mq, nmq, pc, (IRTemp)op->args[1], (IRTemp)op->args[0],
                               plugin_meminfo((unsigned)op->args[2], true)))
                return false;
        }
    }
    return true;
}

/* The instructions of the block in s, from its insn_start ops. */
static void gather_insns(InjectPass *pass, const IRContext *s, const CPUState *cpu)
{
    pass->n_info = 0;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc != IR_insn_start)
            continue;
        if (pass->n_info == pass->cap_info) {
            pass->cap_info = pass->cap_info ? 2 * pass->cap_info : 64;
            pass->insn_info = xrealloc(pass->insn_info, pass->cap_info * sizeof(*pass->insn_info));
        }
        pass->insn_info[pass->n_info++] = (InsnInfo){ .vaddr = s->ops[i].args[0] };
    }
    for (size_t k = 0; k < pass->n_info; k++) {
        InsnInfo *in = &pass->insn_info[k];
        /* The frontend fetched these bytes, so they are readable. */
        uint64_t bad;
        in->size = (uint8_t)translator_fetch_insn(cpu->guest, in->vaddr, in->bytes, &bad);
    }
}

/* Nothing asked for: only drop the frontend's markers. */
static void strip_markers(IRContext *s)
{
    uint32_t j = 0;
    for (uint32_t i = 0; i < s->nb_ops; i++)
        if (s->ops[i].opc != IR_plugin_mem)
            s->ops[j++] = s->ops[i];
    s->nb_ops = j;
}

/* Show the block to one plugin. */
static void show_tb(InjectPass *pass, PluginCtx *ctx, CPUState *cpu, uint64_t pc)
{
    size_t n_info = pass->n_info;
    if (!ctx->tbh) {
        ctx->tbh = xcalloc(1, sizeof(*ctx->tbh));
        ctx->tbh->ctx = ctx;
    }
    struct qemu_plugin_tb *tb = ctx->tbh;
    if (tb->cap < n_info) {
        tb->cap = n_info;
        tb->insns = xrealloc(tb->insns, tb->cap * sizeof(*tb->insns));
    }
    tb->vaddr = pc;
    tb->n_insns = n_info;
    for (size_t k = 0; k < n_info; k++) {
        const InsnInfo *info = &pass->insn_info[k];
        struct qemu_plugin_insn *in = &tb->insns[k];
        in->tb = tb;
        in->index = (uint32_t)k;
        in->vaddr = info->vaddr;
        in->size = info->size;
        memcpy(in->bytes, info->bytes, sizeof(in->bytes));
    }
    tb->pass = pass;
    tb->live = true;
    plugin_call_tb_trans(ctx, cpu, tb);
    tb->live = false;
    tb->pass = NULL;
}

/* Keep what was asked for the block just instrumented (pass->reqs, and
 * pass->insn_info if gathered); first_block: a superblock's first
 * block's, NULL for a basic block. */
static const SavedReqs *save_reqs(const InjectPass *pass, const IRContext *s, const TBInfo *info,
                                  bool gathered, const SavedReqs *first_block)
{
    if (!s->merge_checks)
        return NULL;
    uint32_t n_vaddr = gathered ? (uint32_t)pass->n_info : 0;
    SavedReqs *sv = arena_alloc(&saved_reqs, sizeof(*sv) + pass->n_reqs * sizeof(ReqRec) + n_vaddr * sizeof(uint64_t));
    sv->first_block = first_block ? first_block : sv;
    sv->n_reqs = (uint32_t)pass->n_reqs;
    sv->n_insns = info->n_insns;
    sv->reqs = (ReqRec *)(sv + 1);
    sv->vaddr = gathered ? (uint64_t *)(sv->reqs + sv->n_reqs) : NULL;
    if (sv->n_reqs)
        memcpy(sv->reqs, pass->reqs, sv->n_reqs * sizeof(ReqRec));
    for (uint32_t k = 0; k < n_vaddr; k++)
        sv->vaddr[k] = pass->insn_info[k].vaddr;
    return sv;
}

static void push_req(InjectPass *pass, const ReqRec *q, int where)
{
    if (pass->n_reqs == pass->cap_reqs) {
        pass->cap_reqs = pass->cap_reqs ? 2 * pass->cap_reqs : 64;
        pass->reqs = xrealloc(pass->reqs, pass->cap_reqs * sizeof(*pass->reqs));
    }
    pass->reqs[pass->n_reqs] = *q;
    pass->reqs[pass->n_reqs++].where = where;
}

/* The requests of a tail (TB_CF_TAIL) of parent's block, just translated
 * into s from its first instruction on: parent's for the same
 * instructions, the first one's memory requests only (the block ran its
 * execution requests before the failed check). */
static void tail_requests(InjectPass *pass, const SavedReqs *parent, const IRContext *s,
                          const CPUState *cpu, const TBInfo *info)
{
    pass->n_reqs = 0;
    pass->n_info = info->n_insns;
    uint32_t first = 0;
    if (!parent->vaddr)
        return;
    while (first < parent->n_insns && parent->vaddr[first] != info->pc)
        first++;
    if (first == parent->n_insns)
        return;
    for (uint32_t i = 0; i < parent->n_reqs; i++) {
        const ReqRec *q = &parent->reqs[i];
        if (q->where < (int)first || (uint32_t)q->where - first >= info->n_insns ||
            ((uint32_t)q->where == first && !is_mem_kind(q->r.kind)))
            continue;
        push_req(pass, q, q->where - (int)first);
    }
    if (pass->n_reqs)
        gather_insns(pass, s, cpu);
}

/* Whether some of reqs is a callback. Only blocks without one become
 * superblocks: QEMU 7.2's insn.so, its callback copied into every
 * instruction, ran twice as slowly inside superblocks as in basic blocks
 * (nbody 0.41 against 0.23 s), which inline counting does not. */
static bool has_callback(const ReqRec *reqs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (reqs[i].r.kind == PREC_CB || reqs[i].r.kind == PREC_COND_CB ||
            reqs[i].r.kind == PREC_MEM_CB)
            return true;
    return false;
}

/* The requests of a superblock just translated into s: each basic block's
 * own, its block-level ones first at its first instruction. Returns how
 * many of its instructions are covered: fewer if a block was never
 * translated alone or differs now (the superblock must end before it). */
static uint32_t superblock_requests(InjectPass *pass, const IRContext *s, const CPUState *cpu,
                                    const TBInfo *info)
{
    pass->n_reqs = 0;
    gather_insns(pass, s, cpu);
    for (unsigned k = 0; k < info->n_blocks; k++) {
        uint32_t first = info->block_first[k];
        uint32_t end = k + 1 < info->n_blocks ? info->block_first[k + 1] : info->n_insns;
        const SavedReqs *sv = info->block_reqs[k];
        if (sv)
            sv = sv->first_block;
        if (!sv || sv->n_insns != end - first)
            return first;
        for (uint32_t i = 0; sv->vaddr && i < sv->n_insns; i++)
            if (sv->vaddr[i] != pass->insn_info[first + i].vaddr)
                return first;
        if (!sv->vaddr && sv->n_reqs)
            return first;
        if (has_callback(sv->reqs, sv->n_reqs))
            return first;
        for (uint32_t i = 0; i < sv->n_reqs; i++)
            if (sv->reqs[i].where < 0)
                push_req(pass, &sv->reqs[i], k ? (int)first : -1);
        for (uint32_t i = 0; i < sv->n_reqs; i++)
            if (sv->reqs[i].where >= 0)
                push_req(pass, &sv->reqs[i], sv->reqs[i].where + (int)first);
    }
    return info->n_insns;
}

/* Translate info's block again with at most max_insns instructions (a
 * superblock if hot), keeping what was found of its first blocks. */
static void retranslate(IRContext *s, CPUState *cpu, TBInfo *info, uint32_t max_insns, bool hot)
{
    TBInfo retry = { .pc = info->pc, .max_insns = max_insns, .cflags = info->cflags,
                     .flags = info->flags, .hot = hot, .end = info->end,
                     .plugin_parent = info->plugin_parent };
    ir_reset(s);
    cpu->guest->translate(s, cpu, &retry);
    for (unsigned k = 0; k < retry.n_blocks; k++)
        retry.block_reqs[k] = k < info->n_blocks && info->block_first[k] == retry.block_first[k]
                                  ? info->block_reqs[k]
                                  : NULL;
    *info = retry;
}

void plugin_instrument_tb(IRContext *s, CPUState *cpu, TBInfo *info)
{
    InjectPass *pass = &inject_pass;
    for (;;) {
        /* What a failed attempt took from the last block's chunk goes back. */
        size_t mark = blocks ? blocks->used : 0;
        pass->n_reqs = 0;
        bool gathered = false;
        const SavedReqs *first_block = NULL;
        if (info->hot && s->merge_checks) {
            uint32_t covered = superblock_requests(pass, s, cpu, info);
            if (covered < info->n_insns) {
                /* The superblock ends before the first block not seen
                 * alone. If that is its first (translated alone shorter
                 * than a basic block: its instrumentation did not fit),
                 * a basic block shown to the plugins again, as QEMU
                 * would, that never gets hot. */
                retranslate(s, cpu, info, covered ? covered : info->max_insns, covered != 0);
                if (!covered)
                    s->heat_off = 0;
                continue;
            }
            gathered = true;
            first_block = ((const SavedReqs *)info->block_reqs[0])->first_block;
            pass->exits = info->side_label;
            pass->n_exits = info->n_sides;
        } else {
            pass->n_exits = 0;
            plugin_rcu_read_lock();
            if (info->plugin_parent) {
                tail_requests(pass, info->plugin_parent, s, cpu, info);
                gathered = pass->n_reqs != 0;
            } else if (plugin_any_tb_trans()) {
                gather_insns(pass, s, cpu);
                gathered = true;
                int n = __atomic_load_n(&plugin_n, __ATOMIC_ACQUIRE);
                for (int i = 0; i < n; i++)
                    show_tb(pass, plugin_ctxs[i], cpu, info->pc);
            } else {
                pass->n_info = info->n_insns;
            }
            plugin_rcu_read_unlock();
        }
        if (pass->n_reqs == 0) {
            strip_markers(s);
            info->plugin_reqs = save_reqs(pass, s, info, gathered, first_block);
            return;
        }
        if (!info->hot && has_callback(pass->reqs, pass->n_reqs))
            s->heat_off = 0;    /* never hot: see has_callback */
        if (inject(pass, s, pass->n_info)) {
            info->plugin_unwind = pass->unwind;
            info->plugin_reqs = save_reqs(pass, s, info, gathered, first_block);
            /* The block's records live as long as it does. */
            while (pass->pending) {
                RecChunk *b = pass->pending;
                pass->pending = b->next;
                b->next = blocks;
                blocks = b;
            }
            return;
        }
        free_chain(pass->pending);
        pass->pending = NULL;
        if (blocks)
            blocks->used = mark;
        /* Too much for one context: the same start, fewer instructions.
         * The plugins see the shorter block anew (a superblock only ends
         * sooner). */
        if (info->n_insns <= 1)
            plugin_fatal(NULL, "the instrumentation of one instruction does not fit in a block");
        retranslate(s, cpu, info, info->n_insns / 2, info->hot);
    }
}

void plugin_inject_flushed(void)
{
    free_chain(blocks);
    blocks = NULL;
    arena_reset(&saved_reqs);
}
