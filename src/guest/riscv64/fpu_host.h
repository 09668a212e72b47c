/*
 * Internal to the FPU library: the x86-64 fast path. Each wrapper runs one
 * SSE (or FMA3) scalar instruction with every exception masked.
 *
 * While guest code runs, MXCSR's rounding field is the guest's frm (round to
 * nearest when frm has no x86 counterpart; rv_host_set_mode() keeps it
 * so), everything is masked, there is no flush-to-zero, and its sticky
 * flag bits hold the guest's accrued flags that have not been folded into
 * fflags yet: rv_host_flags_sync() folds them when the guest or peek looks
 * at fflags. An operation in the mode MXCSR is in, nearly every one a
 * program does, just runs and leaves its flags there. Changing MXCSR costs
 * tens of cycles and reading its flags right after an operation waits for
 * the operation, which made the old eager scheme (load a mode, compute,
 * store, restore) several times slower than the arithmetic itself. Other
 * rounding modes still load their mode with clear flags, read the flags
 * that one instruction raised into *fl, and put back the MXCSR they found,
 * pending flags and all.
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

/* The mode this thread's MXCSR is in (-1: not looked at yet; a thread
 * starts with its creator's MXCSR). Thread-local, like MXCSR itself. */
extern __thread int rv_host_mode_cache;

static inline unsigned rv_host_mode(void)
{
    if (__builtin_expect(rv_host_mode_cache < 0, 0)) {
        static const uint8_t rm[4] = { RV_RM_RNE, RV_RM_RDN, RV_RM_RUP, RV_RM_RTZ };
        uint32_t m;
        __asm__ volatile("stmxcsr %0" : "=m"(m));
        rv_host_mode_cache = rm[(m >> 13) & 3];
    }
    return (unsigned)rv_host_mode_cache;
}

/* Puts MXCSR in mode rm (RNE..RUP), pending flags kept. */
static inline void rv_host_set_mode(unsigned rm)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    m = (m & ~0x6000u) | (rv_host_mxcsr(rm) & 0x6000u);
    __asm__ volatile("ldmxcsr %0" : : "m"(m));
    rv_host_mode_cache = (int)rm;
}

/* MXCSR flags IE DE ZE OE UE PE (bits 0-5) as fflags. */
static inline uint64_t rv_host_fflags(uint32_t mxcsr)
{
    return (mxcsr & 1) << 4 | (mxcsr & 4) << 1 | (mxcsr & 8) >> 1 | (mxcsr & 16) >> 3 |
           (mxcsr & 32) >> 5;
}

static inline bool rv_host_has_fma(void) { return __builtin_cpu_supports("fma"); }

/* MXCSR's flag bits that are RISC-V flags (all but DE). */
#define RV_HOST_MXCSR_FLAGS 0x3du

/* Folds the pending flags into *fl and clears them. */
static inline void rv_host_flags_sync(uint64_t *fl)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    if (m & RV_HOST_MXCSR_FLAGS) {
        *fl |= rv_host_fflags(m);
        m &= ~0x3fu;
        __asm__ volatile("ldmxcsr %0" : : "m"(m));
    }
}

/* *fl = v, with the pending flags dropped. Pending flags that v has
 * anyway may stay: MXCSR is written only if one is not in v. */
static inline void rv_host_flags_write(uint64_t *fl, uint64_t v)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    if (rv_host_fflags(m) & ~v) {
        m &= ~0x3fu;
        __asm__ volatile("ldmxcsr %0" : : "m"(m));
    }
    *fl = v;
}

/* The pending flags, left pending. */
static inline uint64_t rv_host_flags_pending(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return rv_host_fflags(m);
}

/* Runs insn under rounding mode rm (see above for where its flags go).
 * Bit patterns in and out: moving through an xmm register never quiets a
 * signaling NaN, as arithmetic on the C side might. */
#define RV_HOST_ASM(rm, fl, insn, outs, ...)                                                    \
    do {                                                                                       \
        if ((rm) == rv_host_mode()) {                                                               \
            __asm__ volatile(insn : outs : __VA_ARGS__);                                       \
        } else {                                                                               \
            uint32_t csr_ = rv_host_mxcsr(rm), old_ = 0, st_;                                  \
            __asm__ volatile("stmxcsr %[old]\n\tldmxcsr %[csr]\n\t" insn                        \
                             "\n\tstmxcsr %[st]\n\tldmxcsr %[old]"                               \
                             : [old] "+m"(old_), [st] "=m"(st_), outs                          \
                             : [csr] "m"(csr_), ##__VA_ARGS__);                                \
            *(fl) |= rv_host_fflags(st_);                                                      \
        }                                                                                      \
    } while (0)

#define RV_HOST_BINOP(name, insn, T, U)                                            \
    static inline U name(U a, U b, unsigned rm, uint64_t *fl)                      \
    {                                                                              \
        T x, y;                                                                    \
        memcpy(&x, &a, sizeof(x));                                                 \
        memcpy(&y, &b, sizeof(y));                                                 \
        RV_HOST_ASM(rm, fl, insn " %[y], %[x]", [x] "+x"(x), [y] "x"(y));          \
        memcpy(&a, &x, sizeof(a));                                                 \
        return a;                                                                  \
    }

#define RV_HOST_SQRT(name, insn, T, U)                                             \
    static inline U name(U a, unsigned rm, uint64_t *fl)                           \
    {                                                                              \
        T x;                                                                       \
        memcpy(&x, &a, sizeof(x));                                                 \
        RV_HOST_ASM(rm, fl, insn " %[x], %[x]", [x] "+x"(x));                      \
        memcpy(&a, &x, sizeof(a));                                                 \
        return a;                                                                  \
    }

/* c = a * b + c, rounded once. Only for hosts with FMA3 (rv_host_has_fma). */
#define RV_HOST_FMA(name, insn, T, U)                                              \
    static inline U name(U a, U b, U c, unsigned rm, uint64_t *fl)                 \
    {                                                                              \
        T x, y, z;                                                                 \
        memcpy(&x, &a, sizeof(x));                                                 \
        memcpy(&y, &b, sizeof(y));                                                 \
        memcpy(&z, &c, sizeof(z));                                                 \
        RV_HOST_ASM(rm, fl, insn " %[y], %[x], %[z]", [z] "+x"(z), [x] "x"(x), [y] "x"(y)); \
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
