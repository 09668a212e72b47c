/*
 * AdvSIMD integer instructions as inline IR: each 64-bit half of a vector
 * register is one IR temp, and the lanes inside it are worked on together
 * with the SWAR tricks of Hacker's Delight (masks that keep carries and
 * borrows from crossing a lane). These are the instructions glibc's string
 * functions run once per 16 bytes (CMEQ, CMHS, SHRN, ADDP, UMAXP, EXT) and
 * the vectorised loops of our benchmarks run (ADD, USHR, XTN). Through the
 * generic helper each cost about 120 ns (copies of three registers and a
 * switch per element); lua spent a quarter of its time there. Every other
 * form returns false and stays with the helper (helpers-simd.c), which is
 * also what a64-fpsimd-check compares these against.
 */
#include <stddef.h>

#include "guest/aarch64/trans.h"

#define VOFF(r, half) (offsetof(A64State, v) + (size_t)(r) * 16 + (size_t)(half) * 8)

static IRTemp op2(DisasContext *ctx, IROpcode opc, IRTemp a, IRTemp b)
{
    IRTemp d = gen_tmp(ctx);
    uint64_t args[] = { d, a, b };
    ir_emit(ctx->s, opc, args);
    return d;
}
static IRTemp opi(DisasContext *ctx, IROpcode opc, IRTemp a, uint64_t imm)
{
    return op2(ctx, opc, a, gen_imm(ctx, (int64_t)imm));
}

static IRTemp ldv(DisasContext *ctx, unsigned r, unsigned half)
{
    IRTemp t = gen_tmp(ctx);
    ir_ld_env(ctx->s, t, VOFF(r, half), IR_MO_UQ);
    return t;
}
static void stv(DisasContext *ctx, unsigned r, unsigned half, IRTemp v)
{
    ir_st_env(ctx->s, v, VOFF(r, half), IR_MO_UQ);
}
/* The result of a full-width operation; Q = 0 clears the top half. */
static void st_result(DisasContext *ctx, const A64Insn *a, IRTemp lo, IRTemp hi)
{
    stv(ctx, a->rd, 0, lo);
    stv(ctx, a->rd, 1, a->q ? hi : gen_imm(ctx, 0));
}

static uint64_t emask(unsigned bits) { return bits >= 64 ? UINT64_MAX : (1ull << bits) - 1; }
/* x (an element value) in every lane of size 1 << es bytes. */
static uint64_t rep(unsigned es, uint64_t x)
{
    static const uint64_t ones[4] = { 0x0101010101010101ull, 0x0001000100010001ull,
                                      0x0000000100000001ull, 1 };
    return x * ones[es];
}
static uint64_t top_bits(unsigned es) { return rep(es, 1ull << ((8u << es) - 1)); }

/* A lane's top bit (the only bit set in it) widened to the whole lane:
 * (t << 1) - (t >> (bits - 1)) is 2^bits - 1 per lane, with no carry out of
 * a lane; shorter than a multiply. */
static IRTemp widen_top(DisasContext *ctx, IRTemp t, unsigned es)
{
    return op2(ctx, IR_sub, opi(ctx, IR_shl, t, 1), opi(ctx, IR_shr, t, (8u << es) - 1));
}

/* Top bit of each lane set where a >= b as unsigned: the low bits subtract
 * with a's top bit forced on so no borrow leaves the lane; the lane's own
 * borrow is then decided from the top bits (set where a's is 1 and b's 0, or
 * they are equal and the low part did not borrow). */
static IRTemp gen_hs(DisasContext *ctx, IRTemp a, IRTemp b, unsigned es)
{
    uint64_t h = top_bits(es);
    IRTemp d = op2(ctx, IR_sub, opi(ctx, IR_or, a, h), opi(ctx, IR_and, b, ~h));
    IRTemp t = op2(ctx, IR_and, op2(ctx, IR_orc, a, b), op2(ctx, IR_or, op2(ctx, IR_xor, a, b), d));
    return opi(ctx, IR_and, t, h);
}
/* Top bit of each lane set where the lane of x is not zero. */
static IRTemp gen_nonzero(DisasContext *ctx, IRTemp x, unsigned es)
{
    uint64_t h = top_bits(es);
    IRTemp t = op2(ctx, IR_or, opi(ctx, IR_add, opi(ctx, IR_and, x, ~h), ~h), x);
    return opi(ctx, IR_and, t, h);
}

enum { CMP_EQ, CMP_TST, CMP_HS, CMP_HI, CMP_GE, CMP_GT };

/* All ones in each lane where the comparison holds. */
static IRTemp gen_cmp(DisasContext *ctx, int kind, IRTemp a, IRTemp b, unsigned es)
{
    uint64_t h = top_bits(es);
    IRTemp t;
    if (kind == CMP_GE || kind == CMP_GT) {   /* signed: flip the sign bits, compare unsigned */
        a = opi(ctx, IR_xor, a, h);
        b = opi(ctx, IR_xor, b, h);
    }
    switch (kind) {
    case CMP_EQ: t = op2(ctx, IR_andc, gen_imm(ctx, (int64_t)h), gen_nonzero(ctx, op2(ctx, IR_xor, a, b), es)); break;
    case CMP_TST: t = gen_nonzero(ctx, op2(ctx, IR_and, a, b), es); break;
    case CMP_HS: case CMP_GE: t = gen_hs(ctx, a, b, es); break;
    default: t = op2(ctx, IR_andc, gen_imm(ctx, (int64_t)h), gen_hs(ctx, b, a, es)); break;
    }
    return widen_top(ctx, t, es);
}

static IRTemp gen_addsub(DisasContext *ctx, bool sub, IRTemp a, IRTemp b, unsigned es)
{
    if (es == 3)
        return op2(ctx, sub ? IR_sub : IR_add, a, b);
    uint64_t h = top_bits(es);
    IRTemp lb = opi(ctx, IR_and, b, ~h);
    if (sub)
        return op2(ctx, IR_xor, op2(ctx, IR_sub, opi(ctx, IR_or, a, h), lb),
                   opi(ctx, IR_and, op2(ctx, IR_eqv, a, b), h));
    return op2(ctx, IR_xor, op2(ctx, IR_add, opi(ctx, IR_and, a, ~h), lb),
               opi(ctx, IR_and, op2(ctx, IR_xor, a, b), h));
}

/* The low halves of the lanes of size 2 << es bytes in x, side by side in
 * the low 32 bits (the narrowing step of XTN, SHRN and the pairwise ops). */
static IRTemp gen_pack(DisasContext *ctx, IRTemp x, unsigned es)
{
    static const uint64_t low[3] = { 0x00ff00ff00ff00ffull, 0x0000ffff0000ffffull, 0xffffffffull };
    x = opi(ctx, IR_and, x, low[es]);
    for (unsigned k = es; k < 2; k++)
        x = opi(ctx, IR_and, op2(ctx, IR_or, x, opi(ctx, IR_shr, x, 8u << k)), low[k + 1]);
    return x;
}
static IRTemp gen_join(DisasContext *ctx, IRTemp lo32, IRTemp hi32)
{
    return op2(ctx, IR_or, lo32, opi(ctx, IR_shl, hi32, 32));
}

/* One pairwise result per lane pair of x, packed into 32 bits. */
static IRTemp gen_pairwise(DisasContext *ctx, unsigned op, IRTemp x, unsigned es)
{
    unsigned bits = 8u << es;
    uint64_t low = rep(es + 1, emask(bits));
    IRTemp e = opi(ctx, IR_and, x, low), o = opi(ctx, IR_and, opi(ctx, IR_shr, x, bits), low), r;
    if (op == A64_OP_addp_v) {
        r = op2(ctx, IR_add, e, o);
    } else {   /* lanes of 2 * bits hold bits-wide values: e - o borrows into bit `bits` */
        IRTemp ge = opi(ctx, IR_and, op2(ctx, IR_sub, opi(ctx, IR_or, e, low + rep(es + 1, 1)), o),
                        rep(es + 1, 1ull << bits));
        IRTemp m = opi(ctx, IR_mul, opi(ctx, IR_shr, ge, bits), emask(bits));
        IRTemp sel = op2(ctx, IR_and, op2(ctx, IR_xor, e, o), m);
        r = op2(ctx, IR_xor, op == A64_OP_umaxp_v ? o : e, sel);
    }
    return gen_pack(ctx, r, es);
}

static bool gen_pairwise_insn(DisasContext *ctx, const A64Insn *a)
{
    unsigned es = a->esize;
    IRTemp n0 = ldv(ctx, a->rn, 0), m0 = ldv(ctx, a->rm, 0), lo, hi = 0;
    if (es == 3) {
        if (a->op != A64_OP_addp_v)
            return false;
        IRTemp n1 = ldv(ctx, a->rn, 1), m1 = ldv(ctx, a->rm, 1);
        lo = op2(ctx, IR_add, n0, n1);
        hi = op2(ctx, IR_add, m0, m1);
    } else if (a->q) {
        IRTemp n1 = ldv(ctx, a->rn, 1), m1 = ldv(ctx, a->rm, 1);
        lo = gen_join(ctx, gen_pairwise(ctx, a->op, n0, es), gen_pairwise(ctx, a->op, n1, es));
        hi = gen_join(ctx, gen_pairwise(ctx, a->op, m0, es), gen_pairwise(ctx, a->op, m1, es));
    } else {
        lo = gen_join(ctx, gen_pairwise(ctx, a->op, n0, es), gen_pairwise(ctx, a->op, m0, es));
    }
    st_result(ctx, a, lo, hi);
    return true;
}

/* Lane by lane on both halves: compare (kind >= 0) or add/sub. */
static bool gen_lanes(DisasContext *ctx, const A64Insn *a, int kind, bool sub, bool zero_b, bool swap)
{
    IRTemp r[2] = { 0, 0 };
    for (unsigned h = 0; h <= a->q; h++) {
        IRTemp x = ldv(ctx, a->rn, h), y = zero_b ? gen_imm(ctx, 0) : ldv(ctx, a->rm, h);
        if (swap) {
            IRTemp t = x;
            x = y;
            y = t;
        }
        r[h] = kind >= 0 ? gen_cmp(ctx, kind, x, y, a->esize) : gen_addsub(ctx, sub, x, y, a->esize);
    }
    st_result(ctx, a, r[0], r[1]);
    return true;
}

/* XTN and SHRN (sh = 0 for XTN): es is the narrow element size; the "2"
 * forms write the top half and keep the bottom one. */
static bool gen_narrow(DisasContext *ctx, const A64Insn *a, unsigned sh)
{
    IRTemp half[2];
    for (unsigned h = 0; h < 2; h++) {
        IRTemp x = ldv(ctx, a->rn, h);
        /* sh <= the narrow width, so what comes in from the next lane stays
         * in the half that the pack drops. */
        half[h] = gen_pack(ctx, sh ? opi(ctx, IR_shr, x, sh) : x, a->esize);
    }
    IRTemp r = gen_join(ctx, half[0], half[1]);
    if (a->q) {
        stv(ctx, a->rd, 1, r);
    } else {
        stv(ctx, a->rd, 0, r);
        stv(ctx, a->rd, 1, gen_imm(ctx, 0));
    }
    return true;
}

static bool gen_shift_imm(DisasContext *ctx, const A64Insn *a, bool left)
{
    unsigned es = a->esize, bits = 8u << es, sh = a->imm;
    IRTemp r[2] = { 0, 0 };
    for (unsigned h = 0; h <= a->q; h++) {
        if (!left && sh >= 64) {
            r[h] = gen_imm(ctx, 0);
            continue;
        }
        IRTemp x = ldv(ctx, a->rn, h);
        uint64_t keep = left ? emask(bits) << sh & emask(bits) : sh >= bits ? 0 : emask(bits) >> sh;
        r[h] = opi(ctx, IR_and, opi(ctx, left ? IR_shl : IR_shr, x, sh), rep(es, keep));
    }
    st_result(ctx, a, r[0], r[1]);
    return true;
}

/* EXT: bytes imm.. of the concatenation m:n, a funnel shift of two words. */
static bool gen_ext(DisasContext *ctx, const A64Insn *a)
{
    IRTemp w[4];
    unsigned nw = a->q ? 4 : 2;
    for (unsigned i = 0; i < nw; i++)
        w[i] = a->q ? ldv(ctx, i < 2 ? a->rn : a->rm, i & 1) : ldv(ctx, i ? a->rm : a->rn, 0);
    IRTemp r[2] = { 0, 0 };
    for (unsigned h = 0; h <= a->q; h++) {
        unsigned pos = a->imm + 8 * h, k = pos / 8, s = pos % 8 * 8;
        r[h] = s ? op2(ctx, IR_or, opi(ctx, IR_shr, w[k], s), opi(ctx, IR_shl, w[k + 1], 64 - s)) : w[k];
    }
    st_result(ctx, a, r[0], r[1]);
    return true;
}

bool a64_gen_simd_int_inline(DisasContext *ctx, const A64Insn *a)
{
    switch (a->op) {
    case A64_OP_cmeq_v: return gen_lanes(ctx, a, CMP_EQ, false, false, false);
    case A64_OP_cmtst_v: return gen_lanes(ctx, a, CMP_TST, false, false, false);
    case A64_OP_cmhs_v: return gen_lanes(ctx, a, CMP_HS, false, false, false);
    case A64_OP_cmhi_v: return gen_lanes(ctx, a, CMP_HI, false, false, false);
    case A64_OP_cmge_v: return gen_lanes(ctx, a, CMP_GE, false, false, false);
    case A64_OP_cmgt_v: return gen_lanes(ctx, a, CMP_GT, false, false, false);
    case A64_OP_cmeq_vz: return gen_lanes(ctx, a, CMP_EQ, false, true, false);
    case A64_OP_cmge_vz: return gen_lanes(ctx, a, CMP_GE, false, true, false);
    case A64_OP_cmgt_vz: return gen_lanes(ctx, a, CMP_GT, false, true, false);
    case A64_OP_cmle_vz: return gen_lanes(ctx, a, CMP_GE, false, true, true);
    case A64_OP_cmlt_vz: return gen_lanes(ctx, a, CMP_GT, false, true, true);
    case A64_OP_add_v: return gen_lanes(ctx, a, -1, false, false, false);
    case A64_OP_sub_v: return gen_lanes(ctx, a, -1, true, false, false);
    case A64_OP_addp_v: case A64_OP_umaxp_v: case A64_OP_uminp_v: return gen_pairwise_insn(ctx, a);
    case A64_OP_xtn_v: return gen_narrow(ctx, a, 0);
    case A64_OP_shrn_vi: return gen_narrow(ctx, a, a->imm);
    case A64_OP_ushr_vi: return gen_shift_imm(ctx, a, false);
    case A64_OP_shl_vi: return gen_shift_imm(ctx, a, true);
    case A64_OP_ext: return gen_ext(ctx, a);
    default: return false;
    }
}
