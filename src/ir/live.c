/*
 * What a backend that keeps values in host registers learns about a TB's
 * IR list before it emits anything (ir_live_analyze, see analysis.h): which
 * ops compute a value nobody reads, how long each TB temp lives, which
 * temps can be computed straight into the global they are later copied to,
 * and which labels can inherit one branch's register state.
 *
 * Dead definitions: a pure op whose TB temp output is written again before
 * anything reads it, on the only path that leaves it (no branch between),
 * is skipped. Copy propagation leaves such ops behind (t = u; t = f(u)).
 *
 * Liveness: a TB temp is live until its last use in list order, extended
 * to the end of every backward branch whose loop it is live in (its value
 * must survive the trip around).
 *
 * Single-predecessor labels: a label only one forward branch leads to (the
 * code above it ends in an unconditional jump or exit) can inherit the
 * register state of that branch instead of meeting others in env.
 *
 * Copy coalescing: frontends compute into a fresh temp and then copy it to
 * the guest register (t = a + b; x5 = t; later uses read t). Renaming t to
 * x5 over t's whole life drops the copy and a register. It is only done when
 * nothing can tell the difference: t lives inside one basic block, but for
 * conditional branches after the copy (riscv's subw a5, ...; beqz a5;
 * blez a5 reads t in both branches of a superblock); between
 * t's first definition and the copy nothing reads or writes x5, nothing can
 * fault, call out or touch env (x5 takes its new value early there); after
 * the copy, t is not redefined and x5 is not written, not even by a helper
 * or st_env, until t's last use. The windows of two temps renamed to the
 * same global do not overlap.
 */
#include <string.h>

#include "ir/analysis.h"

/* Past this many ops, coalescing is not worth the scan. */
#define COALESCE_WINDOW 96

static bool is_tb(const IRContext *s, uint64_t t) { return s->temps[t].kind == IR_TEMP_TB; }

static bool writes_temp(const IROp *op, uint64_t t)
{
    for (unsigned k = 0; k < op->nout; k++)
        if (op->args[k] == t)
            return true;
    return false;
}

static bool mentions_temp(const IROp *op, uint64_t t)
{
    for (unsigned k = 0; k < (unsigned)(op->nout + op->nin); k++)
        if (op->args[k] == t)
            return true;
    return false;
}

/* skip[i]: op i computes a value that is overwritten unread. */
static void dead_defs(const IRContext *s, uint8_t *skip, IRAllocFn *alloc)
{
    /* TB temps that are written again before being read, from here on */
    uint64_t *over = alloc(sizeof(uint64_t) * ((s->nb_temps + 63) / 64));
    size_t words = (s->nb_temps + 63) / 64;
    memset(over, 0, words * sizeof(uint64_t));
    for (uint32_t i = s->nb_ops; i-- > 0;) {
        const IROp *op = &s->ops[i];
        unsigned flags = ir_op_defs[op->opc].flags;
        skip[i] = 0;
        if ((flags & IR_F_BB_END) && op->opc != IR_set_label) {
            memset(over, 0, words * sizeof(uint64_t));
            continue;
        }
        if ((flags & IR_F_PURE) && op->nout == 1 && is_tb(s, op->args[0]) &&
            (over[op->args[0] / 64] >> (op->args[0] % 64) & 1)) {
            skip[i] = 1;
            continue;
        }
        for (unsigned k = 0; k < op->nout; k++)
            if (is_tb(s, op->args[k]))
                over[op->args[k] / 64] |= 1ull << (op->args[k] % 64);
        for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin); k++)
            over[op->args[k] / 64] &= ~(1ull << (op->args[k] % 64));
    }
}

static const IRHelper *op_helper(const IROp *op) { return (const IRHelper *)(uintptr_t)op->args[op->nout + op->nin]; }

/* May renaming t (defined first at s0, last used at last) to g, copied at m, go ahead? */
static bool can_coalesce(const IRContext *s, const uint8_t *skip, uint32_t s0, uint32_t m, uint32_t last,
                         uint64_t t, uint64_t g)
{
    if (!writes_temp(&s->ops[s0], t))
        return false;   /* read before written: a value from around a loop */
    for (uint32_t i = s0 + 1; i <= last; i++) {
        const IROp *op = &s->ops[i];
        if (skip[i])
            continue;
        unsigned flags = ir_op_defs[op->opc].flags;
        if (i == m)
            continue;
        /* After the copy a conditional branch may leave: either way the
         * global holds t's value there. A label may not come (another
         * way in would bring another value of the global, not of t). */
        if ((flags & IR_F_BB_END) && i != last && !(i > m && op->opc == IR_brcond))
            return false;
        if (i < m) {
            if (mentions_temp(op, g) || (flags & (IR_F_FAULT | IR_F_CALL)) || op->opc == IR_ld_env ||
                op->opc == IR_st_env)
                return false;
        } else {
            if (writes_temp(op, t) || writes_temp(op, g) || op->opc == IR_st_env ||
                (op->opc == IR_call && !(op_helper(op)->flags & IR_CALL_NO_WRITE_GLOBALS)))
                return false;
        }
    }
    return true;
}

/* Could dead_defs skip op p, the last one to mention t before op i writes
 * it? Only if p is a pure op that writes t alone, op i does not also read
 * t, and no op in between leaves the straight line (a label does not). */
static bool overwritten_unread(const IRContext *s, uint32_t p, uint32_t i, uint64_t t)
{
    const IROp *def = &s->ops[p], *op = &s->ops[i];
    if (!is_tb(s, t) || def->nout != 1 || def->args[0] != t || !(ir_op_defs[def->opc].flags & IR_F_PURE))
        return false;
    for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin); k++)
        if (op->args[k] == t)
            return false;
    for (uint32_t j = p + 1; j <= i; j++)
        if ((ir_op_defs[s->ops[j].opc].flags & IR_F_BB_END) && s->ops[j].opc != IR_set_label)
            return false;
    return true;
}

/* The one forward walk: per TB temp (and constant: every temp above the
 * globals, the only ones the tables are kept for) its first and last
 * mention and last read,
 * where labels are and which branches go back (loops), which labels
 * one forward branch alone leads to (single), and the copies coalescing
 * looks at. */
typedef struct Walk {
    uint32_t *first, *last;     /* first and last op mentioning t (UINT32_MAX, 0: none) */
    int32_t *last_use;          /* last op reading t (-1: none) */
    uint32_t (*loops)[2];       /* [label's op, backward branch's op] */
    uint32_t nloops;
    uint32_t *copies;           /* the ops copying a TB temp to a global, for coalesce */
    uint32_t ncopies;
    uint32_t *gotos;            /* the goto_tb ops (IRLive.gotos) */
    uint32_t ngotos;
} Walk;

/* Returns whether some op writes a TB temp that overwritten_unread says
 * the op before it that mentions it computed for nothing: without that
 * dead_defs marks nothing (the last op it marks is such an op: anything
 * between it and the write that replaces it that read its output would
 * be marked too). */
static bool walk(const IRContext *s, const uint8_t *skip, Walk *w, uint8_t *single, IRAllocFn *alloc)
{
    int32_t *label_pos = alloc(sizeof(int32_t) * (s->nb_labels + 1u));
    uint32_t *refs = alloc(sizeof(uint32_t) * (s->nb_labels + 1u));
    w->loops = alloc(sizeof(*w->loops) * (s->nb_ops + 1u));
    w->nloops = 0;
    w->ncopies = 0;
    w->ngotos = 0;
    for (uint32_t t = s->nb_globals + 1; t < s->nb_temps; t++) {
        w->first[t] = UINT32_MAX;
        w->last[t] = 0;
        w->last_use[t] = -1;
    }
    for (uint32_t l = 0; l < s->nb_labels; l++) {
        label_pos[l] = -1;
        refs[l] = 0;
        single[l] = 0;
    }
    bool falls_in = true;   /* may control reach the next op from above? */
    bool rewritten = false;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        uint64_t lab = UINT64_MAX;
        switch (op->opc) {
        case IR_insn_start:
            continue;
        case IR_set_label:
            label_pos[op->args[0]] = (int32_t)i;
            single[op->args[0]] = falls_in ? IR_LABEL_JOIN : IR_LABEL_SINGLE;
            falls_in = true;
            continue;
        case IR_br: case IR_brcond:
            lab = op->opc == IR_br ? op->args[0] : op->args[3];
            refs[lab]++;
            if (label_pos[lab] >= 0) {
                refs[lab] = UINT32_MAX / 2;   /* backward: never single */
                if (!skip[i]) {
                    w->loops[w->nloops][0] = (uint32_t)label_pos[lab];
                    w->loops[w->nloops][1] = i;
                    w->nloops++;
                }
            }
            break;
        default:
            break;
        }
        falls_in = !(op->opc == IR_br || op->opc == IR_goto_tb || op->opc == IR_exit_tb ||
                     op->opc == IR_lookup_and_goto_ptr);
        if (skip[i])
            continue;
        if (op->opc == IR_mov && ir_is_global(s, (IRTemp)op->args[0]) && is_tb(s, op->args[1]))
            w->copies[w->ncopies++] = i;
        else if (op->opc == IR_goto_tb)
            w->gotos[w->ngotos++] = i;
        unsigned nt = (unsigned)(op->nout + op->nin);
        for (unsigned k = 0; k < nt; k++) {
            IRTemp t = (IRTemp)op->args[k];
            if (t <= s->nb_globals)
                continue;
            if (w->first[t] == UINT32_MAX)
                w->first[t] = i;
            else if (k < op->nout && !rewritten)
                rewritten = overwritten_unread(s, w->last[t], i, t);
            w->last[t] = i;
            if (k >= op->nout)
                w->last_use[t] = (int32_t)i;
        }
    }
    for (uint32_t l = 0; l < s->nb_labels; l++)
        single[l] = refs[l] == 1 ? single[l] : 0;
    return rewritten;
}

static void coalesce(const IRContext *s, const uint8_t *skip, const Walk *w, uint32_t *rename, IRAllocFn *alloc)
{
    /* per global: the end of the last window renamed to it; windows of one
     * global may only touch (the op that last reads one defines the next) */
    uint32_t *busy = alloc(sizeof(uint32_t) * (s->nb_globals + 1));
    memset(busy, 0, sizeof(uint32_t) * (s->nb_globals + 1));
    for (uint32_t t = s->nb_globals + 1; t < s->nb_temps; t++)
        rename[t] = (uint32_t)t;
    for (uint32_t c = 0; c < w->ncopies; c++) {
        uint32_t m = w->copies[c];
        const IROp *op = &s->ops[m];
        uint64_t g = op->args[0], t = op->args[1];
        uint32_t first = w->first[t], last = w->last[t];
        if (rename[t] != t || first >= m || last - first > COALESCE_WINDOW || first < busy[g])
            continue;
        if (can_coalesce(s, skip, first, m, last, t, g)) {
            rename[t] = (uint32_t)g;
            busy[g] = last;
        }
    }
}

/* A TB temp live in a loop lives to its end (its value must survive the
 * trip around). */
static void extend_over_loops(const IRContext *s, const Walk *w, int32_t *last_use)
{
    for (bool changed = w->nloops != 0; changed;) {
        changed = false;
        for (uint32_t l = 0; l < w->nloops; l++) {
            int32_t from = (int32_t)w->loops[l][0], to = (int32_t)w->loops[l][1];
            for (uint32_t t = s->nb_globals + 1; t < s->nb_temps; t++) {
                if (!is_tb(s, t) || last_use[t] < from || (int32_t)w->first[t] > to || last_use[t] > to)
                    continue;
                last_use[t] = to + 1;
                changed = true;
            }
        }
    }
}

void ir_live_analyze(const IRContext *s, IRLive *lv, IRAllocFn *alloc)
{
    lv->skip = alloc(s->nb_ops ? s->nb_ops : 1);
    lv->last_use = alloc(sizeof(int32_t) * s->nb_temps);
    lv->rename = alloc(sizeof(uint32_t) * s->nb_temps);
    lv->label_single = alloc(s->nb_labels ? s->nb_labels : 1);
    Walk w = { .first = alloc(sizeof(uint32_t) * s->nb_temps), .last = alloc(sizeof(uint32_t) * s->nb_temps),
               .last_use = lv->last_use, .copies = alloc(sizeof(uint32_t) * (s->nb_ops + 1u)),
               .gotos = alloc(sizeof(uint32_t) * (s->nb_ops + 1u)) };
    /* Few blocks have a dead definition: walk first as if none were
     * dead, and look for them (and walk again, skipping them) only where
     * the walk saw a write that may make one. */
    memset(lv->skip, 0, s->nb_ops);
    if (walk(s, lv->skip, &w, lv->label_single, alloc)) {
        dead_defs(s, lv->skip, alloc);
        walk(s, lv->skip, &w, lv->label_single, alloc);
    }
    lv->gotos = w.gotos;
    lv->ngotos = w.ngotos;
    coalesce(s, lv->skip, &w, lv->rename, alloc);
    extend_over_loops(s, &w, lv->last_use);
}
