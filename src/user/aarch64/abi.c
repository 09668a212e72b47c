/*
 * The aarch64 Linux ABI: the cpu loop that turns the translated code's
 * exits into Linux behaviour (syscalls through svc #0: number in x8,
 * arguments in x0..x5, result in x0; brk, udf and faults into signals),
 * the registers a new process, thread or signal handler starts with, and
 * the UserArch table that hands all of it, with signal.c's frame code, to
 * the generic linux-user runtime.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest/aarch64/cpu.h"
#include "plugin/plugin.h"
#include "user/aarch64/aarch64-user.h"
#include "user/arch.h"
#include "user/user.h"
#include "util/util.h"

extern const GuestArch guest_aarch64;

static _Noreturn void a64_cpu_loop(CPUState *cpu)
{
    A64State *env = A64(cpu);
    for (;;) {
        int excp = cpu_exec(cpu);
        switch (excp) {
        case EXCP_SYSCALL: {
            env->excl_addr = UINT64_MAX;    /* an exception return clears the monitor */
            const uint64_t args[6] = { env->x[0], env->x[1], env->x[2],
                                       env->x[3], env->x[4], env->x[5] };
            uint64_t svc_pc = env->pc;
            int64_t r = user_syscall(cpu, (int64_t)env->x[8], args);
            if (r != SYS_ERESTART && r != SYS_ESIGRETURN) {
                env->x[0] = (uint64_t)r;
                env->pc += 4;
            }
            plugin_discon(cpu, PLUGIN_DISCON_HOSTCALL, svc_pc, env->pc);
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
            internal_error("aarch64: unexpected exit %d from cpu_exec", excp);
        }
        user_process_signals(cpu);
    }
}

static void a64_start(CPUState *cpu, uint64_t sp) { A64(cpu)->x[31] = sp; }
static uint64_t a64_get_sp(const CPUState *cpu) { return A64(cpu)->x[31]; }
static void a64_set_sp(CPUState *cpu, uint64_t sp) { A64(cpu)->x[31] = sp; }
static void a64_set_tls(CPUState *cpu, uint64_t tls) { A64(cpu)->tpidr_el0 = tls; }

/* The cpu loop stops at an svc with pc on it and moves past it only after
 * the syscall returns, so a child created inside the syscall starts past
 * it itself. */
static void a64_clone_child(CPUState *child)
{
    A64State *s = A64(child);
    s->x[0] = 0;
    s->pc += 4;
    s->excl_addr = UINT64_MAX;
}

static void a64_syscall_return(CPUState *cpu, int64_t ret)
{
    A64(cpu)->x[0] = (uint64_t)ret;
    A64(cpu)->pc += 4;
}

const UserArch user_arch_aarch64 = {
    .guest = &guest_aarch64,
    .uname_machine = "aarch64",
    .ld_prefix = "/usr/aarch64-linux-gnu",
    .minsigstksz = 5120,
    .sa_restorer = true,
    .clone_ptid = 2, .clone_tls = 3, .clone_ctid = 4,
    .arch_syscalls = NULL,
    .n_arch_syscalls = 0,
    .cpu_loop = a64_cpu_loop,
    .start = a64_start,
    .get_sp = a64_get_sp,
    .set_sp = a64_set_sp,
    .set_tls = a64_set_tls,
    .clone_child = a64_clone_child,
    .syscall_return = a64_syscall_return,
    .sig_init = a64_sig_init,
    .setup_rt_frame = a64_setup_rt_frame,
    .restore_rt_frame = a64_restore_rt_frame,
};
