/*
 * Scalar floating point: FP data processing goes to one helper
 * (helpers-fp.c) with the decoded fields as a constant, but for the
 * arithmetic trans-fp-inline.c runs on the host FPU; the moves that
 * involve no arithmetic (FMOV register, immediate and to/from general
 * registers) are plain loads and stores of the vector registers in env.
 */
#include <stddef.h>

#include "guest/aarch64/helpers-fpsimd.h"
#include "guest/aarch64/trans.h"

#define VOFF(r, half) (offsetof(A64State, v) + (size_t)(r) * 16 + (size_t)(half) * 8)

/* Vd's low 64 bits = v (already zero-extended to the element), the rest 0. */
static void gen_set_vscalar(DisasContext *ctx, unsigned rd, IRTemp v)
{
    ir_st_env(ctx->s, v, VOFF(rd, 0), IR_MO_UQ);
    ir_st_env(ctx->s, gen_imm(ctx, 0), VOFF(rd, 1), IR_MO_UQ);
}

static IRTemp gen_fp_helper(DisasContext *ctx, const A64Insn *a, IRTemp arg)
{
    IRTemp args[3] = { IR_ENV, gen_imm(ctx, (int64_t)a64_desc(a)), arg ? arg : gen_imm(ctx, 0) };
    return gen_call(ctx, &a64_helper_fp, args);
}

/* NZCV from bits 31:28 of v, into the four flag globals (cpu.h). */
static void gen_fp_set_nzcv(DisasContext *ctx, IRTemp v)
{
    IRContext *s = ctx->s;
    IRTemp t = gen_tmp(ctx);
    ir_shl(s, A64_T_NF, v, gen_imm(ctx, 32));
    ir_shr(s, t, v, gen_imm(ctx, 30));
    ir_and(s, t, t, gen_imm(ctx, 1));
    ir_xor(s, A64_T_ZF, t, gen_imm(ctx, 1));
    ir_shr(s, t, v, gen_imm(ctx, 29));
    ir_and(s, A64_T_CF, t, gen_imm(ctx, 1));
    ir_shl(s, A64_T_VF, v, gen_imm(ctx, 35));
}

TRANS(fp1)
{
    if (!a64_gen_fp_inline(ctx, a))
        gen_fp_helper(ctx, a, 0);
    return true;
}
TRANS(fp2) { return a64_trans_fp1(ctx, a); }
TRANS(fp3) { return a64_trans_fp1(ctx, a); }
TRANS(frint) { return a64_trans_fp1(ctx, a); }
TRANS(fcvt) { return a64_trans_fp1(ctx, a); }

TRANS(fcmp)
{
    gen_fp_set_nzcv(ctx, gen_fp_helper(ctx, a, 0));
    return true;
}

TRANS(fccmp)
{
    A64Insn b = *a;
    b.imm = a->nzcv;
    gen_fp_set_nzcv(ctx, gen_fp_helper(ctx, &b, gen_cond(ctx, a->cond)));
    return true;
}

TRANS(fcsel)
{
    gen_fp_helper(ctx, a, gen_cond(ctx, a->cond));
    return true;
}

TRANS(fcvt_fp_int)
{
    gen_set_x(ctx, a->rd, gen_fp_helper(ctx, a, 0), a->sf);
    return true;
}
TRANS(fcvt_fp_fixed) { return a64_trans_fcvt_fp_int(ctx, a); }

TRANS(fcvt_int_fp)
{
    gen_fp_helper(ctx, a, gen_x(ctx, a->rn));
    return true;
}
TRANS(fcvt_fixed_fp) { return a64_trans_fcvt_int_fp(ctx, a); }

/* FJCVTZS: Wd, and NZCV = 0Z00. */
TRANS(fjcvtzs)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_fp_helper(ctx, a, 0), z = gen_tmp(ctx);
    gen_set_x(ctx, a->rd, r, false);
    ir_shr(s, z, r, gen_imm(ctx, 32));
    ir_xor(s, A64_T_ZF, z, gen_imm(ctx, 1));
    ir_movi(s, A64_T_NF, 0);
    ir_movi(s, A64_T_CF, 0);
    ir_movi(s, A64_T_VF, 0);
    return true;
}

static const IRMemOp ftype_mo[4] = { IR_MO_UL, IR_MO_UQ, 0, IR_MO_UW };

TRANS(fmov)
{
    IRTemp v = gen_tmp(ctx);
    ir_ld_env(ctx->s, v, VOFF(a->rn, 0), ftype_mo[a->ftype]);
    gen_set_vscalar(ctx, a->rd, v);
    return true;
}

TRANS(fmov_imm)
{
    gen_set_vscalar(ctx, a->rd, gen_imm(ctx, (int64_t)a->bimm));
    return true;
}

TRANS(fmov_gen)
{
    IRContext *s = ctx->s;
    IRTemp v = gen_tmp(ctx);
    switch (a->op) {
    case A64_OP_fmov_ws: case A64_OP_fmov_xd: case A64_OP_fmov_wh: case A64_OP_fmov_xh:
        ir_ld_env(s, v, VOFF(a->rn, 0), ftype_mo[a->ftype]);
        gen_set_x(ctx, a->rd, v, true);
        return true;
    case A64_OP_fmov_xv:
        ir_ld_env(s, v, VOFF(a->rn, 1), IR_MO_UQ);
        gen_set_x(ctx, a->rd, v, true);
        return true;
    case A64_OP_fmov_vx:
        /* the top half only: the low half is kept */
        ir_st_env(s, gen_x(ctx, a->rn), VOFF(a->rd, 1), IR_MO_UQ);
        return true;
    case A64_OP_fmov_sw: ir_ext32u(s, v, gen_x(ctx, a->rn)); break;
    case A64_OP_fmov_hw: case A64_OP_fmov_hx: ir_ext16u(s, v, gen_x(ctx, a->rn)); break;
    default: ir_mov(s, v, gen_x(ctx, a->rn)); break;   /* fmov_dx */
    }
    gen_set_vscalar(ctx, a->rd, v);
    return true;
}

/* BFCVT is BF16, which peek does not implement (nor advertise): the
 * encoding decodes, and disassembles as objdump shows it, but is illegal. */
TRANS(bfcvt) { return false; }
