/*
 * AdvSIMD data processing. The moves and bitwise operations that glibc's
 * string and memory functions run in their inner loops (AND/ORR/EOR/BSL...,
 * MOVI, DUP, UMOV, INS) are inline loads, stores and 64-bit operations on
 * the vector registers in env; every other group calls one helper per
 * group (helpers-simd.c for integers, helpers-simdfp.c for FP, with the
 * decoded fields as a constant), which is correct first and the place to
 * measure before more becomes inline IR.
 */
#include <stddef.h>

#include "guest/aarch64/helpers-fpsimd.h"
#include "guest/aarch64/trans.h"

#define VOFF(r, half) (offsetof(A64State, v) + (size_t)(r) * 16 + (size_t)(half) * 8)
#define VEOFF(r, i, es) (offsetof(A64State, v) + (size_t)(r) * 16 + ((size_t)(i) << (es)))

static IRTemp gen_ldv(DisasContext *ctx, unsigned r, unsigned half)
{
    IRTemp t = gen_tmp(ctx);
    ir_ld_env(ctx->s, t, VOFF(r, half), IR_MO_UQ);
    return t;
}
static void gen_stv(DisasContext *ctx, unsigned r, unsigned half, IRTemp v)
{
    ir_st_env(ctx->s, v, VOFF(r, half), IR_MO_UQ);
}
/* A 64-bit vector result clears the top half. */
static void gen_clear_high(DisasContext *ctx, const A64Insn *a)
{
    if (!a->q)
        gen_stv(ctx, a->rd, 1, gen_imm(ctx, 0));
}

static TRANS(simd_helper)
{
    IRTemp args[2] = { IR_ENV, gen_imm(ctx, (int64_t)a64_desc(a)) };
    gen_call(ctx, &a64_helper_simd_int, args);
    return true;
}
static TRANS(simd_fp_helper)
{
    IRTemp args[2] = { IR_ENV, gen_imm(ctx, (int64_t)a64_desc(a)) };
    gen_call(ctx, &a64_helper_simd_fp, args);
    return true;
}

TRANS(simd_3same) { return a64_gen_simd_int_inline(ctx, a) || a64_trans_simd_helper(ctx, a); }
TRANS(simd_3diff) { return a64_trans_simd_helper(ctx, a); }
TRANS(simd_2misc) { return a64_gen_simd_int_inline(ctx, a) || a64_trans_simd_helper(ctx, a); }
TRANS(simd_shift_imm) { return a64_gen_simd_int_inline(ctx, a) || a64_trans_simd_helper(ctx, a); }
TRANS(simd_perm) { return a64_trans_simd_helper(ctx, a); }
TRANS(simd_ext) { return a64_gen_simd_int_inline(ctx, a) || a64_trans_simd_helper(ctx, a); }
TRANS(simd_tbl) { return a64_trans_simd_helper(ctx, a); }
TRANS(simd_fp3same) { return a64_gen_simd_fp_inline(ctx, a) || a64_trans_simd_fp_helper(ctx, a); }
TRANS(simd_fp2misc) { return a64_trans_simd_fp_helper(ctx, a); }
TRANS(simd_shift_fixed) { return a64_trans_simd_fp_helper(ctx, a); }

TRANS(simd_across)
{
    switch (a->op) {
    case A64_OP_fmaxnmv: case A64_OP_fmaxv: case A64_OP_fminnmv: case A64_OP_fminv:
    case A64_OP_fmaxnmv_h: case A64_OP_fmaxv_h: case A64_OP_fminnmv_h: case A64_OP_fminv_h:
        return a64_trans_simd_fp_helper(ctx, a);
    default:
        return a64_trans_simd_helper(ctx, a);
    }
}

TRANS(simd_logic)
{
    IRContext *s = ctx->s;
    for (unsigned h = 0; h <= a->q; h++) {
        IRTemp n = gen_ldv(ctx, a->rn, h), m = gen_ldv(ctx, a->rm, h), r = gen_tmp(ctx);
        IRTemp t = gen_tmp(ctx), d;
        switch (a->op) {
        case A64_OP_and_v: ir_and(s, r, n, m); break;
        case A64_OP_bic_v: ir_andc(s, r, n, m); break;
        case A64_OP_orr_v: ir_or(s, r, n, m); break;
        case A64_OP_orn_v: ir_orc(s, r, n, m); break;
        case A64_OP_eor_v: ir_xor(s, r, n, m); break;
        case A64_OP_bsl_v:   /* d ? n : m, bitwise */
            d = gen_ldv(ctx, a->rd, h);
            ir_xor(s, t, m, n);
            ir_and(s, t, t, d);
            ir_xor(s, r, m, t);
            break;
        case A64_OP_bit_v:   /* m ? n : d */
            d = gen_ldv(ctx, a->rd, h);
            ir_xor(s, t, d, n);
            ir_and(s, t, t, m);
            ir_xor(s, r, d, t);
            break;
        default:             /* bif: m ? d : n */
            d = gen_ldv(ctx, a->rd, h);
            ir_xor(s, t, d, n);
            ir_andc(s, t, t, m);
            ir_xor(s, r, d, t);
            break;
        }
        gen_stv(ctx, a->rd, h, r);
    }
    gen_clear_high(ctx, a);
    return true;
}

TRANS(simd_modimm)
{
    IRContext *s = ctx->s;
    for (unsigned h = 0; h <= a->q; h++) {
        IRTemp r;
        switch (a->op) {
        case A64_OP_mvni_s: case A64_OP_mvni_h: case A64_OP_mvni_msl:
            r = gen_imm(ctx, (int64_t)~a->bimm);
            break;
        case A64_OP_orr_vs: case A64_OP_orr_vh:
            r = gen_tmp(ctx);
            ir_or(s, r, gen_ldv(ctx, a->rd, h), gen_imm(ctx, (int64_t)a->bimm));
            break;
        case A64_OP_bic_vs: case A64_OP_bic_vh:
            r = gen_tmp(ctx);
            ir_andc(s, r, gen_ldv(ctx, a->rd, h), gen_imm(ctx, (int64_t)a->bimm));
            break;
        default:
            r = gen_imm(ctx, (int64_t)a->bimm);
            break;
        }
        gen_stv(ctx, a->rd, h, r);
    }
    gen_clear_high(ctx, a);
    return true;
}

/* v (zero-extended element of size 1 << es) copied into every element of 64 bits. */
static IRTemp gen_replicate(DisasContext *ctx, IRTemp v, unsigned es)
{
    static const uint64_t rep[4] = { 0x0101010101010101ull, 0x0001000100010001ull,
                                     0x0000000100000001ull, 1 };
    if (es == 3)
        return v;
    IRTemp r = gen_tmp(ctx);
    ir_mul(ctx->s, r, v, gen_imm(ctx, (int64_t)rep[es]));
    return r;
}

static const IRMemOp es_mo[4] = { IR_MO_UB, IR_MO_UW, IR_MO_UL, IR_MO_UQ };

TRANS(simd_dup)
{
    IRTemp e = gen_tmp(ctx);
    if (a->op == A64_OP_dup_gen) {
        static const uint64_t mask[4] = { 0xff, 0xffff, 0xffffffffu, UINT64_MAX };
        ir_and(ctx->s, e, gen_x(ctx, a->rn), gen_imm(ctx, (int64_t)mask[a->esize]));
    } else {
        ir_ld_env(ctx->s, e, VEOFF(a->rn, a->index, a->esize), es_mo[a->esize]);
    }
    IRTemp r = gen_replicate(ctx, e, a->esize);
    gen_stv(ctx, a->rd, 0, r);
    gen_stv(ctx, a->rd, 1, a->q ? r : gen_imm(ctx, 0));
    return true;
}

/* SMOV/UMOV: Q selects an X destination. */
TRANS(simd_mov)
{
    IRTemp e = gen_tmp(ctx);
    unsigned mo = es_mo[a->esize] | (a->op == A64_OP_smov ? IR_MO_SIGN : 0);
    ir_ld_env(ctx->s, e, VEOFF(a->rn, a->index, a->esize), mo);
    gen_set_x(ctx, a->rd, e, a->q);
    return true;
}

TRANS(simd_ins)
{
    IRTemp e;
    if (a->op == A64_OP_ins_gen) {
        e = gen_x(ctx, a->rn);
    } else {
        e = gen_tmp(ctx);
        ir_ld_env(ctx->s, e, VEOFF(a->rn, a->index2, a->esize), es_mo[a->esize]);
    }
    ir_st_env(ctx->s, e, VEOFF(a->rd, a->index, a->esize), es_mo[a->esize]);
    return true;
}

static TRANS(crypto_helper)
{
    IRTemp args[2] = { IR_ENV, gen_imm(ctx, (int64_t)a64_desc(a)) };
    gen_call(ctx, &a64_helper_crypto, args);
    return true;
}
TRANS(aes) { return a64_trans_crypto_helper(ctx, a); }
TRANS(sha) { return a64_trans_crypto_helper(ctx, a); }
TRANS(sha3) { return a64_trans_crypto_helper(ctx, a); }
TRANS(sha512) { return a64_trans_crypto_helper(ctx, a); }
TRANS(pmull64) { return a64_trans_crypto_helper(ctx, a); }
