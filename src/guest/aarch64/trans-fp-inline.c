/*
 * Scalar FADD, FSUB, FMUL, FNMUL, FDIV and FSQRT in single and double
 * precision as IR float ops on the host FPU, whose rounding mode follows
 * FPCR.RMode and whose sticky flags accrue into FPSR (fp-host.h). The host
 * result is the Arm one, flags included, except when it is a NaN (x86
 * keeps other payloads and operand order) or its magnitude is at most the
 * smallest normal (Arm detects tininess before rounding, so a result that
 * rounds up to the smallest normal raises UFC on Arm only): then
 * fp-host.c's exact helper recomputes it from the operands and supplies
 * the flags. Zero results from exact cancellation or total underflow
 * agree on both, flags included, and stay on the fast path. FZ and DN have
 * no host equivalent: while a64_fp_inline is clear, trans-fp.c's helper
 * does everything.
 */
#include <stddef.h>

#include "guest/aarch64/fp-host.h"
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

bool a64_gen_fp_inline(DisasContext *ctx, const A64Insn *a)
{
    bool neg, dbl = a->ftype == 1;
    IROpcode opc = inline_opc(a->op, dbl, &neg);
    if (a->ftype > 1 || opc == IR_NB_OPS || !__atomic_load_n(&a64_fp_inline, __ATOMIC_RELAXED))
        return false;
    IRContext *s = ctx->s;
    IRMemOp mo = dbl ? IR_MO_UQ : IR_MO_UL;
    IRTemp x = gen_tmp(ctx), y = gen_tmp(ctx), r = gen_tmp(ctx), m = gen_tmp(ctx), u = gen_tmp(ctx);
    ir_ld_env(s, x, VOFF(a->rn, 0), mo);
    if (ir_float_unary(opc)) {
        y = gen_imm(ctx, 0);
        uint64_t args[] = { r, x };
        ir_emit(s, opc, args);
    } else {
        ir_ld_env(s, y, VOFF(a->rm, 0), mo);
        uint64_t args[] = { r, x, y };
        ir_emit(s, opc, args);
    }
    /* u < fast_len exactly when the magnitude is in the fast range; a
     * zero result is moved into it */
    IRLabel ok = ir_new_label(s);
    ir_shl(s, m, r, gen_imm(ctx, mag_shift[dbl]));
    ir_sub(s, u, m, gen_imm(ctx, (int64_t)fast_start[dbl]));
    ir_movcond(s, u, m, gen_imm(ctx, 0), gen_imm(ctx, 0), u, IR_COND_EQ);
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
