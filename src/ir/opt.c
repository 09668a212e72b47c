/*
 * The IR optimizer: one forward pass of constant folding and copy
 * propagation inside each basic block, a backward pass that drops writes
 * of guest registers (globals) that a later write replaces before anything
 * can see them, then dead-code elimination of pure ops whose TB-temp
 * outputs are never read.
 *
 * Knowledge about a temp (its constant value, or the temp it copies) is
 * stamped with the temp's write version and the basic-block epoch, so that a
 * later write or a label invalidates it in O(1) instead of by a sweep.
 */
#include "ir/ir.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

struct TempKnow {
    uint32_t epoch;      /* knowledge valid only while epoch matches */
    uint32_t version;    /* bumped on every write of the temp */
    uint32_t copy_of;    /* 0: none, else source temp ... */
    uint32_t copy_ver;   /* ... valid while its version is this */
    bool is_const;
    uint64_t val;
    uint32_t def;        /* 0: none, else 1 + the index of the op that wrote it, ... */
    uint32_t def_in_ver; /* ... valid while that op's first input has this version */
};
typedef struct TempKnow TempKnow;

typedef struct OptState {
    IRContext *s;
    TempKnow *k;
    uint32_t epoch;
} OptState;

static void know_reset(OptState *o) { o->epoch++; }

static TempKnow *know(OptState *o, IRTemp t)
{
    TempKnow *k = &o->k[t];
    if (k->epoch != o->epoch) {
        k->epoch = o->epoch;
        k->copy_of = 0;
        k->is_const = false;
        k->def = 0;
    }
    return k;
}

static void know_write(OptState *o, IRTemp t)
{
    TempKnow *k = know(o, t);
    k->version++;
    k->copy_of = 0;
    k->is_const = false;
    k->def = 0;
}

/* A call that may write guest state invalidates every global. */
static void know_clobber_globals(OptState *o)
{
    for (IRTemp t = 1; t <= o->s->nb_globals; t++)
        know_write(o, t);
}

/* The best equivalent of input t: a constant temp, or the temp it copies. */
static IRTemp resolve(OptState *o, IRTemp t)
{
    IRContext *s = o->s;
    /* Nothing known of t in this basic block: know() would only reset
     * the entry. Constants and env are never written, so never known. */
    TempKnow *k = &o->k[t];
    if (k->epoch != o->epoch)
        return t;
    if (k->is_const)
        return ir_const(s, k->val);
    if (k->copy_of) {
        TempKnow *src = know(o, k->copy_of);
        if (src->version == k->copy_ver)
            return k->copy_of;
    }
    return t;
}

static bool const_of(OptState *o, IRTemp t, uint64_t *v)
{
    if (o->s->temps[t].kind == IR_TEMP_CONST) {
        *v = o->s->temps[t].val;
        return true;
    }
    return false;
}

static void make_mov(OptState *o, IROp *op, IRTemp d, IRTemp src)
{
    op->opc = IR_mov;
    op->nout = 1;
    op->nin = 1;
    op->nconst = 0;
    op->args[0] = d;
    op->args[1] = src;
}

static void make_nop(IROp *op)
{
    /* An insn_start-free placeholder that DCE deletes: mov of nothing. */
    op->opc = IR_NB_OPS;
}

static bool foldable(IROpcode opc, uint64_t a, uint64_t b)
{
    const IROpDef *d = &ir_op_defs[opc];
    if (!(d->flags & IR_F_PURE) || opc == IR_setcond || opc == IR_movcond)
        return false;
    if (opc == IR_div || opc == IR_rem)
        return b != 0 && !(a == (uint64_t)INT64_MIN && b == UINT64_MAX);
    if (opc == IR_divu || opc == IR_remu)
        return b != 0;
    return true;
}

/* Identities with one constant operand; returns true if op was rewritten. */
static bool simplify(OptState *o, IROp *op)
{
    IRTemp d = (IRTemp)op->args[0], a = (IRTemp)op->args[1], b = (IRTemp)op->args[2];
    uint64_t cb;
    /* d = a op b only: a store's third argument is a constant, no temp. */
    if (ir_op_defs[op->opc].nout != 1 || ir_op_defs[op->opc].nin != 2 || !const_of(o, b, &cb))
        return false;
    switch (op->opc) {
    case IR_add: case IR_sub: case IR_or: case IR_xor:
    case IR_shl: case IR_shr: case IR_sar: case IR_rotl: case IR_rotr:
        if (cb == 0) { make_mov(o, op, d, a); return true; }
        break;
    case IR_and:
        if (cb == 0) { make_mov(o, op, d, b); return true; }
        if (cb == UINT64_MAX) { make_mov(o, op, d, a); return true; }
        break;
    case IR_mul:
        if (cb == 0) { make_mov(o, op, d, b); return true; }
        if (cb == 1) { make_mov(o, op, d, a); return true; }
        break;
    default:
        break;
    }
    return false;
}

/* The width of an extension op (its low bits kept), 0 for other ops. */
static unsigned ext_width(IROpcode opc)
{
    switch (opc) {
    case IR_ext8s: case IR_ext8u: return 8;
    case IR_ext16s: case IR_ext16u: return 16;
    case IR_ext32s: case IR_ext32u: return 32;
    default: return 0;
    }
}

/* The op that wrote temp t in this basic block, if its first input still
 * holds what the op read; NULL otherwise. */
static const IROp *def_of(OptState *o, IRTemp t)
{
    TempKnow *k = &o->k[t];
    if (k->epoch != o->epoch || !k->def)
        return NULL;
    const IROp *d = &o->s->ops[k->def - 1];
    return know(o, (IRTemp)d->args[1])->version == k->def_in_ver ? d : NULL;
}

/* Extensions through what wrote their input, as riscv code makes them:
 * `slli 32; srli 32` (zext.w, the two shifts often interleaved with
 * another pair, so the backend's adjacent-pair check misses them) is
 * ext32u, `slli; srai` a sign extension, and an extension of an extension
 * at least as wide (zext.w of an addw's result) reads the inner one's
 * input. Each rewrite leaves the inner op to DCE when nothing else reads
 * it. Returns true if op was rewritten. */
static bool simplify_ext(OptState *o, IROp *op)
{
    static const IROpcode zext[65] = { [32] = IR_ext32u, [48] = IR_ext16u, [56] = IR_ext8u };
    static const IROpcode sext[65] = { [32] = IR_ext32s, [48] = IR_ext16s, [56] = IR_ext8s };
    if (op->opc != IR_shr && op->opc != IR_sar && !ext_width((IROpcode)op->opc))
        return false;
    const IROp *d = def_of(o, (IRTemp)op->args[1]);
    if (!d)
        return false;
    uint64_t c, c2;
    if ((op->opc == IR_shr || op->opc == IR_sar) && d->opc == IR_shl && const_of(o, op->args[2], &c) &&
        const_of(o, d->args[2], &c2) && c == c2 && (c == 32 || c == 48 || c == 56)) {
        IRTemp dst = (IRTemp)op->args[0], x = (IRTemp)d->args[1];
        op->opc = op->opc == IR_shr ? zext[c] : sext[c];
        op->nin = 1;
        op->args[0] = dst;
        op->args[1] = x;
        return true;
    }
    unsigned w = ext_width((IROpcode)op->opc), dw = ext_width((IROpcode)d->opc);
    if (w && dw >= w) {
        op->args[1] = d->args[1];
        return true;
    }
    return false;
}

static void opt_forward(OptState *o)
{
    IRContext *s = o->s;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        IROp *op = &s->ops[i];
        const IROpDef *def = &ir_op_defs[op->opc];
        if (op->opc == IR_set_label) {
            know_reset(o);
            continue;
        }
        for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin); k++)
            op->args[k] = resolve(o, (IRTemp)op->args[k]);

        uint64_t va = 0, vb = 0;
        unsigned nin = op->nin;
        switch (op->opc) {
        case IR_setcond:
            if (const_of(o, op->args[1], &va) && const_of(o, op->args[2], &vb))
                make_mov(o, op, (IRTemp)op->args[0], ir_const(s, ir_cond_eval((IRCond)op->args[3], va, vb)));
            break;
        case IR_movcond:
            if (const_of(o, op->args[1], &va) && const_of(o, op->args[2], &vb)) {
                bool c = ir_cond_eval((IRCond)op->args[5], va, vb);
                make_mov(o, op, (IRTemp)op->args[0], (IRTemp)op->args[c ? 3 : 4]);
            } else if (op->args[3] == op->args[4]) {
                make_mov(o, op, (IRTemp)op->args[0], (IRTemp)op->args[3]);
            }
            break;
        case IR_brcond:
            if (const_of(o, op->args[0], &va) && const_of(o, op->args[1], &vb)) {
                if (ir_cond_eval((IRCond)op->args[2], va, vb)) {
                    uint64_t lab = op->args[3];
                    op->opc = IR_br;
                    op->nout = op->nin = 0;
                    op->nconst = 1;
                    op->args[0] = lab;
                } else {
                    make_nop(op);
                }
                continue;
            }
            break;
        case IR_mov: case IR_call:
            break;
        default:
            if ((def->flags & IR_F_PURE) && op->nout == 1 && nin >= 1 && nin <= 2 &&
                const_of(o, op->args[1], &va) && (nin == 1 || const_of(o, op->args[2], &vb)) &&
                foldable((IROpcode)op->opc, va, nin == 2 ? vb : 0))
                make_mov(o, op, (IRTemp)op->args[0],
                         ir_const(s, ir_fold((IROpcode)op->opc, va, nin == 2 ? vb : 0)));
            else if (!simplify(o, op))
                while (simplify_ext(o, op))
                    ;
            break;
        }

        if (op->opc == IR_call) {
            const IRHelper *h = (const IRHelper *)(uintptr_t)op->args[op->nout + op->nin];
            if (!(h->flags & IR_CALL_NO_WRITE_GLOBALS))
                know_clobber_globals(o);
        } else if (op->opc == IR_st_env) {
            know_clobber_globals(o);
        }
        for (unsigned k = 0; k < op->nout; k++)
            know_write(o, (IRTemp)op->args[k]);
        if ((op->opc == IR_shl || ext_width((IROpcode)op->opc)) && op->args[1] != op->args[0]) {
            TempKnow *kd = know(o, (IRTemp)op->args[0]);
            kd->def = i + 1;
            kd->def_in_ver = know(o, (IRTemp)op->args[1])->version;
        }
        if (op->opc == IR_mov) {
            IRTemp d = (IRTemp)op->args[0], src = (IRTemp)op->args[1];
            TempKnow *kd = know(o, d);
            if (d == src) {
                make_nop(op);
            } else if (s->temps[src].kind == IR_TEMP_CONST) {
                kd->is_const = true;
                kd->val = s->temps[src].val;
            } else if (src != IR_ENV) {
                kd->copy_of = src;
                kd->copy_ver = know(o, src)->version;
            }
        }
    }
}

/* Can op see the globals, or leave the straight line where the next write
 * of a global is? Control flow and exits, ops that may fault (the guest
 * state must then be exact), helpers that read guest registers, plugin
 * markers, and env accesses that overlap a global's slot. */
static bool sees_globals(const IRContext *s, const IROp *op, uint64_t glo, uint64_t ghi)
{
    uint32_t flags = ir_op_defs[op->opc].flags;
    if ((flags & (IR_F_BB_END | IR_F_FAULT)) || op->opc == IR_plugin_mem)
        return true;
    if (op->opc == IR_call) {
        const IRHelper *h = (const IRHelper *)(uintptr_t)op->args[op->nout + op->nin];
        return !(h->flags & IR_CALL_NO_READ_GLOBALS);
    }
    /* [glo, ghi): the env bytes the globals occupy, as one span (they sit
     * together in the guest's state), so an access is one compare */
    if (op->opc == IR_ld_env || op->opc == IR_st_env) {
        uint64_t off = op->args[op->nout + op->nin];
        return off < ghi && off + 8 > glo;
    }
    return false;
}

/* Could DCE drop op, were its output read nowhere: a pure op (or a call
 * without side effects) whose one output is a TB temp. */
static bool dce_kind(const IRContext *s, const IROp *op)
{
    if (op->nout != 1 || s->temps[op->args[0]].kind != IR_TEMP_TB)
        return false;
    return (ir_op_defs[op->opc].flags & IR_F_PURE) ||
           (op->opc == IR_call &&
            (((const IRHelper *)(uintptr_t)op->args[op->nout + op->nin])->flags & IR_CALL_NO_SIDE_EFFECTS));
}

/* What the dead-global-writes walk hands to DCE: the reads of each temp
 * by the ops it keeps (uses, zeroed by the caller for the temps there
 * are), the ops DCE may drop (cand, backward order: those whose output
 * no later op reads; only those can end up read by none), and the first
 * op that is already a nop (nb_ops: none). */
typedef struct DceStart {
    uint32_t *uses;
    uint32_t *cand;
    uint32_t ncand;
    uint32_t first_nop;
} DceStart;

/* A pure write of a global that a later write of the same global replaces,
 * with nothing in between that reads it or sees the guest state, is dead:
 * the flags of a flag-setting instruction followed by another, a register
 * written twice. Walks backward keeping which globals are overwritten
 * further on; DCE then drops what only fed the removed writes. The walk
 * also gathers what DCE starts from (DceStart). */
static void opt_dead_global_writes(IRContext *s, DceStart *d)
{
    /* a bit per global (temps 1 .. IR_MAX_GLOBALS) */
    uint64_t overwritten[(IR_MAX_GLOBALS + 1 + 63) / 64] = { 0 };
    const uint64_t glo = s->globals_lo, ghi = s->globals_hi;
    uint32_t *uses = d->uses;
    d->ncand = 0;
    d->first_nop = s->nb_ops;
    for (uint32_t i = s->nb_ops; i-- > 0;) {
        IROp *op = &s->ops[i];
        if (op->opc == IR_NB_OPS) {
            d->first_nop = i;
            continue;
        }
        if (op->nout == 1 && !uses[op->args[0]] && dce_kind(s, op))
            d->cand[d->ncand++] = i;
        if (sees_globals(s, op, glo, ghi)) {
            memset(overwritten, 0, sizeof(overwritten));
            for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin); k++)
                uses[op->args[k]]++;
            continue;
        }
        bool pure = ir_op_defs[op->opc].flags & IR_F_PURE;
        if (pure && op->nout == 1 && ir_is_global(s, (IRTemp)op->args[0]) &&
            (overwritten[op->args[0] / 64] >> (op->args[0] % 64) & 1)) {
            make_nop(op);
            d->first_nop = i;
            continue;
        }
        for (unsigned k = 0; k < op->nout; k++)
            if (ir_is_global(s, (IRTemp)op->args[k]))
                overwritten[op->args[k] / 64] |= 1ull << (op->args[k] % 64);
        for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin); k++) {
            uses[op->args[k]]++;
            if (ir_is_global(s, (IRTemp)op->args[k]))
                overwritten[op->args[k] / 64] &= ~(1ull << (op->args[k] % 64));
        }
    }
}

/* Drop op, a DCE candidate read by no op; says whether one of its inputs
 * lost its last read (only then can another op become droppable). */
static bool dce_drop(IRContext *s, IROp *op, uint32_t *uses)
{
    bool freed = false;
    for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin); k++)
        freed |= --uses[op->args[k]] == 0;
    make_nop(op);
    return freed;
}

/* Remove nops and pure ops whose outputs are unused TB temps, to a
 * fixpoint. The set removed does not depend on the order ops are looked
 * at (removing one only lowers counts), so the candidates go first, and
 * whole walks follow only while a removal left some temp unread. */
static void opt_dce(IRContext *s, DceStart *d)
{
    uint32_t *uses = d->uses;
    bool again = false;
    for (uint32_t c = 0; c < d->ncand; c++) {
        IROp *op = &s->ops[d->cand[c]];
        if (!uses[op->args[0]]) {
            again |= dce_drop(s, op, uses);
            if (d->cand[c] < d->first_nop)
                d->first_nop = d->cand[c];
        }
    }
    while (again) {
        again = false;
        for (uint32_t i = s->nb_ops; i-- > 0;) {
            IROp *op = &s->ops[i];
            if (op->opc == IR_NB_OPS)
                continue;
            /* an unread TB temp output first: most ops have none */
            if (op->nout != 1 || s->temps[op->args[0]].kind != IR_TEMP_TB || uses[op->args[0]] ||
                !dce_kind(s, op))
                continue;
            again |= dce_drop(s, op, uses);
            if (i < d->first_nop)
                d->first_nop = i;
        }
    }

    uint32_t j = d->first_nop;  /* the ops before the first removed one stay */
    for (uint32_t i = j; i < s->nb_ops; i++)
        if (s->ops[i].opc != IR_NB_OPS)
            s->ops[j++] = s->ops[i];
    s->nb_ops = j;
}

void ir_optimize(IRContext *s)
{
    /* The table outlives the TB: a fresh epoch makes all it holds stale,
     * so no TB pays for clearing it; only an epoch wrap-around does. */
    if (!s->opt_know || s->opt_epoch > UINT32_MAX - 2 * IR_MAX_OPS) {
        free(s->opt_know);
        s->opt_know = xcalloc(IR_MAX_TEMPS, sizeof(TempKnow));
        s->opt_epoch = 0;
    }
    OptState o = { .s = s, .k = s->opt_know, .epoch = ++s->opt_epoch };
    opt_forward(&o);
    s->opt_epoch = o.epoch;
    uint32_t uses[IR_MAX_TEMPS], cand[IR_MAX_OPS];
    memset(uses, 0, s->nb_temps * sizeof(uint32_t));
    DceStart d = { .uses = uses, .cand = cand };
    opt_dead_global_writes(s, &d);
    opt_dce(s, &d);
    ir_narrow_loops(s);
}
