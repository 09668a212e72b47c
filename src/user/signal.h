/*
 * Guest signals: what other linux-user code needs (interruptible host
 * syscalls, thread set-up), and the small interface each guest architecture
 * implements for its signal frame and syscall-return conventions.
 *
 * Guest and host signal numbers are the same (asm-generic numbering equals
 * x86-64's for 1..64), and so are siginfo, sigset (64 bits) and timespec
 * layouts; what differs per guest is the rt signal frame.
 *
 * Model: the host signal mask of each guest thread follows the guest's
 * blocked mask (except for the synchronous fault signals, which peek itself
 * must always receive), so the host kernel chooses the receiving thread,
 * keeps blocked signals pending, and serves sigtimedwait and signalfd. A
 * host signal handler records what arrives in the thread's TaskState queue
 * and sets exit_request; user_process_signals() then delivers it at the
 * next exit from cpu_exec. Until then the thread takes no other host
 * signal, so the kernel's queue (RLIMIT_SIGPENDING, the order, merging of
 * standard signals) stays the queue. Guest dispositions SIG_IGN, and SIG_DFL where
 * the default is to ignore or stop, are installed on the host as they are,
 * so that they survive execve and the kernel applies them (zombie reaping
 * for SIGCHLD, job-control stops).
 */
#ifndef PEEK_USER_SIGNAL_H
#define PEEK_USER_SIGNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "user/thread.h"

#define USER_NSIG 64
static inline uint64_t user_sigbit(int sig) { return 1ull << (sig - 1); }

/* asm-generic sigaltstack flags (the guest ABI; equal to x86-64's). */
#define G_SS_ONSTACK 1
#define G_SS_DISABLE 2
#define G_SS_AUTODISARM (1u << 31)

/* A guest struct sigaction: handler, flags, then sa_restorer where the ABI
 * has one (UserArch.sa_restorer; 0 otherwise), then the mask. */
typedef struct UserSigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
} UserSigaction;

/* The guest's dispositions of one process, the kernel's sighand: shared
 * by its threads (TaskState.sighand). */
typedef struct UserSigHand {
    UserSigaction act[USER_NSIG + 1];
} UserSigHand;

/* A copy of sh for a new process that shares peek's memory but not its
 * parent's dispositions (malloc'd; NULL if out of memory). */
UserSigHand *user_sighand_copy(const UserSigHand *sh);

/* ---- interruptible host syscalls ---- */

/* Run a host syscall that may block so that a guest signal arriving at any
 * moment before or during it interrupts it, with no window in which the
 * signal is recorded but the thread goes to sleep anyway. Returns the host
 * result or -errno, except when a signal interrupted it: then SYS_ERESTART,
 * and the signal delivery decides, as the kernel does, whether the guest
 * sees -EINTR or the syscall runs again:
 *   safe_syscall         restarts if the handler has SA_RESTART (read,
 *                        write, wait4, futex wait without timeout, ...);
 *   safe_syscall_nohand  restarts only if no handler runs (poll, select,
 *                        nanosleep, epoll_wait, sigsuspend, ...).
 * Arguments are converted to long, as for syscall(2). */
int64_t user_safe_syscall6(int restart, long nr, long a1, long a2, long a3,
                           long a4, long a5, long a6);
#define USER_SAFE_ARGS_(a1, a2, a3, a4, a5, a6, ...) \
    (long)(a1), (long)(a2), (long)(a3), (long)(a4), (long)(a5), (long)(a6)
#define safe_syscall(nr, ...) \
    user_safe_syscall6(USER_RESTART_SYS, (nr), USER_SAFE_ARGS_(__VA_ARGS__, 0, 0, 0, 0, 0, 0))
#define safe_syscall_nohand(nr, ...) \
    user_safe_syscall6(USER_RESTART_NOHAND, (nr), USER_SAFE_ARGS_(__VA_ARGS__, 0, 0, 0, 0, 0, 0))

/* For a blocking call made some other way that failed with host EINTR:
 * returns SYS_ERESTART with the restart rule recorded (USER_RESTART_*). */
int64_t user_syscall_interrupted(CPUState *cpu, int restart);

/* ppoll, pselect6, epoll_pwait with a sigmask: make mask the guest's (and
 * the host's) blocked mask for the rest of this syscall; the old mask
 * comes back when the syscall ends, after any signal it let in has had
 * its handler frame set up (which saves the old mask), as in the kernel.
 * Call it just before the safe_syscall that waits. */
void user_set_temp_mask(CPUState *cpu, uint64_t mask);

/* For a guest's sig_init: map one page holding code (the sigreturn
 * trampoline), read-only and executable, named name in /proc/self/maps.
 * Its guest address, or -errno. */
int64_t user_map_code_page(const void *code, size_t len, const char *name);

/* ---- used by thread.c ---- */

/* Start-up, on the main thread once its TaskState exists: map the
 * sigreturn trampoline, adopt the inherited host dispositions and mask as
 * the guest's, install the host handlers. */
void user_signal_init(TaskState *ts);

/* Host signal mask for a guest blocked mask, and setting it (on a guest
 * thread whose queue holds a deliverable signal, every asynchronous
 * signal stays blocked whatever the mask asked for). */
uint64_t user_host_mask(uint64_t guest_blocked);
void user_set_host_mask(uint64_t host_mask);
/* Block every asynchronous host signal; returns the previous host mask. */
uint64_t user_block_host_signals(void);
/* Change the calling thread's guest blocked mask (host mask follows). */
void user_set_blocked(TaskState *ts, uint64_t mask);
/* A thread is exiting (its host signals blocked): signals it took for the
 * whole process but did not deliver go back to the process, so that
 * another thread gets them. */
void user_signal_thread_exit(TaskState *ts);
/* After fork, in the child: forget signals queued in the parent. */
void user_signal_fork_child(TaskState *ts);

/* -strace: the line for signal sig being taken, with its siginfo (fault:
 * a synchronous fault, whose info holds the address). strace.c. */
void strace_signal(int sig, const UserSiginfo *info, bool fault);

#endif
