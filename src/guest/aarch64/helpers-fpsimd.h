/*
 * The aarch64 FP, AdvSIMD and crypto helper functions that translated code
 * calls, as IRHelper descriptors, and the A64Desc that carries a decoded
 * instruction's operand fields to them in one constant argument (so one
 * helper serves a whole instruction group and switches on the opcode).
 * Helpers reach the vector registers, FPCR and FPSR through env, which are
 * not IR globals: they are declared NO_READ/NO_WRITE_GLOBALS, and results
 * bound for general registers or NZCV come back as return values.
 */
#ifndef PEEK_A64_HELPERS_FPSIMD_H
#define PEEK_A64_HELPERS_FPSIMD_H

#include <stdint.h>
#include <string.h>

#include "exec/cpu.h"
#include "guest/aarch64/cpu.h"
#include "guest/aarch64/decode.h"
#include "ir/ir.h"

/* The guest state of the env argument. */
#define A64_ENV(env) A64((CPUState *)(uintptr_t)(env))

typedef union A64Desc {
    uint64_t raw;
    struct {
        uint64_t op : 11, rd : 5, rn : 5, rm : 5, ra : 5, q : 1, size : 2, esize : 2,
            ftype : 2, index : 4, index2 : 4, sf : 1, nregs : 3, imm : 7, fbits : 7;
    };
} A64Desc;
_Static_assert(sizeof(A64Desc) == 8, "A64Desc is one helper argument");

static inline uint64_t a64_desc(const A64Insn *a)
{
    A64Desc d = { .op = a->op, .rd = a->rd, .rn = a->rn, .rm = a->rm, .ra = a->ra, .q = a->q,
                  .size = a->size, .esize = a->esize, .ftype = a->ftype, .index = a->index,
                  .index2 = a->index2, .sf = a->sf, .nregs = a->nregs & 7,
                  .imm = (uint64_t)a->imm & 0x7f, .fbits = a->fbits & 0x7f };
    return d.raw;
}

/* Vector register elements: element i of size 1 << es bytes. */
static inline uint64_t a64_velt(const void *v, unsigned i, unsigned es)
{
    const uint8_t *p = (const uint8_t *)v + (i << es);
    switch (es) {
    case 0: return *p;
    case 1: { uint16_t x; memcpy(&x, p, 2); return x; }
    case 2: { uint32_t x; memcpy(&x, p, 4); return x; }
    default: { uint64_t x; memcpy(&x, p, 8); return x; }
    }
}
static inline int64_t a64_svelt(const void *v, unsigned i, unsigned es)
{
    unsigned sh = 64 - (8u << es);
    return (int64_t)(a64_velt(v, i, es) << sh) >> sh;
}
static inline void a64_set_velt(void *v, unsigned i, unsigned es, uint64_t x)
{
    uint8_t *p = (uint8_t *)v + (i << es);
    switch (es) {
    case 0: *p = (uint8_t)x; break;
    case 1: { uint16_t y = (uint16_t)x; memcpy(p, &y, 2); break; }
    case 2: { uint32_t y = (uint32_t)x; memcpy(p, &y, 4); break; }
    default: memcpy(p, &x, 8); break;
    }
}

/* Scalar FP (helpers-fp.c): (env, desc, arg) -> value. arg is the general
 * register operand (int to FP), or the condition (0/1) of FCCMP/FCSEL. The
 * result goes to Vd (zeroing the rest of it) or comes back: the integer of
 * FP to int conversions, NZCV (bits 31:28) of the compares, and FJCVTZS's
 * W result with its Z flag in bit 32. */
extern const IRHelper a64_helper_fp;

/* AdvSIMD (helpers-simd.c, helpers-simdfp.c): (env, desc) -> 0, or the
 * general register result of SMOV/UMOV. */
extern const IRHelper a64_helper_simd_int, a64_helper_simd_fp;
/* (env, desc, x) for DUP/INS from a general register. */
extern const IRHelper a64_helper_simd_gen;
/* FMLAL/FMLSL and FCMLA/FCADD (helpers-simd-cplx.c): (env, desc), with
 * desc.imm the rotation in quarter turns. */
extern const IRHelper a64_helper_simd_cplx;
/* Crypto (helpers-crypto.c): (env, desc). */
extern const IRHelper a64_helper_crypto;

#endif
