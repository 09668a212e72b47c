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
 *                       (n = 0 or 1: at most two direct successors per TB,
 *                       besides the side exits below);
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

/* Superblocks: in a hot block, a conditional branch may leave the TB by
 * a side exit (translator_side_exit) while translation goes on at the
 * next instruction; slots 2 and up are theirs. */
#define TB_SIDE_EXITS (IR_GOTO_TB_SLOTS - 2)
/* A forward branch at most this many bytes ahead whose target the TB goes
 * on to translate lands there inside the TB instead (an if-then): no exit
 * at all. One whose target the TB does not reach is a side exit after all. */
#define TB_JOIN_REACH 64

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
    uint32_t max_insns;   /* the TB's budget (TBInfo.max_insns) */
    uint64_t used_lo, used_hi;   /* translator_used_code's span (lo > hi: none) */
    uint32_t flags;       /* the TB's flags (TBInfo.flags) */
    bool tb_ended;        /* set by the guest: the instruction ended the TB */
    uint8_t side_max;     /* side exits this TB may take (0: superblocks off) */
    uint8_t n_side;       /* taken so far, emitted at the end of the TB: */
    struct {
        IRLabel label;
        uint64_t target;
        int8_t joined;    /* -1 a side exit; 0 may join the TB at target; 1 did */
        bool back;        /* to an instruction of the TB after its first, from one after that */
        uint32_t insn;    /* the branch's instruction, by index */
    } side[TB_SIDE_EXITS];
    uint32_t heat_off;    /* env offset of the block's run counter, or 0 */
    /* A branch joins at this instruction: values the guest kept from the
     * previous one (in TB temps) are not known on that way. */
    bool joined_here;
    /* Instructions before this address may be taken into the one being
     * translated (translator_take_next); 0: none may. */
    uint64_t take_end;
} DisasBase;

typedef struct TranslatorOps {
    /* Emit the IR of the instruction at db->pc (its insn_start is already
     * emitted); an illegal encoding is the guest's to raise. */
    void (*translate_insn)(DisasBase *db);
    /* The TB stops before db->pc without the last instruction having ended
     * it: continue at db->pc (normally: set the pc, gen_goto_tb(s, 0)). */
    void (*tb_stop)(DisasBase *db);
    /* Set the guest pc to pc (for the side exits, placed after the TB's
     * end). NULL: the guest makes no superblocks. */
    void (*gen_set_pc)(DisasBase *db, uint64_t pc);
} TranslatorOps;

/* Superblocks are made (-superblocks; set once at start-up). A plain TB
 * (no debugger step, -icount or softmmu) is first translated
 * ending at its first conditional branch, as QEMU does; if that branch
 * goes forward (or, without plugins and -tb-cache, if there is none),
 * the block counts its runs (IRContext.heat_off, in CPUState.tb_heat: per
 * vCPU, shared by a hash of the pc) and on the 256th leaves at its entry
 * with TB_EXIT_HOT: cpu_exec has it translated again as a superblock
 * (TBInfo.hot), which replaces it. Until then the JIT translates it
 * without the optimizer (exec/tb.c: the first tier; not with -tb-cache).
 * Translating every block as a superblock at once made start-up slower
 * (a third more guest instructions translated on sqlite3's), for blocks
 * most of which run a few times. The interpreter does not count: its
 * blocks stay basic blocks (so the JIT-against-interpreter suites compare
 * the two shapes).
 * SUPERBLOCKS_ALWAYS makes every plain block a superblock at once, in both
 * backends: for the tests, whose code mostly runs too few times to be hot.
 * Under plugins a superblock is only made from a hot block, goes on
 * only through basic blocks the plugins were shown alone (each keeps
 * their instrumentation: TBInfo.n_blocks, src/plugin/inject.c), joins
 * nothing and has no loop head after its start. */
enum { SUPERBLOCKS_OFF, SUPERBLOCKS_HOT, SUPERBLOCKS_ALWAYS };
extern int translator_superblocks;

/* A conditional branch to target at db->pc: if the TB is a superblock
 * that may take another side exit, return true with *taken, the label
 * the guest's brcond(s) for the taken side go to: it then goes on with
 * the fall-through in the same TB (not setting tb_ended). A backward
 * target too (the exit to the TB's own start is the loop inside the
 * block); but only a forward one makes a block not yet hot count its
 * runs. Else return false: the guest ends the TB as usual. */
bool translator_side_exit(DisasBase *db, uint64_t target, IRLabel *taken);

/* The len bytes after the instruction being translated, for a guest that
 * recognises an idiom of several instructions and translates them as one
 * (taking them with translator_take_next); NULL where that is not allowed:
 * under plugins that instrument code, -icount, a debugger's step or a breakpoint among them,
 * the softmmu, one-instruction TBs, or past the page or the TB's end.
 * The instructions taken get no insn_start of their own, so they must not
 * fault, and count as one in the TB's n_insns. */
const uint8_t *translator_next_bytes(const DisasBase *db, unsigned len);
/* Make the instruction being translated end len bytes further on. */
static inline void translator_take_next(DisasBase *db, unsigned len) { db->pc_next += len; }
/* If-conversion: a conditional branch at db->pc whose two ways run the
 * same instructions up to a first load's offset, then reach the same
 * successors, may become a select between the two loads' values, both
 * made as IR_MO_RETRY loads (a fault of either runs the branch alone:
 * CPUState.check_step). The branch takes in the fall-through way's load
 * (db->pc_next moves past it, db->num_insns counts it); the rest of that
 * way is translated as usual and serves both ways. True where every
 * instruction stays one unit of guest code (no plugin instrumentation,
 * debugger step or watchpoint, -icount, softmmu or -superblocks off) and
 * the TB has room for the next n instructions. */
bool translator_may_if_convert(const DisasBase *db, unsigned n);
/* The instruction at pc for an if-conversion's look ahead: its length
 * with its bytes in buf (g->insn_max of room), or 0 if it is not wholly
 * on db->pc's page or has a breakpoint. */
unsigned translator_peek_insn(const DisasBase *db, uint64_t pc, uint8_t *buf);
/* The TB's code depends on the guest bytes [lo, hi) too (an if-conversion
 * made from what translator_peek_insn read): TBInfo.code_outside if they
 * are not all in the TB's own range. */
void translator_used_code(DisasBase *db, uint64_t lo, uint64_t hi);

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

/* exit_tb values seen by cpu_exec: TB_EXIT_HOT asks for the TB to be made
 * again as a superblock (the block left at its entry, before doing
 * anything) */
enum { TB_EXIT_PLAIN = 0, TB_EXIT_SLOT0 = 1, TB_EXIT_SLOT1 = 2, TB_EXIT_HOT = 7 };
_Static_assert(TB_EXIT_SLOT0 + IR_GOTO_TB_SLOTS == TB_EXIT_HOT, "exit codes fit in 3 bits");

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

/* This translation is for the plugins (exec_plugin_code): then a frontend
 * reports the guest memory accesses its helpers make (LR/SC, AMOs, ...)
 * with translator_gen_helper_mem() right after the helper call (address
 * temp, value temp, IRMemOp, store half or not); the instrumentation pass
 * expands or removes the marker. Set by tb.c at the start of each
 * translation, under its lock. */
extern bool translator_plugin_mem;
#define PLUGIN_MEM_STORE (1u << 16)   /* above every IRMemOp bit, the mmu index too */
static inline void translator_gen_helper_mem(IRContext *s, IRTemp addr, IRTemp val, unsigned memop,
                                             bool store)
{
    ir_plugin_mem(s, addr, val, (memop & (IR_MO_SIZE | IR_MO_SIGN | IR_MO_BE)) |
                                    (store ? PLUGIN_MEM_STORE : 0));
}

#endif
