/*
 * Translation of the F and D extensions. Loads, stores and moves are plain
 * IR (singles live NaN-boxed in the 64-bit f registers); all arithmetic,
 * comparisons and conversions call the helpers of helpers-fp.c, which wrap
 * the soft-float library. A static rounding mode of 5 or 6 is illegal at
 * translation; the dynamic one (7) is resolved against frm by the helper,
 * which may then raise, so the pc global is made precise first.
 */
#include "guest/riscv64/helpers.h"
#include "guest/riscv64/trans.h"

#define NAN_BOX 0xffffffff00000000ull

TRANS(flw)
{
    IRTemp t = gen_tmp(ctx);
    ir_qemu_ld(ctx->s, t, gen_addr(ctx, a), gen_memop(ctx, IR_MO_UL));
    ir_or(ctx->s, gen_f(a->rd), t, ir_const(ctx->s, NAN_BOX));
    return true;
}

TRANS(fld)
{
    IRTemp t = gen_tmp(ctx);
    ir_qemu_ld(ctx->s, t, gen_addr(ctx, a), gen_memop(ctx, IR_MO_UQ));
    ir_mov(ctx->s, gen_f(a->rd), t);
    return true;
}

TRANS(fsw)
{
    ir_qemu_st(ctx->s, gen_f(a->rs2), gen_addr(ctx, a), gen_memop(ctx, IR_MO_UL));
    return true;
}

TRANS(fsd)
{
    ir_qemu_st(ctx->s, gen_f(a->rs2), gen_addr(ctx, a), gen_memop(ctx, IR_MO_UQ));
    return true;
}

TRANS(fmv_x_w)
{
    if (a->rd) {
        IRTemp t = gen_tmp(ctx);
        ir_ext32s(ctx->s, t, gen_f(a->rs1));
        gen_set_x(ctx, a->rd, t);
    }
    return true;
}

TRANS(fmv_w_x)
{
    ir_or(ctx->s, gen_f(a->rd), gen_x(ctx, a->rs1), ir_const(ctx->s, NAN_BOX));
    return true;
}

TRANS(fmv_x_d)
{
    gen_set_x(ctx, a->rd, gen_f(a->rs1));
    return true;
}

TRANS(fmv_d_x)
{
    ir_mov(ctx->s, gen_f(a->rd), gen_x(ctx, a->rs1));
    return true;
}

/* Checks the rounding-mode field; false means the insn is illegal. */
static bool gen_rm(DisasContext *ctx, unsigned rm)
{
    if (rm == 5 || rm == 6)
        return false;
    if (rm == 7)
        gen_sync_pc(ctx);
    return true;
}

/* The descriptor of a rounding helper for rm: static modes cannot raise. */
static const IRHelper *fp_rm_helper(const IRHelper h[2], unsigned rm)
{
    return &h[rm == RV_RM_DYN];
}

/* Call h with args and put the result in f[rd] (to_x: x[rd]). */
static bool gen_fp_call(DisasContext *ctx, const RVInsn *a, const IRHelper *h,
                        const IRTemp *args, bool to_x)
{
    IRTemp r = gen_call(ctx, h, args);
    if (to_x)
        gen_set_x(ctx, a->rd, r);
    else
        ir_mov(ctx->s, gen_f(a->rd), r);
    return true;
}

/* A single-precision operand: the value if NaN-boxed (upper half all
 * ones), else the canonical NaN. The float32 ops ignore the upper half. */
static IRTemp gen_unbox_s(DisasContext *ctx, IRTemp f)
{
    IRContext *s = ctx->s;
    IRTemp hi = gen_tmp(ctx), v = gen_tmp(ctx);
    ir_shr(s, hi, f, gen_imm(ctx, 32));
    ir_movcond(s, v, hi, gen_imm(ctx, 0xffffffffu), f, gen_imm(ctx, 0x7fc00000u), IR_COND_EQ);
    return v;
}

/* Arithmetic in frm's mode on the host FPU, which follows frm (fpu.h),
 * while rv_fp_inline allows; false: use the helper. Singles are unboxed
 * on the way in and boxed on the way out. */
static bool gen_fp_inline(DisasContext *ctx, const RVInsn *a, IROpcode opc)
{
    if (a->rm != RV_RM_DYN || !__atomic_load_n(&rv_fp_inline, __ATOMIC_RELAXED))
        return false;
    IRContext *s = ctx->s;
    bool single = ir_float_single(opc), sqrt = ir_float_unary(opc);
    IRTemp x = gen_f(a->rs1), y = sqrt ? 0 : gen_f(a->rs2);
    IRTemp d = single ? gen_tmp(ctx) : gen_f(a->rd);
    if (single) {
        x = gen_unbox_s(ctx, x);
        if (!sqrt)
            y = gen_unbox_s(ctx, y);
    }
    if (sqrt) {
        uint64_t args[] = { d, x };
        ir_emit(s, opc, args);
    } else {
        uint64_t args[] = { d, x, y };
        ir_emit(s, opc, args);
    }
    if (single)
        ir_or(s, gen_f(a->rd), d, gen_imm(ctx, 0xffffffff00000000ull));
    return true;
}

static bool gen_fp_rm3(DisasContext *ctx, const RVInsn *a, const IRHelper h[2])
{
    if (!gen_rm(ctx, a->rm))
        return false;
    IRTemp args[] = { IR_ENV, gen_f(a->rs1), gen_f(a->rs2), gen_f(a->rs3), gen_imm(ctx, a->rm) };
    return gen_fp_call(ctx, a, fp_rm_helper(h, a->rm), args, false);
}

static bool gen_fp_rm2(DisasContext *ctx, const RVInsn *a, const IRHelper h[2])
{
    if (!gen_rm(ctx, a->rm))
        return false;
    IRTemp args[] = { IR_ENV, gen_f(a->rs1), gen_f(a->rs2), gen_imm(ctx, a->rm) };
    return gen_fp_call(ctx, a, fp_rm_helper(h, a->rm), args, false);
}

/* One operand with rounding: src_x/to_x say which file rs1/rd are in. */
static bool gen_fp_rm1(DisasContext *ctx, const RVInsn *a, const IRHelper h[2], bool src_x, bool to_x)
{
    if (!gen_rm(ctx, a->rm))
        return false;
    IRTemp args[] = { IR_ENV, src_x ? gen_x(ctx, a->rs1) : gen_f(a->rs1), gen_imm(ctx, a->rm) };
    return gen_fp_call(ctx, a, fp_rm_helper(h, a->rm), args, to_x);
}

static bool gen_fp_fl2(DisasContext *ctx, const RVInsn *a, const IRHelper *h, bool to_x)
{
    IRTemp args[] = { IR_ENV, gen_f(a->rs1), gen_f(a->rs2) };
    return gen_fp_call(ctx, a, h, args, to_x);
}

static bool gen_fp_pure2(DisasContext *ctx, const RVInsn *a, const IRHelper *h)
{
    IRTemp args[] = { gen_f(a->rs1), gen_f(a->rs2) };
    return gen_fp_call(ctx, a, h, args, false);
}

TRANS(fmadd_s) { return gen_fp_rm3(ctx, a, rv_helper_fmadd_s); }
TRANS(fmsub_s) { return gen_fp_rm3(ctx, a, rv_helper_fmsub_s); }
TRANS(fnmsub_s) { return gen_fp_rm3(ctx, a, rv_helper_fnmsub_s); }
TRANS(fnmadd_s) { return gen_fp_rm3(ctx, a, rv_helper_fnmadd_s); }
TRANS(fmadd_d) { return gen_fp_rm3(ctx, a, rv_helper_fmadd_d); }
TRANS(fmsub_d) { return gen_fp_rm3(ctx, a, rv_helper_fmsub_d); }
TRANS(fnmsub_d) { return gen_fp_rm3(ctx, a, rv_helper_fnmsub_d); }
TRANS(fnmadd_d) { return gen_fp_rm3(ctx, a, rv_helper_fnmadd_d); }

TRANS(fadd_s) { return gen_fp_inline(ctx, a, IR_fadd32) || gen_fp_rm2(ctx, a, rv_helper_fadd_s); }
TRANS(fsub_s) { return gen_fp_inline(ctx, a, IR_fsub32) || gen_fp_rm2(ctx, a, rv_helper_fsub_s); }
TRANS(fmul_s) { return gen_fp_inline(ctx, a, IR_fmul32) || gen_fp_rm2(ctx, a, rv_helper_fmul_s); }
TRANS(fdiv_s) { return gen_fp_inline(ctx, a, IR_fdiv32) || gen_fp_rm2(ctx, a, rv_helper_fdiv_s); }
TRANS(fadd_d) { return gen_fp_inline(ctx, a, IR_fadd64) || gen_fp_rm2(ctx, a, rv_helper_fadd_d); }
TRANS(fsub_d) { return gen_fp_inline(ctx, a, IR_fsub64) || gen_fp_rm2(ctx, a, rv_helper_fsub_d); }
TRANS(fmul_d) { return gen_fp_inline(ctx, a, IR_fmul64) || gen_fp_rm2(ctx, a, rv_helper_fmul_d); }
TRANS(fdiv_d) { return gen_fp_inline(ctx, a, IR_fdiv64) || gen_fp_rm2(ctx, a, rv_helper_fdiv_d); }

TRANS(fsqrt_s) { return gen_fp_inline(ctx, a, IR_fsqrt32) || gen_fp_rm1(ctx, a, rv_helper_fsqrt_s, false, false); }
TRANS(fsqrt_d) { return gen_fp_inline(ctx, a, IR_fsqrt64) || gen_fp_rm1(ctx, a, rv_helper_fsqrt_d, false, false); }
TRANS(fcvt_s_d) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_s_d, false, false); }
TRANS(fcvt_d_s) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_d_s, false, false); }

TRANS(fcvt_w_s) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_w_s, false, true); }
TRANS(fcvt_wu_s) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_wu_s, false, true); }
TRANS(fcvt_l_s) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_l_s, false, true); }
TRANS(fcvt_lu_s) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_lu_s, false, true); }
TRANS(fcvt_w_d) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_w_d, false, true); }
TRANS(fcvt_wu_d) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_wu_d, false, true); }
TRANS(fcvt_l_d) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_l_d, false, true); }
TRANS(fcvt_lu_d) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_lu_d, false, true); }

TRANS(fcvt_s_w) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_s_w, true, false); }
TRANS(fcvt_s_wu) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_s_wu, true, false); }
TRANS(fcvt_s_l) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_s_l, true, false); }
TRANS(fcvt_s_lu) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_s_lu, true, false); }
TRANS(fcvt_d_w) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_d_w, true, false); }
TRANS(fcvt_d_wu) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_d_wu, true, false); }
TRANS(fcvt_d_l) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_d_l, true, false); }
TRANS(fcvt_d_lu) { return gen_fp_rm1(ctx, a, rv_helper_fcvt_d_lu, true, false); }

TRANS(fmin_s) { return gen_fp_fl2(ctx, a, &rv_helper_fmin_s, false); }
TRANS(fmax_s) { return gen_fp_fl2(ctx, a, &rv_helper_fmax_s, false); }
TRANS(fmin_d) { return gen_fp_fl2(ctx, a, &rv_helper_fmin_d, false); }
TRANS(fmax_d) { return gen_fp_fl2(ctx, a, &rv_helper_fmax_d, false); }
TRANS(feq_s) { return gen_fp_fl2(ctx, a, &rv_helper_feq_s, true); }
TRANS(flt_s) { return gen_fp_fl2(ctx, a, &rv_helper_flt_s, true); }
TRANS(fle_s) { return gen_fp_fl2(ctx, a, &rv_helper_fle_s, true); }
TRANS(feq_d) { return gen_fp_fl2(ctx, a, &rv_helper_feq_d, true); }
TRANS(flt_d) { return gen_fp_fl2(ctx, a, &rv_helper_flt_d, true); }
TRANS(fle_d) { return gen_fp_fl2(ctx, a, &rv_helper_fle_d, true); }

TRANS(fsgnj_s) { return gen_fp_pure2(ctx, a, &rv_helper_fsgnj_s); }
TRANS(fsgnjn_s) { return gen_fp_pure2(ctx, a, &rv_helper_fsgnjn_s); }
TRANS(fsgnjx_s) { return gen_fp_pure2(ctx, a, &rv_helper_fsgnjx_s); }

/* The double forms are fmv.d, fneg.d and fabs.d, common enough to inline;
 * they involve no NaN-boxing, unlike the single ones. */
#define SIGN_D 0x8000000000000000ull

TRANS(fsgnj_d)
{
    IRContext *s = ctx->s;
    IRTemp mag = gen_tmp(ctx), sign = gen_tmp(ctx);
    ir_andc(s, mag, gen_f(a->rs1), ir_const(s, SIGN_D));
    ir_and(s, sign, gen_f(a->rs2), ir_const(s, SIGN_D));
    ir_or(s, gen_f(a->rd), mag, sign);
    return true;
}

TRANS(fsgnjn_d)
{
    IRContext *s = ctx->s;
    IRTemp mag = gen_tmp(ctx), sign = gen_tmp(ctx);
    ir_andc(s, mag, gen_f(a->rs1), ir_const(s, SIGN_D));
    ir_andc(s, sign, ir_const(s, SIGN_D), gen_f(a->rs2));
    ir_or(s, gen_f(a->rd), mag, sign);
    return true;
}

TRANS(fsgnjx_d)
{
    IRContext *s = ctx->s;
    IRTemp sign = gen_tmp(ctx);
    ir_and(s, sign, gen_f(a->rs2), ir_const(s, SIGN_D));
    ir_xor(s, gen_f(a->rd), gen_f(a->rs1), sign);
    return true;
}

TRANS(fclass_s)
{
    IRTemp args[] = { gen_f(a->rs1) };
    return gen_fp_call(ctx, a, &rv_helper_fclass_s, args, true);
}

TRANS(fclass_d)
{
    IRTemp args[] = { gen_f(a->rs1) };
    return gen_fp_call(ctx, a, &rv_helper_fclass_d, args, true);
}
