/*
 * Translation of the A extension: LR/SC and the AMOs are helper calls
 * (helpers.c) that check alignment and access and then use host atomics.
 * Those are sequentially consistent, so aq/rl need no extra barrier. The
 * helpers can raise, so the pc global is made precise first.
 */
#include "guest/riscv64/helpers.h"
#include "guest/riscv64/trans.h"

static bool gen_lr(DisasContext *ctx, const RVInsn *a, const IRHelper *h)
{
    gen_sync_pc(ctx);
    IRTemp args[] = { IR_ENV, gen_x(ctx, a->rs1) };
    gen_set_x(ctx, a->rd, gen_call(ctx, h, args));
    return true;
}

static bool gen_sc(DisasContext *ctx, const RVInsn *a, const IRHelper *h)
{
    gen_sync_pc(ctx);
    IRTemp args[] = { IR_ENV, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2) };
    gen_set_x(ctx, a->rd, gen_call(ctx, h, args));
    return true;
}

static bool gen_amo(DisasContext *ctx, const RVInsn *a, const IRHelper *h, RVAmoOp op)
{
    gen_sync_pc(ctx);
    IRTemp args[] = { IR_ENV, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), gen_imm(ctx, op) };
    gen_set_x(ctx, a->rd, gen_call(ctx, h, args));
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
