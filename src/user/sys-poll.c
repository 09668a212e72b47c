/*
 * Syscalls that wait on several fds (ppoll, pselect6, epoll) and the fds
 * made for waiting (eventfd, timerfd, inotify, signalfd).
 *
 * The asm-generic struct epoll_event is { u32 events; u64 data } with natural
 * alignment (16 bytes); x86-64's is packed (12 bytes): converted both ways.
 *
 * Waits are interruptible host syscalls (signal.h). A signal mask given to
 * ppoll/pselect6/epoll_pwait replaces the guest's blocked mask for the wait
 * (user_set_temp_mask); the old one returns when the syscall ends.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "user/signal.h"
#include "user/syscall.h"

typedef struct GuestEpollEvent {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
} GuestEpollEvent;

#define EP_MAX_EVENTS (INT32_MAX / (int)sizeof(GuestEpollEvent))

/* Apply the guest sigset at addr (size bytes; 0 = none) for this wait. */
static int64_t wait_sigmask(CPUState *cpu, uint64_t addr, uint64_t size)
{
    uint64_t mask;
    if (!addr)
        return 0;
    if (size != sizeof(mask))
        return -EINVAL;
    if (copy_from_guest(&mask, addr, sizeof(mask)) < 0)
        return -EFAULT;
    user_set_temp_mask(cpu, mask);
    return 0;
}

/* struct pollfd { int fd; short events, revents; }: 8 bytes everywhere. */
#define POLLFD_SIZE 8

/* ppoll over fds (n of them, `ours` naming peek's own descriptors): those
 * read as closed ones do, POLLNVAL and counted, so the call does not wait. */
static int64_t ppoll_hiding(char *fds, uint64_t n, int64_t ours)
{
    struct pollfd *h = malloc(n * sizeof(*h));
    if (!h)
        return -ENOMEM;
    for (uint64_t i = 0; i < n; i++) {
        int fd = (int)load_u32(fds + i * POLLFD_SIZE);
        h[i] = (struct pollfd){ hostfd_is_ours(fd) ? -1 : fd,
                                (short)load_u16(fds + i * POLLFD_SIZE + 4), 0 };
    }
    struct timespec now = { 0, 0 };
    int64_t r = safe_syscall_nohand(SYS_ppoll, h, n, &now, NULL, 8);
    if (r >= 0) {
        for (uint64_t i = 0; i < n; i++) {
            bool mine = hostfd_is_ours((int)load_u32(fds + i * POLLFD_SIZE));
            store_u16(fds + i * POLLFD_SIZE + 6, mine ? POLLNVAL : (uint16_t)h[i].revents);
        }
        r += ours;
    }
    free(h);
    return r;
}

int64_t sys_ppoll(SYSCALL_ARGS)
{
    char *fds;
    void *tmo;
    if (a[1] > 1u << 20)
        return -EINVAL;
    fds = guest_wbuf(a[0], a[1] * POLLFD_SIZE);
    if (!fds || !GUEST_OPT_WBUF(a[2], sizeof(struct timespec), tmo))
        return -EFAULT;
    int64_t ours = 0;
    for (uint64_t i = 0; i < a[1]; i++)
        ours += hostfd_is_ours((int)load_u32(fds + i * POLLFD_SIZE));
    int64_t r = wait_sigmask(cpu, a[3], a[4]);
    if (r < 0)
        return r;
    if (ours)
        return ppoll_hiding(fds, a[1], ours);
    return safe_syscall_nohand(SYS_ppoll, fds, a[1], tmo, NULL, 8);
}

/* Is any of peek's own fds (below nfds) in one of the fd_sets? */
static bool fd_sets_name_ours(uint64_t nfds, void *const set[3])
{
    for (uint64_t fd = (uint64_t)hostfd_base; fd < nfds; fd++)
        for (int i = 0; i < 3; i++)
            if (set[i] && (((const uint8_t *)set[i])[fd / 8] >> (fd % 8) & 1))
                return true;
    return false;
}

int64_t sys_pselect6(SYSCALL_ARGS)
{
    if ((int64_t)a[0] < 0 || a[0] > 1u << 20)
        return -EINVAL;
    uint64_t bytes = (a[0] + 63) / 64 * 8;
    void *set[3], *tmo;
    for (int i = 0; i < 3; i++)
        if (!GUEST_OPT_WBUF(a[1 + i], bytes, set[i]))
            return -EFAULT;
    if (!GUEST_OPT_WBUF(a[4], sizeof(struct timespec), tmo))
        return -EFAULT;
    /* as the kernel answers for a set fd that is not open */
    if (fd_sets_name_ours(a[0], set))
        return -EBADF;
    if (a[5]) {
        /* the sixth argument points at { const sigset_t *ss; size_t ss_len } */
        uint64_t sig6[2];
        if (copy_from_guest(sig6, a[5], sizeof(sig6)) < 0)
            return -EFAULT;
        int64_t r = wait_sigmask(cpu, sig6[0], sig6[1]);
        if (r < 0)
            return r;
    }
    return safe_syscall_nohand(SYS_pselect6, (int)a[0], set[0], set[1], set[2], tmo, NULL);
}

int64_t sys_epoll_create1(SYSCALL_ARGS) { return host_ret(epoll_create1((int)a[0])); }

int64_t sys_epoll_ctl(SYSCALL_ARGS)
{
    struct epoll_event ev, *evp = NULL;
    if (a[3]) {
        GuestEpollEvent g;
        if (copy_from_guest(&g, a[3], sizeof(g)) < 0)
            return -EFAULT;
        ev.events = g.events;
        ev.data.u64 = g.data;
        evp = &ev;
    }
    return host_ret(epoll_ctl((int)a[0], (int)a[1], (int)a[2], evp));
}

/* Wait with a host timeout argument (ms for epoll_pwait, timespec * for
 * epoll_pwait2), then convert the events out. */
static int64_t epoll_wait_common(CPUState *cpu, const uint64_t *a, long host_nr, long timeout)
{
    int max = (int)a[2];
    if (max <= 0 || max > EP_MAX_EVENTS)
        return -EINVAL;
    if (!guest_wbuf(a[1], (uint64_t)max * sizeof(GuestEpollEvent)))
        return -EFAULT;
    int64_t mr = wait_sigmask(cpu, a[4], a[5]);
    if (mr < 0)
        return mr;
    struct epoll_event *ev = malloc((size_t)max * sizeof(*ev));
    if (!ev)
        return -ENOMEM;
    int64_t r = safe_syscall_nohand(host_nr, (int)a[0], ev, max, timeout, NULL, 8);
    char *g = g2h(a[1]);    /* checked above; any alignment */
    for (int64_t i = 0; i < r; i++) {
        GuestEpollEvent e = { .events = ev[i].events, .data = ev[i].data.u64 };
        memcpy(g + i * (int64_t)sizeof(e), &e, sizeof(e));
    }
    free(ev);
    return r;
}

int64_t sys_epoll_pwait(SYSCALL_ARGS)
{
    return epoll_wait_common(cpu, a, SYS_epoll_pwait, (int)a[3]);
}

int64_t sys_epoll_pwait2(SYSCALL_ARGS)
{
    void *tmo;
    if (!GUEST_OPT_RBUF(a[3], sizeof(struct timespec), tmo))
        return -EFAULT;
    return epoll_wait_common(cpu, a, SYS_epoll_pwait2, (long)tmo);
}

/* The guest's blocked signals wait in the host kernel (the host mask
 * follows the guest's, see signal.h), so a host signalfd sees what the
 * guest's would, and struct signalfd_siginfo is the same in both ABIs:
 * reads, poll and epoll need nothing more. Not seen: one of the five
 * fault signals sent with kill while blocked, which the host cannot
 * block for peek and so waits in peek's own queue. */
int64_t sys_signalfd4(SYSCALL_ARGS)
{
    uint64_t mask;
    if (a[2] != sizeof(mask))
        return -EINVAL;
    if (copy_from_guest(&mask, a[1], sizeof(mask)) < 0)
        return -EFAULT;
    return host_ret(syscall(SYS_signalfd4, (int)a[0], &mask, sizeof(mask), (int)a[3]));
}

int64_t sys_eventfd2(SYSCALL_ARGS) { return host_ret(eventfd((unsigned)a[0], (int)a[1])); }
int64_t sys_timerfd_create(SYSCALL_ARGS) { return host_ret(timerfd_create((int)a[0], (int)a[1])); }

int64_t sys_timerfd_settime(SYSCALL_ARGS)
{
    void *nv = guest_rbuf(a[2], sizeof(struct itimerspec)), *ov;
    if (!nv || !a[2] || !GUEST_OPT_WBUF(a[3], sizeof(struct itimerspec), ov))
        return -EFAULT;
    return host_ret(timerfd_settime((int)a[0], (int)a[1], nv, ov));
}

int64_t sys_timerfd_gettime(SYSCALL_ARGS)
{
    void *cur = guest_wbuf(a[1], sizeof(struct itimerspec));
    return cur && a[1] ? host_ret(timerfd_gettime((int)a[0], cur)) : -EFAULT;
}

int64_t sys_inotify_init1(SYSCALL_ARGS) { return host_ret(inotify_init1((int)a[0])); }
int64_t sys_inotify_rm_watch(SYSCALL_ARGS) { return host_ret(inotify_rm_watch((int)a[0], (int)a[1])); }

int64_t sys_inotify_add_watch(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[1], &p, false);
    return r < 0 ? r : host_ret(inotify_add_watch((int)a[0], p.host, (uint32_t)a[2]));
}
