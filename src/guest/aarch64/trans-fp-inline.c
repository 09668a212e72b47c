/*
 * Scalar FADD, FSUB, FMUL, FNMUL, FDIV and FSQRT in single and double
 * precision, and the vector FADD, FSUB, FMUL and FDIV (2s, 4s, 2d), as IR
 * float ops on the host FPU, whose rounding mode follows FPCR.RMode and
 * whose sticky flags accrue into FPSR (fp-host.h). The host result is the
 * Arm one, flags included, except when it is a NaN (x86 keeps other
 * payloads and operand order) or its magnitude is at most the smallest
 * normal (Arm detects tininess before rounding, so a result that rounds up
 * to the smallest normal raises UFC on Arm only): then fp-host.c's exact
 * helper (the vector helper for a vector) recomputes it from the operands
 * and supplies the flags. Zero results, from exact cancellation or total
 * underflow, agree on both, flags included, and stay on the fast path. FZ
 * and DN have no host equivalent: while a64_fp_inline is clear, the
 * helpers do everything.
 */
#include <stddef.h>

#include "guest/aarch64/fp-host.h"
#include "guest/aarch64/helpers-fpsimd.h"
#include "guest/aarch64/trans.h"

#define VOFF(r, half) (offsetof(A64State, v) + (size_t)(r) * 16 + (size_t)(half) * 8)

/* The magnitude's bits shifted to the top (the sign shifted out), and the
 * fast range [smallest normal + 1, infinity] of that, as start and length,
 * per precision: single, double. */
static const unsigned mag_shift[2] = { 33, 1 };
static const uint64_t fast_start[2] = { 0x00800001ull << 33, 0x0010000000000001ull << 1 };
static const uint64_t fast_len[2] = { 0x7f000000ull << 33, 0x7fe0000000000000ull << 1 };

static IROpcode inline_opc(unsigned op, bool dbl, bool *neg)
{
    static const IROpcode ops[2][5] = {
        { IR_fadd32, IR_fsub32, IR_fmul32, IR_fdiv32, IR_fsqrt32 },
        { IR_fadd64, IR_fsub64, IR_fmul64, IR_fdiv64, IR_fsqrt64 },
    };
    *neg = op == A64_OP_fnmul;
    switch (op) {
    case A64_OP_fadd: return ops[dbl][0];
    case A64_OP_fsub: return ops[dbl][1];
    case A64_OP_fmul: case A64_OP_fnmul: return ops[dbl][2];
    case A64_OP_fdiv: return ops[dbl][3];
    case A64_OP_fsqrt: return ops[dbl][4];
    default: return IR_NB_OPS;
    }
}

/* r = opc(x, y); the result is u < fast_len[dbl] when r is exact on the
 * host (y unused by sqrt). */
static IRTemp gen_fp_op(DisasContext *ctx, IROpcode opc, bool dbl, IRTemp r, IRTemp x, IRTemp y)
{
    IRContext *s = ctx->s;
    IRTemp m = gen_tmp(ctx), u = gen_tmp(ctx);
    if (ir_float_unary(opc)) {
        uint64_t args[] = { r, x };
        ir_emit(s, opc, args);
    } else {
        uint64_t args[] = { r, x, y };
        ir_emit(s, opc, args);
    }
    /* the magnitude is in the fast range, or a zero moved into it */
    ir_shl(s, m, r, gen_imm(ctx, mag_shift[dbl]));
    ir_sub(s, u, m, gen_imm(ctx, (int64_t)fast_start[dbl]));
    ir_movcond(s, u, m, gen_imm(ctx, 0), gen_imm(ctx, 0), u, IR_COND_EQ);
    return u;
}

bool a64_gen_fp_inline(DisasContext *ctx, const A64Insn *a)
{
    bool neg, dbl = a->ftype == 1;
    IROpcode opc = inline_opc(a->op, dbl, &neg);
    if (a->ftype > 1 || opc == IR_NB_OPS || !__atomic_load_n(&a64_fp_inline, __ATOMIC_RELAXED))
        return false;
    IRContext *s = ctx->s;
    IRMemOp mo = dbl ? IR_MO_UQ : IR_MO_UL;
    IRTemp x = gen_tmp(ctx), y = gen_imm(ctx, 0), r = gen_tmp(ctx);
    ir_ld_env(s, x, VOFF(a->rn, 0), mo);
    if (!ir_float_unary(opc)) {
        y = gen_tmp(ctx);
        ir_ld_env(s, y, VOFF(a->rm, 0), mo);
    }
    IRTemp u = gen_fp_op(ctx, opc, dbl, r, x, y);
    IRLabel ok = ir_new_label(s);
    ir_brcond(s, u, gen_imm(ctx, (int64_t)fast_len[dbl]), IR_COND_LTU, ok);
    IRTemp args[] = { IR_ENV, gen_imm(ctx, opc), x, y };
    ir_mov(s, r, gen_call(ctx, &a64_helper_fp_exact, args));
    ir_set_label(s, ok);
    if (neg)
        ir_xor(s, r, r, gen_imm(ctx, dbl ? INT64_MIN : 0x80000000));
    ir_st_env(s, r, VOFF(a->rd, 0), IR_MO_UQ);
    ir_st_env(s, gen_imm(ctx, 0), VOFF(a->rd, 1), IR_MO_UQ);
    return true;
}

/* The vector forms (2s, 4s, 2d) element by element; if any element is not
 * exact on the host, the vector helper does the whole instruction (Vd is
 * written only after every element is checked, so it sees the operands). */
bool a64_gen_simd_fp_inline(DisasContext *ctx, const A64Insn *a)
{
    bool dbl = a->esize == 3;
    IROpcode opc;
    if (!__atomic_load_n(&a64_fp_inline, __ATOMIC_RELAXED))
        return false;
    switch (a->op) {
    case A64_OP_fadd_v: opc = dbl ? IR_fadd64 : IR_fadd32; break;
    case A64_OP_fsub_v: opc = dbl ? IR_fsub64 : IR_fsub32; break;
    case A64_OP_fmul_v: opc = dbl ? IR_fmul64 : IR_fmul32; break;
    case A64_OP_fdiv_v: opc = dbl ? IR_fdiv64 : IR_fdiv32; break;
    default: return false;
    }
    IRContext *s = ctx->s;
    unsigned es = dbl ? 8 : 4, n = (a->q ? 16 : 8) / es;
    IRMemOp mo = dbl ? IR_MO_UQ : IR_MO_UL;
    IRTemp r[4], bad = gen_tmp(ctx), b = gen_tmp(ctx);
    for (unsigned i = 0; i < n; i++) {
        IRTemp x = gen_tmp(ctx), y = gen_tmp(ctx);
        size_t off = offsetof(A64State, v) + i * es;
        ir_ld_env(s, x, off + (size_t)a->rn * 16, mo);
        ir_ld_env(s, y, off + (size_t)a->rm * 16, mo);
        r[i] = gen_tmp(ctx);
        IRTemp u = gen_fp_op(ctx, opc, dbl, r[i], x, y);
        ir_setcond(s, i ? b : bad, u, gen_imm(ctx, (int64_t)fast_len[dbl]), IR_COND_GEU);
        if (i)
            ir_or(s, bad, bad, b);
    }
    IRLabel slow = ir_new_label(s), done = ir_new_label(s);
    ir_brcond(s, bad, gen_imm(ctx, 0), IR_COND_NE, slow);
    for (unsigned i = 0; i < n; i++)
        ir_st_env(s, r[i], offsetof(A64State, v) + (size_t)a->rd * 16 + i * es, mo);
    if (!a->q)
        ir_st_env(s, gen_imm(ctx, 0), VOFF(a->rd, 1), IR_MO_UQ);
    ir_br(s, done);
    ir_set_label(s, slow);
    gen_call(ctx, &a64_helper_simd_fp, (IRTemp[]){ IR_ENV, gen_imm(ctx, (int64_t)a64_desc(a)) });
    ir_set_label(s, done);
    return true;
}
