/*
 * The riscv64 Linux ABI: syscalls through ecall (number in a7, arguments
 * in a0..a5, result in a0), the registers a new process, thread or signal
 * handler starts with, and the UserArch table that hands all of it, with
 * signal.c's frame code, to the generic linux-user runtime.
 */
#include "guest/riscv64/cpu.h"
#include "user/arch.h"
#include "user/riscv64/riscv64-user.h"

extern const GuestArch guest_riscv64;

static void rv_syscall_enter(CPUState *cpu, int64_t *nr, uint64_t a[6])
{
    RVState *env = RV(cpu);
    env->res_addr = UINT64_MAX;     /* as the kernel's trap return does */
    *nr = (int64_t)env->x[RV_A7];
    for (int i = 0; i < 6; i++)
        a[i] = env->x[RV_A0 + i];
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

static void rv_cpuinfo(FILE *f, int i)
{
    fprintf(f, "processor\t: %d\nhart\t\t: %d\nisa\t\t: %s\nmmu\t\t: sv39\n\n", i, i,
            guest_riscv64.hwcap_string());
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
    .cpuinfo = rv_cpuinfo,
    .arch_syscalls = rv_syscalls,
    .n_arch_syscalls = sizeof(rv_syscalls) / sizeof(rv_syscalls[0]),
    .syscall_enter = rv_syscall_enter,
    .syscall_insn_len = 4,
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
