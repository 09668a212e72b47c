/*
 * The generic translation loop (see exec/translate.h): everything about
 * forming a TB that is not one guest instruction's meaning lives here once,
 * for every guest: fetching with its faults, page ends, the instruction
 * budget, the IR context's room, and a debugger's breakpoints.
 */
#include <string.h>

#include "exec/debug.h"
#include "exec/exec.h"
#include "exec/memory.h"
#include "exec/softmmu-mode.h"
#include "exec/tb-cache.h"
#include "exec/translate.h"

bool translator_plugin_mem;
bool translator_code_unprotected;
/* -superblocks, set once at start-up (main). */
int translator_superblocks = SUPERBLOCKS_HOT;

static bool code_readable(uint64_t a, unsigned len)
{
    return guest_range_valid(a, len) && mem_access_ok(a, len, PAGE_READ | PAGE_EXEC);
}

/* Write-protect the page before reading code from it, not once the TB is
 * made: a store landing after the read then faults and drops the new TB
 * (its invalidation waits for tb_lock), and one that landed before is what
 * we read. Marking afterwards let a store slip in between and left a TB of
 * the old code that nothing would ever drop: a thread spinning in "j ."
 * kept spinning after another thread had rewritten it. */
static void code_page_protect(uint64_t a)
{
    if (!(mem_page_flags(a) & PAGE_CODE) && !mem_mark_code(a & GUEST_PAGE_MASK))
        translator_code_unprotected = true;
}

/* Softmmu: the virtual page a TB's last instruction came from and where
 * it is in host memory, so that the next ones on it do not go through the
 * guest's translation again (nothing changes that translation while a TB
 * is made, and guest RAM stays where it is). */
typedef struct CodePage {
    uint64_t va;            /* page address, or 1: none */
    const uint8_t *host;
} CodePage;

/* Softmmu: through the guest's translation, byte ranges of one page. */
static bool fetch_softmmu(uint64_t a, uint8_t *buf, unsigned n, uint64_t *bad, CodePage *cp)
{
    while (n) {
        unsigned chunk = (unsigned)(GUEST_PAGE_SIZE - (a & ~GUEST_PAGE_MASK));
        if (chunk > n)
            chunk = n;
        const uint8_t *p;
        if (cp->va == (a & GUEST_PAGE_MASK)) {
            p = cp->host + (a & ~GUEST_PAGE_MASK);
        } else {
            uint64_t pa;
            p = exec_softmmu->code_host(current_cpu, a, &pa);
            if (!p) {
                *bad = a;
                return false;
            }
            cp->va = a & GUEST_PAGE_MASK;
            cp->host = p - (a & ~GUEST_PAGE_MASK);
        }
        memcpy(buf, p, chunk);
        a += chunk, buf += chunk, n -= chunk;
    }
    return true;
}

bool translator_side_exit(DisasBase *db, uint64_t target, IRLabel *taken)
{
    /* A block not yet hot counts its runs if it has a forward branch,
     * from where a superblock would differ. A superblock also goes on
     * past a backward one, a loop's: its taken side leaves (to the
     * block's own start, that is the loop inside the block). A block
     * ending in a backward one is not counted (translator_loop). */
    if (target > db->pc) {
        db->s->heat_off = db->heat_off;
    } else if (!db->side_max) {
        db->heat_off = 0;
        return false;
    }
    if (db->n_side >= db->side_max)
        return false;
    IRLabel l = ir_new_label(db->s);
    *taken = l;
    db->side[db->n_side].label = l;
    db->side[db->n_side].target = target;
    db->side[db->n_side].back = target <= db->pc && target > db->pc_first;
    db->side[db->n_side].insn = db->num_insns;
    /* A short skip ahead on the same page (if-then): the label goes at
     * target if the TB gets there, a join of both ways in registers. Not
     * under plugins: the code after a join would be two blocks' (the
     * fall-through's and the target's), counted as either. */
    db->side[db->n_side++].joined = target > db->pc && target - db->pc <= TB_JOIN_REACH &&
                                    (target & GUEST_PAGE_MASK) == (db->pc & GUEST_PAGE_MASK) &&
                                    !translator_plugin_mem ? 0 : -1;
    return true;
}

const uint8_t *translator_next_bytes(const DisasBase *db, unsigned len)
{
    uint64_t start = db->pc_next;
    if (!db->take_end || start >= db->take_end || len > db->take_end - start)
        return NULL;
    for (uint64_t a = start; a < start + len; a++)
        if (debug_bp_at(a))
            return NULL;
    return g2h(start);
}

bool translator_may_if_convert(const DisasBase *db, unsigned n)
{
    const IRContext *s = db->s;
    return s->inner_loops && s->merge_checks && !debug_checks_accesses() &&
           db->num_insns + n < db->max_insns && s->nb_ops + 64 * n < IR_MAX_OPS - 256 &&
           s->nb_temps + 16 * n < IR_MAX_TEMPS - 128;
}

static unsigned fetch_insn(const GuestArch *g, uint64_t pc, uint8_t *buf, uint64_t *bad, CodePage *cp)
{
    *bad = pc;
    if (exec_softmmu) {
        if (!fetch_softmmu(pc, buf, g->insn_unit, bad, cp))
            return 0;
        unsigned len = g->insn_len(buf);
        if (len > g->insn_unit &&
            !fetch_softmmu(pc + g->insn_unit, buf + g->insn_unit, len - g->insn_unit, bad, cp))
            return 0;
        return len;
    }
    if (!code_readable(pc, g->insn_unit))
        return 0;
    code_page_protect(pc);
    memcpy(buf, g2h(pc), g->insn_unit);
    unsigned len = g->insn_len(buf);
    if (len > g->insn_unit) {
        uint64_t rest = pc + g->insn_unit;
        /* The rest on the page just checked and protected needs neither again. */
        if ((pc ^ (pc + len - 1)) & GUEST_PAGE_MASK) {
            if (!code_readable(rest, len - g->insn_unit)) {
                /* the first byte that is on a page we cannot fetch from */
                *bad = code_readable(rest, 1) ? (rest & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE : rest;
                return 0;
            }
            code_page_protect(pc + len - 1);
        }
        memcpy(buf + g->insn_unit, g2h(rest), len - g->insn_unit);
    }
    return len;
}

unsigned translator_peek_insn(const DisasBase *db, uint64_t pc, uint8_t *buf)
{
    const GuestArch *g = db->cpu->guest;
    uint64_t bad;
    if ((pc & GUEST_PAGE_MASK) != (db->pc & GUEST_PAGE_MASK) || debug_bp_at(pc))
        return 0;
    unsigned len = translator_fetch_insn(g, pc, buf, &bad);
    return len && ((pc + len - 1) & GUEST_PAGE_MASK) == (db->pc & GUEST_PAGE_MASK) ? len : 0;
}

void translator_used_code(DisasBase *db, uint64_t lo, uint64_t hi)
{
    if (lo < db->used_lo)
        db->used_lo = lo;
    if (hi > db->used_hi)
        db->used_hi = hi;
}

unsigned translator_fetch_insn(const GuestArch *g, uint64_t pc, uint8_t *buf, uint64_t *bad)
{
    CodePage cp = { 1, NULL };
    return fetch_insn(g, pc, buf, bad, &cp);
}

/* A jump back to instruction pc of this TB (after its first): a label
 * just before it, which nothing branches to, so that what the optimizer
 * knows of the values falling in there is not taken for those the jump
 * brings (the backend may make the jump a loop inside the block, with
 * that instruction as the loop's head). *last: the last instruction's
 * insn_start, moved up with it. */
static void mark_loop_head(IRContext *s, uint64_t pc, uint32_t *last)
{
    for (uint32_t h = 1; h <= *last; h++) {
        if (s->ops[h].opc != IR_insn_start || s->ops[h].args[0] != pc)
            continue;
        if (s->ops[h - 1].opc != IR_set_label && ir_insert_label(s, h))
            ++*last;
        s->loop_heads = true;
        return;
    }
}

/* mark_loop_head for the last instruction's goto_tbs (mov pc, $c; goto_tb,
 * from op last on) back into the TB. */
static void mark_final_loop_heads(DisasBase *db, uint32_t pc_env, uint32_t last, uint64_t last_pc)
{
    IRContext *s = db->s;
    for (uint32_t i = last + 1; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i], *mv = &s->ops[i - 1];
        if (op->opc != IR_goto_tb || mv->opc != IR_mov || !ir_is_global(s, (IRTemp)mv->args[0]) ||
            s->temps[mv->args[0]].env_off != pc_env || !ir_is_const(s, (IRTemp)mv->args[1]))
            continue;
        uint64_t to = s->temps[mv->args[1]].val;
        if (to > db->pc_first && to <= last_pc) {
            uint32_t was = last;
            mark_loop_head(s, to, &last);
            i += last - was;
        }
    }
}

void translator_loop(const TranslatorOps *ops, DisasBase *db, IRContext *s, CPUState *cpu,
                     TBInfo *tb)
{
    const GuestArch *g = cpu->guest;
    const uint64_t page = tb->pc & GUEST_PAGE_MASK;
    uint8_t bytes[16];
    CodePage cp = { 1, NULL };
    uint32_t last_insn = 0;   /* the last instruction's insn_start op */
    uint64_t last_pc = tb->pc;

    db->s = s;
    db->cpu = cpu;
    db->pc_first = db->pc = tb->pc;
    db->num_insns = 0;
    db->max_insns = tb->max_insns;
    db->used_lo = UINT64_MAX;
    db->used_hi = 0;
    db->flags = tb->flags;
    db->tb_ended = false;
    db->n_side = 0;
    db->joined_here = false;
    db->heat_off = 0;
    db->side_max = 0;
    db->take_end = 0;
    if (!tb->cflags && !exec_icount && !exec_softmmu && !translator_plugin_mem && tb->max_insns > 1)
        db->take_end = tb->end && tb->end < page + GUEST_PAGE_SIZE ? tb->end : page + GUEST_PAGE_SIZE;
    /* With plugins too: a failed check runs the rest of the TB as its
     * tail (TB_CF_TAIL), instrumented as the TB was. */
    s->merge_checks = !tb->cflags && !exec_icount && !exec_softmmu;
    bool sb_ok = translator_superblocks == SUPERBLOCKS_ALWAYS || !exec_softmmu ||
                 exec_softmmu->hot_superblocks(tb->flags);
    /* Under plugins, a superblock is the basic blocks it goes through,
     * each instrumented as when it was shown to the plugins alone
     * (TBInfo.n_blocks): only hot blocks, which ran as such, and no loop
     * head inside one (nor a join, translator_side_exit). Not yet under
     * the softmmu, where the tail and per-block records are untried. */
    if (translator_superblocks && sb_ok && ops->gen_set_pc && !tb->cflags && !exec_icount &&
        !(exec_softmmu && translator_plugin_mem) && tb->max_insns > 1) {
        s->inner_loops = !translator_plugin_mem;
        if (tb->hot || (translator_superblocks == SUPERBLOCKS_ALWAYS && !translator_plugin_mem))
            db->side_max = TB_SIDE_EXITS;
        else
            db->heat_off = (uint32_t)(offsetof(CPUState, tb_heat) +
                                      ((tb->pc >> 1) ^ (tb->pc >> 9)) % CPU_TB_HEAT_SIZE);
    }
    for (;;) {
        /* A breakpoint: a TB that starts there only stops there, and one
         * that reaches it ends before it. A step ignores them. */
        if (!(tb->cflags & TB_CF_STEP) && debug_bp_at(db->pc)) {
            if (db->num_insns == 0) {
                debug_gen_trap(s, db->pc);
                tb->debug_trap = true;
                db->tb_ended = true;
            }
            break;
        }
        uint64_t bad;
        unsigned len = fetch_insn(g, db->pc, bytes, &bad, &cp);
        if (!len) {
            /* The insn faults only once it is the first of a TB, so what
             * precedes it runs. The guest pc stays at the insn's start
             * (where it resumes); si_addr is the unfetchable address. */
            if (db->num_insns == 0)
                translate_fetch_fault(db->pc, bad);
            break;
        }
        db->joined_here = false;
        for (unsigned i = 0; i < db->n_side; i++) {
            if (!db->side[i].joined && db->side[i].target == db->pc) {
                ir_set_label(s, db->side[i].label);
                db->side[i].joined = 1;
                db->joined_here = true;
            }
        }
        db->insn = bytes;
        db->pc_next = db->pc + len;
        last_insn = s->nb_ops;
        last_pc = db->pc;
        ir_insn_start(s, db->pc);
        ops->translate_insn(db);
        db->num_insns++;
        db->pc = db->pc_next;
        if (db->tb_ended || db->num_insns >= tb->max_insns || ir_near_full(s) ||
            (db->pc & GUEST_PAGE_MASK) != page || (tb->end && db->pc >= tb->end))
            break;
    }
    if (!db->tb_ended)
        ops->tb_stop(db);
    /* Without plugins a block with no conditional branch counts too: made
     * hot, it is translated again as the same block (nothing to go on
     * past), now with the optimizer (the first tier, exec/tb.c). Not one
     * ending in a backward branch: hot, it would become a superblock
     * going on past its loop, which made crc 5% slower. Nor with
     * -tb-cache, which keeps every block fully translated. */
    if (db->heat_off && db->num_insns && !exec_plugin_hooks && !tb_cache_active())
        s->heat_off = db->heat_off;
    if (s->inner_loops && db->num_insns > 1)
        mark_final_loop_heads(db, (uint32_t)offsetof(CPUState, arch) + g->pc_off, last_insn, last_pc);
    for (unsigned i = 0; i < db->n_side; i++) {
        if (db->side[i].joined > 0)
            continue;
        if (db->side[i].back)
            mark_loop_head(s, db->side[i].target, &last_insn);
        ir_set_label(s, db->side[i].label);
        ops->gen_set_pc(db, db->side[i].target);
        gen_goto_tb(s, 2 + (int)i);
    }
    tb->size = (uint32_t)(db->pc - tb->pc);
    tb->code_outside = db->used_lo < tb->pc || db->used_hi > db->pc;
    tb->n_insns = db->num_insns;
    tb->n_blocks = 1;
    tb->block_first[0] = 0;
    tb->n_sides = db->n_side;
    for (unsigned i = 0; i < db->n_side; i++) {
        uint32_t next = db->side[i].insn + 1;
        tb->side_label[i] = db->side[i].label;
        if (next < db->num_insns && next > tb->block_first[tb->n_blocks - 1])
            tb->block_first[tb->n_blocks++] = next;
    }
}
