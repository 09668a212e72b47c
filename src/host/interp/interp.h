/*
 * The IR interpreter backend. iri_compile() turns a finished IR list into a
 * compact array of instructions whose operands are byte offsets into env
 * (globals at their own offsets, TB temps in the env scratch area), with
 * constant second operands folded into an immediate form; iri_exec() runs
 * it. Portable, and the oracle against which the JIT is tested.
 */
#ifndef PEEK_IRI_H
#define PEEK_IRI_H

#include <stdbool.h>
#include <stdint.h>
#include "ir/softmmu.h"
#include "ir/ir.h"

typedef struct IriCode IriCode;

/* What the interpreter needs to know of its surroundings, given once
 * before the first compilation (like the JIT's X64Config). */
typedef struct IRIConfig {
    uintptr_t guest_base;           /* host address of guest address 0 */
    uint64_t guest_space_size;      /* guest accesses must lie below this */
    uint32_t env_self_off;          /* env field holding the env pointer (IR_ENV) */
    uint32_t insn_pc_off;           /* env field insn_start stores its pc into */
    uint64_t exit_plain, exit_slot0;    /* exit values: plain, and goto_tb slot 0 */
    /* A guest access out of range (or misaligned where the op demands
     * alignment): never returns. */
    void (*mem_fault)(void *env, uint64_t addr, bool misaligned) __attribute__((noreturn));
    /* env's bool that is true during an IR_MO_RETRY load (whose faults,
     * mem_fault's or the host's, the caller turns into a retry) */
    uint32_t in_retry_off;
    uint32_t env_size;              /* bytes of env: a loaded block stays inside */
    uintptr_t image_lo, image_hi;   /* peek's code, where every helper is */
    /* The softmmu model (guest_base and guest_space_size unused), or NULL:
     * a TLB hit is looked up here in C, anything else is the slow path. */
    const SoftmmuConfig *softmmu;
} IRIConfig;

void iri_init(const IRIConfig *cfg);

IriCode *iri_compile(const IRContext *s);
/* Run one TB; returns the exit_tb value (TB_EXIT_*). */
uintptr_t iri_exec(void *env, const IriCode *code);
void iri_free(IriCode *code);
/* The persistent code cache's form of a block, free of host addresses:
 * returns the bytes needed (writing them if cap allows), or 0 if the block
 * has host addresses other than helpers'. */
size_t iri_export(const IriCode *c, void *out, size_t cap);
/* Back from that form; NULL if it is malformed. */
IriCode *iri_import(const void *blob, size_t len);

#endif
