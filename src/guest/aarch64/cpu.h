/*
 * The aarch64 architectural state of one vCPU (EL0), laid over the generic
 * CPUState's arch area at offset 0, so offsets here are env offsets;
 * A64(cpu) is the view.
 *
 * NZCV is kept as four values so that each flag is computed only where
 * something reads it, and each is cheap to test: N is bit 63 of nf, Z is
 * zf == 0, C is cf (0 or 1), V is bit 63 of vf. A 32-bit flag-setting
 * instruction stores its result sign-extended into nf and zero-extended
 * into zf, its overflow in bit 63 of vf.
 */
#ifndef PEEK_A64_CPU_H
#define PEEK_A64_CPU_H

#include <stddef.h>
#include <stdint.h>

#include "exec/cpu.h"

typedef struct A64State {
    uint64_t x[32];        /* x0..x30, and x[31] = sp (the zero register is never stored) */
    uint64_t pc;
    uint64_t nf, zf, cf, vf;
    uint64_t tpidr_el0;
    /* The exclusive monitor of LDXR/LDXP: address (or -1 when clear),
     * size in bytes of the whole access, and the value(s) loaded. */
    uint64_t excl_addr, excl_size, excl_val, excl_val2;
    uint32_t fpcr, fpsr;   /* FPSR: cumulative flags and QC */
    /* v0..v31, 128 bits each as two little-endian 64-bit halves; the
     * scalar FP registers (b/h/s/d/q) are their low bits. */
    _Alignas(16) uint64_t v[32][2];
} A64State;

_Static_assert(sizeof(A64State) <= CPU_ARCH_SIZE, "A64State must fit CPUState.arch");
#define A64(cpu) CPU_ARCH(cpu, A64State)

/* The PSTATE.NZCV bits (as MRS NZCV reads them) from the four values, and back. */
static inline uint32_t a64_nzcv(const A64State *s)
{
    return (uint32_t)((s->nf >> 63) << 31 | (uint64_t)(s->zf == 0) << 30 | (s->cf & 1) << 29 |
                      (s->vf >> 63) << 28);
}
static inline void a64_set_nzcv(A64State *s, uint32_t nzcv)
{
    s->nf = (nzcv >> 31 & 1) ? UINT64_MAX : 0;
    s->zf = !(nzcv >> 30 & 1);
    s->cf = nzcv >> 29 & 1;
    s->vf = (nzcv >> 28 & 1) ? UINT64_MAX : 0;
}

#endif
