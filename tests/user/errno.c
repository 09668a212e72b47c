/* Argument validation order: every system call of peek's table, through
 * libc's syscall(SYS_name, ...), with classes of bad arguments (a closed
 * fd, NULL, wild and kernel pointers, read-only and PROT_NONE pages, zero
 * and negative lengths, unknown flags, commands and advice). Each case
 * prints "name.case: result", where the result is "ok", "= value" for the
 * calls whose value is the same everywhere, or the errno's name. The
 * native x86-64 build is the oracle: where several arguments are wrong at
 * once, Linux's answer is the first check that fails, and that is what a
 * guest sees under peek too.
 *
 * It runs in a directory of its own, made in the current one (run.sh's
 * scratch directory), and changes nothing outside it: no signal leaves
 * the process, no id, limit, clock, affinity or extended attribute
 * changes, no IPC object is made, and a call that would change them is
 * only made with an argument that makes it fail.
 * The values of brk and of this process's ids are peek's, so only their
 * success is compared. Left out: the calls that do not return (exit,
 * exit_group, rt_sigreturn), sync (it flushes the whole machine),
 * set_tid_address (it would move glibc's thread-exit word), rseq (ENOSYS
 * under peek by design, where glibc has one registered natively), the
 * asynchronous I/O calls (io_setup and the rest, io_uring_*: ENOSYS under
 * peek by design, see sys-files.c), and each
 * guest's own calls (riscv_flush_icache, aarch64's renameat), which x86-64
 * lacks. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#define BAD 987                       /* a closed fd */
#define NOPID 999999                  /* no such process */
#define WILD ((void *)16)             /* below mmap_min_addr */
#define KERN ((void *)-8192L)         /* the kernel's half */

/* pages: read-only, PROT_NONE, writable (two), unmapped; edge ends a
 * writable page that the unmapped one follows */
static void *ro, *none, *rw, *gone;
static char *edge;

/* Print one case. show: print a successful result's value (it is the same
 * in every build) rather than "ok". */
static void res(const char *name, long r, int show)
{
    if (r < 0)
        printf("%s: %s\n", name, strerrorname_np(errno));
    else if (show)
        printf("%s: = %ld\n", name, r);
    else
        printf("%s: ok\n", name);
}

#define E(name, ...) res(name, syscall(__VA_ARGS__), 0)
#define V(name, ...) res(name, syscall(__VA_ARGS__), 1)
/* A call that makes an fd on success: closed again. */
#define F(name, ...) do { long r_ = syscall(__VA_ARGS__); res(name, r_, 0); if (r_ > 2) close((int)r_); } while (0)

static void files(int fd, int fd_ro, int fd_wo, int fd_dir, int pr, int pw)
{
    char buf[64];
    struct iovec iov = { buf, sizeof(buf) }, iov_null = { NULL, 8 }, iov_ro = { ro, 8 };

    E("getcwd.null", SYS_getcwd, NULL, 100);
    E("getcwd.null-short", SYS_getcwd, NULL, 1);
    E("getcwd.zero", SYS_getcwd, buf, 0);
    E("getcwd.kern", SYS_getcwd, KERN, 100);
    E("dup.bad", SYS_dup, BAD);
    E("dup3.bad", SYS_dup3, BAD, 50, 0);
    E("dup3.same", SYS_dup3, fd, fd, 0);
    E("dup3.flags", SYS_dup3, fd, 50, 0x1234);
    F("dup3.ok", SYS_dup3, fd, 50, O_CLOEXEC);
    E("fcntl.bad", SYS_fcntl, BAD, F_GETFD);
    E("fcntl.bad-cmd", SYS_fcntl, BAD, 9999);
    E("fcntl.cmd", SYS_fcntl, fd, 9999);
    E("fcntl.bad-getlk-null", SYS_fcntl, BAD, F_GETLK, NULL);
    E("fcntl.getlk-null", SYS_fcntl, fd, F_GETLK, NULL);
    E("fcntl.setlk-wild", SYS_fcntl, fd, F_SETLK, WILD);
    E("fcntl.getown-ex-null", SYS_fcntl, fd, F_GETOWN_EX, NULL);
    E("fcntl.dupfd-neg", SYS_fcntl, fd, F_DUPFD, -1);
    E("ioctl.bad-tcgets-null", SYS_ioctl, BAD, TCGETS, NULL);
    E("ioctl.bad-unknown", SYS_ioctl, BAD, 0x1234);
    E("ioctl.unknown", SYS_ioctl, fd, 0x1234, 0);
    E("ioctl.file-tcgets-null", SYS_ioctl, fd, TCGETS, NULL);
    E("ioctl.file-fionread-null", SYS_ioctl, fd, FIONREAD, NULL);
    E("ioctl.pipe-fionread-null", SYS_ioctl, pr, FIONREAD, NULL);
    E("ioctl.bad-fioclex", SYS_ioctl, BAD, FIOCLEX);
    E("flock.bad", SYS_flock, BAD, LOCK_SH);
    E("flock.op", SYS_flock, fd, 999);
    E("ftruncate.bad-neg", SYS_ftruncate, BAD, -1L);
    E("ftruncate.bad", SYS_ftruncate, BAD, 0);
    E("ftruncate.ro", SYS_ftruncate, fd_ro, 0);
    E("ftruncate.dir", SYS_ftruncate, fd_dir, 0);
    E("fallocate.bad", SYS_fallocate, BAD, 0, 0, 10);
    E("fallocate.neg", SYS_fallocate, fd, 0, -1L, 10);
    E("fallocate.zero", SYS_fallocate, fd, 0, 0, 0);
    E("fallocate.mode", SYS_fallocate, fd, 0xff, 0, 10);
    E("fallocate.ro", SYS_fallocate, fd_ro, 0, 0, 10);
    E("close.bad", SYS_close, BAD);
    E("pipe2.null", SYS_pipe2, NULL, 0);
    E("pipe2.null-flags", SYS_pipe2, NULL, 0x1234);
    E("pipe2.ro", SYS_pipe2, ro, 0);
    E("lseek.bad", SYS_lseek, BAD, 0, SEEK_SET);
    E("lseek.whence", SYS_lseek, fd, 0, 99);
    E("lseek.neg", SYS_lseek, fd, -1L, SEEK_SET);
    E("lseek.pipe", SYS_lseek, pr, 0, SEEK_SET);
    E("read.bad-null", SYS_read, BAD, NULL, 10);
    E("read.bad-null-zero", SYS_read, BAD, NULL, 0);
    E("read.null", SYS_read, fd, NULL, 10);
    V("read.null-zero", SYS_read, fd, NULL, 0);
    E("read.wo-null", SYS_read, fd_wo, NULL, 10);
    E("read.dir", SYS_read, fd_dir, buf, 10);
    E("read.dir-null", SYS_read, fd_dir, NULL, 10);
    E("read.ro", SYS_read, fd, ro, 10);
    E("read.kern", SYS_read, fd, KERN, 10);
    E("read.pipe-empty-null", SYS_read, pr, NULL, 10);
    lseek(fd_ro, 0, SEEK_END);
    V("read.eof-null", SYS_read, fd_ro, NULL, 10);
    V("read.eof-gone", SYS_read, fd_ro, gone, 10);
    lseek(fd_ro, 0, SEEK_SET);
    E("read.gone", SYS_read, fd_ro, gone, 10);
    E("write.bad-null", SYS_write, BAD, NULL, 10);
    E("write.ro-fd-null", SYS_write, fd_ro, NULL, 10);
    E("write.null", SYS_write, fd, NULL, 10);
    V("write.null-zero", SYS_write, fd, NULL, 0);
    E("write.pipe-null", SYS_write, pw, NULL, 10);
    E("write.none", SYS_write, fd, none, 10);
    /* A buffer whose second half is not mapped: Linux moves what it can. */
    lseek(fd_ro, 0, SEEK_SET);
    V("read.half", SYS_read, fd_ro, edge - 5, 10);
    V("write.half", SYS_write, pw, edge - 5, 10);
    V("read.pipe-half", SYS_read, pr, edge - 3, 10);
    V("read.pipe-rest", SYS_read, pr, buf, 10);
    E("readv.bad-null", SYS_readv, BAD, NULL, 1);
    E("readv.bad-many", SYS_readv, BAD, NULL, 5000);
    E("readv.null", SYS_readv, fd, NULL, 1);
    E("readv.null-base", SYS_readv, fd_ro, &iov_null, 1);
    E("readv.ro-base", SYS_readv, fd_ro, &iov_ro, 1);
    E("readv.neg", SYS_readv, fd, &iov, -1);
    E("readv.many", SYS_readv, fd, &iov, 5000);
    E("readv.wo", SYS_readv, fd_wo, &iov, 1);
    E("readv.wo-null", SYS_readv, fd_wo, NULL, 1);
    V("readv.zero", SYS_readv, fd, NULL, 0);
    E("writev.bad-null", SYS_writev, BAD, NULL, 1);
    E("writev.null", SYS_writev, fd, NULL, 1);
    E("writev.ro-fd", SYS_writev, fd_ro, &iov, 1);
    E("writev.null-base", SYS_writev, pw, &iov_null, 1);
    E("pread64.bad-null-neg", SYS_pread64, BAD, NULL, 10, -1L);
    E("pread64.bad-null", SYS_pread64, BAD, NULL, 10, 0);
    E("pread64.pipe", SYS_pread64, pr, buf, 10, 0);
    E("pread64.null", SYS_pread64, fd_ro, NULL, 10, 0);
    E("pwrite64.bad-null-neg", SYS_pwrite64, BAD, NULL, 10, -1L);
    E("pwrite64.bad-null", SYS_pwrite64, BAD, NULL, 10, 0);
    E("pwrite64.null", SYS_pwrite64, fd, NULL, 10, 0);
    E("preadv.bad-null-neg", SYS_preadv, BAD, NULL, 1, -1L, 0);
    E("preadv.bad-null", SYS_preadv, BAD, NULL, 1, 0, 0);
    E("preadv.null", SYS_preadv, fd_ro, NULL, 1, 0, 0);
    E("pwritev.bad-null", SYS_pwritev, BAD, NULL, 1, 0, 0);
    E("preadv2.flags", SYS_preadv2, fd_ro, &iov, 1, 0, 0, 0x10000);
    E("preadv2.bad-flags", SYS_preadv2, BAD, &iov, 1, 0, 0, 0x10000);
    E("pwritev2.flags", SYS_pwritev2, fd, &iov, 1, 0, 0, 0x10000);
    E("sendfile.bad", SYS_sendfile, BAD, BAD, NULL, 10);
    E("sendfile.wild-off", SYS_sendfile, fd, fd_ro, WILD, 10);
    E("sendfile.bad-wild-off", SYS_sendfile, BAD, BAD, WILD, 10);
    E("splice.flags", SYS_splice, pr, NULL, pw, NULL, 10, 0xff00);
    E("splice.bad", SYS_splice, BAD, NULL, BAD, NULL, 10, 0);
    E("splice.bad-wild-off", SYS_splice, BAD, WILD, BAD, NULL, 10, 0);
    E("tee.bad", SYS_tee, BAD, BAD, 10, 0);
    E("tee.flags", SYS_tee, pr, pw, 10, 0xff00);
    E("vmsplice.bad-null", SYS_vmsplice, BAD, NULL, 1, 0);
    E("vmsplice.flags-null", SYS_vmsplice, pw, NULL, 1, 0xff00);
    E("vmsplice.null", SYS_vmsplice, pw, NULL, 1, 0);
    E("vmsplice.file", SYS_vmsplice, fd, &iov, 1, 0);
    E("vmsplice.null-base", SYS_vmsplice, pw, &iov_null, 1, 0);
    E("syncfs.bad", SYS_syncfs, BAD);
    E("fsync.bad", SYS_fsync, BAD);
    E("fsync.pipe", SYS_fsync, pr);
    E("fdatasync.bad", SYS_fdatasync, BAD);
    E("sync_file_range.bad", SYS_sync_file_range, BAD, 0, 0, 0);
    E("sync_file_range.neg", SYS_sync_file_range, fd, -1L, 0, 0);
    E("sync_file_range.flags", SYS_sync_file_range, fd, 0, 0, 0xff);
    E("readahead.bad", SYS_readahead, BAD, 0, 10);
    E("readahead.pipe", SYS_readahead, pr, 0, 10);
    E("fadvise64.bad", SYS_fadvise64, BAD, 0, 0, 0);
    E("fadvise64.advice", SYS_fadvise64, fd, 0, 0, 99);
    E("fadvise64.pipe", SYS_fadvise64, pr, 0, 0, 0);
    E("memfd_create.null", SYS_memfd_create, NULL, 0);
    E("memfd_create.flags", SYS_memfd_create, "m", 0xfff0);
    E("memfd_create.null-flags", SYS_memfd_create, NULL, 0xfff0);
    char longname[300];
    memset(longname, 'n', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    E("memfd_create.long", SYS_memfd_create, longname, 0);
    F("memfd_create.ok", SYS_memfd_create, "m", MFD_CLOEXEC);
    E("copy_file_range.flags", SYS_copy_file_range, BAD, NULL, BAD, NULL, 10, 1);
    E("copy_file_range.bad", SYS_copy_file_range, BAD, NULL, BAD, NULL, 10, 0);
    E("copy_file_range.bad-wild-off", SYS_copy_file_range, BAD, WILD, BAD, NULL, 10, 0);
    E("copy_file_range.wild-off", SYS_copy_file_range, fd_ro, WILD, fd, NULL, 10, 0);
    E("close_range.order", SYS_close_range, 10, 5, 0);
    E("close_range.flags", SYS_close_range, 1000, 1001, 0xff);
}

static void fs(int fd, int fd_dir)
{
    char buf[256];
    struct stat st;
    E("getxattr.null-path", SYS_getxattr, NULL, "user.x", buf, 10);
    E("getxattr.missing", SYS_getxattr, "missing", "user.x", NULL, 10);
    E("getxattr.nodata", SYS_getxattr, "f", "user.x", NULL, 10);
    E("getxattr.null-name", SYS_getxattr, "f", NULL, buf, 10);
    E("getxattr.empty-name", SYS_getxattr, "f", "", buf, 10);
    char longname[300];
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    E("getxattr.long-name", SYS_getxattr, "f", longname, buf, 10);
    E("lgetxattr.nodata", SYS_lgetxattr, "f", "user.x", NULL, 10);
    E("fgetxattr.bad-null-name", SYS_fgetxattr, BAD, NULL, NULL, 10);
    E("fgetxattr.bad", SYS_fgetxattr, BAD, "user.x", NULL, 10);
    E("listxattr.null-path", SYS_listxattr, NULL, buf, 10);
    E("listxattr.missing", SYS_listxattr, "missing", NULL, 10);
    E("llistxattr.missing", SYS_llistxattr, "missing", NULL, 10);
    E("flistxattr.bad-null", SYS_flistxattr, BAD, NULL, 10);
    /* The changes only with an argument that makes them fail: REPLACE of
     * an attribute "f" does not have. */
    E("setxattr.null-path", SYS_setxattr, NULL, "user.x", "v", 1, XATTR_REPLACE);
    E("setxattr.missing", SYS_setxattr, "missing", "user.x", "v", 1, XATTR_REPLACE);
    E("setxattr.flags", SYS_setxattr, "f", "user.x", "v", 1, 0x99);
    E("setxattr.null-name", SYS_setxattr, "f", NULL, "v", 1, XATTR_REPLACE);
    E("setxattr.empty-name", SYS_setxattr, "f", "", "v", 1, XATTR_REPLACE);
    E("setxattr.long-name", SYS_setxattr, "f", longname, "v", 1, XATTR_REPLACE);
    E("setxattr.null-value", SYS_setxattr, "f", "user.x", NULL, 8, XATTR_REPLACE);
    E("setxattr.huge-value", SYS_setxattr, "f", "user.x", NULL, 1 << 20, XATTR_REPLACE);
    E("setxattr.replace", SYS_setxattr, "f", "user.x", "v", 1, XATTR_REPLACE);
    E("lsetxattr.missing", SYS_lsetxattr, "missing", "user.x", "v", 1, XATTR_REPLACE);
    E("fsetxattr.bad", SYS_fsetxattr, BAD, "user.x", "v", 1, XATTR_REPLACE);
    E("fsetxattr.bad-null-name", SYS_fsetxattr, BAD, NULL, NULL, 8, XATTR_REPLACE);
    E("fsetxattr.replace", SYS_fsetxattr, fd, "user.x", "v", 1, XATTR_REPLACE);
    E("removexattr.null-path", SYS_removexattr, NULL, "user.x");
    E("removexattr.missing", SYS_removexattr, "missing", "user.x");
    E("removexattr.null-name", SYS_removexattr, "f", NULL);
    E("removexattr.nodata", SYS_removexattr, "f", "user.x");
    E("lremovexattr.long-name", SYS_lremovexattr, "f", longname);
    E("fremovexattr.bad", SYS_fremovexattr, BAD, "user.x");
    E("fremovexattr.bad-null", SYS_fremovexattr, BAD, NULL);
    E("mknodat.null", SYS_mknodat, AT_FDCWD, NULL, S_IFIFO | 0600, 0);
    E("mknodat.bad", SYS_mknodat, BAD, "rel", S_IFIFO | 0600, 0);
    E("mknodat.exists", SYS_mknodat, AT_FDCWD, "f", S_IFIFO | 0600, 0);
    E("mkdirat.bad", SYS_mkdirat, BAD, "rel", 0700);
    E("mkdirat.null", SYS_mkdirat, AT_FDCWD, NULL, 0700);
    E("mkdirat.exists", SYS_mkdirat, AT_FDCWD, "d", 0700);
    E("unlinkat.flags", SYS_unlinkat, AT_FDCWD, "missing", 0xff);
    E("unlinkat.null-flags", SYS_unlinkat, AT_FDCWD, NULL, 0xff);
    E("unlinkat.bad", SYS_unlinkat, BAD, "rel", 0);
    E("unlinkat.null", SYS_unlinkat, AT_FDCWD, NULL, 0);
    E("symlinkat.null", SYS_symlinkat, NULL, AT_FDCWD, "s");
    E("symlinkat.bad", SYS_symlinkat, "t", BAD, "rel");
    E("linkat.missing", SYS_linkat, AT_FDCWD, "missing", AT_FDCWD, "y", 0);
    E("linkat.flags", SYS_linkat, AT_FDCWD, "missing", AT_FDCWD, "y", 0xffff);
    E("linkat.null-flags", SYS_linkat, AT_FDCWD, NULL, AT_FDCWD, NULL, 0xffff);
    E("statfs.null", SYS_statfs, NULL, buf);
    E("statfs.missing-null", SYS_statfs, "missing", NULL);
    E("statfs.null-buf", SYS_statfs, ".", NULL);
    E("fstatfs.bad-null", SYS_fstatfs, BAD, NULL);
    E("fstatfs.null", SYS_fstatfs, fd, NULL);
    E("truncate.null", SYS_truncate, NULL, 0);
    E("truncate.missing", SYS_truncate, "missing", 0);
    E("truncate.neg", SYS_truncate, "f", -1L);
    E("truncate.null-neg", SYS_truncate, NULL, -1L);
    E("faccessat.mode", SYS_faccessat, AT_FDCWD, "f", 0xff);
    E("faccessat.null-mode", SYS_faccessat, AT_FDCWD, NULL, 0xff);
    E("faccessat.bad", SYS_faccessat, BAD, "rel", 0);
    E("chdir.null", SYS_chdir, NULL);
    E("chdir.missing", SYS_chdir, "missing");
    E("chdir.file", SYS_chdir, "f");
    E("fchdir.bad", SYS_fchdir, BAD);
    E("fchdir.file", SYS_fchdir, fd);
    E("fchmod.bad", SYS_fchmod, BAD, 0644);
    E("fchmodat.null", SYS_fchmodat, AT_FDCWD, NULL, 0644);
    E("fchmodat.bad", SYS_fchmodat, BAD, "rel", 0644);
    E("fchownat.flags", SYS_fchownat, AT_FDCWD, "f", -1, -1, 0xffff);
    E("fchownat.null-flags", SYS_fchownat, AT_FDCWD, NULL, -1, -1, 0xffff);
    E("fchownat.null", SYS_fchownat, AT_FDCWD, NULL, -1, -1, 0);
    E("fchown.bad", SYS_fchown, BAD, -1, -1);
    E("openat.null", SYS_openat, AT_FDCWD, NULL, O_RDONLY);
    E("openat.bad", SYS_openat, BAD, "rel", O_RDONLY);
    F("openat.bad-abs", SYS_openat, BAD, "/", O_RDONLY | O_DIRECTORY);
    E("openat.missing", SYS_openat, AT_FDCWD, "missing", O_RDONLY);
    E("openat.creat-dir", SYS_openat, AT_FDCWD, "n", O_CREAT | O_DIRECTORY | O_WRONLY, 0600);
    E("openat.tmpfile-ro", SYS_openat, AT_FDCWD, ".", O_TMPFILE | O_RDONLY, 0600);
    E("openat.notdir", SYS_openat, AT_FDCWD, "f", O_RDONLY | O_DIRECTORY);
    E("getdents64.bad-null", SYS_getdents64, BAD, NULL, 100);
    E("getdents64.null", SYS_getdents64, fd_dir, NULL, 100);
    E("getdents64.file", SYS_getdents64, fd, buf, 100);
    E("getdents64.small", SYS_getdents64, fd_dir, buf, 1);
    E("readlinkat.notlink-null", SYS_readlinkat, AT_FDCWD, "f", NULL, 10);
    E("readlinkat.null-buf", SYS_readlinkat, AT_FDCWD, "l", NULL, 10);
    E("readlinkat.zero", SYS_readlinkat, AT_FDCWD, "l", buf, 0);
    E("readlinkat.null-path", SYS_readlinkat, AT_FDCWD, NULL, buf, 10);
    E("readlinkat.null-path-zero", SYS_readlinkat, AT_FDCWD, NULL, buf, 0);
    V("readlinkat.ok", SYS_readlinkat, AT_FDCWD, "l", buf, 10);
    E("newfstatat.missing-null", SYS_newfstatat, AT_FDCWD, "missing", NULL, 0);
    E("newfstatat.null-buf", SYS_newfstatat, AT_FDCWD, "f", NULL, 0);
    E("newfstatat.flags", SYS_newfstatat, AT_FDCWD, "f", &st, 0xffff);
    E("newfstatat.null-path", SYS_newfstatat, AT_FDCWD, NULL, &st, 0);
    E("newfstatat.bad", SYS_newfstatat, BAD, "rel", &st, 0);
    E("newfstatat.empty", SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH);
    E("fstat.bad-null", SYS_fstat, BAD, NULL);
    E("fstat.null", SYS_fstat, fd, NULL);
    struct timespec bad_times[2] = { { 0, 2000000000 }, { 0, 0 } };
    E("utimensat.flags", SYS_utimensat, AT_FDCWD, "f", NULL, 0xffff);
    E("utimensat.missing", SYS_utimensat, AT_FDCWD, "missing", NULL, 0);
    E("utimensat.wild-times", SYS_utimensat, AT_FDCWD, "f", WILD, 0);
    E("utimensat.bad-times", SYS_utimensat, AT_FDCWD, "f", bad_times, 0);
    E("utimensat.bad-fd", SYS_utimensat, BAD, NULL, NULL, 0);
    umask(022);
    V("umask.ok", SYS_umask, 022);
    E("renameat2.missing", SYS_renameat2, AT_FDCWD, "missing", AT_FDCWD, "y", 0);
    E("renameat2.flags", SYS_renameat2, AT_FDCWD, "missing", AT_FDCWD, "y", 0xff);
    E("renameat2.exchange-noreplace", SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "d", 3);
    E("renameat2.null", SYS_renameat2, AT_FDCWD, NULL, AT_FDCWD, "y", 0);
    E("statx.null-buf", SYS_statx, AT_FDCWD, "f", 0, STATX_BASIC_STATS, NULL);
    E("statx.flags", SYS_statx, AT_FDCWD, "f", 0xffffffff, STATX_BASIC_STATS, buf);
    E("statx.missing-null", SYS_statx, AT_FDCWD, "missing", 0, 0, NULL);
    E("statx.reserved-mask", SYS_statx, AT_FDCWD, "f", 0, 0x80000000u, buf);
    uint64_t how[4] = { O_RDONLY, 0, 0, 0 }, how_bad[3] = { 0x80000000000ull, 0, 0 };
    uint64_t how_resolve[3] = { O_RDONLY, 0, 0x1000 }, how_big[4] = { O_RDONLY, 0, 0, 1 };
    E("openat2.null-how", SYS_openat2, AT_FDCWD, "f", NULL, 24);
    E("openat2.small", SYS_openat2, AT_FDCWD, "f", how, 8);
    E("openat2.huge", SYS_openat2, AT_FDCWD, "f", how, 5000);
    E("openat2.flags", SYS_openat2, AT_FDCWD, "f", how_bad, 24);
    E("openat2.resolve", SYS_openat2, AT_FDCWD, "f", how_resolve, 24);
    E("openat2.tail", SYS_openat2, AT_FDCWD, "f", how_big, 32);
    E("openat2.bad", SYS_openat2, BAD, "rel", how, 24);
    E("openat2.null-path", SYS_openat2, AT_FDCWD, NULL, how, 24);
    F("openat2.ok", SYS_openat2, AT_FDCWD, "f", how, 32);
    E("faccessat2.flags", SYS_faccessat2, AT_FDCWD, "f", 0, 0xffff);
    E("faccessat2.null-flags", SYS_faccessat2, AT_FDCWD, NULL, 0, 0xffff);
}

static void poll_calls(int fd, int pr)
{
    struct epoll_event ev = { .events = EPOLLIN };
    struct timespec zero = { 0, 0 }, bad_ts = { 0, 2000000000 };
    uint64_t mask = 0;
    char buf[256];
    struct pollfd pfd = { pr, POLLIN, 0 };
    int ep = epoll_create1(0);
    int ino = inotify_init1(0);
    int tfd = syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 0);
    struct itimerspec its = { { 0, 0 }, { 0, 0 } }, its_bad = { { 0, 0 }, { 0, 2000000000 } };
    uint64_t argpack_bad[2] = { (uint64_t)(uintptr_t)WILD, 8 };

    E("eventfd2.flags", SYS_eventfd2, 0, 0xffff);
    E("epoll_create1.flags", SYS_epoll_create1, 0xff);
    E("epoll_ctl.bad-null", SYS_epoll_ctl, BAD, EPOLL_CTL_ADD, BAD, NULL);
    E("epoll_ctl.bad", SYS_epoll_ctl, BAD, EPOLL_CTL_ADD, BAD, &ev);
    E("epoll_ctl.self", SYS_epoll_ctl, ep, EPOLL_CTL_ADD, ep, &ev);
    E("epoll_ctl.op", SYS_epoll_ctl, ep, 99, pr, &ev);
    E("epoll_ctl.file", SYS_epoll_ctl, ep, EPOLL_CTL_ADD, fd, &ev);
    E("epoll_ctl.del-missing", SYS_epoll_ctl, ep, EPOLL_CTL_DEL, pr, NULL);
    E("epoll_pwait.bad-null", SYS_epoll_pwait, BAD, NULL, 1, 0, NULL, 8);
    E("epoll_pwait.zero-max", SYS_epoll_pwait, ep, NULL, 0, 0, NULL, 8);
    V("epoll_pwait.null-idle", SYS_epoll_pwait, ep, NULL, 1, 0, NULL, 8);
    E("epoll_pwait.bad-kern", SYS_epoll_pwait, BAD, KERN, 1, 0, NULL, 8);
    E("epoll_pwait.wild-mask", SYS_epoll_pwait, ep, buf, 1, 0, WILD, 8);
    E("epoll_pwait.mask-size", SYS_epoll_pwait, ep, buf, 1, 0, &mask, 4);
    E("epoll_pwait.mask-size-zero-max", SYS_epoll_pwait, ep, buf, 0, 0, &mask, 4);
    E("epoll_pwait.not-epoll", SYS_epoll_pwait, pr, buf, 1, 0, NULL, 8);
    E("epoll_pwait2.wild-tmo", SYS_epoll_pwait2, ep, buf, 1, WILD, NULL, 8);
    E("epoll_pwait2.bad-tmo", SYS_epoll_pwait2, ep, buf, 1, &bad_ts, NULL, 8);
    E("epoll_pwait2.bad-fd-wild-tmo", SYS_epoll_pwait2, BAD, buf, 1, WILD, NULL, 8);
    E("inotify_init1.flags", SYS_inotify_init1, 0xff);
    E("inotify_add_watch.bad-null", SYS_inotify_add_watch, BAD, NULL, IN_ACCESS);
    E("inotify_add_watch.bad-null-nomask", SYS_inotify_add_watch, BAD, NULL, 0);
    E("inotify_add_watch.null", SYS_inotify_add_watch, ino, NULL, IN_ACCESS);
    E("inotify_add_watch.missing", SYS_inotify_add_watch, ino, "missing", IN_ACCESS);
    E("inotify_rm_watch.bad", SYS_inotify_rm_watch, BAD, 1);
    E("inotify_rm_watch.wd", SYS_inotify_rm_watch, ino, 999);
    E("pselect6.neg", SYS_pselect6, -1, NULL, NULL, NULL, &zero, NULL);
    E("pselect6.wild-set", SYS_pselect6, 1, WILD, NULL, NULL, &zero, NULL);
    E("pselect6.bad-tmo", SYS_pselect6, 1, NULL, NULL, NULL, &bad_ts, NULL);
    E("pselect6.wild-tmo", SYS_pselect6, 1, NULL, NULL, NULL, WILD, NULL);
    E("pselect6.neg-wild-tmo", SYS_pselect6, -1, NULL, NULL, NULL, WILD, NULL);
    E("pselect6.wild-pack", SYS_pselect6, 1, NULL, NULL, NULL, &zero, WILD);
    E("pselect6.wild-mask", SYS_pselect6, 1, NULL, NULL, NULL, &zero, argpack_bad);
    E("pselect6.neg-wild-set", SYS_pselect6, -1, WILD, NULL, NULL, &zero, NULL);
    V("pselect6.idle", SYS_pselect6, 0, NULL, NULL, NULL, &zero, NULL);
    E("ppoll.null", SYS_ppoll, NULL, 1, &zero, NULL, 8);
    E("ppoll.wild-tmo", SYS_ppoll, &pfd, 1, WILD, NULL, 8);
    E("ppoll.bad-tmo", SYS_ppoll, &pfd, 1, &bad_ts, NULL, 8);
    E("ppoll.mask-size", SYS_ppoll, &pfd, 1, &zero, &mask, 4);
    E("ppoll.too-many", SYS_ppoll, &pfd, 100000000, &zero, NULL, 8);
    E("ppoll.null-mask-size", SYS_ppoll, NULL, 1, &zero, &mask, 4);
    V("ppoll.idle", SYS_ppoll, &pfd, 1, &zero, NULL, 8);
    E("timerfd_create.clock", SYS_timerfd_create, 99, 0);
    E("timerfd_create.flags", SYS_timerfd_create, CLOCK_MONOTONIC, 0xff);
    E("timerfd_settime.bad-null", SYS_timerfd_settime, BAD, 0, NULL, NULL);
    E("timerfd_settime.bad", SYS_timerfd_settime, BAD, 0, &its, NULL);
    E("timerfd_settime.flags", SYS_timerfd_settime, tfd, 0xff, &its, NULL);
    E("timerfd_settime.bad-its", SYS_timerfd_settime, tfd, 0, &its_bad, NULL);
    E("timerfd_settime.wild-old", SYS_timerfd_settime, tfd, 0, &its, WILD);
    E("timerfd_gettime.bad-null", SYS_timerfd_gettime, BAD, NULL);
    E("timerfd_gettime.null", SYS_timerfd_gettime, tfd, NULL);
    E("timerfd_gettime.not-timerfd", SYS_timerfd_gettime, pr, &its);
    close(ep);
    close(ino);
    close(tfd);
}

static void mem_calls(int fd_ro, int fd_wo, int fd_dir, int pr)
{
    char vec[4];
    long pg = 4096;
#define M(name, ...) do { long r_ = syscall(__VA_ARGS__); res(name, r_, 0); \
                          if (r_ > 0 && r_ != -1) munmap((void *)r_, 8192); } while (0)
    E("munmap.unaligned", SYS_munmap, (char *)rw + 1, pg);
    E("munmap.zero", SYS_munmap, rw, 0);
    E("munmap.top", SYS_munmap, (void *)-pg, 2 * pg);
    E("munmap.kern", SYS_munmap, KERN, pg);
    E("mremap.unaligned", SYS_mremap, (char *)rw + 1, pg, pg, 0);
    E("mremap.flags", SYS_mremap, rw, pg, pg, 0xff);
    E("mremap.zero-new", SYS_mremap, rw, pg, 0, MREMAP_MAYMOVE);
    E("mremap.gone", SYS_mremap, gone, pg, 2 * pg, 0);
    E("mremap.fixed-no-maymove", SYS_mremap, rw, pg, pg, MREMAP_FIXED, gone);
    M("mmap.zero", SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    M("mmap.no-type", SYS_mmap, NULL, pg, PROT_READ, MAP_ANONYMOUS, -1, 0);
    M("mmap.validate-unknown", SYS_mmap, NULL, pg, PROT_READ,
      MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x200000, -1, 0);
    M("mmap.validate-unknown-file", SYS_mmap, NULL, pg, PROT_READ, MAP_SHARED_VALIDATE | 0x200000, fd_ro, 0);
    M("mmap.validate-sync-file", SYS_mmap, NULL, pg, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, fd_ro, 0);
    M("mmap.validate-file", SYS_mmap, NULL, pg, PROT_READ, MAP_SHARED_VALIDATE | MAP_POPULATE, fd_ro, 0);
    M("mmap.bad-type-file", SYS_mmap, NULL, pg, PROT_READ, 0xf, fd_ro, 0);
    M("mmap.validate-huge-size-file", SYS_mmap, NULL, pg, PROT_READ, MAP_SHARED_VALIDATE | (21 << 26), fd_ro, 0);
    M("mmap.validate-noreplace-file", SYS_mmap, gone, pg, PROT_READ, MAP_SHARED_VALIDATE | MAP_FIXED_NOREPLACE, fd_ro, 0);
    M("mmap.private-unknown", SYS_mmap, NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x200000, -1, 0);
    M("mmap.bad-fd", SYS_mmap, NULL, pg, PROT_READ, MAP_PRIVATE, BAD, 0);
    M("mmap.bad-fd-zero", SYS_mmap, NULL, 0, PROT_READ, MAP_PRIVATE, BAD, 0);
    M("mmap.bad-fd-off", SYS_mmap, NULL, pg, PROT_READ, MAP_PRIVATE, BAD, 1);
    M("mmap.off", SYS_mmap, NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);
    M("mmap.huge", SYS_mmap, NULL, -pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    M("mmap.wo", SYS_mmap, NULL, pg, PROT_READ, MAP_SHARED, fd_wo, 0);
    M("mmap.dir", SYS_mmap, NULL, pg, PROT_READ, MAP_PRIVATE, fd_dir, 0);
    M("mmap.pipe", SYS_mmap, NULL, pg, PROT_READ, MAP_PRIVATE, pr, 0);
    M("mmap.fixed-unaligned", SYS_mmap, (char *)gone + 1, pg, PROT_READ,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    M("mmap.noreplace", SYS_mmap, rw, pg, PROT_READ,
      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    M("mmap.prot", SYS_mmap, NULL, pg, 0xff00, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    E("mprotect.unaligned", SYS_mprotect, (char *)rw + 1, pg, PROT_READ);
    E("mprotect.prot", SYS_mprotect, rw, pg, 0xff00);
    E("mprotect.gone", SYS_mprotect, gone, pg, PROT_READ);
    E("mprotect.zero", SYS_mprotect, rw, 0, PROT_READ | PROT_WRITE);
    E("mprotect.zero-kern", SYS_mprotect, KERN, 0, PROT_READ);
    E("mprotect.kern", SYS_mprotect, KERN, pg, PROT_READ);
    E("msync.zero", SYS_msync, rw, 0, MS_SYNC);
    E("msync.zero-kern", SYS_msync, KERN, 0, MS_SYNC);
    E("msync.zero-gone", SYS_msync, gone, 0, MS_SYNC);
    E("msync.unaligned", SYS_msync, (char *)rw + 1, pg, MS_SYNC);
    E("msync.flags", SYS_msync, rw, pg, 0xff);
    E("msync.both", SYS_msync, rw, pg, MS_SYNC | MS_ASYNC);
    E("msync.gone", SYS_msync, gone, pg, MS_SYNC);
    E("msync.kern", SYS_msync, KERN, pg, MS_SYNC);
    E("msync.flags-unaligned", SYS_msync, (char *)rw + 1, pg, 0xff);
    E("mlock.zero", SYS_mlock, rw, 0);
    E("mlock.zero-kern", SYS_mlock, KERN, 0);
    E("mlock.gone", SYS_mlock, gone, pg);
    E("mlock.kern", SYS_mlock, KERN, pg);
    E("munlock.zero-kern", SYS_munlock, KERN, 0);
    E("munlock.gone", SYS_munlock, gone, pg);
    E("mlock2.flags", SYS_mlock2, rw, pg, 0xff);
    E("mlock2.flags-gone", SYS_mlock2, gone, pg, 0xff);
    E("mlock2.zero-kern", SYS_mlock2, KERN, 0, 0);
    E("mlockall.zero", SYS_mlockall, 0);
    E("mlockall.flags", SYS_mlockall, 0xff);
    E("munlockall.ok", SYS_munlockall);
    E("mincore.unaligned", SYS_mincore, (char *)rw + 1, pg, vec);
    E("mincore.null-vec", SYS_mincore, rw, pg, NULL);
    E("mincore.gone", SYS_mincore, gone, pg, vec);
    E("mincore.zero-null", SYS_mincore, rw, 0, NULL);
    E("mincore.kern-vec", SYS_mincore, rw, pg, KERN);
    E("mincore.kern", SYS_mincore, KERN, pg, vec);
    E("madvise.advice", SYS_madvise, rw, pg, 9999);
    E("madvise.unaligned", SYS_madvise, (char *)rw + 1, pg, MADV_NORMAL);
    E("madvise.gone", SYS_madvise, gone, pg, MADV_NORMAL);
    E("madvise.zero", SYS_madvise, rw, 0, MADV_NORMAL);
    E("madvise.gone-advice", SYS_madvise, gone, pg, 9999);
    E("madvise.kern", SYS_madvise, KERN, pg, MADV_NORMAL);
    E("madvise.zero-kern", SYS_madvise, KERN, 0, MADV_NORMAL);
    V("membarrier.query", SYS_membarrier, 0, 0, 0);
    E("membarrier.cmd", SYS_membarrier, 0xff, 0, 0);
    E("membarrier.flags", SYS_membarrier, 0, 0xff, 0);
#undef M
}

static void net(int fd)
{
    int sv[2], s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
    char buf[128];
    int one = 1, neg = -1;
    socklen_t len = sizeof(buf);
    struct msghdr msg = { 0 };
    struct mmsghdr mm = { 0 };
    E("socket.family", SYS_socket, 999, SOCK_STREAM, 0);
    E("socket.type", SYS_socket, AF_UNIX, 999, 0);
    E("socketpair.null", SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, NULL);
    E("socketpair.family-null", SYS_socketpair, 999, SOCK_STREAM, 0, NULL);
    E("socketpair.ro", SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, ro);
    E("bind.bad-null", SYS_bind, BAD, NULL, 16);
    E("bind.file", SYS_bind, fd, buf, 16);
    E("bind.null", SYS_bind, s, NULL, 16);
    E("bind.len", SYS_bind, s, buf, 9999);
    E("bind.bad-len", SYS_bind, BAD, buf, 9999);
    E("listen.bad", SYS_listen, BAD, 1);
    E("listen.file", SYS_listen, fd, 1);
    E("accept.bad", SYS_accept, BAD, NULL, NULL);
    E("accept.unbound", SYS_accept, s, NULL, NULL);
    E("accept4.bad-wild-len", SYS_accept4, BAD, buf, WILD, 0);
    E("accept4.flags", SYS_accept4, s, NULL, NULL, 0xff);
    E("accept4.bad-flags", SYS_accept4, BAD, NULL, NULL, 0xff);
    E("connect.bad-null", SYS_connect, BAD, NULL, 16);
    E("connect.null", SYS_connect, s, NULL, 16);
    E("connect.len", SYS_connect, s, buf, -1);
    E("getsockname.bad-null", SYS_getsockname, BAD, NULL, NULL);
    E("getsockname.null-len", SYS_getsockname, s, buf, NULL);
    E("getsockname.neg-len", SYS_getsockname, s, buf, &neg);
    E("getsockname.file", SYS_getsockname, fd, buf, &len);
    E("getpeername.bad-null", SYS_getpeername, BAD, NULL, NULL);
    E("getpeername.unconnected", SYS_getpeername, s, buf, &len);
    E("getpeername.unconnected-null", SYS_getpeername, s, NULL, NULL);
    E("sendto.bad-null", SYS_sendto, BAD, NULL, 10, 0, NULL, 0);
    E("sendto.bad-kern", SYS_sendto, BAD, KERN, 10, 0, NULL, 0);
    E("sendto.unconnected-null", SYS_sendto, s, NULL, 10, 0, NULL, 0);
    E("sendto.dgram-null-addr-len", SYS_sendto, d, buf, 10, 0, NULL, 16);
    E("sendto.dgram-wild-addr", SYS_sendto, d, buf, 10, 0, WILD, 16);
    E("recvfrom.bad-null", SYS_recvfrom, BAD, NULL, 10, 0, NULL, NULL);
    E("recvfrom.bad-wild-len", SYS_recvfrom, BAD, buf, 10, 0, buf, WILD);
    E("recvfrom.dgram-nb-null", SYS_recvfrom, d, NULL, 10, MSG_DONTWAIT, NULL, NULL);
    E("recvfrom.dgram-nb-wild-len", SYS_recvfrom, d, buf, 10, MSG_DONTWAIT, buf, WILD);
    E("setsockopt.bad-null", SYS_setsockopt, BAD, SOL_SOCKET, SO_REUSEADDR, NULL, 4);
    E("setsockopt.null", SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, NULL, 4);
    E("setsockopt.opt", SYS_setsockopt, s, SOL_SOCKET, 9999, &one, 4);
    E("setsockopt.len", SYS_setsockopt, s, SOL_SOCKET, SO_REUSEADDR, &one, -1);
    E("setsockopt.level", SYS_setsockopt, s, 9999, 1, &one, 4);
    E("getsockopt.bad-null", SYS_getsockopt, BAD, SOL_SOCKET, SO_TYPE, NULL, NULL);
    E("getsockopt.null-len", SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &one, NULL);
    E("getsockopt.neg-len", SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &one, &neg);
    E("getsockopt.opt-null", SYS_getsockopt, s, SOL_SOCKET, 9999, NULL, NULL);
    E("getsockopt.file-null", SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, NULL, NULL);
    E("shutdown.bad", SYS_shutdown, BAD, 0);
    E("shutdown.how", SYS_shutdown, s, 99);
    E("sendmsg.bad-null", SYS_sendmsg, BAD, NULL, 0);
    E("sendmsg.null", SYS_sendmsg, s, NULL, 0);
    E("sendmsg.file-null", SYS_sendmsg, fd, NULL, 0);
    E("sendmsg.unconnected", SYS_sendmsg, s, &msg, 0);
    E("recvmsg.bad-null", SYS_recvmsg, BAD, NULL, 0);
    E("recvmsg.null", SYS_recvmsg, d, NULL, MSG_DONTWAIT);
    E("recvmsg.nb", SYS_recvmsg, d, &msg, MSG_DONTWAIT);
    E("recvmmsg.bad-null", SYS_recvmmsg, BAD, NULL, 1, 0, NULL);
    E("recvmmsg.null", SYS_recvmmsg, d, NULL, 1, MSG_DONTWAIT, NULL);
    E("recvmmsg.wild-tmo", SYS_recvmmsg, d, &mm, 1, MSG_DONTWAIT, WILD);
    E("recvmmsg.bad-wild-tmo", SYS_recvmmsg, BAD, &mm, 1, 0, WILD);
    E("sendmmsg.bad-null", SYS_sendmmsg, BAD, NULL, 1, 0);
    E("sendmmsg.null", SYS_sendmmsg, s, NULL, 1, 0);
    V("sendmmsg.zero", SYS_sendmmsg, s, NULL, 0, 0);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0) {
        close(sv[0]);
        close(sv[1]);
    }
    close(s);
    close(d);
}

static void proc(void)
{
    struct __user_cap_header_struct hdr = { 0x12345678, 0 };
    struct sched_param sp = { 0 };
    struct rlimit rl, rl_bad;
    uint32_t ids[3];
    uint64_t cpus[16];
    char buf[512];
    E("capget.null", SYS_capget, NULL, NULL);
    E("capget.version", SYS_capget, &hdr, NULL);
    printf("capget.version-written: %#x\n", hdr.version);
    E("capset.null", SYS_capset, NULL, NULL);
    hdr.version = 0x12345678;
    E("capset.version", SYS_capset, &hdr, buf);
    E("sched_setparam.null", SYS_sched_setparam, 0, NULL);
    E("sched_setparam.neg", SYS_sched_setparam, -1, &sp);
    E("sched_setparam.nopid", SYS_sched_setparam, NOPID, &sp);
    E("sched_setparam.nopid-null", SYS_sched_setparam, NOPID, NULL);
    E("sched_setscheduler.policy", SYS_sched_setscheduler, 0, 999, &sp);
    E("sched_setscheduler.null", SYS_sched_setscheduler, 0, SCHED_OTHER, NULL);
    E("sched_setscheduler.neg", SYS_sched_setscheduler, -1, SCHED_OTHER, &sp);
    E("sched_setscheduler.wild", SYS_sched_setscheduler, 0, SCHED_OTHER, WILD);
    E("sched_getscheduler.neg", SYS_sched_getscheduler, -1);
    E("sched_getscheduler.nopid", SYS_sched_getscheduler, NOPID);
    V("sched_getscheduler.self", SYS_sched_getscheduler, 0);
    E("sched_getparam.null", SYS_sched_getparam, 0, NULL);
    E("sched_getparam.neg", SYS_sched_getparam, -1, &sp);
    E("sched_getparam.nopid", SYS_sched_getparam, NOPID, &sp);
    E("sched_getparam.wild", SYS_sched_getparam, 0, WILD);
    E("sched_getparam.nopid-wild", SYS_sched_getparam, NOPID, WILD);
    E("sched_setaffinity.null", SYS_sched_setaffinity, 0, 8, NULL);
    E("sched_setaffinity.nopid", SYS_sched_setaffinity, NOPID, sizeof(cpus), cpus);
    memset(cpus, 0, sizeof(cpus));
    E("sched_setaffinity.empty", SYS_sched_setaffinity, 0, sizeof(cpus), cpus);
    E("sched_getaffinity.len", SYS_sched_getaffinity, 0, 1, cpus);
    E("sched_getaffinity.odd", SYS_sched_getaffinity, 0, 9, cpus);
    E("sched_getaffinity.null", SYS_sched_getaffinity, 0, sizeof(cpus), NULL);
    E("sched_getaffinity.nopid-null", SYS_sched_getaffinity, NOPID, sizeof(cpus), NULL);
    E("sched_getaffinity.len-null", SYS_sched_getaffinity, 0, 1, NULL);
    E("sched_yield.ok", SYS_sched_yield);
    E("sched_get_priority_max.policy", SYS_sched_get_priority_max, 999);
    V("sched_get_priority_max.fifo", SYS_sched_get_priority_max, SCHED_FIFO);
    E("sched_get_priority_min.policy", SYS_sched_get_priority_min, 999);
    E("setpriority.which", SYS_setpriority, 999, 0, 0);
    E("setpriority.nopid", SYS_setpriority, PRIO_PROCESS, NOPID, 0);
    E("getpriority.which", SYS_getpriority, 999, 0);
    E("getpriority.nopid", SYS_getpriority, PRIO_PROCESS, NOPID);
    E("setuid.neg", SYS_setuid, -1);
    E("setgid.neg", SYS_setgid, -1);
    E("setreuid.keep", SYS_setreuid, -1, -1);
    E("setregid.keep", SYS_setregid, -1, -1);
    E("setresuid.keep", SYS_setresuid, -1, -1, -1);
    E("setresgid.keep", SYS_setresgid, -1, -1, -1);
    E("getresuid.null", SYS_getresuid, NULL, NULL, NULL);
    E("getresuid.wild-last", SYS_getresuid, &ids[0], &ids[1], WILD);
    E("getresgid.null", SYS_getresgid, NULL, NULL, NULL);
    E("setpgid.neg", SYS_setpgid, 0, -1);
    E("setpgid.nopid", SYS_setpgid, NOPID, 0);
    E("getpid.ok", SYS_getpid);
    E("getppid.ok", SYS_getppid);
    E("getuid.ok", SYS_getuid);
    E("geteuid.ok", SYS_geteuid);
    E("getgid.ok", SYS_getgid);
    E("getegid.ok", SYS_getegid);
    V("setfsuid.query", SYS_setfsuid, -1);
    V("setfsgid.query", SYS_setfsgid, -1);
    E("setsid.ok-or-leader", SYS_setsid);
    E("brk.query", SYS_brk, 0);
    E("getpgid.nopid", SYS_getpgid, NOPID);
    E("getsid.nopid", SYS_getsid, NOPID);
    E("getgroups.neg", SYS_getgroups, -1, NULL);
    E("getgroups.null", SYS_getgroups, 65536, NULL);
    E("setgroups.neg", SYS_setgroups, -1, NULL);
    E("setgroups.null", SYS_setgroups, 1, NULL);
    E("setgroups.many", SYS_setgroups, 70000, NULL);
    E("uname.null", SYS_uname, NULL);
    E("getrlimit.resource", SYS_getrlimit, 999, &rl);
    E("getrlimit.null", SYS_getrlimit, RLIMIT_NOFILE, NULL);
    E("getrlimit.resource-null", SYS_getrlimit, 999, NULL);
    E("setrlimit.wild", SYS_setrlimit, RLIMIT_NOFILE, WILD);
    E("setrlimit.null", SYS_setrlimit, RLIMIT_NOFILE, NULL);
    getrlimit(RLIMIT_NOFILE, &rl);
    E("setrlimit.resource", SYS_setrlimit, 999, &rl);
    E("setrlimit.resource-wild", SYS_setrlimit, 999, WILD);
    rl_bad.rlim_cur = 2048;
    rl_bad.rlim_max = 1024;
    E("setrlimit.cur-above-max", SYS_setrlimit, RLIMIT_NOFILE, &rl_bad);
    E("setrlimit.as-cur-above-max", SYS_setrlimit, RLIMIT_AS, &rl_bad);
    E("setrlimit.stack-wild", SYS_setrlimit, RLIMIT_STACK, WILD);
    E("setrlimit.same", SYS_setrlimit, RLIMIT_NOFILE, &rl);
    E("getrusage.who", SYS_getrusage, 999, buf);
    E("getrusage.null", SYS_getrusage, RUSAGE_SELF, NULL);
    E("getrusage.who-null", SYS_getrusage, 999, NULL);
    E("prctl.option", SYS_prctl, 9999, 0, 0, 0, 0);
    E("prctl.set-name-null", SYS_prctl, PR_SET_NAME, NULL, 0, 0, 0);
    E("prctl.get-name-null", SYS_prctl, PR_GET_NAME, NULL, 0, 0, 0);
    E("prctl.get-pdeathsig-null", SYS_prctl, PR_GET_PDEATHSIG, NULL, 0, 0, 0);
    E("prctl.set-pdeathsig", SYS_prctl, PR_SET_PDEATHSIG, 999, 0, 0, 0);
    E("prctl.capbset-read", SYS_prctl, PR_CAPBSET_READ, 999, 0, 0, 0);
    V("personality.query", SYS_personality, 0xffffffff);
    E("getcpu.null", SYS_getcpu, NULL, NULL, NULL);
    E("getcpu.wild", SYS_getcpu, WILD, NULL, NULL);
    E("sysinfo.null", SYS_sysinfo, NULL);
    E("prlimit64.nopid", SYS_prlimit64, NOPID, RLIMIT_NOFILE, NULL, &rl);
    E("prlimit64.resource", SYS_prlimit64, 0, 999, NULL, NULL);
    E("prlimit64.wild-new", SYS_prlimit64, 0, RLIMIT_NOFILE, WILD, NULL);
    E("prlimit64.wild-old", SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, WILD);
    E("prlimit64.nopid-wild-new", SYS_prlimit64, NOPID, RLIMIT_NOFILE, WILD, NULL);
    E("prlimit64.resource-wild-old", SYS_prlimit64, 0, 999, NULL, WILD);
    E("prlimit64.as-bad", SYS_prlimit64, 0, RLIMIT_AS, &rl_bad, NULL);
    E("getrandom.null", SYS_getrandom, NULL, 10, 0);
    E("getrandom.flags", SYS_getrandom, buf, 10, 0xff);
    E("getrandom.null-flags", SYS_getrandom, NULL, 10, 0xff);
    V("getrandom.zero", SYS_getrandom, buf, 0, 0);
    V("getrandom.zero-null", SYS_getrandom, NULL, 0, 0);

    /* struct sched_attr's first version: size, policy, flags, nice,
     * priority, then three u64 deadline times. Set only to fail. */
    struct { uint32_t size, policy; uint64_t flags; int32_t nice; uint32_t prio; uint64_t t[3]; }
        sa = { 48, SCHED_OTHER, 0, 0, 0, { 0, 0, 0 } };
    E("sched_getattr.null", SYS_sched_getattr, 0, NULL, 48, 0);
    E("sched_getattr.small", SYS_sched_getattr, 0, &sa, 47, 0);
    E("sched_getattr.flags", SYS_sched_getattr, 0, &sa, 48, 1);
    E("sched_getattr.nopid-wild", SYS_sched_getattr, NOPID, WILD, 48, 0);
    E("sched_getattr.wild", SYS_sched_getattr, 0, WILD, 48, 0);
    E("sched_getattr.ok", SYS_sched_getattr, 0, &sa, sizeof(sa), 0);
    printf("sched_getattr.size: %u\n", sa.size);
    E("sched_setattr.null", SYS_sched_setattr, 0, NULL, 0);
    E("sched_setattr.flags-wild", SYS_sched_setattr, 0, WILD, 1);
    E("sched_setattr.wild", SYS_sched_setattr, 0, WILD, 0);
    sa = (__typeof__(sa)){ 48, SCHED_OTHER, 0, 0, 0, { 0, 0, 0 } };
    E("sched_setattr.nopid", SYS_sched_setattr, NOPID, &sa, 0);
    sa.policy = 999;
    E("sched_setattr.policy", SYS_sched_setattr, 0, &sa, 0);
    sa.size = 1;
    E("sched_setattr.size", SYS_sched_setattr, 0, &sa, 0);
    printf("sched_setattr.size-written: %u\n", sa.size);

    int pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
    E("pidfd_open.flags", SYS_pidfd_open, getpid(), 0x99);
    E("pidfd_open.neg", SYS_pidfd_open, -1, 0);
    E("pidfd_open.nopid", SYS_pidfd_open, NOPID, 0);
    E("pidfd_getfd.bad", SYS_pidfd_getfd, BAD, 0, 0);
    E("pidfd_getfd.flags", SYS_pidfd_getfd, pidfd, 0, 1);
    E("pidfd_getfd.file", SYS_pidfd_getfd, nul, 0, 0);
    E("pidfd_getfd.target", SYS_pidfd_getfd, pidfd, BAD, 0);
    E("pidfd_send_signal.flags", SYS_pidfd_send_signal, BAD, 0, WILD, 99);
    E("pidfd_send_signal.bad-wild", SYS_pidfd_send_signal, BAD, 0, WILD, 0);
    E("pidfd_send_signal.file-wild", SYS_pidfd_send_signal, nul, 0, WILD, 0);
    E("pidfd_send_signal.wild", SYS_pidfd_send_signal, pidfd, 0, WILD, 0);
    E("pidfd_send_signal.sig", SYS_pidfd_send_signal, pidfd, 999, NULL, 0);
    E("pidfd_send_signal.zero", SYS_pidfd_send_signal, pidfd, 0, NULL, 0);
    close(pidfd);
    close(nul);

    /* kcmp types: 0 a file, 7 an epoll target at { efd, tfd, toff } */
    E("kcmp.nopid", SYS_kcmp, NOPID, getpid(), 0, 0, 0);
    E("kcmp.type", SYS_kcmp, getpid(), getpid(), 99, 0, 0);
    E("kcmp.nopid-wild-slot", SYS_kcmp, NOPID, getpid(), 7, 0, WILD);
    E("kcmp.wild-slot", SYS_kcmp, getpid(), getpid(), 7, 0, WILD);
    E("kcmp.bad-file", SYS_kcmp, getpid(), getpid(), 0, BAD, 0);

    char vm_src[8] = "abcdefg", vm_dst[8];
    struct iovec liov = { vm_dst, 8 }, riov = { vm_src, 8 }, wiov = { WILD, 8 };
    E("process_vm_readv.flags", SYS_process_vm_readv, getpid(), &liov, 1, &riov, 1, 1);
    E("process_vm_readv.null-local", SYS_process_vm_readv, getpid(), NULL, 1, &riov, 1, 0);
    E("process_vm_readv.wild-remote-array", SYS_process_vm_readv, getpid(), &liov, 1, WILD, 1, 0);
    E("process_vm_readv.wild-remote", SYS_process_vm_readv, getpid(), &liov, 1, &wiov, 1, 0);
    E("process_vm_readv.wild-local", SYS_process_vm_readv, getpid(), &wiov, 1, &riov, 1, 0);
    E("process_vm_readv.many", SYS_process_vm_readv, getpid(), &liov, 1, &riov, 2000, 0);
    V("process_vm_readv.ok", SYS_process_vm_readv, getpid(), &liov, 1, &riov, 1, 0);
    E("process_vm_writev.wild-remote", SYS_process_vm_writev, getpid(), &riov, 1, &wiov, 1, 0);
    V("process_vm_writev.ok", SYS_process_vm_writev, getpid(), &riov, 1, &liov, 1, 0);
}

/* System V IPC and POSIX message queues, only on ids, keys and names
 * that do not exist (nothing is made in the machine's namespaces). */
static void ipc(int fd)
{
    char buf[64];
    struct { long type; char text[8]; } msg = { 1, "text" };
    struct sembuf sop = { 0, 1, 0 };
    struct timespec zero = { 0, 0 }, bad_ts = { 0, -1 };
    struct { long flags, maxmsg, msgsize, curmsgs, pad[4]; } attr = { 0, 0, 8, 0, { 0 } };
    key_t none = 0x7e57ab1e;      /* a key no one uses */
    unsigned prio;
    E("shmget.missing", SYS_shmget, none, 4096, 0600);
    E("shmget.size", SYS_shmget, IPC_PRIVATE, 0, 0600);
    E("shmat.bad", SYS_shmat, -1, NULL, 0);
    E("shmat.odd", SYS_shmat, -1, (void *)4097, 0);
    E("shmat.remap-null", SYS_shmat, -1, NULL, SHM_REMAP);
    E("shmdt.wild", SYS_shmdt, WILD);
    E("shmctl.bad", SYS_shmctl, -1, IPC_STAT, buf);
    E("shmctl.bad-null", SYS_shmctl, -1, IPC_STAT, NULL);
    E("shmctl.cmd", SYS_shmctl, 0, 999, NULL);
    E("shmctl.set-null", SYS_shmctl, -1, IPC_SET, NULL);
    E("shmctl.info-null", SYS_shmctl, 0, IPC_INFO, NULL);
    E("shmctl.rmid", SYS_shmctl, -1, IPC_RMID, NULL);
    E("semget.missing", SYS_semget, none, 1, 0600);
    E("semget.nsems", SYS_semget, IPC_PRIVATE, -1, 0600);
    E("semop.zero", SYS_semop, -1, &sop, 0);
    E("semop.null", SYS_semop, -1, NULL, 1);
    E("semop.bad", SYS_semop, -1, &sop, 1);
    E("semop.many", SYS_semop, -1, &sop, 100000);
    E("semtimedop.null-wild", SYS_semtimedop, -1, NULL, 1, WILD);
    E("semtimedop.wild", SYS_semtimedop, -1, &sop, 1, WILD);
    E("semtimedop.bad-ts", SYS_semtimedop, -1, &sop, 1, &bad_ts);
    E("semtimedop.bad", SYS_semtimedop, -1, &sop, 1, &zero);
    E("semctl.bad", SYS_semctl, -1, 0, IPC_STAT, buf);
    E("semctl.cmd", SYS_semctl, 0, 0, 999, 0);
    E("semctl.getall-null", SYS_semctl, -1, 0, GETALL, NULL);
    E("semctl.set-null", SYS_semctl, -1, 0, IPC_SET, NULL);
    E("semctl.info-null", SYS_semctl, 0, 0, IPC_INFO, NULL);
    E("semctl.getval", SYS_semctl, -1, 0, GETVAL, 0);
    E("msgget.missing", SYS_msgget, none, 0600);
    E("msgsnd.null", SYS_msgsnd, -1, NULL, 8, 0);
    E("msgsnd.bad", SYS_msgsnd, -1, &msg, 8, 0);
    msg.type = 0;
    E("msgsnd.type", SYS_msgsnd, 0, &msg, 8, 0);
    E("msgsnd.size", SYS_msgsnd, 0, &msg, -1L, 0);
    E("msgrcv.null", SYS_msgrcv, -1, NULL, 8, 0, IPC_NOWAIT);
    E("msgrcv.size", SYS_msgrcv, 0, &msg, -1L, 0, IPC_NOWAIT);
    E("msgctl.bad", SYS_msgctl, -1, IPC_STAT, buf);
    E("msgctl.cmd", SYS_msgctl, 0, 999, NULL);
    E("msgctl.set-null", SYS_msgctl, -1, IPC_SET, NULL);
    E("msgctl.info-null", SYS_msgctl, 0, IPC_INFO, NULL);
    /* mq names as the kernel takes them, without glibc's leading '/' */
    E("mq_open.null", SYS_mq_open, NULL, O_RDONLY, 0, NULL);
    E("mq_open.missing", SYS_mq_open, "peek-errno-none", O_RDONLY, 0, NULL);
    E("mq_open.wild-attr", SYS_mq_open, "peek-errno-none", O_RDONLY | O_CREAT | O_EXCL, 0600, WILD);
    E("mq_open.null-wild-attr", SYS_mq_open, NULL, O_RDONLY | O_CREAT, 0600, WILD);
    E("mq_open.attr", SYS_mq_open, "peek-errno-none", O_RDONLY | O_CREAT | O_EXCL, 0600, &attr);
    E("mq_open.slash", SYS_mq_open, "a/b", O_RDONLY, 0, NULL);
    E("mq_unlink.null", SYS_mq_unlink, NULL);
    E("mq_unlink.missing", SYS_mq_unlink, "peek-errno-none");
    E("mq_timedsend.bad-null", SYS_mq_timedsend, BAD, NULL, 8, 0, NULL);
    E("mq_timedsend.prio", SYS_mq_timedsend, BAD, buf, 8, 1 << 20, NULL);
    E("mq_timedsend.bad-wild-ts", SYS_mq_timedsend, BAD, buf, 8, 0, WILD);
    E("mq_timedsend.bad-ts", SYS_mq_timedsend, BAD, buf, 8, 0, &bad_ts);
    E("mq_timedsend.file", SYS_mq_timedsend, fd, buf, 8, 0, NULL);
    E("mq_timedreceive.bad-null", SYS_mq_timedreceive, BAD, NULL, 8, NULL, NULL);
    E("mq_timedreceive.bad-wild-prio", SYS_mq_timedreceive, BAD, buf, 8, WILD, NULL);
    E("mq_timedreceive.bad-wild-ts", SYS_mq_timedreceive, BAD, buf, 8, &prio, WILD);
    E("mq_timedreceive.file", SYS_mq_timedreceive, fd, buf, 8, &prio, NULL);
    E("mq_notify.bad", SYS_mq_notify, BAD, NULL);
    E("mq_notify.bad-wild", SYS_mq_notify, BAD, WILD);
    E("mq_notify.file", SYS_mq_notify, fd, NULL);
    E("mq_getsetattr.bad", SYS_mq_getsetattr, BAD, NULL, NULL);
    E("mq_getsetattr.bad-wild-new", SYS_mq_getsetattr, BAD, WILD, NULL);
    E("mq_getsetattr.bad-wild-old", SYS_mq_getsetattr, BAD, NULL, WILD);
    E("mq_getsetattr.file", SYS_mq_getsetattr, fd, NULL, &attr);
}

static void signals(void)
{
    uint64_t set = 0, full = ~0ull;
    char act[64] = { 0 };
    stack_t ss_flags = { .ss_sp = act, .ss_flags = 0xff, .ss_size = 65536 };
    stack_t ss_small = { .ss_sp = act, .ss_flags = 0, .ss_size = 1000 };
    struct timespec zero = { 0, 0 }, bad_ts = { 0, 2000000000 };
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    info.si_code = -1;
    E("kill.nopid", SYS_kill, NOPID, 0);
    E("kill.sig", SYS_kill, getpid(), 999);
    E("kill.self-zero", SYS_kill, getpid(), 0);
    E("tkill.neg", SYS_tkill, -1, 0);
    E("tkill.nopid", SYS_tkill, NOPID, 0);
    E("tkill.sig", SYS_tkill, getpid(), 999);
    E("tgkill.neg", SYS_tgkill, -1, 1, 0);
    E("tgkill.nopid", SYS_tgkill, getpid(), NOPID, 0);
    E("sigaltstack.none", SYS_sigaltstack, NULL, NULL);
    E("sigaltstack.wild", SYS_sigaltstack, WILD, NULL);
    E("sigaltstack.flags", SYS_sigaltstack, &ss_flags, NULL);
    E("sigaltstack.small", SYS_sigaltstack, &ss_small, NULL);
    E("sigaltstack.wild-old", SYS_sigaltstack, NULL, WILD);
    E("rt_sigsuspend.null", SYS_rt_sigsuspend, NULL, 8);
    E("rt_sigsuspend.size", SYS_rt_sigsuspend, &set, 4);
    E("rt_sigsuspend.null-size", SYS_rt_sigsuspend, NULL, 4);
    E("rt_sigaction.sig", SYS_rt_sigaction, 999, NULL, NULL, 8);
    E("rt_sigaction.zero", SYS_rt_sigaction, 0, NULL, NULL, 8);
    E("rt_sigaction.size", SYS_rt_sigaction, SIGUSR1, NULL, NULL, 4);
    E("rt_sigaction.kill", SYS_rt_sigaction, SIGKILL, act, NULL, 8);
    E("rt_sigaction.kill-wild", SYS_rt_sigaction, SIGKILL, WILD, NULL, 8);
    E("rt_sigaction.wild", SYS_rt_sigaction, SIGUSR1, WILD, NULL, 8);
    E("rt_sigaction.wild-old", SYS_rt_sigaction, SIGUSR1, NULL, WILD, 8);
    E("rt_sigaction.sig-wild", SYS_rt_sigaction, 999, WILD, NULL, 8);
    E("rt_sigprocmask.how", SYS_rt_sigprocmask, 999, &set, NULL, 8);
    E("rt_sigprocmask.size", SYS_rt_sigprocmask, SIG_BLOCK, NULL, NULL, 4);
    E("rt_sigprocmask.wild", SYS_rt_sigprocmask, SIG_BLOCK, WILD, NULL, 8);
    E("rt_sigprocmask.how-null", SYS_rt_sigprocmask, 999, NULL, &set, 8);
    E("rt_sigprocmask.how-wild", SYS_rt_sigprocmask, 999, WILD, NULL, 8);
    E("rt_sigprocmask.how-wild-old", SYS_rt_sigprocmask, 999, &set, WILD, 8);
    E("rt_sigpending.null", SYS_rt_sigpending, NULL, 8);
    E("rt_sigpending.small", SYS_rt_sigpending, &set, 4);
    E("rt_sigpending.big", SYS_rt_sigpending, &set, 16);
    E("rt_sigtimedwait.null", SYS_rt_sigtimedwait, NULL, NULL, &zero, 8);
    E("rt_sigtimedwait.size", SYS_rt_sigtimedwait, &set, NULL, &zero, 4);
    E("rt_sigtimedwait.bad-tmo", SYS_rt_sigtimedwait, &set, NULL, &bad_ts, 8);
    E("rt_sigtimedwait.empty", SYS_rt_sigtimedwait, &set, NULL, &zero, 8);
    E("rt_sigtimedwait.wild-info", SYS_rt_sigtimedwait, &set, WILD, &zero, 8);
    E("rt_sigtimedwait.wild-tmo", SYS_rt_sigtimedwait, &set, NULL, WILD, 8);
    E("rt_sigtimedwait.null-size", SYS_rt_sigtimedwait, NULL, NULL, &zero, 4);
    (void)full;
    E("rt_sigqueueinfo.null", SYS_rt_sigqueueinfo, NOPID, SIGUSR1, NULL);
    E("rt_sigqueueinfo.nopid", SYS_rt_sigqueueinfo, NOPID, SIGUSR1, &info);
    E("rt_sigqueueinfo.sig", SYS_rt_sigqueueinfo, getpid(), 999, &info);
    E("rt_tgsigqueueinfo.null", SYS_rt_tgsigqueueinfo, NOPID, NOPID, SIGUSR1, NULL);
    E("rt_tgsigqueueinfo.nopid", SYS_rt_tgsigqueueinfo, getpid(), NOPID, SIGUSR1, &info);
    E("rt_tgsigqueueinfo.neg", SYS_rt_tgsigqueueinfo, -1, 1, SIGUSR1, &info);
    E("signalfd4.flags-null", SYS_signalfd4, -1, NULL, 8, 0x7fff);
    E("signalfd4.size-null", SYS_signalfd4, -1, NULL, 4, 0);
    E("signalfd4.null", SYS_signalfd4, -1, NULL, 8, 0);
    E("signalfd4.bad-null", SYS_signalfd4, BAD, NULL, 8, 0);
    E("signalfd4.bad", SYS_signalfd4, BAD, &set, 8, 0);
    int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
    E("signalfd4.file", SYS_signalfd4, nul, &set, 8, 0);
    close(nul);
    F("signalfd4.new", SYS_signalfd4, -1, &set, 8, O_CLOEXEC);
}

static void threads(void)
{
    uint32_t futex_word = 0;
    uint64_t head, len, args[16] = { 0 };
    struct timespec zero = { 0, 0 }, bad_ts = { 0, 2000000000 };
    E("waitid.idtype", SYS_waitid, 999, 0, NULL, WEXITED, NULL);
    E("waitid.options", SYS_waitid, P_ALL, 0, NULL, 0, NULL);
    E("waitid.nochild", SYS_waitid, P_ALL, 0, NULL, WEXITED | WNOHANG, NULL);
    E("waitid.nopid", SYS_waitid, P_PID, NOPID, NULL, WEXITED, NULL);
    E("waitid.wild", SYS_waitid, P_ALL, 0, WILD, WEXITED | WNOHANG, NULL);
    E("futex.null", SYS_futex, NULL, FUTEX_WAIT, 0, NULL, NULL, 0);
    E("futex.op", SYS_futex, &futex_word, 99, 0, NULL, NULL, 0);
    E("futex.null-op", SYS_futex, NULL, 99, 0, NULL, NULL, 0);
    E("futex.value", SYS_futex, &futex_word, FUTEX_WAIT, 1, NULL, NULL, 0);
    V("futex.wake", SYS_futex, &futex_word, FUTEX_WAKE, 1, NULL, NULL, 0);
    E("futex.unaligned", SYS_futex, (char *)&futex_word + 1, FUTEX_WAIT, 0, NULL, NULL, 0);
    E("futex.wild-tmo", SYS_futex, &futex_word, FUTEX_WAIT, 0, WILD, NULL, 0);
    E("futex.bad-tmo", SYS_futex, &futex_word, FUTEX_WAIT, 0, &bad_ts, NULL, 0);
    E("futex.null-wild-tmo", SYS_futex, NULL, FUTEX_WAIT, 0, WILD, NULL, 0);
    E("futex.zero-tmo", SYS_futex, &futex_word, FUTEX_WAIT, 0, &zero, NULL, 0);
    E("futex.wake-null", SYS_futex, NULL, FUTEX_WAKE, 1, NULL, NULL, 0);
    E("futex.kern", SYS_futex, KERN, FUTEX_WAIT, 0, NULL, NULL, 0);
    E("futex.requeue-null2", SYS_futex, &futex_word, FUTEX_CMP_REQUEUE, 1, 1, NULL, 0);
    E("futex.requeue-value", SYS_futex, &futex_word, FUTEX_CMP_REQUEUE, 1, 1, &futex_word, 5);
    E("gettid.ok", SYS_gettid);
    E("set_robust_list.len", SYS_set_robust_list, NULL, 99);
    E("get_robust_list.nopid", SYS_get_robust_list, NOPID, &head, &len);
    E("get_robust_list.null", SYS_get_robust_list, 0, NULL, &len);
    E("get_robust_list.nopid-null", SYS_get_robust_list, NOPID, NULL, NULL);
    E("clone.sighand-no-vm", SYS_clone, CLONE_SIGHAND, 0, 0, 0, 0);
    E("clone.thread-no-sighand", SYS_clone, CLONE_THREAD | CLONE_VM, 0, 0, 0, 0);
    E("clone.newns-fs", SYS_clone, CLONE_NEWNS | CLONE_FS, 0, 0, 0, 0);
    E("execve.null", SYS_execve, NULL, NULL, NULL);
    E("execve.missing", SYS_execve, "missing", NULL, NULL);
    E("execve.dir", SYS_execve, ".", NULL, NULL);
    E("execve.wild-argv", SYS_execve, "missing", WILD, NULL);
    E("wait4.nopid", SYS_wait4, NOPID, NULL, 0, NULL);
    E("wait4.options", SYS_wait4, -1, NULL, 0xffff, NULL);
    E("wait4.wild", SYS_wait4, -1, WILD, WNOHANG, NULL);
    E("wait4.options-wild", SYS_wait4, -1, WILD, 0xffff, NULL);
    E("clone3.null-zero", SYS_clone3, NULL, 0);
    E("clone3.null", SYS_clone3, NULL, 64);
    E("clone3.small", SYS_clone3, args, 8);
    E("clone3.huge", SYS_clone3, args, 5000);
    args[0] = CLONE_SIGHAND;
    E("clone3.flags", SYS_clone3, args, 64);
    args[0] = 0;
    args[4] = 999;
    E("clone3.signal", SYS_clone3, args, 64);
    args[4] = 0;
    args[8] = 1;
    E("clone3.tail", SYS_clone3, args, 128);
}

static void time_calls(void)
{
    struct timespec zero = { 0, 0 }, bad_ts = { 0, 2000000000 }, ts;
    struct timeval bad_tv = { 0, 2000000 };
    struct itimerval itv, itv_bad = { { 0, 0 }, { 0, 2000000 } };
    struct itimerspec its = { { 0, 0 }, { 0, 0 } }, its_bad = { { 0, 0 }, { 0, 2000000000 } };
    struct sigevent sev = { .sigev_notify = 999 };
    int timer = -1;
    E("nanosleep.null", SYS_nanosleep, NULL, NULL);
    E("nanosleep.bad", SYS_nanosleep, &bad_ts, NULL);
    E("nanosleep.wild-rem", SYS_nanosleep, &zero, WILD);
    E("nanosleep.null-wild-rem", SYS_nanosleep, NULL, WILD);
    E("getitimer.which", SYS_getitimer, 999, &itv);
    E("getitimer.null", SYS_getitimer, ITIMER_REAL, NULL);
    E("getitimer.which-null", SYS_getitimer, 999, NULL);
    E("setitimer.which", SYS_setitimer, 999, NULL, NULL);
    E("setitimer.wild", SYS_setitimer, ITIMER_REAL, WILD, NULL);
    E("setitimer.bad", SYS_setitimer, ITIMER_REAL, &itv_bad, NULL);
    E("setitimer.which-wild", SYS_setitimer, 999, WILD, NULL);
    E("timer_create.clock", SYS_timer_create, 999, NULL, &timer);
    E("timer_create.wild-sev", SYS_timer_create, CLOCK_MONOTONIC, WILD, &timer);
    E("timer_create.notify", SYS_timer_create, CLOCK_MONOTONIC, &sev, &timer);
    E("timer_create.clock-null", SYS_timer_create, 999, NULL, NULL);
    E("timer_settime.id", SYS_timer_settime, 999, 0, &its, NULL);
    E("timer_settime.id-null", SYS_timer_settime, 999, 0, NULL, NULL);
    E("timer_settime.id-wild", SYS_timer_settime, 999, 0, WILD, NULL);
    E("timer_gettime.id", SYS_timer_gettime, 999, &its);
    E("timer_gettime.id-null", SYS_timer_gettime, 999, NULL);
    E("timer_getoverrun.id", SYS_timer_getoverrun, 999);
    E("timer_delete.id", SYS_timer_delete, 999);
    if (syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, &timer) == 0) {
        E("timer_settime.null", SYS_timer_settime, timer, 0, NULL, NULL);
        E("timer_settime.bad", SYS_timer_settime, timer, 0, &its_bad, NULL);
        E("timer_settime.wild-old", SYS_timer_settime, timer, 0, &its, WILD);
        E("timer_gettime.null", SYS_timer_gettime, timer, NULL);
        syscall(SYS_timer_delete, timer);
    }
    E("clock_settime.clock", SYS_clock_settime, 999, &zero);
    E("clock_settime.clock-null", SYS_clock_settime, 999, NULL);
    E("clock_settime.null", SYS_clock_settime, CLOCK_REALTIME, NULL);
    E("clock_settime.monotonic", SYS_clock_settime, CLOCK_MONOTONIC, &zero);
    E("clock_settime.bad", SYS_clock_settime, CLOCK_REALTIME, &bad_ts);
    E("clock_gettime.clock", SYS_clock_gettime, 999, &ts);
    E("clock_gettime.null", SYS_clock_gettime, CLOCK_MONOTONIC, NULL);
    E("clock_gettime.clock-null", SYS_clock_gettime, 999, NULL);
    E("clock_getres.clock", SYS_clock_getres, 999, NULL);
    E("clock_getres.null", SYS_clock_getres, CLOCK_MONOTONIC, NULL);
    E("clock_getres.wild", SYS_clock_getres, CLOCK_MONOTONIC, WILD);
    E("clock_nanosleep.clock", SYS_clock_nanosleep, 999, 0, &zero, NULL);
    E("clock_nanosleep.null", SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, NULL, NULL);
    E("clock_nanosleep.bad", SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad_ts, NULL);
    E("clock_nanosleep.wild-rem", SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &zero, WILD);
    E("clock_nanosleep.thread-clock", SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &zero, NULL);
    E("clock_nanosleep.clock-null", SYS_clock_nanosleep, 999, 0, NULL, NULL);
    E("times.wild", SYS_times, WILD);
    E("gettimeofday.none", SYS_gettimeofday, NULL, NULL);
    E("gettimeofday.wild", SYS_gettimeofday, WILD, NULL);
    E("settimeofday.none", SYS_settimeofday, NULL, NULL);
    E("settimeofday.bad", SYS_settimeofday, &bad_tv, NULL);
    E("settimeofday.wild", SYS_settimeofday, WILD, NULL);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    long pg = 4096;
    ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    none = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rw = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    gone = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, pg);
    edge = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    edge += pg;
    munmap(edge, pg);
    mkdir("errno.d", 0700);
    if (chdir("errno.d") < 0) {
        perror("errno: scratch directory");
        return 1;
    }
    mkdir("d", 0700);
    int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, "0123456789abcdef", 16) != 16) {
        perror("errno: scratch file");
        return 1;
    }
    symlink("f", "l");
    int fd_ro = open("f", O_RDONLY), fd_wo = open("f", O_WRONLY), fd_dir = open("d", O_RDONLY);
    int p[2];
    pipe2(p, O_NONBLOCK);
    files(fd, fd_ro, fd_wo, fd_dir, p[0], p[1]);
    fs(fd, fd_dir);
    poll_calls(fd, p[0]);
    mem_calls(fd_ro, fd_wo, fd_dir, p[0]);
    net(fd);
    proc();
    ipc(fd);
    signals();
    threads();
    time_calls();
    unlink("l");
    unlink("f");
    rmdir("d");
    chdir("..");
    rmdir("errno.d");
    return 0;
}
