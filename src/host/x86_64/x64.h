/*
 * The x86-64 JIT backend: turns one TB's IR into host code in a shared code
 * buffer, enters and leaves that code, patches direct jumps between blocks,
 * and maps a host pc inside generated code back to the guest instruction.
 *
 * This layer knows only the IR (and the softmmu contract, ir/softmmu.h,
 * a header of data types). Everything it needs to know about the
 * execution layer (where exit_request and the jump cache live in env, the
 * layout of a TB, how to raise a guest fault) arrives once in X64Config;
 * src/exec/backend-x86_64.c fills it in and adapts this interface to the
 * Backend table.
 *
 * Generated code keeps env (biased by X64_ENV_BIAS so that the guest
 * registers at the start of env are reachable with 8-bit displacements) in
 * rbp and guest_base in r14. A block exits by returning tag | code to the
 * caller of x64_exec, where tag is what x64_gen_code was given (8-aligned)
 * and code is the exit_tb value, or TB_EXIT_SLOT0 + n for goto_tb n while
 * that slot is not chained.
 *
 * The pc global (X64Config.pc_off) is not stored on the way into another
 * block, chained or found by lookup_and_goto_ptr: the block reached knows
 * its own pc. Every way back to the loop stores it. So inside a block the
 * pc in env is only right where the frontend stored it explicitly, as it
 * does before anything that can raise.
 */
#ifndef PEEK_X64_H
#define PEEK_X64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir/softmmu.h"
#include "ir/ir.h"

typedef struct X64Config {
    /* Guest memory: the flat model (softmmu NULL: host address = guest_base
     * + guest address, checked against guest_space_size, faults through
     * mem_fault and x64_restore) or full-system mode's software TLB
     * (ir/softmmu.h; copied by x64_init; guest_base, guest_space_size and
     * mem_fault unused): each access looks its entry up inline, a miss
     * calls the mode's load or store out of line and resumes. */
    const SoftmmuConfig *softmmu;
    uintptr_t guest_base;           /* host address of guest address 0; below 2 GiB,
                                     * accesses may also hold it as a displacement */
    uint64_t guest_space_size;      /* guest accesses must lie below this */
    size_t code_size;               /* bytes of code buffer to reserve */
    uint32_t exit_request_off;      /* env: int, non-zero stops chained execution */
    uint32_t call_keep_off;         /* env: 16 bytes, 16-aligned, the counter lanes across a call */
    /* The inline jump-cache lookup of lookup_and_goto_ptr: in env, the guest
     * pc global and an array of TB pointers indexed by
     * ((pc >> jc_shift1) ^ (pc >> jc_shift2)) & jc_mask (jc_shift1 <= jc_shift2);
     * in a TB, its pc (uint64), invalid flag (int) and code entry (pointer).
     * pc_off = UINT32_MAX: no inline lookup, return to the loop instead.
     * With softmmu, a hit must also have the looking block's flags (a TB's
     * uint32 at tb_flags_off): the jump cache holds TBs found under the
     * current translation (the mode empties it whenever the translation may
     * change), but the privilege and mode bits of the flags change without
     * that. The same probe, with the pc a constant, serves a goto_tb whose
     * target lies on another page (never chained under softmmu). */
    uint32_t pc_off;
    uint32_t jc_off;
    uint32_t jc_mask;
    uint8_t jc_shift1, jc_shift2;
    uint32_t tb_pc_off, tb_invalid_off, tb_code_off, tb_flags_off;
    uint64_t exit_plain, exit_slot0;   /* the exit codes of exit_tb and goto_tb 0 */
    uint64_t exit_hot;                 /* IRContext.heat_off's counter wrapped */
    bool no_self_loops;       /* a goto_tb to the block's own start leaves it too */
    /* The code buffer goes within rel32 reach of this address if there is
     * room (the plugins' code, see x64_init), else next to our own text. */
    const void *calls_near;
    /* Plugins may count inline: sum their additions to fixed addresses in
     * lanes of a vector register across chained blocks (x64-internal.h).
     * Flat model only. */
    bool counter_lanes;
    /* Called (never returns) when a guest access fails the range or the
     * alignment check: info is the IRMemOp | X64_FAULT_STORE for a store,
     * or X64_FAULT_GROUP.
     * The dirty globals are already in env; guest_pc is the insn's pc. */
    void (*mem_fault)(void *env, uint64_t addr, uint64_t info, uint64_t guest_pc);
    /* Keep with each block the relocations x64_code_export() needs (the
     * persistent code cache): host addresses in [image_lo, image_hi) (the
     * helpers, mem_fault) are saved relative to image_lo; a block calling
     * outside that range cannot be exported. */
    bool keep_relocs;
    uintptr_t image_lo, image_hi;
} X64Config;

/* Above every IRMemOp bit. X64_FAULT_GROUP: the combined range check of
 * several accesses failed before the first (IRContext.merge_checks), guest_pc
 * is that access's instruction and addr the lowest address checked. */
enum { X64_FAULT_STORE = 1u << 16, X64_FAULT_GROUP = 1u << 17 };
#define X64_ENV_BIAS 128
/* goto_tbs of one block that jump back into it (a loop inside the block),
 * at most: each has its own exit path, patched in when it is invalidated */
#define X64_BACK_EDGES 4

/* Guest accesses of the flat model do not store the globals that are dirty
 * in host registers first: each access records where they are, and a host
 * fault there puts them into env from the faulting context (x64_restore).
 * (Softmmu accesses have no fault points: their slow paths store first.) */
typedef struct X64FaultSave {
    uint32_t env_off;         /* the global's home */
    int32_t reg;              /* host register holding it, or -1: val */
    uint64_t val;
} X64FaultSave;

typedef struct X64FaultPoint {
    uint32_t host_off;        /* offset of the access instruction */
    uint32_t first, n;        /* its saves */
    uint32_t retry;           /* an IR_MO_RETRY load: no guest fault, a retry */
} X64FaultPoint;

/* A host address in a block's code that depends on where things are in
 * this process: a rel32, a 64-bit immediate or a 32-bit displacement holding base + addend. */
enum { X64_REL32, X64_ABS64, X64_ABS32 };   /* ABS32: a signed 32-bit displacement */
/* peek's image, the code buffer's head (its tables), block's tag,
 * guest_base, the epilogue (whose place in the buffer varies) */
enum { X64_RB_IMAGE, X64_RB_BUF, X64_RB_TAG, X64_RB_GBASE, X64_RB_EPILOGUE };
typedef struct X64Reloc {
    uint32_t off;             /* of the field in the block's code */
    uint8_t form, base;
    uint16_t pad;
    int64_t addend;
} X64Reloc;

/* The generated code of one TB (malloc'd; arrays follow the struct). */
typedef struct X64Code {
    uint8_t *entry;           /* first byte: the exit_request check */
    uint8_t *body;            /* just after it, for jumps that need none */
    uintptr_t tag;            /* x64_gen_code's */
    uint32_t size;            /* bytes of code */
    uint32_t n_insns;         /* insn_start markers seen */
    uint32_t jmp_field[IR_GOTO_TB_SLOTS];   /* offsets of goto_tb's rel32 fields, 0 if none */
    uint32_t self_field[X64_BACK_EDGES];   /* rel32s of jumps back into the block, 0: none */
    uint32_t loop_exit[X64_BACK_EDGES];    /* where each goes once the block is invalid */
    uint32_t *insn_off;       /* host offset where each insn starts */
    uint64_t *insn_pc;        /* its guest pc */
    uint32_t n_faults;
    X64FaultPoint *faults;    /* by host_off */
    X64FaultSave *saves;
    uint32_t n_relocs;        /* with X64Config.keep_relocs, else 0 */
    bool portable;            /* every host address is one x64_code_export can say */
    X64Reloc *relocs;
    /* Free for the caller's chaining bookkeeping (zeroed here): the list
     * of the blocks jumping to this one. */
    uintptr_t in_head, in_next[IR_GOTO_TB_SLOTS];
} X64Code;

/* Set up the code buffer and the entry trampoline. Returns false (with a
 * message on stderr) when the host lacks BMI1, BMI2, LZCNT or POPCNT or
 * the buffer cannot be mapped. Once, before any other call. */
bool x64_init(const X64Config *cfg);

/* Translate one TB's finished IR; the block starts at guest pc and was
 * translated with the guest's flags (softmmu; 0 otherwise). tag must be
 * 8-aligned. Returns NULL when the code buffer is full: x64_flush() and try
 * again. Callers serialize translation (tb_lock). */
X64Code *x64_gen_code(const IRContext *s, uintptr_t tag, uint64_t pc, uint32_t flags);

/* Run generated code at entry with env until a block exits; returns the
 * exit's tag | code. */
uintptr_t x64_exec(void *env, const void *entry);

/* Point goto_tb slot of c at target (another block's entry or body), or
 * back at its own exit path if target is NULL. Atomic for concurrent
 * executors. A jump to a block at a higher guest pc may skip the
 * exit_request check (body): any cycle of blocks has a jump to a lower or
 * equal pc, which checks. */
void x64_set_jump(X64Code *c, int slot, const void *target);

/* c's TB was invalidated: a block that loops to itself inside stops doing
 * so (it leaves at the next iteration). */
void x64_invalidate(X64Code *c);

/* If host_pc lies in the code of a live block, store the guest pc of the
 * instruction it belongs to and the block's tag and, given the host
 * registers at a fault there (rax..r15 in hardware order), write the
 * globals they hold into env. regs and env may be NULL (pc and tag only).
 * Lock-free, safe in a signal handler. */
bool x64_restore(uintptr_t host_pc, const uint64_t *regs, void *env, uint64_t *guest_pc,
                 uintptr_t *tag);
/* Is host_pc an IR_MO_RETRY load of a live block (whose fault is no guest
 * fault: its instruction runs again alone)? Lock-free too. */
bool x64_retry_at(uintptr_t host_pc);

/* The registers of a signal handler's ucontext_t, in hardware order. */
void x64_regs_from_ucontext(const void *uc, uint64_t regs[16]);
/* A host fault inside a block (x64_restore found it) of the vCPU env:
 * the counts its lanes held go to their counters, and the lanes in uc are
 * zeroed. */
void x64_lanes_from_ucontext(void *uc, void *env);

/* Forget every block and free their X64Code; only while no thread runs
 * generated code and nothing still points into the buffer. */
void x64_flush(void);

/* The persistent code cache's form of a block: its code as generated
 * (goto_tb slots unchained), the tables above and its relocations, with
 * no host address in it. Returns the bytes needed (writing them if cap
 * allows), or 0 when c is not portable (or keep_relocs was off). */
size_t x64_code_export(const X64Code *c, void *out, size_t cap);
/* Place an exported block in the code buffer for the TB tagged tag,
 * relocated to this process. NULL if the blob is malformed, a rel32 no
 * longer reaches its target, or the buffer is full. Under the
 * translator's lock, like x64_gen_code. */
X64Code *x64_code_import(const void *blob, size_t len, uintptr_t tag);

/* Bytes of code buffer in use (for tests and statistics). */
size_t x64_code_used(void);
/* Make the kernel report the code buffer to profilers as a new executable
 * mapping of the calling process (a forked child inherits the parent's,
 * which perf would go on naming from the parent's perf map). */
void x64_code_announce(void);

#endif
