/*
 * Translation of the bit-manipulation extensions Zba (address generation),
 * Zbb (basic bit manipulation), Zbs (single-bit ops) and of Zicond
 * (conditional zeroing). Everything is a few IR ops; the word rotates work
 * on the word duplicated into both halves of a 64-bit value, whose 64-bit
 * rotation then carries the 32-bit one in its low half.
 */
#include "guest/riscv64/trans.h"

/* Zba */

static bool gen_shadd(DisasContext *ctx, const RVInsn *a, unsigned sh, bool uw)
{
    if (a->rd == 0)
        return true;
    IRContext *s = ctx->s;
    IRTemp x = gen_x(ctx, a->rs1), t = gen_tmp(ctx), d = gen_tmp(ctx);
    if (uw) {
        IRTemp w = gen_tmp(ctx);
        ir_ext32u(s, w, x);
        x = w;
    }
    ir_shl(s, t, x, gen_imm(ctx, sh));
    ir_add(s, d, t, gen_x(ctx, a->rs2));
    gen_set_x(ctx, a->rd, d);
    return true;
}

TRANS(sh1add) { return gen_shadd(ctx, a, 1, false); }
TRANS(sh2add) { return gen_shadd(ctx, a, 2, false); }
TRANS(sh3add) { return gen_shadd(ctx, a, 3, false); }
TRANS(add_uw) { return gen_shadd(ctx, a, 0, true); }
TRANS(sh1add_uw) { return gen_shadd(ctx, a, 1, true); }
TRANS(sh2add_uw) { return gen_shadd(ctx, a, 2, true); }
TRANS(sh3add_uw) { return gen_shadd(ctx, a, 3, true); }

TRANS(slli_uw)
{
    if (a->rd == 0)
        return true;
    IRTemp w = gen_tmp(ctx), d = gen_tmp(ctx);
    ir_ext32u(ctx->s, w, gen_x(ctx, a->rs1));
    ir_shl(ctx->s, d, w, gen_imm(ctx, a->imm));
    gen_set_x(ctx, a->rd, d);
    return true;
}

/* Zbb */

TRANS(andn) { return gen_r(ctx, a, ir_andc); }
TRANS(orn) { return gen_r(ctx, a, ir_orc); }
TRANS(xnor) { return gen_r(ctx, a, ir_eqv); }
TRANS(clz) { return gen_unary(ctx, a, ir_clz); }
TRANS(ctz) { return gen_unary(ctx, a, ir_ctz); }
TRANS(cpop) { return gen_unary(ctx, a, ir_ctpop); }
TRANS(sext_b) { return gen_unary(ctx, a, ir_ext8s); }
TRANS(sext_h) { return gen_unary(ctx, a, ir_ext16s); }
TRANS(zext_h) { return gen_unary(ctx, a, ir_ext16u); }
TRANS(rev8) { return gen_unary(ctx, a, ir_bswap64); }

/* Ones below the word stop the count at 32 for a zero word. */
TRANS(clzw)
{
    if (a->rd == 0)
        return true;
    IRTemp t = gen_tmp(ctx), u = gen_tmp(ctx), d = gen_tmp(ctx);
    ir_shl(ctx->s, t, gen_x(ctx, a->rs1), gen_imm(ctx, 32));
    ir_or(ctx->s, u, t, gen_imm(ctx, 0xffffffff));
    ir_clz(ctx->s, d, u);
    gen_set_x(ctx, a->rd, d);
    return true;
}

TRANS(ctzw)
{
    if (a->rd == 0)
        return true;
    IRTemp t = gen_tmp(ctx), d = gen_tmp(ctx);
    ir_or(ctx->s, t, gen_x(ctx, a->rs1), gen_imm(ctx, 1ll << 32));
    ir_ctz(ctx->s, d, t);
    gen_set_x(ctx, a->rd, d);
    return true;
}

TRANS(cpopw)
{
    if (a->rd == 0)
        return true;
    IRTemp t = gen_tmp(ctx), d = gen_tmp(ctx);
    ir_ext32u(ctx->s, t, gen_x(ctx, a->rs1));
    ir_ctpop(ctx->s, d, t);
    gen_set_x(ctx, a->rd, d);
    return true;
}

static bool gen_minmax(DisasContext *ctx, const RVInsn *a, IRCond cond)
{
    if (a->rd == 0)
        return true;
    IRTemp x = gen_x(ctx, a->rs1), y = gen_x(ctx, a->rs2), d = gen_tmp(ctx);
    ir_movcond(ctx->s, d, x, y, x, y, cond);
    gen_set_x(ctx, a->rd, d);
    return true;
}

TRANS(max) { return gen_minmax(ctx, a, IR_COND_GT); }
TRANS(maxu) { return gen_minmax(ctx, a, IR_COND_GTU); }
TRANS(min) { return gen_minmax(ctx, a, IR_COND_LT); }
TRANS(minu) { return gen_minmax(ctx, a, IR_COND_LTU); }

TRANS(rol) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_masked(ctx, a->rs2, 63), ir_rotl, false); }
TRANS(ror) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_masked(ctx, a->rs2, 63), ir_rotr, false); }
TRANS(rori) { return gen_i(ctx, a, ir_rotr); }

/* The low word of rs, copied into both halves. */
static IRTemp gen_word_pair(DisasContext *ctx, unsigned rs)
{
    IRContext *s = ctx->s;
    IRTemp lo = gen_tmp(ctx), hi = gen_tmp(ctx), pair = gen_tmp(ctx);
    ir_ext32u(s, lo, gen_x(ctx, rs));
    ir_shl(s, hi, lo, gen_imm(ctx, 32));
    ir_or(s, pair, hi, lo);
    return pair;
}

TRANS(rolw)
{
    if (a->rd == 0)
        return true;
    return gen_binop(ctx, a->rd, gen_word_pair(ctx, a->rs1), gen_masked(ctx, a->rs2, 31), ir_rotl, true);
}

TRANS(rorw)
{
    if (a->rd == 0)
        return true;
    return gen_binop(ctx, a->rd, gen_word_pair(ctx, a->rs1), gen_masked(ctx, a->rs2, 31), ir_rotr, true);
}

TRANS(roriw)
{
    if (a->rd == 0)
        return true;
    return gen_binop(ctx, a->rd, gen_word_pair(ctx, a->rs1), gen_imm(ctx, a->imm), ir_rotr, true);
}

/* Per byte: adding 0x7f to the low seven bits carries into bit 7 unless
 * they are all zero; or-ing in the byte itself adds its own bit 7. The
 * resulting top bits, shifted down and times 0xff, fill whole bytes. */
TRANS(orc_b)
{
    if (a->rd == 0)
        return true;
    IRContext *s = ctx->s;
    IRTemp x = gen_x(ctx, a->rs1);
    IRTemp low7 = gen_tmp(ctx), carry = gen_tmp(ctx), any = gen_tmp(ctx);
    IRTemp top = gen_tmp(ctx), ones = gen_tmp(ctx), d = gen_tmp(ctx);
    IRTemp m7f = gen_imm(ctx, 0x7f7f7f7f7f7f7f7fll);
    ir_and(s, low7, x, m7f);
    ir_add(s, carry, low7, m7f);
    ir_or(s, any, carry, x);
    ir_andc(s, top, any, m7f);
    ir_shr(s, ones, top, gen_imm(ctx, 7));
    ir_mul(s, d, ones, gen_imm(ctx, 0xff));
    gen_set_x(ctx, a->rd, d);
    return true;
}

/* Zbs */

static IRTemp gen_bit(DisasContext *ctx, unsigned rs2)
{
    IRTemp b = gen_tmp(ctx);
    ir_shl(ctx->s, b, gen_imm(ctx, 1), gen_masked(ctx, rs2, 63));
    return b;
}

TRANS(bclr) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_bit(ctx, a->rs2), ir_andc, false); }
TRANS(bset) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_bit(ctx, a->rs2), ir_or, false); }
TRANS(binv) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_bit(ctx, a->rs2), ir_xor, false); }
TRANS(bclri) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_imm(ctx, (int64_t)(1ull << a->imm)), ir_andc, false); }
TRANS(bseti) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_imm(ctx, (int64_t)(1ull << a->imm)), ir_or, false); }
TRANS(binvi) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_imm(ctx, (int64_t)(1ull << a->imm)), ir_xor, false); }

static bool gen_bext(DisasContext *ctx, const RVInsn *a, IRTemp shamt)
{
    if (a->rd == 0)
        return true;
    IRTemp t = gen_tmp(ctx), d = gen_tmp(ctx);
    ir_shr(ctx->s, t, gen_x(ctx, a->rs1), shamt);
    ir_and(ctx->s, d, t, gen_imm(ctx, 1));
    gen_set_x(ctx, a->rd, d);
    return true;
}

TRANS(bext) { return gen_bext(ctx, a, gen_masked(ctx, a->rs2, 63)); }
TRANS(bexti) { return gen_bext(ctx, a, gen_imm(ctx, a->imm)); }

/* Zicond */

static bool gen_czero(DisasContext *ctx, const RVInsn *a, IRCond zero_if)
{
    if (a->rd == 0)
        return true;
    IRTemp d = gen_tmp(ctx), zero = gen_imm(ctx, 0);
    ir_movcond(ctx->s, d, gen_x(ctx, a->rs2), zero, zero, gen_x(ctx, a->rs1), zero_if);
    gen_set_x(ctx, a->rd, d);
    return true;
}

TRANS(czero_eqz) { return gen_czero(ctx, a, IR_COND_EQ); }
TRANS(czero_nez) { return gen_czero(ctx, a, IR_COND_NE); }
