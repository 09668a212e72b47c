/*
 * The guest side of the F/D differential test: every function of
 * src/guest/riscv64/fpu.h implemented by executing the instruction itself,
 * so that fpu_cases.c linked with this file and run on riscv64 (qemu, or
 * peek) prints the reference output.
 *
 * Operands go into ft0..ft2 as raw 64-bit patterns with fmv.d.x, so an
 * improperly boxed single reaches the instruction as it is; the result
 * comes back from ft3 (or an x register) the same way. fflags is cleared
 * just before the instruction and read just after, and the rounding mode is
 * the instruction's static rm field, never frm. fcvt.d.s, fcvt.d.w and
 * fcvt.d.wu are exact, so the assembler refuses an rm for them; .insn
 * encodes it anyway, since the field must still be accepted and ignored.
 */
#include "guest/riscv64/fpu.h"

#define FPU_ASM(body)                                                                  \
    __asm__ volatile("fmv.d.x ft0, %[a]\n\tfmv.d.x ft1, %[b]\n\tfmv.d.x ft2, %[c]\n\t"  \
                     "csrw fflags, zero\n\t" body "\n\t"                              \
                     "csrr %[f], fflags\n\tfmv.x.d %[r], ft3"                         \
                     : [r] "=&r"(r), [f] "=&r"(f), [x] "=&r"(x)                       \
                     : [a] "r"(a), [b] "r"(b), [c] "r"(c)                             \
                     : "ft0", "ft1", "ft2", "ft3")

/* The rounding mode as the assembler's name after text, or as the number
 * between pre and post. */
#define RM_NAMED(text)                                  \
    switch (rm) {                                       \
    case 0: FPU_ASM(text "rne"); break;                 \
    case 1: FPU_ASM(text "rtz"); break;                 \
    case 2: FPU_ASM(text "rdn"); break;                 \
    case 3: FPU_ASM(text "rup"); break;                 \
    default: FPU_ASM(text "rmm"); break;                \
    }
#define RM_NUMBERED(pre, post)                          \
    switch (rm) {                                       \
    case 0: FPU_ASM(pre "0" post); break;               \
    case 1: FPU_ASM(pre "1" post); break;               \
    case 2: FPU_ASM(pre "2" post); break;               \
    case 3: FPU_ASM(pre "3" post); break;               \
    default: FPU_ASM(pre "4" post); break;              \
    }

#define VARS uint64_t r, f, x
#define F_RESULT (void)x, *fl |= f, r
#define X_RESULT (void)r, *fl |= f, x

/* f = op(f, f) with rm; f = op(f, f, f) with rm. */
#define DEF_FF2_RM(name, insn)                                                 \
    uint64_t name(uint64_t a, uint64_t b, unsigned rm, uint64_t *fl)          \
    {                                                                          \
        uint64_t c = 0;                                                        \
        VARS;                                                                  \
        RM_NAMED(insn " ft3, ft0, ft1, ");                                     \
        return F_RESULT;                                                       \
    }
#define DEF_FF3_RM(name, insn)                                                 \
    uint64_t name(uint64_t a, uint64_t b, uint64_t c, unsigned rm, uint64_t *fl) \
    {                                                                          \
        VARS;                                                                  \
        RM_NAMED(insn " ft3, ft0, ft1, ft2, ");                                \
        return F_RESULT;                                                       \
    }
/* One operand with rm: select is an RM_NAMED or RM_NUMBERED switch, result
 * F_RESULT or X_RESULT. f = op(f); x = op(f); f = op(x), named or encoded. */
#define DEF_1_RM(name, select, result)                                         \
    uint64_t name(uint64_t a, unsigned rm, uint64_t *fl)                      \
    {                                                                          \
        uint64_t b = 0, c = 0;                                                 \
        VARS;                                                                  \
        select;                                                                \
        return result;                                                         \
    }
#define DEF_FF1_RM(name, insn) DEF_1_RM(name, RM_NAMED(insn " ft3, ft0, "), F_RESULT)
#define DEF_XF1_RM(name, insn) DEF_1_RM(name, RM_NAMED(insn " %[x], ft0, "), X_RESULT)
#define DEF_FX1_RM(name, insn) DEF_1_RM(name, RM_NAMED(insn " ft3, %[a], "), F_RESULT)
#define DEF_ENCODED_RM(name, funct7, rs1, rs2)                                 \
    DEF_1_RM(name, RM_NUMBERED(".insn r 0x53, ", ", " funct7 ", ft3, " rs1 ", " rs2), F_RESULT)
/* Without rm: f = op(f, f) and x = op(f, f) with flags; f = op(f, f) and
 * x = op(f) and f = op(x) without. */
#define DEF_2(name, text, result)                                              \
    uint64_t name(uint64_t a, uint64_t b, uint64_t *fl)                       \
    {                                                                          \
        uint64_t c = 0;                                                        \
        VARS;                                                                  \
        FPU_ASM(text);                                                         \
        return result;                                                         \
    }
#define DEF_FF2(name, insn) DEF_2(name, insn " ft3, ft0, ft1", F_RESULT)
#define DEF_XF2(name, insn) DEF_2(name, insn " %[x], ft0, ft1", X_RESULT)
#define DEF_PURE_FF2(name, insn)                                               \
    uint64_t name(uint64_t a, uint64_t b)                                     \
    {                                                                          \
        uint64_t c = 0, unused = 0, *fl = &unused;                             \
        VARS;                                                                  \
        FPU_ASM(insn " ft3, ft0, ft1");                                        \
        return F_RESULT;                                                       \
    }
#define DEF_PURE_1(name, text, result)                                         \
    uint64_t name(uint64_t a)                                                 \
    {                                                                          \
        uint64_t b = 0, c = 0, unused = 0, *fl = &unused;                      \
        VARS;                                                                  \
        FPU_ASM(text);                                                         \
        return result;                                                         \
    }
#define DEF_PURE_XF1(name, insn) DEF_PURE_1(name, insn " %[x], ft0", X_RESULT)
#define DEF_PURE_FX1(name, insn) DEF_PURE_1(name, insn " ft3, %[a]", F_RESULT)

#define DEF_PREC(S)                                    \
    DEF_FF2_RM(rv_fadd_##S, "fadd." #S)                \
    DEF_FF2_RM(rv_fsub_##S, "fsub." #S)                \
    DEF_FF2_RM(rv_fmul_##S, "fmul." #S)                \
    DEF_FF2_RM(rv_fdiv_##S, "fdiv." #S)                \
    DEF_FF1_RM(rv_fsqrt_##S, "fsqrt." #S)              \
    DEF_FF2(rv_fmin_##S, "fmin." #S)                   \
    DEF_FF2(rv_fmax_##S, "fmax." #S)                   \
    DEF_FF3_RM(rv_fmadd_##S, "fmadd." #S)              \
    DEF_FF3_RM(rv_fmsub_##S, "fmsub." #S)              \
    DEF_FF3_RM(rv_fnmsub_##S, "fnmsub." #S)            \
    DEF_FF3_RM(rv_fnmadd_##S, "fnmadd." #S)            \
    DEF_XF2(rv_feq_##S, "feq." #S)                     \
    DEF_XF2(rv_flt_##S, "flt." #S)                     \
    DEF_XF2(rv_fle_##S, "fle." #S)                     \
    DEF_PURE_XF1(rv_fclass_##S, "fclass." #S)          \
    DEF_PURE_FF2(rv_fsgnj_##S, "fsgnj." #S)            \
    DEF_PURE_FF2(rv_fsgnjn_##S, "fsgnjn." #S)          \
    DEF_PURE_FF2(rv_fsgnjx_##S, "fsgnjx." #S)          \
    DEF_XF1_RM(rv_fcvt_w_##S, "fcvt.w." #S)            \
    DEF_XF1_RM(rv_fcvt_wu_##S, "fcvt.wu." #S)          \
    DEF_XF1_RM(rv_fcvt_l_##S, "fcvt.l." #S)            \
    DEF_XF1_RM(rv_fcvt_lu_##S, "fcvt.lu." #S)          \
    DEF_FX1_RM(rv_fcvt_##S##_l, "fcvt." #S ".l")       \
    DEF_FX1_RM(rv_fcvt_##S##_lu, "fcvt." #S ".lu")

DEF_PREC(s)
DEF_PREC(d)
DEF_FX1_RM(rv_fcvt_s_w, "fcvt.s.w")
DEF_FX1_RM(rv_fcvt_s_wu, "fcvt.s.wu")
/* funct7 0x69 is fcvt.d.[w|wu] (rs2 0, 1), 0x21 is fcvt.d.s (rs2 0). */
DEF_ENCODED_RM(rv_fcvt_d_w, "0x69", "%[a]", "x0")
DEF_ENCODED_RM(rv_fcvt_d_wu, "0x69", "%[a]", "x1")
DEF_ENCODED_RM(rv_fcvt_d_s, "0x21", "ft0", "f0")
DEF_FF1_RM(rv_fcvt_s_d, "fcvt.s.d")
DEF_PURE_XF1(rv_fmv_x_w, "fmv.x.w")
DEF_PURE_FX1(rv_fmv_w_x, "fmv.w.x")

/* fflags is read right after each instruction: nothing is ever pending. */
void rv_fp_flags_sync(uint64_t *fl) {}
