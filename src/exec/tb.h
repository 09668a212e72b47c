/*
 * Translation blocks and the code cache: lookup by guest pc (per-vCPU jump
 * cache, then a shared hash table), translation on a miss, invalidation of
 * every TB on a guest page (self-modifying code), and whole-cache flush.
 *
 * TBs are never freed while guest threads run: an invalidated TB is marked
 * invalid and unlinked from the hash table and its page lists, so a reader
 * still holding a pointer sees the flag and looks up again.
 */
#ifndef PEEK_EXEC_TB_H
#define PEEK_EXEC_TB_H

#include <stdbool.h>
#include <stdint.h>
#include "exec/cpu.h"
#include "ir/ir.h"

typedef struct TB {
    uint64_t pc;
    uint64_t phys_pc;       /* softmmu: physical address of pc; flat: pc */
    uint32_t flags;         /* softmmu: the guest's TB flags; flat: 0 */
    uint32_t size;          /* guest bytes */
    uint32_t n_insns;
    uint32_t cflags;        /* TB_CF_* (exec/guest.h) it was translated with */
    bool code_outside;      /* TBInfo.code_outside */
    volatile int invalid;
    void *code;             /* backend code */
    void *backend_data;     /* anything else the backend keeps per TB */
    const void *plugin_unwind;  /* TBInfo.plugin_unwind */
    const void *plugin_reqs;    /* TBInfo.plugin_reqs */
    /* Its tails (TB_CF_TAIL, tb_find_tail), under tb_lock: they are in
     * no hash table, only in their page lists and here. */
    struct TB *tails, *tail_next;
    struct TB *hash_next;
    struct TB *page_next[2];   /* TB lists of the (up to two) pages it spans */
    uint64_t page[2];          /* (physical) page addresses, page[1] = -1 if one page */
    struct TB *jmp_dest[IR_GOTO_TB_SLOTS];   /* chained successors, written under tb_lock */
    struct TB *all_next;       /* every TB since the last flush, under tb_lock */
} TB;

/* The per-vCPU jump cache index of a guest pc. The JIT computes the same
 * hash inline from these two shifts, so they live here, once. */
#define TB_JC_SHIFT1 1
#define TB_JC_SHIFT2 13
static inline unsigned tb_jc_hash(uint64_t pc)
{
    return (unsigned)((pc >> TB_JC_SHIFT1) ^ (pc >> TB_JC_SHIFT2)) & (CPU_JC_SIZE - 1);
}

/* Options fixed at start-up (set once by main()). */
extern unsigned tb_max_insns;       /* 1 with -one-insn-per-tb */

void tb_init(const struct GuestArch *g);
/* Find or translate the TB at pc for cpu (may raise a fetch fault). */
TB *tb_find(CPUState *cpu, uint64_t pc);
/* The same for a debugger's single step (TB_CF_STEP): such a TB is never
 * in a jump cache nor chained, so only this finds it. */
TB *tb_find_step(CPUState *cpu, uint64_t pc);
/* The rest of parent from pc, after its range check of several accesses
 * failed there (CPUState.check_tb): a TB that runs parent's remaining
 * instructions with the instrumentation parent's plugins asked for them
 * (parent->plugin_reqs, not NULL), made once per parent and pc and never
 * shown to the plugins as a TB; it is neither chained nor in a jump
 * cache. */
TB *tb_find_tail(CPUState *cpu, TB *parent, uint64_t pc);
void tb_invalidate_page(uint64_t page);
/* Drop and free every TB, the invalidated ones included, and empty every
 * vCPU's jump cache. Only inside an exclusive section: no vCPU may be in
 * cpu_exec, where it could hold a TB. */
void tb_flush(void);
/* The same, at the next point where every vCPU has left translated code:
 * callable from anywhere, helpers included. */
void tb_flush_soon(void);
/* old ran often (it left by TB_EXIT_HOT): translate its pc again as a
 * superblock, which replaces it. */
void tb_promote(CPUState *cpu, TB *old);
/* Link from's exit slot to to, unless either was invalidated meanwhile. */
void tb_chain(TB *from, int slot, TB *to);
/* Call fn for every valid TB, with tb_lock held (fn must not take it). */
void tb_for_each(void (*fn)(const TB *tb, void *arg), void *arg);
/* Number of TBs translated so far and guest instructions in them. */
void tb_stats(uint64_t *tbs, uint64_t *insns);

#endif
