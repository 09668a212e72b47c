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

int64_t sys_socketpair(SYSCALL_ARGS)
{
    int sv[2];
    if (!guest_wbuf(a[3], sizeof(sv)) || !a[3])
        return -EFAULT;
    if (socketpair((int)a[0], (int)a[1], (int)a[2], sv) < 0)
        return -errno;
    return copy_to_guest(a[3], sv, sizeof(sv));
}

int64_t sys_bind(SYSCALL_ARGS)
{
    void *addr = guest_rbuf(a[1], a[2]);
    return addr ? host_ret(bind((int)a[0], addr, (socklen_t)a[2])) : -EFAULT;
}

int64_t sys_connect(SYSCALL_ARGS)
{
    void *addr = guest_rbuf(a[1], a[2]);
    return addr ? safe_syscall(SYS_connect, (int)a[0], addr, (socklen_t)a[2]) : -EFAULT;
}

/* Calls with an optional (address, socklen_t *) pair the kernel fills in:
 * run call with host pointers, then store the length back. */
typedef int64_t AddrCall(const uint64_t *a, void *addr, socklen_t *len);

static int64_t with_out_addr(const uint64_t *a, uint64_t gaddr, uint64_t glen, AddrCall *call)
{
    socklen_t len = 0;
    void *addr = NULL;
    if (gaddr) {
        if (copy_from_guest(&len, glen, sizeof(len)) < 0 || !guest_wbuf(glen, sizeof(len)))
            return -EFAULT;
        if ((int)len < 0)
            return -EINVAL;
        addr = guest_wbuf(gaddr, len);
        if (!addr)
            return -EFAULT;
    }
    int64_t r = call(a, addr, gaddr ? &len : NULL);
    if (r >= 0 && gaddr)
        copy_to_guest(glen, &len, sizeof(len));
    return r;
}

static int64_t do_accept4(const uint64_t *a, void *addr, socklen_t *len)
{
    return safe_syscall(SYS_accept4, (int)a[0], addr, len, (int)a[3]);
}
static int64_t do_accept(const uint64_t *a, void *addr, socklen_t *len)
{
    return safe_syscall(SYS_accept4, (int)a[0], addr, len, 0);
}
static int64_t do_getsockname(const uint64_t *a, void *addr, socklen_t *len)
{
    return host_ret(getsockname((int)a[0], addr, len));
}
static int64_t do_getpeername(const uint64_t *a, void *addr, socklen_t *len)
{
    return host_ret(getpeername((int)a[0], addr, len));
}
static int64_t do_recvfrom(const uint64_t *a, void *addr, socklen_t *len)
{
    return safe_syscall(SYS_recvfrom, (int)a[0], g2h(a[1]), a[2], (int)a[3], addr, len);
}

int64_t sys_accept4(SYSCALL_ARGS) { return with_out_addr(a, a[1], a[2], do_accept4); }
int64_t sys_accept(SYSCALL_ARGS) { return with_out_addr(a, a[1], a[2], do_accept); }

int64_t sys_getsockname(SYSCALL_ARGS)
{
    return a[1] ? with_out_addr(a, a[1], a[2], do_getsockname) : -EFAULT;
}

int64_t sys_getpeername(SYSCALL_ARGS)
{
    return a[1] ? with_out_addr(a, a[1], a[2], do_getpeername) : -EFAULT;
}

int64_t sys_recvfrom(SYSCALL_ARGS)
{
    if (!guest_wbuf(a[1], a[2]))
        return -EFAULT;
    return with_out_addr(a, a[4], a[5], do_recvfrom);
}

int64_t sys_sendto(SYSCALL_ARGS)
{
    void *buf = guest_rbuf(a[1], a[2]), *addr;
    if (!buf || !GUEST_OPT_RBUF(a[4], a[5], addr))
        return -EFAULT;
    return safe_syscall(SYS_sendto, (int)a[0], buf, a[2], (int)a[3], addr, (socklen_t)a[5]);
}

int64_t sys_setsockopt(SYSCALL_ARGS)
{
    void *val;
    if (!GUEST_OPT_RBUF(a[3], a[4], val))
        return -EFAULT;
    return host_ret(setsockopt((int)a[0], (int)a[1], (int)a[2], val, (socklen_t)a[4]));
}

int64_t sys_getsockopt(SYSCALL_ARGS)
{
    socklen_t len;
    if (copy_from_guest(&len, a[4], sizeof(len)) < 0 || !guest_wbuf(a[4], sizeof(len)))
        return -EFAULT;
    if ((int)len < 0)
        return -EINVAL;
    void *val = guest_wbuf(a[3], len);
    if (!val)
        return -EFAULT;
    int64_t r = host_ret(getsockopt((int)a[0], (int)a[1], (int)a[2], val, &len));
    if (r >= 0)
        copy_to_guest(a[4], &len, sizeof(len));
    return r;
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
    uint64_t name = (uintptr_t)g.msg_name, ctl = (uintptr_t)g.msg_control;
    if (recv ? !GUEST_OPT_WBUF(name, g.msg_namelen, h->msg_name)
             : !GUEST_OPT_RBUF(name, g.msg_namelen, h->msg_name))
        return -EFAULT;
    if (recv ? !GUEST_OPT_WBUF(ctl, g.msg_controllen, h->msg_control)
             : !GUEST_OPT_RBUF(ctl, g.msg_controllen, h->msg_control))
        return -EFAULT;
    if (!recv && h->msg_control && cmsg_passes_ours(h->msg_control, g.msg_controllen))
        return -EBADF;
    h->msg_iov = guest_iovec((uintptr_t)g.msg_iov, g.msg_iovlen, recv, &err);
    return h->msg_iov ? 0 : err;
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
    int64_t r = msg_in(a[1], &h, false);
    if (r < 0)
        return r;
    r = safe_syscall(SYS_sendmsg, (int)a[0], &h, (int)a[2]);
    free(h.msg_iov);
    return r;
}

int64_t sys_recvmsg(SYSCALL_ARGS)
{
    struct msghdr h;
    int64_t r = msg_in(a[1], &h, true);
    if (r < 0)
        return r;
    r = safe_syscall(SYS_recvmsg, (int)a[0], &h, (int)a[2]);
    if (r >= 0)
        msg_out(a[1], &h);
    free(h.msg_iov);
    return r;
}

/* sendmmsg/recvmmsg: arrays of { msghdr; unsigned msg_len; } (64 bytes). */
static int64_t mmsg(const uint64_t *a, bool recv)
{
    unsigned n = a[2] > 1024 ? 1024 : (unsigned)a[2];
    struct mmsghdr *v = calloc(n + 1, sizeof(*v));
    int64_t r = 0;
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
    if (recv) {
        void *tmo;
        if (!GUEST_OPT_WBUF(a[4], sizeof(struct timespec), tmo)) {
            r = -EFAULT;
            goto out;
        }
        r = safe_syscall(SYS_recvmmsg, (int)a[0], v, n, (int)a[3], tmo);
    } else {
        r = safe_syscall(SYS_sendmmsg, (int)a[0], v, n, (int)a[3]);
    }
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
