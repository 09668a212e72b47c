/*
 * The aarch64 instruction decoder: turns one 32-bit A64 word into an
 * A64Insn (which pattern of insns.def matched, plus every operand the
 * translator needs, already extracted, sign-extended and scaled). Encodings
 * the architecture leaves unallocated or reserved, and SVE/SME, come out as
 * A64_OP_ILLEGAL.
 *
 * insns.def is the only list of instructions; the opcode enum and the
 * per-pattern info table are generated from it here, the translator's
 * dispatch table (a64_trans_<trans>) from the same lines. The disassembler
 * (a64_disas) prints from the same info.
 */
#ifndef PEEK_A64_DECODE_H
#define PEEK_A64_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How operands are laid out in the instruction word (decode.c extracts
 * each layout, and rejects its reserved values). */
typedef enum A64Format {
    /* data processing, immediate */
    A64_FMT_PCREL, A64_FMT_ADDSUB_IMM, A64_FMT_LOGIC_IMM, A64_FMT_MOVEW,
    A64_FMT_BITFIELD, A64_FMT_EXTR,
    /* branches, exceptions, system */
    A64_FMT_BCOND, A64_FMT_B26, A64_FMT_CB, A64_FMT_TB, A64_FMT_BR, A64_FMT_EXC,
    A64_FMT_HINT, A64_FMT_BARRIER, A64_FMT_PSTATE, A64_FMT_SYS,
    /* data processing, register */
    A64_FMT_DP2, A64_FMT_DP1, A64_FMT_LOGIC_REG, A64_FMT_ADDSUB_REG, A64_FMT_ADDSUB_EXT,
    A64_FMT_ADC, A64_FMT_CCMP, A64_FMT_CSEL, A64_FMT_DP3,
    /* loads and stores */
    A64_FMT_LDST_UI, A64_FMT_LDST_IMM9, A64_FMT_LDST_REG, A64_FMT_LDST_LIT, A64_FMT_LDST_PAIR,
    A64_FMT_LDST_EXCL, A64_FMT_LDST_CAS, A64_FMT_LDST_CASP, A64_FMT_LDST_ATOMIC,
    /* scalar floating point */
    A64_FMT_FP1, A64_FMT_FP2, A64_FMT_FP3, A64_FMT_FCMP, A64_FMT_FCCMP, A64_FMT_FCSEL,
    A64_FMT_FMOV_IMM, A64_FMT_FCVT_PREC, A64_FMT_FP_INT, A64_FMT_FP_FIXED,
    /* AdvSIMD and crypto: the V_ formats differ only in which element
     * sizes (size field, Q) they allow */
    A64_FMT_V_ANY,     /* 8b..2d, not 1d */
    A64_FMT_V_BHS,     /* byte, half, single elements */
    A64_FMT_V_HS,      /* half, single */
    A64_FMT_V_BH,      /* byte, half */
    A64_FMT_V_FIX,     /* fixed by the pattern */
    A64_FMT_V_FP,      /* FP: 2s, 4s, 2d (sz = bit 22) */
    A64_FMT_V_ACROSS,  /* 8b, 16b, 4h, 8h, 4s */
    A64_FMT_VCOPY, A64_FMT_VEXT, A64_FMT_VTBL, A64_FMT_CRYPTO,
    A64_FMT_VLDST_MULT, A64_FMT_VLDST_MULT_NO1D,
    A64_FMT_VLDST_SINGLE,  /* esize, index (lane forms), nregs; imm = post-index amount */
    A64_FMT_VMODIMM,   /* imm = abc:defgh, amount = its shift, bimm = the expansion */
    /* shift by immediate: size = element size, imm = shift / fraction bits */
    A64_FMT_VSHIFT_R, A64_FMT_VSHIFT_L, A64_FMT_VSHIFT_N, A64_FMT_VSHIFT_W, A64_FMT_VSHIFT_F,
    /* AdvSIMD scalar FP: size = esize = 2 + sz (bit 22), or 1 (half) */
    A64_FMT_S_FP, A64_FMT_S_FH,
    A64_FMT_V_FH,      /* FP16 vector: 4h, 8h */
    A64_FMT_S_DUP,     /* scalar DUP (element): esize and index from imm5 */
    /* x indexed element: rm = Vm (4 bits for halfword elements), index,
     * size = esize: integer (half, single), FP (single, double by sz),
     * FP16, and the 4-byte groups of SDOT/UDOT */
    A64_FMT_V_ELEM, A64_FMT_V_ELEM_FP, A64_FMT_V_ELEM_H, A64_FMT_V_ELEM_DOT,
    /* FCMLA, FCADD (FEAT_FCMA): esize half, single or double (2d only),
     * imm = the rotation in degrees; the by-element form has index and
     * a 5-bit rm (H:L for halves, H for singles, L = 0, Q = 1) */
    A64_FMT_V_CPLX, A64_FMT_V_ELEM_CPLX,
} A64Format;

/* Architecture features an encoding needs (insns.def's cls column). */
enum {
    A64_CLS_BASE = 1u << 0, A64_CLS_LSE = 1u << 1, A64_CLS_FP = 1u << 2,
    A64_CLS_FP16 = 1u << 3, A64_CLS_SIMD = 1u << 4, A64_CLS_AES = 1u << 5,
    A64_CLS_SHA1 = 1u << 6, A64_CLS_SHA256 = 1u << 7, A64_CLS_SHA512 = 1u << 8,
    A64_CLS_SHA3 = 1u << 9, A64_CLS_PMULL = 1u << 10, A64_CLS_CRC32 = 1u << 11,
    A64_CLS_DOTPROD = 1u << 12, A64_CLS_RDM = 1u << 13, A64_CLS_SB = 1u << 14,
    A64_CLS_FLAGM = 1u << 15, A64_CLS_LOR = 1u << 16, A64_CLS_RCPC = 1u << 17,
    A64_CLS_RCPC2 = 1u << 18, A64_CLS_FRINTTS = 1u << 19, A64_CLS_JSCVT = 1u << 20,
    A64_CLS_FCMA = 1u << 21, A64_CLS_FHM = 1u << 22, A64_CLS_I8MM = 1u << 23,
    A64_CLS_BF16 = 1u << 24,
    A64_CLS_ALL = A64_CLS_BF16 * 2 - 1,
};

typedef enum A64Op {
#define A64_INSN(name, mask, match, fmt, syntax, trans, cls) A64_OP_##name,
#include "guest/aarch64/insns.def"
#undef A64_INSN
    A64_OP_COUNT,
    A64_OP_ILLEGAL = A64_OP_COUNT,
} A64Op;

/* Shift types (shifted-register operands, A64Insn.shift). */
enum { A64_LSL, A64_LSR, A64_ASR, A64_ROR };
/* Extend options (extended-register operands and register offsets, A64Insn.ext). */
enum { A64_UXTB, A64_UXTH, A64_UXTW, A64_UXTX, A64_SXTB, A64_SXTH, A64_SXTW, A64_SXTX };

/*
 * One decoded instruction. Fields an instruction does not use are 0.
 * The register numbers are those of the fields' usual positions; 31 means
 * sp or zr as the instruction defines (the translator knows which):
 *   rd = rt = bits 4:0, rn = bits 9:5, rm = rs = bits 20:16,
 *   ra = rt2 = bits 14:10
 * (vector-by-element forms put the 4- or 5-bit Rm in rm; CASP's second
 * registers are rs + 1 and rt + 1).
 */
typedef struct A64Insn {
    uint16_t op;          /* A64Op */
    uint8_t rd, rn, rm, ra;
    uint8_t rt, rt2, rs;
    uint8_t sf;           /* 64-bit operation (X registers); for loads, an X destination */
    uint8_t opc;          /* the group's opc field (logical ops, move wide, loads, ...) */
    uint8_t size;         /* the size field (bits 31:30 for loads, 23:22 for SIMD) */
    uint8_t shift;        /* A64_LSL.. of a shifted register */
    uint8_t ext;          /* A64_UXTB.. of an extended register / register offset */
    uint8_t amount;       /* shift or extend amount; addsub imm: 0 or 12; move wide: 16 * hw */
    uint8_t cond;         /* condition (b.cond, csel, ccmp, fcsel, ...) */
    uint8_t nzcv;         /* ccmp / fccmp flags immediate */
    uint8_t n, immr, imms;/* bitfield / logical immediate fields; tbz: imms = bit number */
    uint8_t hw;           /* move wide */
    /* loads and stores */
    uint8_t msize;        /* log2 of the access size in bytes (per register) */
    uint8_t sign;         /* sign-extending load */
    uint8_t load;         /* 1 for loads (and the load half of atomics) */
    uint8_t fp;           /* V bit: FP/SIMD register transfer */
    uint8_t wback, post;  /* writeback, and whether the offset applies after */
    uint8_t acq, rel;     /* acquire / release semantics */
    uint8_t unpriv;       /* LDTR/STTR */
    /* floating point and SIMD */
    uint8_t ftype;        /* FP type: 0 single, 1 double, 3 half */
    uint8_t rmode;        /* FP rounding / conversion mode field */
    uint8_t fbits;        /* fixed-point conversions: number of fraction bits */
    uint8_t q;            /* 128-bit vector */
    uint8_t esize;        /* log2 of the element size in bytes */
    uint8_t index;        /* element index */
    uint8_t index2;       /* INS (element): source index */
    uint8_t nregs;        /* LD1..4/ST1..4, TBL: number of registers */
    uint8_t sysop;        /* system instruction op field (hint CRm:op2, barrier CRm, ...) */
    uint16_t sysreg;      /* MRS/MSR/SYS: op0:op1:CRn:CRm:op2 (2+3+4+4+3 bits) */
    int64_t imm;          /* the immediate, sign-extended and scaled (byte offsets,
                             branch offsets, addsub imm << amount, ...) */
    uint64_t bimm;        /* logical immediate, FMOV/MOVI immediate, decoded */
    uint32_t raw;
} A64Insn;

/* Static description of one pattern, generated from insns.def. */
typedef struct A64InsnInfo {
    const char *name;     /* identifier form: "add_imm", "ldaddal_x" */
    uint32_t mask, match;
    uint8_t fmt;          /* A64Format */
    uint32_t cls;         /* A64_CLS_* */
    const char *syntax;   /* operand syntax for the disassembler, see disas.c */
} A64InsnInfo;

extern const A64InsnInfo a64_insn_info[A64_OP_COUNT];

/* Decode insn. Returns false, with out->op = A64_OP_ILLEGAL, on an
 * unallocated or reserved encoding. */
bool a64_decode(uint32_t insn, A64Insn *out);

/* DecodeBitMasks of the Arm ARM for a logical immediate (n, immr, imms) of
 * a 64- or 32-bit (sf) operation: true with the value in *wmask, false for
 * the reserved combinations. */
bool a64_decode_bitmask(unsigned sf, unsigned n, unsigned immr, unsigned imms, uint64_t *wmask);

/* The mnemonic of a pattern (its name up to the first '_') into buf. */
void a64_insn_mnemonic(A64Op op, char *buf, size_t n);

/* GuestArch.disas: objdump-style text of the insn at pc; returns 4. */
int a64_disas(char *buf, size_t n, uint64_t pc, uint32_t insn);

#endif
