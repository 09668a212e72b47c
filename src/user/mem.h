/*
 * The linux-user guest address space, behind exec/memory.h: one range of
 * GUEST_SPACE_SIZE bytes reserved at start-up at host address guest_base,
 * so host = guest_base + guest. Guest
 * addresses at or above GUEST_SPACE_SIZE fault, so no guest access can reach
 * peek's own memory. Page protections and the "holds translated code" bit are
 * tracked per guest page.
 */
#ifndef PEEK_USER_MEM_H
#define PEEK_USER_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec/memory.h"

#define GUEST_SPACE_BITS 38
#define GUEST_SPACE_SIZE (1ull << GUEST_SPACE_BITS)

static inline bool host_in_guest(const void *p)
{
    return (uintptr_t)p - guest_base < GUEST_SPACE_SIZE;
}

void mem_init(void);
/* With PEEK_FUZZ_CANARY set in the environment, mem_init puts canary pages
 * of peek's memory right below and above the guest space; this aborts
 * with a message if a byte of them changed (called at exit_group). */
void mem_check_canary(void);

/* Guest mmap family, all in guest addresses; return -errno on failure. */
int64_t mem_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off);
int64_t mem_munmap(uint64_t addr, uint64_t len);
int64_t mem_mprotect(uint64_t addr, uint64_t len, int prot);
int64_t mem_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr);
int64_t mem_brk(uint64_t newbrk);
void mem_set_brk(uint64_t start);     /* loader: initial program break */

/* Self-modifying code (mem_mark_code in exec/memory.h write-protects a code
 * page on the host): a host write fault on such a page calls back into exec
 * to invalidate its TBs, then unprotects it. Returns true if the fault was ours. */
bool mem_handle_write_fault(uint64_t addr);

/* Where top-down placement of mmap starts (the loader sets it below the stack). */
void mem_set_mmap_base(uint64_t base);
/* Name [start, start+len) in /proc/self/maps ("[stack]"); it must be mapped. */
void mem_name_range(uint64_t start, uint64_t len, const char *name);
/* The guest's /proc/self/maps as text (malloc'd, *len bytes), or NULL. */
char *mem_maps_text(size_t *len);
/* Drop the translations of every code page in [a, a+len) (its contents are
 * about to change behind the guest's stores, e.g. MADV_DONTNEED). */
void mem_invalidate_code(uint64_t a, uint64_t len);

/* Before the host kernel writes [a, a+len) for the guest: drop the
 * translations of the code pages in the writable start of the range (the
 * kernel writes in order and stops at the first page it cannot write). */
void mem_prepare_kernel_write(uint64_t a, uint64_t len);

/* Length of the NUL-terminated guest string at a (up to max), or -EFAULT. */
int64_t guest_strnlen(uint64_t a, size_t max);

#endif
