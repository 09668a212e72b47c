/*
 * Translation of the system instructions as Linux lets EL0 use them:
 * hints (all no-ops: peek has no PAC, BTI or events to wait for),
 * barriers, the cache maintenance EL0 may issue (DC ZVA zeroes, the rest
 * are no-ops: peek's memory is coherent and self-modifying code is caught
 * by write protection), and MRS/MSR of the registers EL0 can reach. The
 * ID registers read as Linux's emulation of them returns (only the fields
 * it exposes, matching the -cpu model's features); any other register,
 * or a write to a read-only one, is undefined.
 */
#include <stddef.h>

#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/fp-host.h"
#include "guest/aarch64/helpers.h"
#include "guest/aarch64/trans.h"

/* op0:op1:CRn:CRm:op2, as A64Insn.sysreg holds it. */
#define SR(op0, op1, crn, crm, op2) ((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))
enum {
    SR_NZCV = SR(3, 3, 4, 2, 0), SR_FPCR = SR(3, 3, 4, 4, 0), SR_FPSR = SR(3, 3, 4, 4, 1),
    SR_TPIDR = SR(3, 3, 13, 0, 2), SR_TPIDRRO = SR(3, 3, 13, 0, 3),
    SR_CTR = SR(3, 3, 0, 0, 1), SR_DCZID = SR(3, 3, 0, 0, 7),
    SR_CNTFRQ = SR(3, 3, 14, 0, 0), SR_CNTVCT = SR(3, 3, 14, 0, 2),
    SR_MIDR = SR(3, 0, 0, 0, 0), SR_MPIDR = SR(3, 0, 0, 0, 5), SR_REVIDR = SR(3, 0, 0, 0, 6),
    SR_PFR0 = SR(3, 0, 0, 4, 0), SR_ISAR0 = SR(3, 0, 0, 6, 0), SR_ISAR1 = SR(3, 0, 0, 6, 1),
    SYS_DC_ZVA = SR(1, 3, 7, 4, 1), SYS_DC_CVAU = SR(1, 3, 7, 11, 1),
    SYS_DC_CVAC = SR(1, 3, 7, 10, 1), SYS_DC_CIVAC = SR(1, 3, 7, 14, 1),
    SYS_DC_CVAP = SR(1, 3, 7, 12, 1), SYS_DC_CVADP = SR(1, 3, 7, 13, 1),
    SYS_IC_IVAU = SR(1, 3, 7, 5, 1),
};

/* The writable bits of FPCR (AHP, DN, FZ, RMode; FZ16 with FP16: the
 * trap enables are RAZ/WI as on cores without trapping, Len and Stride are
 * RES0 in AArch64) and of FPSR (QC and the cumulative flags). */
#define FPCR_MASK 0x07c00000u
#define FPCR_FZ16 0x00080000u
#define FPSR_MASK 0x0800009fu

/* CTR_EL0 of a Cortex-A72: 64-byte I and D cache lines (IminLine =
 * DminLine = 4 words log2), PIPT I-cache, ERG and CWG 64 bytes. */
#define CTR_VALUE 0x8444c004u
/* DCZID_EL0: DC ZVA allowed (DZP = 0), 2^4 words = 64 bytes. */
#define DCZID_VALUE 4u
#define ZVA_BYTES 64
/* MPIDR_EL1 as Linux shows it to EL0 (SYS_MPIDR_SAFE_VAL: only RES1). */
#define MPIDR_VALUE 0x80000000u

TRANS(hint)
{
    return true;
}

/* clrex, dsb, dmb, isb, sb by pattern. A dmb/dsb's CRm<1:0> says which
 * accesses it orders: 1 loads before anything (LD), 2 stores before
 * stores (ST), 3 (or 0, dsb's ssbb/pssbb forms) everything. */
TRANS(barrier)
{
    switch (a->op) {
    case A64_OP_clrex:
        ir_st_env(ctx->s, gen_imm(ctx, -1), offsetof(A64State, excl_addr), IR_MO_UQ);
        return true;
    case A64_OP_isb:
        /* the next instruction is fetched anew: end the TB here */
        gen_goto(ctx, 0, ctx->base.pc + 4);
        ctx->base.tb_ended = true;
        return true;
    case A64_OP_sb:
        return true;
    default:
        switch (a->sysop & 3) {
        case 1: ir_mb(ctx->s, IR_MB_LD_LD | IR_MB_LD_ST); break;
        case 2: ir_mb(ctx->s, IR_MB_ST_ST); break;
        default: ir_mb(ctx->s, IR_MB_ALL); break;
        }
        return true;
    }
}

/* MSR (immediate) reaches DAIF (trapped at EL0 under Linux, which clears
 * SCTLR_EL1.UMA), SPSel, PAN and UAO (EL1 only), and SSBS, DIT and TCO,
 * which no -cpu model has: all undefined. (CFINV, in the same space, has
 * its own pattern.) */
TRANS(msr_imm)
{
    return false;
}

/* DC ZVA zeroes the aligned 64-byte block with plain stores, which fault
 * like any store; the other cache maintenance EL0 may issue is a no-op. */
TRANS(sys)
{
    if (a->op != A64_OP_sys)
        return false;
    switch (a->sysreg) {
    case SYS_DC_ZVA: {
        IRTemp addr = gen_tmp(ctx), p = gen_tmp(ctx), zero = gen_imm(ctx, 0);
        ir_and(ctx->s, addr, gen_x(ctx, a->rt), gen_imm(ctx, -ZVA_BYTES));
        for (int off = 0; off < ZVA_BYTES; off += 8) {
            ir_addi(ctx->s, p, addr, off);
            ir_qemu_st(ctx->s, zero, p, IR_MO_UQ);
        }
        return true;
    }
    case SYS_DC_CVAU: case SYS_DC_CVAC: case SYS_DC_CIVAC: case SYS_DC_CVAP:
    case SYS_DC_CVADP: case SYS_IC_IVAU:
        return true;
    default:
        return false;
    }
}

/* The ID registers' fields for the enabled features (Linux's
 * cpu-feature-registers.rst lists which it exposes; the rest read 0). */
static uint64_t id_field(uint32_t cls, uint64_t value, unsigned shift)
{
    return (a64_features & cls) ? value << shift : 0;
}

static bool id_reg_value(unsigned sr, uint64_t *v)
{
    switch (sr) {
    case SR_MIDR: *v = a64_midr; return true;
    case SR_MPIDR: *v = MPIDR_VALUE; return true;
    case SR_REVIDR: *v = 0; return true;
    case SR_PFR0:
        /* FP and AdvSIMD: 0 present, 1 with half precision, 0xf absent */
        *v = (uint64_t)((a64_features & A64_CLS_FP) ? (a64_features & A64_CLS_FP16) ? 1 : 0 : 0xf) << 16 |
             (uint64_t)((a64_features & A64_CLS_SIMD) ? (a64_features & A64_CLS_FP16) ? 1 : 0 : 0xf) << 20;
        return true;
    case SR_ISAR0:
        *v = id_field(A64_CLS_AES, 1, 4) | id_field(A64_CLS_PMULL, 2, 4) | id_field(A64_CLS_SHA1, 1, 8) |
             id_field(A64_CLS_SHA256, 1, 12) | id_field(A64_CLS_SHA512, 2, 12) |
             id_field(A64_CLS_CRC32, 1, 16) | id_field(A64_CLS_LSE, 2, 20) | id_field(A64_CLS_RDM, 1, 28) |
             id_field(A64_CLS_SHA3, 1, 32) | id_field(A64_CLS_DOTPROD, 1, 44) |
             id_field(A64_CLS_FHM, 1, 48) | id_field(A64_CLS_FLAGM, 1, 52);
        return true;
    case SR_ISAR1:
        *v = id_field(A64_CLS_JSCVT, 1, 12) | id_field(A64_CLS_FCMA, 1, 16) | id_field(A64_CLS_RCPC, 1, 20) |
             id_field(A64_CLS_RCPC2, 2, 20) | id_field(A64_CLS_FRINTTS, 1, 32) |
             id_field(A64_CLS_SB, 1, 36) | id_field(A64_CLS_BF16, 1, 44) | id_field(A64_CLS_I8MM, 1, 52);
        return true;
    }
    /* the rest of op0=3, op1=0, CRn=0, CRm=2..7 is RAZ; CRm=1 and the
     * other CRm=0 registers are not emulated */
    unsigned crm = sr >> 3 & 15;
    if ((sr & ~0x7fu) == SR(3, 0, 0, 0, 0) && crm >= 2) {
        *v = 0;
        return true;
    }
    return false;
}

/* N, Z, C, V into bits 31..28. */
static IRTemp gen_read_nzcv(DisasContext *ctx)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx), t = gen_tmp(ctx);
    IRTemp zero = gen_imm(ctx, 0);
    ir_shr(s, r, A64_T_NF, gen_imm(ctx, 63));
    ir_shl(s, r, r, gen_imm(ctx, 31));
    ir_setcond(s, t, A64_T_ZF, zero, IR_COND_EQ);
    ir_shl(s, t, t, gen_imm(ctx, 30));
    ir_or(s, r, r, t);
    ir_shl(s, t, A64_T_CF, gen_imm(ctx, 29));
    ir_or(s, r, r, t);
    ir_shr(s, t, A64_T_VF, gen_imm(ctx, 63));
    ir_shl(s, t, t, gen_imm(ctx, 28));
    ir_or(s, r, r, t);
    return r;
}

static void gen_write_nzcv(DisasContext *ctx, IRTemp v)
{
    IRContext *s = ctx->s;
    IRTemp t = gen_tmp(ctx);
    ir_shl(s, t, v, gen_imm(ctx, 32));
    ir_sar(s, A64_T_NF, t, gen_imm(ctx, 63));           /* bit 31 */
    ir_shr(s, t, v, gen_imm(ctx, 30));
    ir_and(s, t, t, gen_imm(ctx, 1));
    ir_xor(s, A64_T_ZF, t, gen_imm(ctx, 1));            /* Z set: zf = 0 */
    ir_shr(s, t, v, gen_imm(ctx, 29));
    ir_and(s, A64_T_CF, t, gen_imm(ctx, 1));
    ir_shl(s, t, v, gen_imm(ctx, 35));
    ir_sar(s, A64_T_VF, t, gen_imm(ctx, 63));           /* bit 28 */
}

TRANS(mrs)
{
    IRContext *s = ctx->s;
    IRTemp r = gen_tmp(ctx);
    uint64_t v;
    switch (a->sysreg) {
    case SR_NZCV: r = gen_read_nzcv(ctx); break;
    case SR_FPCR: ir_ld_env(s, r, offsetof(A64State, fpcr), IR_MO_UL); break;
    case SR_FPSR: r = gen_call(ctx, &a64_helper_fpsr_read, (IRTemp[]){ IR_ENV }); break;
    case SR_TPIDR: ir_ld_env(s, r, offsetof(A64State, tpidr_el0), IR_MO_UQ); break;
    case SR_TPIDRRO: ir_movi(s, r, 0); break;
    case SR_CTR: ir_movi(s, r, CTR_VALUE); break;
    case SR_DCZID: ir_movi(s, r, DCZID_VALUE); break;
    case SR_CNTFRQ: ir_movi(s, r, A64_CNTFRQ); break;
    case SR_CNTVCT: r = gen_call(ctx, &a64_helper_cntvct, NULL); break;
    default:
        if (!id_reg_value(a->sysreg, &v))
            return false;
        ir_movi(s, r, v);
        break;
    }
    gen_set_x(ctx, a->rt, r, true);
    return true;
}

TRANS(msr)
{
    IRContext *s = ctx->s;
    IRTemp v = gen_x(ctx, a->rt), t = gen_tmp(ctx);
    switch (a->sysreg) {
    case SR_NZCV:
        gen_write_nzcv(ctx, v);
        return true;
    case SR_FPCR: {
        uint32_t mask = FPCR_MASK | ((a64_features & A64_CLS_FP16) ? FPCR_FZ16 : 0);
        ir_and(s, t, v, gen_imm(ctx, mask));
        gen_call(ctx, &a64_helper_fpcr_write, (IRTemp[]){ IR_ENV, t });
        /* FZ or DN may have turned the inline FP operations off (and
         * asked for a flush): the rest of this TB and the TBs chained to
         * it may hold them, so return to the cpu loop */
        ir_movi(s, A64_T_PC, ctx->base.pc_next);
        gen_exit_tb(s);
        ctx->base.tb_ended = true;
        return true;
    }
    case SR_FPSR:
        ir_and(s, t, v, gen_imm(ctx, FPSR_MASK));
        gen_call(ctx, &a64_helper_fpsr_write, (IRTemp[]){ IR_ENV, t });
        return true;
    case SR_TPIDR:
        ir_st_env(s, v, offsetof(A64State, tpidr_el0), IR_MO_UQ);
        return true;
    default:
        return false;
    }
}
