/*
 * A program that goes after every descriptor above its limit, the way a
 * daemon cleaning up or a curious program would: closes everything from 3
 * up, then tries every fd-taking call on the fds just above its
 * RLIMIT_NOFILE, lists /proc/self/fd and fdinfo, and checks that its soft
 * limit holds. Natively nothing is open there, so every call fails with
 * EBADF; under an emulator whose own descriptors (the -D log) live there,
 * the output must be the same and the emulator's log must survive
 * (tests/user/run.sh checks it). Prints one line per check.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define SPAN 64   /* fds probed above the hard limit */

static unsigned long lo, hi;   /* [lo, hi): the probed fds */

/* How many fds of [lo, hi) the call does not refuse with EBADF. */
#define PROBE(name, call)                                            \
    do {                                                             \
        int n = 0;                                                   \
        for (unsigned long u = lo; u < hi; u++) {                    \
            int fd = (int)u;                                         \
            errno = 0;                                               \
            long r = (long)(call);                                   \
            n += r >= 0 || errno != EBADF;                           \
            (void)fd;                                                \
        }                                                            \
        printf("%-14s %d not EBADF\n", name, n);                     \
    } while (0)

static void list_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("%s: %s\n", path, strerror(errno));
        return;
    }
    int self = dirfd(d), n = 0;
    char names[256] = "";
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        int fd = atoi(e->d_name);
        if (fd == self)
            continue;
        n++;
        if (fd < 3 && strlen(names) < 200)
            snprintf(names + strlen(names), sizeof(names) - strlen(names), " %d", fd);
    }
    closedir(d);
    printf("%s: %d entries besides its own (of them below 3:%s)\n", path, n, names);
}

int main(void)
{
    /* What the caller left open is the same natively and emulated; then
     * it is closed, with everything else from 3 up. */
    list_dir("/proc/self/fd");
    syscall(SYS_close_range, 3u, ~0u, 0);

    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("limits sane: %d\n", rl.rlim_cur >= 64 && rl.rlim_cur <= rl.rlim_max);
    lo = rl.rlim_max;
    hi = rl.rlim_max + SPAN;

    char junk[] = "junk from the guest\n";
    struct iovec iov = { junk, sizeof(junk) - 1 };
    struct stat st;
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN };
    PROBE("fcntl getfd", fcntl(fd, F_GETFD));
    PROBE("fstat", fstat(fd, &st));
    PROBE("write", write(fd, junk, sizeof(junk) - 1));
    PROBE("pwrite", pwrite(fd, junk, sizeof(junk) - 1, 0));
    PROBE("writev", writev(fd, &iov, 1));
    PROBE("ftruncate", ftruncate(fd, 0));
    PROBE("lseek", lseek(fd, 0, SEEK_SET));
    PROBE("dup", dup(fd));
    PROBE("dup3", dup3(fd, 100, 0));
    PROBE("fcntl dupfd", fcntl(fd, F_DUPFD_CLOEXEC, 100));
    PROBE("ioctl", ioctl(fd, FIONREAD, &st));
    PROBE("mmap", mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED ? -1 : 0);
    PROBE("epoll_ctl", epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
    PROBE("openat rel", openat(fd, "x", O_RDONLY));
    PROBE("fstatat empty", fstatat(fd, "", &st, AT_EMPTY_PATH));
    PROBE("fchdir", fchdir(fd));
    PROBE("getdents", syscall(SYS_getdents64, fd, junk, sizeof(junk)));
    PROBE("waitid pidfd", syscall(SYS_waitid, 3 /* P_PIDFD */, fd, NULL, WEXITED, NULL));
    uint64_t sigmask = 0;
    PROBE("signalfd4", syscall(SYS_signalfd4, fd, &sigmask, sizeof(sigmask), 0));
    PROBE("kcmp file", syscall(SYS_kcmp, getpid(), getpid(), 0 /* KCMP_FILE */, fd, 1));
    PROBE("kcmp file 2", syscall(SYS_kcmp, getpid(), getpid(), 0 /* KCMP_FILE */, 1, fd));
    PROBE("close", close(fd));
    close(ep);

    /* An absolute path ignores the directory fd, closed or not. */
    int ok = 0;
    for (unsigned long u = lo; u < hi; u++) {
        int fd = openat((int)u, "/dev/null", O_RDONLY);
        ok += fd >= 0;
        if (fd >= 0)
            close(fd);
    }
    printf("openat abs     %d of %d opened\n", ok, SPAN);

    /* SCM_RIGHTS of an fd that is not open: EBADF. */
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    int n = 0;
    for (unsigned long u = lo; u < hi; u++) {
        union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } c;
        struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c.buf,
                            .msg_controllen = sizeof(c.buf) };
        struct cmsghdr *h = CMSG_FIRSTHDR(&m);
        h->cmsg_level = SOL_SOCKET;
        h->cmsg_type = SCM_RIGHTS;
        h->cmsg_len = CMSG_LEN(sizeof(int));
        int fd = (int)u;
        memcpy(CMSG_DATA(h), &fd, sizeof(fd));
        errno = 0;
        n += sendmsg(sv[0], &m, 0) >= 0 || errno != EBADF;
    }
    printf("scm_rights     %d not EBADF\n", n);
    close(sv[0]);
    close(sv[1]);

    /* poll: a closed fd is POLLNVAL and counts, without waiting. */
    struct pollfd pfd[SPAN];
    for (int i = 0; i < SPAN; i++)
        pfd[i] = (struct pollfd){ (int)(lo + (unsigned long)i), POLLIN | POLLOUT, 0 };
    int pr = poll(pfd, SPAN, 10000);
    n = 0;
    for (int i = 0; i < SPAN; i++)
        n += pfd[i].revents == POLLNVAL;
    printf("poll           returned %d, %d POLLNVAL\n", pr, n);

    /* select: a set fd that is not open is EBADF, or ignored past the
     * kernel's table; never ready. */
    size_t words = hi / 64 + 1;
    unsigned long *set = calloc(words, sizeof(*set));
    n = 0;
    for (unsigned long u = lo; u < hi; u++) {
        memset(set, 0, words * sizeof(*set));
        set[u / 64] |= 1ul << (u % 64);
        struct timeval tv = { 0, 0 };
        int r = select((int)u + 1, NULL, (fd_set *)set, NULL, &tv);
        n += !(r == 0 || (r < 0 && errno == EBADF));
    }
    printf("select         %d ready\n", n);
    free(set);

    /* Nothing above the limit, and nothing of its own beyond 0-2. */
    ok = 0;
    for (unsigned long u = 3; u < hi; u++) {
        char path[64], target[256];
        snprintf(path, sizeof(path), "/proc/self/fd/%lu", u);
        ok += readlink(path, target, sizeof(target)) >= 0;
        snprintf(path, sizeof(path), "/proc/self/fdinfo/%lu", u);
        ok += access(path, F_OK) == 0;
        snprintf(path, sizeof(path), "/dev/fd/%lu", u);
        ok += open(path, O_RDONLY) >= 0;
    }
    printf("/proc paths    %d found\n", ok);
    list_dir("/proc/self/fd");
    list_dir("/proc/self/fdinfo");
    list_dir("/dev/fd");

    /* The soft limit is enforced as the guest set it. */
    struct rlimit small = { 32, rl.rlim_max };
    printf("setrlimit      %d\n", setrlimit(RLIMIT_NOFILE, &small));
    int opened = 0;
    while (open("/dev/null", O_RDONLY) >= 0)
        opened++;
    printf("opened         %d, then %s\n", opened, strerror(errno));
    int r = dup2(0, 40);
    printf("dup2 past      %d %s\n", r, strerror(errno));
    r = fcntl(0, F_DUPFD, 40);
    printf("F_DUPFD past   %d %s\n", r, strerror(errno));
    syscall(SYS_close_range, 3u, ~0u, 0);
    printf("setrlimit back %d\n", setrlimit(RLIMIT_NOFILE, &rl));
    return 0;
}
