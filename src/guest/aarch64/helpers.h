/*
 * The aarch64 integer helpers that translated code calls, as IRHelper
 * descriptors (helpers.c): CRC32, the exclusive monitor (LDXR/STXR and
 * the pair forms), the LSE atomics and CAS/CASP, and the generic timer.
 * Arguments and results are uint64_t; env arrives as a uint64_t too.
 * Every memory helper checks alignment and access first (SIGBUS
 * BUS_ADRALN, then SIGSEGV), so the pc global must be precise.
 */
#ifndef PEEK_A64_HELPERS_H
#define PEEK_A64_HELPERS_H

#include <stdint.h>

#include "exec/cpu.h"
#include "guest/aarch64/cpu.h"
#include "ir/ir.h"

static inline CPUState *a64_env(uint64_t env) { return (CPUState *)(uintptr_t)env; }

/* (acc, value, kind) -> crc: kind bits 1:0 log2 of the bytes of value
 * taken, bit 2 the CRC-32C polynomial. Pure. */
extern const IRHelper a64_helper_crc32;

/* (env, addr, log2 size) -> value (zero-extended): LDXR; arms the
 * monitor with the address, size and value. */
extern const IRHelper a64_helper_ldxr;
/* (env, addr, value, log2 size) -> 0 stored / 1 failed: STXR. Succeeds
 * when the monitor holds this address and size and memory still holds the
 * value LDXR saw (a host compare-and-swap); always clears the monitor. */
extern const IRHelper a64_helper_stxr;
/* (env, addr, 64-bit) -> first register's value: LDXP. A 32-bit pair is
 * one 8-byte access, split by the translator; a 64-bit pair is two
 * doublewords, the second left in excl_val2. */
extern const IRHelper a64_helper_ldxp;
/* (env, addr, lo, hi, 64-bit) -> 0 / 1: STXP, as STXR over the whole pair
 * (a 16-byte compare-and-swap for 64-bit pairs). */
extern const IRHelper a64_helper_stxp;

/* LSE read-modify-write operations (the opc field, A64Insn.opc). */
typedef enum A64AtomicOp {
    A64_LDADD, A64_LDCLR, A64_LDEOR, A64_LDSET,
    A64_LDSMAX, A64_LDSMIN, A64_LDUMAX, A64_LDUMIN, A64_SWP,
} A64AtomicOp;
/* (env, addr, value, op << 2 | log2 size) -> old value, zero-extended. */
extern const IRHelper a64_helper_atomic;
/* (env, addr, expected, new, log2 size) -> old value: CAS. */
extern const IRHelper a64_helper_cas;
/* (env, addr, rs << 8 | rt, 64-bit): CASP. Reads the register
 * pairs rs, rs+1 (expected) and rt, rt+1 (new) from env and writes the
 * old memory value to rs, rs+1 itself (a register 31 is the zero
 * register), so the descriptor says it reads and writes globals. */
extern const IRHelper a64_helper_casp;

/* () -> CNTVCT_EL0: the host monotonic clock at A64_CNTFRQ. */
#define A64_CNTFRQ 62500000u
extern const IRHelper a64_helper_cntvct;

#endif
