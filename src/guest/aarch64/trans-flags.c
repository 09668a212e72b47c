/*
 * NZCV in the IR: the flag-setting arithmetic and the 16 conditions, in
 * the representation of cpu.h (N = bit 63 of nf, Z = zf == 0, C = cf,
 * V = bit 63 of vf). Each flag is its own global, so a flag that no later
 * instruction of the TB reads before the next flag-setting one is never
 * stored. A condition right after a CMP/SUBS compares its operands
 * instead of decoding the flags (the flags are still all computed: the
 * state stays exact for faults, signals and later readers).
 */
#include "guest/aarch64/trans.h"

void gen_set_nz(DisasContext *ctx, IRTemp res, bool sf)
{
    IRContext *s = ctx->s;
    if (sf) {
        ir_mov(s, A64_T_NF, res);
        ir_mov(s, A64_T_ZF, res);
    } else {
        ir_ext32s(s, A64_T_NF, res);
        ir_ext32u(s, A64_T_ZF, res);
    }
}

/* The low 32 bits of v, zero-extended: a 32-bit operation's operand. */
static IRTemp gen_zext32(DisasContext *ctx, IRTemp v)
{
    IRTemp t = gen_tmp(ctx);
    ir_ext32u(ctx->s, t, v);
    return t;
}

/* The add and subtract of AddWithCarry: 64-bit carry out from the
 * unsigned compare of the result with an operand, 32-bit from bit 32 of
 * the 64-bit sum of the zero-extended operands; overflow in bit 63 (or 31,
 * moved up) of (r ^ a) & ~(a ^ b) for additions. */
void gen_add_cc(DisasContext *ctx, IRTemp d, IRTemp a, IRTemp b, bool sf, bool with_carry, bool flags)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx);
    if (!sf) {
        a = gen_zext32(ctx, a);
        b = gen_zext32(ctx, b);
    }
    ir_add(s, r, a, b);
    if (with_carry)
        ir_add(s, r, r, A64_T_CF);
    if (flags) {
        IRTemp c = gen_tmp(ctx), v = gen_tmp(ctx), t = gen_tmp(ctx);
        if (sf) {
            if (with_carry) {
                /* carry out of a + b + cin: r < a, or r == a with cin set */
                IRTemp lt = gen_tmp(ctx), eq = gen_tmp(ctx);
                ir_setcond(s, lt, r, a, IR_COND_LTU);
                ir_setcond(s, eq, r, a, IR_COND_EQ);
                ir_and(s, eq, eq, A64_T_CF);
                ir_or(s, c, lt, eq);
            } else {
                ir_setcond(s, c, r, a, IR_COND_LTU);
            }
            ir_xor(s, v, r, a);
            ir_xor(s, t, a, b);
            ir_andc(s, A64_T_VF, v, t);
        } else {
            ir_shr(s, c, r, gen_imm(ctx, 32));
            ir_xor(s, v, r, a);
            ir_xor(s, t, a, b);
            ir_andc(s, v, v, t);
            ir_shl(s, A64_T_VF, v, gen_imm(ctx, 32));
        }
        ir_mov(s, A64_T_CF, c);
        gen_set_nz(ctx, r, sf);
    }
    if (d)
        ir_mov(s, d, r);
}

/* a - b - !C is a + ~b + C; without carry, a + ~b + 1, whose carry is
 * a >= b (no borrow). */
void gen_sub_cc(DisasContext *ctx, IRTemp d, IRTemp a, IRTemp b, bool sf, bool with_carry, bool flags)
{
    IRContext *s = ctx->s;
    if (with_carry) {
        IRTemp nb = gen_tmp(ctx);
        ir_not(s, nb, b);
        gen_add_cc(ctx, d, a, nb, sf, true, flags);
        return;
    }
    IRTemp r = gen_tmp(ctx);
    if (!sf) {
        a = gen_zext32(ctx, a);
        b = gen_zext32(ctx, b);
    }
    ir_sub(s, r, a, b);
    if (flags) {
        IRTemp ca = gen_tmp(ctx), cb = gen_tmp(ctx);
        ir_mov(s, ca, a);
        ir_mov(s, cb, b);
        ctx->cmp.insn = ctx->base.num_insns + 1;
        ctx->cmp.a = ca;
        ctx->cmp.b = cb;
        ctx->cmp.sf = sf;
        IRTemp v = gen_tmp(ctx), t = gen_tmp(ctx);
        ir_setcond(s, A64_T_CF, a, b, IR_COND_GEU);
        /* overflow: the operands' signs differ and the result's differs from a's */
        ir_xor(s, v, r, a);
        ir_xor(s, t, a, b);
        ir_and(s, v, v, t);
        if (sf)
            ir_mov(s, A64_T_VF, v);
        else
            ir_shl(s, A64_T_VF, v, gen_imm(ctx, 32));
        gen_set_nz(ctx, r, sf);
    }
    if (d)
        ir_mov(s, d, r);
}

/* cond on the flags of the CMP/SUBS just before, as a comparison of its
 * operands *a and *b; false if there is none or cond needs N or V alone.
 * Not with plugins loaded (translator_plugin_mem): a callback between the
 * two instructions may write NZCV or the registers; nor where a branch of
 * a superblock joins (joined_here), which did not come through the CMP. */
static bool gen_cmp_cond(DisasContext *ctx, unsigned cond, IRTemp *a, IRTemp *b, IRCond *c)
{
    static const IRCond test[8] = { IR_COND_EQ, IR_COND_GEU, IR_COND_NEVER, IR_COND_NEVER,
                                    IR_COND_GTU, IR_COND_GE, IR_COND_GT, IR_COND_NEVER };
    if (ctx->cmp.insn != ctx->base.num_insns || !ctx->cmp.insn || ctx->base.joined_here ||
        translator_plugin_mem || test[cond >> 1] == IR_COND_NEVER)
        return false;
    *a = ctx->cmp.a;
    *b = ctx->cmp.b;
    *c = cond & 1 ? ir_cond_invert(test[cond >> 1]) : test[cond >> 1];
    if (!ctx->cmp.sf && (cond >> 1 == 5 || cond >> 1 == 6)) {
        *a = gen_tmp(ctx);
        *b = gen_tmp(ctx);
        ir_ext32s(ctx->s, *a, ctx->cmp.a);
        ir_ext32s(ctx->s, *b, ctx->cmp.b);
    }
    return true;
}

/* ConditionHolds: cond >> 1 picks the test, cond & 1 inverts it (except
 * for 0b1111, which holds like 0b1110). */
IRTemp gen_cond(DisasContext *ctx, unsigned cond)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx), t = gen_tmp(ctx), ca, cb;
    IRTemp zero = gen_imm(ctx, 0);
    IRCond cc;
    if (gen_cmp_cond(ctx, cond, &ca, &cb, &cc)) {
        ir_setcond(s, r, ca, cb, cc);
        return r;
    }
    switch (cond >> 1) {
    case 0: ir_setcond(s, r, A64_T_ZF, zero, IR_COND_EQ); break;            /* EQ: Z */
    case 1: ir_setcond(s, r, A64_T_CF, zero, IR_COND_NE); break;            /* CS: C */
    case 2: ir_setcond(s, r, A64_T_NF, zero, IR_COND_LT); break;            /* MI: N */
    case 3: ir_setcond(s, r, A64_T_VF, zero, IR_COND_LT); break;            /* VS: V */
    case 4:                                                                 /* HI: C && !Z */
        ir_setcond(s, t, A64_T_ZF, zero, IR_COND_NE);
        ir_and(s, r, t, A64_T_CF);
        break;
    case 5:                                                                 /* GE: N == V */
        ir_xor(s, t, A64_T_NF, A64_T_VF);
        ir_setcond(s, r, t, zero, IR_COND_GE);
        break;
    case 6: {                                                               /* GT: !Z && N == V */
        IRTemp u = gen_tmp(ctx);
        ir_xor(s, t, A64_T_NF, A64_T_VF);
        ir_setcond(s, t, t, zero, IR_COND_GE);
        ir_setcond(s, u, A64_T_ZF, zero, IR_COND_NE);
        ir_and(s, r, t, u);
        break;
    }
    default:                                                                /* AL, NV */
        return gen_imm(ctx, 1);
    }
    if (cond & 1)
        ir_xor(s, r, r, gen_imm(ctx, 1));
    return r;
}

void gen_brcond_cc(DisasContext *ctx, unsigned cond, IRLabel label)
{
    IRContext *s = ctx->s;
    IRTemp zero = gen_imm(ctx, 0);
    bool inv = cond & 1;
    IRTemp ca, cb;
    IRCond cc;
    if (gen_cmp_cond(ctx, cond, &ca, &cb, &cc)) {
        ir_brcond(s, ca, cb, cc, label);
        return;
    }
    switch (cond >> 1) {
    case 0: ir_brcond(s, A64_T_ZF, zero, inv ? IR_COND_NE : IR_COND_EQ, label); return;
    case 1: ir_brcond(s, A64_T_CF, zero, inv ? IR_COND_EQ : IR_COND_NE, label); return;
    case 2: ir_brcond(s, A64_T_NF, zero, inv ? IR_COND_GE : IR_COND_LT, label); return;
    case 3: ir_brcond(s, A64_T_VF, zero, inv ? IR_COND_GE : IR_COND_LT, label); return;
    case 7: ir_br(s, label); return;
    default:
        ir_brcond(s, gen_cond(ctx, cond), zero, IR_COND_NE, label);
        return;
    }
}
