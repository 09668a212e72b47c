/*
 * Syscall structures at odd addresses: the kernel reads a struct iovec,
 * msghdr, pollfd or rlimit wherever it lies, so an emulator that reads
 * them itself must too (peek's ASan+UBSan build aborts on a misaligned
 * load). Each array or structure is copied to an odd offset of a buffer
 * and the call's results are printed; the output is the same natively and
 * under peek.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static char arena[4096] __attribute__((aligned(16)));

/* A copy of n bytes of p at an odd address of the arena (off = 1, 3, ...). */
static void *odd(size_t off, const void *p, size_t n)
{
    memcpy(arena + off, p, n);
    return arena + off;
}

static void show(const char *what, long r, const char *buf, size_t n)
{
    printf("%-10s %ld \"%.*s\"\n", what, r, (int)n, buf);
}

int main(void)
{
    char path[] = "/tmp/peek-unaligned-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    char a[8] = "abcdefgh", b[8] = "ABCDEFGH", r1[8], r2[8];
    struct iovec w[2] = { { a, 5 }, { b, 3 } }, rd[2] = { { r1, 4 }, { r2, 4 } };

    show("writev", writev(fd, odd(1, w, sizeof(w)), 2), "", 0);
    show("pwritev", pwritev(fd, odd(3, w, sizeof(w)), 2, 8), "", 0);
    show("pwritev2", pwritev2(fd, odd(5, w, sizeof(w)), 2, 16, 0), "", 0);
    lseek(fd, 0, SEEK_SET);
    long n = readv(fd, odd(7, rd, sizeof(rd)), 2);
    show("readv", n, r1, 4);
    show("", n, r2, 4);
    n = preadv(fd, odd(9, rd, sizeof(rd)), 2, 6);
    show("preadv", n, r1, 4);
    show("", n, r2, 4);
    n = preadv2(fd, odd(11, rd, sizeof(rd)), 2, 14, 0);
    show("preadv2", n, r1, 4);
    show("", n, r2, 4);

    /* sendmsg/recvmsg: the msghdr, its iovec array and its control buffer
     * (passing a descriptor) each at an odd address. */
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr h; } c = { 0 };
    struct msghdr m = { 0 };
    m.msg_control = c.buf;
    m.msg_controllen = sizeof(c.buf);
    struct cmsghdr *h = CMSG_FIRSTHDR(&m);
    h->cmsg_level = SOL_SOCKET;
    h->cmsg_type = SCM_RIGHTS;
    h->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(h), &fd, sizeof(fd));
    m.msg_control = odd(301, c.buf, sizeof(c.buf));
    m.msg_iov = odd(201, w, sizeof(w));
    m.msg_iovlen = 2;
    show("sendmsg", sendmsg(sv[0], odd(101, &m, sizeof(m)), 0), "", 0);
    char rc[CMSG_SPACE(sizeof(int))];
    struct msghdr mr = { .msg_iov = odd(401, rd, sizeof(rd)), .msg_iovlen = 2,
                         .msg_control = arena + 501, .msg_controllen = sizeof(rc) };
    void *mrp = odd(601, &mr, sizeof(mr));
    n = recvmsg(sv[1], mrp, 0);
    show("recvmsg", n, r1, 4);
    show("", n, r2, 4);
    memcpy(&mr, mrp, sizeof(mr));
    memcpy(rc, arena + 501, sizeof(rc));
    int passed = -1;
    memcpy(&passed, rc + CMSG_LEN(0), sizeof(passed));
    printf("passed fd reads back: %d\n", passed >= 0 && pread(passed, r1, 2, 0) == 2 && !memcmp(r1, "ab", 2));

    /* poll and epoll_wait with their arrays at odd addresses. */
    struct pollfd pf[2] = { { sv[0], POLLOUT, 0 }, { sv[1], POLLIN, 0 } };
    struct pollfd *pp = odd(701, pf, sizeof(pf));
    n = poll(pp, 2, 0);
    memcpy(pf, pp, sizeof(pf));
    printf("poll       %ld revents %#x %#x\n", n, pf[0].revents, pf[1].revents);
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = 0x1122334455667788ull };
    epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], odd(801, &ev, sizeof(ev)));
    struct epoll_event out[2];
    n = epoll_wait(ep, (struct epoll_event *)(arena + 901), 2, 0);
    memcpy(out, arena + 901, sizeof(out));
    printf("epoll_wait %ld events %#x data %#llx\n", n, out[0].events,
           (unsigned long long)out[0].data.u64);

    /* Directory entries into an odd address: /proc/self/fd's. */
    int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
    int entries = 0;
    while ((n = syscall(SYS_getdents64, dir, arena + 1201, 1024)) > 0) {
        for (long off = 0; off < n; entries++) {
            unsigned short len;
            memcpy(&len, arena + 1201 + off + 16, sizeof(len));
            off += len;
        }
    }
    close(dir);
    printf("getdents   %d entries\n", entries);

    /* getrlimit into, and setrlimit from, an odd address. */
    struct rlimit rl;
    getrlimit(RLIMIT_NOFILE, &rl);
    n = syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, odd(1001, &rl, sizeof(rl)), arena + 1101);
    struct rlimit old;
    memcpy(&old, arena + 1101, sizeof(old));
    printf("prlimit    %ld same: %d\n", n, old.rlim_cur == rl.rlim_cur && old.rlim_max == rl.rlim_max);
    return 0;
}
