/* signalfd: reading blocked signals as records (sender, code, queued
 * value, in order), the mask changed on an existing fd, poll and epoll
 * readiness, a blocking read woken by another process and one interrupted
 * by a handler, SIGCHLD, the flags, and bad arguments. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *name(int sig)
{
    static char buf[16];
    if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
        snprintf(buf, sizeof(buf), "RTMIN+%d", sig - SIGRTMIN);
        return buf;
    }
    return sigabbrev_np(sig);
}

/* The result of a call that returns -1 and sets errno. */
static void fails(const char *what, long r)
{
    printf("%s: %ld %s\n", what, r, r < 0 ? strerrorname_np(errno) : "");
}

static void show(const char *what, ssize_t n, const struct signalfd_siginfo *si)
{
    if (n < 0) {
        printf("%s: %s\n", what, strerrorname_np(errno));
        return;
    }
    printf("%s: %zd bytes\n", what, n);
    for (ssize_t i = 0; i < n / (ssize_t)sizeof(*si); i++)
        printf("  %s code %d from-me %d uid-ok %d int %d\n", name((int)si[i].ssi_signo),
               si[i].ssi_code, si[i].ssi_pid == (uint32_t)getpid(),
               si[i].ssi_uid == getuid(), si[i].ssi_int);
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { alarms++; }

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    sigset_t block, set;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGUSR2);
    sigaddset(&block, SIGRTMIN);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, NULL);

    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    printf("signalfd: %d, cloexec %d, nonblock %d\n", fd >= 0,
           fcntl(fd, F_GETFD) == FD_CLOEXEC, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);

    struct signalfd_siginfo si[4];
    show("nothing pending", read(fd, si, sizeof(si)), si);
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    int ready = poll(&pfd, 1, 0);
    printf("poll, nothing pending: %d\n", ready);

    raise(SIGUSR1);
    ready = poll(&pfd, 1, 0);
    printf("poll after raise: %d revents %#x\n", ready, pfd.revents);
    show("raise", read(fd, si, sizeof(si)), si);

    union sigval v = { .sival_int = 123 };
    sigqueue(getpid(), SIGRTMIN, v);
    v.sival_int = 124;
    sigqueue(getpid(), SIGRTMIN, v);
    kill(getpid(), SIGUSR1);
    show("three at once", read(fd, si, sizeof(si)), si);

    fails("short buffer", read(fd, si, 100));

    /* SIGUSR2 is blocked but not in the mask; then it is. */
    raise(SIGUSR2);
    show("not in the mask", read(fd, si, sizeof(si)), si);
    sigaddset(&set, SIGUSR2);
    printf("same fd back: %d\n", signalfd(fd, &set, 0) == fd);
    show("in the mask now", read(fd, si, sizeof(si)), si);
    sigset_t pend;
    sigpending(&pend);
    printf("pending afterwards: USR1 %d USR2 %d RTMIN %d\n", sigismember(&pend, SIGUSR1),
           sigismember(&pend, SIGUSR2), sigismember(&pend, SIGRTMIN));

    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    struct epoll_event out[2];
    printf("epoll, nothing pending: %d\n", epoll_wait(ep, out, 2, 0));
    raise(SIGRTMIN);
    int n = epoll_wait(ep, out, 2, 1000);
    printf("epoll after raise: %d events %#x data %#llx\n", n, out[0].events,
           (unsigned long long)out[0].data.u64);
    show("then read", read(fd, si, sizeof(si)), si);

    /* A blocking fd: woken by a signal another process sends. */
    int bfd = signalfd(-1, &set, 0);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        kill(getppid(), SIGUSR2);
        _exit(0);
    }
    ssize_t r = read(bfd, si, sizeof(si));
    printf("blocking read: %zd %s from the child %d\n", r, name((int)si[0].ssi_signo),
           si[0].ssi_pid == (uint32_t)pid);

    /* SIGCHLD of that child, read with its status. */
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    int cfd = signalfd(-1, &chld, 0);
    r = read(cfd, si, sizeof(si));
    printf("SIGCHLD: %zd %s code %d status %d child %d\n", r, name((int)si[0].ssi_signo),
           si[0].ssi_code, si[0].ssi_status, si[0].ssi_pid == (uint32_t)pid);
    waitpid(pid, NULL, 0);

    /* A handled signal interrupts a blocking read: EINTR without
     * SA_RESTART, as for other reads. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    errno = 0;
    r = read(bfd, si, sizeof(si));
    printf("interrupted read: %zd %s alarms %d\n", r, strerrorname_np(errno), alarms);

    fails("bad size", syscall(SYS_signalfd4, -1, &set, 4, 0));
    fails("bad flags", syscall(SYS_signalfd4, -1, &set, 8, 1));
    fails("not a signalfd", signalfd(ep, &set, 0));
    fails("bad mask pointer", syscall(SYS_signalfd4, -1, (void *)8, 8, 0));
    return 0;
}
