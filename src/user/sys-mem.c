/*
 * Syscalls on the guest's memory map: thin wrappers over mem.c, plus the
 * hints and locks that pass through to the host pages backing guest ones.
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "user/syscall.h"

int64_t sys_mmap(SYSCALL_ARGS)
{
    return mem_mmap(a[0], a[1], (int)a[2], (int)a[3], (int)a[4], (int64_t)a[5]);
}

int64_t sys_munmap(SYSCALL_ARGS) { return mem_munmap(a[0], a[1]); }
int64_t sys_mprotect(SYSCALL_ARGS) { return mem_mprotect(a[0], a[1], (int)a[2]); }
int64_t sys_mremap(SYSCALL_ARGS) { return mem_mremap(a[0], a[1], a[2], (int)a[3], a[4]); }
int64_t sys_brk(SYSCALL_ARGS) { return mem_brk(a[0]); }

/* These calls check their arguments in Linux's order (flags or advice,
 * alignment, length, then whether the range is mapped), so that a guest
 * sees the errno a native program would; only a mapped range inside the
 * guest space reaches the host. */

/* The length rounded up to pages, as the kernel does it: 0 if it wraps. */
static uint64_t page_len(uint64_t len) { return (len + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK; }

/* Is [addr, addr+len) all mapped guest memory? */
static bool mapped(uint64_t addr, uint64_t len)
{
    return guest_range_valid(addr, len) && mem_access_ok(addr, len, 0);
}

int64_t sys_msync(SYSCALL_ARGS)
{
    uint64_t addr = a[0], len = page_len(a[1]);
    int flags = (int)a[2];
    if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) || (addr & ~GUEST_PAGE_MASK) ||
        ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    if (addr + len < addr)
        return -ENOMEM;
    if (len == 0)
        return 0;
    if (!mapped(addr, len))
        return -ENOMEM;
    return host_ret(msync(g2h(addr), len, flags));
}

int64_t sys_madvise(SYSCALL_ARGS)
{
    uint64_t addr = a[0], len = page_len(a[1]);
    /* An empty range at an aligned address tells only whether the host
     * kernel knows the advice; it acts on nothing. */
    if (madvise(g2h(0), 0, (int)a[2]) < 0)
        return -errno;
    if ((addr & ~GUEST_PAGE_MASK) || (a[1] && !len) || addr + len < addr)
        return -EINVAL;
    if (len == 0)
        return 0;
    if (!mapped(addr, len))
        return -ENOMEM;
    void *p = g2h(addr);
    switch ((int)a[2]) {
    case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: {
        /* The contents may change under translated code: drop it after,
         * so that a translation made meanwhile goes too. */
        int64_t r = host_ret(madvise(p, len, (int)a[2]));
        mem_invalidate_code(addr, len);
        return r;
    }
    case MADV_DONTFORK: case MADV_DOFORK: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
    case MADV_HWPOISON: case 101 /* MADV_SOFT_OFFLINE */:
        /* Fork and poisoning would act on peek itself: accept and ignore. */
        return 0;
    default:
        return host_ret(madvise(p, len, (int)a[2]));
    }
}

static int64_t lock_range(long host_nr, const uint64_t *a, int nargs)
{
    if (nargs == 3 && ((unsigned)a[2] & ~MLOCK_ONFAULT))
        return -EINVAL;
    uint64_t start = a[0] & GUEST_PAGE_MASK, len = page_len(a[1] + (a[0] - start));
    if (start + len < start)
        return -EINVAL;
    if (len == 0)
        return 0;
    if (!mapped(start, len))
        return -ENOMEM;
    return host_ret(nargs == 2 ? syscall(host_nr, g2h(start), (size_t)len)
                               : syscall(host_nr, g2h(start), (size_t)len, (int)a[2]));
}

int64_t sys_mlock(SYSCALL_ARGS) { return lock_range(SYS_mlock, a, 2); }
int64_t sys_munlock(SYSCALL_ARGS) { return lock_range(SYS_munlock, a, 2); }
int64_t sys_mlock2(SYSCALL_ARGS) { return lock_range(SYS_mlock2, a, 3); }
/* Raw syscalls: sanitizer runtimes replace libc's mlockall with a no-op. */
int64_t sys_mlockall(SYSCALL_ARGS) { return host_ret(syscall(SYS_mlockall, (int)a[0])); }
int64_t sys_munlockall(SYSCALL_ARGS) { return host_ret(syscall(SYS_munlockall)); }

int64_t sys_mincore(SYSCALL_ARGS)
{
    uint64_t addr = a[0], len = a[1];
    if (addr & ~GUEST_PAGE_MASK)
        return -EINVAL;
    /* Linux checks both ranges lie in user space before looking at either. */
    if (!guest_range_valid(addr, len))
        return -ENOMEM;
    uint64_t pages = (len >> GUEST_PAGE_BITS) + ((len & ~GUEST_PAGE_MASK) != 0);
    if (a[2] && !guest_range_valid(a[2], pages))
        return -EFAULT;
    if (!mapped(addr, len))
        return -ENOMEM;
    return host_ret(mincore(g2h(addr), len, guest_kbuf(a[2], pages, true)));
}

/* Self-modifying code is caught by write protection, so there is nothing
 * left to flush. */

int64_t sys_membarrier(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2]));
}
