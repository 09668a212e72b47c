/*
 * Execution-layer services for the modes (linux-user, later full-system):
 * precise state recovery after a host fault in generated code; and the
 * hooks through which the plugin runtime instruments and follows it.
 */
#ifndef PEEK_EXEC_EXEC_H
#define PEEK_EXEC_EXEC_H

#include <stdint.h>
#include "exec/cpu.h"
#include "exec/guest.h"
#include "exec/tb.h"
#include "ir/ir.h"

/* Set the guest pc of cpu to the instruction that was executing when the
 * host fault at host_pc happened (the interpreter ignores host_pc). */
void cpu_restore_state(CPUState *cpu, uintptr_t host_pc);
/* A guest access of tb (NULL: unknown) faulted at pc: let the plugins
 * undo what they counted ahead (ExecPluginHooks.unwind). The restore
 * functions do it; a backend that raises a fault otherwise calls this. */
void cpu_unwind_tb(CPUState *cpu, const TB *tb, uint64_t pc);
/* The same from a host signal handler, with its ucontext_t: a JIT that
 * keeps guest registers in host registers puts them back into env too.
 * Every host fault in generated code must come through here. */
void cpu_restore_state_ctx(CPUState *cpu, uintptr_t host_pc, const void *host_ctx);

/* The plugin runtime's part in execution: NULL while no plugin is loaded
 * (then nothing is instrumented and nothing is called), set once at
 * start-up before any guest code runs. */
typedef struct ExecPluginHooks {
    /* Between the frontend and the optimizer: let plugins see the block
     * just translated into s and inject their instrumentation. If the
     * result would not fit in one IR context, the block is translated
     * again with fewer instructions (info is updated). */
    void (*instrument_tb)(IRContext *s, CPUState *cpu, TBInfo *info);
    /* The vCPU is about to run translated code (cpu_exec). */
    void (*exec_enter)(CPUState *cpu);
    /* Every translation is gone (tb_flush, with every vCPU stopped). */
    void (*flushed)(void);
    /* Where translated code will call the most (the plugins' code), so
     * that the backend can put its code within direct-call reach; NULL if
     * nowhere in particular. Asked once, when the backend starts. */
    const void *(*calls_near)(void);
    /* A guest access of a TB faulted at guest pc: undo what the TB's
     * instrumentation counted ahead for the instructions after it (data:
     * its TBInfo.plugin_unwind, not NULL). */
    void (*unwind)(CPUState *cpu, const void *data, uint64_t pc);
} ExecPluginHooks;
extern const ExecPluginHooks *exec_plugin_hooks;
/* Some plugin has had a tb_trans callback, so translations are made for
 * the plugins (translator_plugin_mem). Until then loaded plugins that
 * instrument nothing (empty, syscall) leave the code as peek makes it
 * without plugins. Set once by exec_plugin_code_on(), never cleared. */
extern bool exec_plugin_code;
/* Called when a plugin registers a tb_trans callback: translations made
 * from now on are instrumented, and those made before, without the
 * plugins, are dropped at the next safe point. */
void exec_plugin_code_on(void);

#endif
