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
