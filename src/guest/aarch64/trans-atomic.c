/*
 * Translation of the exclusives (LDXR/STXR, LDXP/STXP and their
 * acquire/release forms) and the LSE atomics (CAS, CASP, LD<op>, SWP) as
 * calls to helpers.c, which check alignment and access and use host
 * atomics. Those are sequentially consistent, so the acquire and release
 * variants need no extra barrier. The helpers can raise, so the pc global
 * is made precise first.
 *
 * Helpers access memory in C, so when plugins are loaded each access is
 * reported with a plugin_mem marker after the call, before any register
 * is written: a read of the old value, and a write of the new one where
 * the instruction stored (for CASP only the reads of both halves).
 */
#include <stddef.h>

#include "guest/aarch64/helpers.h"
#include "guest/aarch64/trans.h"

static IRTemp gen_rn_addr(DisasContext *ctx, const A64Insn *a)
{
    IRTemp addr = gen_tmp(ctx);
    ir_mov(ctx->s, addr, gen_xsp(ctx, a->rn));
    return addr;
}

static void gen_mark(DisasContext *ctx, IRTemp addr, IRTemp v, unsigned size, bool store)
{
    translator_gen_helper_mem(ctx->s, addr, v, size, store);
}

/* A plugin write marker for v at addr, only when the helper's result
 * says the store happened (status == ok). */
static void gen_mark_store_if(DisasContext *ctx, IRTemp status, IRTemp ok, IRTemp addr, IRTemp v,
                              unsigned size)
{
    IRLabel skip = ir_new_label(ctx->s);
    ir_brcond(ctx->s, status, ok, IR_COND_NE, skip);
    gen_mark(ctx, addr, v, size, true);
    ir_set_label(ctx->s, skip);
}

TRANS(ldxr)
{
    gen_sync_pc(ctx);
    IRTemp addr = gen_rn_addr(ctx, a);
    IRTemp args[] = { IR_ENV, addr, gen_imm(ctx, a->msize) };
    IRTemp v = gen_call(ctx, &a64_helper_ldxr, args);
    if (translator_plugin_mem)
        gen_mark(ctx, addr, v, a->msize, false);
    gen_set_x(ctx, a->rt, v, a->sf);
    return true;
}

TRANS(stxr)
{
    gen_sync_pc(ctx);
    IRTemp addr = gen_rn_addr(ctx, a), v = gen_tmp(ctx);
    ir_mov(ctx->s, v, gen_x(ctx, a->rt));
    IRTemp args[] = { IR_ENV, addr, v, gen_imm(ctx, a->msize) };
    IRTemp status = gen_call(ctx, &a64_helper_stxr, args);
    if (translator_plugin_mem)
        gen_mark_store_if(ctx, status, gen_imm(ctx, 0), addr, v, a->msize);
    gen_set_x(ctx, a->rs, status, false);
    return true;
}

/* A 32-bit pair is one doubleword, rt its low half; a 64-bit pair two,
 * the second from the monitor's excl_val2. rt is written first. */
TRANS(ldxp)
{
    IRContext *s = ctx->s;
    gen_sync_pc(ctx);
    IRTemp addr = gen_rn_addr(ctx, a), hi = gen_tmp(ctx);
    IRTemp args[] = { IR_ENV, addr, gen_imm(ctx, a->sf) };
    IRTemp lo = gen_call(ctx, &a64_helper_ldxp, args);
    if (a->sf) {
        ir_ld_env(s, hi, offsetof(A64State, excl_val2), IR_MO_UQ);
        if (translator_plugin_mem) {
            IRTemp addr2 = gen_tmp(ctx);
            ir_addi(s, addr2, addr, 8);
            gen_mark(ctx, addr, lo, IR_MO_UQ, false);
            gen_mark(ctx, addr2, hi, IR_MO_UQ, false);
        }
    } else {
        if (translator_plugin_mem)
            gen_mark(ctx, addr, lo, IR_MO_UQ, false);
        ir_shr(s, hi, lo, gen_imm(ctx, 32));
    }
    gen_set_x(ctx, a->rt, lo, a->sf);
    gen_set_x(ctx, a->rt2, hi, a->sf);
    return true;
}

TRANS(stxp)
{
    IRContext *s = ctx->s;
    gen_sync_pc(ctx);
    IRTemp addr = gen_rn_addr(ctx, a), lo = gen_tmp(ctx), hi = gen_tmp(ctx);
    ir_mov(s, lo, gen_x(ctx, a->rt));
    ir_mov(s, hi, gen_x(ctx, a->rt2));
    IRTemp args[] = { IR_ENV, addr, lo, hi, gen_imm(ctx, a->sf) };
    IRTemp status = gen_call(ctx, &a64_helper_stxp, args);
    if (translator_plugin_mem) {
        IRTemp addr2 = gen_tmp(ctx), both = gen_tmp(ctx);
        if (a->sf) {
            ir_addi(s, addr2, addr, 8);
            gen_mark_store_if(ctx, status, gen_imm(ctx, 0), addr, lo, IR_MO_UQ);
            gen_mark_store_if(ctx, status, gen_imm(ctx, 0), addr2, hi, IR_MO_UQ);
        } else {
            ir_shl(s, both, hi, gen_imm(ctx, 32));
            ir_ext32u(s, addr2, lo);
            ir_or(s, both, both, addr2);
            gen_mark_store_if(ctx, status, gen_imm(ctx, 0), addr, both, IR_MO_UQ);
        }
    }
    gen_set_x(ctx, a->rs, status, false);
    return true;
}

/* CAS: rs gets the old value; memory gets rt if that equalled rs. */
TRANS(cas)
{
    IRContext *s = ctx->s;
    gen_sync_pc(ctx);
    IRTemp addr = gen_rn_addr(ctx, a), expected = gen_tmp(ctx), desired = gen_tmp(ctx);
    ir_mov(s, expected, gen_x(ctx, a->rs));
    ir_mov(s, desired, gen_x(ctx, a->rt));
    IRTemp args[] = { IR_ENV, addr, expected, desired, gen_imm(ctx, a->msize) };
    IRTemp old = gen_call(ctx, &a64_helper_cas, args);
    if (translator_plugin_mem) {
        IRTemp e = gen_tmp(ctx);
        gen_mark(ctx, addr, old, a->msize, false);
        ir_and(s, e, expected, gen_imm(ctx, a->msize == 3 ? -1 : (int64_t)((1ull << (8 << a->msize)) - 1)));
        gen_mark_store_if(ctx, old, e, addr, desired, a->msize);
    }
    gen_set_x(ctx, a->rs, old, a->sf);
    return true;
}

TRANS(casp)
{
    IRContext *s = ctx->s;
    gen_sync_pc(ctx);
    IRTemp addr = gen_rn_addr(ctx, a);
    IRTemp args[] = { IR_ENV, addr, gen_imm(ctx, a->rs << 8 | a->rt), gen_imm(ctx, a->sf) };
    gen_call(ctx, &a64_helper_casp, args);
    if (translator_plugin_mem) {
        unsigned mo = a->sf ? IR_MO_UQ : IR_MO_UL;
        IRTemp addr2 = gen_tmp(ctx);
        ir_addi(s, addr2, addr, a->sf ? 8 : 4);
        gen_mark(ctx, addr, gen_x(ctx, a->rs), mo, false);
        gen_mark(ctx, addr2, gen_x(ctx, a->rs + 1), mo, false);
    }
    return true;
}

/* The value an LSE operation stored, computed again for plugins from the
 * old value and the operand, compared at the access size. */
static IRTemp gen_atomic_result(DisasContext *ctx, A64AtomicOp op, IRTemp old, IRTemp v, unsigned size)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx), x = gen_tmp(ctx), y = gen_tmp(ctx);
    unsigned sh = 64 - (8u << size);
    bool sign = op == A64_LDSMAX || op == A64_LDSMIN;
    IRTemp shift = gen_imm(ctx, sh);
    ir_shl(s, x, old, shift);
    ir_shl(s, y, v, shift);
    (sign ? ir_sar : ir_shr)(s, x, x, shift);
    (sign ? ir_sar : ir_shr)(s, y, y, shift);
    switch (op) {
    case A64_LDADD: ir_add(s, r, old, v); break;
    case A64_LDCLR: ir_andc(s, r, old, v); break;
    case A64_LDEOR: ir_xor(s, r, old, v); break;
    case A64_LDSET: ir_or(s, r, old, v); break;
    case A64_LDSMAX: ir_movcond(s, r, x, y, x, y, IR_COND_GT); break;
    case A64_LDSMIN: ir_movcond(s, r, x, y, x, y, IR_COND_LT); break;
    case A64_LDUMAX: ir_movcond(s, r, x, y, x, y, IR_COND_GTU); break;
    case A64_LDUMIN: ir_movcond(s, r, x, y, x, y, IR_COND_LTU); break;
    default: ir_mov(s, r, v); break;
    }
    return r;
}

static bool gen_atomic(DisasContext *ctx, const A64Insn *a, A64AtomicOp op)
{
    IRContext *s = ctx->s;
    gen_sync_pc(ctx);
    IRTemp addr = gen_rn_addr(ctx, a), v = gen_tmp(ctx);
    ir_mov(s, v, gen_x(ctx, a->rs));
    IRTemp args[] = { IR_ENV, addr, v, gen_imm(ctx, op << 2 | a->msize) };
    IRTemp old = gen_call(ctx, &a64_helper_atomic, args);
    if (translator_plugin_mem) {
        gen_mark(ctx, addr, old, a->msize, false);
        gen_mark(ctx, addr, gen_atomic_result(ctx, op, old, v, a->msize), a->msize, true);
    }
    gen_set_x(ctx, a->rt, old, a->sf);
    return true;
}

/* opc 0..7: ldadd, ldclr, ldeor, ldset, ldsmax, ldsmin, ldumax, ldumin. */
TRANS(atomic) { return gen_atomic(ctx, a, (A64AtomicOp)(a->opc & 7)); }
TRANS(swp) { return gen_atomic(ctx, a, A64_SWP); }
