/*
 * Shared by the riscv64 translator files (translate.c and trans-*.c): the
 * per-TB DisasContext, how guest registers map to IR globals, small gen_*
 * building blocks, and the prototypes of every rv_trans_<insn>() named in
 * insns.def. A trans function emits the IR for one decoded instruction and
 * returns false if the encoding is illegal (translate.c then raises SIGILL).
 */
#ifndef PEEK_RV_TRANS_H
#define PEEK_RV_TRANS_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "ir/softmmu.h"
#include "exec/translate.h"
#include "guest/riscv64/cpu.h"
#include "guest/riscv64/decode.h"
#include "guest/riscv64/riscv64.h"
#include "guest/riscv64/sys.h"
#include "ir/ir.h"

/* IR globals, registered by rv_init_ir() in this fixed order into a fresh
 * context, so their temp numbers are constants: x1..x31 are temps 1..31
 * (temp 0 is env, and x0 is never a global). */
enum {
    RV_T_PC = 32,
    RV_T_F0 = 33,
};

/* riscv64 needs nothing beyond the generic state: the IR context, the pc
 * of the insn (pc) and of the next (pc_next), and tb_ended (the insn
 * ended the TB: jump, trap, fence.i). */
typedef DisasBase DisasContext;

#define TRANS(name) bool rv_trans_##name(DisasContext *ctx, const RVInsn *a)

/* The conditional branch a (cond on rs1, rs2) as a select between its
 * ways' loads (translator_may_if_convert), if they match; else false,
 * nothing emitted. */
bool rv_if_convert(DisasContext *ctx, const RVInsn *a, IRCond cond);

#define RV_INSN(name, mask, match, fmt, cons, syntax, trans, ext) TRANS(trans);
#include "guest/riscv64/insns.def"
#undef RV_INSN

/* x registers: reads of x0 are constant 0, writes to it are dropped. */
static inline IRTemp gen_x(DisasContext *ctx, unsigned r)
{
    return r ? (IRTemp)r : ir_const(ctx->s, 0);
}
static inline void gen_set_x(DisasContext *ctx, unsigned r, IRTemp v)
{
    if (r)
        ir_mov(ctx->s, (IRTemp)r, v);
}
static inline IRTemp gen_f(unsigned r) { return (IRTemp)(RV_T_F0 + r); }
static inline IRTemp gen_tmp(DisasContext *ctx) { return ir_new_temp(ctx->s); }
static inline IRTemp gen_imm(DisasContext *ctx, int64_t v) { return ir_const(ctx->s, (uint64_t)v); }

/* x[rs] & mask: shift and rotate counts (63, or 31 for the W forms). */
static inline IRTemp gen_masked(DisasContext *ctx, unsigned rs, unsigned mask)
{
    IRTemp t = gen_tmp(ctx);
    ir_and(ctx->s, t, gen_x(ctx, rs), gen_imm(ctx, mask));
    return t;
}

/* Make the pc global precise before something that can raise. */
static inline void gen_sync_pc(DisasContext *ctx) { ir_movi(ctx->s, RV_T_PC, ctx->pc); }

/* End the TB with a trap at this insn (ecall, ebreak, illegal encodings). */
static inline void gen_trap(DisasContext *ctx, int excp)
{
    gen_sync_pc(ctx);
    gen_raise(ctx->s, excp);
    ctx->tb_ended = true;
}

/* A guest access's IRMemOp: mo with the TB's mmu index (system mode; 0 in
 * user mode, where TB flags are 0). */
static inline IRMemOp gen_memop(DisasContext *ctx, unsigned mo)
{
    return (IRMemOp)(mo | (ctx->flags & RV_TBF_MMU_MASK) << IR_MO_MMU_SHIFT);
}

/* rs1 + imm, the address of a load, store or jalr. */
static inline IRTemp gen_addr(DisasContext *ctx, const RVInsn *a)
{
    if (a->imm == 0)
        return gen_x(ctx, a->rs1);
    IRTemp t = gen_tmp(ctx);
    ir_addi(ctx->s, t, gen_x(ctx, a->rs1), a->imm);
    return t;
}

/* The shapes most integer instructions share. */
typedef void IRBinFn(IRContext *s, IRTemp d, IRTemp a, IRTemp b);
typedef void IRUnFn(IRContext *s, IRTemp d, IRTemp a);

static inline bool gen_binop(DisasContext *ctx, unsigned rd, IRTemp x, IRTemp y, IRBinFn *op, bool w)
{
    if (rd == 0)
        return true;
    IRTemp d = gen_tmp(ctx);
    op(ctx->s, d, x, y);
    if (w)
        ir_ext32s(ctx->s, d, d);
    gen_set_x(ctx, rd, d);
    return true;
}
/* rd = rs1 op rs2 */
static inline bool gen_r(DisasContext *ctx, const RVInsn *a, IRBinFn *op)
{
    return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), op, false);
}
/* rd = rs1 op imm */
static inline bool gen_i(DisasContext *ctx, const RVInsn *a, IRBinFn *op)
{
    return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_imm(ctx, a->imm), op, false);
}
/* The W forms: the 64-bit op, then sign-extend the low 32 bits. */
static inline bool gen_r_w(DisasContext *ctx, const RVInsn *a, IRBinFn *op)
{
    return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), op, true);
}
static inline bool gen_i_w(DisasContext *ctx, const RVInsn *a, IRBinFn *op)
{
    return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_imm(ctx, a->imm), op, true);
}
/* rd = op(rs1) */
static inline bool gen_unary(DisasContext *ctx, const RVInsn *a, IRUnFn *op)
{
    if (a->rd == 0)
        return true;
    IRTemp d = gen_tmp(ctx);
    op(ctx->s, d, gen_x(ctx, a->rs1));
    gen_set_x(ctx, a->rd, d);
    return true;
}

/* A csr instruction in system mode (trans-priv.c): false in user mode. */
bool rv_gen_csr_sys(DisasContext *ctx, const RVInsn *a, unsigned op, IRTemp src, bool writes);
/* After an fp csr instruction: in system mode it ends the TB too. */
void rv_gen_csr_end(DisasContext *ctx);

/* Helper calls from the trans files; see helpers.h for the descriptors. */
static inline IRTemp gen_call(DisasContext *ctx, const IRHelper *h, const IRTemp *args)
{
    IRTemp ret = h->has_ret ? gen_tmp(ctx) : 0;
    ir_call_helper(ctx->s, h, ret, args);
    return ret;
}

#endif
