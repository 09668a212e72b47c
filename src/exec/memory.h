/*
 * Guest memory as the shared layers (exec, the backends' configuration,
 * plugins, guest helpers) see it. The running mode implements it: linux-user
 * in src/user/mem.c, with a flat model (host address = guest_base + guest
 * address, below guest_space_size); full-system mode will link its own.
 * It is a link-time interface, so the hot checks stay direct calls.
 */
#ifndef PEEK_EXEC_MEMORY_H
#define PEEK_EXEC_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct CPUState;

#define GUEST_PAGE_BITS 12
#define GUEST_PAGE_SIZE (1ull << GUEST_PAGE_BITS)
#define GUEST_PAGE_MASK (~(GUEST_PAGE_SIZE - 1))

/* Per-page flags (guest PROT_* plus ours). */
enum {
    PAGE_READ = 1, PAGE_WRITE = 2, PAGE_EXEC = 4,   /* as PROT_* */
    PAGE_VALID = 8,        /* mapped */
    PAGE_CODE = 16,        /* holds translated code: host page write-protected */
};

/* The flat model: set once by the mode's memory set-up before any guest
 * code runs, read-only afterwards. */
extern uintptr_t guest_base;
extern uint64_t guest_space_size;

static inline void *g2h(uint64_t a) { return (void *)(guest_base + a); }
static inline uint64_t h2g(const void *p) { return (uint64_t)((uintptr_t)p - guest_base); }
static inline bool guest_addr_valid(uint64_t a) { return a < guest_space_size; }
static inline bool guest_range_valid(uint64_t a, uint64_t len)
{
    return a < guest_space_size && len <= guest_space_size - a;
}

/* The flags of the page holding a (0 if outside the space or unmapped). */
unsigned mem_page_flags(uint64_t addr);
/* Is [a, a+len) mapped with all of prot (PAGE_READ/WRITE/EXEC)? */
bool mem_access_ok(uint64_t a, uint64_t len, unsigned prot);
/* The page holds translated code from now on: a write to it must reach
 * tb_invalidate_page() before it lands. The translator calls it before
 * reading code from the page. False if the page cannot be write-protected
 * now (the host kernel is writing into it for a system call): then
 * nothing tells a TB made from it that it went stale, and the TB may only
 * run once. */
bool mem_mark_code(uint64_t page);
/* Before the emulator writes [a, a+len) on the guest's behalf: check it is
 * writable and drop translated code there. 0 or -EFAULT. */
int mem_prepare_write(uint64_t a, uint64_t len);
/* Copy to/from guest memory with access checks; return 0 or -EFAULT. */
int copy_from_guest(void *dst, uint64_t src, size_t n);
int copy_to_guest(uint64_t dst, const void *src, size_t n);

/* A debugger's access, by ptrace's rules: any mapped page, whatever its
 * protection; a write drops the translations it overlaps. Returns how
 * many bytes were copied before the first page that is not mapped. */
size_t mem_debug_read(uint64_t a, void *buf, size_t n);
size_t mem_debug_write(uint64_t a, const void *buf, size_t n);

/* For helpers that access guest memory themselves (atomics): the host
 * address of [addr, addr+size), size a power of two, or a guest fault on
 * cpu (SIGBUS if misaligned, then SIGSEGV if not mapped with prot, the
 * order Linux reports them). The guest pc must be precise. */
void *cpu_atomic_host_addr(struct CPUState *cpu, uint64_t addr, unsigned size, unsigned prot);

#endif
