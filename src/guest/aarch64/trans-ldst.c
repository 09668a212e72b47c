/*
 * Translation of the loads and stores of general-purpose and FP/SIMD
 * registers (not the AdvSIMD structure loads): immediate, register and
 * literal offsets, pre/post-index writeback, pairs, prefetches, and the
 * load-acquire/store-release forms. Accesses are inline qemu_ld/qemu_st;
 * normal ones may be unaligned, acquire/release ones of more than a byte
 * must be aligned (SIGBUS).
 *
 * Where the architecture leaves a choice (CONSTRAINED UNPREDICTABLE) this
 * does what qemu-aarch64 does: a load with writeback into its own base
 * register ends with the written-back address, a store with writeback
 * stores the register's old value, LDP of one register twice keeps the
 * first value. A load writes no register before all its accesses have
 * succeeded, so a fault leaves the registers as they were.
 */
#include <stddef.h>

#include "guest/aarch64/trans.h"

/* The IRMemOp of one register's access. */
static unsigned gen_memop(const A64Insn *a)
{
    return (a->msize & IR_MO_SIZE) | (a->sign ? IR_MO_SIGN : 0);
}

static size_t vreg_off(unsigned r, unsigned half)
{
    return offsetof(A64State, v) + 16 * r + 8 * half;
}

/* Load an FP/SIMD register's bytes (msize 0..4) from addr into v[0..1]:
 * the high half is zero below 16 bytes. */
static void gen_vload(DisasContext *ctx, IRTemp addr, unsigned msize, IRTemp v[2])
{
    IRContext *s = ctx->s;
    v[0] = gen_tmp(ctx);
    if (msize < 4) {
        ir_qemu_ld(s, v[0], addr, msize);
        v[1] = gen_imm(ctx, 0);
        return;
    }
    IRTemp hi_addr = gen_tmp(ctx);
    v[1] = gen_tmp(ctx);
    ir_qemu_ld(s, v[0], addr, IR_MO_UQ);
    ir_addi(s, hi_addr, addr, 8);
    ir_qemu_ld(s, v[1], hi_addr, IR_MO_UQ);
}

/* Writing a b/h/s/d/q register clears the rest of its 128 bits. */
static void gen_vset(DisasContext *ctx, unsigned r, const IRTemp v[2])
{
    ir_st_env(ctx->s, v[0], vreg_off(r, 0), IR_MO_UQ);
    ir_st_env(ctx->s, v[1], vreg_off(r, 1), IR_MO_UQ);
}

static void gen_vstore(DisasContext *ctx, IRTemp addr, unsigned msize, unsigned r)
{
    IRContext *s = ctx->s;
    IRTemp v = gen_tmp(ctx);
    ir_ld_env(s, v, vreg_off(r, 0), IR_MO_UQ);
    ir_qemu_st(s, v, addr, msize < 4 ? msize : IR_MO_UQ);
    if (msize == 4) {
        IRTemp hi = gen_tmp(ctx), hi_addr = gen_tmp(ctx);
        ir_ld_env(s, hi, vreg_off(r, 1), IR_MO_UQ);
        ir_addi(s, hi_addr, addr, 8);
        ir_qemu_st(s, hi, hi_addr, IR_MO_UQ);
    }
}

/* One register transfer at addr: rt of the general (sf: X or W) or
 * FP/SIMD file, as a->fp says. */
static void gen_transfer(DisasContext *ctx, const A64Insn *a, IRTemp addr, unsigned extra_mo)
{
    IRContext *s = ctx->s;
    if (a->fp) {
        if (a->load) {
            IRTemp v[2];
            gen_vload(ctx, addr, a->msize, v);
            gen_vset(ctx, a->rt, v);
        } else {
            gen_vstore(ctx, addr, a->msize, a->rt);
        }
    } else if (a->load) {
        IRTemp v = gen_tmp(ctx);
        ir_qemu_ld(s, v, addr, gen_memop(a) | extra_mo);
        gen_set_x(ctx, a->rt, v, a->sf);
    } else {
        ir_qemu_st(s, gen_x(ctx, a->rt), addr, gen_memop(a) | extra_mo);
    }
}

/* Base-plus-offset addressing with optional writeback: the access is at
 * base + imm (or base, post-indexed), then base + imm goes to rn. */
static IRTemp gen_addr_wb(DisasContext *ctx, const A64Insn *a)
{
    IRTemp addr = gen_tmp(ctx);
    if (a->post)
        ir_mov(ctx->s, addr, gen_xsp(ctx, a->rn));
    else
        ir_addi(ctx->s, addr, gen_xsp(ctx, a->rn), a->imm);
    return addr;
}

static void gen_writeback(DisasContext *ctx, const A64Insn *a, IRTemp addr)
{
    if (!a->wback)
        return;
    if (a->post)
        ir_addi(ctx->s, gen_xsp(ctx, a->rn), addr, a->imm);
    else
        ir_mov(ctx->s, gen_xsp(ctx, a->rn), addr);
}

/* Unsigned offset, unscaled, pre/post-index and unprivileged (which is
 * the ordinary access at EL0). */
static bool gen_ldst_imm(DisasContext *ctx, const A64Insn *a)
{
    IRTemp addr = gen_addr_wb(ctx, a);
    gen_transfer(ctx, a, addr, 0);
    gen_writeback(ctx, a, addr);
    return true;
}

TRANS(ldst_imm) { return gen_ldst_imm(ctx, a); }
TRANS(fldst_imm) { return gen_ldst_imm(ctx, a); }

/* Register offset: rm extended (UXTW, LSL, SXTW, SXTX) and shifted by
 * the access size when S. */
static bool gen_ldst_reg(DisasContext *ctx, const A64Insn *a)
{
    IRTemp addr = gen_tmp(ctx);
    ir_add(ctx->s, addr, gen_xsp(ctx, a->rn), gen_extend(ctx, gen_x(ctx, a->rm), a->ext, a->amount));
    gen_transfer(ctx, a, addr, 0);
    return true;
}

TRANS(ldst_reg) { return gen_ldst_reg(ctx, a); }
TRANS(fldst_reg) { return gen_ldst_reg(ctx, a); }

static bool gen_ld_lit(DisasContext *ctx, const A64Insn *a)
{
    gen_transfer(ctx, a, gen_imm(ctx, (int64_t)(ctx->base.pc + (uint64_t)a->imm)), 0);
    return true;
}

TRANS(ld_lit) { return gen_ld_lit(ctx, a); }
TRANS(fld_lit) { return gen_ld_lit(ctx, a); }

/* Prefetches are hints: no access, no fault. */
TRANS(prfm)
{
    return true;
}

/* LDP/STP/LDNP/STNP/LDPSW: two registers at addr and addr + size. Both
 * loads complete before either register is written; rt is written last. */
static bool gen_ldst_pair(DisasContext *ctx, const A64Insn *a)
{
    IRContext *s = ctx->s;
    IRTemp addr = gen_addr_wb(ctx, a), addr2 = gen_tmp(ctx);
    unsigned regs[2] = { a->rt, a->rt2 };
    ir_addi(s, addr2, addr, 1 << a->msize);
    IRTemp at[2] = { addr, addr2 };
    if (!a->load) {
        for (int i = 0; i < 2; i++) {
            if (a->fp)
                gen_vstore(ctx, at[i], a->msize, regs[i]);
            else
                ir_qemu_st(s, gen_x(ctx, regs[i]), at[i], gen_memop(a));
        }
    } else if (a->fp) {
        IRTemp v[2][2];
        gen_vload(ctx, at[0], a->msize, v[0]);
        gen_vload(ctx, at[1], a->msize, v[1]);
        gen_vset(ctx, regs[1], v[1]);
        gen_vset(ctx, regs[0], v[0]);
    } else {
        IRTemp v[2] = { gen_tmp(ctx), gen_tmp(ctx) };
        ir_qemu_ld(s, v[0], at[0], gen_memop(a));
        ir_qemu_ld(s, v[1], at[1], gen_memop(a));
        gen_set_x(ctx, regs[1], v[1], a->sf);
        gen_set_x(ctx, regs[0], v[0], a->sf);
    }
    gen_writeback(ctx, a, addr);
    return true;
}

TRANS(ldst_pair) { return gen_ldst_pair(ctx, a); }
TRANS(fldst_pair) { return gen_ldst_pair(ctx, a); }

/*
 * Acquire and release. On the x86-64 host (TSO) only a store followed by a
 * load needs a fence, so the barriers below cost nothing except the one
 * after a store-release: that fence keeps an STLR ordered before a later
 * LDAR (Arm's acquire/release is sequentially consistent, RCsc), and puts
 * the cost on the rarer of the two.
 */
static void gen_acquire(DisasContext *ctx) { ir_mb(ctx->s, IR_MB_LD_LD | IR_MB_LD_ST); }

static bool gen_ldacq(DisasContext *ctx, const A64Insn *a, IRTemp addr)
{
    gen_transfer(ctx, a, addr, a->msize ? IR_MO_ALIGN : 0);
    gen_acquire(ctx);
    return true;
}

static bool gen_strel(DisasContext *ctx, const A64Insn *a, IRTemp addr)
{
    ir_mb(ctx->s, IR_MB_LD_ST | IR_MB_ST_ST);
    gen_transfer(ctx, a, addr, a->msize ? IR_MO_ALIGN : 0);
    ir_mb(ctx->s, IR_MB_ST_LD);
    return true;
}

/* ldar, ldapr (RCpc: the same on this host), ldlar (LOR: no limited
 * ordering regions, so ordinary acquire). */
TRANS(ldar) { return gen_ldacq(ctx, a, gen_xsp(ctx, a->rn)); }
TRANS(stlr) { return gen_strel(ctx, a, gen_xsp(ctx, a->rn)); }

static IRTemp gen_addr_imm(DisasContext *ctx, const A64Insn *a)
{
    IRTemp addr = gen_tmp(ctx);
    ir_addi(ctx->s, addr, gen_xsp(ctx, a->rn), a->imm);
    return addr;
}

TRANS(ldapur) { return gen_ldacq(ctx, a, gen_addr_imm(ctx, a)); }
TRANS(stlur) { return gen_strel(ctx, a, gen_addr_imm(ctx, a)); }
