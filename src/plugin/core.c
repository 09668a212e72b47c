/*
 * The plugin registry and event dispatch: loaded plugins and their event
 * callbacks, the calls into plugins in the shape each plugin's API version
 * expects, the hooks the runtime calls (vCPU life, system calls,
 * discontinuities, exit), live vCPU tracking, and asynchronous uninstall
 * and reset.
 *
 * Callback records are read without locks (see internal.h). Registration
 * takes plugin_lock, which is never held while a plugin runs, so plugins
 * may register from inside any callback.
 *
 * Version shapes: up to version 6 a vCPU event callback receives
 * (id, vcpu_index, ...), tb_trans (id, tb), flush and the uninstall/reset
 * callback (id), atexit (id, userdata); from version 7 every one of them
 * drops the id and ends with the registration's userdata.
 */
#include "util/util.h"
#include "plugin/internal.h"

#include <dlfcn.h>

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/exclusive.h"
#include "exec/exec.h"
#include "exec/translate.h"
#include "exec/tb.h"

bool plugin_active;
const GuestArch *plugin_guest;
PluginCtx *plugin_ctxs[PLUGIN_MAX];
int plugin_n;
__thread PluginTLS plugin_tls;

/* Guards registration, plugin states, the retired-record list, the
 * live vCPU set and the scoreboards kept in CPUState; process-wide by
 * nature. */
static pthread_mutex_t plugin_lock = PTHREAD_MUTEX_INITIALIZER;
static PluginCb *retired[256];     /* replaced records awaiting a grace period */
static int n_retired;
static CPUState **vcpu_cpus;       /* by cpu_index: the live vCPU, or NULL */
static int num_vcpus;              /* 1 + highest index ever started */
static struct qemu_plugin_scoreboard *sb_cached[CPU_PLUGIN_SB_BASES];
/* The views made so far (plugin_vcpu_view), kept while the process
 * lives: blocks and unwind tables point to them until a flush. */
#define MAX_VIEWS 16
static struct qemu_plugin_scoreboard *views[MAX_VIEWS];
static int n_views;

typedef void (*OldVcpuFn)(qemu_plugin_id_t, unsigned);
typedef void (*OldIdFn)(qemu_plugin_id_t);
typedef void (*OldUdataFn)(qemu_plugin_id_t, void *);
typedef void (*OldSyscallFn)(qemu_plugin_id_t, unsigned, int64_t, uint64_t, uint64_t, uint64_t,
                             uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef bool (*OldFilterFn)(qemu_plugin_id_t, unsigned, int64_t, uint64_t, uint64_t, uint64_t,
                            uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t *);
typedef void (*OldSysretFn)(qemu_plugin_id_t, unsigned, int64_t, int64_t);
typedef void (*OldDisconFn)(qemu_plugin_id_t, unsigned, enum qemu_plugin_discon_type, uint64_t,
                            uint64_t);

static void vplugin_msg(const PluginCtx *ctx, const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (ctx)
        error_line("plugin %s: %s", ctx->path, msg);
    else
        error_line("plugins: %s", msg);
}

void plugin_warn(const PluginCtx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vplugin_msg(ctx, fmt, ap);
    va_end(ap);
}

void plugin_fatal(const PluginCtx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vplugin_msg(ctx, fmt, ap);
    va_end(ap);
    exit(1);
}

PluginCtx *plugin_ctx(qemu_plugin_id_t id)
{
    int n = __atomic_load_n(&plugin_n, __ATOMIC_ACQUIRE);
    if (id < 1 || id > (uint64_t)n)
        return NULL;
    PluginCtx *ctx = plugin_ctxs[id - 1];
    return __atomic_load_n(&ctx->state, __ATOMIC_ACQUIRE) == PLUGIN_GONE ? NULL : ctx;
}

/* ---- read-side sections ---- */

/* A thread's counter is odd while it is inside a read section. */
typedef struct RcuThread {
    unsigned long ctr;
    unsigned nest;
    struct RcuThread *next;
} RcuThread;

static pthread_mutex_t rcu_lock = PTHREAD_MUTEX_INITIALIZER;
static RcuThread *rcu_threads;      /* every thread that ever read */
static pthread_key_t rcu_key;
static pthread_once_t rcu_once = PTHREAD_ONCE_INIT;
static __thread RcuThread *rcu_self;

static void rcu_thread_gone(void *p)
{
    pthread_mutex_lock(&rcu_lock);
    for (RcuThread **pp = &rcu_threads; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = ((RcuThread *)p)->next;
            break;
        }
    }
    pthread_mutex_unlock(&rcu_lock);
    free(p);
}

static void rcu_atfork_prepare(void) { pthread_mutex_lock(&rcu_lock); }
static void rcu_atfork_parent(void) { pthread_mutex_unlock(&rcu_lock); }
static void rcu_atfork_child(void)
{
    /* Only the forking thread survives; the others' records are garbage. */
    rcu_threads = rcu_self;
    if (rcu_self)
        rcu_self->next = NULL;
    pthread_mutex_unlock(&rcu_lock);
}

static void rcu_init(void)
{
    pthread_key_create(&rcu_key, rcu_thread_gone);
    pthread_atfork(rcu_atfork_prepare, rcu_atfork_parent, rcu_atfork_child);
}

static RcuThread *rcu_register(void)
{
    pthread_once(&rcu_once, rcu_init);
    RcuThread *t = xcalloc(1, sizeof(*t));
    pthread_mutex_lock(&rcu_lock);
    t->next = rcu_threads;
    rcu_threads = t;
    pthread_mutex_unlock(&rcu_lock);
    pthread_setspecific(rcu_key, t);
    return rcu_self = t;
}

void plugin_rcu_read_lock(void)
{
    RcuThread *t = rcu_self ? rcu_self : rcu_register();
    if (t->nest++ == 0) {
        __atomic_store_n(&t->ctr, t->ctr + 1, __ATOMIC_RELAXED);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
}

void plugin_rcu_read_unlock(void)
{
    RcuThread *t = rcu_self;
    if (--t->nest == 0)
        __atomic_store_n(&t->ctr, t->ctr + 1, __ATOMIC_RELEASE);
}

void plugin_rcu_synchronize(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    pthread_mutex_lock(&rcu_lock);
    for (RcuThread *t = rcu_threads; t; t = t->next) {
        if (t == rcu_self)
            continue;
        unsigned long c = __atomic_load_n(&t->ctr, __ATOMIC_ACQUIRE);
        if (!(c & 1))
            continue;
        while (__atomic_load_n(&t->ctr, __ATOMIC_ACQUIRE) == c)
            sched_yield();
    }
    pthread_mutex_unlock(&rcu_lock);
}

/* Free replaced records once no reader can hold them. */
static void free_retired(void)
{
    plugin_rcu_synchronize();
    pthread_mutex_lock(&plugin_lock);
    for (int i = 0; i < n_retired; i++)
        free(retired[i]);
    n_retired = 0;
    pthread_mutex_unlock(&plugin_lock);
}

static void retire__locked(PluginCb *cb)
{
    if (!cb)
        return;
    if (n_retired == (int)(sizeof(retired) / sizeof(retired[0]))) {
        /* Rare: a plugin re-registering in a loop. Wait for readers here
         * (no plugin_lock holder is ever inside a read section). */
        plugin_rcu_synchronize();
        for (int i = 0; i < n_retired; i++)
            free(retired[i]);
        n_retired = 0;
    }
    retired[n_retired++] = cb;
}

static void set_cb__locked(PluginCtx *ctx, PluginEvent ev, PluginCb *cb)
{
    PluginCb *old = __atomic_exchange_n(&ctx->cb[ev], cb, __ATOMIC_ACQ_REL);
    retire__locked(old);
}

/* ---- registration ---- */

void plugin_register_cb(qemu_plugin_id_t id, PluginEvent ev, void *fn, void *udata)
{
    PluginCb *cb = NULL;
    if (fn) {
        cb = xmalloc(sizeof(*cb));
        cb->fn = fn;
        cb->udata = udata;
    }
    pthread_mutex_lock(&plugin_lock);
    PluginCtx *ctx = plugin_ctx(id);
    if (ctx && ctx->state != PLUGIN_UNINSTALLING)
        set_cb__locked(ctx, ev, cb);
    else
        free(cb);
    pthread_mutex_unlock(&plugin_lock);
    /* Only a plugin that sees blocks can instrument them: until one does,
     * blocks are made as without plugins (empty, syscall cost nothing). */
    if (ev == PEV_TB_TRANS && cb)
        exec_plugin_code_on();
}

/* ---- calling into plugins ---- */

static PluginCb *load_cb(PluginCtx *ctx, PluginEvent ev)
{
    return __atomic_load_n(&ctx->cb[ev], __ATOMIC_ACQUIRE);
}

/* Runs the statement after it for each plugin, in load order, that has a
 * callback for ev, with ctx and cb naming them (inside a read section).
 * The inner loops run at most once each, so continue and return work as
 * in a plain loop; break would only end the current plugin's turn. */
#define FOR_EACH_CB(ev, ctx, cb)                                                          \
    for (int i_ = 0, n_ = __atomic_load_n(&plugin_n, __ATOMIC_ACQUIRE); i_ < n_; i_++)  \
        for (PluginCtx *ctx = plugin_ctxs[i_]; ctx; ctx = NULL)                           \
            for (PluginCb *cb = load_cb(ctx, ev); cb; cb = NULL)

/* The vCPU events without arguments (init, exit, idle, resume). */
static void dispatch_vcpu(PluginEvent ev, CPUState *cpu)
{
    unsigned idx = (unsigned)cpu->cpu_index;
    plugin_rcu_read_lock();
    FOR_EACH_CB(ev, ctx, cb) {
        PLUGIN_WITH_TLS(ctx, cpu, QEMU_PLUGIN_CB_RW_REGS, NULL, {
            if (ctx->version >= 7)
                ((qemu_plugin_vcpu_udata_cb_t)cb->fn)(idx, cb->udata);
            else
                ((OldVcpuFn)cb->fn)(ctx->id, idx);
        });
    }
    plugin_rcu_read_unlock();
}

/* The events without a vCPU: flush and atexit. */
static void dispatch_plain(PluginEvent ev)
{
    plugin_rcu_read_lock();
    FOR_EACH_CB(ev, ctx, cb) {
        PLUGIN_WITH_TLS(ctx, NULL, PLUGIN_REGS_NONE, NULL, {
            if (ctx->version >= 7)
                ((qemu_plugin_udata_cb_t)cb->fn)(cb->udata);
            else if (ev == PEV_ATEXIT)
                ((OldUdataFn)cb->fn)(ctx->id, cb->udata);
            else
                ((OldIdFn)cb->fn)(ctx->id);
        });
    }
    plugin_rcu_read_unlock();
}

/* tb_trans for one plugin (inject.c builds the handle). */
void plugin_call_tb_trans(PluginCtx *ctx, CPUState *cpu, struct qemu_plugin_tb *tb)
{
    PluginCb *cb = load_cb(ctx, PEV_TB_TRANS);
    if (!cb)
        return;
    PLUGIN_WITH_TLS(ctx, cpu, QEMU_PLUGIN_CB_RW_REGS, NULL, {
        plugin_tls.translating = true;
        if (ctx->version >= 7)
            ((qemu_plugin_vcpu_tb_trans_cb_t)cb->fn)(tb, cb->udata);
        else
            ((void (*)(qemu_plugin_id_t, struct qemu_plugin_tb *))cb->fn)(ctx->id, tb);
    });
}

/* Does any plugin have a tb_trans callback? (Read inside a section.) */
bool plugin_any_tb_trans(void)
{
    FOR_EACH_CB(PEV_TB_TRANS, ctx, cb)
        return true;
    return false;
}

/* ---- vCPU life ---- */

void plugin_vcpu_init(CPUState *cpu)
{
    if (!plugin_active)
        return;
    int idx = cpu->cpu_index;
    if (idx < 0 || idx >= PLUGIN_MAX_VCPUS)
        plugin_fatal(NULL, "more than %d simultaneous guest threads", PLUGIN_MAX_VCPUS);
    pthread_mutex_lock(&plugin_lock);
    vcpu_cpus[idx] = cpu;
    for (int k = 0; k < CPU_PLUGIN_SB_BASES; k++)
        if (sb_cached[k])
            cpu->plugin_sb_base[k] = sb_cached[k]->data + (size_t)idx * sb_cached[k]->element_size;
    if (idx + 1 > num_vcpus)
        __atomic_store_n(&num_vcpus, idx + 1, __ATOMIC_RELEASE);
    bool past = false;
    for (int i = 0; i < n_views; i++) {
        if (!views[i]->dead && (unsigned)idx >= views[i]->limit) {
            views[i]->dead = true;
            past = true;
        }
    }
    pthread_mutex_unlock(&plugin_lock);
    /* Blocks that add to a view this vCPU is past would add outside the
     * plugin's records: none may remain when it runs. New translations
     * see the view dead and call the function. */
    if (past) {
        start_exclusive();
        tb_flush();      /* calls plugin_flushed */
        end_exclusive();
    }
    dispatch_vcpu(PEV_VCPU_INIT, cpu);
}

void plugin_vcpu_exit(CPUState *cpu)
{
    if (!plugin_active)
        return;
    dispatch_vcpu(PEV_VCPU_EXIT, cpu);
    pthread_mutex_lock(&plugin_lock);
    vcpu_cpus[cpu->cpu_index] = NULL;
    pthread_mutex_unlock(&plugin_lock);
}

/* A vCPU reads its slot only in code translated after the scoreboard was
 * made, which it reaches through the code cache's synchronization. */
void plugin_scoreboard_cache(struct qemu_plugin_scoreboard *sb)
{
    sb->base_slot = -1;
    pthread_mutex_lock(&plugin_lock);
    for (int k = 0; k < CPU_PLUGIN_SB_BASES && sb->base_slot < 0; k++) {
        if (sb_cached[k])
            continue;
        sb_cached[k] = sb;
        sb->base_slot = k;
        for (int i = 0; i < num_vcpus; i++)
            if (vcpu_cpus[i])
                __atomic_store_n(&vcpu_cpus[i]->plugin_sb_base[k],
                                 sb->data + (size_t)i * sb->element_size, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&plugin_lock);
}

struct qemu_plugin_scoreboard *plugin_vcpu_view(void *base, size_t stride, unsigned limit)
{
    struct qemu_plugin_scoreboard *sb = NULL;
    pthread_mutex_lock(&plugin_lock);
    for (int i = 0; i < n_views && !sb; i++)
        if (views[i]->data == base && views[i]->element_size == stride && views[i]->limit == limit)
            sb = views[i];
    if (sb || (unsigned)num_vcpus > limit || n_views == MAX_VIEWS) {
        pthread_mutex_unlock(&plugin_lock);
        return sb && !sb->dead && (unsigned)num_vcpus <= limit ? sb : NULL;
    }
    sb = xmalloc(sizeof(*sb));
    *sb = (struct qemu_plugin_scoreboard){ .data = base, .element_size = stride, .limit = limit,
                                           .base_slot = -1 };
    views[n_views++] = sb;
    pthread_mutex_unlock(&plugin_lock);
    plugin_scoreboard_cache(sb);
    return sb;
}

void plugin_scoreboard_uncache(struct qemu_plugin_scoreboard *sb)
{
    pthread_mutex_lock(&plugin_lock);
    if (sb->base_slot >= 0)
        sb_cached[sb->base_slot] = NULL;
    pthread_mutex_unlock(&plugin_lock);
}

void plugin_vcpu_idle(CPUState *cpu)
{
    if (plugin_active)
        dispatch_vcpu(PEV_VCPU_IDLE, cpu);
}

void plugin_vcpu_resume(CPUState *cpu)
{
    if (plugin_active)
        dispatch_vcpu(PEV_VCPU_RESUME, cpu);
}

void plugin_exec_enter(CPUState *cpu)
{
    /* Translated code calls NO_REGS callbacks without a trampoline: they
     * run in this context. With one plugin loaded it is their caller;
     * with several, the code stores the caller before each call. */
    plugin_tls = (PluginTLS){ .cpu = cpu, .flags = QEMU_PLUGIN_CB_NO_REGS };
    cpu->plugin_ctx = __atomic_load_n(&plugin_n, __ATOMIC_ACQUIRE) == 1 ? plugin_ctxs[0] : NULL;
}

int plugin_num_vcpus(void) { return __atomic_load_n(&num_vcpus, __ATOMIC_ACQUIRE); }

void plugin_foreach_vcpu(void (*fn)(unsigned idx, void *arg), void *arg)
{
    /* A snapshot, so that fn may start or end threads and register. */
    pthread_mutex_lock(&plugin_lock);
    int n = num_vcpus;
    unsigned *list = xmalloc((size_t)n * sizeof(unsigned));
    int k = 0;
    for (int i = 0; i < n; i++)
        if (vcpu_cpus[i])
            list[k++] = (unsigned)i;
    pthread_mutex_unlock(&plugin_lock);
    for (int i = 0; i < k; i++)
        fn(list[i], arg);
    free(list);
}

/* ---- system calls and discontinuities ---- */

/* These callbacks may call qemu_plugin_set_pc, which jumps back to the
 * hook's escape point in run_escapable; the loops live in their own
 * functions so that no local of run_escapable changes between sigsetjmp
 * and the jump. */

/* A hook's event, as its callback loop reads (and the syscall filters
 * write) it; each hook fills the fields of its kind. */
typedef struct Hook {
    CPUState *cpu;
    int64_t nr;               /* syscall number */
    const uint64_t *a;        /* syscall arguments */
    int64_t ret;              /* syscall return value, or a filter's result */
    int verdict;              /* syscall: PLUGIN_SYSCALL_RUN or _SKIP */
    int type;                 /* PLUGIN_DISCON_* */
    uint64_t from_pc, to_pc;
} Hook;

/* Runs cbs(h) in a read section with an escape point for the callbacks:
 * true if one of them left through it (the rest did not run). */
static bool run_escapable(void (*cbs)(Hook *h, sigjmp_buf *esc), Hook *h)
{
    sigjmp_buf esc;
    PluginTLS outer = plugin_tls;
    plugin_rcu_read_lock();
    if (sigsetjmp(esc, 0)) {
        plugin_tls = outer;
        plugin_rcu_read_unlock();
        return true;
    }
    cbs(h, &esc);
    plugin_rcu_read_unlock();
    return false;
}

static void syscall_cbs(Hook *h, sigjmp_buf *esc)
{
    unsigned idx = (unsigned)h->cpu->cpu_index;
    int64_t nr = h->nr;
    const uint64_t *a = h->a;
    FOR_EACH_CB(PEV_SYSCALL, ctx, cb) {
        PLUGIN_WITH_TLS(ctx, h->cpu, QEMU_PLUGIN_CB_RW_REGS_PC, esc, {
            if (ctx->version >= 7)
                ((qemu_plugin_vcpu_syscall_cb_t)cb->fn)(idx, nr, a[0], a[1], a[2], a[3], a[4],
                                                        a[5], 0, 0, cb->udata);
            else
                ((OldSyscallFn)cb->fn)(ctx->id, idx, nr, a[0], a[1], a[2], a[3], a[4], a[5], 0, 0);
        });
    }
    /* The first filter that takes the call decides its result. */
    FOR_EACH_CB(PEV_SYSCALL_FILTER, ctx, cb) {
        uint64_t r = 0;
        bool skip = false;
        PLUGIN_WITH_TLS(ctx, h->cpu, QEMU_PLUGIN_CB_RW_REGS_PC, esc, {
            if (ctx->version >= 7)
                skip = ((qemu_plugin_vcpu_syscall_filter_cb_t)cb->fn)(
                    idx, nr, a[0], a[1], a[2], a[3], a[4], a[5], 0, 0, &r, cb->udata);
            else
                skip = ((OldFilterFn)cb->fn)(ctx->id, idx, nr, a[0], a[1], a[2], a[3], a[4], a[5],
                                             0, 0, &r);
        });
        if (skip) {
            h->ret = (int64_t)r;
            h->verdict = PLUGIN_SYSCALL_SKIP;
            return;
        }
    }
}

int plugin_syscall(CPUState *cpu, int64_t nr, const uint64_t a[6], int64_t *ret)
{
    if (!plugin_active)
        return PLUGIN_SYSCALL_RUN;
    Hook h = { .cpu = cpu, .nr = nr, .a = a, .verdict = PLUGIN_SYSCALL_RUN };
    bool moved = run_escapable(syscall_cbs, &h);
    /* What plugins printed so far, the syscall callbacks' lines included,
     * comes before what the call itself may write. */
    plugin_output_sync();
    if (moved)
        return PLUGIN_SYSCALL_REDIRECT;
    if (h.verdict == PLUGIN_SYSCALL_SKIP)
        *ret = h.ret;
    return h.verdict;
}

static void syscall_ret_cbs(Hook *h, sigjmp_buf *esc)
{
    unsigned idx = (unsigned)h->cpu->cpu_index;
    FOR_EACH_CB(PEV_SYSCALL_RET, ctx, cb) {
        PLUGIN_WITH_TLS(ctx, h->cpu, QEMU_PLUGIN_CB_RW_REGS_PC, esc, {
            if (ctx->version >= 7)
                ((qemu_plugin_vcpu_syscall_ret_cb_t)cb->fn)(idx, h->nr, h->ret, cb->udata);
            else
                ((OldSysretFn)cb->fn)(ctx->id, idx, h->nr, h->ret);
        });
    }
}

bool plugin_syscall_ret(CPUState *cpu, int64_t nr, int64_t ret)
{
    if (!plugin_active)
        return false;
    Hook h = { .cpu = cpu, .nr = nr, .ret = ret };
    return run_escapable(syscall_ret_cbs, &h);
}

static void discon_cbs(Hook *h, sigjmp_buf *esc)
{
    PluginEvent ev = h->type == PLUGIN_DISCON_INTERRUPT ? PEV_DISCON_INTERRUPT
                   : h->type == PLUGIN_DISCON_EXCEPTION ? PEV_DISCON_EXCEPTION
                                                        : PEV_DISCON_HOSTCALL;
    enum qemu_plugin_discon_type type = (enum qemu_plugin_discon_type)h->type;
    unsigned idx = (unsigned)h->cpu->cpu_index;
    FOR_EACH_CB(ev, ctx, cb) {
        PLUGIN_WITH_TLS(ctx, h->cpu, QEMU_PLUGIN_CB_RW_REGS_PC, esc, {
            if (ctx->version >= 7)
                ((qemu_plugin_vcpu_discon_cb_t)cb->fn)(idx, type, h->from_pc, h->to_pc,
                                                       cb->udata);
            else
                ((OldDisconFn)cb->fn)(ctx->id, idx, type, h->from_pc, h->to_pc);
        });
    }
}

void plugin_discon(CPUState *cpu, int type, uint64_t from_pc, uint64_t to_pc)
{
    if (!plugin_active)
        return;
    Hook h = { .cpu = cpu, .type = type, .from_pc = from_pc, .to_pc = to_pc };
    run_escapable(discon_cbs, &h);
}

/* ---- flush, uninstall, reset, exit ---- */

/* Drop all translations, with every vCPU stopped; tb_flush() calls
 * plugin_flushed() below. */
static void flush__exclusive(void)
{
    tb_flush();
}

void plugin_flushed(void)
{
    plugin_inject_flushed();
    dispatch_plain(PEV_FLUSH);
}

static void clear_cbs__locked(PluginCtx *ctx, bool keep_atexit)
{
    for (int ev = 0; ev < PEV_MAX; ev++)
        if (!(keep_atexit && ev == PEV_ATEXIT))
            set_cb__locked(ctx, (PluginEvent)ev, NULL);
}

static void call_done(PluginCtx *ctx, void *fn, void *udata)
{
    if (!fn)
        return;
    PLUGIN_WITH_TLS(ctx, NULL, PLUGIN_REGS_NONE, NULL, {
        if (ctx->version >= 7)
            ((qemu_plugin_udata_cb_t)fn)(udata);
        else
            ((OldIdFn)fn)(ctx->id);
    });
}

/* The second half of uninstall/reset, at a safe point: once the code
 * cache holds nothing of the plugin and no vCPU runs, its callbacks go;
 * then, when no thread can still be inside one, its done callback runs
 * (a reset plugin may register again from there). */
static void finish_reset(void *arg)
{
    PluginCtx *ctx = arg;
    start_exclusive();
    flush__exclusive();
    pthread_mutex_lock(&plugin_lock);
    clear_cbs__locked(ctx, false);
    bool uninstall = ctx->state == PLUGIN_UNINSTALLING;
    void *fn = ctx->done_fn, *udata = ctx->done_udata;
    if (!uninstall)
        ctx->state = PLUGIN_LIVE;
    pthread_mutex_unlock(&plugin_lock);
    end_exclusive();
    free_retired();
    call_done(ctx, fn, udata);
    if (uninstall) {
        __atomic_store_n(&ctx->state, PLUGIN_GONE, __ATOMIC_RELEASE);
        plugin_unload(ctx);
    }
}

void plugin_request_reset(qemu_plugin_id_t id, void *fn, void *udata, bool uninstall)
{
    pthread_mutex_lock(&plugin_lock);
    PluginCtx *ctx = plugin_ctx(id);
    if (!ctx || ctx->state != PLUGIN_LIVE) {
        /* Already on its way out, or a reset is pending: as QEMU, the
         * later request is ignored. */
        pthread_mutex_unlock(&plugin_lock);
        return;
    }
    ctx->state = uninstall ? PLUGIN_UNINSTALLING : PLUGIN_RESETTING;
    ctx->done_fn = fn;
    ctx->done_udata = udata;
    pthread_mutex_unlock(&plugin_lock);
    cpu_run_at_safe_point(finish_reset, ctx);
}

/* Counts the vCPUs other than the calling thread's (plugin_user_exit). */
static void count_other_vcpu(CPUState *cpu, void *arg)
{
    if (cpu != current_cpu)
        ++*(int *)arg;
}

void plugin_user_exit(void)
{
    if (!plugin_active)
        return;
    start_exclusive();
    pthread_mutex_lock(&plugin_lock);
    for (int i = 0; i < plugin_n; i++)
        clear_cbs__locked(plugin_ctxs[i], true);
    pthread_mutex_unlock(&plugin_lock);
    /* Other vCPUs may run translated code until the process ends: none
     * of it may still be instrumented. Without them no guest code runs
     * again, and dropping every block (unchaining each) cost a plugin's
     * run 1-2% of lua 8's time. */
    int others = 0;
    cpu_list_foreach(count_other_vcpu, &others);
    if (others) {
        tb_flush();
        plugin_inject_flushed();
    }
    end_exclusive();
    free_retired();
    dispatch_plain(PEV_ATEXIT);
    /* As the dynamic linker would at exit (peek ends with _exit): the
     * plugins' destructors, last loaded first. */
    for (int i = plugin_n - 1; i >= 0; i--)
        plugin_finalize(plugin_ctxs[i]);
}

/* The first plugin's code: the dynamic linker maps the plugins (and the
 * libraries they use) next to each other. */
static const void *plugin_calls_near(void)
{
    if (__atomic_load_n(&plugin_n, __ATOMIC_ACQUIRE) == 0)
        return NULL;
    return dlsym(plugin_ctxs[0]->handle, "qemu_plugin_install");
}

static const ExecPluginHooks plugin_exec_hooks = {
    .instrument_tb = plugin_instrument_tb,
    .exec_enter = plugin_exec_enter,
    .flushed = plugin_flushed,
    .calls_near = plugin_calls_near,
    .unwind = plugin_unwind_tb,
};

void plugin_hook_exec(void)
{
    exec_plugin_hooks = &plugin_exec_hooks;
}

void plugin_core_init(void)
{
    vcpu_cpus = xcalloc(PLUGIN_MAX_VCPUS, sizeof(*vcpu_cpus));
    plugin_output_init();
}
