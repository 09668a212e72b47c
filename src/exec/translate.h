/*
 * What a frontend uses from the execution layer while translating: the
 * generic translation loop, the TB exit protocol (chaining slots, indirect
 * jumps), instruction fetch, the generic exception helper, and the marker
 * for memory accesses that helpers make on plugins' behalf.
 *
 * translator_loop() forms every TB: it fetches each instruction (a fetch
 * fault on the first one raises SIGSEGV at it; on a later one the TB simply
 * ends before it), emits its insn_start marker, and hands it to the guest's
 * translate_insn(); it stops after an instruction that ended the TB, at the
 * instruction budget (-one-insn-per-tb), when the IR context is nearly
 * full, when the next instruction starts on another guest page, or before
 * a debugger's breakpoint (exec/debug.h). A guest therefore supplies only
 * "translate one instruction" and "fall through".
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
#include "exec/cpu.h"
#include "exec/guest.h"
#include "ir/ir.h"

/* The state of one TB's translation that the loop and the guest share; a
 * guest that needs more embeds it as the first member of its own context. */
typedef struct DisasBase {
    IRContext *s;
    CPUState *cpu;
    uint64_t pc_first;    /* the TB's first instruction */
    uint64_t pc;          /* the instruction being translated */
    uint64_t pc_next;     /* the one after it (pc + its length) */
    const uint8_t *insn;  /* its bytes, pc_next - pc of them */
    uint32_t num_insns;   /* instructions translated before this one */
    uint32_t flags;       /* the TB's flags (TBInfo.flags) */
    bool tb_ended;        /* set by the guest: the instruction ended the TB */
} DisasBase;

typedef struct TranslatorOps {
    /* Emit the IR of the instruction at db->pc (its insn_start is already
     * emitted); an illegal encoding is the guest's to raise. */
    void (*translate_insn)(DisasBase *db);
    /* The TB stops before db->pc without the last instruction having ended
     * it: continue at db->pc (normally: set the pc, gen_goto_tb(s, 0)). */
    void (*tb_stop)(DisasBase *db);
} TranslatorOps;

/* Translate one TB at tb->pc into s (reset, with the guest's globals) with
 * db as the shared state; fills tb->size and tb->n_insns. */
void translator_loop(const TranslatorOps *ops, DisasBase *db, IRContext *s, CPUState *cpu,
                     TBInfo *tb);

/* Fetch the instruction at pc into buf (at least g->insn_max bytes): its
 * length, or 0 with *bad = the first address that could not be fetched
 * (not mapped executable). Its pages are marked as code (write-protected)
 * before they are read. Under tb_lock. */
unsigned translator_fetch_insn(const GuestArch *g, uint64_t pc, uint8_t *buf, uint64_t *bad);

/* Set (under tb_lock) when code was read from a page that could not be
 * write-protected first (mem_mark_code): the TB being made may run once. */
extern bool translator_code_unprotected;

/* exit_tb values seen by cpu_exec */
enum { TB_EXIT_PLAIN = 0, TB_EXIT_SLOT0 = 1, TB_EXIT_SLOT1 = 2 };

static inline void gen_goto_tb(IRContext *s, int slot)
{
    ir_goto_tb(s, (uint64_t)slot);
    ir_exit_tb(s, (uint64_t)(TB_EXIT_SLOT0 + slot));
}
static inline void gen_goto_ptr(IRContext *s) { ir_lookup_and_goto_ptr(s); }
static inline void gen_exit_tb(IRContext *s) { ir_exit_tb(s, TB_EXIT_PLAIN); }

/* The TB's first instruction cannot be fetched: raise EXCP_SEGV with the
 * guest pc at it and the fault address addr (which differs when only the
 * second half of an insn straddling a page end is unfetchable). */
_Noreturn void translate_fetch_fault(uint64_t pc, uint64_t addr);

/* helper_raise(env, excp): leave the TB with exception excp (EXCP_* from
 * exec/cpu.h); the guest pc global must hold the faulting insn's pc. */
extern const IRHelper helper_raise_desc;
static inline void gen_raise(IRContext *s, int excp)
{
    IRTemp a[2] = { IR_ENV, ir_const(s, (uint64_t)excp) };
    ir_call_helper(s, &helper_raise_desc, 0, a);
}

/* Plugins are loaded: then a frontend reports the guest memory accesses its
 * helpers make (LR/SC, AMOs, ...) with translator_gen_helper_mem() right
 * after the helper call (address temp, value temp, IRMemOp, store half or
 * not); the instrumentation pass expands or removes the marker. Set once
 * at start-up. */
extern bool translator_plugin_mem;
#define PLUGIN_MEM_STORE (1u << 16)   /* above every IRMemOp bit, the mmu index too */
static inline void translator_gen_helper_mem(IRContext *s, IRTemp addr, IRTemp val, unsigned memop,
                                             bool store)
{
    ir_plugin_mem(s, addr, val, (memop & (IR_MO_SIZE | IR_MO_SIGN | IR_MO_BE)) |
                                    (store ? PLUGIN_MEM_STORE : 0));
}

#endif
