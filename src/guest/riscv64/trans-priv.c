/*
 * Translation of the privileged instructions (mret, sret, wfi,
 * sfence.vma) and of system-mode csr accesses: each is a call to the
 * system part's helper (sys.h). They change the privilege level, the
 * translation or the interrupt state, so the TB ends after them and the
 * next one is looked up with the new flags (sfence.vma only changes what
 * later lookups find, and wfi leaves through its helper, so their TBs go
 * on, as QEMU 7.2's). In system mode every csr
 * instruction ends its TB, as in QEMU 7.2 (so plugins that count blocks
 * count the same); one that writes no system csr continues through a
 * chainable jump, one that does through the loop. Without the system part
 * (user mode) they are illegal.
 */
#include "guest/riscv64/sys.h"
#include "guest/riscv64/trans.h"

const RVSysTrans *rv_sys;

/* End the TB: continue at the next instruction through a fresh lookup
 * (the flags or the interrupt state may have changed), or, when nothing
 * that the lookup or the interrupt check looks at can have changed (a csr
 * read, an fp csr), through a chainable jump. */
static void gen_end_next(DisasContext *ctx, bool lookup)
{
    ir_movi(ctx->s, RV_T_PC, ctx->pc_next);
    if (lookup)
        gen_exit_tb(ctx->s);
    else
        gen_goto_tb(ctx->s, 0);
    ctx->tb_ended = true;
}

bool rv_gen_csr_sys(DisasContext *ctx, const RVInsn *a, unsigned op, IRTemp src, bool writes)
{
    if (!rv_sys)
        return false;
    gen_sync_pc(ctx);
    unsigned desc = a->csr | op << RV_CSR_OP_SHIFT | (writes ? RV_CSR_WRITES : 0);
    IRTemp args[] = { IR_ENV, gen_imm(ctx, desc), src };
    IRTemp old = gen_call(ctx, rv_sys->csr, args);
    gen_set_x(ctx, a->rd, old);
    if (writes) {
        /* through the loop only if the write asks for it (sys.h) */
        IRLabel lookup = ir_new_label(ctx->s);
        IRTemp again = gen_tmp(ctx);
        ir_ld_env(ctx->s, again, offsetof(RVState, csr_lookup), IR_MO_UQ);
        ir_brcond(ctx->s, again, gen_imm(ctx, 0), IR_COND_NE, lookup);
        gen_end_next(ctx, false);
        ir_set_label(ctx->s, lookup);
    }
    gen_end_next(ctx, writes);
    return true;
}

void rv_gen_csr_end(DisasContext *ctx)
{
    if (rv_sys && !ctx->tb_ended)
        gen_end_next(ctx, false);
}

static bool gen_xret(DisasContext *ctx, const IRHelper *h)
{
    gen_sync_pc(ctx);
    IRTemp pc = gen_call(ctx, h, (IRTemp[]){ IR_ENV });
    ir_mov(ctx->s, RV_T_PC, pc);
    gen_exit_tb(ctx->s);
    ctx->tb_ended = true;
    return true;
}

TRANS(mret) { return rv_sys && gen_xret(ctx, rv_sys->mret); }
TRANS(sret) { return rv_sys && gen_xret(ctx, rv_sys->sret); }

TRANS(wfi)
{
    if (!rv_sys)
        return false;
    gen_sync_pc(ctx);
    gen_call(ctx, rv_sys->wfi, (IRTemp[]){ IR_ENV });
    /* The helper always leaves the TB (the loop resumes at the next
     * instruction through a fresh lookup), yet the TB goes on, as QEMU
     * 7.2's: its blocks, and so bb's counts, are QEMU's. */
    return true;
}

TRANS(sfence_vma)
{
    if (!rv_sys)
        return false;
    gen_sync_pc(ctx);
    IRTemp args[] = { IR_ENV, gen_x(ctx, a->rs1), gen_imm(ctx, a->rs1 != 0) };
    gen_call(ctx, rv_sys->sfence_vma, args);
    /* The TB goes on, as QEMU 7.2's: the rest of this page was translated
     * already, and the next lookup sees the new mapping. */
    return true;
}
