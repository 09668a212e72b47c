/*
 * The riscv64 guest as the rest of peek sees it: the GuestArch table (IR
 * globals, translation, disassembly, reset; the CPU model and its hwcaps
 * are in cpu-model.c) and the cpu loop that runs translated code and turns
 * its exits into Linux behaviour: syscalls through ecall (number in a7,
 * arguments in a0..a5, result in a0), and synchronous faults into signals.
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
#include "plugin/plugin.h"
#include "guest/riscv64/trans.h"
#include "user/user.h"

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
        if (ir_new_global(s, (uint32_t)offsetof(CPUState, arch.rv.x[i]), rv_xreg_name[i]) != i)
            rv_fatal("unexpected x register temp");
    if (ir_new_global(s, offsetof(CPUState, arch.rv.pc), "pc") != RV_T_PC)
        rv_fatal("unexpected pc temp");
    for (unsigned i = 0; i < 32; i++)
        if (ir_new_global(s, (uint32_t)offsetof(CPUState, arch.rv.f[i]), rv_freg_name[i]) != gen_f(i))
            rv_fatal("unexpected f register temp");
    /* fflags and frm are not globals: only csr instructions (ld_env/st_env)
     * and the FP helpers touch them, so FP helpers need not make a backend
     * write back or reload the guest registers it caches. */
}

static void rv_cpu_reset(CPUState *cpu, uint64_t entry, uint64_t sp)
{
    RVState *env = &cpu->arch.rv;
    memset(env, 0, sizeof(*env));
    env->pc = entry;
    env->x[2] = sp;
    env->res_addr = UINT64_MAX;
}

static uint64_t rv_get_pc(const CPUState *cpu) { return cpu->arch.rv.pc; }
static void rv_set_pc(CPUState *cpu, uint64_t pc) { cpu->arch.rv.pc = pc; }

static void rv_host_fp_status_lost(CPUState *cpu, uint32_t status)
{
    cpu->arch.rv.fflags |= rv_fp_flags_from_host(status);
    rv_fp_restore_host(status);
}

_Noreturn void rv_cpu_loop(CPUState *cpu)
{
    RVState *env = &cpu->arch.rv;
    for (;;) {
        int excp = cpu_exec(cpu);
        switch (excp) {
        case EXCP_SYSCALL: {
            env->res_addr = UINT64_MAX;     /* as the kernel's trap return does */
            const uint64_t args[6] = { env->x[10], env->x[11], env->x[12],
                                       env->x[13], env->x[14], env->x[15] };
            uint64_t ecall_pc = env->pc;
            int64_t r = user_syscall(cpu, (int64_t)env->x[17], args);
            if (r != SYS_ERESTART && r != SYS_ESIGRETURN) {
                env->x[10] = (uint64_t)r;
                env->pc += 4;       /* ecall has no compressed form */
            }
            plugin_discon(cpu, PLUGIN_DISCON_HOSTCALL, ecall_pc, env->pc);
            break;
        }
        case EXCP_ILLEGAL:
            user_force_sig(cpu, SIGILL, ILL_ILLOPC, env->pc);
            break;
        case EXCP_BREAKPOINT:
            user_force_sig(cpu, SIGTRAP, TRAP_BRKPT, env->pc);
            break;
        case EXCP_SEGV:
            user_force_sig(cpu, SIGSEGV, cpu->excp_code, cpu->excp_addr);
            break;
        case EXCP_BUS:
            user_force_sig(cpu, SIGBUS, cpu->excp_code, cpu->excp_addr);
            break;
        case EXCP_FPE:
            user_force_sig(cpu, SIGFPE, cpu->excp_code, cpu->excp_addr);
            break;
        case EXCP_INTERRUPT:
            break;
        default:
            rv_fatal("unexpected exit from cpu_exec");
        }
        user_process_signals(cpu);
    }
}

const GuestArch guest_riscv64 = {
    .name = "riscv64",
    .elf_machine = EM_RISCV,
    .init_ir = rv_init_ir,
    .translate = rv_translate,
    .disas = rv_disas,
    .cpu_reset = rv_cpu_reset,
    .cpu_loop = rv_cpu_loop,
    .get_pc = rv_get_pc,
    .set_pc = rv_set_pc,
    .cpu_configure = rv_cpu_configure,
    .cpu_help = rv_cpu_help,
    .hwcap_string = rv_hwcap_string,
    .hwcap = rv_hwcap,
    .regs = rv_regs,
    .n_regs = RV_N_REGS,
    .reg_read = rv_reg_read,
    .reg_write = rv_reg_write,
    .host_fp_status_lost = rv_host_fp_status_lost,
};
