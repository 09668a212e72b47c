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
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
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

/* The timeout of a wait, checked as Linux checks it before the wait's
 * other arguments (the kernel reads it again and writes back what is
 * left). 0, -EFAULT or -EINVAL. */
static int64_t check_timeout(uint64_t ga)
{
    struct timespec t;
    if (!ga)
        return 0;
    if (copy_from_guest(&t, ga, sizeof(t)) < 0)
        return -EFAULT;
    return t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= 1000000000 ? -EINVAL : 0;
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

/* Linux's order: the timeout, the signal mask, then the fds (an array
 * peek cannot read and write, or too long, is the kernel's to refuse). */
int64_t sys_ppoll(SYSCALL_ARGS)
{
    int64_t r = check_timeout(a[2]);
    if (r == 0)
        r = wait_sigmask(cpu, a[3], a[4]);
    if (r < 0)
        return r;
    uint64_t n = (unsigned)a[1];
    char *fds = guest_kbuf(a[0], n * POLLFD_SIZE, true);
    int64_t ours = 0;
    if (n <= 1u << 20 && mem_access_ok(a[0], n * POLLFD_SIZE, PAGE_READ | PAGE_WRITE))
        for (uint64_t i = 0; i < n; i++)
            ours += hostfd_is_ours((int)load_u32(fds + i * POLLFD_SIZE));
    if (ours)
        return ppoll_hiding(fds, n, ours);
    return safe_syscall_nohand(SYS_ppoll, fds, n, guest_kbuf(a[2], sizeof(struct timespec), true),
                               NULL, 8);
}

/* Is any of peek's own fds (below nfds) in one of the guest's fd_sets?
 * A set peek cannot read is the kernel's to refuse. */
static bool fd_sets_name_ours(uint64_t nfds, const uint64_t gset[3])
{
    uint64_t end = (uint64_t)hostfd_base + HOSTFD_RESERVED;
    end = nfds < end ? nfds : end;
    for (int i = 0; i < 3; i++) {
        if (!gset[i] || end <= (uint64_t)hostfd_base || !mem_access_ok(gset[i], (end + 7) / 8, PAGE_READ))
            continue;
        const uint8_t *set = g2h(gset[i]);
        for (uint64_t fd = (uint64_t)hostfd_base; fd < end; fd++)
            if (set[fd / 8] >> (fd % 8) & 1)
                return true;
    }
    return false;
}

/* Linux's order: the signal-mask pair, the timeout, the mask, then the
 * fd count and sets. */
int64_t sys_pselect6(SYSCALL_ARGS)
{
    uint64_t sig6[2] = { 0, 0 };
    /* the sixth argument points at { const sigset_t *ss; size_t ss_len } */
    if (a[5] && copy_from_guest(sig6, a[5], sizeof(sig6)) < 0)
        return -EFAULT;
    int64_t r = check_timeout(a[4]);
    if (r == 0)
        r = wait_sigmask(cpu, sig6[0], sig6[1]);
    if (r < 0)
        return r;
    uint64_t bytes = ((uint64_t)(unsigned)a[0] + 63) / 64 * 8;
    void *set[3];
    for (int i = 0; i < 3; i++)
        set[i] = guest_kbuf(a[1 + i], bytes, true);
    /* as the kernel answers for a set fd that is not open */
    if ((int)a[0] >= 0 && fd_sets_name_ours((unsigned)a[0], a + 1))
        return -EBADF;
    return safe_syscall_nohand(SYS_pselect6, (int)a[0], set[0], set[1], set[2],
                               guest_kbuf(a[4], sizeof(struct timespec), true), NULL);
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

/* Events taken from the host per wait: fewer than the guest allows is
 * fine (the rest stay ready), and bounds what a huge maxevents allocates. */
#define EPOLL_BATCH 1024

/* Wait with a host timeout argument (ms for epoll_pwait, timespec * for
 * epoll_pwait2), then convert the events out. As in Linux, the signal mask
 * comes first, and a bad event buffer is only found when an event is
 * stored (an idle wait with one returns 0). */
static int64_t epoll_wait_common(CPUState *cpu, const uint64_t *a, long host_nr, long timeout)
{
    int64_t r = wait_sigmask(cpu, a[4], a[5]);
    if (r < 0)
        return r;
    int max = (int)a[2];
    if (max <= 0 || max > EP_MAX_EVENTS)
        return -EINVAL;
    struct epoll_event ev[EPOLL_BATCH];
    r = safe_syscall_nohand(host_nr, (int)a[0], ev, max < EPOLL_BATCH ? max : EPOLL_BATCH,
                            timeout, NULL, 8);
    for (int64_t i = 0; i < r; i++) {
        GuestEpollEvent e = { .events = ev[i].events, .data = ev[i].data.u64 };
        if (copy_to_guest(a[1] + (uint64_t)i * sizeof(e), &e, sizeof(e)) < 0)
            return i ? i : -EFAULT;
    }
    return r;
}

int64_t sys_epoll_pwait(SYSCALL_ARGS)
{
    return epoll_wait_common(cpu, a, SYS_epoll_pwait, (int)a[3]);
}

int64_t sys_epoll_pwait2(SYSCALL_ARGS)
{
    return epoll_wait_common(cpu, a, SYS_epoll_pwait2,
                             (long)guest_kbuf(a[3], sizeof(struct timespec), false));
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
    /* An fd of peek's own is not the guest's: EBADF in Linux's order
     * (after the flags), never -1, which would make a new signalfd. */
    if (!((int)a[3] & ~(SFD_CLOEXEC | SFD_NONBLOCK)) && (int)a[0] != -1 &&
        hostfd_is_ours((int)a[0]))
        return -EBADF;
    return host_ret(syscall(SYS_signalfd4, (int)a[0], &mask, sizeof(mask), (int)a[3]));
}

int64_t sys_eventfd2(SYSCALL_ARGS) { return host_ret(eventfd((unsigned)a[0], (int)a[1])); }
int64_t sys_timerfd_create(SYSCALL_ARGS) { return host_ret(timerfd_create((int)a[0], (int)a[1])); }

int64_t sys_timerfd_settime(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_timerfd_settime, (int)a[0], (int)a[1],
                            guest_kbuf(a[2], sizeof(struct itimerspec), false),
                            guest_kbuf(a[3], sizeof(struct itimerspec), true)));
}

int64_t sys_timerfd_gettime(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_timerfd_gettime, (int)a[0],
                            guest_kbuf(a[1], sizeof(struct itimerspec), true)));
}

int64_t sys_inotify_init1(SYSCALL_ARGS) { return host_ret(inotify_init1((int)a[0])); }
int64_t sys_inotify_rm_watch(SYSCALL_ARGS) { return host_ret(inotify_rm_watch((int)a[0], (int)a[1])); }

int64_t sys_inotify_add_watch(SYSCALL_ARGS)
{
    GuestPath p;
    int64_t r = guest_path(a[1], &p, false);
    return r < 0 ? r : host_ret(syscall(SYS_inotify_add_watch, (int)a[0], p.host, (uint32_t)a[2]));
}
