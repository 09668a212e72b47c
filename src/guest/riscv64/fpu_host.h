/*
 * Internal to the FPU library: the x86-64 fast path. Each wrapper runs one
 * SSE (or FMA3) scalar instruction under an MXCSR that selects the RISC-V
 * rounding mode with every exception masked and every flag clear, reads
 * the flags it raised, and puts back the default MXCSR (0x1f80: round to
 * nearest, all masked, no flush-to-zero), which the rest of peek assumes.
 * Doing all of that inside one asm statement keeps the compiler from
 * moving other floating-point work into the window.
 *
 * The host is IEEE 754 in everything the wrappers are used for: masked
 * overflow and underflow give the IEEE default results, underflow is
 * flagged only for a tiny inexact result, and tininess is detected after
 * rounding as on RISC-V (fpu_unit.c checks that case). What differs is
 * left to the caller: NaN results carry operand payloads instead of the
 * canonical NaN, there is no ties-to-max-magnitude mode, and the
 * denormal-operand flag has no RISC-V counterpart and is dropped.
 */
#ifndef PEEK_RV_FPU_HOST_H
#define PEEK_RV_FPU_HOST_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "guest/riscv64/cpu.h"

#define RV_HOST_MXCSR_DEFAULT 0x1f80u

/* MXCSR rounding control (bits 13-14) for RNE, RTZ, RDN, RUP. */
static inline uint32_t rv_host_mxcsr(unsigned rm)
{
    static const uint32_t rc[4] = { 0, 3, 1, 2 };
    return RV_HOST_MXCSR_DEFAULT | rc[rm] << 13;
}

/* MXCSR flags IE DE ZE OE UE PE (bits 0-5) as fflags. */
static inline uint64_t rv_host_fflags(uint32_t mxcsr)
{
    return (mxcsr & 1) << 4 | (mxcsr & 4) << 1 | (mxcsr & 8) >> 1 | (mxcsr & 16) >> 3 |
           (mxcsr & 32) >> 5;
}

static inline bool rv_host_has_fma(void) { return __builtin_cpu_supports("fma"); }

/* Bit patterns in and out: moving through an xmm register never quiets a
 * signaling NaN, as arithmetic on the C side might. */
#define RV_HOST_ASM(insn, outs, ...)                                               \
    __asm__ volatile("ldmxcsr %[csr]\n\t" insn "\n\tstmxcsr %[st]\n\tldmxcsr %[dflt]" \
                     : [st] "=m"(st), outs                                         \
                     : [csr] "m"(csr), [dflt] "m"(dflt), ##__VA_ARGS__)

#define RV_HOST_BINOP(name, insn, T, U)                                            \
    static inline U name(U a, U b, unsigned rm, uint64_t *fl)                      \
    {                                                                              \
        uint32_t csr = rv_host_mxcsr(rm), dflt = RV_HOST_MXCSR_DEFAULT, st;       \
        T x, y;                                                                    \
        memcpy(&x, &a, sizeof(x));                                                 \
        memcpy(&y, &b, sizeof(y));                                                 \
        RV_HOST_ASM(insn " %[y], %[x]", [x] "+x"(x), [y] "x"(y));                  \
        *fl |= rv_host_fflags(st);                                                 \
        memcpy(&a, &x, sizeof(a));                                                 \
        return a;                                                                  \
    }

#define RV_HOST_SQRT(name, insn, T, U)                                             \
    static inline U name(U a, unsigned rm, uint64_t *fl)                           \
    {                                                                              \
        uint32_t csr = rv_host_mxcsr(rm), dflt = RV_HOST_MXCSR_DEFAULT, st;       \
        T x;                                                                       \
        memcpy(&x, &a, sizeof(x));                                                 \
        RV_HOST_ASM(insn " %[x], %[x]", [x] "+x"(x));                      \
        *fl |= rv_host_fflags(st);                                                 \
        memcpy(&a, &x, sizeof(a));                                                 \
        return a;                                                                  \
    }

/* c = a * b + c, rounded once. Only for hosts with FMA3 (rv_host_has_fma). */
#define RV_HOST_FMA(name, insn, T, U)                                              \
    static inline U name(U a, U b, U c, unsigned rm, uint64_t *fl)                 \
    {                                                                              \
        uint32_t csr = rv_host_mxcsr(rm), dflt = RV_HOST_MXCSR_DEFAULT, st;       \
        T x, y, z;                                                                 \
        memcpy(&x, &a, sizeof(x));                                                 \
        memcpy(&y, &b, sizeof(y));                                                 \
        memcpy(&z, &c, sizeof(z));                                                 \
        RV_HOST_ASM(insn " %[y], %[x], %[z]", [z] "+x"(z), [x] "x"(x), [y] "x"(y)); \
        *fl |= rv_host_fflags(st);                                                 \
        memcpy(&c, &z, sizeof(c));                                                 \
        return c;                                                                  \
    }

RV_HOST_BINOP(rv_host_add_s, "addss", float, uint32_t)
RV_HOST_BINOP(rv_host_sub_s, "subss", float, uint32_t)
RV_HOST_BINOP(rv_host_mul_s, "mulss", float, uint32_t)
RV_HOST_BINOP(rv_host_div_s, "divss", float, uint32_t)
RV_HOST_BINOP(rv_host_add_d, "addsd", double, uint64_t)
RV_HOST_BINOP(rv_host_sub_d, "subsd", double, uint64_t)
RV_HOST_BINOP(rv_host_mul_d, "mulsd", double, uint64_t)
RV_HOST_BINOP(rv_host_div_d, "divsd", double, uint64_t)
RV_HOST_SQRT(rv_host_sqrt_s, "sqrtss", float, uint32_t)
RV_HOST_SQRT(rv_host_sqrt_d, "sqrtsd", double, uint64_t)
RV_HOST_FMA(rv_host_fma_s, "vfmadd231ss", float, uint32_t)
RV_HOST_FMA(rv_host_fma_d, "vfmadd231sd", double, uint64_t)

#endif
