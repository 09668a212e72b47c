/*
 * Loop-carried values that the loop reads only in their low 32 bits.
 *
 * riscv64's W instructions and `lw` sign-extend their 32-bit result into
 * the register, and a loop like the table-driven CRC carries such a value
 * from one iteration to the next: `lw; xor; sext.w` at the end, `srlw`
 * and `xor; zext.b` at the top. On x86-64 the sign extension sits on the
 * loop's dependency chain (a `movslq` load is a cycle longer than a `mov`
 * of 32 bits), although no reader in the loop looks at the high bits.
 *
 * For such a global G at a loop head (the label the translator puts
 * before an instruction a goto_tb of the TB jumps back to), when every
 * reader of G in the loop needs no more than its low 32 bits and the
 * loop writes it by a sign extension, a narrow copy
 * S (a global the frontend set aside, IRContext.narrow_copy) takes the
 * low 32 bits: `mov S, G` on the way in, `mov S, u` after each write
 * `G = ext32s(u)` (`mov S, G` after any other write), and the loop's
 * readers that need no more than the low 32 bits read S instead of G. G
 * itself is still written in full at every write, so every fault, exit,
 * signal and helper sees the exact register; only the chain goes through
 * S, and a signed load whose result nothing needs above its width becomes
 * an unsigned one. What each value needs comes from a backward walk over
 * the TB (demand()).
 *
 * It is the IR's own business, not a backend's: the interpreter runs the
 * same list (JIT-against-interpreter runs compare the two). S is read only
 * after the TB itself wrote it, on every path: the head is entered by
 * falling in (past the copy) or by a goto_tb back to it, and no branch
 * from before the head leads into the loop (loop_end). Riscv64 only for
 * now: aarch64's 32-bit loads and W registers zero-extend, which a
 * 32-bit x86-64 instruction does for free.
 */
#include <string.h>

#include "ir/ir.h"

#define LOW32 0xffffffffull
#define NONE UINT32_MAX

/* Bits 0 up to the highest set in d. */
static uint64_t up_to(uint64_t d) { return d ? ~0ull >> __builtin_clzll(d) : 0; }

static bool is_tb_temp(const IRContext *s, IRTemp t) { return s->temps[t].kind == IR_TEMP_TB; }

static bool const_arg(const IRContext *s, const IROp *op, unsigned k, uint64_t *v)
{
    IRTemp t = (IRTemp)op->args[op->nout + k];
    if (!ir_is_const(s, t))
        return false;
    *v = s->temps[t].val;
    return true;
}

/* The bits of input k of op that matter when the bits d of its result do. */
static uint64_t input_demand(const IRContext *s, const IROp *op, unsigned k, uint64_t d)
{
    uint64_t c;
    switch (op->opc) {
    case IR_mov: case IR_xor: case IR_or: case IR_not: case IR_eqv: case IR_orc: case IR_andc:
        return d;
    case IR_and:
        return const_arg(s, op, 1 - k, &c) ? d & c : d;
    case IR_add: case IR_sub: case IR_neg: case IR_mul:
        return up_to(d);
    case IR_shl:
        if (k == 1)
            return 63;
        return const_arg(s, op, 1, &c) ? d >> (c & 63) : up_to(d);
    case IR_shr:
        if (k == 1)
            return 63;
        return const_arg(s, op, 1, &c) ? d << (c & 63) : ~0ull;
    case IR_sar:
        if (k == 1)
            return 63;
        if (!const_arg(s, op, 1, &c))
            return ~0ull;
        c &= 63;
        return d << c | (c && d >> (64 - c) ? 1ull << 63 : 0);
    case IR_ext8u: return d & 0xff;
    case IR_ext16u: return d & 0xffff;
    case IR_ext32u: return d & LOW32;
    case IR_ext8s: return (d & 0xff) | (d >> 8 ? 0x80 : 0);
    case IR_ext16s: return (d & 0xffff) | (d >> 16 ? 0x8000 : 0);
    case IR_ext32s: return (d & LOW32) | (d >> 32 ? 1ull << 31 : 0);
    case IR_qemu_st: {
        unsigned size = op->args[op->nout + op->nin] & IR_MO_SIZE;
        return k == 0 && size < IR_MO_64 ? ~0ull >> (64 - (8u << size)) : ~0ull;
    }
    default:
        return ~0ull;
    }
}

/* The next op after i that is not an insn_start, or NONE. */
static uint32_t next_real(const IRContext *s, uint32_t i)
{
    while (++i < s->nb_ops)
        if (s->ops[i].opc != IR_insn_start)
            return i;
    return NONE;
}

/* `mov t, x` whose t the next op writes again without reading it (the
 * frontends' `mov t, x; ext32s t, x`): what reads t reads the other. */
static bool overwritten_mov(const IRContext *s, uint32_t i)
{
    const IROp *op = &s->ops[i];
    if (op->opc != IR_mov || !is_tb_temp(s, (IRTemp)op->args[0]))
        return false;
    uint32_t j = next_real(s, i);
    if (j == NONE || s->ops[j].nout != 1 || s->ops[j].args[0] != op->args[0])
        return false;
    for (unsigned k = 0; k < s->ops[j].nin; k++)
        if (s->ops[j].args[1 + k] == op->args[0])
            return false;
    return true;
}

static bool is_narrow_copy(const IRContext *s, IRTemp t)
{
    for (unsigned k = 0; k < IR_NARROW_COPIES; k++)
        if (s->narrow_copy[k] && s->narrow_copy[k] == t)
            return true;
    return false;
}

/* The bits of each op's result anything needs: d[t] for TB temps, one
 * backward walk (each temp's reads come after its writes), the union over
 * all of a temp's reads. Globals are needed whole, the narrow copies in
 * their low 32 bits (only readers of no more read them). */
static uint64_t result_demand(const IRContext *s, const uint64_t *d, const IROp *op)
{
    if (op->nout != 1)
        return ~0ull;
    IRTemp t = (IRTemp)op->args[0];
    return is_tb_temp(s, t) ? d[t] : is_narrow_copy(s, t) ? LOW32 : ~0ull;
}

static void demand(const IRContext *s, uint64_t *d)
{
    memset(d, 0, s->nb_temps * sizeof(uint64_t));
    for (uint32_t i = s->nb_ops; i-- > 0;) {
        const IROp *op = &s->ops[i];
        if (overwritten_mov(s, i))
            continue;
        uint64_t r = result_demand(s, d, op);
        for (unsigned k = 0; k < op->nin; k++) {
            IRTemp t = (IRTemp)op->args[op->nout + k];
            if (is_tb_temp(s, t))
                d[t] |= input_demand(s, op, k, r);
        }
    }
}

static bool writes_globals(const IROp *op)
{
    if (op->opc != IR_call)
        return false;
    const IRHelper *h = (const IRHelper *)(uintptr_t)op->args[op->nout + op->nin];
    return !(h->flags & IR_CALL_NO_WRITE_GLOBALS);
}

static bool reads(const IROp *op, IRTemp t)
{
    for (unsigned k = 0; k < op->nin; k++)
        if (op->args[op->nout + k] == t)
            return true;
    return false;
}

static uint32_t branch_label(const IROp *op)
{
    return op->opc == IR_brcond ? (uint32_t)op->args[3] : op->opc == IR_br ? (uint32_t)op->args[0] : NONE;
}

/* The pc a `mov g, $c; goto_tb` at op i (the goto_tb) jumps to, if it is one. */
static bool goto_target(const IRContext *s, uint32_t i, uint64_t *pc)
{
    if (s->ops[i].opc != IR_goto_tb || !i)
        return false;
    uint32_t j = i - 1;
    while (j > 0 && s->ops[j].opc == IR_insn_start)
        j--;
    const IROp *m = &s->ops[j];
    if (m->opc != IR_mov || !ir_is_global(s, (IRTemp)m->args[0]) || !ir_is_const(s, (IRTemp)m->args[1]))
        return false;
    *pc = s->temps[m->args[1]].val;
    return true;
}

/* Where label l is set, or NONE. */
static uint32_t label_at(const IRContext *s, uint32_t l)
{
    for (uint32_t i = 0; i < s->nb_ops; i++)
        if (s->ops[i].opc == IR_set_label && s->ops[i].args[0] == l)
            return i;
    return NONE;
}

/* The last op of the loop at the head whose label is op hl (pc head_pc):
 * the last branch taken to a goto_tb back to it (one after the head; a
 * jump there from before it leaves the TB); NONE when there is none or
 * the loop is not one to narrow: a branch to the head's label or from
 * before the head into the loop (past the copy made on the way in), a
 * helper in it that may write the globals. A branch from before the head to a label after the loop's
 * end is fine: no way from there leads back into the loop (each goto_tb
 * to the head is taken by a branch at or before the end). */
static uint32_t loop_end(const IRContext *s, uint32_t hl, uint64_t head_pc)
{
    uint32_t end = NONE;
    for (uint32_t i = hl + 1; i < s->nb_ops; i++) {
        uint64_t pc;
        if (!goto_target(s, i, &pc) || pc != head_pc)
            continue;
        uint32_t from = i;
        /* a side exit's stub: taken at the last branch to its label */
        uint32_t m = i - 1;
        while (m > 0 && s->ops[m].opc == IR_insn_start)
            m--;
        uint32_t lab = m > 0 && s->ops[m - 1].opc == IR_set_label ? (uint32_t)s->ops[m - 1].args[0] : NONE;
        if (lab != NONE)
            for (uint32_t j = 0; j < i; j++)
                if (branch_label(&s->ops[j]) == lab)
                    from = j;
        if (from > hl && (end == NONE || from > end))
            end = from;
    }
    if (end == NONE)
        return NONE;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        uint32_t l = branch_label(&s->ops[i]);
        if (l == NONE)
            continue;
        /* a branch to the head's own label skips the copy before it */
        if (l == s->ops[hl].args[0])
            return NONE;
        uint32_t at = i < hl ? label_at(s, l) : NONE;
        if (at != NONE && at > hl && at <= end)
            return NONE;
    }
    for (uint32_t i = hl + 1; i <= end; i++)
        if (writes_globals(&s->ops[i]))
            return NONE;
    return end;
}

/* The op that last wrote TB temp t before op i in the same straight run
 * of ops (no label between), or NONE. */
static uint32_t last_write(const IRContext *s, IRTemp t, uint32_t i)
{
    while (i-- > 0) {
        const IROp *op = &s->ops[i];
        if (op->opc == IR_set_label)
            return NONE;
        if (op->nout == 1 && op->args[0] == t)
            return i;
    }
    return NONE;
}

/* What S takes after op i writes g: u when g = ext32s(u) (through a move
 * of a temp written so), with u unchanged since; else g. */
static IRTemp narrow_source(const IRContext *s, uint32_t i, IRTemp g)
{
    const IROp *op = &s->ops[i];
    IRTemp src = NONE;
    uint32_t e = i;
    if (op->opc == IR_ext32s) {
        src = (IRTemp)op->args[1];
    } else if (op->opc == IR_mov && is_tb_temp(s, (IRTemp)op->args[1])) {
        e = last_write(s, (IRTemp)op->args[1], i);
        /* not `ext32s t, t`: the value before it is gone */
        if (e != NONE && s->ops[e].opc == IR_ext32s && s->ops[e].args[1] != s->ops[e].args[0])
            src = (IRTemp)s->ops[e].args[1];
    }
    if (src == NONE || !is_tb_temp(s, src) || src == op->args[0])
        return g;
    for (uint32_t j = e + 1; j < i; j++)
        if (s->ops[j].nout == 1 && s->ops[j].args[0] == src)
            return g;
    return src;
}

/* A write of g at op i needs no copy when g is written again before
 * anything reads S or the run of ops ends. */
static bool copy_needed(const IRContext *s, uint32_t i, IRTemp g, IRTemp S)
{
    for (uint32_t j = i + 1; j < s->nb_ops; j++) {
        const IROp *op = &s->ops[j];
        if (op->opc == IR_insn_start)
            continue;
        if (op->opc == IR_set_label || (ir_op_defs[op->opc].flags & IR_F_BB_END) || reads(op, S) ||
            reads(op, g))
            return true;
        if (op->nout == 1 && op->args[0] == g)
            return false;
    }
    return true;
}

static bool insert_mov(IRContext *s, uint32_t at, IRTemp d, IRTemp x)
{
    if (s->nb_ops >= IR_MAX_OPS)
        return false;
    memmove(&s->ops[at + 1], &s->ops[at], (s->nb_ops - at) * sizeof(IROp));
    s->nb_ops++;
    IROp *op = &s->ops[at];
    memset(op, 0, sizeof(*op));
    op->opc = IR_mov;
    op->nout = op->nin = 1;
    op->args[0] = d;
    op->args[1] = x;
    return true;
}

/* Whether g at head hl (loop to end) is worth a copy: every reader in
 * the loop needs no more than its low 32 bits (else the whole value is
 * on the loop's chain anyway, and the copy is one more register), and
 * some write in it is a sign extension the copy can skip. */
static bool worth(const IRContext *s, const uint64_t *d, uint32_t hl, uint32_t end, IRTemp g)
{
    bool narrow_read = false, ext_write = false;
    for (uint32_t i = hl + 1; i <= end && i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        if (op->opc == IR_insn_start || overwritten_mov(s, i))
            continue;
        uint64_t r = result_demand(s, d, op);
        for (unsigned k = 0; k < op->nin; k++) {
            if (op->args[op->nout + k] != g)
                continue;
            if (input_demand(s, op, k, r) & ~LOW32)
                return false;
            narrow_read = true;
        }
        if (op->nout == 1 && op->args[0] == g && narrow_source(s, i, g) != g)
            ext_write = true;
    }
    return narrow_read && ext_write;
}

/* Give g at head hl (loop to end) the copy S. Returns false, changing
 * nothing, if the TB has no room for the moves. */
static bool narrow(IRContext *s, const uint64_t *d, uint32_t hl, uint32_t end, IRTemp g, IRTemp S)
{
    uint32_t at[IR_MAX_OPS / 8], n = 0;
    IRTemp src[IR_MAX_OPS / 8];
    for (uint32_t i = hl + 1; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        if (op->nout != 1 || op->args[0] != g || !copy_needed(s, i, g, S))
            continue;
        if (n == IR_MAX_OPS / 8 || s->nb_ops + n + 1 >= IR_MAX_OPS)
            return false;
        at[n] = i + 1;
        src[n++] = narrow_source(s, i, g);
    }
    if (s->nb_ops + n + 1 >= IR_MAX_OPS)
        return false;
    for (uint32_t i = hl + 1; i <= end && i < s->nb_ops; i++) {
        IROp *op = &s->ops[i];
        if (op->opc == IR_insn_start || overwritten_mov(s, i))
            continue;
        uint64_t r = result_demand(s, d, op);
        for (unsigned k = 0; k < op->nin; k++)
            if (op->args[op->nout + k] == g && !(input_demand(s, op, k, r) & ~LOW32))
                op->args[op->nout + k] = S;
    }
    while (n-- > 0)
        insert_mov(s, at[n], S, src[n]);
    insert_mov(s, hl, S, g);
    return true;
}

/* A signed load whose result nothing needs above its width loads
 * unsigned (a plain `mov` on x86-64, a cycle shorter than `movslq`). */
static void narrow_loads(IRContext *s, const uint64_t *d)
{
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        IROp *op = &s->ops[i];
        if (op->opc != IR_qemu_ld || !is_tb_temp(s, (IRTemp)op->args[0]))
            continue;
        uint64_t *mo = &op->args[op->nout + op->nin];
        unsigned size = *mo & IR_MO_SIZE;
        if ((*mo & IR_MO_SIGN) && size < IR_MO_64 && !(d[op->args[0]] >> (8u << size)))
            *mo &= ~(uint64_t)IR_MO_SIGN;
    }
}

void ir_narrow_loops(IRContext *s)
{
    if (!s->inner_loops || !s->loop_heads || !s->narrow_copy[0])
        return;
    uint64_t d[IR_MAX_TEMPS];
    unsigned used = 0;
    bool known = false, changed = false;
    for (uint32_t hl = 0; hl + 1 < s->nb_ops && used < IR_NARROW_COPIES && s->narrow_copy[used]; hl++) {
        if (s->ops[hl].opc != IR_set_label || s->ops[hl + 1].opc != IR_insn_start)
            continue;
        uint32_t end = loop_end(s, hl, s->ops[hl + 1].args[0]);
        if (end == NONE)
            continue;
        if (!known)
            demand(s, d);      /* only for a TB with a loop: most have none */
        known = true;
        /* the candidates: globals the loop writes by a sign extension */
        for (uint32_t i = hl + 1; i <= end && used < IR_NARROW_COPIES && s->narrow_copy[used]; i++) {
            const IROp *op = &s->ops[i];
            IRTemp g = op->nout == 1 ? (IRTemp)op->args[0] : 0;
            if (!g || !ir_is_global(s, g) || is_narrow_copy(s, g) || narrow_source(s, i, g) == g ||
                !worth(s, d, hl, end, g))
                continue;
            if (!narrow(s, d, hl, end, g, s->narrow_copy[used]))
                return;
            used++;
            changed = true;
            demand(s, d);
            /* the ops moved: the head's label is one further on; look
             * at the loop again from there */
            hl++;
            end = loop_end(s, hl, s->ops[hl + 1].args[0]);
            if (end == NONE)
                break;
            i = hl;
        }
    }
    if (changed)
        narrow_loads(s, d);
}
