/*
 * What a frontend uses from the execution layer while translating: the TB
 * exit protocol (chaining slots, indirect jumps), instruction fetch, and the
 * generic exception helper.
 *
 * Ending a TB: store the next pc into the guest's pc global, then
 *   gen_goto_tb(s, n)   for a direct jump to a pc known at translation time
 *                       (n = 0 or 1: at most two direct successors per TB);
 *   gen_goto_ptr(s)     for an indirect jump (looked up in the jump cache);
 *   gen_exit_tb(s)      to return to the cpu loop (after state changes that
 *                       must be noticed, e.g. fence.i or a csr write).
 */
#ifndef PEEK_EXEC_TRANSLATE_H
#define PEEK_EXEC_TRANSLATE_H

#include <stdbool.h>
#include <stdint.h>
#include "ir/ir.h"

/* exit_tb values seen by cpu_exec */
enum { TB_EXIT_PLAIN = 0, TB_EXIT_SLOT0 = 1, TB_EXIT_SLOT1 = 2 };

static inline void gen_goto_tb(IRContext *s, int slot)
{
    ir_goto_tb(s, (uint64_t)slot);
    ir_exit_tb(s, (uint64_t)(TB_EXIT_SLOT0 + slot));
}
static inline void gen_goto_ptr(IRContext *s) { ir_lookup_and_goto_ptr(s); }
static inline void gen_exit_tb(IRContext *s) { ir_exit_tb(s, TB_EXIT_PLAIN); }

/* Fetch instruction bytes at translation time. False when the page is not
 * mapped executable (the frontend then ends the TB before this insn, or, for
 * the TB's first insn, raises EXCP_SEGV through translate_fetch_fault():
 * the guest pc is set to pc, the fault address to addr, which differs when
 * only the second half of an insn straddling a page end is unfetchable). */
bool translate_fetch16(uint64_t pc, uint16_t *out);
_Noreturn void translate_fetch_fault(uint64_t pc, uint64_t addr);

/* helper_raise(env, excp): leave the TB with exception excp (EXCP_* from
 * exec/cpu.h); the guest pc global must hold the faulting insn's pc. */
extern const IRHelper helper_raise_desc;
static inline void gen_raise(IRContext *s, int excp)
{
    IRTemp a[2] = { IR_ENV, ir_const(s, (uint64_t)excp) };
    ir_call_helper(s, &helper_raise_desc, 0, a);
}

#endif
