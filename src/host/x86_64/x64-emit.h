/*
 * The x86-64 instruction encoder: one small inline function per instruction
 * form the JIT uses, each writing its bytes at X64Asm.p. Nothing here checks
 * for room: the code generator guarantees X64_OP_MAX_BYTES of space before
 * it translates each IR op (x64_room), which is how we measure before we
 * emit. Registers are the hardware numbers (RAX = 0 ... R15 = 15); "w"
 * selects 64-bit operand size (REX.W), otherwise 32-bit, which on x86-64
 * zero-extends into the full register.
 *
 * Opcodes are written as their last byte plus flags for the bytes in front:
 * legacy prefixes (66, F2, F3), REX.W, the 0F / 0F 38 / 0F 3A escapes, and
 * "this operand is a byte register" (spl/bpl/sil/dil need an empty REX).
 */
#ifndef PEEK_X64_EMIT_H
#define PEEK_X64_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum {
    X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
};
#define X64_NO_REG (-1)

/* Condition codes, the low nibble of jcc/setcc/cmovcc. */
enum {
    X64_CC_O, X64_CC_NO, X64_CC_B, X64_CC_AE, X64_CC_E, X64_CC_NE, X64_CC_BE, X64_CC_A,
    X64_CC_S, X64_CC_NS, X64_CC_P, X64_CC_NP, X64_CC_L, X64_CC_GE, X64_CC_LE, X64_CC_G,
};

/* Opcode flags (above the opcode byte). */
enum {
    X64_P_W = 0x100,      /* REX.W: 64-bit operand */
    X64_P_0F = 0x200,
    X64_P_0F38 = 0x400,
    X64_P_0F3A = 0x800,
    X64_P_66 = 0x1000,
    X64_P_F3 = 0x2000,
    X64_P_F2 = 0x4000,
    X64_P_BR = 0x8000,    /* the ModRM.reg operand is a byte register */
    X64_P_BM = 0x10000,   /* the ModRM.rm register operand is a byte register */
};

/* The most bytes one IR op may emit, spills and write-backs included. */
#define X64_OP_MAX_BYTES 4096

typedef struct X64Asm {
    uint8_t *p;        /* next byte */
    uint8_t *start;    /* first byte of this code block */
    uint8_t *limit;    /* p must stay below this before each op */
} X64Asm;

static inline bool x64_room(const X64Asm *a) { return a->p + X64_OP_MAX_BYTES <= a->limit; }
static inline void x64_byte(X64Asm *a, unsigned v) { *a->p++ = (uint8_t)v; }
static inline void x64_u32(X64Asm *a, uint32_t v) { memcpy(a->p, &v, 4); a->p += 4; }
static inline void x64_u64(X64Asm *a, uint64_t v) { memcpy(a->p, &v, 8); a->p += 8; }
static inline bool x64_fits_s8(int64_t v) { return v == (int8_t)v; }
static inline bool x64_fits_s32(int64_t v) { return v == (int32_t)v; }
static inline bool x64_fits_u32(uint64_t v) { return v == (uint32_t)v; }

/* Prefixes, REX and escapes, then the opcode byte. r, x, b are the registers
 * that go into ModRM.reg, SIB.index and ModRM.rm/SIB.base (0 if none);
 * force_rex asks for an empty REX (byte registers 4..7). */
static inline void x64_opc(X64Asm *a, unsigned opc, int r, int x, int b, bool force_rex)
{
    if (opc & X64_P_66)
        x64_byte(a, 0x66);
    if (opc & X64_P_F3)
        x64_byte(a, 0xf3);
    if (opc & X64_P_F2)
        x64_byte(a, 0xf2);
    unsigned rex = ((opc & X64_P_W) ? 8 : 0) | ((r & 8) >> 1) | ((x & 8) >> 2) | ((b & 8) >> 3);
    if (rex || force_rex)
        x64_byte(a, 0x40 | rex);
    if (opc & (X64_P_0F | X64_P_0F38 | X64_P_0F3A))
        x64_byte(a, 0x0f);
    if (opc & X64_P_0F38)
        x64_byte(a, 0x38);
    if (opc & X64_P_0F3A)
        x64_byte(a, 0x3a);
    x64_byte(a, opc & 0xff);
}

static inline bool x64_byte_needs_rex(int r) { return r >= 4 && r < 8; }

/* opc with register operands: ModRM.reg = r (or an opcode extension), ModRM.rm = rm. */
static inline void x64_op_rr(X64Asm *a, unsigned opc, int r, int rm)
{
    bool force = ((opc & X64_P_BR) && x64_byte_needs_rex(r)) || ((opc & X64_P_BM) && x64_byte_needs_rex(rm));
    x64_opc(a, opc, r, 0, rm, force);
    x64_byte(a, 0xc0 | (r & 7) << 3 | (rm & 7));
}

/* opc with a memory operand [base + index + disp] (index X64_NO_REG for none,
 * scale as the SIB field: 0 = 1, 3 = 8). */
static inline void x64_op_mem_sib(X64Asm *a, unsigned opc, int r, int base, int index, int scale, int32_t disp)
{
    bool force = (opc & X64_P_BR) && x64_byte_needs_rex(r);
    x64_opc(a, opc, r, index < 0 ? 0 : index, base, force);
    unsigned mod = (disp == 0 && (base & 7) != X64_RBP) ? 0 : x64_fits_s8(disp) ? 1 : 2;
    if (index < 0 && (base & 7) != X64_RSP) {
        x64_byte(a, mod << 6 | (r & 7) << 3 | (base & 7));
    } else {
        x64_byte(a, mod << 6 | (r & 7) << 3 | 4);
        x64_byte(a, (unsigned)scale << 6 | (index < 0 ? 4 : (index & 7)) << 3 | (base & 7));
    }
    if (mod == 1)
        x64_byte(a, (uint8_t)disp);
    else if (mod == 2)
        x64_u32(a, (uint32_t)disp);
}

static inline void x64_op_mem(X64Asm *a, unsigned opc, int r, int base, int32_t disp)
{
    x64_op_mem_sib(a, opc, r, base, X64_NO_REG, 0, disp);
}

/* opc with a RIP-relative memory operand at target; imm_bytes follow the
 * displacement (the displacement counts from the end of the instruction). */
static inline void x64_op_rip(X64Asm *a, unsigned opc, int r, const void *target, int imm_bytes)
{
    x64_opc(a, opc, r, 0, 0, (opc & X64_P_BR) && x64_byte_needs_rex(r));
    x64_byte(a, (r & 7) << 3 | 5);
    intptr_t rel = (intptr_t)target - (intptr_t)(a->p + 4 + imm_bytes);
    x64_u32(a, (uint32_t)(int32_t)rel);
}

/* The three-byte VEX form (BMI1/BMI2): map 1 = 0F, 2 = 0F38, 3 = 0F3A; pp
 * 0 = none, 1 = 66, 2 = F3, 3 = F2; always W1 (64-bit), L0. */
static inline void x64_vex_rr(X64Asm *a, unsigned map, unsigned pp, unsigned opc, int r, int v, int rm)
{
    x64_byte(a, 0xc4);
    x64_byte(a, ((~r & 8) << 4) | 0x40 | ((~rm & 8) << 2) | map);
    x64_byte(a, 0x80 | ((~v & 15) << 3) | pp);
    x64_byte(a, opc);
    x64_byte(a, 0xc0 | (r & 7) << 3 | (rm & 7));
}

/* ---- moves ---- */

/* d = imm in the 10-byte form, whatever the value: a field that a
 * relocation may later fill with any address. Returns the field. */
static inline uint8_t *x64_mov_ri64(X64Asm *a, int d, uint64_t imm)
{
    x64_opc(a, (0xb8 + (d & 7)) | X64_P_W, 0, 0, d, false);
    x64_u64(a, imm);
    return a->p - 8;
}

static inline void x64_mov_rr(X64Asm *a, bool w, int d, int s)
{
    x64_op_rr(a, 0x89 | (w ? X64_P_W : 0), s, d);
}

/* d = imm, in the shortest form that does not touch the flags. */
static inline void x64_mov_ri(X64Asm *a, int d, uint64_t imm)
{
    if (x64_fits_u32(imm)) {
        x64_opc(a, 0xb8 + (d & 7), 0, 0, d, false);
        x64_u32(a, (uint32_t)imm);
    } else if (x64_fits_s32((int64_t)imm)) {
        x64_op_rr(a, 0xc7 | X64_P_W, 0, d);
        x64_u32(a, (uint32_t)imm);
    } else {
        x64_opc(a, (0xb8 + (d & 7)) | X64_P_W, 0, 0, d, false);
        x64_u64(a, imm);
    }
}

/* d = 0; clobbers the flags. */
static inline void x64_zero(X64Asm *a, int d) { x64_op_rr(a, 0x31, d, d); }

/* Loads and stores [base + index + disp]; size in bytes 1, 2, 4, 8. */
static inline void x64_load_sib(X64Asm *a, bool w, int d, int base, int index, int32_t disp)
{
    x64_op_mem_sib(a, 0x8b | (w ? X64_P_W : 0), d, base, index, 0, disp);
}
static inline void x64_load(X64Asm *a, bool w, int d, int base, int32_t disp)
{
    x64_load_sib(a, w, d, base, X64_NO_REG, disp);
}
/* [base + index * 2^scale + disp] */
static inline void x64_store_scaled(X64Asm *a, unsigned size, int s, int base, int index, int scale, int32_t disp)
{
    static const unsigned opc[] = { 0, 0x88 | X64_P_BR, 0x89 | X64_P_66, 0, 0x89, 0, 0, 0, 0x89 | X64_P_W };
    x64_op_mem_sib(a, opc[size], s, base, index, scale, disp);
}
static inline void x64_store_sib(X64Asm *a, unsigned size, int s, int base, int index, int32_t disp)
{
    x64_store_scaled(a, size, s, base, index, 0, disp);
}
static inline void x64_store(X64Asm *a, unsigned size, int s, int base, int32_t disp)
{
    x64_store_sib(a, size, s, base, X64_NO_REG, disp);
}
/* Store a sign-extended 32-bit immediate (for size 8) or a truncated one. */
static inline void x64_store_imm_sib(X64Asm *a, unsigned size, int32_t imm, int base, int index, int32_t disp)
{
    static const unsigned opc[] = { 0, 0xc6, 0xc7 | X64_P_66, 0, 0xc7, 0, 0, 0, 0xc7 | X64_P_W };
    x64_op_mem_sib(a, opc[size], 0, base, index, 0, disp);
    if (size == 1)
        x64_byte(a, (uint8_t)imm);
    else if (size == 2) {
        x64_byte(a, (uint8_t)imm);
        x64_byte(a, (uint8_t)(imm >> 8));
    } else
        x64_u32(a, (uint32_t)imm);
}
static inline void x64_store_imm(X64Asm *a, unsigned size, int32_t imm, int base, int32_t disp)
{
    x64_store_imm_sib(a, size, imm, base, X64_NO_REG, disp);
}

/* Zero- and sign-extending loads: size 1, 2 or 4 bytes into 64 bits, from
 * [base + index * 2^scale + disp]. */
static inline void x64_load_ext_scaled(X64Asm *a, unsigned size, bool sign, int d, int base, int index, int scale,
                                       int32_t disp)
{
    unsigned opc;
    if (size == 4)
        opc = sign ? (0x63 | X64_P_W) : 0x8b;
    else if (size == 8)
        opc = 0x8b | X64_P_W;
    else
        opc = (size == 1 ? 0xb6 : 0xb7) | (sign ? 0x08 | X64_P_W : 0) | X64_P_0F;
    x64_op_mem_sib(a, opc, d, base, index, scale, disp);
}
static inline void x64_load_ext_sib(X64Asm *a, unsigned size, bool sign, int d, int base, int index, int32_t disp)
{
    x64_load_ext_scaled(a, size, sign, d, base, index, 0, disp);
}

/* Register extensions: d = sign/zero-extend the low size bytes of s. */
static inline void x64_ext_rr(X64Asm *a, unsigned size, bool sign, int d, int s)
{
    if (size == 4) {
        if (sign)
            x64_op_rr(a, 0x63 | X64_P_W, d, s);
        else
            x64_mov_rr(a, false, d, s);
    } else {
        unsigned opc = (size == 1 ? 0xb6 | X64_P_BM : 0xb7) | (sign ? 0x08 | X64_P_W : 0) | X64_P_0F;
        x64_op_rr(a, opc, d, s);
    }
}

static inline void x64_lea(X64Asm *a, int d, int base, int index, int32_t disp)
{
    x64_op_mem_sib(a, 0x8d | X64_P_W, d, base, index, 0, disp);
}

/* ---- arithmetic ---- */

enum { X64_ADD, X64_OR, X64_ADC, X64_SBB, X64_AND, X64_SUB, X64_XOR, X64_CMP };

/* d op= s */
static inline void x64_alu_rr(X64Asm *a, unsigned op, bool w, int d, int s)
{
    x64_op_rr(a, (op << 3 | 1) | (w ? X64_P_W : 0), s, d);
}

/* d op= imm (sign-extended 32 bits) */
static inline void x64_alu_ri(X64Asm *a, unsigned op, bool w, int d, int32_t imm)
{
    unsigned W = w ? X64_P_W : 0;
    if (x64_fits_s8(imm)) {
        x64_op_rr(a, 0x83 | W, (int)op, d);
        x64_byte(a, (uint8_t)imm);
    } else {
        x64_op_rr(a, 0x81 | W, (int)op, d);
        x64_u32(a, (uint32_t)imm);
    }
}

/* [base + disp] op= imm, or cmp [base + disp], imm */
static inline void x64_alu_mi(X64Asm *a, unsigned op, bool w, int base, int32_t disp, int32_t imm)
{
    unsigned W = w ? X64_P_W : 0;
    if (x64_fits_s8(imm)) {
        x64_op_mem(a, 0x83 | W, (int)op, base, disp);
        x64_byte(a, (uint8_t)imm);
    } else {
        x64_op_mem(a, 0x81 | W, (int)op, base, disp);
        x64_u32(a, (uint32_t)imm);
    }
}

/* r op= [base + index + disp] (cmp r, [mem] included) */
static inline void x64_alu_rm_sib(X64Asm *a, unsigned op, bool w, int r, int base, int index, int32_t disp)
{
    x64_op_mem_sib(a, (op << 3 | 3) | (w ? X64_P_W : 0), r, base, index, 0, disp);
}
static inline void x64_alu_rm(X64Asm *a, unsigned op, bool w, int r, int base, int32_t disp)
{
    x64_alu_rm_sib(a, op, w, r, base, X64_NO_REG, disp);
}

/* cmp r, [rip + target] (64-bit) */
static inline void x64_cmp_rip(X64Asm *a, int r, const void *target)
{
    x64_op_rip(a, 0x3b | X64_P_W, r, target, 0);
}

static inline void x64_test_rr(X64Asm *a, bool w, int r1, int r2) { x64_op_rr(a, 0x85 | (w ? X64_P_W : 0), r2, r1); }

static inline void x64_test_ri(X64Asm *a, int r, uint32_t imm)
{
    if (imm <= 0xff && r < 4) {
        x64_op_rr(a, 0xf6, 0, r);
        x64_byte(a, (uint8_t)imm);
    } else {
        x64_op_rr(a, 0xf7, 0, r);
        x64_u32(a, imm);
    }
}

/* The F7 group on a register: 2 not, 3 neg, 4 mul, 5 imul, 6 div, 7 idiv. */
enum { X64_NOT = 2, X64_NEG, X64_MUL, X64_IMUL1, X64_DIV, X64_IDIV };
static inline void x64_unary(X64Asm *a, unsigned ext, bool w, int r) { x64_op_rr(a, 0xf7 | (w ? X64_P_W : 0), (int)ext, r); }

static inline void x64_imul_rr(X64Asm *a, int d, int s) { x64_op_rr(a, 0xaf | X64_P_0F | X64_P_W, d, s); }

static inline void x64_imul_rri(X64Asm *a, int d, int s, int32_t imm)
{
    if (x64_fits_s8(imm)) {
        x64_op_rr(a, 0x6b | X64_P_W, d, s);
        x64_byte(a, (uint8_t)imm);
    } else {
        x64_op_rr(a, 0x69 | X64_P_W, d, s);
        x64_u32(a, (uint32_t)imm);
    }
}

static inline void x64_cqo(X64Asm *a) { x64_byte(a, 0x48); x64_byte(a, 0x99); }

/* Shifts and rotates by an immediate or by cl: ext 0 rol, 1 ror, 4 shl, 5 shr, 7 sar. */
enum { X64_ROL = 0, X64_ROR = 1, X64_SHL = 4, X64_SHR = 5, X64_SAR = 7 };
static inline void x64_shift_ri(X64Asm *a, unsigned ext, bool w, int r, unsigned n)
{
    unsigned W = w ? X64_P_W : 0;
    if (n == 1) {
        x64_op_rr(a, 0xd1 | W, (int)ext, r);
    } else {
        x64_op_rr(a, 0xc1 | W, (int)ext, r);
        x64_byte(a, n);
    }
}
static inline void x64_shift_rcl(X64Asm *a, unsigned ext, int r) { x64_op_rr(a, 0xd3 | X64_P_W, (int)ext, r); }

/* BMI2 three-operand shifts: d = s shifted by the count in c. */
static inline void x64_shlx(X64Asm *a, int d, int s, int c) { x64_vex_rr(a, 2, 1, 0xf7, d, c, s); }
static inline void x64_shrx(X64Asm *a, int d, int s, int c) { x64_vex_rr(a, 2, 3, 0xf7, d, c, s); }
static inline void x64_sarx(X64Asm *a, int d, int s, int c) { x64_vex_rr(a, 2, 2, 0xf7, d, c, s); }
/* d = s rotated right by n */
static inline void x64_rorx(X64Asm *a, int d, int s, unsigned n)
{
    x64_vex_rr(a, 3, 3, 0xf0, d, 0, s);
    x64_byte(a, n & 63);
}
/* hi:lo = rdx * s (unsigned); hi == lo keeps the high half */
static inline void x64_mulx(X64Asm *a, int hi, int lo, int s) { x64_vex_rr(a, 2, 3, 0xf6, hi, lo, s); }
/* d = ~n & s (BMI1) */
static inline void x64_andn(X64Asm *a, int d, int n, int s) { x64_vex_rr(a, 2, 0, 0xf2, d, n, s); }

/* Bit counts (F3 0F xx): lzcnt, tzcnt, popcnt */
enum { X64_LZCNT = 0xbd, X64_TZCNT = 0xbc, X64_POPCNT = 0xb8 };
static inline void x64_bitcount(X64Asm *a, unsigned op, int d, int s) { x64_op_rr(a, op | X64_P_F3 | X64_P_0F | X64_P_W, d, s); }

static inline void x64_bswap(X64Asm *a, bool w, int r) { x64_opc(a, (0xc8 + (r & 7)) | X64_P_0F | (w ? X64_P_W : 0), 0, 0, r, false); }
/* rol r16, 8: swap the two low bytes */
static inline void x64_bswap16(X64Asm *a, int r)
{
    x64_op_rr(a, 0xc1 | X64_P_66, X64_ROL, r);
    x64_byte(a, 8);
}

static inline void x64_setcc(X64Asm *a, unsigned cc, int r) { x64_op_rr(a, (0x90 + cc) | X64_P_0F | X64_P_BM, 0, r); }
static inline void x64_cmov(X64Asm *a, unsigned cc, int d, int s) { x64_op_rr(a, (0x40 + cc) | X64_P_0F | X64_P_W, d, s); }

/* SSE2 scalar doubles: xmm registers by number; moves to and from general
 * registers, arithmetic (d = d op s) and the unordered compare. */
enum { X64_SQRTSD = 0x51, X64_ADDSD = 0x58, X64_MULSD = 0x59, X64_SUBSD = 0x5c, X64_DIVSD = 0x5e };
/* The binary32 forms: movd (zero-extending into the 64-bit register), F3
 * instead of F2, ucomiss. */
static inline void x64_movd_xr(X64Asm *a, int x, int r) { x64_op_rr(a, 0x6e | X64_P_66 | X64_P_0F, x, r); }
static inline void x64_movd_rx(X64Asm *a, int r, int x) { x64_op_rr(a, 0x7e | X64_P_66 | X64_P_0F, x, r); }
static inline void x64_sse_ss(X64Asm *a, unsigned op, int d, int s) { x64_op_rr(a, op | X64_P_F3 | X64_P_0F, d, s); }
static inline void x64_ucomiss(X64Asm *a, int x, int y) { x64_op_rr(a, 0x2e | X64_P_0F, x, y); }
static inline void x64_movq_xr(X64Asm *a, int x, int r) { x64_op_rr(a, 0x6e | X64_P_66 | X64_P_0F | X64_P_W, x, r); }
static inline void x64_movq_rx(X64Asm *a, int r, int x) { x64_op_rr(a, 0x7e | X64_P_66 | X64_P_0F | X64_P_W, x, r); }
/* SSE2/SSE4.1 integer vectors, for the counter lanes (x64-internal.h). */
static inline void x64_pxor(X64Asm *a, int d, int s) { x64_op_rr(a, 0xef | X64_P_66 | X64_P_0F, d, s); }
static inline void x64_ptest(X64Asm *a, int x, int y) { x64_op_rr(a, 0x17 | X64_P_66 | X64_P_0F38, x, y); }
static inline void x64_pextrq_rx(X64Asm *a, int r, int x, uint8_t k)
{
    x64_op_rr(a, 0x16 | X64_P_66 | X64_P_0F3A | X64_P_W, x, r);
    x64_byte(a, k);
}
/* x += the 16 bytes at target (16-byte aligned); returns the rel32 field. */
static inline uint8_t *x64_paddq_rip(X64Asm *a, int x, const void *target)
{
    x64_op_rip(a, 0xd4 | X64_P_66 | X64_P_0F, x, target, 0);
    return a->p - 4;
}
static inline void x64_sse_sd(X64Asm *a, unsigned op, int d, int s) { x64_op_rr(a, op | X64_P_F2 | X64_P_0F, d, s); }
static inline void x64_movapd(X64Asm *a, int d, int s) { x64_op_rr(a, 0x28 | X64_P_66 | X64_P_0F, d, s); }
static inline void x64_ucomisd(X64Asm *a, int x, int y) { x64_op_rr(a, 0x2e | X64_P_66 | X64_P_0F, x, y); }

static inline void x64_mfence(X64Asm *a) { x64_byte(a, 0x0f); x64_byte(a, 0xae); x64_byte(a, 0xf0); }

/* ---- control flow ---- */

static inline void x64_set_rel32(uint8_t *field, const void *target)
{
    int32_t rel = (int32_t)((intptr_t)target - (intptr_t)(field + 4));
    memcpy(field, &rel, 4);
}
static inline bool x64_rel32_reaches(const void *from_end, const void *target)
{
    return x64_fits_s32((intptr_t)target - (intptr_t)from_end);
}

/* Jumps with a 32-bit displacement; they return the displacement field so
 * the caller can point it at a label once known. */
static inline uint8_t *x64_jcc32(X64Asm *a, unsigned cc)
{
    x64_byte(a, 0x0f);
    x64_byte(a, 0x80 + cc);
    uint8_t *f = a->p;
    x64_u32(a, 0);
    return f;
}
static inline uint8_t *x64_jmp32(X64Asm *a)
{
    x64_byte(a, 0xe9);
    uint8_t *f = a->p;
    x64_u32(a, 0);
    return f;
}
static inline void x64_jmp_to(X64Asm *a, const void *target) { x64_set_rel32(x64_jmp32(a), target); }
static inline void x64_jcc_to(X64Asm *a, unsigned cc, const void *target) { x64_set_rel32(x64_jcc32(a, cc), target); }

/* jmp [base + disp] */
static inline void x64_jmp_mem(X64Asm *a, int base, int32_t disp) { x64_op_mem(a, 0xff, 4, base, disp); }
static inline void x64_jmp_r(X64Asm *a, int r) { x64_op_rr(a, 0xff, 4, r); }
static inline void x64_call_r(X64Asm *a, int r) { x64_op_rr(a, 0xff, 2, r); }

static inline void x64_push(X64Asm *a, int r) { x64_opc(a, 0x50 + (r & 7), 0, 0, r, false); }
static inline void x64_pop(X64Asm *a, int r) { x64_opc(a, 0x58 + (r & 7), 0, 0, r, false); }
static inline void x64_ret(X64Asm *a) { x64_byte(a, 0xc3); }

/* n bytes of padding in the recommended multi-byte nop forms. */
static inline void x64_nops(X64Asm *a, unsigned n)
{
    static const uint8_t nop[][9] = {
        { 0 },
        { 0x90 },
        { 0x66, 0x90 },
        { 0x0f, 0x1f, 0x00 },
        { 0x0f, 0x1f, 0x40, 0x00 },
        { 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 },
        { 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00 },
    };
    while (n) {
        unsigned k = n > 8 ? 8 : n;
        memcpy(a->p, nop[k], k);
        a->p += k;
        n -= k;
    }
}

#endif
