/*
 * The software TLB of full-system mode: the contract between the mode that
 * fills it (src/system), the guest that says which translation regime an
 * access uses, and the backends whose generated code looks it up inline.
 *
 * User mode does not use it: its guest memory is the flat model of
 * exec/memory.h, and its IRMemOps carry mmu index 0. It lives in ir/, the
 * layer every other one may include, because it is data types only.
 *
 * A guest access of size S at virtual address A, in mmu index M (a
 * translation regime: for riscv64 a privilege level, with or without
 * SUM/MXR, as the guest defines), is a hit when
 *     entry = tlb[M][(A >> TLB_PAGE_BITS) & (TLB_SIZE - 1)]
 *     ((A + S - 1 - align) & (TLB_PAGE_MASK | align)) == entry.addr_read
 * (addr_write for a store). Without IR_MO_ALIGN, align is 0 and the page
 * of the last byte, A + S - 1, must be the entry's: a page-crossing access
 * misses. With it, align is S - 1: A's page with its low bits, which are
 * zero only for an aligned access (and an aligned access cannot cross).
 * The host address is then A + entry.addend: RAM, read or written
 * directly by generated code. Anything else (no entry, a device, a page
 * holding translated code on a store, a watchpoint, a misaligned or
 * page-crossing access) calls the mode's slow path, which walks the guest's
 * page tables, raises the guest's fault, or performs a device access, and
 * may refill the entry.
 *
 * A comparator's low bits (below TLB_PAGE_BITS) are flags: any set bit
 * makes the inline compare miss, so the slow path sees the access. They
 * sit above the alignment bits the compare keeps (bits 0-2 for an 8-byte
 * access), or a misaligned IR_MO_ALIGN access whose low bits equal the
 * flags would hit.
 */
#ifndef PEEK_IR_SOFTMMU_H
#define PEEK_IR_SOFTMMU_H

#include <stdbool.h>
#include <stdint.h>

/* The guest page the TLB maps (exec/memory.h's TLB_PAGE_BITS, which
 * exec asserts equal): here so that backends need nothing above ir/. */
#define TLB_PAGE_BITS 12
#define TLB_PAGE_SIZE (1ull << TLB_PAGE_BITS)
#define TLB_PAGE_MASK (~(TLB_PAGE_SIZE - 1))

#define TLB_BITS 10
#define TLB_SIZE (1u << TLB_BITS)
#define TLB_MMU_MAX 8              /* mmu indexes a guest may use */

/* Comparator flags. An entry that maps nothing has all comparators -1. */
enum {
    TLB_INVALID = 1u << 4,     /* this kind of access is not allowed here */
    TLB_MMIO = 1u << 5,        /* a device: every access goes to the slow path */
    TLB_NOTDIRTY = 1u << 6,    /* the page holds translated code: stores go slow */
    TLB_WATCH = 1u << 7,       /* a debugger's watchpoint is on the page */
};
_Static_assert(((TLB_INVALID | TLB_MMIO | TLB_NOTDIRTY | TLB_WATCH) & 7) == 0 && TLB_WATCH < TLB_PAGE_SIZE,
               "flags lie between the alignment bits and the page");

typedef struct TLBEntry {
    uint64_t addr_read;        /* virtual page | flags, for loads */
    uint64_t addr_write;       /* for stores */
    uint64_t addr_code;        /* for instruction fetch */
    uintptr_t addend;          /* host address - guest virtual address (RAM) */
} TLBEntry;

_Static_assert(sizeof(TLBEntry) == 32, "generated code indexes entries by << 5");

/*
 * The access-site cache, in front of the TLB for loads: a slot per mmu
 * index and load site (chosen by the guest pc of the load: (pc >> 1) mod
 * TLB_SITES), holding the page and addend of the last TLB hit that site
 * made. A load of size S at A hits its slot when
 *     (A & (TLB_PAGE_MASK | (S - 1))) == slot.tag
 * (an aligned access on the slot's page; a misaligned one always falls
 * back, so one that crosses into the slot's page from below cannot hit).
 * Its index is a constant of the site, not a function of the address, so
 * the addend's load does not wait for the address: a loop whose next
 * address depends on the loaded value (a table walk, a linked list) pays
 * the TLB's page compare but not its index computation and dependent
 * load. A slot that misses falls back to the TLB, whose hit refills it.
 * The slots are a cache of the TLB's valid read comparators: the mode
 * empties them (tag -1, which no comparand equals) whenever it drops a
 * translation (a flush, a page flush); an entry evicted by a refill may
 * stay in a slot, which is still the guest's translation (only a flush
 * may end one).
 *
 * Stores have slots of their own (wsite), the same way, filled from the
 * TLB's write comparator: so a page with TLB_NOTDIRTY (translated code), a
 * device's or a ROM's never enters one. A page that becomes code must then
 * leave every hart's store slots too, and one being filled on another
 * host thread at that moment must not slip through: the mode empties the
 * slots after setting TLB_NOTDIRTY in the entries, and with harts on
 * several threads (SoftmmuConfig.fill_fence) generated code fences after
 * writing a store slot and compares the entry again, emptying the slot if
 * it no longer matches. Of the two sides one sees the other's write.
 */
#define TLB_SITE_BITS 8
#define TLB_SITES (1u << TLB_SITE_BITS)

typedef struct TLBSite {
    uint64_t tag;              /* virtual page (no flags), or -1: empty */
    uintptr_t addend;
} TLBSite;

_Static_assert(sizeof(TLBSite) == 16, "generated code addresses slots as constants");

/* One vCPU's TLB. The mode keeps it in memory that is a fixed offset from
 * the vCPU's env (CPUState), given to the backends as tlb_off, so the hit
 * path is env-relative loads only. */
typedef struct CPUTLB {
    TLBEntry e[TLB_MMU_MAX][TLB_SIZE];
    TLBSite site[TLB_MMU_MAX][TLB_SITES];
    TLBSite wsite[TLB_MMU_MAX][TLB_SITES];   /* stores' */
} CPUTLB;

static inline unsigned tlb_site_of(uint64_t pc) { return (unsigned)(pc >> 1) & (TLB_SITES - 1); }

/* IRMemOp bits above IR_MO_ALIGN carry the mmu index of a guest access. */
#define IR_MO_MMU_SHIFT 8
#define IR_MO_MMU_MASK (7u << IR_MO_MMU_SHIFT)
static inline unsigned ir_memop_mmu(unsigned mo) { return (mo & IR_MO_MMU_MASK) >> IR_MO_MMU_SHIFT; }

/*
 * The backends' view: a guest memory model is either flat (user mode:
 * guest_base and guest_space_size in X64Config/IRIConfig) or softmmu, in
 * which case the configuration carries a SoftmmuConfig. The slow paths are
 * plain C functions called from generated code with every dirty guest
 * global already stored in env (they may raise a guest exception, which
 * leaves generated code by cpu_loop_exit), and guest_pc = the pc of the
 * guest instruction making the access (so a fault is precise).
 * memop is the whole IRMemOp, mmu index included. Values are the IR's:
 * load returns qemu_ld's result (memop's byte order applied, extended as
 * it says) and store gets qemu_st's operand as is (the slow path stores
 * its low S bytes in memop's byte order).
 * A slow path that returns resumes the block after the access.
 */
typedef struct SoftmmuConfig {
    uint32_t tlb_off;          /* env offset of the vCPU's CPUTLB */
    bool fill_fence;           /* vCPUs on several host threads: fence a store slot's fill */
    uint64_t (*load)(void *env, uint64_t addr, uint32_t memop, uint64_t guest_pc);
    void (*store)(void *env, uint64_t addr, uint64_t val, uint32_t memop, uint64_t guest_pc);
} SoftmmuConfig;

#endif
