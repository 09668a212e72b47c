/*
 * The aarch64 guest's floating-point state in the host FPU (see
 * fp-host.h and docs/design-notes.md, "aarch64 floating point"): keeping
 * MXCSR's rounding mode in step with FPCR, folding MXCSR's pending flags
 * into FPSR wherever FPSR is looked at, and the exact fallback of the
 * inline operations.
 *
 * MXCSR's exception flags map one to one onto FPSR's cumulative bits for
 * the operations that run inline, with two exceptions the inline code
 * never lets through: NaN results (Arm and x86 pick different NaNs) and
 * results at or below the smallest normal (Arm detects tininess before
 * rounding, x86 after) go to a64_helper_fp_exact, whose flags are a
 * superset of the host's for the same operation. DE, the host's
 * denormal-operand flag, has no counterpart (IDC is only raised under FZ,
 * which turns the inline operations off) and is ignored.
 */
#include "guest/aarch64/fp-host.h"

#include "exec/tb.h"
#include "guest/aarch64/fpu.h"
#include "guest/aarch64/helpers.h"

bool a64_fp_inline = true;

#define MXCSR_FLAGS 0x3fu
#define MXCSR_RC_SHIFT 13

static uint32_t host_mxcsr(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static void host_set_mxcsr(uint32_t m) { __asm__ volatile("ldmxcsr %0" : : "m"(m)); }

/* IE ZE OE UE PE (bits 0, 2-5) to IOC DZC OFC UFC IXC (bits 0-4). */
static uint32_t fpsr_of_mxcsr(uint32_t m) { return (m & 1) | (m >> 1 & 0x1e); }

uint32_t a64_fpsr_read(const A64State *s) { return s->fpsr | fpsr_of_mxcsr(host_mxcsr()); }

/* MXCSR is written only when a pending flag is not in v: a program that
 * saves FPSR and puts it back (fegetexceptflag / fesetexceptflag around
 * a computation) costs one stmxcsr. */
void a64_fpsr_write(A64State *s, uint32_t v)
{
    uint32_t m = host_mxcsr();
    if (fpsr_of_mxcsr(m) & ~v)
        host_set_mxcsr(m & ~MXCSR_FLAGS);
    s->fpsr = v;
}

void a64_fpcr_write(A64State *s, uint32_t v)
{
    /* RMode RN, RP, RM, RZ as MXCSR's rounding control */
    static const uint8_t rc[4] = { 0, 2, 1, 3 };
    s->fpcr = v;
    uint32_t m = host_mxcsr();
    uint32_t want = (m & ~(3u << MXCSR_RC_SHIFT)) | (uint32_t)rc[v >> A64_FPCR_RMODE_SHIFT & 3] << MXCSR_RC_SHIFT;
    if (want != m)
        host_set_mxcsr(want);
    if ((v & (A64_FPCR_FZ | A64_FPCR_DN)) && __atomic_exchange_n(&a64_fp_inline, false, __ATOMIC_RELAXED))
        tb_flush_soon();
}

void a64_host_fp_status_lost(CPUState *cpu, uint32_t status)
{
    A64(cpu)->fpsr |= fpsr_of_mxcsr(status);
    host_set_mxcsr(status & ~MXCSR_FLAGS);
}

static uint64_t helper_fpsr_read(uint64_t env) { return a64_fpsr_read(A64(a64_env(env))); }

static uint64_t helper_fpsr_write(uint64_t env, uint64_t v)
{
    a64_fpsr_write(A64(a64_env(env)), (uint32_t)v);
    return 0;
}

static uint64_t helper_fpcr_write(uint64_t env, uint64_t v)
{
    a64_fpcr_write(A64(a64_env(env)), (uint32_t)v);
    return 0;
}

static uint64_t helper_fp_exact(uint64_t env, uint64_t opc, uint64_t x, uint64_t y)
{
    A64State *s = A64(a64_env(env));
    A64FP fp = { .fpcr = s->fpcr };
    int f = ir_float_single((IROpcode)opc) ? A64_FS : A64_FD;
    if (f == A64_FS) {
        x &= 0xffffffffu;
        y &= 0xffffffffu;
    }
    uint64_t r;
    switch (opc) {
    case IR_fadd64: case IR_fadd32: r = a64_fadd(f, x, y, &fp); break;
    case IR_fsub64: case IR_fsub32: r = a64_fsub(f, x, y, &fp); break;
    case IR_fmul64: case IR_fmul32: r = a64_fmul(f, x, y, &fp); break;
    case IR_fdiv64: case IR_fdiv32: r = a64_fdiv(f, x, y, &fp); break;
    default: r = a64_fsqrt(f, x, &fp); break;
    }
    s->fpsr |= fp.flags;
    return r;
}

#define FP_STATE (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS)
const IRHelper a64_helper_fpsr_read = { "fpsr_read", (void *)helper_fpsr_read, 1, 1, FP_STATE };
const IRHelper a64_helper_fpsr_write = { "fpsr_write", (void *)helper_fpsr_write, 2, 0, FP_STATE };
const IRHelper a64_helper_fpcr_write = { "fpcr_write", (void *)helper_fpcr_write, 2, 0, FP_STATE };
const IRHelper a64_helper_fp_exact = { "fp_exact", (void *)helper_fp_exact, 4, 1, FP_STATE };
