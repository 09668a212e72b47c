/*
 * The riscv64 guest as the rest of peek sees it: the GuestArch table (IR
 * globals, translation, disassembly, reset; the CPU model and its hwcaps
 * are in cpu-model.c). Its Linux ABI is src/user/riscv64/.
 */
#include <elf.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/guest.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/regs.h"
#include "guest/riscv64/trans.h"

static _Noreturn void rv_fatal(const char *what)
{
    fprintf(stderr, "peek: internal error: riscv64: %s\n", what);
    abort();
}

/* Registers the globals in the order trans.h relies on. */
static void rv_init_ir(IRContext *s)
{
    if (s->nb_globals != 0)
        rv_fatal("init_ir needs a fresh IR context");
    for (unsigned i = 1; i < 32; i++)
        if (ir_new_global(s, (uint32_t)offsetof(RVState, x[i]), rv_xreg_name[i]) != i)
            rv_fatal("unexpected x register temp");
    if (ir_new_global(s, offsetof(RVState, pc), "pc") != RV_T_PC)
        rv_fatal("unexpected pc temp");
    for (unsigned i = 0; i < 32; i++)
        if (ir_new_global(s, (uint32_t)offsetof(RVState, f[i]), rv_freg_name[i]) != gen_f(i))
            rv_fatal("unexpected f register temp");
    /* after the registers, whose temp numbers trans.h fixes */
    static const char *const narrow_names[2] = { "lo0", "lo1" };
    for (unsigned i = 0; i < 2 && i < IR_NARROW_COPIES; i++)
        s->narrow_copy[i] = ir_new_global(s, (uint32_t)offsetof(RVState, narrow[i]), narrow_names[i]);
    /* fflags and frm are not globals: only csr instructions (ld_env/st_env)
     * and the FP helpers touch them, so FP helpers need not make a backend
     * write back or reload the guest registers it caches. */
}

static void rv_cpu_reset(CPUState *cpu)
{
    RVState *env = RV(cpu);
    memset(env, 0, sizeof(*env));
    env->res_addr = UINT64_MAX;
}

static void rv_host_fp_status_lost(CPUState *cpu, uint32_t status)
{
    RV(cpu)->fflags |= rv_fp_flags_from_host(status);
    rv_fp_restore_host(status);
}

static unsigned rv_guest_insn_len(const uint8_t *head) { return rv_insn_len(head[0]); }

static void rv_guest_disas(char *buf, size_t n, uint64_t pc, const uint8_t *bytes, unsigned len)
{
    uint32_t raw = 0;
    memcpy(&raw, bytes, len < sizeof(raw) ? len : sizeof(raw));
    rv_disas(buf, n, pc, raw);
}

const GuestArch guest_riscv64 = {
    .name = "riscv64",
    .elf_machine = EM_RISCV,
    .state_size = sizeof(RVState),
    .pc_off = offsetof(RVState, pc),
    .insn_unit = 2,
    .insn_max = 4,
    .insn_len = rv_guest_insn_len,
    .init_ir = rv_init_ir,
    .translate = rv_translate,
    .disas = rv_guest_disas,
    .log_addr_digits = 16,
    .log_hex_width = 18,
    .log_mnemonic_width = 24,
    .dump_state = rv_dump_state,
    .cpu_reset = rv_cpu_reset,
    .cpu_configure = rv_cpu_configure,
    .cpu_help = rv_cpu_help,
    .hwcap_string = rv_hwcap_string,
    .hwcap = rv_hwcap,
    .hwcap2 = NULL,
    .regs = rv_regs,
    .n_regs = RV_N_REGS,
    .reg_read = rv_reg_read,
    .reg_write = rv_reg_write,
    .gdb_arch = "riscv:rv64",
    .reg_types = rv_reg_types,
    .host_fp_status_lost = rv_host_fp_status_lost,
};
