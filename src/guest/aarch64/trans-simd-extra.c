/*
 * Translation of the AdvSIMD scalar forms, the x-indexed-element forms,
 * the RDM and DotProd additions and the FP16 vector three same and
 * two-register miscellaneous groups: each is one call of helpers-simd-extra.c
 * with the decoded fields as a constant and the lane walk the pattern
 * implies (a scalar's single element, or every element with Vm's element
 * i or [index]). FHM (FMLAL/FMLSL) and FCMA (FCMLA/FCADD), which pair
 * elements up, call helpers-simd-cplx.c. DUP (element, scalar), the
 * "mov s0, v1.s[1]" compilers emit to move a lane into an FP register, is
 * an inline load and store.
 */
#include <stddef.h>

#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/helpers-fpsimd.h"
#include "guest/aarch64/helpers-simd-extra.h"
#include "guest/aarch64/trans.h"

static void gen_extra_call(DisasContext *ctx, const A64Insn *a, const IRHelper *h, unsigned lanes)
{
    IRTemp args[3] = { IR_ENV, gen_imm(ctx, (int64_t)a64_desc(a)), gen_imm(ctx, (int64_t)A64_EXTRA_ARG(a->op, lanes)) };
    gen_call(ctx, h, args);
}

TRANS(simd_scalar)
{
    gen_extra_call(ctx, a, &a64_helper_simd_extra_int, A64_LANES_SCALAR);
    return true;
}

TRANS(simd_scalar_fp)
{
    gen_extra_call(ctx, a, &a64_helper_simd_extra_fp, A64_LANES_SCALAR);
    return true;
}

TRANS(simd_vec_extra)
{
    gen_extra_call(ctx, a, &a64_helper_simd_extra_int, A64_LANES_VEC);
    return true;
}

TRANS(simd_elem)
{
    gen_extra_call(ctx, a, &a64_helper_simd_extra_int, A64_LANES_VEC_ELEM);
    return true;
}

TRANS(simd_elem_fp)
{
    gen_extra_call(ctx, a, &a64_helper_simd_extra_fp, A64_LANES_VEC_ELEM);
    return true;
}

TRANS(simd_fp16)
{
    gen_extra_call(ctx, a, &a64_helper_simd_extra_fp, A64_LANES_VEC);
    return true;
}

static void gen_cplx_call(DisasContext *ctx, const A64Insn *a)
{
    IRTemp args[2] = { IR_ENV, gen_imm(ctx, (int64_t)a64_desc(a)) };
    gen_call(ctx, &a64_helper_simd_cplx, args);
}

TRANS(simd_fhm)
{
    gen_cplx_call(ctx, a);
    return true;
}

/* The rotation travels in quarter turns (A64Desc.imm has 7 bits); the
 * half-precision forms need FEAT_FP16 as well. */
TRANS(simd_fcma)
{
    if (a->esize == 1 && !(a64_features & A64_CLS_FP16))
        return false;
    A64Insn b = *a;
    b.imm = a->imm / 90;
    gen_cplx_call(ctx, &b);
    return true;
}

TRANS(simd_dup_scalar)
{
    static const IRMemOp mo[4] = { IR_MO_UB, IR_MO_UW, IR_MO_UL, IR_MO_UQ };
    size_t v = offsetof(A64State, v);
    IRTemp e = gen_tmp(ctx);
    ir_ld_env(ctx->s, e, v + (size_t)a->rn * 16 + ((size_t)a->index << a->esize), mo[a->esize]);
    ir_st_env(ctx->s, e, v + (size_t)a->rd * 16, IR_MO_UQ);
    ir_st_env(ctx->s, gen_imm(ctx, 0), v + (size_t)a->rd * 16 + 8, IR_MO_UQ);
    return true;
}
