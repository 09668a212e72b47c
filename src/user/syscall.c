/*
 * The syscall table and entry point: user_syscall() looks the number up in
 * the table built from the topic .def files (see syscall.h) and runs the
 * handler, through -strace when asked. Also the guest-argument helpers every
 * topic file uses: strings, paths (with the -L prefix) and iovec arrays.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec/log.h"
#include "util/hostfd.h"
#include "plugin/plugin.h"
#include "user/arch.h"
#include "user/syscall.h"

#define SYSCALL(nr, name, fmt) int64_t sys_##name(SYSCALL_ARGS);
#include "user/syscall-list.h"
#undef SYSCALL

static const SyscallDef syscall_table[SYSCALL_MAX] = {
#define SYSCALL(nr, name, fmt) [nr] = { #name, sys_##name, fmt, nr },
#include "user/syscall-list.h"
#undef SYSCALL
};

const SyscallDef *syscall_lookup(int64_t nr)
{
    if (nr >= 0 && nr < SYSCALL_MAX && syscall_table[nr].fn)
        return &syscall_table[nr];
    for (unsigned i = 0; i < user_arch->n_arch_syscalls; i++)
        if (user_arch->arch_syscalls[i].nr == nr)
            return &user_arch->arch_syscalls[i];
    return NULL;
}

/* peek's own descriptors are not the guest's: an fd argument ('D', or a
 * directory fd 'f') naming one reaches the host as -1, which the kernel
 * treats as it would a closed fd (EBADF; ignored where a closed fd is, as
 * with an absolute path or MAP_ANONYMOUS). */
int64_t syscall_run(CPUState *cpu, const SyscallDef *d, const uint64_t *a)
{
    uint64_t b[6];
    const uint64_t *args = a;
    for (int i = 0; i < 6 && d->fmt[i] && d->fmt[i] != '='; i++) {
        if ((d->fmt[i] == 'D' || d->fmt[i] == 'f') && hostfd_is_ours((int)a[i])) {
            if (args == a) {
                memcpy(b, a, sizeof(b));
                args = b;
            }
            b[i] = (uint64_t)-1;
        }
    }
    return d->fn(cpu, args);
}

int64_t syscall_unimplemented(const char *name)
{
    if (user_opts.log_unimp)
        fprintf(user_log(), "Unsupported syscall: %s\n", name);
    return -ENOSYS;
}

static int64_t dispatch(CPUState *cpu, int64_t nr, const uint64_t a[6])
{
    const SyscallDef *d = syscall_lookup(nr);
    if (!d) {
        if (user_opts.log_unimp)
            fprintf(user_log(), "Unsupported syscall: %" PRId64 "\n", nr);
        if (user_opts.strace)   /* as QEMU: no result */
            fprintf(user_log(), "%d Unknown syscall %" PRId64 "\n", getpid(), nr);
        return -ENOSYS;
    }
    int64_t r = user_opts.strace ? strace_syscall(cpu, nr, d, a) : syscall_run(cpu, d, a);
    mem_kernel_writes_done();
    if (r == -EFAULT && log_enabled(LOG_GUEST_ERROR))
        fprintf(user_log(), "%d %s: a guest address among the arguments is not mapped (EFAULT)\n",
                getpid(), d->name);
    return r;
}

/* Plugins see every call and its result, may answer it themselves (a
 * filter), or move the pc (then the guest's registers stay as they are). */
int64_t user_syscall(CPUState *cpu, int64_t nr, const uint64_t a[6])
{
    if (!plugin_active)
        return dispatch(cpu, nr, a);
    int64_t r = 0;
    switch (plugin_syscall(cpu, nr, a, &r)) {
    case PLUGIN_SYSCALL_REDIRECT:
        return SYS_ESIGRETURN;
    case PLUGIN_SYSCALL_RUN:
        r = dispatch(cpu, nr, a);
        break;
    default:
        break;
    }
    return plugin_syscall_ret(cpu, nr, r) ? SYS_ESIGRETURN : r;
}

/* The host's (asm-generic's) values; O_LARGEFILE is the kernel's, which
 * glibc's x86-64 headers define as 0. */
static const UserOpenFlags host_open_flags = { O_DIRECTORY, O_NOFOLLOW, O_DIRECT, 0100000 };

static int remap_open_flags(int v, const UserOpenFlags *from, const UserOpenFlags *to)
{
    int r = v & ~(int)(from->directory | from->nofollow | from->direct | from->largefile);
    r |= (v & (int)from->directory) ? (int)to->directory : 0;
    r |= (v & (int)from->nofollow) ? (int)to->nofollow : 0;
    r |= (v & (int)from->direct) ? (int)to->direct : 0;
    r |= (v & (int)from->largefile) ? (int)to->largefile : 0;
    return r;
}

int user_open_flags_to_host(int guest)
{
    const UserOpenFlags *g = user_arch->open_flags;
    return g ? remap_open_flags(guest, g, &host_open_flags) : guest;
}

int user_open_flags_to_guest(int host)
{
    const UserOpenFlags *g = user_arch->open_flags;
    return g ? remap_open_flags(host, &host_open_flags, g) : host;
}

int64_t guest_string(uint64_t a, char *buf, size_t size)
{
    int64_t n = guest_strnlen(a, size);
    if (n < 0)
        return n;
    if ((size_t)n >= size)
        return -ENAMETOOLONG;
    memcpy(buf, g2h(a), (size_t)n + 1);
    return 0;
}

/* Where a guest buffer outside the guest space points the host kernel: the
 * last page of the address space, which no user access may touch. */
#define KERNEL_REFUSES ((void *)(uintptr_t)-GUEST_PAGE_SIZE)

void *guest_kbuf(uint64_t a, uint64_t len, bool writes_guest)
{
    if (!a)
        return NULL;
    if (!guest_range_valid(a, len))
        return KERNEL_REFUSES;
    if (writes_guest)
        mem_prepare_kernel_write(a, len);
    return g2h(a);
}

int64_t guest_path(uint64_t a, GuestPath *p, bool sysroot)
{
    if (guest_string(a, p->buf, sizeof(p->buf)) < 0) {
        p->buf[0] = 0;
        p->host = guest_kstr(a, sizeof(p->buf));
        p->unread = true;
        return 0;
    }
    return user_path(NULL, p, sysroot);
}

int64_t user_path(const char *path, GuestPath *p, bool sysroot)
{
    p->unread = false;
    if (path && (size_t)snprintf(p->buf, sizeof(p->buf), "%s", path) >= sizeof(p->buf))
        return -ENAMETOOLONG;
    if (procfs_hides(p->buf))
        return -ENOENT;
    p->host = p->buf;
    /* Directories are not redirected, so listing "/" or "/lib" still shows
     * the host's. */
    const char *prefix = sysroot ? user_ld_prefix() : NULL;
    struct stat st;
    if (prefix && p->buf[0] == '/' && p->buf[1] &&
        (size_t)snprintf(p->alt, sizeof(p->alt), "%s%s", prefix, p->buf) < sizeof(p->alt) &&
        stat(p->alt, &st) == 0 && !S_ISDIR(st.st_mode))
        p->host = p->alt;
    return 0;
}

struct iovec *guest_iovec(uint64_t a, uint64_t cnt, bool writes_guest, int64_t *err)
{
    if (cnt > IOV_MAX) {
        *err = -EINVAL;
        return NULL;
    }
    struct iovec *v = malloc(cnt * sizeof(*v) + 1);
    if (!v) {
        *err = -ENOMEM;
        return NULL;
    }
    /* Guest iovecs are { u64 base; u64 len }, as on the host, but the
     * array may sit at any address. */
    const char *g = guest_rbuf(a, cnt * 16);
    if (!g)
        goto fault;
    uint64_t total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        uint64_t base = load_u64(g + 16 * i), len = load_u64(g + 16 * i + 8);
        if (len > SSIZE_MAX - total) {
            free(v);
            *err = -EINVAL;
            return NULL;
        }
        total += len;
        v[i].iov_base = guest_kbuf(base, len, writes_guest);
        v[i].iov_len = len;
    }
    return v;
fault:
    free(v);
    *err = -EFAULT;
    return NULL;
}
