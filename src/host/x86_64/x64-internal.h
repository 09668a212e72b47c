/*
 * What the two halves of the x86-64 backend share: the code generator
 * (x64-gen.c, IR to host code for one block) and the code buffer
 * (x64-code.c: memory, trampoline, block index, jump patching).
 */
#ifndef PEEK_X64_INTERNAL_H
#define PEEK_X64_INTERNAL_H

#include "host/x86_64/x64-emit.h"
#include "host/x86_64/x64.h"
#include "ir/analysis.h"

/* Fixed registers of generated code. TMP is never allocated: it is the
 * scratch of a single emission sequence (far calls, 64-bit constants being
 * stored, the jump-cache probe) and holds nothing across sequences. */
#define X64_ENV X64_RBP
#define X64_GBASE X64_R14
#define X64_TMP X64_R11

/* Set once by x64_init(), read-only afterwards. */
extern X64Config x64_cfg;
/* The shared exit path: returns rax to x64_exec's caller. */
extern uint8_t *x64_epilogue;
/* x64_range_limit[k]: the largest guest address at which an access of
 * 1 << k bytes still fits in the guest space (RIP-relative compare operand). */
extern uint64_t *x64_range_limit;

/* Memory for the tables of the block being generated, all released at
 * once by the next x64_scratch_reset() (x64_gen_code starts with it), so
 * that a block costs no malloc/free pairs. Zero-filled. */
void *x64_scratch(size_t n);
void x64_scratch_reset(void);

/* Open the free part of the code buffer for writing one block into a. */
void x64_code_open(X64Asm *a);
/* Which base a host address target is relative to (X64_RB_IMAGE or
 * X64_RB_BUF) and its addend; false if neither. */
bool x64_reloc_base(uintptr_t target, uint8_t *base, int64_t *addend);
/* Make the block c (code from a->start up to end) findable and claim its bytes. */
void x64_code_commit(X64Code *c, uint8_t *end);

#endif
