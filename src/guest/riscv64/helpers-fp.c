/*
 * The floating-point helpers called from translated F/D instructions: thin
 * wrappers over the soft-float library (fpu.h), one per RV_FP_HELPERS entry
 * in helpers.h. They resolve the rounding mode (7 = the frm csr; anything
 * that resolves past RMM raises SIGILL, the translator having stored the
 * insn's pc) and accrue exception flags into fflags.
 *
 * fflags and frm are env fields, not IR globals, so a helper touches no
 * guest register: each rounding helper has two descriptors, [0] for a
 * static rounding mode (cannot raise: no globals read or written) and [1]
 * for the dynamic one (may raise SIGILL, so the guest registers must be in
 * env before it: reads globals, writes none).
 */
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/helpers.h"

#include "exec/tb.h"

#define FP_STATIC_RM (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)
#define FP_DYN_RM IR_CALL_NO_WRITE_GLOBALS
#define FP_DESCS(name, nargs) \
    const IRHelper rv_helper_##name[2] = { { #name, (void *)helper_##name, nargs, 1, FP_STATIC_RM }, \
                                           { #name, (void *)helper_##name, nargs, 1, FP_DYN_RM } };

static uint64_t helper_fflags_read(uint64_t env)
{
    const RVState *rv = RV(rv_env(env));
    return rv->fflags | rv_fp_flags_pending();
}
const IRHelper rv_helper_fflags_read = { "fflags_read", (void *)helper_fflags_read, 1, 1,
                                         FP_STATIC_RM };

static uint64_t helper_fflags_write(uint64_t env, uint64_t v)
{
    rv_fp_flags_write(&RV(rv_env(env))->fflags, v & 0x1f);
    return 0;
}
const IRHelper rv_helper_fflags_write = { "fflags_write", (void *)helper_fflags_write, 2, 0,
                                          FP_STATIC_RM };

/* Set while no thread has put frm in a mode the host FPU lacks (RMM) or an
 * invalid one: until then the translator runs dynamic-mode binary64
 * arithmetic inline on the host FPU, which follows frm. Process-wide, since
 * translations are shared by all threads; it only ever goes from true to
 * false, followed by a flush of every translation. */
bool rv_fp_inline = true;

void rv_set_frm(CPUState *cpu, uint64_t frm)
{
    RV(cpu)->frm = frm & 7;
    rv_fp_set_host_mode((unsigned)(frm & 7));
    if ((frm & 7) > RV_RM_RUP && __atomic_exchange_n(&rv_fp_inline, false, __ATOMIC_RELAXED))
        tb_flush_soon();
}

static uint64_t helper_frm_write(uint64_t env, uint64_t v)
{
    rv_set_frm(rv_env(env), v);
    return 0;
}
const IRHelper rv_helper_frm_write = { "frm_write", (void *)helper_frm_write, 2, 0, FP_STATIC_RM };

static unsigned resolve_rm(CPUState *cpu, uint64_t rm)
{
    if (rm == RV_RM_DYN)
        rm = RV(cpu)->frm;
    if (rm > RV_RM_RMM)
        cpu_raise(cpu, EXCP_ILLEGAL, RV(cpu)->pc, 0);
    return (unsigned)rm;
}

#define FP_RM3(name)                                                                    \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t b, uint64_t c,     \
                                  uint64_t rm)                                          \
    {                                                                                   \
        CPUState *cpu = rv_env(env);                                                    \
        return rv_##name(a, b, c, resolve_rm(cpu, rm), &RV(cpu)->fflags);           \
    }                                                                                   \
    FP_DESCS(name, 5)

#define FP_RM2(name)                                                                    \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t b, uint64_t rm)    \
    {                                                                                   \
        CPUState *cpu = rv_env(env);                                                    \
        return rv_##name(a, b, resolve_rm(cpu, rm), &RV(cpu)->fflags);              \
    }                                                                                   \
    FP_DESCS(name, 4)

#define FP_RM1(name)                                                                    \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t rm)                \
    {                                                                                   \
        CPUState *cpu = rv_env(env);                                                    \
        return rv_##name(a, resolve_rm(cpu, rm), &RV(cpu)->fflags);                 \
    }                                                                                   \
    FP_DESCS(name, 3)

#define FP_FL2(name)                                                                    \
    static uint64_t helper_##name(uint64_t env, uint64_t a, uint64_t b)                 \
    {                                                                                   \
        return rv_##name(a, b, &RV(rv_env(env))->fflags);                           \
    }                                                                                   \
    const IRHelper rv_helper_##name = { #name, (void *)helper_##name, 3, 1, FP_STATIC_RM };

#define FP_PURE2(name)                                                                  \
    const IRHelper rv_helper_##name = { #name, (void *)rv_##name, 2, 1, IR_CALL_PURE };

#define FP_PURE1(name)                                                                  \
    const IRHelper rv_helper_##name = { #name, (void *)rv_##name, 1, 1, IR_CALL_PURE };

#define FP_HELPER(name, shape) FP_##shape(name)
RV_FP_HELPERS(FP_HELPER)
