/*
 * riscv64 register access by debugger number (see regs.h). Writes keep
 * the architectural invariants: x0 stays zero, fflags keeps five bits and
 * frm three, fcsr is the two of them packed (frm << 5 | fflags), and the
 * read-only ones (priv, the counters) ignore them.
 */
#include "guest/riscv64/regs.h"
#include "guest/riscv64/decode.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/helpers.h"

#include <inttypes.h>
#include <string.h>

#define CPU_FEATURE "org.gnu.gdb.riscv.cpu"
#define FPU_FEATURE "org.gnu.gdb.riscv.fpu"
#define VIRT_FEATURE "org.gnu.gdb.riscv.virtual"
#define CSR_FEATURE "org.gnu.gdb.riscv.csr"
#define X(n) { n, CPU_FEATURE, 8, false, NULL }
#define P(n) { n, CPU_FEATURE, 8, false, "data_ptr" }
#define F(n) { n, FPU_FEATURE, 8, false, "riscv_double" }
#define CSR(n, ro) { n, CSR_FEATURE, 8, ro, NULL }

const GuestReg rv_regs[RV_N_REGS] = {
    X("zero"), { "ra", CPU_FEATURE, 8, false, "code_ptr" }, P("sp"), P("gp"), P("tp"),
    X("t0"), X("t1"), X("t2"),
    P("fp"), X("s1"), X("a0"), X("a1"), X("a2"), X("a3"), X("a4"), X("a5"),
    X("a6"), X("a7"), X("s2"), X("s3"), X("s4"), X("s5"), X("s6"), X("s7"),
    X("s8"), X("s9"), X("s10"), X("s11"), X("t3"), X("t4"), X("t5"), X("t6"),
    /* Only a change of control flow may move the pc: qemu_plugin_set_pc. */
    { "pc", CPU_FEATURE, 8, true, "code_ptr" },
    F("ft0"), F("ft1"), F("ft2"), F("ft3"), F("ft4"), F("ft5"), F("ft6"), F("ft7"),
    F("fs0"), F("fs1"), F("fa0"), F("fa1"), F("fa2"), F("fa3"), F("fa4"), F("fa5"),
    F("fa6"), F("fa7"), F("fs2"), F("fs3"), F("fs4"), F("fs5"), F("fs6"), F("fs7"),
    F("fs8"), F("fs9"), F("fs10"), F("fs11"), F("ft8"), F("ft9"), F("ft10"), F("ft11"),
    { "priv", VIRT_FEATURE, 8, false, NULL },
    CSR("fflags", false), CSR("frm", false), CSR("fcsr", false),
    CSR("cycle", false), CSR("time", false), CSR("instret", false),
};

const GuestRegTypes rv_reg_types[] = {
    { FPU_FEATURE, "<union id=\"riscv_double\">"
                   "<field name=\"float\" type=\"ieee_single\"/>"
                   "<field name=\"double\" type=\"ieee_double\"/>"
                   "</union>" },
    { NULL, NULL },
};

/* The host is little-endian like the guest, so values copy as they are. */
void rv_reg_read(const CPUState *cpu, unsigned i, uint8_t *buf)
{
    const RVState *env = RV(cpu);
    uint64_t v;
    if (i < 32)
        v = env->x[i];
    else if (i == RV_REG_PC)
        v = env->pc;
    else if (i < RV_REG_PRIV)
        v = env->f[i - RV_REG_F0];
    else if (i == RV_REG_PRIV)
        v = 0;   /* U-mode */
    else if (i == RV_REG_FFLAGS)
        v = env->fflags | rv_fp_flags_pending();
    else if (i == RV_REG_FRM)
        v = env->frm;
    else if (i == RV_REG_FCSR)
        v = env->frm << 5 | env->fflags | rv_fp_flags_pending();
    else
        v = rv_counter_read(i - RV_REG_CYCLE);
    memcpy(buf, &v, 8);
}

void rv_reg_write(CPUState *cpu, unsigned i, const uint8_t *buf)
{
    RVState *env = RV(cpu);
    uint64_t v;
    memcpy(&v, buf, 8);
    if (i == 0 || i == RV_REG_PRIV || i >= RV_REG_CYCLE)
        return;
    if (i < 32)
        env->x[i] = v;
    else if (i == RV_REG_PC)
        env->pc = v;
    else if (i < RV_REG_PRIV)
        env->f[i - RV_REG_F0] = v;
    else if (i == RV_REG_FRM)
        rv_set_frm(cpu, v);
    else {
        rv_fp_flags_write(&env->fflags, v & 0x1f);
        if (i == RV_REG_FCSR)
            rv_set_frm(cpu, v >> 5);
    }
}

/* " pc       <hex>", then the x (and f) registers four to a line, each as
 * " x<n>/<abi name>" in 8 columns and 16 hex digits. */
void rv_dump_state(const CPUState *cpu, FILE *f, bool fpu)
{
    const RVState *env = RV(cpu);
    char name[16];
    fprintf(f, " %-8s %016" PRIx64 "\n", "pc", env->pc);
    for (unsigned i = 0; i < 32; i++) {
        snprintf(name, sizeof(name), "x%u/%s", i, rv_xreg_name[i]);
        fprintf(f, " %-8s %016" PRIx64 "%s", name, env->x[i], (i & 3) == 3 ? "\n" : "");
    }
    for (unsigned i = 0; fpu && i < 32; i++) {
        snprintf(name, sizeof(name), "f%u/%s", i, rv_freg_name[i]);
        fprintf(f, " %-8s %016" PRIx64 "%s", name, env->f[i], (i & 3) == 3 ? "\n" : "");
    }
}
