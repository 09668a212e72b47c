/*
 * What the execution layer does for a debugger (src/gdb): breakpoints,
 * watchpoints and single steps in a translator, where there is no trap
 * instruction to plant and no debug register to set.
 *
 * - A breakpoint ends the TB before its address, and a TB that starts at
 *   one only raises EXCP_DEBUG (DEBUG_BREAK) with the pc there: guest
 *   memory is never written, so the guest cannot see the breakpoint.
 *   Inserting or removing one drops the translations of its page.
 * - While watchpoints exist, every TB checks each guest load and store
 *   (qemu_ld/qemu_st) before it happens, in a helper: a hit raises
 *   EXCP_DEBUG (DEBUG_WATCH) with the state as before the instruction,
 *   which is where GDB expects an aarch64 or riscv watchpoint to stop (it
 *   steps over the instruction itself). Accesses made inside helpers
 *   (atomics, LR/SC) are not checked.
 * - A vCPU with CPUState.debug.step runs TBs of one instruction that end
 *   by returning to the loop (no chaining, no jump-cache lookup), then
 *   stops with EXCP_DEBUG (DEBUG_STEP).
 * - A vCPU with CPUState.debug.hold set runs no guest code: cpu_exec
 *   returns EXCP_DEBUG (DEBUG_HOLD) at once.
 *
 * The lists change only while every vCPU is held (GDB's all-stop mode).
 */
#ifndef PEEK_EXEC_DEBUG_H
#define PEEK_EXEC_DEBUG_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "ir/ir.h"

/* CPUState.debug.reason after EXCP_DEBUG. */
enum { DEBUG_HOLD, DEBUG_BREAK, DEBUG_WATCH, DEBUG_STEP };

/* Watchpoint kinds (bits: which accesses trigger it). */
enum { DEBUG_WP_WRITE = 1, DEBUG_WP_READ = 2, DEBUG_WP_ACCESS = 3 };

/* As many as a debugger may set at once (more are refused). */
#define DEBUG_MAX_WATCH 32

/* Breakpoints by guest address; insert is idempotent. remove returns false
 * if there was none at pc. */
void debug_bp_insert(uint64_t pc);
bool debug_bp_remove(uint64_t pc);
void debug_bp_remove_all(void);

/* Watchpoints on [addr, addr+len); false if the table is full (insert) or
 * no such watchpoint exists (remove). */
bool debug_wp_insert(uint64_t addr, uint64_t len, int kind);
bool debug_wp_remove(uint64_t addr, uint64_t len, int kind);
void debug_wp_remove_all(void);
/* Before held vCPUs run again: make translations check memory accesses if
 * and only if watchpoints exist (a change flushes the code cache). Not on
 * a vCPU's thread, and not inside an exclusive section. */
void debug_wp_sync(void);

/* For the translator: is there a breakpoint at pc? Emit the IR of a TB that
 * stops at one. */
bool debug_bp_at(uint64_t pc);
void debug_gen_trap(IRContext *s, uint64_t pc);
/* For tb.c, after the frontend and the plugins: turn s into a step TB
 * (info->cflags & TB_CF_STEP), and add the watchpoint checks. False if the
 * result would not fit in the context (translate fewer instructions). */
bool debug_rewrite_tb(IRContext *s, const TBInfo *info);
/* Do translations check guest accesses for watchpoints (a hit leaves the
 * TB at an access by raising from the check)? For the translator, under
 * tb_lock. */
bool debug_checks_accesses(void);

#endif
