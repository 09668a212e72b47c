/*
 * Shared by the files of src/plugin/: the registry of loaded plugins and
 * their callbacks, the per-thread callback context, the read-side
 * protection of callback lists, scoreboards, and the entry points between
 * the files. Includes the public API header (and so glib).
 *
 * Every plugin has one PluginCtx, never freed, in plugin_ctxs[] (indexed
 * by id - 1). For each event it has at most one PluginCb, as in QEMU:
 * registering again replaces the callback, registering NULL removes it.
 * A PluginCb is immutable once published; readers load the pointer inside
 * a plugin_rcu_read_lock() section, and a replaced one is freed only after
 * plugin_rcu_synchronize().
 */
#ifndef PEEK_PLUGIN_INTERNAL_H
#define PEEK_PLUGIN_INTERNAL_H

#include <qemu-plugin.h>
#include <setjmp.h>
#include <stdint.h>

#include "plugin/plugin.h"

#define PLUGIN_MAX 64
/* vCPU indexes scoreboards have room for (address space is reserved up
 * front, so entries never move; memory is used only for indexes seen). */
#define PLUGIN_MAX_VCPUS 65536

typedef enum PluginEvent {
    PEV_VCPU_INIT, PEV_VCPU_EXIT, PEV_VCPU_IDLE, PEV_VCPU_RESUME,
    PEV_TB_TRANS,
    PEV_SYSCALL, PEV_SYSCALL_FILTER, PEV_SYSCALL_RET,
    PEV_DISCON_INTERRUPT, PEV_DISCON_EXCEPTION, PEV_DISCON_HOSTCALL,
    PEV_FLUSH, PEV_ATEXIT,
    PEV_MAX
} PluginEvent;

typedef struct PluginCb {
    void *fn;
    void *udata;
} PluginCb;

enum { PLUGIN_LIVE, PLUGIN_RESETTING, PLUGIN_UNINSTALLING, PLUGIN_GONE };

typedef struct PluginCtx {
    qemu_plugin_id_t id;
    int version;              /* the plugin's qemu_plugin_version */
    const char *path;         /* as found, for messages */
    void *handle;             /* dlopen */
    int argc;
    char **argv;              /* kept for the plugin's lifetime */
    PluginCb *cb[PEV_MAX];    /* per PluginEvent; atomic loads/stores */
    int state;                /* PLUGIN_*, under plugin_lock */
    void *done_fn, *done_udata;   /* the uninstall/reset callback */
    /* Handles given to its tb_trans callback (inject.c). */
    struct qemu_plugin_tb *tbh;
    bool unloaded;            /* destructors ran; atomic exchange */
} PluginCtx;

extern PluginCtx *plugin_ctxs[PLUGIN_MAX];
extern const GuestArch *plugin_guest;   /* set once by the loader */
extern int plugin_n;        /* published with release after the ctx is set */

/* The plugin behind an id, or NULL (unknown or uninstalled). */
PluginCtx *plugin_ctx(qemu_plugin_id_t id);

/* What the thread is doing for plugins right now, so that functions
 * without an id argument know the caller and what it may do. Set around
 * every call into a plugin, except the NO_REGS callbacks that translated
 * code calls directly: for those, plugin_exec_enter() leaves the context
 * of translated code in place while the vCPU runs (cpu set, NO_REGS, ctx
 * NULL), and the vCPU's plugin_ctx names the plugin (plugin_caller). */
enum { PLUGIN_REGS_NONE = -1 };   /* flags: no vCPU registers (atexit, flush) */
typedef struct PluginTLS {
    PluginCtx *ctx;           /* whose callback runs (NULL: none, or a direct one) */
    CPUState *cpu;            /* the vCPU it runs for, or NULL */
    int flags;                /* qemu_plugin_cb_flags allowed, or PLUGIN_REGS_NONE */
    sigjmp_buf *escape;       /* where qemu_plugin_set_pc leaves to outside
                               * translated code (NULL: set_pc not allowed
                               * unless flags is RW_REGS_PC in cpu_exec) */
    bool translating;         /* in tb_trans: tb_lock is held */
} PluginTLS;
extern __thread PluginTLS plugin_tls;

/* The plugin whose callback is running, or NULL. */
static inline PluginCtx *plugin_caller(void)
{
    if (plugin_tls.ctx)
        return plugin_tls.ctx;
    return plugin_tls.cpu ? plugin_tls.cpu->plugin_ctx : NULL;
}

/* Runs the statements after the four context fields with plugin_tls set
 * for a call into plugin ctx, and restores it afterwards (callbacks can
 * nest: a syscall callback may trigger an idle one). */
#define PLUGIN_WITH_TLS(c, vcpu, fl, esc, ...)                                      \
    do {                                                                           \
        PluginTLS saved_ = plugin_tls;                                             \
        plugin_tls.ctx = (c);                                                      \
        plugin_tls.cpu = (vcpu);                                                   \
        plugin_tls.flags = (fl);                                                   \
        plugin_tls.escape = (esc);                                                 \
        __VA_ARGS__;                                                               \
        plugin_tls = saved_;                                                       \
    } while (0)

/* Memory access descriptions (qemu_plugin_meminfo_t) peek hands out. */
#define PLUGIN_MI_SIZE 3
#define PLUGIN_MI_SIGN 4
#define PLUGIN_MI_BE 8
#define PLUGIN_MI_STORE 16
static inline uint32_t plugin_meminfo(unsigned irmemop, bool store)
{
    return (irmemop & (IR_MO_SIZE | IR_MO_SIGN | IR_MO_BE)) | (store ? PLUGIN_MI_STORE : 0);
}

/* One line "peek: plugin PATH: ..." on stderr. */
void plugin_warn(const PluginCtx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void plugin_fatal(const PluginCtx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Read-side sections over callback records (nestable), and waiting until
 * every section that began earlier has ended. */
void plugin_rcu_read_lock(void);
void plugin_rcu_read_unlock(void);
void plugin_rcu_synchronize(void);

/* Registration (core.c): install cb/udata for ev, or remove it if fn is
 * NULL. Ignored for an unknown or departing plugin. */
void plugin_register_cb(qemu_plugin_id_t id, PluginEvent ev, void *fn, void *udata);
/* Asynchronous uninstall (uninstall=true) or reset. */
void plugin_request_reset(qemu_plugin_id_t id, void *fn, void *udata, bool uninstall);

/* Run the plugin's destructors, once (loader.c): plugin_unload after an
 * uninstall unmaps it too (dlclose), as QEMU does; plugin_finalize at
 * process exit leaves it mapped, as exit() would, since other guest
 * threads may still run until the process is gone. Either is called only
 * when no thread can be inside the plugin's callbacks. */
void plugin_unload(PluginCtx *ctx);
void plugin_finalize(PluginCtx *ctx);

/* Before the first plugin is installed (core.c). */
void plugin_core_init(void);
/* Hook the instrumentation pass and the execution events into exec, once
 * plugins are loaded (core.c). */
void plugin_hook_exec(void);
/* The exec hooks (exec/exec.h): inject.c's instrumentation pass and its
 * unwinding at a faulting access, and core.c's entry into translated code
 * and flush. */
void plugin_instrument_tb(IRContext *s, CPUState *cpu, TBInfo *info);
void plugin_unwind_tb(CPUState *cpu, const void *data, uint64_t pc);
void plugin_exec_enter(CPUState *cpu);
void plugin_flushed(void);
/* tb_trans (core.c): is any registered, and call one plugin's. */
bool plugin_any_tb_trans(void);
void plugin_call_tb_trans(PluginCtx *ctx, CPUState *cpu, struct qemu_plugin_tb *tb);

/* Live vCPUs (core.c). */
int plugin_num_vcpus(void);
/* Call fn(cpu_index, arg) for each live vCPU, on the calling thread. */
void plugin_foreach_vcpu(void (*fn)(unsigned idx, void *arg), void *arg);

/* Translation (inject.c): called after a flush, with every vCPU stopped,
 * to free the instrumentation records of the dropped blocks. */
void plugin_inject_flushed(void);
/* Is h a handle of the tb_trans callback now running? */
bool plugin_tb_live(const struct qemu_plugin_tb *tb);
bool plugin_insn_live(const struct qemu_plugin_insn *insn);
/* An instruction's bytes, size and its owner's API version (NULL if the
 * handle is dead). */
const uint8_t *plugin_insn_bytes(const struct qemu_plugin_insn *insn, size_t *size, int *version);
/* An instruction's address; *live false (and 0) if the handle is dead. */
uint64_t plugin_insn_vaddr_any(const struct qemu_plugin_insn *insn, bool *live);

/* Registration of instrumentation on handles (inject.c), shared by the v7
 * API and the version 1 inline operations on raw pointers. */
enum { PREC_CB, PREC_COND_CB, PREC_INLINE, PREC_INLINE_PTR, PREC_MEM_CB, PREC_MEM_INLINE,
       PREC_MEM_INLINE_PTR };
typedef struct PluginReq {
    int kind;                 /* PREC_* */
    void *fn, *udata;         /* callbacks */
    int flags;                /* qemu_plugin_cb_flags */
    int rw;                   /* qemu_plugin_mem_rw, memory kinds */
    int op;                   /* qemu_plugin_op, inline kinds */
    int cond;                 /* qemu_plugin_cond, conditional callbacks */
    qemu_plugin_u64 entry;    /* scoreboard counter (inline, cond) */
    void *ptr;                /* raw counter (version 1 inline) */
    uint64_t imm;
} PluginReq;
void plugin_tb_request(struct qemu_plugin_tb *tb, const PluginReq *r);
void plugin_insn_request(struct qemu_plugin_insn *insn, const PluginReq *r);

/* Scoreboards (api.c). */
struct qemu_plugin_scoreboard {
    uint8_t *data;            /* PLUGIN_MAX_VCPUS entries, reserved */
    size_t element_size;
    size_t map_size;
    int base_slot;            /* index in CPUState.plugin_sb_base, or -1 */
    /* A view (plugin_vcpu_view): data is the plugin's own memory, valid
     * for vCPU indexes below limit; 0 for a scoreboard of the API. dead:
     * a vCPU at or past limit has started, no block may use it. */
    unsigned limit;
    bool dead;
};
/* Give a new scoreboard a slot in every vCPU's plugin_sb_base, if one is
 * free, and take it back before the scoreboard is freed (core.c). */
void plugin_scoreboard_cache(struct qemu_plugin_scoreboard *sb);
void plugin_scoreboard_uncache(struct qemu_plugin_scoreboard *sb);
/* A scoreboard over a plugin's own per-vCPU records (base + index *
 * stride, for indexes below limit), for inline additions that stand for
 * a counting callback (inject.c); NULL if a vCPU at or past limit exists
 * or has existed. When one starts, every view it is past dies and the
 * code cache is flushed before that vCPU runs (core.c). */
struct qemu_plugin_scoreboard *plugin_vcpu_view(void *base, size_t stride, unsigned limit);

/* Plugin output (api.c): buffer the log once plugins are loaded; flush
 * it where the guest's own output must come after it (a system call). */
void plugin_output_init(void);
void plugin_output_sync(void);

#endif
