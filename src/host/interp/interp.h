/*
 * The IR interpreter backend. iri_compile() turns a finished IR list into a
 * compact array of instructions whose operands are byte offsets into env
 * (globals at their own offsets, TB temps in the env scratch area), with
 * constant second operands folded into an immediate form; iri_exec() runs
 * it. Portable, and the oracle against which the JIT is tested.
 */
#ifndef PEEK_IRI_H
#define PEEK_IRI_H

#include <stdint.h>
#include "ir/ir.h"

typedef struct IriCode IriCode;

IriCode *iri_compile(const IRContext *s);
/* Run one TB; returns the exit_tb value (TB_EXIT_*). */
uintptr_t iri_exec(void *env, const IriCode *code);
void iri_free(IriCode *code);

#endif
