/*
 * Syscalls on paths and file metadata: open, the stat family, directories,
 * links, permissions, xattrs. Lookups that only read (open without
 * creating or writing, stat, access, readlink, xattr reads) see the -L
 * sysroot and our /proc answers (procfs.c: what an open or readlink reached
 * is checked after the host resolved it); calls that change the file
 * system act on the guest's path as given.
 *
 * The guest's struct stat is the asm-generic one, laid out differently from
 * x86-64's, so stat results are converted; statx is the same everywhere.
 *
 * Guest paths and buffers go to the kernel as raw syscalls: libc's wrappers
 * declare them non-null, and a guest's NULL is the kernel's to refuse.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "exec/image.h"
#include "user/signal.h"
#include "user/syscall.h"

/* asm-generic struct stat, as guest programs see it. */
typedef struct GuestStat {
    uint64_t dev, ino;
    uint32_t mode, nlink, uid, gid;
    uint64_t rdev, pad1;
    int64_t size;
    int32_t blksize, pad2;
    int64_t blocks;
    int64_t atime;
    uint64_t atime_nsec;
    int64_t mtime;
    uint64_t mtime_nsec;
    int64_t ctime;
    uint64_t ctime_nsec;
    uint32_t unused4, unused5;
} GuestStat;
_Static_assert(sizeof(GuestStat) == 128, "asm-generic struct stat is 128 bytes");

static int64_t put_stat(uint64_t ga, const struct stat *st)
{
    GuestStat g = {
        .dev = st->st_dev, .ino = st->st_ino, .mode = st->st_mode,
        .nlink = (uint32_t)st->st_nlink, .uid = st->st_uid, .gid = st->st_gid,
        .rdev = st->st_rdev, .size = st->st_size, .blksize = (int32_t)st->st_blksize,
        .blocks = st->st_blocks,
        .atime = st->st_atim.tv_sec, .atime_nsec = (uint64_t)st->st_atim.tv_nsec,
        .mtime = st->st_mtim.tv_sec, .mtime_nsec = (uint64_t)st->st_mtim.tv_nsec,
        .ctime = st->st_ctim.tv_sec, .ctime_nsec = (uint64_t)st->st_ctim.tv_nsec,
    };
    return copy_to_guest(ga, &g, sizeof(g));
}

/* A path for a read-only lookup from dirfd: sysroot, /proc/self/exe and
 * the /proc entries hidden from the guest applied (to a path peek read). */
static int64_t lookup_path(int dirfd, uint64_t ga, GuestPath *p)
{
    int64_t r = guest_path(ga, p, true);
    if (r < 0 || p->unread)
        return r;
    const char *target = procfs_exe_alias(p->buf);
    if (target)
        p->host = target;
    return procfs_lookup(dirfd, p->host);
}

/* A stat that landed on peek's binary (through some link to
 * /proc/self/exe) describes the guest's program instead. */
static bool stat_of_peek(dev_t dev, ino_t ino)
{
    struct stat st = { .st_dev = dev, .st_ino = ino };
    return procfs_is_peek_exe(&st);
}

int64_t sys_openat(SYSCALL_ARGS)
{
    GuestPath p;
    int flags = user_open_flags_to_host((int)a[2]);
    bool writes = (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC));
    int64_t r = guest_path(a[1], &p, !writes);
    if (r < 0)
        return r;
    bool handled;
    r = procfs_open(p.buf, flags, &handled);
    if (handled)
        return r;
    r = safe_syscall(SYS_openat, (int)a[0], p.host, flags, (mode_t)a[3]);
    return r < 0 ? r : procfs_opened((int)r, flags);
}

int64_t sys_openat2(SYSCALL_ARGS)
{
    GuestPath p;
    /* struct open_how: u64 flags, mode, resolve, then what later kernels add */
    if (a[3] < 24 || a[3] > 4096)
        return a[3] < 24 ? -EINVAL : -E2BIG;
    uint8_t how[4096];
    if (copy_from_guest(how, a[2], a[3]) < 0)
        return -EFAULT;
    uint64_t flags;
    memcpy(&flags, how, 8);
    flags = (uint64_t)(uint32_t)user_open_flags_to_host((int)flags) | (flags & ~0xffffffffull);
    memcpy(how, &flags, 8);
    int64_t r = guest_path(a[1], &p, false);
    if (r < 0)
        return r;
    r = host_ret(syscall(SYS_openat2, (int)a[0], p.host, how, (size_t)a[3]));
    return r < 0 ? r : procfs_opened((int)r, (int)flags);
}

int64_t sys_newfstatat(SYSCALL_ARGS)
{
    GuestPath p;
    struct stat st;
    int64_t r = lookup_path((int)a[0], a[1], &p);
    if (r < 0)
        return r;
    if (syscall(SYS_newfstatat, (int)a[0], p.host, &st, (int)a[3]) < 0)
        return -errno;
    if (stat_of_peek(st.st_dev, st.st_ino) && stat(guest_image.exec_path, &st) < 0)
        return -errno;
    return put_stat(a[2], &st);
}

int64_t sys_fstat(SYSCALL_ARGS)
{
    struct stat st;
    if (fstat((int)a[0], &st) < 0)
        return -errno;
    return put_stat(a[1], &st);
}

int64_t sys_statx(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = lookup_path((int)a[0], a[1], &p);
    if (r < 0)
        return r;
    struct statx *buf = guest_kbuf(a[4], sizeof(struct statx), true);
    r = host_ret(syscall(SYS_statx, (int)a[0], p.host, (int)a[2], (unsigned)a[3], buf));
    /* Having written it, the kernel found buf good. */
    if (r == 0 && stat_of_peek(makedev(buf->stx_dev_major, buf->stx_dev_minor), buf->stx_ino))
        r = host_ret(syscall(SYS_statx, AT_FDCWD, guest_image.exec_path, 0, (unsigned)a[3], buf));
    return r;
}

int64_t sys_readlinkat(SYSCALL_ARGS)
{
    GuestPath p;
    if ((int64_t)a[3] <= 0)
        return -EINVAL;
    int64_t r = guest_path(a[1], &p, true);
    if (r < 0)
        return r;
    if (p.unread)
        return host_ret(syscall(SYS_readlinkat, (int)a[0], p.host, guest_kbuf(a[2], a[3], true),
                                (size_t)a[3]));
    return procfs_readlinkat((int)a[0], p.host, a[2], a[3]);
}

/* A batch that held only peek's own fds (of /proc/self/fd) is not the end
 * of the directory: read on. */
int64_t sys_getdents64(SYSCALL_ARGS)
{
    char *buf = guest_kbuf(a[1], a[2], true);
    for (;;) {
        int64_t r = host_ret(syscall(SYS_getdents64, (int)a[0], buf, (size_t)a[2]));
        if (r <= 0)
            return r;
        /* The kernel wrote r bytes there: peek may read them. */
        size_t kept = procfs_filter_dents((int)a[0], buf, (size_t)r);
        if (kept)
            return (int64_t)kept;
    }
}

int64_t sys_faccessat(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = lookup_path((int)a[0], a[1], &p);
    return r < 0 ? r : host_ret(syscall(SYS_faccessat, (int)a[0], p.host, (int)a[2]));
}

int64_t sys_faccessat2(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = lookup_path((int)a[0], a[1], &p);
    return r < 0 ? r : host_ret(syscall(SYS_faccessat2, (int)a[0], p.host, (int)a[2], (int)a[3]));
}

int64_t sys_mkdirat(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[1], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_mkdirat, (int)a[0], p.host, (mode_t)a[2]));
}

int64_t sys_mknodat(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[1], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_mknodat, (int)a[0], p.host, (mode_t)a[2],
                                        (unsigned)a[3]));
}

int64_t sys_unlinkat(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[1], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_unlinkat, (int)a[0], p.host, (int)a[2]));
}

/* The target is only stored, never looked up: a plain string. */
int64_t sys_symlinkat(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[2], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_symlinkat, guest_kstr(a[0], GUEST_PATH_MAX), (int)a[1],
                                        p.host));
}

int64_t sys_linkat(SYSCALL_ARGS)
{
    GuestPath from, to;
    int64_t r = guest_path(a[1], &from, false);
    if (r >= 0)
        r = guest_path(a[3], &to, false);
    return r < 0 ? r : host_ret(syscall(SYS_linkat, (int)a[0], from.host, (int)a[2], to.host,
                                        (int)a[4]));
}

int64_t sys_renameat2(SYSCALL_ARGS)
{
    GuestPath from, to;
    int64_t r = guest_path(a[1], &from, false);
    if (r >= 0)
        r = guest_path(a[3], &to, false);
    return r < 0 ? r : host_ret(syscall(SYS_renameat2, (int)a[0], from.host, (int)a[2], to.host,
                                        (unsigned)a[4]));
}

/* Not in every asm-generic ABI (some have only renameat2): guests that
 * have it list it in their own syscalls.def. */
int64_t sys_renameat(SYSCALL_ARGS)
{
    const uint64_t b[5] = { a[0], a[1], a[2], a[3], 0 };
    return sys_renameat2(cpu, b);
}

int64_t sys_fchmod(SYSCALL_ARGS) { return host_ret(fchmod((int)a[0], (mode_t)a[1])); }
int64_t sys_fchown(SYSCALL_ARGS) { return host_ret(fchown((int)a[0], (uid_t)a[1], (gid_t)a[2])); }
int64_t sys_fchdir(SYSCALL_ARGS) { return host_ret(fchdir((int)a[0])); }
int64_t sys_umask(SYSCALL_ARGS) { return umask((mode_t)a[0]); }

int64_t sys_fchmodat(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[1], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_fchmodat, (int)a[0], p.host, (mode_t)a[2]));
}

int64_t sys_fchownat(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[1], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_fchownat, (int)a[0], p.host, (uid_t)a[2], (gid_t)a[3],
                                        (int)a[4]));
}

int64_t sys_chdir(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[0], &p, false);
    if (r >= 0 && !p.unread)
        r = procfs_lookup(AT_FDCWD, p.host);
    return r < 0 ? r : host_ret(syscall(SYS_chdir, p.host));
}

int64_t sys_truncate(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[0], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_truncate, p.host, (off_t)a[1]));
}

int64_t sys_utimensat(SYSCALL_ARGS)
{
    GuestPath p;
    const char *path = NULL;
    if (a[1]) {
        int64_t r = guest_path(a[1], &p, false);
        if (r < 0)
            return r;
        path = p.host;
    }
    return host_ret(syscall(SYS_utimensat, (int)a[0], path,
                            guest_kbuf(a[2], 2 * sizeof(struct timespec), false), (int)a[3]));
}

/* asm-generic struct statfs matches x86-64's (120 bytes of longs). */
#define STATFS_SIZE 120

int64_t sys_statfs(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = lookup_path(AT_FDCWD, a[0], &p);
    return r < 0 ? r : host_ret(syscall(SYS_statfs, p.host, guest_kbuf(a[1], STATFS_SIZE, true)));
}

int64_t sys_fstatfs(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_fstatfs, (int)a[0], guest_kbuf(a[1], STATFS_SIZE, true)));
}

/* The kernel reads at most this much of an xattr name (XATTR_NAME_MAX + 1). */
#define XATTR_NAME_READ 256

/* The xattr reads: (path-or-fd, name, value, size) and (path-or-fd, list, size). */
static int64_t xattr_get(long host_nr, const uint64_t *a, bool by_fd)
{
    GuestPath p;
    long target = (long)a[0];
    if (!by_fd) {
        int64_t r = lookup_path(AT_FDCWD, a[0], &p);
        if (r < 0)
            return r;
        target = (long)p.host;
    }
    return host_ret(syscall(host_nr, target, guest_kstr(a[1], XATTR_NAME_READ),
                            guest_kbuf(a[2], a[3], true), (size_t)a[3]));
}

static int64_t xattr_list(long host_nr, const uint64_t *a, bool by_fd)
{
    GuestPath p;
    long target = (long)a[0];
    if (!by_fd) {
        int64_t r = lookup_path(AT_FDCWD, a[0], &p);
        if (r < 0)
            return r;
        target = (long)p.host;
    }
    return host_ret(syscall(host_nr, target, guest_kbuf(a[1], a[2], true), (size_t)a[2]));
}

int64_t sys_getxattr(SYSCALL_ARGS) { return xattr_get(SYS_getxattr, a, false); }
int64_t sys_lgetxattr(SYSCALL_ARGS) { return xattr_get(SYS_lgetxattr, a, false); }
int64_t sys_fgetxattr(SYSCALL_ARGS) { return xattr_get(SYS_fgetxattr, a, true); }
int64_t sys_listxattr(SYSCALL_ARGS) { return xattr_list(SYS_listxattr, a, false); }
int64_t sys_llistxattr(SYSCALL_ARGS) { return xattr_list(SYS_llistxattr, a, false); }
int64_t sys_flistxattr(SYSCALL_ARGS) { return xattr_list(SYS_flistxattr, a, true); }

/* The xattr changes act on the guest's path as given: (path-or-fd, name,
 * value, size, flags) and (path-or-fd, name). */
static int64_t xattr_change(long host_nr, const uint64_t *a, bool by_fd, bool set)
{
    GuestPath p;
    long target = (long)a[0];
    if (!by_fd) {
        int64_t r = guest_path(a[0], &p, false);
        if (r < 0)
            return r;
        target = (long)p.host;
    }
    const char *name = guest_kstr(a[1], XATTR_NAME_READ);
    if (!set)
        return host_ret(syscall(host_nr, target, name));
    return host_ret(syscall(host_nr, target, name, guest_kbuf(a[2], a[3], false), (size_t)a[3],
                            (int)a[4]));
}

int64_t sys_setxattr(SYSCALL_ARGS) { return xattr_change(SYS_setxattr, a, false, true); }
int64_t sys_lsetxattr(SYSCALL_ARGS) { return xattr_change(SYS_lsetxattr, a, false, true); }
int64_t sys_fsetxattr(SYSCALL_ARGS) { return xattr_change(SYS_fsetxattr, a, true, true); }
int64_t sys_removexattr(SYSCALL_ARGS) { return xattr_change(SYS_removexattr, a, false, false); }
int64_t sys_lremovexattr(SYSCALL_ARGS) { return xattr_change(SYS_lremovexattr, a, false, false); }
int64_t sys_fremovexattr(SYSCALL_ARGS) { return xattr_change(SYS_fremovexattr, a, true, false); }
