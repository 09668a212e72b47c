/*
 * Translation of Zicsr. A user program can reach the floating-point csrs
 * (fflags, frm, fcsr, through helpers: accrued flags may be pending in
 * the host FPU, whose rounding mode follows frm; they exist only when the
 * CPU model has F) and read the cycle, time and instret
 * counters (helpers). Any other csr, and any write to a counter, is
 * illegal.
 */
#include <string.h>

#include "guest/riscv64/helpers.h"
#include "guest/riscv64/sys.h"
#include "guest/riscv64/trans.h"

enum { CSR_FFLAGS = 0x001, CSR_FRM = 0x002, CSR_FCSR = 0x003,
       CSR_CYCLE = 0xc00, CSR_TIME = 0xc01, CSR_INSTRET = 0xc02 };

typedef enum CsrOp { CSR_WRITE = RV_CSR_OP_WRITE, CSR_SET = RV_CSR_OP_SET, CSR_CLEAR = RV_CSR_OP_CLEAR } CsrOp;

static const IRHelper *counter_helper(unsigned csr)
{
    switch (csr) {
    case CSR_CYCLE: return &rv_helper_rdcycle;
    case CSR_TIME: return &rv_helper_rdtime;
    case CSR_INSTRET: return &rv_helper_rdinstret;
    }
    return NULL;
}

/* Without F the floating-point csrs do not exist. */
static bool is_fp_csr(unsigned csr)
{
    return csr >= CSR_FFLAGS && csr <= CSR_FCSR && (rv_ext_enabled & RV_EXT_F);
}

#define OFF_FRM offsetof(RVState, frm)

static IRTemp gen_csr_read(DisasContext *ctx, unsigned csr)
{
    IRContext *s = ctx->s;
    IRTemp v = gen_tmp(ctx);
    switch (csr) {
    case CSR_FFLAGS: return gen_call(ctx, &rv_helper_fflags_read, (IRTemp[]){ IR_ENV });
    case CSR_FRM: ir_ld_env(s, v, OFF_FRM, IR_MO_UQ); return v;
    case CSR_FCSR: {
        IRTemp hi = gen_tmp(ctx);
        ir_ld_env(s, hi, OFF_FRM, IR_MO_UQ);
        IRTemp lo = gen_call(ctx, &rv_helper_fflags_read, (IRTemp[]){ IR_ENV });
        ir_shl(s, hi, hi, gen_imm(ctx, 5));
        ir_or(s, v, hi, lo);
        return v;
    }
    }
    return gen_call(ctx, counter_helper(csr), NULL);
}

static void gen_csr_write(DisasContext *ctx, unsigned csr, IRTemp v)
{
    IRContext *s = ctx->s;
    IRTemp t = gen_tmp(ctx);
    if (csr == CSR_FFLAGS || csr == CSR_FCSR)
        gen_call(ctx, &rv_helper_fflags_write, (IRTemp[]){ IR_ENV, v });
    if (csr == CSR_FRM) {
        gen_call(ctx, &rv_helper_frm_write, (IRTemp[]){ IR_ENV, v });
    } else if (csr == CSR_FCSR) {
        ir_shr(s, t, v, gen_imm(ctx, 5));
        gen_call(ctx, &rv_helper_frm_write, (IRTemp[]){ IR_ENV, t });
    }
}

/* src is rs1's value or the uimm; writes says whether the csr is written
 * (csrrs/csrrc with x0 or uimm 0 only read it). */
static bool gen_csr(DisasContext *ctx, const RVInsn *a, CsrOp op, IRTemp src, bool writes)
{
    IRContext *s = ctx->s;
    /* System mode: the fp csrs as here (FS = Off makes them illegal, as
     * it does every fp instruction), everything else by the system part. */
    if (rv_sys && !is_fp_csr(a->csr))
        return rv_gen_csr_sys(ctx, a, op, src, writes);
    if (!is_fp_csr(a->csr) && !(counter_helper(a->csr) && !writes))
        return false;
    IRTemp old = gen_csr_read(ctx, a->csr);
    if (writes) {
        IRTemp v = src;
        if (op != CSR_WRITE) {
            v = gen_tmp(ctx);
            (op == CSR_SET ? ir_or : ir_andc)(s, v, old, src);
        }
        gen_csr_write(ctx, a->csr, v);
    }
    gen_set_x(ctx, a->rd, old);
    /* A new frm may stop the rest of this block's inline arithmetic from
     * being valid (rv_set_frm): continue in a fresh lookup. */
    if (writes && (a->csr == CSR_FRM || a->csr == CSR_FCSR)) {
        ir_movi(s, RV_T_PC, ctx->pc_next);
        gen_exit_tb(s);
        ctx->tb_ended = true;
    }
    rv_gen_csr_end(ctx);
    return true;
}

/* The quiet comparison compilers write (isless(), sqrt's domain check):
 * `frflags rX; f{eq,lt,le}.{s,d} rd, fa, fb; fsflags rX`. The fsflags
 * puts back the flags the comparison raised, so the three are rX = fflags
 * and rd = the comparison without its flags, and fflags is not written:
 * two helper calls, and a read of the host FPU's status, fewer. Taken as
 * one instruction where the translator allows (translator_next_bytes);
 * none of the three can fault. Not when rd is rX or x0 (the fsflags would
 * write another value, or the result is dropped: left as it is). */
static bool gen_quiet_compare(DisasContext *ctx, const RVInsn *a)
{
    static const IRHelper *const quiet[2][3] = {
        { &rv_helper_feqq_s, &rv_helper_fltq_s, &rv_helper_fleq_s },
        { &rv_helper_feqq_d, &rv_helper_fltq_d, &rv_helper_fleq_d },
    };
    const uint8_t *next = translator_next_bytes(ctx, 8);
    if (!next)
        return false;
    uint32_t raw[2];
    memcpy(raw, next, sizeof(raw));
    RVInsn cmp, restore;
    rv_decode(raw[0], &cmp);
    rv_decode(raw[1], &restore);
    int k = cmp.op == RV_OP_feq_s || cmp.op == RV_OP_feq_d ? 0
          : cmp.op == RV_OP_flt_s || cmp.op == RV_OP_flt_d ? 1
          : cmp.op == RV_OP_fle_s || cmp.op == RV_OP_fle_d ? 2 : -1;
    if (k < 0 || (raw[0] & 3) != 3 || (rv_insn_info[cmp.op].ext & ~rv_ext_enabled) ||
        cmp.rd == 0 || cmp.rd == a->rd || restore.op != RV_OP_csrrw || restore.csr != CSR_FFLAGS ||
        restore.rd != 0 || restore.rs1 != a->rd)
        return false;
    bool d = cmp.op == RV_OP_feq_d || cmp.op == RV_OP_flt_d || cmp.op == RV_OP_fle_d;
    gen_set_x(ctx, a->rd, gen_call(ctx, &rv_helper_fflags_read, (IRTemp[]){ IR_ENV }));
    gen_set_x(ctx, cmp.rd, gen_call(ctx, quiet[d][k], (IRTemp[]){ gen_f(cmp.rs1), gen_f(cmp.rs2) }));
    translator_take_next(ctx, 8);
    return true;
}

TRANS(csrrw) { return gen_csr(ctx, a, CSR_WRITE, gen_x(ctx, a->rs1), true); }
TRANS(csrrs)
{
    if (a->csr == CSR_FFLAGS && a->rs1 == 0 && a->rd != 0 && !rv_sys && is_fp_csr(a->csr) &&
        gen_quiet_compare(ctx, a))
        return true;
    return gen_csr(ctx, a, CSR_SET, gen_x(ctx, a->rs1), a->rs1 != 0);
}
TRANS(csrrc) { return gen_csr(ctx, a, CSR_CLEAR, gen_x(ctx, a->rs1), a->rs1 != 0); }
TRANS(csrrwi) { return gen_csr(ctx, a, CSR_WRITE, gen_imm(ctx, a->imm), true); }
TRANS(csrrsi) { return gen_csr(ctx, a, CSR_SET, gen_imm(ctx, a->imm), a->imm != 0); }
TRANS(csrrci) { return gen_csr(ctx, a, CSR_CLEAR, gen_imm(ctx, a->imm), a->imm != 0); }
