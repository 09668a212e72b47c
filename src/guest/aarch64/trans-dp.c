/*
 * Translation of the integer data-processing instructions (immediate and
 * register groups of the Arm ARM, C4.1.92 and C4.1.95): arithmetic,
 * logic, moves, bitfields, shifts, conditional select and compare,
 * multiply and divide, bit reversal and counting. Everything is inline IR
 * except CRC32, which is a pure helper. A 32-bit form (sf = 0) computes on
 * the 64-bit registers and lets gen_set_x() clear the top half; only
 * operations that move high bits down (right shifts, rotates, division,
 * leading-bit counts) extend their operand first.
 */
#include "guest/aarch64/helpers.h"
#include "guest/aarch64/trans.h"

/* Bits 30 (op: subtract/invert) and 29 (S: set flags) of the encoding. */
static bool op_bit(const A64Insn *a) { return a->raw >> 30 & 1; }
static bool s_bit(const A64Insn *a) { return a->raw >> 29 & 1; }

/* d = a + b or a - b, flags when S; rd is sp in the forms that allow it
 * (rd_sp) unless flags are set, when 31 is the zero register. */
static void gen_addsub(DisasContext *ctx, const A64Insn *a, IRTemp n, IRTemp m, bool rd_sp)
{
    IRTemp r = gen_tmp(ctx);
    bool sub = op_bit(a), flags = s_bit(a);
    if (flags) {
        if (sub)
            gen_sub_cc(ctx, r, n, m, a->sf, false, true);
        else
            gen_add_cc(ctx, r, n, m, a->sf, false, true);
        gen_set_x(ctx, a->rd, r, a->sf);
        return;
    }
    if (sub)
        ir_sub(ctx->s, r, n, m);
    else
        ir_add(ctx->s, r, n, m);
    if (rd_sp)
        gen_set_xsp(ctx, a->rd, r, a->sf);
    else
        gen_set_x(ctx, a->rd, r, a->sf);
}

/* The logical result's flags: N and Z of it, C and V cleared. */
static void gen_logic_flags(DisasContext *ctx, IRTemp r, bool sf)
{
    gen_set_nz(ctx, r, sf);
    ir_movi(ctx->s, A64_T_CF, 0);
    ir_movi(ctx->s, A64_T_VF, 0);
}

/* A 32-bit value (the low half of v) repeated in both halves, so that a
 * 64-bit rotate right by n < 32 leaves the 32-bit rotation in the low half. */
static IRTemp gen_dup32(DisasContext *ctx, IRTemp v)
{
    IRContext *s = ctx->s;
    IRTemp lo = gen_tmp(ctx), hi = gen_tmp(ctx);
    ir_ext32u(s, lo, v);
    ir_shl(s, hi, lo, gen_imm(ctx, 32));
    ir_or(s, lo, lo, hi);
    return lo;
}

/* ShiftReg(): v shifted by a constant amount (< datasize). */
static IRTemp gen_shift_imm(DisasContext *ctx, IRTemp v, unsigned type, unsigned amount, bool sf)
{
    IRContext *s = ctx->s;
    if (amount == 0)
        return v;
    IRTemp r = gen_tmp(ctx), sh = gen_imm(ctx, amount);
    switch (type) {
    case A64_LSL:
        ir_shl(s, r, v, sh);
        break;
    case A64_LSR:
        if (!sf) {
            ir_ext32u(s, r, v);
            v = r;
        }
        ir_shr(s, r, v, sh);
        break;
    case A64_ASR:
        if (!sf) {
            ir_ext32s(s, r, v);
            v = r;
        }
        ir_sar(s, r, v, sh);
        break;
    default:
        ir_rotr(s, r, sf ? v : gen_dup32(ctx, v), sh);
        break;
    }
    return r;
}

IRTemp gen_extend(DisasContext *ctx, IRTemp v, unsigned ext, unsigned amount)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx);
    switch (ext) {
    case A64_UXTB: ir_ext8u(s, r, v); break;
    case A64_UXTH: ir_ext16u(s, r, v); break;
    case A64_UXTW: ir_ext32u(s, r, v); break;
    case A64_SXTB: ir_ext8s(s, r, v); break;
    case A64_SXTH: ir_ext16s(s, r, v); break;
    case A64_SXTW: ir_ext32s(s, r, v); break;
    default: ir_mov(s, r, v); break;
    }
    if (amount)
        ir_shl(s, r, r, gen_imm(ctx, amount));
    return r;
}

TRANS(adr)
{
    uint64_t base = a->raw >> 31 ? ctx->base.pc & ~0xfffull : ctx->base.pc;
    gen_set_x(ctx, a->rd, gen_imm(ctx, (int64_t)(base + (uint64_t)a->imm)), true);
    return true;
}

TRANS(addsub_imm)
{
    gen_addsub(ctx, a, gen_xsp(ctx, a->rn), gen_imm(ctx, a->imm), true);
    return true;
}

TRANS(addsub_reg)
{
    IRTemp m = gen_shift_imm(ctx, gen_x(ctx, a->rm), a->shift, a->amount, a->sf);
    gen_addsub(ctx, a, gen_x(ctx, a->rn), m, false);
    return true;
}

TRANS(addsub_ext)
{
    IRTemp m = gen_extend(ctx, gen_x(ctx, a->rm), a->ext, a->amount);
    gen_addsub(ctx, a, gen_xsp(ctx, a->rn), m, true);
    return true;
}

TRANS(adc)
{
    IRTemp r = gen_tmp(ctx), n = gen_x(ctx, a->rn), m = gen_x(ctx, a->rm);
    if (op_bit(a))
        gen_sub_cc(ctx, r, n, m, a->sf, true, s_bit(a));
    else
        gen_add_cc(ctx, r, n, m, a->sf, true, s_bit(a));
    gen_set_x(ctx, a->rd, r, a->sf);
    return true;
}

/* opc: 0 and, 1 orr, 2 eor, 3 ands. */
static IRTemp gen_logic(DisasContext *ctx, unsigned opc, IRTemp n, IRTemp m, bool invert)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx);
    switch (opc) {
    case 1: (invert ? ir_orc : ir_or)(s, r, n, m); break;
    case 2: (invert ? ir_eqv : ir_xor)(s, r, n, m); break;
    default: (invert ? ir_andc : ir_and)(s, r, n, m); break;
    }
    return r;
}

TRANS(logic_imm)
{
    IRTemp r = gen_logic(ctx, a->opc, gen_x(ctx, a->rn), gen_imm(ctx, (int64_t)a->bimm), false);
    if (a->opc == 3) {
        gen_logic_flags(ctx, r, a->sf);
        gen_set_x(ctx, a->rd, r, a->sf);
    } else {
        gen_set_xsp(ctx, a->rd, r, a->sf);
    }
    return true;
}

TRANS(logic_reg)
{
    IRTemp m = gen_shift_imm(ctx, gen_x(ctx, a->rm), a->shift, a->amount, a->sf);
    IRTemp r = gen_logic(ctx, a->opc, gen_x(ctx, a->rn), m, a->n);
    if (a->opc == 3)
        gen_logic_flags(ctx, r, a->sf);
    gen_set_x(ctx, a->rd, r, a->sf);
    return true;
}

/* opc: 0 movn, 2 movz, 3 movk (1 is rejected by the patterns). */
TRANS(movew)
{
    uint64_t v = (uint64_t)a->imm << a->amount;
    if (a->opc == 0) {
        gen_set_x(ctx, a->rd, gen_imm(ctx, (int64_t)~v), a->sf);
    } else if (a->opc == 2) {
        gen_set_x(ctx, a->rd, gen_imm(ctx, (int64_t)v), a->sf);
    } else {
        IRTemp r = gen_tmp(ctx);
        ir_and(ctx->s, r, gen_x(ctx, a->rd), gen_imm(ctx, (int64_t)~(0xffffull << a->amount)));
        ir_or(ctx->s, r, r, gen_imm(ctx, (int64_t)v));
        gen_set_x(ctx, a->rd, r, a->sf);
    }
    return true;
}

static uint64_t ones(unsigned n) { return n >= 64 ? ~0ull : (1ull << n) - 1; }

/* SBFM/BFM/UBFM (opc 0/1/2) by their two shapes: imms >= immr extracts
 * bits imms:immr to the bottom (sbfx, bfxil, ubfx, asr, lsr, sxt*, uxt*);
 * imms < immr moves bits imms:0 up to datasize - immr (sbfiz, bfi, ubfiz,
 * lsl). Sign extension is a shift left then an arithmetic shift right. */
TRANS(bitfield)
{
    IRContext *s = ctx->s;
    unsigned size = a->sf ? 64 : 32, r = a->immr, sb = a->imms;
    bool extract = sb >= r;
    unsigned width = extract ? sb - r + 1 : sb + 1;
    unsigned lsb = extract ? 0 : size - r;     /* where the field lands */
    IRTemp src = gen_x(ctx, a->rn), f = gen_tmp(ctx);
    if (a->opc == 0) {
        /* bits (lsb of the field in src) .. + width, sign-extended */
        unsigned from = extract ? r : 0;
        ir_shl(s, f, src, gen_imm(ctx, 64 - from - width));
        ir_sar(s, f, f, gen_imm(ctx, 64 - width));
        if (lsb)
            ir_shl(s, f, f, gen_imm(ctx, lsb));
        gen_set_x(ctx, a->rd, f, a->sf);
        return true;
    }
    if (extract && r)
        ir_shr(s, f, src, gen_imm(ctx, r));
    else
        ir_mov(s, f, src);
    ir_and(s, f, f, gen_imm(ctx, (int64_t)ones(width)));
    if (lsb)
        ir_shl(s, f, f, gen_imm(ctx, lsb));
    if (a->opc == 1) {
        IRTemp d = gen_tmp(ctx);
        ir_and(s, d, gen_x(ctx, a->rd), gen_imm(ctx, (int64_t)~(ones(width) << lsb)));
        ir_or(s, f, f, d);
    }
    gen_set_x(ctx, a->rd, f, a->sf);
    return true;
}

/* The low datasize bits of (rn:rm) >> lsb. */
TRANS(extr)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx), n = gen_x(ctx, a->rn), m = gen_x(ctx, a->rm);
    unsigned lsb = a->imms;
    if (!a->sf) {
        IRTemp hi = gen_tmp(ctx);
        ir_ext32u(s, r, m);
        ir_shl(s, hi, n, gen_imm(ctx, 32));
        ir_or(s, r, r, hi);
        ir_shr(s, r, r, gen_imm(ctx, lsb));
    } else if (lsb == 0) {
        ir_mov(s, r, m);
    } else {
        IRTemp hi = gen_tmp(ctx);
        ir_shr(s, r, m, gen_imm(ctx, lsb));
        ir_shl(s, hi, n, gen_imm(ctx, 64 - lsb));
        ir_or(s, r, r, hi);
    }
    gen_set_x(ctx, a->rd, r, a->sf);
    return true;
}

/* lslv/lsrv/asrv/rorv: the shift type is opc's low bits, the count rm
 * modulo the datasize. */
TRANS(shiftv)
{
    IRContext *s = ctx->s;
    IRTemp n = gen_x(ctx, a->rn), cnt = gen_tmp(ctx), r = gen_tmp(ctx);
    ir_and(s, cnt, gen_x(ctx, a->rm), gen_imm(ctx, a->sf ? 63 : 31));
    switch (a->opc & 3) {
    case A64_LSL:
        ir_shl(s, r, n, cnt);
        break;
    case A64_LSR:
        ir_shr(s, r, gen_x_sf(ctx, a->rn, a->sf), cnt);
        break;
    case A64_ASR:
        if (!a->sf) {
            ir_ext32s(s, r, n);
            n = r;
        }
        ir_sar(s, r, n, cnt);
        break;
    default:
        ir_rotr(s, r, a->sf ? n : gen_dup32(ctx, n), cnt);
        break;
    }
    gen_set_x(ctx, a->rd, r, a->sf);
    return true;
}

/* udiv/sdiv (opc 2/3): x / 0 is 0, INT_MIN / -1 is INT_MIN. The divisor
 * the IR sees is never 0 or -1; division by -1 is a negation. 32-bit
 * operands are extended to 64 bits first, where INT32_MIN / -1 cannot
 * overflow. */
TRANS(div)
{
    IRContext *s = ctx->s;
    bool sign = a->opc & 1;
    IRTemp n = gen_tmp(ctx), m = gen_tmp(ctx), q = gen_tmp(ctx), safe = gen_tmp(ctx);
    IRTemp zero = gen_imm(ctx, 0), one = gen_imm(ctx, 1);
    if (a->sf) {
        ir_mov(s, n, gen_x(ctx, a->rn));
        ir_mov(s, m, gen_x(ctx, a->rm));
    } else if (sign) {
        ir_ext32s(s, n, gen_x(ctx, a->rn));
        ir_ext32s(s, m, gen_x(ctx, a->rm));
    } else {
        ir_ext32u(s, n, gen_x(ctx, a->rn));
        ir_ext32u(s, m, gen_x(ctx, a->rm));
    }
    ir_movcond(s, safe, m, zero, one, m, IR_COND_EQ);
    if (sign) {
        IRTemp neg = gen_tmp(ctx), m1 = gen_imm(ctx, -1);
        ir_movcond(s, safe, m, m1, one, safe, IR_COND_EQ);
        ir_div(s, q, n, safe);
        ir_neg(s, neg, n);
        ir_movcond(s, q, m, m1, neg, q, IR_COND_EQ);
    } else {
        ir_divu(s, q, n, safe);
    }
    ir_movcond(s, q, m, zero, zero, q, IR_COND_EQ);
    gen_set_x(ctx, a->rd, q, a->sf);
    return true;
}

/* opc 0x10..0x17: bits 1:0 the size of rm's chunk, bit 2 the Castagnoli
 * polynomial. */
TRANS(crc32)
{
    IRTemp args[] = { gen_x(ctx, a->rn), gen_x(ctx, a->rm), gen_imm(ctx, a->opc & 7) };
    gen_set_x(ctx, a->rd, gen_call(ctx, &a64_helper_crc32, args), false);
    return true;
}

/* Reverse the bits in each byte of v (after a byte swap, a full bit
 * reversal): swap nibbles, pairs, then single bits. */
static IRTemp gen_rbit(DisasContext *ctx, IRTemp v)
{
    static const struct { uint64_t mask; unsigned sh; } steps[] = {
        { 0x0f0f0f0f0f0f0f0full, 4 }, { 0x3333333333333333ull, 2 }, { 0x5555555555555555ull, 1 },
    };
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx);
    ir_bswap64(s, r, v);
    for (unsigned i = 0; i < 3; i++) {
        IRTemp lo = gen_tmp(ctx), hi = gen_tmp(ctx), m = gen_imm(ctx, (int64_t)steps[i].mask);
        IRTemp sh = gen_imm(ctx, steps[i].sh);
        ir_and(s, lo, r, m);
        ir_shl(s, lo, lo, sh);
        ir_shr(s, hi, r, sh);
        ir_and(s, hi, hi, m);
        ir_or(s, r, lo, hi);
    }
    return r;
}

/* opc: 0 rbit, 1 rev16, 2 rev (32-bit) / rev32 (64-bit), 3 rev, 4 clz, 5 cls. */
TRANS(dp1)
{
    IRContext *s = ctx->s;
    IRTemp n = gen_x(ctx, a->rn), r = gen_tmp(ctx);
    IRTemp h32 = gen_imm(ctx, 32);
    switch (a->opc) {
    case 0:
        ir_mov(s, r, gen_rbit(ctx, n));
        if (!a->sf)
            ir_shr(s, r, r, h32);
        break;
    case 1: {
        IRTemp lo = gen_tmp(ctx), hi = gen_tmp(ctx), m = gen_imm(ctx, 0x00ff00ff00ff00ffll);
        IRTemp sh = gen_imm(ctx, 8);
        ir_and(s, lo, n, m);
        ir_shl(s, lo, lo, sh);
        ir_shr(s, hi, n, sh);
        ir_and(s, hi, hi, m);
        ir_or(s, r, lo, hi);
        break;
    }
    case 2:
        ir_bswap64(s, r, n);
        if (a->sf)
            ir_rotr(s, r, r, h32);
        else
            ir_shr(s, r, r, h32);
        break;
    case 3:
        ir_bswap64(s, r, n);
        break;
    case 4:
        if (a->sf) {
            ir_clz(s, r, n);
        } else {
            ir_ext32u(s, r, n);
            ir_clz(s, r, r);
            ir_addi(s, r, r, -32);
        }
        break;
    default: {
        /* bit i of v ^ (v >> 1) is set where bits i and i+1 differ; bit
         * 63 is always clear, so clz counts the sign bit too */
        IRTemp v = gen_tmp(ctx), t = gen_tmp(ctx);
        if (a->sf)
            ir_mov(s, v, n);
        else
            ir_ext32s(s, v, n);
        ir_sar(s, t, v, gen_imm(ctx, 1));
        ir_xor(s, t, t, v);
        ir_clz(s, r, t);
        ir_addi(s, r, r, a->sf ? -1 : -33);
        break;
    }
    }
    gen_set_x(ctx, a->rd, r, a->sf);
    return true;
}

/* ccmp/ccmn: the comparison's flags if cond held before it, the nzcv
 * immediate otherwise (each flag chosen with a movcond, no branch). */
TRANS(ccmp)
{
    IRContext *s = ctx->s;
    bool imm_form = a->raw >> 11 & 1;
    IRTemp m = imm_form ? gen_imm(ctx, a->imm) : gen_x(ctx, a->rm);
    IRTemp c = a->cond >= 14 ? 0 : gen_cond(ctx, a->cond);
    if (op_bit(a))
        gen_sub_cc(ctx, 0, gen_x(ctx, a->rn), m, a->sf, false, true);
    else
        gen_add_cc(ctx, 0, gen_x(ctx, a->rn), m, a->sf, false, true);
    ctx->cmp.insn = 0;    /* the flags may be the immediate's */
    if (!c)
        return true;
    IRTemp zero = gen_imm(ctx, 0);
    const struct { IRTemp flag; int64_t v; } imm[] = {
        { A64_T_NF, (a->nzcv & 8) ? -1 : 0 }, { A64_T_ZF, (a->nzcv & 4) ? 0 : 1 },
        { A64_T_CF, (a->nzcv & 2) ? 1 : 0 }, { A64_T_VF, (a->nzcv & 1) ? -1 : 0 },
    };
    for (unsigned i = 0; i < 4; i++)
        ir_movcond(s, imm[i].flag, c, zero, imm[i].flag, gen_imm(ctx, imm[i].v), IR_COND_NE);
    return true;
}

/* csel/csinc/csinv/csneg: rn if cond holds, else rm, +1 (bit 10), ~ (bit
 * 30) or both (negation). */
TRANS(csel)
{
    IRContext *s = ctx->s;
    bool inv = op_bit(a), inc = a->raw >> 10 & 1;
    IRTemp m = gen_x(ctx, a->rm), alt = gen_tmp(ctx), r = gen_tmp(ctx);
    if (inv && inc)
        ir_neg(s, alt, m);
    else if (inv)
        ir_not(s, alt, m);
    else if (inc)
        ir_addi(s, alt, m, 1);
    else
        ir_mov(s, alt, m);
    if (a->cond >= 14) {
        gen_set_x(ctx, a->rd, gen_x(ctx, a->rn), a->sf);
        return true;
    }
    ir_movcond(s, r, gen_cond(ctx, a->cond), gen_imm(ctx, 0), gen_x(ctx, a->rn), alt, IR_COND_NE);
    gen_set_x(ctx, a->rd, r, a->sf);
    return true;
}

/* madd/msub (bit 15): ra +/- rn * rm. */
TRANS(madd)
{
    IRContext *s = ctx->s;
    IRTemp p = gen_tmp(ctx);
    ir_mul(s, p, gen_x(ctx, a->rn), gen_x(ctx, a->rm));
    if (a->raw >> 15 & 1)
        ir_sub(s, p, gen_x(ctx, a->ra), p);
    else
        ir_add(s, p, gen_x(ctx, a->ra), p);
    gen_set_x(ctx, a->rd, p, a->sf);
    return true;
}

/* smaddl/smsubl/umaddl/umsubl: 32 x 32 -> 64, unsigned when bit 23. */
TRANS(maddl)
{
    IRContext *s = ctx->s;
    bool u = a->raw >> 23 & 1;
    IRTemp n = gen_tmp(ctx), m = gen_tmp(ctx);
    (u ? ir_ext32u : ir_ext32s)(s, n, gen_x(ctx, a->rn));
    (u ? ir_ext32u : ir_ext32s)(s, m, gen_x(ctx, a->rm));
    ir_mul(s, n, n, m);
    if (a->raw >> 15 & 1)
        ir_sub(s, n, gen_x(ctx, a->ra), n);
    else
        ir_add(s, n, gen_x(ctx, a->ra), n);
    gen_set_x(ctx, a->rd, n, true);
    return true;
}

TRANS(mulh)
{
    IRTemp r = gen_tmp(ctx);
    (a->raw >> 23 & 1 ? ir_muluh : ir_mulsh)(ctx->s, r, gen_x(ctx, a->rn), gen_x(ctx, a->rm));
    gen_set_x(ctx, a->rd, r, true);
    return true;
}

TRANS(cfinv)
{
    ir_xor(ctx->s, A64_T_CF, A64_T_CF, gen_imm(ctx, 1));
    return true;
}
