/*
 * The aarch64 translator: the generic translation loop (exec/translate.h)
 * forms the TB; each fetched instruction is decoded and fed to its
 * a64_trans_<trans>() (looked up through the table generated from
 * insns.def). An instruction of a feature the -cpu model leaves out, like
 * every unallocated encoding, raises SIGILL at its pc.
 */
#include <string.h>

#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/trans.h"

typedef bool TransFn(DisasContext *ctx, const A64Insn *a);

static TransFn *const trans_table[A64_OP_COUNT] = {
#define A64_INSN(name, mask, match, fmt, syntax, trans, cls) [A64_OP_##name] = a64_trans_##trans,
#include "guest/aarch64/insns.def"
#undef A64_INSN
};

static void a64_translate_insn(DisasBase *db)
{
    DisasContext *ctx = (DisasContext *)db;
    uint32_t raw;
    memcpy(&raw, db->insn, 4);
    A64Insn insn;
    if (!a64_decode(raw, &insn) || (a64_insn_info[insn.op].cls & ~a64_features) ||
        !trans_table[insn.op](ctx, &insn))
        gen_trap(ctx, EXCP_ILLEGAL);
}

static void a64_tb_stop(DisasBase *db) { gen_goto((DisasContext *)db, 0, db->pc); }

static void a64_set_pc(DisasBase *db, uint64_t pc) { ir_movi(db->s, A64_T_PC, pc); }

static const TranslatorOps a64_translator = {
    .translate_insn = a64_translate_insn,
    .tb_stop = a64_tb_stop,
    .gen_set_pc = a64_set_pc,
};

void a64_translate(IRContext *s, CPUState *cpu, TBInfo *tb)
{
    DisasContext ctx = { .s = s };
    translator_loop(&a64_translator, &ctx.base, s, cpu, tb);
}
