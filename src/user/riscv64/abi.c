/*
 * The riscv64 Linux ABI: the cpu loop that turns the translated code's
 * exits into Linux behaviour (syscalls through ecall: number in a7,
 * arguments in a0..a5, result in a0; synchronous faults into signals), the
 * registers a new process, thread or signal handler starts with, and the
 * UserArch table that hands all of it, with signal.c's frame code, to the
 * generic linux-user runtime.
 */
#include <elf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest/riscv64/cpu.h"
#include "plugin/plugin.h"
#include "user/arch.h"
#include "user/riscv64/riscv64-user.h"
#include "user/user.h"

extern const GuestArch guest_riscv64;

static _Noreturn void rv_cpu_loop(CPUState *cpu)
{
    RVState *env = RV(cpu);
    for (;;) {
        int excp = cpu_exec(cpu);
        switch (excp) {
        case EXCP_SYSCALL: {
            env->res_addr = UINT64_MAX;     /* as the kernel's trap return does */
            const uint64_t args[6] = { env->x[RV_A0], env->x[RV_A0 + 1], env->x[RV_A0 + 2],
                                       env->x[RV_A0 + 3], env->x[RV_A0 + 4], env->x[RV_A0 + 5] };
            uint64_t ecall_pc = env->pc;
            int64_t r = user_syscall(cpu, (int64_t)env->x[RV_A7], args);
            if (r != SYS_ERESTART && r != SYS_ESIGRETURN) {
                env->x[RV_A0] = (uint64_t)r;
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
            fprintf(stderr, "peek: internal error: riscv64: unexpected exit %d from cpu_exec\n", excp);
            abort();
        }
        user_process_signals(cpu);
    }
}

static void rv_start(CPUState *cpu, uint64_t sp) { RV(cpu)->x[RV_SP] = sp; }
static uint64_t rv_get_sp(const CPUState *cpu) { return RV(cpu)->x[RV_SP]; }
static void rv_set_sp(CPUState *cpu, uint64_t sp) { RV(cpu)->x[RV_SP] = sp; }
static void rv_set_tls(CPUState *cpu, uint64_t tls) { RV(cpu)->x[RV_TP] = tls; }

/* The cpu loop stops at an ecall with pc on it and moves past it only
 * after the syscall returns, so a child created inside the syscall starts
 * past it itself. */
static void rv_clone_child(CPUState *child)
{
    RVState *rv = RV(child);
    rv->x[RV_A0] = 0;
    rv->pc += 4;
    rv->res_addr = (uint64_t)-1;
}

static void rv_syscall_return(CPUState *cpu, int64_t ret)
{
    RV(cpu)->x[RV_A0] = (uint64_t)ret;
    RV(cpu)->pc += 4;
}

/* Nothing to do: translations of a page are dropped when it is written. */
static int64_t sys_riscv_flush_icache(SYSCALL_ARGS) { return 0; }

static const SyscallDef rv_syscalls[] = {
#define SYSCALL(n, name, fmt) { #name, sys_##name, fmt, n },
#include "user/riscv64/syscalls.def"
#undef SYSCALL
};

const UserArch user_arch_riscv64 = {
    .guest = &guest_riscv64,
    .uname_machine = "riscv64",
    .ld_prefix = "/usr/riscv64-linux-gnu",
    .minsigstksz = 2048,
    .sa_restorer = false,
    .clone_ptid = 2, .clone_tls = 3, .clone_ctid = 4,
    .arch_syscalls = rv_syscalls,
    .n_arch_syscalls = sizeof(rv_syscalls) / sizeof(rv_syscalls[0]),
    .cpu_loop = rv_cpu_loop,
    .start = rv_start,
    .get_sp = rv_get_sp,
    .set_sp = rv_set_sp,
    .set_tls = rv_set_tls,
    .clone_child = rv_clone_child,
    .syscall_return = rv_syscall_return,
    .sig_init = rv_sig_init,
    .setup_rt_frame = rv_setup_rt_frame,
    .restore_rt_frame = rv_restore_rt_frame,
};
