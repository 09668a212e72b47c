/*
 * Translation of the M extension. Multiplies map straight onto IR ops. The
 * IR's div/rem must never see a zero divisor or INT64_MIN / -1, so division
 * substitutes a harmless divisor of 1 in those cases and then patches in
 * the RISC-V results: x / 0 = all ones, x % 0 = x, and for a divisor of -1
 * the quotient is -x (which wraps for INT64_MIN) and the remainder 0.
 */
#include "guest/riscv64/trans.h"

TRANS(mul) { return gen_r(ctx, a, ir_mul); }
TRANS(mulh) { return gen_r(ctx, a, ir_mulsh); }
TRANS(mulhsu) { return gen_r(ctx, a, ir_mulsuh); }
TRANS(mulhu) { return gen_r(ctx, a, ir_muluh); }
TRANS(mulw) { return gen_r_w(ctx, a, ir_mul); }

typedef enum DivKind { DIV_S, DIV_U, REM_S, REM_U } DivKind;

/* ext (W forms) narrows both operands first; a 64-bit division of two
 * sign-extended words cannot overflow, so only zero needs guarding then. */
static bool gen_divrem(DisasContext *ctx, const RVInsn *a, DivKind kind, IRUnFn *ext)
{
    if (a->rd == 0)
        return true;
    IRContext *s = ctx->s;
    bool is_signed = kind == DIV_S || kind == REM_S, is_rem = kind == REM_S || kind == REM_U;
    IRTemp n = gen_x(ctx, a->rs1), d = gen_x(ctx, a->rs2);
    IRTemp zero = gen_imm(ctx, 0), one = gen_imm(ctx, 1);
    if (ext) {
        IRTemp n32 = gen_tmp(ctx), d32 = gen_tmp(ctx);
        ext(s, n32, n);
        ext(s, d32, d);
        n = n32, d = d32;
    }
    bool guard_minus1 = is_signed && !ext;
    IRTemp safe = gen_tmp(ctx);
    if (guard_minus1) {
        IRTemp dp1 = gen_tmp(ctx);      /* d in {-1, 0} <=> d + 1 <= 1 unsigned */
        ir_addi(s, dp1, d, 1);
        ir_movcond(s, safe, dp1, one, one, d, IR_COND_LEU);
    } else {
        ir_movcond(s, safe, d, zero, one, d, IR_COND_EQ);
    }

    IRTemp r = gen_tmp(ctx);
    switch (kind) {
    case DIV_S: ir_div(s, r, n, safe); break;
    case DIV_U: ir_divu(s, r, n, safe); break;
    case REM_S: ir_rem(s, r, n, safe); break;
    case REM_U: ir_remu(s, r, n, safe); break;
    }
    if (guard_minus1 && kind == DIV_S) {
        IRTemp neg = gen_tmp(ctx), q = gen_tmp(ctx);
        ir_neg(s, neg, n);
        ir_movcond(s, q, d, gen_imm(ctx, -1), neg, r, IR_COND_EQ);
        r = q;
    }
    IRTemp res = gen_tmp(ctx);
    ir_movcond(s, res, d, zero, is_rem ? n : gen_imm(ctx, -1), r, IR_COND_EQ);
    if (ext)
        ir_ext32s(s, res, res);
    gen_set_x(ctx, a->rd, res);
    return true;
}

TRANS(div) { return gen_divrem(ctx, a, DIV_S, NULL); }
TRANS(divu) { return gen_divrem(ctx, a, DIV_U, NULL); }
TRANS(rem) { return gen_divrem(ctx, a, REM_S, NULL); }
TRANS(remu) { return gen_divrem(ctx, a, REM_U, NULL); }
TRANS(divw) { return gen_divrem(ctx, a, DIV_S, ir_ext32s); }
TRANS(divuw) { return gen_divrem(ctx, a, DIV_U, ir_ext32u); }
TRANS(remw) { return gen_divrem(ctx, a, REM_S, ir_ext32s); }
TRANS(remuw) { return gen_divrem(ctx, a, REM_U, ir_ext32u); }
