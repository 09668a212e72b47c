/*
 * The riscv64 translator: the generic translation loop (exec/translate.h)
 * forms the TB; each fetched instruction is decoded and fed to its
 * rv_trans_<insn>() (looked up through the table generated from
 * insns.def). An instruction of an extension the -cpu model leaves out is
 * illegal. A TB also ends at a control transfer, a trap or fence.i.
 */
#include <string.h>

#include "guest/riscv64/sys.h"
#include "guest/riscv64/trans.h"

typedef bool TransFn(DisasContext *ctx, const RVInsn *a);

static TransFn *const trans_table[RV_OP_COUNT] = {
#define RV_INSN(name, mask, match, fmt, cons, syntax, trans, ext) [RV_OP_##name] = rv_trans_##trans,
#include "guest/riscv64/insns.def"
#undef RV_INSN
};

/* ---- if-conversion (translator_may_if_convert) ----
 * A way of a branch: a load, at most RV_WAY_MAX - 2 plain ALU
 * instructions, then a conditional branch. The two ways match when their
 * instructions are the same but for the load's offset, and their last
 * branches are opposite tests of the same registers, each one's target
 * the other's fall-through: both ways then end in the same place, in the
 * same state but for the loaded value. (chase's tree walk: bltu picks
 * "ld a5,0(a5); addi; beqz a5" or "ld a5,8(a5); addi; bnez a5", at random,
 * a mispredicted host branch half the time; a cmov instead.) */
enum { RV_WAY_MAX = 4 };
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

typedef struct RVWay {
    unsigned n;
    uint64_t pc[RV_WAY_MAX];
    RVInsn in[RV_WAY_MAX];
} RVWay;

static const struct {
    TransFn *fn;
    IRMemOp mo;
} rv_loads[] = {
    { rv_trans_lb, IR_MO_SB }, { rv_trans_lh, IR_MO_SW }, { rv_trans_lw, IR_MO_SL },
    { rv_trans_ld, IR_MO_UQ }, { rv_trans_lbu, IR_MO_UB }, { rv_trans_lhu, IR_MO_UW },
    { rv_trans_lwu, IR_MO_UL },
};

/* Instructions that only compute registers from registers: no fault, no
 * pc, no state besides x[rd]. */
static TransFn *const rv_plain[] = {
    rv_trans_lui, rv_trans_addi, rv_trans_xori, rv_trans_ori, rv_trans_andi, rv_trans_slli,
    rv_trans_srli, rv_trans_srai, rv_trans_slti, rv_trans_sltiu, rv_trans_slt, rv_trans_sltu,
    rv_trans_add, rv_trans_sub, rv_trans_xor, rv_trans_or, rv_trans_and, rv_trans_sll,
    rv_trans_srl, rv_trans_sra, rv_trans_addiw, rv_trans_slliw, rv_trans_addw, rv_trans_subw,
    rv_trans_sllw, rv_trans_srliw, rv_trans_sraiw, rv_trans_srlw, rv_trans_sraw,
};

/* The branches, each next to its opposite. */
static TransFn *const rv_branches[] = {
    rv_trans_beq, rv_trans_bne, rv_trans_blt, rv_trans_bge, rv_trans_bltu, rv_trans_bgeu,
};

static int fn_index(TransFn *f, TransFn *const *tab, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        if (tab[i] == f)
            return (int)i;
    return -1;
}

static int load_index(TransFn *f)
{
    for (unsigned i = 0; i < NELEM(rv_loads); i++)
        if (rv_loads[i].fn == f)
            return (int)i;
    return -1;
}

/* The way from pc, if it has the shape above. */
static bool way_decode(const DisasBase *db, uint64_t pc, RVWay *w)
{
    for (unsigned k = 0; k < RV_WAY_MAX; k++) {
        uint8_t buf[16];
        unsigned len = translator_peek_insn(db, pc, buf);
        if (!len)
            return false;
        uint32_t raw = 0;
        memcpy(&raw, buf, len);
        RVInsn *in = &w->in[k];
        rv_decode(raw, in);
        if (in->op == RV_OP_ILLEGAL || (rv_insn_info[in->op].ext & ~rv_ext_enabled))
            return false;
        TransFn *f = trans_table[in->op];
        w->pc[k] = pc;
        w->n = k + 1;
        if (k == 0) {
            if (load_index(f) < 0)
                return false;
        } else if (fn_index(f, rv_branches, NELEM(rv_branches)) >= 0) {
            return true;
        } else if (fn_index(f, rv_plain, NELEM(rv_plain)) < 0) {
            return false;
        }
        pc += len;
    }
    return false;
}

static bool ways_match(const RVWay *t, const RVWay *f)
{
    if (t->n != f->n)
        return false;
    for (unsigned k = 0; k < t->n; k++) {
        const RVInsn *x = &t->in[k], *y = &f->in[k];
        if (trans_table[x->op] != trans_table[y->op] && k + 1 < t->n)
            return false;
        if (x->rd != y->rd || x->rs1 != y->rs1 || x->rs2 != y->rs2)
            return false;
        if (k > 0 && k + 1 < t->n && x->imm != y->imm)
            return false;
    }
    unsigned l = t->n - 1;
    int bt = fn_index(trans_table[t->in[l].op], rv_branches, NELEM(rv_branches));
    int bf = fn_index(trans_table[f->in[l].op], rv_branches, NELEM(rv_branches));
    uint64_t t_to = t->pc[l] + (uint64_t)t->in[l].imm, t_next = t->pc[l] + t->in[l].len;
    uint64_t f_to = f->pc[l] + (uint64_t)f->in[l].imm, f_next = f->pc[l] + f->in[l].len;
    return (bt ^ 1) == bf && t_to == f_next && t_next == f_to;
}

bool rv_if_convert(DisasContext *ctx, const RVInsn *a, IRCond cond)
{
    uint64_t target = ctx->pc + (uint64_t)a->imm;
    RVWay t, f;
    if (target == ctx->pc_next || !translator_may_if_convert(ctx, RV_WAY_MAX) ||
        !way_decode(ctx, target, &t) || !way_decode(ctx, ctx->pc_next, &f) || !ways_match(&t, &f))
        return false;
    IRContext *s = ctx->s;
    const RVInsn *lt = &t.in[0], *lf = &f.in[0];
    IRMemOp mo = gen_memop(ctx, rv_loads[load_index(trans_table[lt->op])].mo | IR_MO_RETRY);
    IRTemp vt = gen_tmp(ctx), vf = gen_tmp(ctx), v = gen_tmp(ctx);
    ir_qemu_ld(s, vt, gen_addr(ctx, lt), mo);
    ir_qemu_ld(s, vf, gen_addr(ctx, lf), mo);
    ir_movcond(s, v, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), vt, vf, cond);
    gen_set_x(ctx, lt->rd, v);
    /* The fall-through way's load is taken in: the TB goes on after it,
     * and counts it (TBInfo.n_insns: -d in_asm shows every instruction). */
    ctx->pc_next = f.pc[1];
    ctx->num_insns++;
    unsigned l = t.n - 1;
    translator_used_code(ctx, t.pc[0], t.pc[l] + t.in[l].len);
    translator_used_code(ctx, f.pc[0], f.pc[l] + f.in[l].len);
    return true;
}

static void rv_translate_insn(DisasBase *db)
{
    uint32_t raw = 0;
    memcpy(&raw, db->insn, (size_t)(db->pc_next - db->pc));
    RVInsn insn;
    rv_decode(raw, &insn);
    unsigned ext = insn.op == RV_OP_ILLEGAL ? 0 : rv_insn_info[insn.op].ext;
    /* mstatus.FS = Off (system mode): fp instructions and csrs are illegal */
    bool fs_off = (db->flags & RV_TBF_FS_OFF) &&
                  ((ext & (RV_EXT_F | RV_EXT_D)) || (ext == RV_EXT_ZICSR && insn.csr >= 1 && insn.csr <= 3));
    if (insn.op == RV_OP_ILLEGAL || (ext & ~rv_ext_enabled) || fs_off || !trans_table[insn.op](db, &insn))
        gen_trap(db, EXCP_ILLEGAL);
}

static void rv_tb_stop(DisasBase *db)
{
    ir_movi(db->s, RV_T_PC, db->pc);
    gen_goto_tb(db->s, 0);
}

static void rv_set_pc(DisasBase *db, uint64_t pc) { ir_movi(db->s, RV_T_PC, pc); }

static const TranslatorOps rv_translator = {
    .translate_insn = rv_translate_insn,
    .tb_stop = rv_tb_stop,
    .gen_set_pc = rv_set_pc,
};

void rv_translate(IRContext *s, CPUState *cpu, TBInfo *tb)
{
    DisasContext ctx;
    translator_loop(&rv_translator, &ctx, s, cpu, tb);
}
