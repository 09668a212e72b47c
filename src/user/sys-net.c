/*
 * Sockets. Addresses, option values and control messages have the same
 * layout in the asm-generic ABI and on x86-64; what needs work is the pointers inside
 * struct msghdr (name, iovec array, control buffer), which are rebuilt as
 * host pointers after checking, and the in/out socklen_t arguments.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "user/signal.h"
#include "user/syscall.h"

int64_t sys_socket(SYSCALL_ARGS) { return host_ret(socket((int)a[0], (int)a[1], (int)a[2])); }
int64_t sys_listen(SYSCALL_ARGS) { return host_ret(listen((int)a[0], (int)a[1])); }
int64_t sys_shutdown(SYSCALL_ARGS) { return host_ret(shutdown((int)a[0], (int)a[1])); }

/* Linux stores the two fds before it makes the sockets: a bad pointer
 * comes before a bad family. */
int64_t sys_socketpair(SYSCALL_ARGS)
{
    int sv[2];
    if (!guest_wbuf(a[3], sizeof(sv)) || !a[3])
        return -EFAULT;
    if (socketpair((int)a[0], (int)a[1], (int)a[2], sv) < 0)
        return -errno;
    return copy_to_guest(a[3], sv, sizeof(sv));
}

/* Socket addresses are never longer than this (struct sockaddr_storage):
 * the kernel refuses a longer one, or writes at most this much. */
#define SOCKADDR_MAX 128

/* An address the kernel reads, of the guest's length. */
static void *addr_in(uint64_t ga, uint64_t len)
{
    return guest_kbuf(ga, len < SOCKADDR_MAX ? len : SOCKADDR_MAX, false);
}

/* An address the kernel fills in, and its in/out socklen_t. */
static void *addr_out(uint64_t ga) { return guest_kbuf(ga, SOCKADDR_MAX, true); }
static void *addrlen_out(uint64_t ga) { return guest_kbuf(ga, sizeof(socklen_t), true); }

int64_t sys_bind(SYSCALL_ARGS)
{
    return host_ret(bind((int)a[0], addr_in(a[1], a[2]), (socklen_t)a[2]));
}

int64_t sys_connect(SYSCALL_ARGS)
{
    return safe_syscall(SYS_connect, (int)a[0], addr_in(a[1], a[2]), (socklen_t)a[2]);
}

int64_t sys_accept4(SYSCALL_ARGS)
{
    return safe_syscall(SYS_accept4, (int)a[0], addr_out(a[1]), addrlen_out(a[2]), (int)a[3]);
}

int64_t sys_accept(SYSCALL_ARGS)
{
    return safe_syscall(SYS_accept4, (int)a[0], addr_out(a[1]), addrlen_out(a[2]), 0);
}

int64_t sys_getsockname(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_getsockname, (int)a[0], addr_out(a[1]), addrlen_out(a[2])));
}

int64_t sys_getpeername(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_getpeername, (int)a[0], addr_out(a[1]), addrlen_out(a[2])));
}

int64_t sys_recvfrom(SYSCALL_ARGS)
{
    return safe_syscall(SYS_recvfrom, (int)a[0], guest_kbuf(a[1], a[2], true), a[2], (int)a[3],
                        addr_out(a[4]), addrlen_out(a[5]));
}

int64_t sys_sendto(SYSCALL_ARGS)
{
    return safe_syscall(SYS_sendto, (int)a[0], guest_kbuf(a[1], a[2], false), a[2], (int)a[3],
                        addr_in(a[4], a[5]), (socklen_t)a[5]);
}

int64_t sys_setsockopt(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_setsockopt, (int)a[0], (int)a[1], (int)a[2],
                            guest_kbuf(a[3], (uint32_t)a[4], false), (socklen_t)a[4]));
}

/* The kernel reads the length, then writes at most that much of the value:
 * the guest's length (0 if unreadable: the kernel then faults on it first)
 * bounds the value's range. */
int64_t sys_getsockopt(SYSCALL_ARGS)
{
    uint32_t len = 0;
    copy_from_guest(&len, a[4], sizeof(len));
    return host_ret(syscall(SYS_getsockopt, (int)a[0], (int)a[1], (int)a[2],
                            guest_kbuf(a[3], len, true), addrlen_out(a[4])));
}

/* Linux looks the socket up before it reads a message header: EBADF or
 * ENOTSOCK first. 0 or -errno. */
static int64_t check_socket(int fd)
{
    int type;
    socklen_t len = sizeof(type);
    return host_ret(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len));
}

/* ---- msghdr ---- */

/* Does a control buffer pass one of peek's own fds (SCM_RIGHTS)? Headers
 * are { u64 len; int level, type; } with the data 8-byte aligned, the same
 * in the guest's ABI and on x86-64; the buffer may sit at any address. A
 * malformed one is left to the kernel to refuse. */
static bool cmsg_passes_ours(const char *ctl, uint64_t size)
{
    for (uint64_t off = 0; size >= 16 && off <= size - 16;) {
        uint64_t len = load_u64(ctl + off);
        if (len < 16 || len > size - off)
            return false;
        if ((int)load_u32(ctl + off + 8) == SOL_SOCKET && (int)load_u32(ctl + off + 12) == SCM_RIGHTS)
            for (uint64_t i = 16; i + 4 <= len; i += 4)
                if (hostfd_is_ours((int)load_u32(ctl + off + i)))
                    return true;
        off += (len + 7) & ~7ull;
    }
    return false;
}

/* A guest msghdr has the host layout (pointers are 64-bit on both), so it
 * is read as one and its pointers rebuilt. h->msg_iov is malloc'd. */
static int64_t msg_in(uint64_t ga, struct msghdr *h, bool recv)
{
    struct msghdr g;
    int64_t err;
    if (copy_from_guest(&g, ga, sizeof(g)) < 0)
        return -EFAULT;
    *h = g;
    uint64_t ctl = (uintptr_t)g.msg_control;
    h->msg_name = guest_kbuf((uintptr_t)g.msg_name, g.msg_namelen, recv);
    h->msg_control = guest_kbuf(ctl, g.msg_controllen, recv);
    h->msg_iov = guest_iovec((uintptr_t)g.msg_iov, g.msg_iovlen, recv, &err);
    if (!h->msg_iov)
        return err;
    /* Linux looks at the fds a message passes after the rest of it; an
     * unreadable control buffer is the kernel's to refuse. */
    if (!recv && ctl && guest_rbuf(ctl, g.msg_controllen) &&
        cmsg_passes_ours(h->msg_control, g.msg_controllen)) {
        free(h->msg_iov);
        return -EBADF;
    }
    return 0;
}

/* What recvmsg reports back in the guest's msghdr. */
static void msg_out(uint64_t ga, const struct msghdr *h)
{
    copy_to_guest(ga + offsetof(struct msghdr, msg_namelen), &h->msg_namelen,
                  sizeof(h->msg_namelen));
    copy_to_guest(ga + offsetof(struct msghdr, msg_controllen), &h->msg_controllen,
                  sizeof(h->msg_controllen));
    copy_to_guest(ga + offsetof(struct msghdr, msg_flags), &h->msg_flags, sizeof(h->msg_flags));
}

int64_t sys_sendmsg(SYSCALL_ARGS)
{
    struct msghdr h;
    int64_t r = check_socket((int)a[0]);
    if (r == 0)
        r = msg_in(a[1], &h, false);
    if (r < 0)
        return r;
    r = safe_syscall(SYS_sendmsg, (int)a[0], &h, (int)a[2]);
    free(h.msg_iov);
    return r;
}

int64_t sys_recvmsg(SYSCALL_ARGS)
{
    struct msghdr h;
    int64_t r = check_socket((int)a[0]);
    if (r == 0)
        r = msg_in(a[1], &h, true);
    if (r < 0)
        return r;
    r = safe_syscall(SYS_recvmsg, (int)a[0], &h, (int)a[2]);
    if (r >= 0)
        msg_out(a[1], &h);
    free(h.msg_iov);
    return r;
}

/* sendmmsg/recvmmsg: arrays of { msghdr; unsigned msg_len; } (64 bytes).
 * Linux's order: recvmmsg's timeout, the socket, then the headers. */
static int64_t mmsg(const uint64_t *a, bool recv)
{
    struct timespec t;
    if (recv && a[4] && copy_from_guest(&t, a[4], sizeof(t)) < 0)
        return -EFAULT;
    int64_t r = check_socket((int)a[0]);
    if (r < 0)
        return r;
    unsigned n = a[2] > 1024 ? 1024 : (unsigned)a[2];
    struct mmsghdr *v = calloc(n + 1, sizeof(*v));
    unsigned built = 0;
    if (!v)
        return -ENOMEM;
    if (!guest_wbuf(a[1], (uint64_t)n * sizeof(*v))) {
        r = -EFAULT;
        goto out;
    }
    for (; built < n; built++) {
        r = msg_in(a[1] + built * sizeof(*v), &v[built].msg_hdr, recv);
        if (r < 0)
            goto out;
    }
    if (recv)
        r = safe_syscall(SYS_recvmmsg, (int)a[0], v, n, (int)a[3],
                         guest_kbuf(a[4], sizeof(struct timespec), true));
    else
        r = safe_syscall(SYS_sendmmsg, (int)a[0], v, n, (int)a[3]);
    for (int64_t i = 0; i < r; i++) {
        uint64_t ga = a[1] + (uint64_t)i * sizeof(*v);
        if (recv)
            msg_out(ga, &v[i].msg_hdr);
        copy_to_guest(ga + offsetof(struct mmsghdr, msg_len), &v[i].msg_len,
                      sizeof(v[i].msg_len));
    }
out:
    for (unsigned i = 0; i < built; i++)
        free(v[i].msg_hdr.msg_iov);
    free(v);
    return r;
}

int64_t sys_sendmmsg(SYSCALL_ARGS) { return mmsg(a, false); }
int64_t sys_recvmmsg(SYSCALL_ARGS) { return mmsg(a, true); }
