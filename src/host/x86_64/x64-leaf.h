/*
 * Small leaf functions copied into generated code in place of a call
 * (IR_CALL_COPY_LEAF: plugin callbacks; see "Copying leaf callbacks" in
 * docs/design-notes.md). x64_leaf_decode() reads a function's machine code
 * and accepts it only if it is a few simple integer instructions that call
 * nothing and use the stack only to save callee-saved registers (push and
 * pop, rsp lowered and raised, balanced on every path), with at most forward jumps inside it, ending
 * in ret (jumps elsewhere bail out to a call of the function); it says
 * which registers the code reads before writing and which it writes. x64_leaf_emit() then writes the code at a new place: its
 * RIP-relative operands still address what they did, its jumps are
 * re-encoded, its rets jump to the end.
 */
#ifndef PEEK_X64_LEAF_H
#define PEEK_X64_LEAF_H

#include <stdbool.h>
#include <stdint.h>

#include "host/x86_64/x64-emit.h"

/* Bounds on what is copied: longer functions are called. */
#define X64_LEAF_MAX_BYTES 128
#define X64_LEAF_MAX_INSNS 32
/* Entries of a frame: callee-saved registers pushed, rsp lowered. */
#define X64_LEAF_MAX_FRAME 8

enum { X64_LEAF_PLAIN, X64_LEAF_NOP, X64_LEAF_JCC, X64_LEAF_JMP, X64_LEAF_RET };

typedef struct X64LeafInsn {
    uint8_t off, len;        /* in the function */
    uint8_t kind;
    uint8_t cc;              /* X64_LEAF_JCC: the condition */
    uint8_t target;          /* jumps: the target instruction's offset, once decoded its index */
    bool bail;               /* a jump out of what is copied (see X64Leaf) */
    bool dead;               /* never reached (padding, a cold path): not copied */
    int8_t disp_at;          /* X64_LEAF_PLAIN: offset of a RIP-relative disp32 in it, or -1 */
    int8_t frame;            /* 1: builds the frame (push, rsp lowered), -1: takes it down, 0 */
    uint8_t access;          /* memory it reads or writes: 0 none, 1 RIP-relative, 2 other */
} X64LeafInsn;

typedef struct X64Leaf {
    const uint8_t *code;     /* the function */
    uint8_t n;               /* instructions */
    uint16_t reads;          /* registers some path reads before writing them */
    uint16_t writes;         /* registers any path writes (never rsp, rbp or a callee-saved one) */
    /* Bail-outs: jumps to code that is not copied (a cold path that calls,
     * a tail call). No path to one writes memory, so the function can be
     * called from its start instead, with its arguments. */
    uint8_t n_bail;
    /* The frame at the bail-outs (every one has the same), innermost
     * last: a callee-saved register pushed (0-15), or rsp lowered by
     * 8 * (e - 16) bytes (e >= 16). x64_leaf_emit_undo() undoes it. */
    uint8_t bail_depth;
    uint8_t bail_frame[X64_LEAF_MAX_FRAME];
    /* Copies in a row may share one frame (x64_leaf_emit's open): the
     * frame, built the same on every path before any branch (frame[],
     * as bail_frame[]; also the bail-outs' if any), taken down only
     * right before each ret, and no callee-saved register read before
     * the copy writes it. */
    bool chain;
    uint8_t frame_depth;
    uint8_t frame[X64_LEAF_MAX_FRAME];
    X64LeafInsn insn[X64_LEAF_MAX_INSNS];
} X64Leaf;

/* Decode the function at code into l; false if it is not a leaf we copy.
 * Reads only the bytes of the instructions it accepts (and the first byte
 * after the last accepted one that does not end the function). */
bool x64_leaf_decode(const uint8_t *code, X64Leaf *l);
/* Can the copy go anywhere in [at, at + span) (its RIP-relative operands
 * within rel32 reach)? */
bool x64_leaf_reaches(const X64Leaf *l, const uint8_t *at, uint32_t span);
/* Write the copy at a->p (which x64_leaf_reaches accepted); the rel32s
 * of its n_bail bail-outs go to bail[], for the caller to aim. With
 * X64_LEAF_OPEN_IN (l->chain), the copy before it left its frame built
 * and this one does not build it again; with X64_LEAF_OPEN_OUT it leaves
 * it built for the next (and its bail-outs' call must build it again).
 * The saved registers then hold the copies' values until the frame is
 * taken down (x64_leaf_emit_frame). */
#define X64_LEAF_OPEN_IN 1
#define X64_LEAF_OPEN_OUT 2
void x64_leaf_emit(X64Asm *a, const X64Leaf *l, uint8_t **bail, unsigned open);
/* The same, with instruction at replaced by what emit(ctx) writes at a. */
void x64_leaf_emit_replacing(X64Asm *a, const X64Leaf *l, uint8_t **bail, unsigned open, int at,
                             void (*emit)(void *ctx), void *ctx);
/* The instruction of l that a counter lane can take (x64-internal.h): the
 * one 64-bit addition of a constant to a fixed RIP-relative word ("addq
 * $1, x(%rip)" after a test, libmem.so's), in a leaf with no frame whose
 * other memory operands are all RIP-relative and away from that word, so
 * that the addition may go to a register and nothing else in the copy
 * can see the difference. -1 if none; else its index, *addr and *imm. */
int x64_leaf_lane_add(const X64Leaf *l, const void **addr, int64_t *imm);
/* Code that builds (build) or takes down l->frame (l->chain). */
void x64_leaf_emit_frame(X64Asm *a, const X64Leaf *l, bool build);
/* Code that takes down the frame the copy has built at its bail-outs (the
 * callee-saved registers popped, rsp raised): where the bail-outs go
 * before the function is called. Nothing if there is none. */
void x64_leaf_emit_undo(X64Asm *a, const X64Leaf *l);
/* The analysis of fn, made once per function and kept; NULL if it is not
 * copied. Under the translation lock. */
const X64Leaf *x64_leaf_of(const void *fn);

/* A leaf that does nothing but add to one 64-bit word at a fixed address
 * (a plugin's "count++"): a constant, or its argument in position arg.
 * Accepted, with no lock prefix: "add/sub $imm, x(%rip)", "inc/dec
 * x(%rip)", "add %reg, x(%rip)", and the same through a register: "mov
 * x(%rip), %r; add/sub/inc/dec/lea ... %r; mov %r', x(%rip)"; then ret. */
typedef struct X64LeafCounter {
    const void *addr;       /* the word */
    int64_t imm;            /* what is added, if arg < 0 */
    int arg;                /* else the argument (0: rdi, 1: rsi, 2: rdx, 3: rcx, 4: r8, 5: r9) */
} X64LeafCounter;
bool x64_leaf_counter(const X64Leaf *l, X64LeafCounter *c);
/* x64_leaf_counter of fn's analysis (cached as x64_leaf_of's). */
bool x64_leaf_counter_of(const void *fn, X64LeafCounter *c);

/* A leaf that, for every vCPU index v below limit, does nothing but add
 * imm to the 64-bit word at base + v * stride (a per-vCPU record of the
 * plugin's: "if (v < 64) rec[v].n++; else rare(v)"), and for other
 * indexes may bail out. Accepted: on the one path, moves, lea, add, sub,
 * shl and imul by constants of the index (edi, as 32 bits) and of
 * RIP-relative addresses; compares of the index with a constant followed
 * by ja/jae to a bail-out; then "add/sub $imm" or "inc/dec" of a 64-bit
 * word, no lock, at an address of that form with stride a multiple of
 * 8; ret. No other memory access, no frame. */
typedef struct X64LeafVcpuCounter {
    const void *base;       /* vCPU 0's word */
    uint64_t stride;
    uint32_t limit;         /* indexes below it take the path */
    int64_t imm;
} X64LeafVcpuCounter;
bool x64_leaf_vcpu_counter(const X64Leaf *l, X64LeafVcpuCounter *c);
bool x64_leaf_vcpu_counter_of(const void *fn, X64LeafVcpuCounter *c);

#endif
