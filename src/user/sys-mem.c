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

/* A range the host may act on: inside the guest space and page aligned. */
static void *host_range(uint64_t addr, uint64_t len)
{
    if ((addr & ~GUEST_PAGE_MASK) || !guest_range_valid(addr, len))
        return NULL;
    return g2h(addr);
}

int64_t sys_msync(SYSCALL_ARGS)
{
    void *p = host_range(a[0], a[1]);
    if (!p)
        return -EINVAL;
    if (!mem_access_ok(a[0], a[1], 0))
        return -ENOMEM;
    return host_ret(msync(p, a[1], (int)a[2]));
}

int64_t sys_madvise(SYSCALL_ARGS)
{
    void *p = host_range(a[0], a[1]);
    if (!p)
        return -EINVAL;
    if (!mem_access_ok(a[0], a[1], 0))
        return -ENOMEM;
    switch ((int)a[2]) {
    case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: {
        /* The contents may change under translated code: drop it after,
         * so that a translation made meanwhile goes too. */
        int64_t r = host_ret(madvise(p, a[1], (int)a[2]));
        mem_invalidate_code(a[0], a[1]);
        return r;
    }
    case MADV_DONTFORK: case MADV_DOFORK: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
    case MADV_HWPOISON: case 101 /* MADV_SOFT_OFFLINE */:
        /* Fork and poisoning would act on peek itself: accept and ignore. */
        return 0;
    default:
        return host_ret(madvise(p, a[1], (int)a[2]));
    }
}

static int64_t lock_range(long host_nr, const uint64_t *a, int nargs)
{
    uint64_t start = a[0] & GUEST_PAGE_MASK, len = a[1] + (a[0] - start);
    if (!guest_range_valid(start, len))
        return -ENOMEM;
    if (!mem_access_ok(start, len, 0))
        return -ENOMEM;
    return host_ret(nargs == 2 ? syscall(host_nr, g2h(start), (size_t)len)
                               : syscall(host_nr, g2h(start), (size_t)len, (int)a[2]));
}

int64_t sys_mlock(SYSCALL_ARGS) { return lock_range(SYS_mlock, a, 2); }
int64_t sys_munlock(SYSCALL_ARGS) { return lock_range(SYS_munlock, a, 2); }
int64_t sys_mlock2(SYSCALL_ARGS) { return lock_range(SYS_mlock2, a, 3); }
int64_t sys_mlockall(SYSCALL_ARGS) { return host_ret(mlockall((int)a[0])); }
int64_t sys_munlockall(SYSCALL_ARGS) { return host_ret(munlockall()); }

int64_t sys_mincore(SYSCALL_ARGS)
{
    void *p = host_range(a[0], a[1]);
    if (!p)
        return -EINVAL;
    if (!mem_access_ok(a[0], a[1], 0))
        return -ENOMEM;
    void *vec = guest_wbuf(a[2], (a[1] + GUEST_PAGE_SIZE - 1) >> GUEST_PAGE_BITS);
    return vec ? host_ret(mincore(p, a[1], vec)) : -EFAULT;
}

/* Self-modifying code is caught by write protection, so there is nothing
 * left to flush. */

int64_t sys_membarrier(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_membarrier, (int)a[0], (unsigned)a[1], (int)a[2]));
}
