/*
 * Translation of branches and exception-generating instructions. Every
 * branch ends the TB (but a conditional one in a superblock, which leaves
 * by a side exit and goes on): direct targets chain through
 * gen_goto() slots (the taken path slot 1, the fall-through slot 0),
 * register targets go through the jump cache (gen_goto_ptr). Conditional
 * branches test the flag globals or the register with one brcond where
 * they can.
 */
#include "guest/aarch64/trans.h"

/* Two-way exit: to target if the branch emitted before took label, else
 * to the next instruction. */
static void gen_two_way(DisasContext *ctx, IRLabel taken, uint64_t target)
{
    gen_goto(ctx, 0, ctx->base.pc + 4);
    ir_set_label(ctx->s, taken);
    gen_goto(ctx, 1, target);
    ctx->base.tb_ended = true;
}

TRANS(b_cond)
{
    uint64_t target = ctx->base.pc + (uint64_t)a->imm;
    if (a->cond >= 14) {
        gen_goto(ctx, 0, target);
        ctx->base.tb_ended = true;
        return true;
    }
    IRLabel taken;
    if (translator_side_exit(&ctx->base, target, &taken)) {
        gen_brcond_cc(ctx, a->cond, taken);
        return true;
    }
    taken = ir_new_label(ctx->s);
    gen_brcond_cc(ctx, a->cond, taken);
    gen_two_way(ctx, taken, target);
    return true;
}

/* b, bl (bit 31: link). */
TRANS(b)
{
    if (a->raw >> 31)
        gen_set_x(ctx, 30, gen_imm(ctx, (int64_t)(ctx->base.pc + 4)), true);
    gen_goto(ctx, 0, ctx->base.pc + (uint64_t)a->imm);
    ctx->base.tb_ended = true;
    return true;
}

/* cbz, cbnz (bit 24). */
TRANS(cb)
{
    uint64_t target = ctx->base.pc + (uint64_t)a->imm;
    IRLabel taken;
    bool side = translator_side_exit(&ctx->base, target, &taken);
    if (!side)
        taken = ir_new_label(ctx->s);
    IRCond c = a->raw >> 24 & 1 ? IR_COND_NE : IR_COND_EQ;
    ir_brcond(ctx->s, gen_x_sf(ctx, a->rt, a->sf), gen_imm(ctx, 0), c, taken);
    if (!side)
        gen_two_way(ctx, taken, target);
    return true;
}

/* tbz, tbnz (bit 24) on bit imms of rt. */
TRANS(tb)
{
    uint64_t target = ctx->base.pc + (uint64_t)a->imm;
    IRLabel taken;
    bool side = translator_side_exit(&ctx->base, target, &taken);
    if (!side)
        taken = ir_new_label(ctx->s);
    IRTemp bit = gen_tmp(ctx);
    IRCond c = a->raw >> 24 & 1 ? IR_COND_NE : IR_COND_EQ;
    ir_and(ctx->s, bit, gen_x(ctx, a->rt), gen_imm(ctx, (int64_t)(1ull << a->imms)));
    ir_brcond(ctx->s, bit, gen_imm(ctx, 0), c, taken);
    if (!side)
        gen_two_way(ctx, taken, target);
    return true;
}

/* br, blr, ret (bits 22:21: 0, 1, 2). The target is read before blr
 * writes x30, so blr x30 jumps to the old value. */
TRANS(br)
{
    IRTemp target = gen_tmp(ctx);
    ir_mov(ctx->s, target, gen_x(ctx, a->rn));
    if ((a->raw >> 21 & 3) == 1)
        gen_set_x(ctx, 30, gen_imm(ctx, (int64_t)(ctx->base.pc + 4)), true);
    ir_mov(ctx->s, A64_T_PC, target);
    gen_goto_ptr(ctx->s);
    ctx->base.tb_ended = true;
    return true;
}

/* svc enters the kernel with the pc on the svc (the cpu loop steps past
 * it); Linux ignores the immediate. brk is a breakpoint. hvc, smc, hlt and
 * udf are undefined at EL0. */
TRANS(exception)
{
    switch (a->op) {
    case A64_OP_svc: gen_trap(ctx, EXCP_SYSCALL); return true;
    case A64_OP_brk: gen_trap(ctx, EXCP_BREAKPOINT); return true;
    default: return false;
    }
}
