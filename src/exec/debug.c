/*
 * Breakpoints, watchpoints and single steps for a debugger (see debug.h):
 * the lists, the IR that stops at a breakpoint, the rewriting of a TB into
 * a step TB and the checks of memory accesses against the watchpoints.
 */
#include "exec/debug.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "exec/exclusive.h"
#include "exec/memory.h"
#include "exec/tb.h"
#include "exec/translate.h"
#include "util/util.h"

/* Breakpoint addresses, process-wide like the code cache they shape. The
 * debugger changes the list under bp_lock and drops translations after
 * releasing it; the translator reads it under tb_lock then bp_lock, so the
 * two locks are never taken the other way round. n_bps is read without
 * the lock as a hint (zero: no breakpoint anywhere). */
static pthread_mutex_t bp_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t *bps;
static size_t cap_bps;
static volatile size_t n_bps;

/* Watchpoints, process-wide. Changed only while every vCPU is held; the
 * checks in translated code read them without a lock. wp_translate says
 * whether translations check accesses (set inside the flush's exclusive
 * section, read by the translator under tb_lock). */
typedef struct Watchpoint {
    uint64_t addr, len;
    int kind;
} Watchpoint;
static Watchpoint wps[DEBUG_MAX_WATCH];
static volatile int n_wps;
static bool wp_translate;

/* The op list being rewritten (under tb_lock, like the one context). */
static IROp *rewrite_buf;

static ssize_t bp_find__locked(uint64_t pc)
{
    for (size_t i = 0; i < n_bps; i++)
        if (bps[i] == pc)
            return (ssize_t)i;
    return -1;
}

void debug_bp_insert(uint64_t pc)
{
    pthread_mutex_lock(&bp_lock);
    bool added = bp_find__locked(pc) < 0;
    if (added) {
        if (n_bps == cap_bps) {
            cap_bps = cap_bps ? 2 * cap_bps : 16;
            bps = xrealloc(bps, cap_bps * sizeof(*bps));
        }
        bps[n_bps++] = pc;
    }
    pthread_mutex_unlock(&bp_lock);
    if (added && guest_addr_valid(pc))
        tb_invalidate_page(pc);
}

bool debug_bp_remove(uint64_t pc)
{
    pthread_mutex_lock(&bp_lock);
    ssize_t i = bp_find__locked(pc);
    if (i >= 0)
        bps[i] = bps[--n_bps];
    pthread_mutex_unlock(&bp_lock);
    if (i >= 0 && guest_addr_valid(pc))
        tb_invalidate_page(pc);
    return i >= 0;
}

void debug_bp_remove_all(void)
{
    for (;;) {
        pthread_mutex_lock(&bp_lock);
        uint64_t pc = n_bps ? bps[n_bps - 1] : 0;
        bool any = n_bps > 0;
        pthread_mutex_unlock(&bp_lock);
        if (!any)
            return;
        debug_bp_remove(pc);
    }
}

bool debug_bp_at(uint64_t pc)
{
    if (!n_bps)
        return false;
    pthread_mutex_lock(&bp_lock);
    bool hit = bp_find__locked(pc) >= 0;
    pthread_mutex_unlock(&bp_lock);
    return hit;
}

static void helper_debug_trap(CPUState *env, uint64_t pc)
{
    cpu_set_pc(env, pc);
    env->debug.reason = DEBUG_BREAK;
    cpu_raise(env, EXCP_DEBUG, pc, 0);
}
/* It never returns, so it writes no global anyone sees; reading them makes
 * the backend store what it keeps in host registers first. */
static const IRHelper helper_debug_trap_desc = { "debug_trap", (void *)helper_debug_trap, 2, 0,
                                                 IR_CALL_NO_WRITE_GLOBALS };

void debug_gen_trap(IRContext *s, uint64_t pc)
{
    IRTemp a[2] = { IR_ENV, ir_const(s, pc) };
    ir_call_helper(s, &helper_debug_trap_desc, 0, a);
}

/* ---- watchpoints ---- */

static int wp_find(uint64_t addr, uint64_t len, int kind)
{
    for (int i = 0; i < n_wps; i++)
        if (wps[i].addr == addr && wps[i].len == len && wps[i].kind == kind)
            return i;
    return -1;
}

bool debug_wp_insert(uint64_t addr, uint64_t len, int kind)
{
    if (wp_find(addr, len, kind) >= 0)
        return true;
    if (n_wps == DEBUG_MAX_WATCH || len == 0)
        return false;
    wps[n_wps] = (Watchpoint){ addr, len, kind };
    __atomic_store_n(&n_wps, n_wps + 1, __ATOMIC_RELEASE);
    return true;
}

bool debug_wp_remove(uint64_t addr, uint64_t len, int kind)
{
    int i = wp_find(addr, len, kind);
    if (i < 0)
        return false;
    wps[i] = wps[n_wps - 1];
    __atomic_store_n(&n_wps, n_wps - 1, __ATOMIC_RELEASE);
    return true;
}

void debug_wp_remove_all(void) { __atomic_store_n(&n_wps, 0, __ATOMIC_RELEASE); }

bool debug_checks_accesses(void) { return wp_translate; }

void debug_wp_sync(void)
{
    if ((n_wps > 0) == wp_translate)
        return;
    start_exclusive();
    wp_translate = n_wps > 0;
    tb_flush();
    end_exclusive();
}

/* Before each guest access (info: IRMemOp, and PLUGIN_MEM_STORE for a
 * store) of the instruction at pc. */
static void helper_debug_watch(CPUState *env, uint64_t addr, uint64_t info, uint64_t pc)
{
    uint64_t size = ir_memop_size((unsigned)info & IR_MO_SIZE);
    int want = (info & PLUGIN_MEM_STORE) ? DEBUG_WP_WRITE : DEBUG_WP_READ;
    int n = __atomic_load_n(&n_wps, __ATOMIC_ACQUIRE);
    for (int i = 0; i < n; i++) {
        const Watchpoint *w = &wps[i];
        if (!(w->kind & want) || addr >= w->addr + w->len || w->addr >= addr + size)
            continue;
        env->debug.wp_kind = w->kind;
        env->debug.wp_addr = addr > w->addr ? addr : w->addr;
        env->debug.reason = DEBUG_WATCH;
        cpu_set_pc(env, pc);
        cpu_raise(env, EXCP_DEBUG, addr, 0);
    }
}
static const IRHelper helper_debug_watch_desc = { "debug_watch", (void *)helper_debug_watch, 4, 0,
                                                  IR_CALL_NO_WRITE_GLOBALS };

static bool room(const IRContext *s)
{
    return s->nb_ops + 3 <= IR_MAX_OPS && s->nb_temps + 4 <= IR_MAX_TEMPS;
}

bool debug_rewrite_tb(IRContext *s, const TBInfo *info)
{
    bool step = info->cflags & TB_CF_STEP;
    if (!step && !wp_translate)
        return true;
    if (!rewrite_buf)
        rewrite_buf = xmalloc(IR_MAX_OPS * sizeof(IROp));
    uint32_t n = s->nb_ops;
    memcpy(rewrite_buf, s->ops, n * sizeof(IROp));
    s->nb_ops = 0;
    uint64_t pc = info->pc;
    bool marked = false;
    for (uint32_t i = 0; i < n; i++) {
        const IROp *op = &rewrite_buf[i];
        if (!room(s))
            return false;
        if (step && op->opc == IR_goto_tb)
            continue;   /* its exit_tb follows: back to the loop */
        if (step && op->opc == IR_lookup_and_goto_ptr) {
            ir_exit_tb(s, TB_EXIT_PLAIN);
            continue;
        }
        if (wp_translate && (op->opc == IR_qemu_ld || op->opc == IR_qemu_st)) {
            uint64_t mo = op->args[2] | (op->opc == IR_qemu_st ? PLUGIN_MEM_STORE : 0);
            IRTemp a[4] = { IR_ENV, (IRTemp)op->args[1], ir_const(s, mo), ir_const(s, pc) };
            ir_call_helper(s, &helper_debug_watch_desc, 0, a);
        }
        s->ops[s->nb_ops++] = *op;
        if (op->opc == IR_insn_start) {
            pc = op->args[0];
            if (step && !marked) {
                ir_st_env(s, ir_const(s, 1), offsetof(CPUState, debug.stepped), IR_MO_UB);
                marked = true;
            }
        }
    }
    return true;
}
