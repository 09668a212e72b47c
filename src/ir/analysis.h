/*
 * Analyses of a finished IR list that a backend asks for while it turns
 * the list into host code; nothing here changes the list.
 *
 * live.c answers, before code generation, which ops are dead, how long each
 * TB temp lives, which temps can be computed straight into the global they
 * are copied to, and which labels only one forward branch reaches. A
 * register-allocating backend needs all four; an interpreter needs none.
 *
 * knownbits.c says what is known of a value's high bits (zero, or a sign
 * extension of the low 32) from what is known of an op's inputs, so that an
 * extension that changes nothing costs nothing, and recognizes the shift
 * pairs with which guests write extensions. It is a transfer function, not
 * a pass: the backend keeps the per-temp facts, because it learns constants
 * the IR does not show (values it folded itself) and forgets facts where its
 * own state is reset (labels, helper calls).
 */
#ifndef PEEK_IR_ANALYSIS_H
#define PEEK_IR_ANALYSIS_H

#include <stddef.h>

#include "ir/ir.h"

/* ---- live.c ---- */

/* Memory for the analysis, which it never frees and fills itself (it need
 * not be zeroed): the caller's arena, released when the results are no
 * longer needed (after the TB). */
typedef void *IRAllocFn(size_t n);

typedef struct IRLive {
    /* per op: computes a value that is overwritten unread; generate nothing */
    uint8_t *skip;
    /* per temp above the globals (the entries of env and the globals are
     * not filled in): the last op that needs TB temp t's value (-1 if
     * none), extended over every loop the value must survive */
    int32_t *last_use;
    /* per temp above the globals (the others are themselves): the temp t
     * is computed as (itself, or the global it is copied to: see live.c
     * for when that is allowed) */
    uint32_t *rename;
    /* per label: IR_LABEL_SINGLE when reached by one forward branch only,
     * IR_LABEL_JOIN by one forward branch and by falling in, else 0 */
    uint8_t *label_single;
    /* the goto_tb ops that are not skipped, in order */
    uint32_t *gotos;
    uint32_t ngotos;
} IRLive;
enum { IR_LABEL_SINGLE = 1, IR_LABEL_JOIN };

/* Fill lv with arrays taken from alloc (at least one entry each). */
void ir_live_analyze(const IRContext *s, IRLive *lv, IRAllocFn *alloc);

/* ---- knownbits.c ---- */

/* What is known of a 64-bit value. */
typedef struct IRKnown {
    uint8_t zbits;      /* its top zbits bits are zero (0..64) */
    bool s32;           /* it is the sign extension of its low 32 bits */
    bool is_const;      /* it is exactly val */
    uint64_t val;
} IRKnown;

/* What the caller knows of temps at the op being looked at. */
typedef struct IRKnownView {
    IRKnown (*known)(const void *ctx, IRTemp t);
    const void *ctx;
} IRKnownView;

static inline IRKnown ir_known_nothing(void) { return (IRKnown){ 0, false, false, 0 }; }
IRKnown ir_known_const(uint64_t v);

/* What op's output (op has one) will be known to be, from its inputs;
 * never a constant (a backend that folds the op knows better). */
IRKnown ir_known_result(const IROp *op, const IRKnownView *v);

/* Does the extension op opc leave a value known as x unchanged? */
bool ir_ext_is_noop(IROpcode opc, IRKnown x);

/* "shl x, y, c" followed by "shr/sar d, x, c" with c 32, 48 or 56 (how
 * guests without extension instructions extend: a shift pair) is one
 * extension of y into d:
 * its opcode, or IR_NB_OPS when the two ops are not such a pair. The caller
 * still checks that nothing else reads x. */
IROpcode ir_ext_pair(const IROp *shl, const IROp *next, const IRKnownView *v);

#endif
