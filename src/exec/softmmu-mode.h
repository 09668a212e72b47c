/*
 * A mode whose guest memory is the softmmu model (ir/softmmu.h): what
 * the execution layer asks of it (ExecSoftmmu, set once at start-up; NULL
 * in the flat model) and what it implements for the guests' system parts
 * (TLB maintenance, RAM for page table walks, the clock), a link-time
 * interface as exec/memory.h is.
 */
#ifndef PEEK_EXEC_SOFTMMU_MODE_H
#define PEEK_EXEC_SOFTMMU_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec/memory.h"
#include "ir/softmmu.h"

_Static_assert(TLB_PAGE_BITS == GUEST_PAGE_BITS, "the TLB maps guest pages");

struct CPUState;

/*
 * The execution layer's view of a softmmu mode, set once at start-up
 * (NULL in the flat model): translation blocks are then keyed by the
 * physical address of their first instruction and the guest's flags (the
 * translation regime and whatever else changes how code translates), as
 * well as by virtual pc, so code shared between address spaces is
 * translated once and a write to its physical page drops it.
 */
typedef struct ExecSoftmmu {
    const SoftmmuConfig *cfg;
    /* The guest's TB flags for cpu now (its mmu index in the low 3 bits). */
    uint32_t (*tb_flags)(struct CPUState *cpu);
    /* The physical address of the instruction byte at va, without fault
     * (false: not fetchable now). */
    bool (*code_phys)(struct CPUState *cpu, uint64_t va, uint64_t *pa);
    /* For the translator: the host address of the code byte at va and its
     * physical address, the page marked as holding code; NULL if it
     * cannot be fetched. */
    const void *(*code_host)(struct CPUState *cpu, uint64_t va, uint64_t *pa);
    /* Raise the guest's instruction fetch fault for addr (the pc is set). */
    void (*fetch_fault)(struct CPUState *cpu, uint64_t addr) __attribute__((noreturn));
    /* For plugins, right after a data access at va: its physical address
     * and what is there (*device: the device's name, NULL for memory).
     * False if va does not translate (without fault). */
    bool (*data_phys)(struct CPUState *cpu, uint64_t va, bool store, uint64_t *pa, const char **device);
    /* Copy between buf and physical memory (RAM only, code it covers
     * dropped on a write): 0, or -1 if any byte is not RAM. */
    int (*phys_rw)(uint64_t pa, void *buf, size_t n, bool write);
    /* May a block translated with these TB flags become a superblock once
     * hot (-superblocks on; always makes every block one)? */
    bool (*hot_superblocks)(uint32_t flags);
} ExecSoftmmu;
extern const ExecSoftmmu *exec_softmmu;

/* The kinds of access a translation is for. */
enum { MMU_DATA_LOAD, MMU_DATA_STORE, MMU_INST_FETCH };

/*
 * A guest's system part: its privileged architecture as a softmmu mode
 * drives it. Found by the mode through its own registry, by guest name.
 */
/* In tlb_fill's *prot: the rights are for this access, not its whole
 * page (a protection boundary inside the page), so the TLB must not keep
 * the translation for the next access. */
#define TLB_FILL_ONCE 0x100u

typedef struct GuestSysArch {
    const struct GuestArch *guest;
    /* Once, before anything is translated: enable the translator's
     * privileged instructions. threads: the harts run on several host
     * threads (a spin-wait hint may then give another hart the cpu). */
    void (*init)(bool threads);
    /* A hart's architectural reset: its id, the pc it starts at. */
    void (*reset)(struct CPUState *cpu, unsigned hartid, uint64_t pc);
    /* The TB flags of the hart now (ExecSoftmmu.tb_flags). */
    uint32_t (*tb_flags)(struct CPUState *cpu);
    /* ExecSoftmmu.hot_superblocks: which blocks may become superblocks. */
    bool (*hot_superblocks)(uint32_t flags);
    /* The mmu index an access of kind MMU_* uses now. */
    unsigned (*mmu_index)(struct CPUState *cpu, int access);
    /* Translate va for an access of size bytes (0: only va matters) of
     * kind MMU_* in mmu index idx: -1 with *pa and in *prot the
     * PAGE_READ/WRITE/EXEC rights of its page (only those a later access
     * may use without asking again: a store needs the dirty bit set), with
     * TLB_FILL_ONCE if they hold for this access alone; or the guest's
     * fault cause. */
    int (*tlb_fill)(struct CPUState *cpu, uint64_t va, unsigned size, int access, unsigned idx, uint64_t *pa,
                    unsigned *prot);
    /* The causes of an access fault and of a misaligned access of a kind. */
    int (*access_fault_cause)(int access);
    int (*misaligned_cause)(int access);
    /* Deliver an exit of cpu_exec (EXCP_ARCH, EXCP_ILLEGAL, EXCP_SYSCALL,
     * EXCP_BREAKPOINT, EXCP_BUS) as the guest's trap. */
    void (*do_exception)(struct CPUState *cpu, int excp);
    /* Take the highest-priority pending and enabled interrupt: true if
     * one was taken. */
    bool (*do_interrupt)(struct CPUState *cpu);
    /* An interrupt is pending that ends a wait for one (wfi). */
    bool (*has_work)(struct CPUState *cpu);
    /* A device drives interrupt input `line` of the hart. */
    void (*set_irq)(struct CPUState *cpu, unsigned line, int level);
    /* The deadline set with softmmu_cpu_timer() passed. */
    void (*timer_expired)(struct CPUState *cpu);
    /* The device tree's description of the hart: its ISA string (of the
     * configured CPU, once -cpu is parsed) and MMU type. */
    const char *(*isa_string)(void);
    const char *mmu_type;
} GuestSysArch;

/*
 * What a softmmu mode implements for its guests' system parts (a
 * link-time interface, as exec/memory.h): TLB maintenance, the RAM behind
 * physical addresses (page table walks), and the machine's clock.
 */
void tlb_flush(struct CPUState *cpu);
void tlb_flush_page(struct CPUState *cpu, uint64_t va);
/* The host address of RAM [pa, pa + len), or NULL if any of it is not RAM. */
void *softmmu_ram_ptr(uint64_t pa, uint64_t len);
/* Nanoseconds since the machine started (host time, or instruction count). */
uint64_t softmmu_clock_ns(void);
/* Call the guest's timer_expired(cpu) once the clock reaches deadline_ns
 * (UINT64_MAX: never). */
void softmmu_cpu_timer(struct CPUState *cpu, uint64_t deadline_ns);
/* The guest's interrupt state of cpu changed (an enable, a pending bit):
 * make it leave translated code soon so the mode looks at it. */
void softmmu_cpu_kick(struct CPUState *cpu);

#endif
