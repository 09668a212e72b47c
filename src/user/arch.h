/*
 * One guest's Linux ABI, as the generic linux-user runtime needs it: which
 * registers carry a syscall and its result, the signal frame, the shapes of clone and sigaction, what uname
 * and the loader say, and the guest's own syscalls beyond the asm-generic
 * table. Each guest's table lives in src/user/<arch>/ and is
 * found through the generated guest list, by the GuestArch it points to.
 */
#ifndef PEEK_USER_ARCH_H
#define PEEK_USER_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "user/signal.h"
#include "user/syscall.h"

/* The open(2) flags whose values an ABI changes from asm-generic's (which
 * are x86-64's too): the guest's values of each. */
typedef struct UserOpenFlags {
    uint32_t directory, nofollow, direct, largefile;
} UserOpenFlags;

typedef struct UserArch {
    const GuestArch *guest;
    const char *uname_machine;      /* what uname(2) says the machine is */
    const char *ld_prefix;          /* default -L, used when the directory exists */
    uint32_t minsigstksz;           /* AT_MINSIGSTKSZ, sigaltstack's minimum */
    bool sa_restorer;               /* struct sigaction has sa_restorer before sa_mask */
    /* clone(flags, newsp, a2, a3, a4): which of a2..a4 are the parent tid,
     * the tls and the child tid pointers (asm-generic's CLONE_BACKWARDS
     * order is ptid 2, tls 3, ctid 4). */
    uint8_t clone_ptid, clone_tls, clone_ctid;
    /* Open flags that differ from asm-generic's, or NULL. */
    const UserOpenFlags *open_flags;
    /* /proc/cpuinfo's entry for processor i, in the guest's format, with
     * the features of the configured CPU model. */
    void (*cpuinfo)(FILE *f, int i);
    /* Syscalls of this guest only, beyond the asm-generic table (from its
     * own syscalls.def): looked up when the shared table has no entry. */
    const SyscallDef *arch_syscalls;
    unsigned n_arch_syscalls;

    /* The syscall the guest asks for at its syscall instruction (pc still
     * on it): number and arguments; and what taking the exception does to
     * the state (an exclusive reservation is dropped). */
    void (*syscall_enter)(CPUState *cpu, int64_t *nr, uint64_t a[6]);
    uint8_t syscall_insn_len;       /* bytes of the syscall instruction */
    /* Set up a new process's registers beyond pc (already the entry): the
     * stack pointer and whatever else the ABI starts a program with. */
    void (*start)(CPUState *cpu, uint64_t sp);
    uint64_t (*get_sp)(const CPUState *cpu);
    void (*set_sp)(CPUState *cpu, uint64_t sp);
    void (*set_tls)(CPUState *cpu, uint64_t tls);
    /* A new thread's registers (copied from its parent at the syscall):
     * syscall result 0, pc after the syscall instruction, no reservation. */
    void (*clone_child)(CPUState *child);
    /* End the current syscall now with result ret (pc past the syscall
     * instruction), for a syscall that a handled signal interrupts. */
    void (*syscall_return)(CPUState *cpu, int64_t ret);
    /* Once at start-up (guest memory ready): map the sigreturn trampoline. */
    int (*sig_init)(void);
    /* Build the rt frame for sig below sp and point the registers at the
     * handler; mask and st are what the frame saves for sigreturn.
     * 0 or -EFAULT (the frame could not be written). */
    int (*setup_rt_frame)(CPUState *cpu, uint64_t sp, int sig, const UserSigaction *ka,
                          const UserSiginfo *info, uint64_t mask, const UserStack *st);
    /* rt_sigreturn: restore every register from the frame at the stack
     * pointer, and hand back its mask and stack. 0 or -EFAULT. */
    int (*restore_rt_frame)(CPUState *cpu, uint64_t *mask, UserStack *st);
} UserArch;

/* The ABI of the guest being run: set once by user_select_arch() before
 * the guest starts, read-only afterwards (one guest per process). */
extern const UserArch *user_arch;
/* Choose the ABI of guest g; false if linux-user has none for it. */
bool user_select_arch(const GuestArch *g);
/* The ABI for g, or NULL. */
const UserArch *user_arch_for(const GuestArch *g);

#endif
