/*
 * Guest threads and processes: the per-thread linux-user state (TaskState,
 * hung off CPUState.ts), the list of live guest threads of this process,
 * vCPU index allocation, and the process-exit hook.
 *
 * Each guest thread is one host thread, with the same tid: guest gettid()
 * is host gettid(), so tgkill, futex PI owner words and /proc/<tid> mean
 * the same thing inside and outside. A fork of the guest is a fork of peek;
 * a guest process that shares its parent's memory (vfork, posix_spawn) is
 * a host process that shares peek's.
 */
#ifndef PEEK_USER_THREAD_H
#define PEEK_USER_THREAD_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"

/* The asm-generic siginfo: 128 bytes, the same layout as
 * the x86-64 host's siginfo_t, so host and guest copies are byte copies. */
typedef struct UserSiginfo {
    int32_t signo, errno_, code, pad;
    union {
        uint8_t raw[112];
        struct { int32_t pid; uint32_t uid; uint64_t value; } kill;  /* also rt, timer */
        struct { uint64_t addr; } fault;
    } u;
} UserSiginfo;

/* A guest stack_t (asm-generic: void *ss_sp; int ss_flags; size_t ss_size). */
typedef struct UserStack {
    uint64_t sp;
    int32_t flags;
    int32_t pad;
    uint64_t size;
} UserStack;

/* Signals that the host handler took for this thread and the guest has
 * not taken yet, in order of arrival. The real queue is the kernel's: once
 * a signal the guest does not block is here, the thread's host mask blocks
 * every asynchronous signal until it is delivered (user_set_host_mask), so
 * the rest wait in the kernel, which queues real-time signals up to
 * RLIMIT_SIGPENDING, answers EAGAIN beyond it, merges standard ones and
 * hands them over lowest number first. Hence at most one entry a signal
 * number: one the guest blocked after it arrived, or an asynchronous
 * SIGSEGV-like signal that the host mask never blocks. */
#define USER_SIGQ_MAX 64
typedef struct UserSigQueue {
    uint64_t pending;                 /* bit sig-1: at least one queued */
    int n;
    struct { int sig; UserSiginfo info; } q[USER_SIGQ_MAX];
} UserSigQueue;

/* How a syscall that the host interrupted (EINTR) ends, decided when a
 * signal is delivered (see user_syscall_interrupted). */
enum { USER_RESTART_NONE, USER_RESTART_SYS, USER_RESTART_NOHAND };

typedef struct TaskState {
    CPUState *cpu;
    struct TaskState *next;           /* task list, under task_lock */
    int tid;
    uint64_t clear_child_tid;         /* CLONE_CHILD_CLEARTID / set_tid_address */
    uint64_t robust_list;             /* set_robust_list head (guest) */

    /* Signals. The thread itself and its host signal handler are the only
     * ones touching these, so host signals are blocked around changes
     * instead of taking a lock. */
    uint64_t blocked;                 /* guest mask, bit sig-1 */
    uint64_t saved_mask;              /* rt_sigsuspend: mask to restore */
    bool has_saved_mask;
    volatile int sig_pending;         /* a deliverable signal is queued */
    int restart;                      /* USER_RESTART_* of the last syscall */
    UserSigQueue queue;
    int sync_sig;                     /* synchronous fault signal, or 0 */
    UserSiginfo sync_info;
    UserStack altstack;               /* flags: only SS_AUTODISARM kept */
    struct UserSigHand *sighand;      /* its process's dispositions (signal.c) */

    /* A process of its own that shares peek's memory with the process that
     * made it (clone with CLONE_VM but not CLONE_THREAD: vfork,
     * posix_spawn). It is in no task list, and its exit ends its own host
     * process only; see clone_vm_process in thread.c. */
    bool vm_child;

    /* The syscall the thread is in, for /proc/<pid>/task/<tid>/syscall:
     * written by the thread, read by others while in_syscall is set. */
    int in_syscall;
    int64_t sc_nr;
    uint64_t sc_args[6];
    uint64_t sc_sp, sc_pc;            /* pc: where the call returns to */

    /* Signals GDB resumed this thread with: delivered without stopping
     * for GDB once more (bit sig-1). */
    uint64_t gdb_passed;
} TaskState;

/* The TaskState of the calling host thread (NULL on non-guest threads). */
extern __thread TaskState *user_thread_ts;

/* Iterate over live guest threads with user_task_lock() held. The lock
 * blocks host signals on the calling thread (host signal handlers take it). */
void user_task_lock(void);
void user_task_unlock(void);
TaskState *user_task_first__locked(void);
TaskState *user_task_by_tid__locked(int tid);

/* A free vCPU index (the lowest), and its release on thread exit. Indexes
 * stay stable for a thread's life; freed ones are reused. */
int user_cpu_index_alloc(void);
void user_cpu_index_free(int idx);

/* The process is exiting with status code (exit_group, or death by a
 * signal, then code is 128 + sig): last work before _exit, once per
 * process. Other threads calling it meanwhile wait for the exit. */
void user_exit_group(int code);

#endif
