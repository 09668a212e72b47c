/*
 * Guest signals on top of host signals (the model is described in
 * signal.h): the host signal handler, which records asynchronous signals
 * for the guest thread they hit and turns host faults in guest code into
 * guest faults; interruptible host syscalls; delivery of pending signals
 * at the cpu loop's safe points (default actions, handler frames through
 * the guest's UserArch); and the signal syscalls.
 *
 * Guest signal numbers are host signal numbers, so the host's SIG* names
 * are used for guest signals throughout. Dispositions are process-wide
 * (act_lock); masks, queues and alternate stacks are per thread
 * (TaskState, touched only by the owning thread and its host handler).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "exec/exec.h"
#include "exec/guest.h"
#include "exec/log.h"
#include "gdb/gdbstub.h"
#include "plugin/plugin.h"
#include "user/mem.h"
#include "user/arch.h"
#include "user/signal.h"
#include "user/syscall.h"
#include "user/thread.h"
#include "user/user.h"

/* asm-generic sigaction flags (the same values as x86-64's, spelled out
 * because they are the guest ABI). */
#define G_SA_NOCLDSTOP 0x00000001u
#define G_SA_NOCLDWAIT 0x00000002u
#define G_SA_SIGINFO 0x00000004u
#define G_SA_EXPOSE_TAGBITS 0x00000800u
#define G_SA_RESTORER 0x04000000u   /* only in ABIs whose sigaction has sa_restorer */
#define G_SA_ONSTACK 0x08000000u
#define G_SA_RESTART 0x10000000u
#define G_SA_NODEFER 0x40000000u
#define G_SA_RESETHAND 0x80000000u
#define G_SA_KNOWN (G_SA_NOCLDSTOP | G_SA_NOCLDWAIT | G_SA_SIGINFO | G_SA_EXPOSE_TAGBITS | \
                    G_SA_ONSTACK | G_SA_RESTART | G_SA_NODEFER | G_SA_RESETHAND)
#define G_SIG_DFL 0
#define G_SIG_IGN 1
#define G_SI_KERNEL 0x80
#define G_SI_USER 0

#define UNBLOCKABLE (user_sigbit(SIGKILL) | user_sigbit(SIGSTOP))
/* Signals the host raises for faults in the faulting thread: peek must
 * always receive them, so they are never blocked on the host. */
#define HOST_SYNC (user_sigbit(SIGSEGV) | user_sigbit(SIGBUS) | user_sigbit(SIGILL) | \
                   user_sigbit(SIGFPE) | user_sigbit(SIGTRAP))
/* Delivered before other pending signals, as the kernel does. */
#define SYNC_FIRST (HOST_SYNC | user_sigbit(SIGSYS))

/* ---- host primitives ---- */

/* The kernel's x86-64 struct sigaction. The raw syscall is used instead of
 * sigaction(3) because glibc refuses signals 32 and 33, which it reserves
 * for its own threads but which guest glibc uses too. */
typedef struct HostKSigaction {
    void *handler;
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
} HostKSigaction;
#define HOST_SA_RESTORER 0x04000000ul

void user_host_sigreturn(void);
__asm__(".text\n"
        ".globl user_host_sigreturn\n"
        ".type user_host_sigreturn, @function\n"
        "user_host_sigreturn:\n"
        "    mov $15, %eax\n"            /* __NR_rt_sigreturn */
        "    syscall\n"
        ".size user_host_sigreturn, .-user_host_sigreturn\n");

static int host_sigaction(int sig, const HostKSigaction *act, HostKSigaction *old)
{
    return (int)syscall(SYS_rt_sigaction, sig, act, old, 8);
}

/* Async-signal-safe: the host handler's way out when peek is broken. */
static _Noreturn void abort_with(const char *msg)
{
    if (write(2, msg, strlen(msg)) < 0) {
        /* nothing more we can tell */
    }
    HostKSigaction dfl = { .handler = SIG_DFL };
    host_sigaction(SIGABRT, &dfl, NULL);
    uint64_t unblock = user_sigbit(SIGABRT);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &unblock, NULL, 8);
    abort();
}

uint64_t user_host_mask(uint64_t guest_blocked)
{
    return guest_blocked & ~(HOST_SYNC | UNBLOCKABLE);
}

/* The queue holds a signal the guest can take: until it is delivered the
 * thread accepts no other asynchronous host signal, so the kernel keeps
 * them pending (see UserSigQueue). */
static bool queue_holds(const TaskState *ts)
{
    return (ts->queue.pending & ~ts->blocked) != 0;
}

void user_set_host_mask(uint64_t m)
{
    const TaskState *ts = user_thread_ts;
    if (ts && queue_holds(ts))
        m |= ~HOST_SYNC;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

uint64_t user_block_host_signals(void)
{
    uint64_t m = ~HOST_SYNC, old = 0;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, &m, &old, 8);
    return old;
}

/* ---- dispositions ---- */

enum { DFL_TERM, DFL_CORE, DFL_IGN, DFL_STOP, DFL_CONT };

static int default_action(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH:
        return DFL_IGN;
    case SIGCONT:
        return DFL_CONT;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return DFL_STOP;
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return DFL_CORE;
    default:
        return DFL_TERM;
    }
}

/* The guest's dispositions: one table per process, as in the kernel; each
 * thread's TaskState.sighand points at its process's. This is the table of
 * the process peek started with (and of its forks, in their copies of
 * memory); a process that shares peek's memory gets its own copy unless it
 * asked for CLONE_SIGHAND. act_lock guards every table: one lock for all,
 * since memory-sharing processes share it. */
static pthread_mutex_t act_lock = PTHREAD_MUTEX_INITIALIZER;
static UserSigHand process_sighand;

static void host_handler(int sig, siginfo_t *si, void *puc);

UserSigHand *user_sighand_copy(const UserSigHand *sh)
{
    UserSigHand *c = malloc(sizeof(*c));
    if (!c)
        return NULL;
    pthread_mutex_lock(&act_lock);
    *c = *sh;
    pthread_mutex_unlock(&act_lock);
    return c;
}

/* A fork while another thread changes a disposition must not leave the
 * child with act_lock held. */
static void act_lock_acquire(void) { pthread_mutex_lock(&act_lock); }
static void act_lock_release(void) { pthread_mutex_unlock(&act_lock); }

/* Make the host disposition of sig match the guest's ka (see signal.h). */
static void host_apply_action__locked(int sig, const UserSigaction *ka)
{
    HostKSigaction k = {
        .handler = (void *)host_handler,
        .flags = SA_SIGINFO | HOST_SA_RESTORER,
        .restorer = user_host_sigreturn,
        .mask = ~HOST_SYNC,
    };
    if (!(user_sigbit(sig) & HOST_SYNC)) {
        int d = default_action(sig);
        if (ka->handler == G_SIG_IGN)
            k.handler = SIG_IGN;
        else if (ka->handler == G_SIG_DFL && (d == DFL_IGN || d == DFL_STOP || d == DFL_CONT))
            k.handler = SIG_DFL;
    }
    if (sig == SIGCHLD)
        k.flags |= ka->flags & (G_SA_NOCLDSTOP | G_SA_NOCLDWAIT);
    host_sigaction(sig, &k, NULL);
}

/* ---- interruptible syscalls ---- */

/* safe_syscall_base(pending, nr, a1..a6): if *pending is set, return -512
 * without entering the kernel; else make the syscall. The host handler,
 * on recording a deliverable signal, moves an rip inside [start, end) to
 * restart, so a signal that arrives after the check but before the kernel
 * blocks (or while it is blocked and about to be restarted) makes this
 * return -512 too. */
long safe_syscall_base(volatile int *pending, long nr, long a1, long a2, long a3,
                       long a4, long a5, long a6);
extern const char safe_syscall_start[], safe_syscall_end[], safe_syscall_restart[];
__asm__(".text\n"
        ".globl safe_syscall_base\n"
        ".type safe_syscall_base, @function\n"
        "safe_syscall_base:\n"
        "    .cfi_startproc\n"
        "    mov %rdi, %r11\n"
        "    mov %rsi, %rax\n"
        "    mov %rdx, %rdi\n"
        "    mov %rcx, %rsi\n"
        "    mov %r8, %rdx\n"
        "    mov %r9, %r10\n"
        "    mov 8(%rsp), %r8\n"
        "    mov 16(%rsp), %r9\n"
        ".globl safe_syscall_start\n"
        "safe_syscall_start:\n"
        "    cmpl $0, (%r11)\n"
        "    jnz safe_syscall_restart\n"
        "    syscall\n"
        ".globl safe_syscall_end\n"
        "safe_syscall_end:\n"
        "    ret\n"
        ".globl safe_syscall_restart\n"
        "safe_syscall_restart:\n"
        "    mov $-512, %rax\n"
        "    ret\n"
        "    .cfi_endproc\n"
        ".size safe_syscall_base, .-safe_syscall_base\n");

int64_t user_safe_syscall6(int restart, long nr, long a1, long a2, long a3,
                           long a4, long a5, long a6)
{
    TaskState *ts = user_thread_ts;
    if (!ts)
        return host_ret(syscall(nr, a1, a2, a3, a4, a5, a6));
    /* A call that may block is where a plugin sees its vCPU idle. */
    plugin_vcpu_idle(ts->cpu);
    long r = safe_syscall_base(&ts->sig_pending, nr, a1, a2, a3, a4, a5, a6);
    plugin_vcpu_resume(ts->cpu);
    /* Interrupted before the host call began (-512) or during it: the
     * kernel applies one rule to both, decided at delivery (a wait whose
     * temporary mask let the signal in must fail with EINTR, not rerun). */
    if (r == -512 || r == -EINTR) {
        ts->restart = restart;
        return SYS_ERESTART;
    }
    return r;
}

int64_t user_syscall_interrupted(CPUState *cpu, int restart)
{
    cpu->ts->restart = restart;
    return SYS_ERESTART;
}

void user_set_temp_mask(CPUState *cpu, uint64_t mask)
{
    TaskState *ts = cpu->ts;
    ts->saved_mask = ts->blocked;
    ts->has_saved_mask = true;
    user_set_blocked(ts, mask);
}

/* ---- pending queues (host signals blocked by the caller) ---- */

static void update_pending(TaskState *ts)
{
    ts->sig_pending = queue_holds(ts) || ts->sync_sig != 0;
}

static void queue_add(TaskState *ts, int sig, const UserSiginfo *info)
{
    UserSigQueue *q = &ts->queue;
    /* Standard signals do not queue: a second one merges with the first. */
    if (sig < SIGRTMIN && (q->pending & user_sigbit(sig)))
        return;
    /* At most one entry a signal number (UserSigQueue): never full. */
    if (q->n == USER_SIGQ_MAX)
        abort_with("peek: internal error: a thread's signal queue is full\n");
    q->q[q->n].sig = sig;
    q->q[q->n].info = *info;
    q->n++;
    q->pending |= user_sigbit(sig);
}

/* Dequeue the first instance of the best signal in set: 0 if none. */
static int queue_take(TaskState *ts, uint64_t set, UserSiginfo *info)
{
    UserSigQueue *q = &ts->queue;
    uint64_t cand = q->pending & set;
    if (!cand)
        return 0;
    if (cand & SYNC_FIRST)
        cand &= SYNC_FIRST;
    int sig = __builtin_ctzll(cand) + 1;
    int i = 0;
    while (q->q[i].sig != sig)
        i++;
    *info = q->q[i].info;
    memmove(&q->q[i], &q->q[i + 1], (size_t)(q->n - i - 1) * sizeof(q->q[0]));
    q->n--;
    q->pending &= ~user_sigbit(sig);
    for (int j = i; j < q->n; j++)
        if (q->q[j].sig == sig)
            q->pending |= user_sigbit(sig);
    return sig;
}

void user_set_blocked(TaskState *ts, uint64_t mask)
{
    user_block_host_signals();
    ts->blocked = mask & ~UNBLOCKABLE;
    update_pending(ts);
    user_set_host_mask(user_host_mask(ts->blocked));
}

void user_signal_thread_exit(TaskState *ts)
{
    uint64_t old = user_block_host_signals();
    UserSigQueue *q = &ts->queue;
    for (int i = 0; i < q->n; i++)
        if (q->q[i].info.code != SI_TKILL)
            syscall(SYS_rt_sigqueueinfo, getpid(), q->q[i].sig, &q->q[i].info);
    memset(q, 0, sizeof(*q));
    update_pending(ts);
    user_set_host_mask(old);
}

void user_signal_fork_child(TaskState *ts)
{
    uint64_t old = user_block_host_signals();
    memset(&ts->queue, 0, sizeof(ts->queue));
    ts->sync_sig = 0;
    update_pending(ts);
    user_set_host_mask(old);
}

/* ---- the host signal handler ---- */

static _Noreturn void internal_error(int sig, const void *addr, uintptr_t pc)
{
    char buf[160];
    snprintf(buf, sizeof(buf), "peek: internal error: host signal %d at %p (pc %#lx)\n", sig,
             addr, (unsigned long)pc);
    abort_with(buf);
}

/* A fault the host raised in this thread. Inside the guest space while
 * guest code runs it is the guest's fault: leave generated code with the
 * guest pc made precise. Anything else is a bug in peek. */
static void host_fault(int sig, siginfo_t *si, ucontext_t *uc)
{
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if ((sig == SIGSEGV || sig == SIGBUS) && host_in_guest(si->si_addr)) {
        uint64_t ga = h2g(si->si_addr);
        /* A write to a page holding translated code: drop it, retry. */
        if (sig == SIGSEGV && mem_handle_write_fault(ga))
            return;
        CPUState *cpu = current_cpu;
        if (cpu && cpu->in_exec) {
            cpu_restore_state_ctx(cpu, pc, uc);
            if (cpu->guest->host_fp_status_lost && uc->uc_mcontext.fpregs)
                cpu->guest->host_fp_status_lost(cpu, uc->uc_mcontext.fpregs->mxcsr);
            /* cpu_exec's sigsetjmp does not save the mask: put back the
             * one this handler interrupted. */
            uint64_t m;
            memcpy(&m, &uc->uc_sigmask, sizeof(m));
            user_set_host_mask(m);
            /* an IR_MO_RETRY load: its instruction runs again alone */
            if (cpu->check_step)
                cpu_raise(cpu, EXCP_INTERRUPT, 0, 0);
            if (sig == SIGSEGV)
                cpu_raise(cpu, EXCP_SEGV, ga,
                          (mem_page_flags(ga) & PAGE_VALID) ? SEGV_ACCERR : SEGV_MAPERR);
            cpu_raise(cpu, EXCP_BUS, ga, si->si_code);
        }
    }
    internal_error(sig, si->si_addr, pc);
}

/* A signal reached a host thread that runs no guest code: pass it on to a
 * guest thread that does not block it (or any guest thread). */
static void forward_signal(int sig, siginfo_t *si)
{
    int tid = 0;
    user_task_lock();
    for (TaskState *t = user_task_first__locked(); t; t = t->next) {
        if (!t->tid)
            continue;
        if (!tid || !(t->blocked & user_sigbit(sig)))
            tid = t->tid;
        if (!(t->blocked & user_sigbit(sig)))
            break;
    }
    user_task_unlock();
    if (tid)
        syscall(SYS_rt_tgsigqueueinfo, getpid(), tid, sig, si);
}

static void host_handler(int sig, siginfo_t *si, void *puc)
{
    ucontext_t *uc = puc;
    int saved_errno = errno;
    if ((user_sigbit(sig) & HOST_SYNC) && si->si_code > 0) {
        host_fault(sig, si, uc);
        errno = saved_errno;
        return;
    }
    TaskState *ts = user_thread_ts;
    if (!ts) {
        forward_signal(sig, si);
        errno = saved_errno;
        return;
    }
    _Static_assert(sizeof(UserSiginfo) == sizeof(siginfo_t), "siginfo layout");
    UserSiginfo info;
    memcpy(&info, si, sizeof(info));
    queue_add(ts, sig, &info);
    if (!(ts->blocked & user_sigbit(sig))) {
        /* Hold the rest in the kernel until this one is delivered. */
        uint64_t m;
        memcpy(&m, &uc->uc_sigmask, sizeof(m));
        m |= ~HOST_SYNC;
        memcpy(&uc->uc_sigmask, &m, sizeof(m));
        ts->sig_pending = 1;
        __atomic_store_n(&ts->cpu->exit_request, 1, __ATOMIC_RELEASE);
        greg_t *rip = &uc->uc_mcontext.gregs[REG_RIP];
        if ((uintptr_t)*rip >= (uintptr_t)safe_syscall_start &&
            (uintptr_t)*rip < (uintptr_t)safe_syscall_end)
            *rip = (greg_t)(uintptr_t)safe_syscall_restart;
    }
    errno = saved_errno;
}

int64_t user_map_code_page(const void *code, size_t len, const char *name)
{
    int64_t a = mem_mmap(0, GUEST_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (a < 0)
        return a;
    if (copy_to_guest((uint64_t)a, code, len) < 0)
        return -EFAULT;
    int64_t r = mem_mprotect((uint64_t)a, GUEST_PAGE_SIZE, PROT_READ | PROT_EXEC);
    if (r < 0)
        return r;
    mem_name_range((uint64_t)a, GUEST_PAGE_SIZE, name);
    return a;
}

void user_signal_init(TaskState *ts)
{
    int r = user_arch->sig_init();
    if (r < 0) {
        fprintf(stderr, "peek: cannot map the signal return page: %s\n", strerror(-r));
        exit(1);
    }
    /* What we inherited (from the shell, or from a peek that exec'd us)
     * is the guest's: ignored signals stay ignored, the mask stays. */
    uint64_t mask = 0;
    syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &mask, 8);
    ts->blocked = mask & ~UNBLOCKABLE;
    ts->sighand = &process_sighand;
    pthread_mutex_lock(&act_lock);
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if (user_sigbit(sig) & UNBLOCKABLE)
            continue;
        HostKSigaction old;
        if (host_sigaction(sig, NULL, &old) == 0 && old.handler == SIG_IGN)
            process_sighand.act[sig].handler = G_SIG_IGN;
        host_apply_action__locked(sig, &process_sighand.act[sig]);
    }
    pthread_mutex_unlock(&act_lock);
    pthread_atfork(act_lock_acquire, act_lock_release, act_lock_release);
    user_set_host_mask(user_host_mask(ts->blocked));
}

/* ---- delivery ---- */

void user_force_sig(CPUState *cpu, int sig, int code, uint64_t addr)
{
    TaskState *ts = cpu->ts;
    memset(&ts->sync_info, 0, sizeof(ts->sync_info));
    ts->sync_info.signo = sig;
    ts->sync_info.code = code;
    ts->sync_info.u.fault.addr = addr;
    ts->sync_sig = sig;
    ts->sig_pending = 1;
}

static _Noreturn void die_by_signal(int sig)
{
    bool core = default_action(sig) == DFL_CORE;
    /* Silent for the two deaths that shells keep quiet about too: a ^C,
     * and a reader that went away ("prog | head"). */
    if (sig != SIGINT && sig != SIGPIPE)
        fprintf(stderr, "peek: uncaught target signal %d (%s)%s\n", sig, strsignal(sig),
                core ? " - core dumped" : "");
    gdb_exit_signal(sig);
    user_exit_group(128 + sig);
    /* Die of the same signal so that the parent sees what a native run
     * shows; no host core file of peek itself. */
    if (core) {
        struct rlimit none = { 0, 0 };
        setrlimit(RLIMIT_CORE, &none);
    }
    HostKSigaction dfl = { .handler = SIG_DFL };
    host_sigaction(sig, &dfl, NULL);
    uint64_t only = ~user_sigbit(sig);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &only, NULL, 8);
    syscall(SYS_tgkill, getpid(), gettid(), sig);
    /* Not reached: the signal is fatal and unblocked. */
    _exit(128 + sig);
}

static bool on_altstack(const TaskState *ts, uint64_t sp)
{
    return sp > ts->altstack.sp && sp - ts->altstack.sp <= ts->altstack.size;
}

/* The frame could not be written: the kernel's force_sigsegv. */
static void force_sigsegv(CPUState *cpu, int sig)
{
    if (sig == SIGSEGV) {
        pthread_mutex_lock(&act_lock);
        cpu->ts->sighand->act[SIGSEGV].handler = G_SIG_DFL;
        pthread_mutex_unlock(&act_lock);
    }
    user_force_sig(cpu, SIGSEGV, G_SI_KERNEL, 0);
}

static void deliver(CPUState *cpu, TaskState *ts, int sig, const UserSiginfo *info, bool forced)
{
    const UserArch *arch = user_arch;
    uint64_t bit = user_sigbit(sig);
    UserSigaction *act = &ts->sighand->act[sig];
    pthread_mutex_lock(&act_lock);
    /* A fault that is blocked or ignored cannot be survived: default. */
    if (forced && (act->handler == G_SIG_IGN || (ts->blocked & bit))) {
        act->handler = G_SIG_DFL;
        host_apply_action__locked(sig, act);
    }
    UserSigaction ka = *act;
    if (ka.handler > G_SIG_IGN && (ka.flags & G_SA_RESETHAND)) {
        act->handler = G_SIG_DFL;
        act->flags &= ~G_SA_SIGINFO;
        host_apply_action__locked(sig, act);
    }
    pthread_mutex_unlock(&act_lock);

    if (ka.handler == G_SIG_IGN)
        return;
    if (ka.handler == G_SIG_DFL) {
        switch (default_action(sig)) {
        case DFL_IGN:
        case DFL_CONT:
            return;
        case DFL_STOP:
            kill(getpid(), SIGSTOP);
            return;
        default:
            die_by_signal(sig);
        }
    }

    if (ts->restart != USER_RESTART_NONE) {
        if (ts->restart == USER_RESTART_NOHAND || !(ka.flags & G_SA_RESTART))
            arch->syscall_return(cpu, -EINTR);
        ts->restart = USER_RESTART_NONE;
    }
    uint64_t sp = arch->get_sp(cpu);
    UserStack st = ts->altstack;
    if ((ka.flags & G_SA_ONSTACK) && ts->altstack.size && !on_altstack(ts, sp))
        sp = ts->altstack.sp + ts->altstack.size;
    if (ts->altstack.flags & G_SS_AUTODISARM)
        ts->altstack = (UserStack){ .flags = G_SS_DISABLE };
    uint64_t saved = ts->has_saved_mask ? ts->saved_mask : ts->blocked;
    ts->has_saved_mask = false;
    uint64_t from_pc = cpu_get_pc(cpu);
    if (arch->setup_rt_frame(cpu, sp, sig, &ka, info, saved, &st) < 0) {
        force_sigsegv(cpu, sig);
        return;
    }
    uint64_t nb = ts->blocked | ka.mask;
    if (!(ka.flags & G_SA_NODEFER))
        nb |= bit;
    user_set_blocked(ts, nb);
    plugin_discon(cpu, forced ? PLUGIN_DISCON_EXCEPTION : PLUGIN_DISCON_INTERRUPT, from_pc,
                  cpu_get_pc(cpu));
}

/* Take the next signal to deliver: a synchronous fault first, then the
 * best unblocked queued one. Host signals stay blocked: the caller opens
 * them once the handler's mask is in place. */
static int next_signal(TaskState *ts, UserSiginfo *info, bool *forced)
{
    user_block_host_signals();
    int sig = ts->sync_sig;
    *forced = sig != 0;
    if (sig) {
        *info = ts->sync_info;
        ts->sync_sig = 0;
    } else {
        sig = queue_take(ts, ~ts->blocked, info);
    }
    update_pending(ts);
    return sig;
}

void user_process_signals(CPUState *cpu)
{
    TaskState *ts = cpu->ts;
    for (;;) {
        UserSiginfo info;
        bool forced;
        int sig = next_signal(ts, &info, &forced);
        if (sig && (ts->gdb_passed & user_sigbit(sig))) {
            ts->gdb_passed &= ~user_sigbit(sig);
        } else if (sig && gdb_attached) {
            /* GDB sees it first, and may pass another or none. */
            int g = gdb_signal(cpu, sig);
            if (!g)
                continue;
            if (g != sig) {
                memset(&info, 0, sizeof(info));
                info.signo = g;
                info.code = G_SI_USER;
                info.u.kill.pid = getpid();
                sig = g;
                forced = false;
            }
        }
        if (sig) {
            if (user_opts.strace)
                strace_signal(sig, &info, (user_sigbit(sig) & SYNC_FIRST) && info.code > 0);
            if (log_enabled(LOG_INT))
                log_printf("cpu %d: signal %d [SIG%s] at pc 0x%016" PRIx64 "\n", cpu->cpu_index, sig,
                           sigabbrev_np(sig) ? sigabbrev_np(sig) : "?", cpu_get_pc(cpu));
            deliver(cpu, ts, sig, &info, forced);
            continue;
        }
        /* rt_sigsuspend with no handler run: its mask ends here, which
         * may let more signals through. */
        if (!ts->has_saved_mask)
            break;
        ts->has_saved_mask = false;
        user_set_blocked(ts, ts->saved_mask);
    }
    user_set_host_mask(user_host_mask(ts->blocked));
    ts->restart = USER_RESTART_NONE;
}

/* ---- syscalls ---- */

static int64_t altstack_flags(const TaskState *ts, uint64_t sp)
{
    int64_t f = !ts->altstack.size ? G_SS_DISABLE : on_altstack(ts, sp) ? G_SS_ONSTACK : 0;
    return f | (ts->altstack.flags & G_SS_AUTODISARM);
}

static int64_t do_sigaltstack(TaskState *ts, const UserStack *ss, UserStack *oss, uint64_t sp)
{
    if (oss) {
        *oss = ts->altstack;
        oss->flags = (int32_t)altstack_flags(ts, sp);
        oss->pad = 0;
    }
    if (!ss)
        return 0;
    if (on_altstack(ts, sp))
        return -EPERM;
    uint32_t mode = (uint32_t)ss->flags & ~G_SS_AUTODISARM;
    if (mode != 0 && mode != G_SS_ONSTACK && mode != G_SS_DISABLE)
        return -EINVAL;
    if (mode == G_SS_DISABLE) {
        ts->altstack = (UserStack){ .flags = G_SS_DISABLE };
        return 0;
    }
    if (ss->size < user_arch->minsigstksz)
        return -ENOMEM;
    ts->altstack = (UserStack){ .sp = ss->sp, .size = ss->size,
                                .flags = (int32_t)((uint32_t)ss->flags & G_SS_AUTODISARM) };
    return 0;
}

int64_t sys_sigaltstack(SYSCALL_ARGS)
{
    TaskState *ts = cpu->ts;
    UserStack ss, oss;
    if (a[0] && copy_from_guest(&ss, a[0], sizeof(ss)) < 0)
        return -EFAULT;
    int64_t r = do_sigaltstack(ts, a[0] ? &ss : NULL, &oss,
                               user_arch->get_sp(cpu));
    if (r < 0)
        return r;
    if (a[1] && copy_to_guest(a[1], &oss, sizeof(oss)) < 0)
        return -EFAULT;
    return 0;
}

/* The guest's struct sigaction, with or without sa_restorer. */
static int sigaction_from_guest(UserSigaction *act, uint64_t a)
{
    uint64_t w[4] = { 0 };
    unsigned n = user_arch->sa_restorer ? 4 : 3;
    if (copy_from_guest(w, a, n * sizeof(w[0])) < 0)
        return -EFAULT;
    *act = (UserSigaction){ .handler = w[0], .flags = w[1], .restorer = n == 4 ? w[2] : 0,
                            .mask = w[n - 1] };
    return 0;
}

static int sigaction_to_guest(uint64_t a, const UserSigaction *act)
{
    uint64_t w[4] = { act->handler, act->flags, act->restorer, act->mask };
    if (!user_arch->sa_restorer)
        w[2] = act->mask;
    return copy_to_guest(a, w, (user_arch->sa_restorer ? 4 : 3) * sizeof(w[0]));
}

int64_t sys_rt_sigaction(SYSCALL_ARGS)
{
    int sig = (int)a[0];
    UserSigaction act, old;
    /* Linux's order: the set size, reading the new action, the signal. */
    if (a[3] != 8)
        return -EINVAL;
    if (a[1] && sigaction_from_guest(&act, a[1]) < 0)
        return -EFAULT;
    if (sig < 1 || sig > USER_NSIG || (a[1] && (user_sigbit(sig) & UNBLOCKABLE)))
        return -EINVAL;
    if (a[1]) {
        act.flags &= G_SA_KNOWN | (user_arch->sa_restorer ? G_SA_RESTORER : 0);
        act.mask &= ~UNBLOCKABLE;
    }
    UserSigaction *cur = &cpu->ts->sighand->act[sig];
    pthread_mutex_lock(&act_lock);
    old = *cur;
    if (a[1]) {
        *cur = act;
        host_apply_action__locked(sig, cur);
    }
    pthread_mutex_unlock(&act_lock);
    if (a[2] && sigaction_to_guest(a[2], &old) < 0)
        return -EFAULT;
    return 0;
}

int64_t sys_rt_sigprocmask(SYSCALL_ARGS)
{
    TaskState *ts = cpu->ts;
    uint64_t set, old = ts->blocked, m = old;
    if (a[3] != 8)
        return -EINVAL;
    if (a[1]) {
        if (copy_from_guest(&set, a[1], sizeof(set)) < 0)
            return -EFAULT;
        switch (a[0]) {
        case SIG_BLOCK: m = old | set; break;
        case SIG_UNBLOCK: m = old & ~set; break;
        case SIG_SETMASK: m = set; break;
        default: return -EINVAL;
        }
    }
    if (a[2] && copy_to_guest(a[2], &old, sizeof(old)) < 0)
        return -EFAULT;
    if (a[1])
        user_set_blocked(ts, m);
    return 0;
}

int64_t sys_rt_sigpending(SYSCALL_ARGS)
{
    TaskState *ts = cpu->ts;
    if (a[1] > 8)
        return -EINVAL;
    uint64_t host = 0;
    syscall(SYS_rt_sigpending, &host, 8);
    uint64_t old = user_block_host_signals();
    uint64_t p = (ts->queue.pending | host) & ts->blocked;
    user_set_host_mask(old);
    return copy_to_guest(a[0], &p, a[1]) < 0 ? -EFAULT : 0;
}

int64_t sys_rt_sigsuspend(SYSCALL_ARGS)
{
    TaskState *ts = cpu->ts;
    uint64_t m;
    if (a[1] != 8)
        return -EINVAL;
    if (copy_from_guest(&m, a[0], sizeof(m)) < 0)
        return -EFAULT;
    m &= ~UNBLOCKABLE;
    /* Set the mask and sleep atomically with respect to our own queue:
     * with host signals blocked, check it, then let the host sigsuspend
     * open the new mask and wait in one step. */
    user_block_host_signals();
    ts->saved_mask = ts->blocked;
    ts->has_saved_mask = true;
    ts->blocked = m;
    update_pending(ts);
    if (!ts->sig_pending) {
        uint64_t hm = user_host_mask(m);
        syscall(SYS_rt_sigsuspend, &hm, 8);
    }
    user_set_host_mask(user_host_mask(m));
    return user_syscall_interrupted(cpu, USER_RESTART_NOHAND);
}

int64_t sys_rt_sigtimedwait(SYSCALL_ARGS)
{
    TaskState *ts = cpu->ts;
    uint64_t set;
    struct timespec t, *tp = NULL;
    UserSiginfo info;
    if (a[3] != 8)
        return -EINVAL;
    if (copy_from_guest(&set, a[0], sizeof(set)) < 0)
        return -EFAULT;
    if (a[2]) {
        if (copy_from_guest(&t, a[2], sizeof(t)) < 0)
            return -EFAULT;
        tp = &t;
    }
    set &= ~UNBLOCKABLE;
    user_block_host_signals();
    int sig = queue_take(ts, set, &info);
    update_pending(ts);
    user_set_host_mask(user_host_mask(ts->blocked));
    if (!sig) {
        siginfo_t hi;
        int64_t r = safe_syscall_nohand(SYS_rt_sigtimedwait, &set, &hi, tp, 8);
        if (r < 0)
            return r;
        sig = (int)r;
        memcpy(&info, &hi, sizeof(info));
    }
    if (a[1] && copy_to_guest(a[1], &info, sizeof(info)) < 0)
        return -EFAULT;
    return sig;
}

int64_t sys_rt_sigreturn(SYSCALL_ARGS)
{
    TaskState *ts = cpu->ts;
    const UserArch *arch = user_arch;
    uint64_t mask;
    UserStack st;
    if (arch->restore_rt_frame(cpu, &mask, &st) < 0) {
        user_force_sig(cpu, SIGSEGV, G_SI_KERNEL, 0);
        return SYS_ESIGRETURN;
    }
    user_set_blocked(ts, mask);
    /* Errors other than a bad address are ignored, as by the kernel:
     * EPERM just means we return to code that still runs on it. */
    do_sigaltstack(ts, &st, NULL, arch->get_sp(cpu));
    return SYS_ESIGRETURN;
}

static int64_t queue_info_syscall(long nr, long a0, long a1, long a2, uint64_t guest_info)
{
    UserSiginfo info;
    if (copy_from_guest(&info, guest_info, sizeof(info)) < 0)
        return -EFAULT;
    if (nr == SYS_rt_sigqueueinfo)
        return host_ret(syscall(nr, a0, a1, &info));
    return host_ret(syscall(nr, a0, a1, a2, &info));
}

int64_t sys_rt_sigqueueinfo(SYSCALL_ARGS)
{
    return queue_info_syscall(SYS_rt_sigqueueinfo, (long)a[0], (long)a[1], 0, a[2]);
}

int64_t sys_rt_tgsigqueueinfo(SYSCALL_ARGS)
{
    return queue_info_syscall(SYS_rt_tgsigqueueinfo, (long)a[0], (long)a[1], (long)a[2], a[3]);
}

int64_t sys_kill(SYSCALL_ARGS)
{
    return host_ret(kill((pid_t)a[0], (int)a[1]));
}

int64_t sys_tkill(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_tkill, (long)(int)a[0], (long)(int)a[1]));
}

int64_t sys_tgkill(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_tgkill, (long)(int)a[0], (long)(int)a[1], (long)(int)a[2]));
}
