/*
 * The signal-mask argument of ppoll, pselect6 and epoll_pwait: SIGUSR1 is
 * blocked and pending; each wait, given a mask without SIGUSR1, must let
 * it in (handler runs, the wait fails with EINTR well before its 2 s
 * timeout), and SIGUSR1 must be blocked again afterwards. A wait given no
 * mask must time out with the signal still pending.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

static volatile sig_atomic_t hits;
static void on_usr1(int sig) { hits++; }

static void report(const char *name, int r, int err)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("%s: r=%d errno=%s hits=%d usr1-blocked-after=%d\n", name, r, r < 0 ? strerror(err) : "-",
           (int)hits, sigismember(&now, SIGUSR1));
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, open_mask;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &open_mask);
    sigdelset(&open_mask, SIGUSR1);

    int p[2];
    pipe(p);
    struct pollfd pfd = { .fd = p[0], .events = POLLIN };
    struct timespec two = { 2, 0 }, short_ts = { 0, 50 * 1000 * 1000 };

    /* no mask: times out, signal stays pending */
    raise(SIGUSR1);
    int r = ppoll(&pfd, 1, &short_ts, NULL);
    report("ppoll-nomask", r, errno);

    r = ppoll(&pfd, 1, &two, &open_mask);
    report("ppoll", r, errno);

    raise(SIGUSR1);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(p[0], &rd);
    r = pselect(p[0] + 1, &rd, NULL, NULL, &two, &open_mask);
    report("pselect", r, errno);

    raise(SIGUSR1);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct epoll_event out[2];
    r = epoll_pwait(ep, out, 2, 2000, &open_mask);
    report("epoll_pwait", r, errno);
    return 0;
}
