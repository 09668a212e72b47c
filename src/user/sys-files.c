/*
 * Syscalls on file descriptors: read/write in all their forms, dup, pipes,
 * fcntl, ioctl, zero-copy transfers and syncing. Guest fds are host fds.
 *
 * ioctl and fcntl only pass commands we know the argument of: an unknown
 * command could make the host kernel follow a guest pointer as if it were
 * a host one.
 *
 * The guest's /proc/self/mem and pagemap are host descriptors that refuse
 * I/O with EBADF (procfs-fd.c): on EBADF the transfers ask procfs, and
 * close and dup tell it, so it can follow the descriptor.
 */
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "user/signal.h"
#include "user/syscall.h"

/* read/write and their p-forms: off is the p-forms' offset (positioned). */
static int64_t transfer(long host_nr, const uint64_t *a, bool positioned, bool writes_guest)
{
    void *b = guest_kbuf(a[1], a[2], writes_guest);
    int64_t r = positioned ? safe_syscall(host_nr, (int)a[0], b, a[2], a[3])
                           : safe_syscall(host_nr, (int)a[0], b, a[2]);
    return r == -EBADF ? procfs_fd_io((int)a[0], a[1], a[2], (int64_t)a[3], positioned,
                                      !writes_guest)
                       : r;
}

int64_t sys_read(SYSCALL_ARGS) { return transfer(SYS_read, a, false, true); }
int64_t sys_write(SYSCALL_ARGS) { return transfer(SYS_write, a, false, false); }
int64_t sys_pread64(SYSCALL_ARGS) { return transfer(SYS_pread64, a, true, true); }
int64_t sys_pwrite64(SYSCALL_ARGS) { return transfer(SYS_pwrite64, a, true, false); }

/* Is fd open? Linux looks an fd up before it reads the arguments that
 * peek has to read first (iovec arrays, message headers). */
static bool fd_open(int fd) { return fcntl(fd, F_GETFD) >= 0; }

/* Is fd open for reading (or for writing)? Linux checks that too before
 * it reads an iovec array. */
static bool fd_open_for(int fd, bool reading)
{
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && !(fl & O_PATH) && (fl & O_ACCMODE) != (reading ? O_WRONLY : O_RDONLY);
}

/* The vectored calls share one shape: fd, iov, count, then host args.
 * A negative position of the p- forms is refused before the fd (but -1
 * means "the file position" to preadv2 and pwritev2). A descriptor the
 * host cannot do this on may be a /proc/self/mem of the guest's. */
static int64_t vectored(long host_nr, const uint64_t *a, bool writes_guest, int nextra)
{
    bool v2 = host_nr == SYS_preadv2 || host_nr == SYS_pwritev2;
    if (nextra && (int64_t)a[3] < 0 && !(v2 && (int64_t)a[3] == -1))
        return -EINVAL;
    if (!fd_open_for((int)a[0], writes_guest)) {
        bool positioned = nextra && !(v2 && (int64_t)a[3] == -1);
        return procfs_fd_iov((int)a[0], a[1], a[2], (int64_t)a[3], positioned, !writes_guest);
    }
    int64_t err;
    struct iovec *v = guest_iovec(a[1], a[2], writes_guest, &err);
    if (!v)
        return err;
    int64_t ret = nextra == 0 ? safe_syscall(host_nr, a[0], v, a[2])
                              : safe_syscall(host_nr, a[0], v, a[2], a[3], a[4], a[5]);
    free(v);
    return ret;
}

int64_t sys_readv(SYSCALL_ARGS) { return vectored(SYS_readv, a, true, 0); }
int64_t sys_writev(SYSCALL_ARGS) { return vectored(SYS_writev, a, false, 0); }
int64_t sys_preadv(SYSCALL_ARGS) { return vectored(SYS_preadv, a, true, 3); }
int64_t sys_pwritev(SYSCALL_ARGS) { return vectored(SYS_pwritev, a, false, 3); }
int64_t sys_preadv2(SYSCALL_ARGS) { return vectored(SYS_preadv2, a, true, 3); }
int64_t sys_pwritev2(SYSCALL_ARGS) { return vectored(SYS_pwritev2, a, false, 3); }

int64_t sys_lseek(SYSCALL_ARGS)
{
    int64_t r = host_ret(lseek((int)a[0], (off_t)a[1], (int)a[2]));
    return r == -EBADF ? procfs_fd_lseek((int)a[0], (int64_t)a[1], (int)a[2]) : r;
}

int64_t sys_close(SYSCALL_ARGS)
{
    int64_t r = host_ret(close((int)a[0]));
    if (r == 0)
        procfs_fd_closed((int)a[0], (int)a[0]);
    return r;
}

/* The range stops below peek's own fds. With nothing of the guest's left
 * in it, the kernel still checks the flags (and unshares the table for
 * CLOSE_RANGE_UNSHARE) on a range past any open fd. */
int64_t sys_close_range(SYSCALL_ARGS)
{
    unsigned first = (unsigned)a[0], last = (unsigned)a[1];
    if (first <= last && last >= (unsigned)hostfd_base) {
        last = (unsigned)hostfd_base - 1;
        if (first > last)
            first = last = UINT_MAX;
    }
    int64_t r = host_ret(syscall(SYS_close_range, first, last, (unsigned)a[2]));
    if (r == 0 && !(a[2] & CLOSE_RANGE_CLOEXEC) && first <= last)
        procfs_fd_closed((int)(first > INT_MAX ? INT_MAX : first),
                         (int)(last > INT_MAX ? INT_MAX : last));
    return r;
}

static int64_t duped(int oldfd, int64_t r)
{
    if (r >= 0)
        procfs_fd_dup(oldfd, (int)r);
    return r;
}

int64_t sys_dup(SYSCALL_ARGS) { return duped((int)a[0], host_ret(dup((int)a[0]))); }
int64_t sys_dup3(SYSCALL_ARGS)
{
    return duped((int)a[0], host_ret(dup3((int)a[0], (int)a[1], (int)a[2])));
}
int64_t sys_flock(SYSCALL_ARGS) { return safe_syscall(SYS_flock, (int)a[0], (int)a[1]); }
int64_t sys_sync(SYSCALL_ARGS) { sync(); return 0; }
int64_t sys_syncfs(SYSCALL_ARGS) { return host_ret(syncfs((int)a[0])); }
int64_t sys_fsync(SYSCALL_ARGS) { return host_ret(fsync((int)a[0])); }
int64_t sys_fdatasync(SYSCALL_ARGS) { return host_ret(fdatasync((int)a[0])); }
int64_t sys_ftruncate(SYSCALL_ARGS) { return host_ret(ftruncate((int)a[0], (off_t)a[1])); }

int64_t sys_fallocate(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_fallocate, (int)a[0], (int)a[1], (long)a[2], (long)a[3]));
}

int64_t sys_sync_file_range(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_sync_file_range, (int)a[0], (long)a[1], (long)a[2], (unsigned)a[3]));
}

int64_t sys_readahead(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_readahead, (int)a[0], (long)a[1], (size_t)a[2]));
}

int64_t sys_fadvise64(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_fadvise64, (int)a[0], (long)a[1], (long)a[2], (int)a[3]));
}

/* The kernel reads at most this much of a memfd name (MFD_NAME_MAX_LEN + 1). */
#define MEMFD_NAME_READ 250

int64_t sys_memfd_create(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_memfd_create, guest_kstr(a[0], MEMFD_NAME_READ), (unsigned)a[1]));
}

/* The kernel makes the pipe, then stores the fds (closing them again if it
 * cannot): bad flags come before a bad pointer. */
int64_t sys_pipe2(SYSCALL_ARGS)
{
    int fds[2];
    if (pipe2(fds, user_open_flags_to_host((int)a[1])) < 0)
        return -errno;
    if (copy_to_guest(a[0], fds, sizeof(fds)) < 0) {
        close(fds[0]);
        close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

int64_t sys_getcwd(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_getcwd, guest_kbuf(a[0], a[1], true), (size_t)a[1]));
}

/* The optional in/out offset (loff_t *) of the transfer calls. */
static void *off_ptr(uint64_t ga) { return guest_kbuf(ga, 8, true); }

int64_t sys_sendfile(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_sendfile, (int)a[0], (int)a[1], off_ptr(a[2]), (size_t)a[3]));
}

int64_t sys_copy_file_range(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_copy_file_range, (int)a[0], off_ptr(a[1]), (int)a[2],
                            off_ptr(a[3]), (size_t)a[4], (unsigned)a[5]));
}

int64_t sys_splice(SYSCALL_ARGS)
{
    return safe_syscall(SYS_splice, (int)a[0], off_ptr(a[1]), (int)a[2], off_ptr(a[3]), a[4],
                        (unsigned)a[5]);
}

int64_t sys_tee(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_tee, (int)a[0], (int)a[1], (size_t)a[2], (unsigned)a[3]));
}

/* vmsplice moves between a pipe and the guest's buffers: into them from
 * a read end, out of them into a write end (the direction the kernel
 * takes from the fd's mode). */
int64_t sys_vmsplice(SYSCALL_ARGS)
{
    int fl = fcntl((int)a[0], F_GETFL);
    int64_t err = 0;
    struct iovec *v = fl < 0 ? NULL : guest_iovec(a[1], a[2], (fl & O_ACCMODE) == O_RDONLY, &err);
    if (err == -ENOMEM)
        return err;
    /* With no array (a bad fd, or one peek could not take), the host gets
     * NULL and finds what is wrong in Linux's order: flags, fd, array. */
    int64_t r = safe_syscall(SYS_vmsplice, (int)a[0], v, a[2], (unsigned)a[3]);
    free(v);
    return r;
}

/* Asynchronous I/O is not done. Both kinds share memory with the kernel
 * that holds guest addresses: io_setup maps its completion ring where the
 * host decides, outside the guest space, which libaio then reads
 * directly; io_uring's queues hold buffer addresses the kernel follows
 * long after the call. Programs fall back when the kernel lacks them
 * (glibc's POSIX aio uses threads and works). */
int64_t sys_io_setup(SYSCALL_ARGS) { return syscall_unimplemented("io_setup"); }
int64_t sys_io_destroy(SYSCALL_ARGS) { return syscall_unimplemented("io_destroy"); }
int64_t sys_io_submit(SYSCALL_ARGS) { return syscall_unimplemented("io_submit"); }
int64_t sys_io_cancel(SYSCALL_ARGS) { return syscall_unimplemented("io_cancel"); }
int64_t sys_io_getevents(SYSCALL_ARGS) { return syscall_unimplemented("io_getevents"); }
int64_t sys_io_pgetevents(SYSCALL_ARGS) { return syscall_unimplemented("io_pgetevents"); }
int64_t sys_io_uring_setup(SYSCALL_ARGS) { return syscall_unimplemented("io_uring_setup"); }
int64_t sys_io_uring_enter(SYSCALL_ARGS) { return syscall_unimplemented("io_uring_enter"); }
int64_t sys_io_uring_register(SYSCALL_ARGS) { return syscall_unimplemented("io_uring_register"); }

/* ---- fcntl ---- */

enum { ARG_NONE, ARG_VAL, ARG_R, ARG_W, ARG_RW };   /* R: the kernel writes guest memory */

static int fcntl_arg(int cmd, size_t *size)
{
    *size = 0;
    switch (cmd) {
    case F_GETFD: case F_GETFL: case F_GETOWN: case F_GETSIG: case F_GETLEASE:
    case F_GETPIPE_SZ: case F_GET_SEALS:
        return ARG_NONE;
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_SETFD: case F_SETFL: case F_SETOWN:
    case F_SETSIG: case F_SETLEASE: case F_NOTIFY: case F_SETPIPE_SZ: case F_ADD_SEALS:
        return ARG_VAL;
    case F_GETLK: case F_OFD_GETLK:
        *size = sizeof(struct flock);
        return ARG_RW;
    case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
        *size = sizeof(struct flock);
        return ARG_W;
    case F_GETOWN_EX:
        *size = sizeof(struct f_owner_ex);
        return ARG_R;
    case F_SETOWN_EX:
        *size = sizeof(struct f_owner_ex);
        return ARG_W;
    case F_GET_RW_HINT: case F_GET_FILE_RW_HINT:
        *size = 8;
        return ARG_R;
    case F_SET_RW_HINT: case F_SET_FILE_RW_HINT:
        *size = 8;
        return ARG_W;
    default:
        return -1;
    }
}

/* The argument as the host kernel gets it. */
static long pass_arg(int kind, uint64_t ga, size_t size)
{
    switch (kind) {
    case ARG_NONE: return 0;
    case ARG_VAL: return (long)ga;
    case ARG_W: return (long)guest_kbuf(ga, size, false);
    default: return (long)guest_kbuf(ga, size, true);
    }
}

int64_t sys_fcntl(SYSCALL_ARGS)
{
    size_t size;
    int kind = fcntl_arg((int)a[1], &size);
    if (kind < 0)
        return fd_open((int)a[0]) ? -EINVAL : -EBADF;
    long arg = pass_arg(kind, a[2], size);
    if (a[1] == F_SETFL)
        arg = user_open_flags_to_host((int)arg);
    int64_t r = safe_syscall(SYS_fcntl, (int)a[0], (int)a[1], arg);
    if ((a[1] == F_GETFL && r >= 0 && (r & O_PATH)) || (a[1] == F_SETFL && r == -EBADF)) {
        int64_t ours = procfs_fd_fcntl((int)a[0], (int)a[1], (uint64_t)arg);
        r = ours == -EBADF ? r : ours;
    }
    if ((a[1] == F_DUPFD || a[1] == F_DUPFD_CLOEXEC) && r >= 0)
        procfs_fd_dup((int)a[0], (int)r);
    return a[1] == F_GETFL && r >= 0 ? user_open_flags_to_guest((int)r) : r;
}

/* ---- ioctl ---- */

/* The asm-generic terminal ioctls and layouts (termios, winsize) are the
 * same in the asm-generic ABI and on x86-64, so known commands pass through unchanged. */
typedef struct IoctlDef {
    unsigned cmd;
    uint8_t kind;
    uint8_t size;
} IoctlDef;

#define GUEST_TERMIOS_SIZE 36
#define GUEST_TERMIOS2_SIZE 44

static const IoctlDef ioctl_defs[] = {
    { 0x5401, ARG_R, GUEST_TERMIOS_SIZE },    /* TCGETS */
    { 0x5402, ARG_W, GUEST_TERMIOS_SIZE },    /* TCSETS */
    { 0x5403, ARG_W, GUEST_TERMIOS_SIZE },    /* TCSETSW */
    { 0x5404, ARG_W, GUEST_TERMIOS_SIZE },    /* TCSETSF */
    { 0x5409, ARG_VAL, 0 },                   /* TCSBRK */
    { 0x540A, ARG_VAL, 0 },                   /* TCXONC */
    { 0x540B, ARG_VAL, 0 },                   /* TCFLSH */
    { 0x540C, ARG_NONE, 0 },                  /* TIOCEXCL */
    { 0x540D, ARG_NONE, 0 },                  /* TIOCNXCL */
    { 0x540E, ARG_VAL, 0 },                   /* TIOCSCTTY */
    { 0x540F, ARG_R, 4 },                     /* TIOCGPGRP */
    { 0x5410, ARG_W, 4 },                     /* TIOCSPGRP */
    { 0x5411, ARG_R, 4 },                     /* TIOCOUTQ */
    { 0x5412, ARG_W, 1 },                     /* TIOCSTI */
    { 0x5413, ARG_R, 8 },                     /* TIOCGWINSZ */
    { 0x5414, ARG_W, 8 },                     /* TIOCSWINSZ */
    { 0x5415, ARG_R, 4 },                     /* TIOCMGET */
    { 0x5416, ARG_W, 4 },                     /* TIOCMBIS */
    { 0x5417, ARG_W, 4 },                     /* TIOCMBIC */
    { 0x5418, ARG_W, 4 },                     /* TIOCMSET */
    { 0x541B, ARG_R, 4 },                     /* FIONREAD */
    { 0x5420, ARG_W, 4 },                     /* TIOCPKT */
    { 0x5421, ARG_W, 4 },                     /* FIONBIO */
    { 0x5422, ARG_NONE, 0 },                  /* TIOCNOTTY */
    { 0x5423, ARG_W, 4 },                     /* TIOCSETD */
    { 0x5424, ARG_R, 4 },                     /* TIOCGETD */
    { 0x5425, ARG_VAL, 0 },                   /* TCSBRKP */
    { 0x5427, ARG_NONE, 0 },                  /* TIOCSBRK */
    { 0x5428, ARG_NONE, 0 },                  /* TIOCCBRK */
    { 0x5429, ARG_R, 4 },                     /* TIOCGSID */
    { 0x802C542A, ARG_R, GUEST_TERMIOS2_SIZE },   /* TCGETS2 */
    { 0x402C542B, ARG_W, GUEST_TERMIOS2_SIZE },   /* TCSETS2 */
    { 0x402C542C, ARG_W, GUEST_TERMIOS2_SIZE },   /* TCSETSW2 */
    { 0x402C542D, ARG_W, GUEST_TERMIOS2_SIZE },   /* TCSETSF2 */
    { 0x80045430, ARG_R, 4 },                 /* TIOCGPTN */
    { 0x40045431, ARG_W, 4 },                 /* TIOCSPTLCK */
    { 0x5441, ARG_VAL, 0 },                   /* TIOCGPTPEER */
    { 0x5450, ARG_NONE, 0 },                  /* FIONCLEX */
    { 0x5451, ARG_NONE, 0 },                  /* FIOCLEX */
    { 0x5452, ARG_W, 4 },                     /* FIOASYNC */
    { 0x5460, ARG_R, 8 },                     /* FIOQSIZE */
    { 0x8901, ARG_W, 4 },                     /* FIOSETOWN */
    { 0x8902, ARG_W, 4 },                     /* SIOCSPGRP */
    { 0x8903, ARG_R, 4 },                     /* FIOGETOWN */
    { 0x8904, ARG_R, 4 },                     /* SIOCGPGRP */
    { 0x8905, ARG_R, 4 },                     /* SIOCATMARK */
    { 0x80045200, ARG_R, 4 },                 /* RNDGETENTCNT */
};

int64_t sys_ioctl(SYSCALL_ARGS)
{
    unsigned cmd = (unsigned)a[1];
    for (size_t i = 0; i < sizeof(ioctl_defs) / sizeof(ioctl_defs[0]); i++) {
        const IoctlDef *d = &ioctl_defs[i];
        if (d->cmd == cmd)
            return host_ret(ioctl((int)a[0], (unsigned long)cmd, pass_arg(d->kind, a[2], d->size)));
    }
    if (!fd_open((int)a[0]))
        return -EBADF;
    if (user_opts.log_unimp)
        fprintf(user_log(), "Unsupported ioctl: cmd=0x%04x\n", cmd);
    return -ENOTTY;
}
