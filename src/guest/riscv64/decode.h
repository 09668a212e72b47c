/*
 * The riscv64 instruction decoder: turns one 16- or 32-bit instruction word
 * into an RVInsn (which pattern of insns.def matched, plus its operands
 * already extracted and normalised). Compressed instructions come out with
 * the operands of their 32-bit expansion (c.lwsp gives rs1 = sp, c.mv gives
 * rs1 = x0, ...), so one trans function serves both forms.
 *
 * insns.def is the only list of instructions; the opcode enum, the
 * per-pattern info table and, in translate.c, the dispatch table are all
 * generated from it. The disassembler (disas.c) prints from the same info.
 */
#ifndef PEEK_RV_DECODE_H
#define PEEK_RV_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How operands are laid out in the instruction word. */
typedef enum RVFormat {
    RV_FMT_R, RV_FMT_R4, RV_FMT_AMO, RV_FMT_I, RV_FMT_S, RV_FMT_B, RV_FMT_U, RV_FMT_J,
    RV_FMT_SH6, RV_FMT_SH5, RV_FMT_CSR, RV_FMT_NONE,
    /* compressed: each immediate scrambling is its own format */
    RV_FMT_CR, RV_FMT_CR_MV, RV_FMT_CR_JR, RV_FMT_CR_JALR,
    RV_FMT_CI, RV_FMT_CI_LI, RV_FMT_CI_LUI, RV_FMT_CI_16SP, RV_FMT_CI_SH,
    RV_FMT_CI_LWSP, RV_FMT_CI_LDSP, RV_FMT_CSS_W, RV_FMT_CSS_D, RV_FMT_CIW,
    RV_FMT_CL_W, RV_FMT_CL_D, RV_FMT_CS_W, RV_FMT_CS_D, RV_FMT_CA,
    RV_FMT_CB_BR, RV_FMT_CB_SH, RV_FMT_CB_ANDI, RV_FMT_CJ, RV_FMT_C0,
} RVFormat;

/* Encodings a mask/match pair cannot exclude: a pattern whose constraint
 * fails is reserved (illegal), not a different instruction. */
enum {
    RV_CONS_0 = 0,
    RV_CONS_NZIMM = 1,   /* imm != 0 */
    RV_CONS_NZRD = 2,    /* rd != x0 */
    RV_CONS_NZRS1 = 4,   /* rs1 != x0 */
};

enum {
    RV_EXT_I = 1 << 0, RV_EXT_M = 1 << 1, RV_EXT_A = 1 << 2, RV_EXT_F = 1 << 3,
    RV_EXT_D = 1 << 4, RV_EXT_C = 1 << 5, RV_EXT_ZICSR = 1 << 6, RV_EXT_ZIFENCEI = 1 << 7,
    RV_EXT_ZBA = 1 << 8, RV_EXT_ZBB = 1 << 9, RV_EXT_ZBS = 1 << 10, RV_EXT_ZICOND = 1 << 11,
    RV_EXT_CD = RV_EXT_C | RV_EXT_D,
    RV_EXT_ALL = RV_EXT_ZICOND * 2 - 1,   /* every extension above */
};

typedef enum RVOp {
#define RV_INSN(name, mask, match, fmt, cons, syntax, trans, ext) RV_OP_##name,
#include "guest/riscv64/insns.def"
#undef RV_INSN
    RV_OP_COUNT,
    RV_OP_ILLEGAL = RV_OP_COUNT,
} RVOp;

/* One decoded instruction. Fields an instruction does not use are 0. */
typedef struct RVInsn {
    uint16_t op;          /* RVOp */
    uint8_t len;          /* 2 or 4 bytes */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;           /* rounding-mode field (bits 14:12) */
    uint8_t aq, rl;       /* atomics' ordering bits */
    uint16_t csr;         /* Zicsr: the csr number; imm holds the 5-bit uimm */
    int64_t imm;          /* sign-extended, already scaled (byte offsets) */
    uint32_t raw;
} RVInsn;

/* Static description of one pattern, generated from insns.def. */
typedef struct RVInsnInfo {
    const char *name;     /* identifier form: "c_addi", "fcvt_s_w" */
    uint32_t mask, match;
    uint8_t fmt;          /* RVFormat */
    uint8_t cons;         /* RV_CONS_* */
    uint16_t ext;         /* RV_EXT_* */
    const char *syntax;   /* operand syntax for the disassembler, see disas.c */
} RVInsnInfo;

extern const RVInsnInfo rv_insn_info[RV_OP_COUNT];

/* Length in bytes of the instruction whose first halfword is lo. */
static inline unsigned rv_insn_len(uint32_t lo) { return (lo & 3) == 3 ? 4 : 2; }

/* Decode raw (for a compressed insn only the low 16 bits are looked at).
 * Returns false, with out->op = RV_OP_ILLEGAL, on a reserved or unknown
 * encoding; out->len is valid either way. */
bool rv_decode(uint32_t raw, RVInsn *out);

/* The objdump spelling of a pattern name ("c_addi" -> "c.addi") into buf. */
void rv_insn_mnemonic(RVOp op, char *buf, size_t n);

extern const char *const rv_xreg_name[32];   /* ABI names: zero, ra, sp, ... */
extern const char *const rv_freg_name[32];   /* ft0, ..., ft11 */

/* GuestArch.disas: objdump-style text of the insn at pc; returns its length. */
int rv_disas(char *buf, size_t n, uint64_t pc, uint32_t insn);

#endif
