/*
 * The guest address space: one range of GUEST_SPACE_SIZE bytes reserved at
 * start-up at host address guest_base, so host = guest_base + guest. Guest
 * addresses at or above GUEST_SPACE_SIZE fault, so no guest access can reach
 * peek's own memory. Page protections and the "holds translated code" bit are
 * tracked per guest page.
 */
#ifndef PEEK_USER_MEM_H
#define PEEK_USER_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_SPACE_BITS 38
#define GUEST_SPACE_SIZE (1ull << GUEST_SPACE_BITS)
#define GUEST_PAGE_BITS 12
#define GUEST_PAGE_SIZE (1ull << GUEST_PAGE_BITS)
#define GUEST_PAGE_MASK (~(GUEST_PAGE_SIZE - 1))

/* Set once by mem_init() before any guest runs; read-only afterwards. */
extern uintptr_t guest_base;

static inline void *g2h(uint64_t a) { return (void *)(guest_base + a); }
static inline uint64_t h2g(const void *p) { return (uint64_t)((uintptr_t)p - guest_base); }
static inline bool guest_addr_valid(uint64_t a) { return a < GUEST_SPACE_SIZE; }
static inline bool guest_range_valid(uint64_t a, uint64_t len)
{
    return a < GUEST_SPACE_SIZE && len <= GUEST_SPACE_SIZE - a;
}
static inline bool host_in_guest(const void *p)
{
    return (uintptr_t)p - guest_base < GUEST_SPACE_SIZE;
}

/* Per-page flags (guest PROT_* plus ours). */
enum {
    PAGE_READ = 1, PAGE_WRITE = 2, PAGE_EXEC = 4,   /* as PROT_* */
    PAGE_VALID = 8,        /* mapped */
    PAGE_CODE = 16,        /* holds translated code: host page write-protected */
};

void mem_init(void);
unsigned mem_page_flags(uint64_t addr);
/* Is [a, a+len) mapped with all of prot (PAGE_READ/WRITE/EXEC)? */
bool mem_access_ok(uint64_t a, uint64_t len, unsigned prot);

/* Guest mmap family, all in guest addresses; return -errno on failure. */
int64_t mem_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off);
int64_t mem_munmap(uint64_t addr, uint64_t len);
int64_t mem_mprotect(uint64_t addr, uint64_t len, int prot);
int64_t mem_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags, uint64_t new_addr);
int64_t mem_brk(uint64_t newbrk);
void mem_set_brk(uint64_t start);     /* loader: initial program break */

/* Self-modifying code: mark a page as holding translated code (write-protects
 * it on the host); a host write fault on such a page calls back into exec to
 * invalidate its TBs, then unprotects it. Returns true if the fault was ours. */
void mem_mark_code(uint64_t page);
bool mem_handle_write_fault(uint64_t addr);

/* Where top-down placement of mmap starts (the loader sets it below the stack). */
void mem_set_mmap_base(uint64_t base);
/* Name [start, start+len) in /proc/self/maps ("[stack]"); it must be mapped. */
void mem_name_range(uint64_t start, uint64_t len, const char *name);
/* The guest's /proc/self/maps as text (malloc'd, *len bytes), or NULL. */
char *mem_maps_text(size_t *len);
/* Before the host writes into [a, a+len) on the guest's behalf (a syscall
 * filling a buffer): check it is writable and drop translated code there,
 * so the host kernel never meets our write protection. 0 or -EFAULT. */
int mem_prepare_write(uint64_t a, uint64_t len);
/* Drop the translations of every code page in [a, a+len) (its contents are
 * about to change behind the guest's stores, e.g. MADV_DONTNEED). */
void mem_invalidate_code(uint64_t a, uint64_t len);

/* Copy to/from guest memory with access checks; return 0 or -EFAULT. */
int copy_from_guest(void *dst, uint64_t src, size_t n);
int copy_to_guest(uint64_t dst, const void *src, size_t n);
/* Length of the NUL-terminated guest string at a (up to max), or -EFAULT. */
int64_t guest_strnlen(uint64_t a, size_t max);

#endif
