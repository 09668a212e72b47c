/*
 * riscv64 helpers for the A extension, the counter csrs and misaligned
 * jumps. Atomics work directly on the host view of guest memory with the
 * compiler's __atomic builtins, so they are atomic against every other
 * guest thread; those builtins are sequentially consistent, which covers
 * any aq/rl ordering.
 * LR records the address and loaded value; SC succeeds only if its address
 * matches the reservation and a host compare-and-swap from the loaded value
 * still succeeds, and always drops the reservation.
 */
#include "guest/riscv64/helpers.h"

#include <signal.h>
#include <stdbool.h>
#include <time.h>

#include "exec/memory.h"

static uint64_t helper_lr_w(uint64_t env, uint64_t addr)
{
    CPUState *cpu = rv_env(env);
    int32_t *p = cpu_atomic_host_addr(cpu, addr, 4, PAGE_READ);
    int32_t v = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    RV(cpu)->res_addr = addr;
    RV(cpu)->res_val = (uint32_t)v;
    return (uint64_t)(int64_t)v;
}

static uint64_t helper_lr_d(uint64_t env, uint64_t addr)
{
    CPUState *cpu = rv_env(env);
    uint64_t *p = cpu_atomic_host_addr(cpu, addr, 8, PAGE_READ);
    uint64_t v = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    RV(cpu)->res_addr = addr;
    RV(cpu)->res_val = v;
    return v;
}

static uint64_t helper_sc_w(uint64_t env, uint64_t addr, uint64_t val)
{
    CPUState *cpu = rv_env(env);
    uint32_t *p = cpu_atomic_host_addr(cpu, addr, 4, PAGE_WRITE);
    bool reserved = RV(cpu)->res_addr == addr;
    uint32_t expected = (uint32_t)RV(cpu)->res_val;
    RV(cpu)->res_addr = UINT64_MAX;
    if (!reserved)
        return 1;
    return __atomic_compare_exchange_n(p, &expected, (uint32_t)val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ? 0 : 1;
}

static uint64_t helper_sc_d(uint64_t env, uint64_t addr, uint64_t val)
{
    CPUState *cpu = rv_env(env);
    uint64_t *p = cpu_atomic_host_addr(cpu, addr, 8, PAGE_WRITE);
    bool reserved = RV(cpu)->res_addr == addr;
    uint64_t expected = RV(cpu)->res_val;
    RV(cpu)->res_addr = UINT64_MAX;
    if (!reserved)
        return 1;
    return __atomic_compare_exchange_n(p, &expected, val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ? 0 : 1;
}

/* One AMO of width T (unsigned) / ST (signed) on host pointer p. min/max
 * have no builtin: they loop on compare-and-swap. */
#define AMO_BODY(T, ST)                                                              \
    switch ((RVAmoOp)op) {                                                           \
    case RV_AMO_SWAP: return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);            \
    case RV_AMO_ADD: return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);              \
    case RV_AMO_XOR: return __atomic_fetch_xor(p, v, __ATOMIC_SEQ_CST);              \
    case RV_AMO_AND: return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);              \
    case RV_AMO_OR: return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);                \
    default: break;                                                                  \
    }                                                                                \
    T old = __atomic_load_n(p, __ATOMIC_RELAXED), new;                               \
    do {                                                                             \
        switch ((RVAmoOp)op) {                                                       \
        case RV_AMO_MIN: new = (ST)old < (ST)v ? old : v; break;                     \
        case RV_AMO_MAX: new = (ST)old > (ST)v ? old : v; break;                     \
        case RV_AMO_MINU: new = old < v ? old : v; break;                            \
        default: new = old > v ? old : v; break;                                     \
        }                                                                            \
    } while (!__atomic_compare_exchange_n(p, &old, new, false, __ATOMIC_SEQ_CST,     \
                                          __ATOMIC_RELAXED));                        \
    return old;

static uint32_t amo32(uint32_t *p, uint32_t v, uint64_t op) { AMO_BODY(uint32_t, int32_t) }
static uint64_t amo64(uint64_t *p, uint64_t v, uint64_t op) { AMO_BODY(uint64_t, int64_t) }

static uint64_t helper_amo_w(uint64_t env, uint64_t addr, uint64_t val, uint64_t op)
{
    uint32_t *p = cpu_atomic_host_addr(rv_env(env), addr, 4, PAGE_READ | PAGE_WRITE);
    return (uint64_t)(int64_t)(int32_t)amo32(p, (uint32_t)val, op);
}

static uint64_t helper_amo_d(uint64_t env, uint64_t addr, uint64_t val, uint64_t op)
{
    uint64_t *p = cpu_atomic_host_addr(rv_env(env), addr, 8, PAGE_READ | PAGE_WRITE);
    return amo64(p, val, op);
}

/* They read the pc global (to raise precisely) but write no global. */
const IRHelper rv_helper_lr_w = { "lr_w", (void *)helper_lr_w, 2, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper rv_helper_lr_d = { "lr_d", (void *)helper_lr_d, 2, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper rv_helper_sc_w = { "sc_w", (void *)helper_sc_w, 3, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper rv_helper_sc_d = { "sc_d", (void *)helper_sc_d, 3, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper rv_helper_amo_w = { "amo_w", (void *)helper_amo_w, 4, 1, IR_CALL_NO_WRITE_GLOBALS };
const IRHelper rv_helper_amo_d = { "amo_d", (void *)helper_amo_d, 4, 1, IR_CALL_NO_WRITE_GLOBALS };

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Counters only need to be monotonic. time ticks at 10 MHz, the timebase
 * of QEMU's virt board, so code that assumes a typical rate is not misled;
 * cycle and instret count host nanoseconds. */
static uint64_t helper_rdcycle(void) { return monotonic_ns(); }
static uint64_t helper_rdtime(void) { return monotonic_ns() / 100; }
static uint64_t helper_rdinstret(void) { return monotonic_ns(); }

uint64_t rv_counter_read(unsigned which)
{
    return which == RV_COUNTER_TIME ? helper_rdtime() : helper_rdcycle();
}

#define COUNTER_FLAGS (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)
const IRHelper rv_helper_rdcycle = { "rdcycle", (void *)helper_rdcycle, 0, 1, COUNTER_FLAGS };
const IRHelper rv_helper_rdtime = { "rdtime", (void *)helper_rdtime, 0, 1, COUNTER_FLAGS };
const IRHelper rv_helper_rdinstret = { "rdinstret", (void *)helper_rdinstret, 0, 1, COUNTER_FLAGS };

/* The ISA raises a misaligned target on the jump, not at the target, and
 * Linux turns it into SIGBUS with si_addr at the jump. */
static _Noreturn void helper_jump_misaligned(uint64_t env)
{
    CPUState *cpu = rv_env(env);
    cpu_raise(cpu, EXCP_BUS, RV(cpu)->pc, BUS_ADRALN);
}
const IRHelper rv_helper_jump_misaligned = { "jump_misaligned", (void *)helper_jump_misaligned, 1, 0,
                                             IR_CALL_NO_WRITE_GLOBALS };
