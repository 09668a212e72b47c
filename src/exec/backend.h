/*
 * The interface between the execution layer and a code-generation backend
 * (the IR interpreter, the x86-64 JIT). Exec owns TBs and the cache; a
 * backend turns a TB's finished IR into something runnable, runs it, links
 * direct jumps between TBs, and maps host pcs back to guest instructions.
 */
#ifndef PEEK_EXEC_BACKEND_H
#define PEEK_EXEC_BACKEND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "exec/tb.h"
#include "ir/ir.h"

typedef struct Backend {
    const char *name;
    /* Its blocks count their runs (IRContext.heat_off) and leave hot, to
     * be translated again (tb_promote); the interpreter's never do. */
    bool counts_heat;
    /* Compile tb's IR (called with tb_lock held); sets tb->code. */
    void (*compile)(const IRContext *s, TB *tb);
    /* Run tb (and any TBs chained from it) until an exit. Returns the TB
     * whose exit was taken, with *slot = its goto_tb slot, or -1 when the
     * exit is not a direct jump (indirect, exit_tb, exit request). */
    TB *(*exec)(CPUState *cpu, TB *tb, int *slot);
    /* Link slot of from to continue directly at to (tb_lock held). */
    void (*chain)(TB *from, int slot, TB *to);
    /* tb was invalidated: remove every direct jump into it (tb_lock held). */
    void (*unchain)(TB *tb);
    /* If host_pc lies in generated code, store the pc of the guest insn it
     * belongs to and its TB, and return true. host_ctx is the ucontext_t
     * of the host fault (or NULL): guest registers the code kept in host
     * registers are written back to env from it. A fault of an
     * IR_MO_RETRY load (host_ctx given) also sets cpu->check_step: no
     * guest fault, the insn runs again alone. */
    bool (*restore)(CPUState *cpu, uintptr_t host_pc, const void *host_ctx, uint64_t *guest_pc,
                    const TB **tb);
    /* Optional: every TB was just invalidated and unchained by tb_flush()
     * (exclusive section): drop all generated code. */
    void (*flush)(void);
    /* Optional: tb is being freed (after flush): release what compile made. */
    void (*free_tb)(TB *tb);
    /* Optional, -d out_asm: write tb's generated host code to f, with the
     * guest address each instruction's code starts at (tb_lock held). */
    void (*log_code)(const TB *tb, FILE *f);
    /* Optional, the persistent code cache (exec/tb-cache.h): write tb's
     * code in a form free of this process's addresses into out (if cap
     * allows) and return its size, or 0 when it has none (tb_lock held). */
    size_t (*export_code)(const TB *tb, void *out, size_t cap);
    /* Set tb->code from such a form (tb_lock held); false if it is
     * malformed or cannot be placed in this process. */
    bool (*import_code)(TB *tb, const void *blob, size_t len);
    /* Optional: does the host function fn (a plugin's callback) do
     * nothing but add to the 64-bit word at *addr, as translated code
     * would inline? What it adds: *imm, or its argument in position *arg
     * if *arg >= 0. tb_lock held. */
    bool (*counter_fn)(const void *fn, void **addr, uint64_t *imm, int *arg);
    /* Optional: does fn, called with a vCPU index below *limit, do
     * nothing but add *imm to the 64-bit word at *base + index * *stride
     * (a plugin's per-vCPU record)? tb_lock held. */
    bool (*vcpu_counter_fn)(const void *fn, void **base, uint64_t *stride, uint32_t *limit,
                            uint64_t *imm);
} Backend;

extern const Backend backend_interp, backend_x86_64;
/* -perfmap: the JIT names each block it generates in /tmp/perf-PID.map,
 * for perf report (no effect with the interpreter). */
void jit_perfmap_enable(void);
/* The backend in use; set once by main() (-accel) before any translation. */
extern const Backend *backend;

#endif
