/*
 * The helpers of the AdvSIMD scalar forms, the x-indexed-element forms,
 * the RDM and DotProd additions and the FP16 vector groups
 * (helpers-simd-extra.c), called by trans-simd-extra.c as
 * (env, desc, A64_EXTRA_ARG(op, lanes)): desc is the A64Desc of
 * helpers-fpsimd.h, lanes says how the instruction walks its elements.
 * The opcode travels in the third argument because these patterns'
 * numbers pass the 10 bits of A64Desc.op.
 */
#ifndef PEEK_A64_HELPERS_SIMD_EXTRA_H
#define PEEK_A64_HELPERS_SIMD_EXTRA_H

#include "ir/ir.h"

enum {
    A64_LANES_SCALAR,     /* element 0 only; the rest of Vd is cleared */
    A64_LANES_VEC,        /* every element, Vm's element i with Vn's */
    A64_LANES_VEC_ELEM,   /* every element, each with Vm's element [index] */
};

#define A64_EXTRA_ARG(op, lanes) ((uint64_t)(op) << 8 | (lanes))

extern const IRHelper a64_helper_simd_extra_int, a64_helper_simd_extra_fp;

#endif
