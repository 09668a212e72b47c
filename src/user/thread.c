/*
 * Guest threads and processes: clone/clone3 (a host thread per guest
 * thread, a host fork, or for vfork and other CLONE_VM processes a host
 * process that shares peek's memory), thread and process exit with the
 * tid-clearing and robust-futex duties of the kernel, futex, wait4/waitid,
 * execve (a guest program runs under a new peek), and the thread-identity
 * syscalls. The list of live guest threads and the vCPU index allocator
 * live here too.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "util/util.h"
#include "exec/cpu.h"
#include "exec/exclusive.h"
#include "exec/guest.h"
#include "exec/image.h"
#include "exec/log.h"
#include "exec/tb-cache.h"
#include "gdb/gdbstub.h"
#include "plugin/plugin.h"
#include "user/mem.h"
#include "user/arch.h"
#include "user/signal.h"
#include "user/syscall.h"
#include "user/thread.h"
#include "user/user.h"

/* Clone flags (linux/sched.h, the same for every architecture). */
#define G_CSIGNAL 0xffull
#define G_CLONE_VM 0x100ull
#define G_CLONE_FS 0x200ull
#define G_CLONE_FILES 0x400ull
#define G_CLONE_SIGHAND 0x800ull
#define G_CLONE_PIDFD 0x1000ull
#define G_CLONE_PTRACE 0x2000ull
#define G_CLONE_VFORK 0x4000ull
#define G_CLONE_PARENT 0x8000ull
#define G_CLONE_THREAD 0x10000ull
#define G_CLONE_NEWNS 0x20000ull
#define G_CLONE_SYSVSEM 0x40000ull
#define G_CLONE_SETTLS 0x80000ull
#define G_CLONE_PARENT_SETTID 0x100000ull
#define G_CLONE_CHILD_CLEARTID 0x200000ull
#define G_CLONE_DETACHED 0x400000ull
#define G_CLONE_UNTRACED 0x800000ull
#define G_CLONE_CHILD_SETTID 0x1000000ull
#define G_CLONE_IO 0x80000000ull
/* What a thread, a fork or a process sharing memory may ask for; the rest
 * (namespaces, CLONE_PARENT, pidfds, cgroups, a fork sharing files) peek
 * does not do. */
#define THREAD_FLAGS (G_CSIGNAL | G_CLONE_VM | G_CLONE_FS | G_CLONE_FILES | G_CLONE_SIGHAND | \
                      G_CLONE_THREAD | G_CLONE_SYSVSEM | G_CLONE_SETTLS | \
                      G_CLONE_PARENT_SETTID | G_CLONE_CHILD_CLEARTID | G_CLONE_CHILD_SETTID | \
                      G_CLONE_DETACHED | G_CLONE_PTRACE | G_CLONE_UNTRACED | G_CLONE_IO)
#define FORK_FLAGS (G_CSIGNAL | G_CLONE_VFORK | G_CLONE_SETTLS | \
                    G_CLONE_PARENT_SETTID | G_CLONE_CHILD_CLEARTID | G_CLONE_CHILD_SETTID | \
                    G_CLONE_DETACHED | G_CLONE_PTRACE | G_CLONE_UNTRACED | G_CLONE_IO | \
                    G_CLONE_SYSVSEM)
/* A process sharing our memory (clone_vm_process). */
#define VM_PROCESS_FLAGS (FORK_FLAGS | G_CLONE_VM | G_CLONE_FS | G_CLONE_FILES | G_CLONE_SIGHAND)

__thread TaskState *user_thread_ts;

/* ---- the task list and vCPU indexes ---- */

/* Every live guest thread of this process, and which vCPU indexes are in
 * use: process-wide by nature. task_lock is taken with host signals
 * blocked, because the host signal handler may take it. */
static pthread_mutex_t task_lock = PTHREAD_MUTEX_INITIALIZER;
static TaskState *tasks;
static int n_tasks;
static bool *index_used;
static int n_index;
/* The exit code of the thread-group leader once it has exited, which is
 * the process's if the other threads end without exit_group. */
static int leader_code = -1;
static __thread uint64_t task_lock_mask;

void user_task_lock(void)
{
    uint64_t m = user_block_host_signals();
    pthread_mutex_lock(&task_lock);
    task_lock_mask = m;
}

void user_task_unlock(void)
{
    uint64_t m = task_lock_mask;
    pthread_mutex_unlock(&task_lock);
    user_set_host_mask(m);
}

TaskState *user_task_first__locked(void) { return tasks; }

TaskState *user_task_by_tid__locked(int tid)
{
    for (TaskState *t = tasks; t; t = t->next)
        if (t->tid == tid)
            return t;
    return NULL;
}

static void task_add__locked(TaskState *ts)
{
    ts->next = tasks;
    tasks = ts;
    n_tasks++;
}

static void task_remove__locked(TaskState *ts)
{
    for (TaskState **p = &tasks; *p; p = &(*p)->next) {
        if (*p == ts) {
            *p = ts->next;
            n_tasks--;
            return;
        }
    }
}

int user_cpu_index_alloc(void)
{
    user_task_lock();
    int i = 0;
    while (i < n_index && index_used[i])
        i++;
    if (i == n_index) {
        int n = n_index ? 2 * n_index : 16;
        bool *u = xrealloc(index_used, (size_t)n * sizeof(*u));
        memset(u + n_index, 0, (size_t)(n - n_index) * sizeof(*u));
        index_used = u;
        n_index = n;
    }
    index_used[i] = true;
    user_task_unlock();
    return i;
}

void user_cpu_index_free(int idx)
{
    user_task_lock();
    if (idx >= 0 && idx < n_index)
        index_used[idx] = false;
    user_task_unlock();
}

static TaskState *task_new(CPUState *cpu)
{
    TaskState *ts = calloc(1, sizeof(*ts));
    if (!ts)
        return NULL;
    ts->cpu = cpu;
    ts->altstack.flags = G_SS_DISABLE;
    cpu->ts = ts;
    return ts;
}

/* A fork while another thread holds task_lock must not leave the child
 * with it locked: hold it across fork. */
static void atfork_prepare(void) { user_task_lock(); }
static void atfork_parent(void) { user_task_unlock(); }
static void atfork_child(void) { user_task_unlock(); }

void user_start_main_thread(CPUState *cpu)
{
    TaskState *ts = task_new(cpu);
    if (!ts)
        fatal("out of memory");
    ts->tid = cpu->tid = gettid();
    cpu->cpu_index = user_cpu_index_alloc();
    user_task_lock();
    task_add__locked(ts);
    user_task_unlock();
    user_thread_ts = ts;
    pthread_atfork(atfork_prepare, atfork_parent, atfork_child);
    user_signal_init(ts);
}

/* ---- exit ---- */

static void guest_store_u32(uint64_t addr, uint32_t v)
{
    /* As for the kernel's put_user: a bad address is silently skipped. */
    (void)copy_to_guest(addr, &v, sizeof(v));
}

static void futex_wake_shared(uint64_t addr, int n)
{
    syscall(SYS_futex, g2h(addr), FUTEX_WAKE, n, NULL, NULL, 0);
}

/* One robust futex held by an exiting thread: mark the owner dead and
 * wake a waiter, as the kernel's handle_futex_death does. */
static void robust_futex_death(uint64_t uaddr, int tid)
{
    if ((uaddr & 3) || mem_prepare_write(uaddr, 4) < 0)
        return;
    uint32_t *p = g2h(uaddr);
    uint32_t old = __atomic_load_n(p, __ATOMIC_RELAXED), nv;
    do {
        if ((old & FUTEX_TID_MASK) != (uint32_t)tid)
            return;
        nv = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    } while (!__atomic_compare_exchange_n(p, &old, nv, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_RELAXED));
    if (nv & FUTEX_WAITERS)
        futex_wake_shared(uaddr, 1);
}

/* struct robust_list_head: { next; long futex_offset; list_op_pending }. */
static void exit_robust_list(TaskState *ts)
{
    uint64_t head[3];
    if (!ts->robust_list || copy_from_guest(head, ts->robust_list, sizeof(head)) < 0)
        return;
    int64_t off = (int64_t)head[1];
    uint64_t pending = head[2] & ~1ull, entry = head[0] & ~1ull;
    for (int limit = 2048; entry != ts->robust_list && limit > 0; limit--) {
        uint64_t next;
        if (copy_from_guest(&next, entry, sizeof(next)) < 0)
            return;
        if (entry != pending)
            robust_futex_death(entry + (uint64_t)off, ts->tid);
        entry = next & ~1ull;
    }
    if (pending)
        robust_futex_death(pending + (uint64_t)off, ts->tid);
}

/* What the kernel does for the memory of a task that exits or execs (its
 * mm_release): the robust futexes it holds, and CLONE_CHILD_CLEARTID. */
static void release_task_memory(TaskState *ts)
{
    exit_robust_list(ts);
    ts->robust_list = 0;
    if (ts->clear_child_tid) {
        guest_store_u32(ts->clear_child_tid, 0);
        futex_wake_shared(ts->clear_child_tid, 1);
        ts->clear_child_tid = 0;
    }
}

/* Who runs the exit work; 0 until someone does. */
static int exiting_tid;

void user_exit_group(int code)
{
    TaskState *ts = user_thread_ts;
    if (ts && ts->vm_child) {
        /* A process sharing our memory: the exit work (plugins, buffered
         * output) belongs to the process that owns the memory. What it
         * leaves behind in that memory is its own to clear. */
        user_block_host_signals();
        release_task_memory(ts);
        return;
    }
    int self = gettid(), none = 0;
    if (!__atomic_compare_exchange_n(&exiting_tid, &none, self, false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE)) {
        if (none == self)
            return;
        /* Another thread is finishing the process: its _exit ends us. */
        user_block_host_signals();
        for (;;)
            pause();
    }
    gdb_exit(code);
    plugin_user_exit();
    tb_cache_save();
    mem_check_canary();
    fflush(NULL);
}

static _Noreturn void thread_exit(CPUState *cpu, int code)
{
    TaskState *ts = cpu->ts;
    gdb_cpu_exit(cpu);
    /* From here on this thread takes no signals: the host sends the
     * process's to the other threads. */
    user_block_host_signals();
    user_task_lock();
    task_remove__locked(ts);
    bool last = n_tasks == 0;
    if (ts->tid == getpid())
        leader_code = code;
    else if (last && leader_code >= 0)
        code = leader_code;
    user_task_unlock();
    if (last) {
        user_exit_group(code);
        _exit(code);
    }
    user_signal_thread_exit(ts);
    plugin_vcpu_exit(cpu);
    release_task_memory(ts);
    user_cpu_index_free(cpu->cpu_index);
    user_thread_ts = NULL;
    current_cpu = NULL;
    cpu_destroy(cpu);
    free(ts);
    pthread_exit(NULL);
}

int64_t sys_exit(SYSCALL_ARGS)
{
    int code = (int)(a[0] & 0xff);
    if (cpu->ts->vm_child) {
        /* The only thread of its process (see do_clone). */
        user_exit_group(code);
        _exit(code);
    }
    thread_exit(cpu, code);
}

int64_t sys_exit_group(SYSCALL_ARGS)
{
    int code = (int)(a[0] & 0xff);
    user_exit_group(code);
    _exit(code);
}

/* ---- clone ---- */

typedef struct ThreadStart {
    TaskState *ts;
    uint64_t flags, ptid, ctid;
    sem_t ready;
    int tid;
} ThreadStart;

/* The first steps of a new thread or CLONE_VM child ts, on its own host
 * thread: its tid where clone's flags ask for it, then *tid and ready tell
 * the parent (whose record of them may be gone after), then the guest's
 * signal mask. */
static void task_begin(TaskState *ts, uint64_t flags, uint64_t ptid, uint64_t ctid, int *tid,
                       sem_t *ready)
{
    CPUState *cpu = ts->cpu;
    int self = gettid();
    ts->tid = cpu->tid = self;
    user_thread_ts = ts;
    /* Both before the child runs guest code and before clone returns in
     * the parent, as the kernel writes them. */
    if (flags & G_CLONE_PARENT_SETTID)
        guest_store_u32(ptid, (uint32_t)self);
    if (flags & G_CLONE_CHILD_SETTID)
        guest_store_u32(ctid, (uint32_t)self);
    *tid = self;
    plugin_vcpu_init(cpu);
    sem_post(ready);
    /* Created with every host signal blocked; now the guest's mask. */
    user_set_host_mask(user_host_mask(ts->blocked));
}

static void *thread_main(void *arg)
{
    ThreadStart *st = arg;
    TaskState *ts = st->ts;
    task_begin(ts, st->flags, st->ptid, st->ctid, &st->tid, &st->ready);
    user_run(ts->cpu);
    return NULL;
}

static int64_t clone_thread(CPUState *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                            uint64_t ctid, uint64_t tls)
{
    const UserArch *arch = user_arch;
    CPUState *child = cpu_create(cpu->guest);
    memcpy(child->arch, cpu->arch, cpu->guest->state_size);
    arch->clone_child(child);
    if (newsp)
        arch->set_sp(child, newsp);
    if (flags & G_CLONE_SETTLS)
        arch->set_tls(child, tls);
    TaskState *cts = task_new(child);
    if (!cts) {
        cpu_destroy(child);
        return -ENOMEM;
    }
    cts->blocked = cpu->ts->blocked;
    cts->sighand = cpu->ts->sighand;
    cts->clear_child_tid = (flags & G_CLONE_CHILD_CLEARTID) ? ctid : 0;
    child->cpu_index = user_cpu_index_alloc();
    gdb_cpu_new(child);
    user_task_lock();
    task_add__locked(cts);
    user_task_unlock();

    ThreadStart st = { .ts = cts, .flags = flags, .ptid = ptid, .ctid = ctid };
    sem_init(&st.ready, 0, 0);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t th;
    uint64_t old = user_block_host_signals();
    int e = pthread_create(&th, &attr, thread_main, &st);
    user_set_host_mask(old);
    pthread_attr_destroy(&attr);
    if (e) {
        user_task_lock();
        task_remove__locked(cts);
        user_task_unlock();
        user_cpu_index_free(child->cpu_index);
        free(cts);
        cpu_destroy(child);
        sem_destroy(&st.ready);
        return -EAGAIN;
    }
    while (sem_wait(&st.ready) < 0)
        ;   /* EINTR: a signal for us is queued; it is delivered after */
    sem_destroy(&st.ready);
    return st.tid;
}

/* fork (and CLONE_VFORK without CLONE_VM, done as fork: the parent does
 * not wait for the child's exec). */
static int64_t clone_fork(CPUState *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                          uint64_t ctid, uint64_t tls)
{
    TaskState *ts = cpu->ts;
    const UserArch *arch = user_arch;
    fflush(NULL);
    uint64_t old = user_block_host_signals();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        user_set_host_mask(old);
        return -e;
    }
    if (pid > 0) {
        if (flags & G_CLONE_PARENT_SETTID)
            guest_store_u32(ptid, (uint32_t)pid);
        user_set_host_mask(old);
        return pid;
    }
    /* The child: the only thread of a new process. */
    log_fork_child();
    int tid = gettid();
    ts->tid = cpu->tid = tid;
    tasks = ts;
    ts->next = NULL;
    n_tasks = 1;
    leader_code = -1;
    for (int i = 0; i < n_index; i++)
        index_used[i] = i == cpu->cpu_index;
    user_signal_fork_child(ts);
    gdb_fork_child();
    ts->vm_child = false;   /* a fork of one has memory of its own */
    ts->robust_list = 0;
    ts->clear_child_tid = (flags & G_CLONE_CHILD_CLEARTID) ? ctid : 0;
    if (flags & G_CLONE_CHILD_SETTID)
        guest_store_u32(ctid, (uint32_t)tid);
    if (flags & G_CLONE_SETTLS)
        arch->set_tls(cpu, tls);
    if (newsp)
        arch->set_sp(cpu, newsp);
    user_set_host_mask(old);
    return 0;
}

/* ---- processes that share memory ---- */

/* A guest process that shares peek's memory (CLONE_VM without
 * CLONE_THREAD: vfork, posix_spawn) is a host process that shares it too:
 * made by clone(CLONE_VM | CLONE_VFORK) from a "carrier", a host thread
 * that exists for that child alone. The child runs on the carrier's
 * thread-local storage (glibc sets that up only for its own threads), and
 * on the unused lower part of the carrier's stack. That is sound because
 * the host's CLONE_VFORK keeps the carrier asleep in clone until the child
 * has called execve or exited; then the carrier frees what the child
 * used. The child's vCPU is one of ours, so it takes part in exclusive
 * sections and shares the code cache, memory map and locks; its signals,
 * file descriptors (unless CLONE_FILES) and exit are its own. The guest's
 * CLONE_VFORK makes the parent wait for the same moment as the carrier. */
typedef struct VmChild {
    TaskState *ts;
    uint64_t flags, ptid, ctid;
    sem_t ready;          /* the child's tid is known, or clone failed */
    sem_t released;       /* CLONE_VFORK: the child has exec'd or exited */
    int tid;              /* or -errno */
    int refs;             /* the parent's and the carrier's: the last frees */
} VmChild;

/* The carrier's stack: a thread's worth for the child below the few
 * kilobytes the carrier itself uses at the top. */
#define VM_CARRIER_STACK (16u << 20)
#define VM_CARRIER_OWN (256u << 10)

static void vm_child_put(VmChild *vc)
{
    if (__atomic_sub_fetch(&vc->refs, 1, __ATOMIC_ACQ_REL))
        return;
    sem_destroy(&vc->ready);
    sem_destroy(&vc->released);
    free(vc);
}

/* The child's first host code, in its own process. */
static int vm_child_main(void *arg)
{
    VmChild *vc = arg;
    TaskState *ts = vc->ts;
    task_begin(ts, vc->flags, vc->ptid, vc->ctid, &vc->tid, &vc->ready);
    user_run(ts->cpu);
}

static void *vm_carrier_main(void *arg)
{
    VmChild *vc = arg;
    TaskState *cts = vc->ts;
    CPUState *child = cts->cpu;
    /* CLONE_SIGHAND stays the guest's: host dispositions are peek's. */
    int hflags = CLONE_VM | CLONE_VFORK |
                 (int)(vc->flags & (G_CSIGNAL | G_CLONE_FS | G_CLONE_FILES | G_CLONE_SYSVSEM |
                                    G_CLONE_IO | G_CLONE_PTRACE | G_CLONE_UNTRACED));
    char *stack_top = (char *)(((uintptr_t)__builtin_frame_address(0) - VM_CARRIER_OWN) & ~15ul);
    int pid = clone(vm_child_main, stack_top, hflags, vc);
    /* The child left its identity in the thread-local storage it had. */
    user_thread_ts = NULL;
    current_cpu = NULL;
    if (pid < 0) {
        vc->tid = -errno;
        sem_post(&vc->ready);
    } else {
        /* The child has exec'd, exited or been killed. Killed, it may have
         * been in translated code: end its run as cpu_exec would have,
         * so that no exclusive section waits for it. */
        cpu_exec_end(child);
        release_task_memory(cts);
        plugin_vcpu_exit(child);
    }
    user_cpu_index_free(child->cpu_index);
    cpu_destroy(child);
    if (!(vc->flags & G_CLONE_SIGHAND))
        free(cts->sighand);
    free(cts);
    if (vc->flags & G_CLONE_VFORK)
        sem_post(&vc->released);
    vm_child_put(vc);
    return NULL;
}

static int64_t clone_vm_process(CPUState *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                                uint64_t ctid, uint64_t tls)
{
    const UserArch *arch = user_arch;
    TaskState *pts = cpu->ts;
    VmChild *vc = calloc(1, sizeof(*vc));
    CPUState *child = cpu_create(cpu->guest);
    TaskState *cts = task_new(child);
    UserSigHand *sh = (flags & G_CLONE_SIGHAND) ? pts->sighand : user_sighand_copy(pts->sighand);
    if (!vc || !cts || !sh) {
        if (sh && sh != pts->sighand)
            free(sh);
        free(cts);
        cpu_destroy(child);
        free(vc);
        return -ENOMEM;
    }
    memcpy(child->arch, cpu->arch, cpu->guest->state_size);
    arch->clone_child(child);
    if (newsp)
        arch->set_sp(child, newsp);
    if (flags & G_CLONE_SETTLS)
        arch->set_tls(child, tls);
    cts->blocked = pts->blocked;
    cts->sighand = sh;
    cts->vm_child = true;
    /* The kernel keeps the alternate signal stack only for a child that
     * runs while its parent waits. */
    if (flags & G_CLONE_VFORK)
        cts->altstack = pts->altstack;
    cts->clear_child_tid = (flags & G_CLONE_CHILD_CLEARTID) ? ctid : 0;
    child->cpu_index = user_cpu_index_alloc();
    *vc = (VmChild){ .ts = cts, .flags = flags, .ptid = ptid, .ctid = ctid, .refs = 2 };
    sem_init(&vc->ready, 0, 0);
    sem_init(&vc->released, 0, 0);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, VM_CARRIER_STACK);
    pthread_t th;
    uint64_t old = user_block_host_signals();
    int e = pthread_create(&th, &attr, vm_carrier_main, vc);
    user_set_host_mask(old);
    pthread_attr_destroy(&attr);
    if (e) {
        user_cpu_index_free(child->cpu_index);
        cpu_destroy(child);
        if (sh != pts->sighand)
            free(sh);
        free(cts);
        vc->refs = 1;
        vm_child_put(vc);
        return -EAGAIN;
    }
    /* Interrupted waits (EINTR) leave their signals queued: they are
     * delivered once clone returns, as the kernel does after a vfork. */
    while (sem_wait(&vc->ready) < 0)
        ;
    int64_t r = vc->tid;
    if (flags & G_CLONE_VFORK)
        while (sem_wait(&vc->released) < 0)
            ;
    vm_child_put(vc);
    return r;
}

static int64_t do_clone(CPUState *cpu, uint64_t flags, uint64_t newsp, uint64_t ptid,
                        uint64_t ctid, uint64_t tls)
{
    if ((flags & G_CLONE_THREAD) && !(flags & G_CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & G_CLONE_SIGHAND) && !(flags & G_CLONE_VM))
        return -EINVAL;
    if (!(flags & G_CLONE_VM)) {
        if (flags & ~FORK_FLAGS)
            return -EINVAL;
        return clone_fork(cpu, flags, newsp, ptid, ctid, tls);
    }
    /* A process sharing our memory runs on a carrier's thread-local
     * storage: a thread or another such process made from it would need
     * their own, which peek cannot give them there. */
    if (cpu->ts->vm_child) {
        if (user_opts.log_unimp)
            fprintf(user_log(), "Unsupported clone: CLONE_VM from a process made with CLONE_VM\n");
        return -EINVAL;
    }
    if (flags & G_CLONE_THREAD)
        return (flags & ~THREAD_FLAGS) ? -EINVAL : clone_thread(cpu, flags, newsp, ptid, ctid, tls);
    if (flags & ~VM_PROCESS_FLAGS)
        return -EINVAL;
    return clone_vm_process(cpu, flags, newsp, ptid, ctid, tls);
}

/* clone(flags, newsp, ...): the order of the other three is the ABI's. */
int64_t sys_clone(SYSCALL_ARGS)
{
    const UserArch *ua = user_arch;
    return do_clone(cpu, a[0], a[1], a[ua->clone_ptid], a[ua->clone_ctid], a[ua->clone_tls]);
}

/* struct clone_args: flags, pidfd, child_tid, parent_tid, exit_signal,
 * stack, stack_size, tls, set_tid, set_tid_size, cgroup (all u64). */
int64_t sys_clone3(SYSCALL_ARGS)
{
    uint64_t ca[11] = { 0 };
    uint64_t size = a[1];
    if (size < 64)
        return -EINVAL;
    if (size > GUEST_PAGE_SIZE)
        return -E2BIG;
    if (copy_from_guest(ca, a[0], size < sizeof(ca) ? size : sizeof(ca)) < 0)
        return -EFAULT;
    for (uint64_t off = sizeof(ca); off < size; off++) {
        uint8_t b;
        if (copy_from_guest(&b, a[0] + off, 1) < 0)
            return -EFAULT;
        if (b)
            return -E2BIG;
    }
    uint64_t flags = ca[0], exit_signal = ca[4], stack = ca[5], stack_size = ca[6];
    if ((flags & G_CSIGNAL) || (exit_signal & ~G_CSIGNAL) || (!stack != !stack_size))
        return -EINVAL;
    if (flags >> 32 || ca[8] || ca[9] || (flags & G_CLONE_PIDFD))
        return -EINVAL;
    return do_clone(cpu, flags | exit_signal, stack ? stack + stack_size : 0, ca[3], ca[2],
                    ca[7]);
}

/* ---- identity ---- */

int64_t sys_gettid(SYSCALL_ARGS)
{
    return cpu->ts->tid;
}

int64_t sys_set_tid_address(SYSCALL_ARGS)
{
    cpu->ts->clear_child_tid = a[0];
    return cpu->ts->tid;
}

int64_t sys_set_robust_list(SYSCALL_ARGS)
{
    if (a[1] != 24)
        return -EINVAL;
    cpu->ts->robust_list = a[0];
    return 0;
}

int64_t sys_get_robust_list(SYSCALL_ARGS)
{
    uint64_t head;
    int pid = (int)a[0];
    if (!pid) {
        head = cpu->ts->robust_list;
    } else {
        user_task_lock();
        TaskState *t = user_task_by_tid__locked(pid);
        head = t ? t->robust_list : 0;
        user_task_unlock();
        if (!t)
            return -ESRCH;
    }
    uint64_t len = 24;
    if (copy_to_guest(a[1], &head, sizeof(head)) < 0 ||
        copy_to_guest(a[2], &len, sizeof(len)) < 0)
        return -EFAULT;
    return 0;
}

/* ---- futex ---- */

/* Guest memory is host memory, so the host futex serves the guest: the
 * words and their keys are the same. Only the timeout (same timespec
 * layout) and second address need translating. */
int64_t sys_futex(SYSCALL_ARGS)
{
    uint64_t uaddr = a[0], uaddr2 = a[4];
    int op = (int)a[1];
    int cmd = op & FUTEX_CMD_MASK;
    long arg3 = (long)a[3];
    void *h2 = NULL;
    struct timespec t;
    bool blocking = false, timed = false;

    if (!guest_range_valid(uaddr, 4))
        return -EFAULT;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        blocking = true;
        if (a[3]) {
            if (copy_from_guest(&t, a[3], sizeof(t)) < 0)
                return -EFAULT;
            arg3 = (long)&t;
            timed = true;
        }
        break;
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
    case FUTEX_CMP_REQUEUE_PI:
        break;
    default:
        return -ENOSYS;
    }
    switch (cmd) {
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_WAIT_REQUEUE_PI:
    case FUTEX_CMP_REQUEUE_PI:
        if (!guest_range_valid(uaddr2, 4))
            return -EFAULT;
        /* The kernel writes these words: no write-protected code there. */
        if (cmd == FUTEX_WAKE_OP || cmd == FUTEX_CMP_REQUEUE_PI)
            mem_prepare_kernel_write(uaddr2, 4);
        h2 = g2h(uaddr2);
        break;
    }
    if (cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 || cmd == FUTEX_UNLOCK_PI ||
        cmd == FUTEX_TRYLOCK_PI)
        mem_prepare_kernel_write(uaddr, 4);
    if (!blocking)
        return host_ret(syscall(SYS_futex, g2h(uaddr), op, (long)(uint32_t)a[2], arg3, h2,
                                (long)(uint32_t)a[5]));
    /* A timed wait that a handler interrupts reports EINTR; an untimed
     * one restarts under SA_RESTART, as the kernel's restart rules say. */
    if (timed)
        return safe_syscall_nohand(SYS_futex, g2h(uaddr), op, (uint32_t)a[2], arg3, h2,
                                   (uint32_t)a[5]);
    return safe_syscall(SYS_futex, g2h(uaddr), op, (uint32_t)a[2], arg3, h2, (uint32_t)a[5]);
}

/* ---- wait ---- */

/* int status, struct rusage and siginfo have the same layout in the asm-generic ABI
 * and x86-64: the host writes them straight into guest memory. */
int64_t sys_wait4(SYSCALL_ARGS)
{
    return safe_syscall(SYS_wait4, (int)a[0], guest_kbuf(a[1], 4, true), (int)a[2],
                        guest_kbuf(a[3], sizeof(struct rusage), true));
}

int64_t sys_waitid(SYSCALL_ARGS)
{
    /* P_PIDFD (3): the id is an fd, and peek's own are not the guest's
     * (as INT_MAX, which no table reaches, the kernel finds it not open
     * where its checks say so) */
    int id = (int)a[0] == 3 && hostfd_is_ours((int)a[1]) ? INT_MAX : (int)a[1];
    return safe_syscall(SYS_waitid, (int)a[0], id, guest_kbuf(a[2], sizeof(siginfo_t), true),
                        (int)a[3], guest_kbuf(a[4], sizeof(struct rusage), true));
}

/* ---- execve ---- */

/* A guest argv/envp as a host vector of pointers into guest memory
 * (malloc'd), or NULL with *err set. */
static char **guest_strv(uint64_t a, int64_t *err)
{
    size_t n = 0, cap = 16;
    char **v = malloc(cap * sizeof(*v));
    if (!v)
        goto nomem;
    for (; a; n++) {
        uint64_t p;
        if (copy_from_guest(&p, a + 8 * n, 8) < 0) {
            *err = -EFAULT;
            goto fail;
        }
        if (!p)
            break;
        if (guest_strnlen(p, (size_t)1 << 20) < 0) {
            *err = -EFAULT;
            goto fail;
        }
        if (n + 2 > cap) {
            if (cap >= ((size_t)1 << 20)) {
                *err = -E2BIG;
                goto fail;
            }
            cap *= 2;
            char **nv = realloc(v, cap * sizeof(*v));
            if (!nv)
                goto nomem;
            v = nv;
        }
        v[n] = g2h(p);
    }
    v[n] = NULL;
    return v;
nomem:
    *err = -ENOMEM;
fail:
    free(v);
    return NULL;
}

/* Is opt (as given, "-x" or "--x") the option named name? */
static bool is_opt(const char *opt, const char *name)
{
    return opt[0] == '-' && !strcmp(opt + 1 + (opt[1] == '-'), name);
}

/* The argv that runs guest_path under a new peek with the options this peek
 * was given: {"peek", "-peek-reexec", nofile, ["-D", log,] options...,
 * "-0", argv0, "--", guest_path, guest_argv[1..], NULL}. The new peek
 * keeps the guest's descriptor limit (nofile, a buffer of the caller's)
 * and continues the log, by its absolute name. NULL if out of memory; the
 * caller frees the array (not the strings). */
static char **reexec_argv(const char *guest_path, char *const *guest_argv, char *nofile)
{
    size_t n = 0;
    while (guest_argv && guest_argv[n])
        n++;
    const UserOptions *o = &user_opts;
    char **v = malloc((o->n_exec_opts + n + 10) * sizeof(char *));
    if (!v)
        return NULL;
    size_t k = 0;
    v[k++] = "peek";
    v[k++] = "-peek-reexec";
    v[k++] = nofile;
    const char *log = log_file_pattern();
    if (log) {
        v[k++] = "-D";
        v[k++] = (char *)log;
    }
    for (size_t i = 0; i < o->n_exec_opts; i++) {
        /* the new program's argv[0] comes from its own argv, not ours;
         * the log and the descriptor limit were given above */
        const char *opt = o->exec_opts[i];
        if (is_opt(opt, "0") || is_opt(opt, "D") || is_opt(opt, "peek-reexec")) {
            i++;
            continue;
        }
        v[k++] = o->exec_opts[i];
    }
    if (n) {
        v[k++] = "-0";
        v[k++] = guest_argv[0];
    }
    v[k++] = "--";
    v[k++] = (char *)guest_path;
    for (size_t i = 1; i < n; i++)
        v[k++] = guest_argv[i];
    v[k] = NULL;
    return v;
}

/* Is the file an ELF program that peek runs (little-endian, 64-bit, a
 * machine with a linux-user ABI)? Then a new peek runs it. */
static bool is_guest_elf(const unsigned char *h, ssize_t n)
{
    if (n < 20 || memcmp(h, "\177ELF", 4) || h[4] != 2 || h[5] != 1)
        return false;
    const GuestArch *g = guest_by_elf_machine((unsigned)(h[18] | h[19] << 8));
    return g && user_arch_for(g);
}

int64_t sys_execve(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[0], &p, true);
    if (r < 0)
        return r;
    /* Fail as the kernel would before anything is replaced (the new peek
     * would only find out after the guest's exec had "succeeded"), and in
     * its order: the file before argv and envp. */
    unsigned char hdr[64];
    struct stat st;
    int fd = (int)syscall(SYS_openat, AT_FDCWD, p.host, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    /* Through a link to /proc/self/exe the guest reaches peek's binary:
     * it means its own program. */
    if (fstat(fd, &st) == 0 && procfs_is_peek_exe(&st)) {
        close(fd);
        p.host = guest_image.exec_path;
        fd = open(p.host, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return -errno;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || access(p.host, X_OK) < 0) {
        close(fd);
        return -EACCES;
    }
    ssize_t n = read(fd, hdr, sizeof(hdr));
    close(fd);
    char **argv = guest_strv(a[1], &r);
    if (!argv)
        return r;
    char **envp = guest_strv(a[2], &r);
    if (!envp) {
        free(argv);
        return r;
    }
    char **hv = argv;
    const char *path = p.host;
    char nofile[24];
    if (is_guest_elf(hdr, n)) {
        struct rlimit lim;
        hostfd_get_nofile(&lim);
        snprintf(nofile, sizeof(nofile), "%lu", (unsigned long)lim.rlim_max);
        hv = reexec_argv(p.host, argv, nofile);
        if (!hv) {
            r = -ENOMEM;
            goto out;
        }
        path = "/proc/self/exe";
    }
    fflush(NULL);
    /* The new program inherits the guest's mask, all of it. */
    uint64_t old = user_block_host_signals();
    uint64_t gm = cpu->ts->blocked;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &gm, NULL, 8);
    execve(path, hv, envp);
    r = -errno;
    user_set_host_mask(old);
    if (hv != argv)
        free(hv);
out:
    free(argv);
    free(envp);
    return r;
}
