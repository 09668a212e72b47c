/*
 * aarch64 helpers for CRC32, the exclusive monitor, the LSE atomics and
 * the generic timer (declared in helpers.h). Atomics work directly on the
 * host view of guest memory with the compiler's __atomic builtins, which
 * are sequentially consistent, so they are atomic against every other
 * guest thread and cover any acquire/release ordering. 16-byte
 * compare-and-swap (STXP and CASP of X registers) is cmpxchg16b: this file
 * is compiled with -mcx16 (aarch64.mk) so that the __sync builtin is
 * inlined rather than a libatomic call.
 *
 * The exclusive monitor is the one of riscv64's LR/SC: LDXR records the
 * address, size and loaded value; STXR succeeds only if address and size
 * match and a host compare-and-swap from the recorded value still
 * succeeds (so a store of the same value by another thread in between
 * goes unnoticed, which the architecture permits for a monitor of this
 * granule), and always clears the monitor.
 */
#include "guest/aarch64/helpers.h"

#include <stdbool.h>
#include <time.h>

#include "exec/memory.h"

#define RW (PAGE_READ | PAGE_WRITE)

/* The reflected CRC of the Arm ARM's CRC32 pseudocode, bit by bit: the
 * instruction has no initial or final inversion. */
static uint64_t helper_crc32(uint64_t acc, uint64_t val, uint64_t kind)
{
    uint32_t poly = (kind & 4) ? 0x82f63b78u : 0xedb88320u, crc = (uint32_t)acc;
    unsigned bytes = 1u << (kind & 3);
    for (unsigned i = 0; i < bytes; i++) {
        crc ^= (uint8_t)(val >> (8 * i));
        for (unsigned b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (poly & -(crc & 1));
    }
    return crc;
}
const IRHelper a64_helper_crc32 = { "crc32", (void *)helper_crc32, 3, 1, IR_CALL_PURE };

/* Atomic load of 1 << size bytes at host address p, zero-extended. */
static uint64_t load_sized(void *p, unsigned size)
{
    switch (size) {
    case 0: return __atomic_load_n((uint8_t *)p, __ATOMIC_SEQ_CST);
    case 1: return __atomic_load_n((uint16_t *)p, __ATOMIC_SEQ_CST);
    case 2: return __atomic_load_n((uint32_t *)p, __ATOMIC_SEQ_CST);
    default: return __atomic_load_n((uint64_t *)p, __ATOMIC_SEQ_CST);
    }
}

/* Compare-and-swap of 1 << size bytes; *expected gets the old value. */
static bool cas_sized(void *p, uint64_t *expected, uint64_t desired, unsigned size)
{
#define CAS(T) do {                                                                        \
        T e = (T)*expected;                                                                \
        bool ok = __atomic_compare_exchange_n((T *)p, &e, (T)desired, false,               \
                                              __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);         \
        *expected = e;                                                                     \
        return ok;                                                                         \
    } while (0)
    switch (size) {
    case 0: CAS(uint8_t);
    case 1: CAS(uint16_t);
    case 2: CAS(uint32_t);
    default: CAS(uint64_t);
    }
#undef CAS
}

static uint64_t helper_ldxr(uint64_t env, uint64_t addr, uint64_t size)
{
    CPUState *cpu = a64_env(env);
    void *p = cpu_atomic_host_addr(cpu, addr, 1u << size, PAGE_READ);
    uint64_t v = load_sized(p, (unsigned)size);
    A64State *s = A64(cpu);
    s->excl_addr = addr;
    s->excl_size = 1u << size;
    s->excl_val = v;
    return v;
}

static uint64_t helper_stxr(uint64_t env, uint64_t addr, uint64_t val, uint64_t size)
{
    CPUState *cpu = a64_env(env);
    void *p = cpu_atomic_host_addr(cpu, addr, 1u << size, PAGE_WRITE);
    A64State *s = A64(cpu);
    bool armed = s->excl_addr == addr && s->excl_size == 1u << size;
    uint64_t expected = s->excl_val;
    s->excl_addr = UINT64_MAX;
    return armed && cas_sized(p, &expected, val, (unsigned)size) ? 0 : 1;
}

static uint64_t helper_ldxp(uint64_t env, uint64_t addr, uint64_t x)
{
    CPUState *cpu = a64_env(env);
    A64State *s = A64(cpu);
    if (!x)
        return helper_ldxr(env, addr, 3);
    /* each doubleword single-copy atomic, the pair 16-byte aligned */
    uint64_t *p = cpu_atomic_host_addr(cpu, addr, 16, PAGE_READ);
    s->excl_val = __atomic_load_n(&p[0], __ATOMIC_SEQ_CST);
    s->excl_val2 = __atomic_load_n(&p[1], __ATOMIC_SEQ_CST);
    s->excl_addr = addr;
    s->excl_size = 16;
    return s->excl_val;
}

static uint64_t helper_stxp(uint64_t env, uint64_t addr, uint64_t lo, uint64_t hi, uint64_t x)
{
    if (!x)
        return helper_stxr(env, addr, (uint32_t)lo | hi << 32, 3);
    CPUState *cpu = a64_env(env);
    unsigned __int128 *p = cpu_atomic_host_addr(cpu, addr, 16, PAGE_WRITE);
    A64State *s = A64(cpu);
    bool armed = s->excl_addr == addr && s->excl_size == 16;
    unsigned __int128 expected = (unsigned __int128)s->excl_val2 << 64 | s->excl_val;
    s->excl_addr = UINT64_MAX;
    return armed && __sync_bool_compare_and_swap(p, expected, (unsigned __int128)hi << 64 | lo) ? 0 : 1;
}

const IRHelper a64_helper_ldxr = { "ldxr", (void *)helper_ldxr, 3, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper a64_helper_stxr = { "stxr", (void *)helper_stxr, 4, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper a64_helper_ldxp = { "ldxp", (void *)helper_ldxp, 3, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper a64_helper_stxp = { "stxp", (void *)helper_stxp, 5, 1, IR_CALL_NO_WRITE_GLOBALS };

/* Sign-extension of a value of 1 << size bytes, for smax/smin. */
static int64_t sext_sized(uint64_t v, unsigned size)
{
    unsigned sh = 64 - (8u << size);
    return (int64_t)(v << sh) >> sh;
}

/* The value an LSE operation stores, from the old one and the operand. */
static uint64_t atomic_result(A64AtomicOp op, uint64_t old, uint64_t v, unsigned size)
{
    switch (op) {
    case A64_LDADD: return old + v;
    case A64_LDCLR: return old & ~v;
    case A64_LDEOR: return old ^ v;
    case A64_LDSET: return old | v;
    case A64_LDSMAX: return sext_sized(old, size) > sext_sized(v, size) ? old : v;
    case A64_LDSMIN: return sext_sized(old, size) < sext_sized(v, size) ? old : v;
    case A64_LDUMAX: return old > v ? old : v;
    case A64_LDUMIN: return old < v ? old : v;
    default: return v;
    }
}

/* One compare-and-swap loop serves every operation and size: the
 * operand is truncated to the size, the old value comes back
 * zero-extended. */
static uint64_t helper_atomic(uint64_t env, uint64_t addr, uint64_t val, uint64_t opsize)
{
    unsigned size = opsize & 3;
    A64AtomicOp op = (A64AtomicOp)(opsize >> 2);
    void *p = cpu_atomic_host_addr(a64_env(env), addr, 1u << size, RW);
    uint64_t mask = size == 3 ? UINT64_MAX : (1ull << (8u << size)) - 1;
    uint64_t old = load_sized(p, size);
    val &= mask;
    while (!cas_sized(p, &old, atomic_result(op, old, val, size) & mask, size))
        ;
    return old;
}
const IRHelper a64_helper_atomic = { "atomic", (void *)helper_atomic, 4, 1, IR_CALL_NO_WRITE_GLOBALS };

static uint64_t helper_cas(uint64_t env, uint64_t addr, uint64_t expected, uint64_t desired, uint64_t size)
{
    void *p = cpu_atomic_host_addr(a64_env(env), addr, 1u << size, RW);
    uint64_t mask = size == 3 ? UINT64_MAX : (1ull << (8u << size)) - 1;
    uint64_t old = expected & mask;
    cas_sized(p, &old, desired & mask, (unsigned)size);
    return old;
}
const IRHelper a64_helper_cas = { "cas", (void *)helper_cas, 5, 1, IR_CALL_NO_WRITE_GLOBALS };

static uint64_t reg(const A64State *s, unsigned r) { return r == 31 ? 0 : s->x[r]; }

static void helper_casp(uint64_t env, uint64_t addr, uint64_t regs, uint64_t x)
{
    CPUState *cpu = a64_env(env);
    A64State *s = A64(cpu);
    unsigned rs = (unsigned)(regs >> 8), rt = regs & 0xff;
    uint64_t lo, hi;
    if (x) {
        unsigned __int128 *p = cpu_atomic_host_addr(cpu, addr, 16, RW);
        unsigned __int128 e = (unsigned __int128)reg(s, rs + 1) << 64 | reg(s, rs);
        unsigned __int128 old = __sync_val_compare_and_swap(
            p, e, (unsigned __int128)reg(s, rt + 1) << 64 | reg(s, rt));
        lo = (uint64_t)old;
        hi = (uint64_t)(old >> 64);
    } else {
        uint64_t *p = cpu_atomic_host_addr(cpu, addr, 8, RW);
        uint64_t old = (uint32_t)reg(s, rs) | reg(s, rs + 1) << 32;
        __atomic_compare_exchange_n(p, &old, (uint32_t)reg(s, rt) | reg(s, rt + 1) << 32, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        lo = (uint32_t)old;
        hi = old >> 32;
    }
    if (rs != 31)
        s->x[rs] = lo;
    if (rs + 1 != 31)
        s->x[rs + 1] = hi;
}
const IRHelper a64_helper_casp = { "casp", (void *)helper_casp, 4, 0, 0 };

static uint64_t helper_cntvct(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) / (1000000000u / A64_CNTFRQ);
}
const IRHelper a64_helper_cntvct = { "cntvct", (void *)helper_cntvct, 0, 1,
                                     IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
