/*
 * The linux-user guest address space, behind exec/memory.h: one range of
 * guest_space_size bytes (GUEST_SPACE_SIZE unless -R says less) reserved at
 * start-up at host address guest_base (-B, or where the host puts it), so
 * host = guest_base + guest. Guest
 * addresses at or above guest_space_size fault, so no guest access can reach
 * peek's own memory. Page protections and the "holds translated code" bit are
 * tracked per guest page.
 */
#ifndef PEEK_USER_MEM_H
#define PEEK_USER_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exec/memory.h"

#define GUEST_SPACE_BITS 38
#define GUEST_SPACE_SIZE (1ull << GUEST_SPACE_BITS)

static inline bool host_in_guest(const void *p)
{
    return (uintptr_t)p - guest_base < guest_space_size;
}

/* Reserve the guest address space: size bytes (0: GUEST_SPACE_SIZE) at
 * host address base (0: anywhere). Exits with a message if it cannot. */
void mem_init(uintptr_t base, uint64_t size);
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

/* System V shared memory. Attach segment shmid (len bytes) at addr, or
 * where mmap would put it if addr is 0; with replace over whatever is
 * mapped there, else only into a free range. prot: the guest's PROT_READ,
 * with PROT_WRITE and PROT_EXEC if asked for. The address or -errno. */
int64_t mem_shmat(int shmid, uint64_t addr, uint64_t len, int prot, bool replace);
/* Detach the attach that starts at addr, all of it (however mprotect has
 * split it): 0, or -EINVAL if no attach starts there. */
int64_t mem_shmdt(uint64_t addr);

/* Self-modifying code (mem_mark_code in exec/memory.h write-protects a code
 * page on the host): a host write fault on such a page calls back into exec
 * to invalidate its TBs, then unprotects it. Returns true if the fault was ours. */
bool mem_handle_write_fault(uint64_t addr);

/* Before the host kernel writes [a, a+len) for a system call of this
 * thread: mem_prepare_write, and if the range is executable, keep it
 * writable (mem_mark_code leaves it alone) until mem_kernel_writes_done,
 * which the syscall dispatcher calls after every call. 0, or -EFAULT if
 * not all of it is writable: then the same is done for its writable start,
 * which the kernel may still write (it stops at the first bad page). */
int mem_prepare_kernel_write(uint64_t a, uint64_t len);
void mem_kernel_writes_done(void);

/* Where top-down placement of mmap starts (the loader sets it below the stack). */
void mem_set_mmap_base(uint64_t base);
/* Name [start, start+len) in /proc/self/maps ("[stack]"); it must be mapped. */
void mem_name_range(uint64_t start, uint64_t len, const char *name);
/* One guest mapping as /proc/self/maps describes it. */
typedef struct MemArea {
    uint64_t start, end;     /* guest, page aligned */
    uint64_t offset;         /* file offset of start (0 if anonymous) */
    uint64_t dev, ino;       /* the file's, or 0 */
    char *name;              /* path, "[heap]", "[stack]" or NULL */
    uint8_t prot;            /* guest PROT_* */
    bool shared;
} MemArea;
/* A copy of the guest's mappings in address order (*n of them; free with
 * mem_areas_free). */
MemArea *mem_areas(size_t *n);
void mem_areas_free(MemArea *a, size_t n);
/* a's line of /proc/self/maps, newline included. */
void mem_area_line(FILE *f, const MemArea *a);
/* The guest's /proc/self/maps as text (malloc'd, *len bytes), or NULL. */
char *mem_maps_text(size_t *len);
/* Drop the translations of every code page in [a, a+len) (its contents
 * just changed behind the guest's stores, e.g. MADV_DONTNEED). */
void mem_invalidate_code(uint64_t a, uint64_t len);

/* -d page: "page layout changed following <why>" and the guest's mappings
 * (adjacent ones with the same protection merged), as QEMU 7.2 logs them. */
void mem_log_map(const char *why);

/* Length of the NUL-terminated guest string at a (up to max), or -EFAULT. */
int64_t guest_strnlen(uint64_t a, size_t max);

#endif
