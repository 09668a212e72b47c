/*
 * Translation of the A extension: LR/SC and the AMOs are helper calls
 * (helpers.c) that check alignment and access and then use host atomics.
 * Those are sequentially consistent, so aq/rl need no extra barrier. The
 * helpers can raise, so the pc global is made precise first.
 */
#include <stddef.h>

#include "guest/riscv64/helpers.h"
#include "guest/riscv64/trans.h"

/* The helpers access memory in C, so when plugins are loaded each access
 * is reported with a plugin_mem marker after the call (before rd is
 * written, while rs1 and rs2 still hold the operands): LR a read; a
 * successful SC a read of the reserved value and a write; an AMO a read of
 * the old value and a write of the new one. */
static bool gen_lr(DisasContext *ctx, const RVInsn *a, const IRHelper *h)
{
    gen_sync_pc(ctx);
    IRTemp args[] = { IR_ENV, gen_x(ctx, a->rs1) };
    IRTemp v = gen_call(ctx, h, args);
    if (translator_plugin_mem)
        translator_gen_helper_mem(ctx->s, gen_x(ctx, a->rs1), v, h == &rv_helper_lr_w ? IR_MO_SL : IR_MO_UQ,
                       false);
    gen_set_x(ctx, a->rd, v);
    return true;
}

static bool gen_sc(DisasContext *ctx, const RVInsn *a, const IRHelper *h)
{
    gen_sync_pc(ctx);
    IRTemp args[] = { IR_ENV, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2) };
    IRTemp fail = gen_call(ctx, h, args);
    if (translator_plugin_mem) {
        IRContext *s = ctx->s;
        unsigned mo = h == &rv_helper_sc_w ? IR_MO_UL : IR_MO_UQ;
        IRLabel done = ir_new_label(s);
        ir_brcond(s, fail, gen_imm(ctx, 0), IR_COND_NE, done);
        IRTemp old = gen_tmp(ctx);
        ir_ld_env(s, old, offsetof(RVState, res_val), IR_MO_UQ);
        translator_gen_helper_mem(s, gen_x(ctx, a->rs1), old, mo, false);
        translator_gen_helper_mem(s, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), mo, true);
        ir_set_label(s, done);
    }
    gen_set_x(ctx, a->rd, fail);
    return true;
}

/* The value an AMO stores, from the old value and rs2 (only for plugins). */
static IRTemp gen_amo_result(DisasContext *ctx, RVAmoOp op, IRTemp old, IRTemp src, bool w)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx);
    IRTemp x = gen_tmp(ctx), y = gen_tmp(ctx);
    bool sign = op == RV_AMO_MIN || op == RV_AMO_MAX;
    /* Compare as the instruction does: 32-bit values for .w. */
    if (w && sign) {
        ir_ext32s(s, x, old);
        ir_ext32s(s, y, src);
    } else if (w) {
        ir_ext32u(s, x, old);
        ir_ext32u(s, y, src);
    } else {
        ir_mov(s, x, old);
        ir_mov(s, y, src);
    }
    switch (op) {
    case RV_AMO_SWAP: ir_mov(s, r, src); break;
    case RV_AMO_ADD: ir_add(s, r, old, src); break;
    case RV_AMO_XOR: ir_xor(s, r, old, src); break;
    case RV_AMO_AND: ir_and(s, r, old, src); break;
    case RV_AMO_OR: ir_or(s, r, old, src); break;
    case RV_AMO_MIN: ir_movcond(s, r, x, y, x, y, IR_COND_LT); break;
    case RV_AMO_MAX: ir_movcond(s, r, x, y, x, y, IR_COND_GT); break;
    case RV_AMO_MINU: ir_movcond(s, r, x, y, x, y, IR_COND_LTU); break;
    default: ir_movcond(s, r, x, y, x, y, IR_COND_GTU); break;
    }
    return r;
}

static bool gen_amo(DisasContext *ctx, const RVInsn *a, const IRHelper *h, RVAmoOp op)
{
    gen_sync_pc(ctx);
    IRTemp args[] = { IR_ENV, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), gen_imm(ctx, op) };
    IRTemp old = gen_call(ctx, h, args);
    if (translator_plugin_mem) {
        bool w = h == &rv_helper_amo_w;
        IRTemp addr = gen_x(ctx, a->rs1);
        translator_gen_helper_mem(ctx->s, addr, old, w ? IR_MO_SL : IR_MO_UQ, false);
        translator_gen_helper_mem(ctx->s, addr, gen_amo_result(ctx, op, old, gen_x(ctx, a->rs2), w),
                       w ? IR_MO_UL : IR_MO_UQ, true);
    }
    gen_set_x(ctx, a->rd, old);
    return true;
}

TRANS(lr_w) { return gen_lr(ctx, a, &rv_helper_lr_w); }
TRANS(lr_d) { return gen_lr(ctx, a, &rv_helper_lr_d); }
TRANS(sc_w) { return gen_sc(ctx, a, &rv_helper_sc_w); }
TRANS(sc_d) { return gen_sc(ctx, a, &rv_helper_sc_d); }

TRANS(amoswap_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_SWAP); }
TRANS(amoadd_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_ADD); }
TRANS(amoxor_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_XOR); }
TRANS(amoand_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_AND); }
TRANS(amoor_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_OR); }
TRANS(amomin_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_MIN); }
TRANS(amomax_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_MAX); }
TRANS(amominu_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_MINU); }
TRANS(amomaxu_w) { return gen_amo(ctx, a, &rv_helper_amo_w, RV_AMO_MAXU); }
TRANS(amoswap_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_SWAP); }
TRANS(amoadd_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_ADD); }
TRANS(amoxor_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_XOR); }
TRANS(amoand_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_AND); }
TRANS(amoor_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_OR); }
TRANS(amomin_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_MIN); }
TRANS(amomax_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_MAX); }
TRANS(amominu_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_MINU); }
TRANS(amomaxu_d) { return gen_amo(ctx, a, &rv_helper_amo_d, RV_AMO_MAXU); }
