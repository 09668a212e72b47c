/*
 * Shared by the aarch64 translator files (translate.c and trans-*.c): the
 * per-TB DisasContext, how guest registers map to IR globals, the flag
 * representation (see cpu.h), small gen_* building blocks, and the
 * prototypes of every a64_trans_<trans>() named in insns.def. A trans
 * function emits the IR for one decoded instruction and returns false if
 * the encoding is illegal (translate.c then raises SIGILL at it).
 */
#ifndef PEEK_A64_TRANS_H
#define PEEK_A64_TRANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "exec/translate.h"
#include "guest/aarch64/cpu.h"
#include "guest/aarch64/decode.h"
#include "ir/ir.h"

/* IR globals, registered by a64_init_ir() in this order into a fresh
 * context, so their temp numbers are constants: x0..x30 are temps 1..31
 * (temp 0 is env), then sp, pc and the four flag values. The vector
 * registers, FPCR/FPSR, TPIDR_EL0 and the monitor stay in env. */
enum {
    A64_T_X0 = 1,
    A64_T_SP = 32,
    A64_T_PC,
    A64_T_NF,
    A64_T_ZF,
    A64_T_CF,
    A64_T_VF,
};

typedef struct DisasContext {
    DisasBase base;       /* pc, pc_next, tb_ended (see exec/translate.h) */
    IRContext *s;         /* base.s */
    /* The operands of a CMP/SUBS (zero-extended for 32 bits), valid while
     * the next instruction is translated (insn = its num_insns), so that
     * a condition on its flags compares them directly (trans-flags.c). */
    struct {
        uint32_t insn;
        IRTemp a, b;
        bool sf;
    } cmp;
} DisasContext;

#define TRANS(name) bool a64_trans_##name(DisasContext *ctx, const A64Insn *a)

#define A64_INSN(name, mask, match, fmt, syntax, trans, cls) TRANS(trans);
#include "guest/aarch64/insns.def"
#undef A64_INSN

static inline IRTemp gen_tmp(DisasContext *ctx) { return ir_new_temp(ctx->s); }
static inline IRTemp gen_imm(DisasContext *ctx, int64_t v) { return ir_const(ctx->s, (uint64_t)v); }

/* Register operands: 31 is the zero register (gen_x) or sp (gen_xsp), as
 * the instruction defines. Reads are the whole 64 bits; a 32-bit
 * operation ignores the top half or clears it first (gen_x_sf). */
static inline IRTemp gen_x(DisasContext *ctx, unsigned r)
{
    return r == 31 ? gen_imm(ctx, 0) : (IRTemp)(A64_T_X0 + r);
}
static inline IRTemp gen_xsp(DisasContext *ctx, unsigned r)
{
    return r == 31 ? (IRTemp)A64_T_SP : (IRTemp)(A64_T_X0 + r);
}
/* x[r] for a 64-bit operation, its zero-extended low half for a 32-bit one. */
static inline IRTemp gen_x_sf(DisasContext *ctx, unsigned r, bool sf)
{
    if (sf || r == 31)
        return gen_x(ctx, r);
    IRTemp t = gen_tmp(ctx);
    ir_ext32u(ctx->s, t, gen_x(ctx, r));
    return t;
}
/* Writes: a 32-bit result clears the top half; xzr drops it. */
static inline void gen_set_x(DisasContext *ctx, unsigned r, IRTemp v, bool sf)
{
    if (r == 31)
        return;
    if (sf)
        ir_mov(ctx->s, (IRTemp)(A64_T_X0 + r), v);
    else
        ir_ext32u(ctx->s, (IRTemp)(A64_T_X0 + r), v);
}
static inline void gen_set_xsp(DisasContext *ctx, unsigned r, IRTemp v, bool sf)
{
    IRTemp d = gen_xsp(ctx, r);
    if (sf)
        ir_mov(ctx->s, d, v);
    else
        ir_ext32u(ctx->s, d, v);
}

/* Make the pc global precise before something that can raise. */
static inline void gen_sync_pc(DisasContext *ctx) { ir_movi(ctx->s, A64_T_PC, ctx->base.pc); }

/* End the TB with a trap at this insn (svc, brk, udf, illegal encodings). */
static inline void gen_trap(DisasContext *ctx, int excp)
{
    gen_sync_pc(ctx);
    gen_raise(ctx->s, excp);
    ctx->base.tb_ended = true;
}

/* Jump to a pc known now, through chaining slot n (0 or 1). */
static inline void gen_goto(DisasContext *ctx, int n, uint64_t dest)
{
    ir_movi(ctx->s, A64_T_PC, dest);
    gen_goto_tb(ctx->s, n);
}

/* Helper calls; the descriptors are in helpers.h. */
static inline IRTemp gen_call(DisasContext *ctx, const IRHelper *h, const IRTemp *args)
{
    IRTemp ret = h->has_ret ? gen_tmp(ctx) : 0;
    ir_call_helper(ctx->s, h, ret, args);
    return ret;
}

/* Flags (trans-flags.c). N and Z of a result: */
void gen_set_nz(DisasContext *ctx, IRTemp res, bool sf);
/* d = a + b (+ carry when with_carry), and NZCV when flags; sf selects 64
 * or 32 bits. d may be 0 (only the flags are wanted). */
void gen_add_cc(DisasContext *ctx, IRTemp d, IRTemp a, IRTemp b, bool sf, bool with_carry, bool flags);
/* d = a - b (- !C when with_carry), and NZCV when flags. */
void gen_sub_cc(DisasContext *ctx, IRTemp d, IRTemp a, IRTemp b, bool sf, bool with_carry, bool flags);
/* The condition cond (the Arm ARM's 4-bit field) as a 0/1 temp, and as a
 * branch to label when it holds. AL and NV always hold. */
IRTemp gen_cond(DisasContext *ctx, unsigned cond);
void gen_brcond_cc(DisasContext *ctx, unsigned cond, IRLabel label);

/* ExtendReg(): v extended as ext (A64_UXTB..) then shifted left by
 * amount, as extended-register operands and register offsets use it
 * (trans-dp.c). */
IRTemp gen_extend(DisasContext *ctx, IRTemp v, unsigned ext, unsigned amount);

/* Scalar and vector FP arithmetic inline on the host FPU (trans-fp-inline.c);
 * false: not an instruction it inlines, or inlining is off (use the helper). */
bool a64_gen_fp_inline(DisasContext *ctx, const A64Insn *a);
bool a64_gen_simd_fp_inline(DisasContext *ctx, const A64Insn *a);
bool a64_gen_simd_int_inline(DisasContext *ctx, const A64Insn *a);

#endif
