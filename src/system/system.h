/*
 * The system core's own interfaces between its files: the machine's
 * physical address space (machine.c), the softmmu (softmmu.c), the harts
 * and their loop (cpus.c) and booting (boot.c). Devices see none of it,
 * only hw/hw.h.
 */
#ifndef PEEK_SYSTEM_SYSTEM_H
#define PEEK_SYSTEM_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/softmmu-mode.h"
#include "system/hw/hw.h"

/* The guest's system part, chosen at start-up (read-only afterwards). */
extern const GuestSysArch *sys_arch;

/* ---- Physical address space (machine.c) ---- */

/* What lies at a physical address. */
typedef struct PhysRegion {
    uint64_t base, size;
    uint8_t *host;             /* memory: RAM or ROM; NULL for a device */
    bool readonly;             /* ROM: stores are ignored */
    const MemOps *ops;         /* a device */
    void *opaque;
    const char *name;
    uint8_t *code;             /* memory: one byte per page, 1 = holds translated code */
} PhysRegion;

/* Add memory at [base, base + size) (host memory, zeroed); its host address. */
uint8_t *phys_add_memory(const char *name, uint64_t base, uint64_t size, bool readonly);
const PhysRegion *phys_find(uint64_t pa);
/* A device access (device lock taken here). */
uint64_t phys_dev_read(const PhysRegion *r, uint64_t pa, unsigned size);
void phys_dev_write(const PhysRegion *r, uint64_t pa, uint64_t val, unsigned size);

/* ---- The softmmu (softmmu.c) ---- */

/* The per-hart state after the CPUState (cpu_extra): the TLB first. */
typedef struct SysCPU {
    CPUTLB tlb;
    uint64_t phys[TLB_MMU_MAX][TLB_SIZE];   /* each entry's physical page */
    /* The mmu indexes filled since the last flush (bit per index), all
     * that a flush or mark_code() must go through: a guest uses two to
     * four of the eight at a time. Set before an entry is written. */
    uint32_t tlb_used;
    /* The virtual pages (bit (va >> 12) mod 4096) of the TBs put into the
     * jump cache since it was last emptied, and of the second pages of
     * those that cross: a page flush need not empty it when the page has
     * no bit. Linux flushes a page on most page faults, nearly all of
     * them data pages. */
    uint64_t jc_pages[64];
} SysCPU;
static inline SysCPU *sys_cpu(CPUState *cpu) { return cpu_extra(cpu); }

/* threads: the harts run on several host threads (store slots' fills fence). */
void softmmu_init(bool threads);
/* A page of memory stops holding translated code (written): every TLB's
 * entries for it let stores through again lazily. */
void softmmu_code_written(const PhysRegion *r, uint64_t pa);

/* ---- Harts (cpus.c) ---- */

CPUState *cpus_create(unsigned n, uint64_t reset_pc);
/* -accel thread=single (set once by main): every hart on one thread. */
extern bool sys_single_thread;
/* Run the harts, each on a thread of its own or all on this one in
 * turn (sys_single_thread); never returns. */
_Noreturn void cpus_run(void);
CPUState *cpus_get(unsigned i);
/* Stop every hart and end peek with status (the first request wins). */
void cpus_stop(int status);
bool cpus_stopping(void);
/* End peek now, output flushed (the harts are stopped). */
_Noreturn void sys_poweroff_now(int status);
/* The machine's clock started now. */
void clock_start(void);
/* -icount shift=N (set once by main; -1: the clock is host time): the
 * clock is then 2^N ns per instruction the harts ran. */
extern int sys_icount_shift;
/* Instructions run by every hart so far (-icount). */
uint64_t cpus_icount(void);

/* -no-reboot, and the command line a reset starts over with (set by main
 * before the harts run). */
extern bool sys_no_reboot;
extern char **sys_argv;

#endif
