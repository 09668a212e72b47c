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
 *   fmt   for -strace, one character per argument, optionally followed by
 *         '=' and one character for the result:
 *           d int   l long   u unsigned   x hex   o octal   p pointer
 *           s guest string   b guest buffer whose length is the next argument
 *           f directory fd (AT_FDCWD)
 *         result: d (default: -errno shown as an error), x hex (addresses),
 *         n does not return to the caller (exit, execve): printed before.
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

/* The entry for nr, or NULL if there is no such syscall. */
const SyscallDef *syscall_lookup(int64_t nr);

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
    return mem_prepare_write(a, len) == 0 ? g2h(a) : NULL;
}
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
 * buf is empty), so that the kernel's checks of the other arguments come
 * first, as in Linux. */
#define GUEST_PATH_MAX 4096
typedef struct GuestPath {
    char buf[GUEST_PATH_MAX];
    char alt[GUEST_PATH_MAX];
    const char *host;
} GuestPath;
void guest_path(uint64_t a, GuestPath *p, bool sysroot);

/* A guest iovec array as host iovecs (malloc'd; free it), each buffer as
 * guest_kbuf gives it (writes_guest: the host fills them). NULL with *err
 * set if the array itself is bad. */
struct iovec *guest_iovec(uint64_t a, uint64_t cnt, bool writes_guest, int64_t *err);

/* /proc/self emulation (procfs.c). If path names a file we answer for the
 * guest (exe, maps, auxv, cmdline), open it (returns an fd or -errno) and
 * set *handled. */
int64_t procfs_open(const char *path, int flags, bool *handled);
/* The target of readlink(path) if we answer it (/proc/self/exe), else NULL. */
const char *procfs_readlink(const char *path);

/* The sysroot guest absolute paths are looked up in first (-L, or the
 * cross sysroot when it exists), or NULL. */
const char *user_ld_prefix(void);

/* The loader's copies of what the guest was started with (/proc/self). */
const uint64_t *user_auxv(size_t *bytes);
const char *user_cmdline(size_t *bytes);

#endif
