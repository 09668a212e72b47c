/*
 * The execution loop of one vCPU: find the TB for the current pc, run it,
 * follow its exit, until an exception or an exit request sends control back
 * to the guest's cpu loop. Exceptions raised inside generated code or
 * helpers arrive here by siglongjmp from cpu_raise().
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"
#include "exec/debug.h"
#include "exec/exec.h"
#include "exec/exclusive.h"
#include "exec/guest.h"
#include "exec/image.h"
#include "exec/log.h"
#include "exec/softmmu-mode.h"
#include "exec/tb.h"
#include "exec/translate.h"
#include "exec/backend.h"

__thread CPUState *current_cpu;
const ExecPluginHooks *exec_plugin_hooks;
/* Atomic: set by any thread that registers a tb_trans callback, read by
 * translations and by the backend's start. */
bool exec_plugin_code;
/* Set once at start-up by a softmmu mode, before any guest code runs. */
const ExecSoftmmu *exec_softmmu;
bool exec_icount;

CPUState *cpu_create(const GuestArch *g) { return cpu_create_extra(g, 0); }

CPUState *cpu_create_extra(const GuestArch *g, size_t extra)
{
    CPUState *cpu;
    _Static_assert(CPU_EXTRA_OFF % 64 == 0, "the extra area is cache-line aligned");
    if (posix_memalign((void **)&cpu, 64, CPU_EXTRA_OFF + extra))
        fatal("out of memory (a vCPU)");
    memset(cpu, 0, CPU_EXTRA_OFF + extra);
    cpu->self = cpu;
    cpu->guest = g;
    g->cpu_reset(cpu);
    cpu_list_add(cpu);
    return cpu;
}

void cpu_destroy(CPUState *cpu)
{
    cpu_list_remove(cpu);
    free(cpu);
}

void cpu_raise(CPUState *cpu, int excp, uint64_t addr, int code)
{
    cpu->exception = excp;
    cpu->excp_addr = addr;
    cpu->excp_code = code;
    peek_assert(cpu->in_exec, "exception %d raised outside guest code", excp);
    siglongjmp(cpu->jmp_env, 1);
}

void cpu_loop_exit(CPUState *cpu) { cpu_raise(cpu, EXCP_INTERRUPT, 0, 0); }

const Backend *backend = &backend_x86_64;

void cpu_unwind_tb(CPUState *cpu, const TB *tb, uint64_t pc)
{
    if (tb && tb->plugin_unwind && exec_plugin_hooks)
        exec_plugin_hooks->unwind(cpu, tb->plugin_unwind, pc);
}

void cpu_restore_state_ctx(CPUState *cpu, uintptr_t host_pc, const void *host_ctx)
{
    uint64_t pc;
    const TB *tb = NULL;
    if (backend->restore(cpu, host_pc, host_ctx, &pc, &tb)) {
        cpu_set_pc(cpu, pc);
        cpu_unwind_tb(cpu, tb, pc);
    }
}

void cpu_restore_state(CPUState *cpu, uintptr_t host_pc) { cpu_restore_state_ctx(cpu, host_pc, NULL); }

static void helper_raise(CPUState *env, uint64_t excp)
{
    cpu_raise(env, (int)excp, cpu_get_pc(env), 0);
}
const IRHelper helper_raise_desc = { "raise", (void *)helper_raise, 2, 0, IR_CALL_NO_WRITE_GLOBALS };

/* -d exec and -d cpu, before a TB runs from the loop (chained TBs run on
 * without coming back here, hence -d nochain): QEMU 7.2's "Trace" line,
 * whose cs_base and flags fields peek has no use for, and the registers. */
static void log_tb_exec(CPUState *cpu, const TB *tb, uint64_t pc)
{
    FILE *f = log_file();
    if (log_enabled(LOG_EXEC)) {
        const char *sym = image_symbol_lookup(pc);
        fprintf(f, "Trace %d: %p [%016x/%016" PRIx64 "/%08x/%08x] %s\n", cpu->cpu_index,
                tb->code, 0, pc, 0, 0, sym ? sym : "");
    }
    if (log_enabled(LOG_CPU))
        cpu->guest->dump_state(cpu, f, log_enabled(LOG_FPU));
}

int cpu_exec(CPUState *cpu)
{
    current_cpu = cpu;
    if (exec_plugin_hooks)
        exec_plugin_hooks->exec_enter(cpu);
    cpu_exec_start(cpu);
    if (sigsetjmp(cpu->jmp_env, 0)) {
        cpu->in_exec = false;
        cpu_exec_end(cpu);
        return cpu->exception;
    }
    cpu->in_exec = true;
    /* Tested after cpu_exec_start(): a debugger that holds every vCPU
     * (hold first, then an exclusive section) misses none. */
    if (__atomic_load_n(&cpu->debug.hold, __ATOMIC_ACQUIRE)) {
        cpu->debug.reason = DEBUG_HOLD;
        cpu_raise(cpu, EXCP_DEBUG, 0, 0);
    }
    bool chain = !log_enabled(LOG_NOCHAIN) && !exec_icount;
    TB *last = NULL;
    int slot = -1;
    for (;;) {
        if (__atomic_load_n(&cpu->exit_request, __ATOMIC_ACQUIRE)) {
            __atomic_store_n(&cpu->exit_request, 0, __ATOMIC_RELAXED);
            cpu->in_exec = false;
            cpu_exec_end(cpu);
            return EXCP_INTERRUPT;
        }
        uint64_t pc = cpu_get_pc(cpu);
        if (cpu->check_step) {
            /* (A step TB ignores breakpoints: one set at pc meanwhile
             * stops the normal block there, before any access.) */
            cpu->check_step = false;
            if (!cpu->debug.step && !debug_bp_at(pc)) {
                TB *parent = cpu->check_tb;
                backend->exec(cpu, parent && parent->plugin_reqs && exec_plugin_hooks
                                       ? tb_find_tail(cpu, parent, pc)
                                       : tb_find_step(cpu, pc),
                              &slot);
                slot = -1;
                continue;
            }
        }
        if (cpu->debug.step) {
            /* The step TB marks that its instruction began: one that did
             * not run (an exit request at its entry) is tried again. */
            cpu->debug.stepped = 0;
            backend->exec(cpu, tb_find_step(cpu, pc), &slot);
            if (cpu->debug.stepped) {
                cpu->debug.reason = DEBUG_STEP;
                cpu_raise(cpu, EXCP_DEBUG, 0, 0);
            }
            continue;
        }
        TB *tb = NULL;
        if (slot >= 0 && chain) {
            tb = __atomic_load_n(&last->jmp_dest[slot], __ATOMIC_ACQUIRE);
            if (tb && (tb->invalid || tb->pc != pc))
                tb = NULL;
        }
        if (!tb) {
            tb = tb_find(cpu, pc);
            if (slot >= 0 && chain)
                tb_chain(last, slot, tb);
        }
        if (log_enabled(LOG_EXEC | LOG_CPU) && log_in_range(pc))
            log_tb_exec(cpu, tb, pc);
        last = backend->exec(cpu, tb, &slot);
        if (slot == TB_EXIT_HOT - TB_EXIT_SLOT0) {
            tb_promote(cpu, last);
            slot = -1;
        }
        if (exec_icount && (cpu->icount += last->n_insns) >= cpu->icount_limit) {
            cpu->in_exec = false;
            cpu_exec_end(cpu);
            return EXCP_INTERRUPT;
        }
    }
}
