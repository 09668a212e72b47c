/*
 * What the syscall topic files (sys-*.c) share: the table convention, and
 * helpers for the guest pointers and paths that handlers receive.
 *
 * The syscall table is the one source of truth for numbers, names, handlers
 * and -strace formats. Each topic file sys-<topic>.c has a sys-<topic>.def
 * beside it with one line per syscall:
 *
 *     SYSCALL(nr, name, "fmt")
 *
 *   nr    the asm-generic number (every guest so far uses that table;
 *         a guest's own calls are in its src/user/<arch>/syscalls.def);
 *   name  the handler is int64_t sys_<name>(CPUState *cpu, const uint64_t *a);
 *   fmt   for -strace (strace.c), one character per argument, printed as
 *         QEMU 7.2 prints that call, optionally followed by '=' and one
 *         character for the result:
 *           d int        u unsigned    l long         U unsigned long
 *           x int as %#x X long as %#lx o octal (%#o)
 *           p pointer (NULL, 0x%016lx)  P pointer as %p ((nil), 0x%lx)
 *           s guest string   D fd   f directory fd (AT_FDCWD)   n int at a pointer
 *           O open flags (with O_CREAT, the mode that follows; takes two)
 *           M file mode      k mknod mode (and the device; takes two)
 *           R PROT_*   F MAP_*   S signal   A access mode   T AT_* flags
 *           N unlinkat flags   Z FALLOC_FL_*   L MCL_*   W lseek whence
 *           K clock id   I itimer   H sigprocmask how   V madvise advice
 *           t timespec   e argv list
 *           C clone (flags and the four pointers)   Q futex (op and the rest)
 *           E fcntl (command and argument)   Y ioctl (request and argument)
 *         (D and f arguments are checked: peek's own fds read as not open,
 *         see syscall_run, which takes the n-th letter for the n-th
 *         argument, so D and f come before any letter that takes two;
 *         fds inside structures are the handler's to check)
 *         result: d (default: -errno shown as an error), x address,
 *         i ioctl (what some requests write), t the timespec at the
 *         second argument, n does not return (exit): printed before.
 *
 * syscall-list.h includes every .def; syscall.c expands it twice, for the
 * prototypes and for the table (a duplicate number is a compile error).
 *
 * Handlers return the guest's result or -errno; errno values are the same
 * in asm-generic and on the x86-64 host, so host errno passes through.
 */
#ifndef PEEK_USER_SYSCALL_H
#define PEEK_USER_SYSCALL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/uio.h>

#include "exec/cpu.h"
#include "user/mem.h"
#include "user/user.h"

#define SYSCALL_ARGS CPUState *cpu, const uint64_t *a
#define SYSCALL_MAX 512

typedef int64_t SyscallFn(CPUState *cpu, const uint64_t *a);
typedef struct SyscallDef {
    const char *name;
    SyscallFn *fn;
    const char *fmt;
    int nr;            /* in a guest's own list (UserArch.arch_syscalls) */
} SyscallDef;

/* open(2)/fcntl flags between the guest's values and the host's. */
int user_open_flags_to_host(int guest);
int user_open_flags_to_guest(int host);

/* Handlers that only some guests' ABIs have (their syscalls.def lists them). */
int64_t sys_renameat(SYSCALL_ARGS);

/* For a syscall peek knows but does not do: -ENOSYS, as from a kernel
 * built without it, and "Unsupported syscall: name" under -d unimp. */
int64_t syscall_unimplemented(const char *name);

/* The entry for nr, or NULL if there is no such syscall. */
const SyscallDef *syscall_lookup(int64_t nr);

/* Run d's handler for cpu, with peek's own descriptors hidden (a 'D' or
 * 'f' argument naming one becomes -1). */
int64_t syscall_run(CPUState *cpu, const SyscallDef *d, const uint64_t *a);

/* -strace: run d for cpu, printing the call and its result. */
int64_t strace_syscall(CPUState *cpu, int64_t nr, const SyscallDef *d, const uint64_t *a);
/* Where -strace and -d unimp write. */
FILE *user_log(void);

/* A host result as a guest one: -1 becomes -errno. */
static inline int64_t host_ret(long r) { return r < 0 ? -(int64_t)errno : r; }

/* Host pointer for a guest buffer the host will read (NULL if it is not
 * readable) or write (NULL if not writable; translated code there is
 * dropped first). A zero length is always fine. */
static inline void *guest_rbuf(uint64_t a, uint64_t len)
{
    return mem_access_ok(a, len, PAGE_READ) ? g2h(a) : NULL;
}
static inline void *guest_wbuf(uint64_t a, uint64_t len)
{
    return mem_prepare_kernel_write(a, len) == 0 ? g2h(a) : NULL;
}
/* Values inside a checked guest buffer (host pointers from guest_rbuf or
 * guest_wbuf), which the guest may have placed at any alignment. */
static inline uint16_t load_u16(const void *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static inline uint32_t load_u32(const void *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t load_u64(const void *p) { uint64_t v; memcpy(&v, p, 8); return v; }
static inline void store_u16(void *p, uint16_t v) { memcpy(p, &v, 2); }
/* A guest buffer as the pointer to hand the host kernel, which then finds
 * a bad one itself, at the point among its own checks where Linux does:
 * the guest sees Linux's errno order (read(bad_fd, NULL, n) is EBADF).
 * NULL stays NULL (the kernel knows which arguments are optional), a range
 * inside the guest space is itself (for one the kernel writes, with the
 * translated code there dropped first), and a range that leaves the space
 * becomes an address the host kernel refuses outright, as a guest's kernel
 * refuses one above its user space. Never a pointer to peek's own memory,
 * so only the kernel may use it. */
void *guest_kbuf(uint64_t a, uint64_t len, bool writes_guest);
/* The same for a guest string the kernel reads at most max bytes of. */
static inline const char *guest_kstr(uint64_t a, uint64_t max) { return guest_kbuf(a, max, false); }

/* Optional pointers: a guest NULL stays a host NULL. */
#define GUEST_OPT_RBUF(a, len, out) \
    ((a) ? ((out) = guest_rbuf((a), (len))) != NULL : ((out) = NULL, 1))
#define GUEST_OPT_WBUF(a, len, out) \
    ((a) ? ((out) = guest_wbuf((a), (len))) != NULL : ((out) = NULL, 1))

/* Copy the guest string at a into buf (size bytes). 0, -EFAULT or
 * -ENAMETOOLONG. */
int64_t guest_string(uint64_t a, char *buf, size_t size);

/* A guest path, copied into buf. With sysroot (for lookups that only read:
 * open for reading, stat, access, readlink), an absolute path that names a
 * file in the -L prefix resolves there, so dynamic programs find the guest's
 * libraries; host is the path to give the host. A path peek cannot read,
 * or one too long, is left to the host kernel (host is its guest_kstr,
 * buf is empty, unread is set), so that the kernel's checks of the other
 * arguments come first, as in Linux; peek itself must not read host then.
 * 0, or -ENOENT for a path naming one of peek's own descriptors. */
#define GUEST_PATH_MAX 4096
typedef struct GuestPath {
    char buf[GUEST_PATH_MAX];
    char alt[GUEST_PATH_MAX];
    const char *host;
    bool unread;
} GuestPath;
int64_t guest_path(uint64_t a, GuestPath *p, bool sysroot);
/* The same for a path the emulator holds (path NULL: the one in p->buf). */
int64_t user_path(const char *path, GuestPath *p, bool sysroot);

/* A guest iovec array as host iovecs (malloc'd; free it), each buffer as
 * guest_kbuf gives it (writes_guest: the host fills them). NULL with *err
 * set if the array itself is bad. */
struct iovec *guest_iovec(uint64_t a, uint64_t cnt, bool writes_guest, int64_t *err);

/* /proc as the guest sees it (procfs*.c; see procfs.c for what is answered).
 * Before the host opens path: /proc/cpuinfo is ours (sets *handled and
 * returns an fd or -errno). */
int64_t procfs_open(const char *path, int flags, bool *handled);
/* After the host opened a path for the guest with flags (host values) and
 * got fd: the guest's descriptor (fd, now perhaps ours) or -errno. */
int64_t procfs_opened(int fd, int flags);
/* readlinkat for the guest, host path, into the guest's buffer at gbuf:
 * result or -errno. */
int64_t procfs_readlinkat(int dirfd, const char *path, uint64_t gbuf, size_t size);
/* Before a lookup (stat, access, chdir, xattr) of path: 0, or -ENOENT for
 * an entry of ours that does not exist for the guest. */
int64_t procfs_lookup(int dirfd, const char *path);
/* The guest program, if path spells /proc/self/exe plainly, else NULL. */
const char *procfs_exe_alias(const char *path);
/* Is st peek's own binary (which the guest sees as its program)? */
struct stat;
bool procfs_is_peek_exe(const struct stat *st);

/* The descriptors of /proc/self/mem and pagemap (procfs-fd.c). The host
 * refuses I/O on them with EBADF; the handlers then call these, which
 * return -EBADF for any other descriptor. off: the offset of the p-forms
 * when positioned, else the file position is used and moved. */
int64_t procfs_fd_io(int fd, uint64_t gbuf, uint64_t len, int64_t off, bool positioned, bool write);
int64_t procfs_fd_iov(int fd, uint64_t giov, uint64_t cnt, int64_t off, bool positioned,
                      bool write);
int64_t procfs_fd_lseek(int fd, int64_t off, int whence);
int64_t procfs_fd_fcntl(int fd, int cmd, uint64_t arg);
/* Descriptors first..last were closed; newfd is now a copy of oldfd. */
void procfs_fd_closed(int first, int last);
void procfs_fd_dup(int oldfd, int newfd);
/* Does path name one of peek's own fds (/proc/self/fd/N, fdinfo/N,
 * /dev/fd/N)? Then it does not exist for the guest. */
bool procfs_hides(const char *path);
/* getdents64 on fd filled buf with n bytes: if fd is this process's
 * /proc fd or fdinfo directory, drop peek's own fds; the bytes kept. */
size_t procfs_filter_dents(int fd, char *buf, size_t n);

/* The sysroot guest absolute paths are looked up in first (-L, or the
 * cross sysroot when it exists), or NULL. */
const char *user_ld_prefix(void);

/* The loader's copies of what the guest was started with (/proc/self). */
const uint64_t *user_auxv(size_t *bytes);
const char *user_cmdline(size_t *bytes);

#endif
