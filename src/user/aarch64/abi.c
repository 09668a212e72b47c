/*
 * The aarch64 Linux ABI: syscalls through svc #0 (number in x8, arguments
 * in x0..x5, result in x0), the registers a new process, thread or signal
 * handler starts with, and the UserArch table that hands all of it, with
 * signal.c's frame code, to the generic linux-user runtime.
 */

#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/cpu.h"
#include "user/aarch64/aarch64-user.h"
#include "user/arch.h"

extern const GuestArch guest_aarch64;

static void a64_syscall_enter(CPUState *cpu, int64_t *nr, uint64_t a[6])
{
    A64State *env = A64(cpu);
    env->excl_addr = UINT64_MAX;    /* an exception clears the monitor */
    *nr = (int64_t)env->x[8];
    for (int i = 0; i < 6; i++)
        a[i] = env->x[i];
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

/* Linux's arm64 format; the part numbers come from the model's MIDR. */
static void a64_cpuinfo(FILE *f, int i)
{
    uint64_t m = a64_midr;
    fprintf(f, "processor\t: %d\nBogoMIPS\t: 50.00\nFeatures\t: %s\n"
               "CPU implementer\t: 0x%02x\nCPU architecture: 8\nCPU variant\t: 0x%x\n"
               "CPU part\t: 0x%03x\nCPU revision\t: %u\n\n",
            i, guest_aarch64.hwcap_string(), (unsigned)(m >> 24) & 0xff, (unsigned)(m >> 20) & 0xf,
            (unsigned)(m >> 4) & 0xfff, (unsigned)m & 0xf);
}

/* arm64's own O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE. */
static const UserOpenFlags a64_open_flags = { 040000, 0100000, 0200000, 0400000 };

static const SyscallDef a64_syscalls[] = {
#define SYSCALL(n, name, fmt) { #name, sys_##name, fmt, n },
#include "user/aarch64/syscalls.def"
#undef SYSCALL
};

const UserArch user_arch_aarch64 = {
    .guest = &guest_aarch64,
    .uname_machine = "aarch64",
    .ld_prefix = "/usr/aarch64-linux-gnu",
    .minsigstksz = 5120,
    .sa_restorer = true,
    .clone_ptid = 2, .clone_tls = 3, .clone_ctid = 4,
    .open_flags = &a64_open_flags,
    .cpuinfo = a64_cpuinfo,
    .arch_syscalls = a64_syscalls,
    .n_arch_syscalls = sizeof(a64_syscalls) / sizeof(a64_syscalls[0]),
    .syscall_enter = a64_syscall_enter,
    .syscall_insn_len = 4,
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
