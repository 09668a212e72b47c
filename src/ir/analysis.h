/*
 * Analyses of a finished IR list that a backend asks for while it turns
 * the list into host code; nothing here changes the list.
 *
 * live.c answers, before code generation, which ops are dead, how long each
 * TB temp lives, which temps can be computed straight into the global they
 * are copied to, and which labels only one forward branch reaches. A
 * register-allocating backend needs all four; an interpreter needs none.
 */
#ifndef PEEK_IR_ANALYSIS_H
#define PEEK_IR_ANALYSIS_H

#include <stddef.h>

#include "ir/ir.h"

/* ---- live.c ---- */

/* Zero-filled memory for the analysis, which it never frees: the caller's
 * arena, released when the results are no longer needed (after the TB). */
typedef void *IRAllocFn(size_t n);

typedef struct IRLive {
    /* per op: computes a value that is overwritten unread; generate nothing */
    uint8_t *skip;
    /* per temp: the last op that needs TB temp t's value (-1 if none),
     * extended over every loop the value must survive */
    int32_t *last_use;
    /* per temp: the temp t is computed as (itself, or the global it is
     * copied to: see live.c for when that is allowed) */
    uint32_t *rename;
    /* per label: reached by one forward branch only, not by falling in */
    uint8_t *label_single;
} IRLive;

/* Fill lv with arrays taken from alloc (at least one entry each). */
void ir_live_analyze(const IRContext *s, IRLive *lv, IRAllocFn *alloc);

#endif
