/*
 * AdvSIMD structure loads and stores (LD1-LD4/ST1-ST4, multiple and single
 * structure, LDnR), inline: one qemu_ld/qemu_st per element (per 8 bytes
 * for the unstrided LD1/ST1 forms, whose memory order is the register's
 * byte order), element i of structure register j at the address the Arm
 * ARM gives it. Registers are written as their elements arrive, and the
 * base register only after the last access, so a fault partway leaves the
 * base intact and the fault precise at the instruction (the architecture
 * allows the partial register writes).
 */
#include <stddef.h>

#include "guest/aarch64/trans.h"

#define VOFF(r, half) (offsetof(A64State, v) + (size_t)(r) * 16 + (size_t)(half) * 8)
#define VEOFF(r, i, es) (offsetof(A64State, v) + (size_t)(r) * 16 + ((size_t)(i) << (es)))

static IRTemp gen_addr(DisasContext *ctx, IRTemp base, uint64_t off)
{
    if (!off)
        return base;
    IRTemp t = gen_tmp(ctx);
    ir_addi(ctx->s, t, base, (int64_t)off);
    return t;
}

/* One element between memory at base + off and element i of register r. */
static void gen_elem(DisasContext *ctx, bool load, unsigned r, unsigned i, unsigned es, IRTemp base,
                     uint64_t off)
{
    IRTemp addr = gen_addr(ctx, base, off);
    if (load) {
        IRTemp v = gen_tmp(ctx);
        ir_qemu_ld(ctx->s, v, addr, es);
        ir_st_env(ctx->s, v, VEOFF(r, i, es), es);
    } else {
        IRTemp v = gen_tmp(ctx);
        ir_ld_env(ctx->s, v, VEOFF(r, i, es), es);
        ir_qemu_st(ctx->s, v, addr, es);
    }
}

static void gen_writeback(DisasContext *ctx, const A64Insn *a, IRTemp base)
{
    if (!a->wback)
        return;
    IRTemp nb = gen_tmp(ctx);
    if (a->rm == 31)
        ir_addi(ctx->s, nb, base, a->imm);
    else
        ir_add(ctx->s, nb, base, gen_x(ctx, a->rm));
    gen_set_xsp(ctx, a->rn, nb, true);
}

static IRTemp gen_base(DisasContext *ctx, const A64Insn *a)
{
    IRTemp b = gen_tmp(ctx);
    ir_mov(ctx->s, b, gen_xsp(ctx, a->rn));
    return b;
}

TRANS(simd_ldst_mult)
{
    bool ld1st1 = a->op == A64_OP_ld1_1 || a->op == A64_OP_ld1_2 || a->op == A64_OP_ld1_3 ||
                  a->op == A64_OP_ld1_4 || a->op == A64_OP_st1_1 || a->op == A64_OP_st1_2 ||
                  a->op == A64_OP_st1_3 || a->op == A64_OP_st1_4 || a->op == A64_OP_ld1_1_post ||
                  a->op == A64_OP_ld1_2_post || a->op == A64_OP_ld1_3_post ||
                  a->op == A64_OP_ld1_4_post || a->op == A64_OP_st1_1_post ||
                  a->op == A64_OP_st1_2_post || a->op == A64_OP_st1_3_post ||
                  a->op == A64_OP_st1_4_post;
    unsigned es = a->esize, ne = (a->q ? 16u : 8u) >> es;
    unsigned rpt = ld1st1 ? a->nregs : 1, selem = ld1st1 ? 1 : a->nregs;
    IRTemp base = gen_base(ctx, a);
    uint64_t off = 0;
    for (unsigned r = 0; r < rpt; r++) {
        if (selem == 1) {
            for (unsigned h = 0; h <= a->q; h++, off += 8)
                gen_elem(ctx, a->load, (a->rt + r) % 32, h, 3, base, off);
            continue;
        }
        for (unsigned e = 0; e < ne; e++)
            for (unsigned s = 0; s < selem; s++, off += 1u << es)
                gen_elem(ctx, a->load, (a->rt + r + s) % 32, e, es, base, off);
    }
    if (a->load && !a->q)
        for (unsigned r = 0; r < rpt * selem; r++)
            ir_st_env(ctx->s, gen_imm(ctx, 0), VOFF((a->rt + r) % 32, 1), IR_MO_UQ);
    gen_writeback(ctx, a, base);
    return true;
}

TRANS(simd_ldst_single)
{
    unsigned es = a->esize, selem = a->nregs;
    bool replicate = a->op == A64_OP_ld1r || a->op == A64_OP_ld2r || a->op == A64_OP_ld3r ||
                     a->op == A64_OP_ld4r || a->op == A64_OP_ld1r_post || a->op == A64_OP_ld2r_post ||
                     a->op == A64_OP_ld3r_post || a->op == A64_OP_ld4r_post;
    IRTemp base = gen_base(ctx, a);
    for (unsigned s = 0; s < selem; s++) {
        unsigned r = (a->rt + s) % 32;
        uint64_t off = (uint64_t)s << es;
        if (!replicate) {
            gen_elem(ctx, a->load, r, a->index, es, base, off);
            continue;
        }
        static const uint64_t rep[4] = { 0x0101010101010101ull, 0x0001000100010001ull,
                                         0x0000000100000001ull, 1 };
        IRTemp v = gen_tmp(ctx), w = gen_tmp(ctx);
        ir_qemu_ld(ctx->s, v, gen_addr(ctx, base, off), es);
        ir_mul(ctx->s, w, v, gen_imm(ctx, (int64_t)rep[es]));
        ir_st_env(ctx->s, w, VOFF(r, 0), IR_MO_UQ);
        ir_st_env(ctx->s, a->q ? w : gen_imm(ctx, 0), VOFF(r, 1), IR_MO_UQ);
    }
    gen_writeback(ctx, a, base);
    return true;
}
