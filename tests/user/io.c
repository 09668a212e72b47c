/* Waiting and sockets: poll/ppoll/select/epoll on pipes, eventfd, timerfd,
 * socketpair with sendmsg/recvmsg (iovecs and SCM_RIGHTS), TCP and UDP on
 * 127.0.0.1. Output is the same natively and under peek. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CHECK(c) printf("%-50s %s\n", #c, (c) ? "ok" : "FAILED")

int main(void)
{
    int p[2];
    char buf[64];
    pipe(p);
    struct pollfd pf[2] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 } };
    CHECK(poll(pf, 2, 0) == 1 && pf[0].revents == 0 && pf[1].revents == POLLOUT);
    write(p[1], "x", 1);
    CHECK(poll(pf, 1, 1000) == 1 && pf[0].revents == POLLIN);
    struct timespec tmo = { 0, 1000000 };
    CHECK(ppoll(pf, 1, &tmo, NULL) == 1);
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(p[0], &rs);
    struct timeval tv = { 0, 0 };
    CHECK(select(p[0] + 1, &rs, NULL, NULL, &tv) == 1 && FD_ISSET(p[0], &rs));
    read(p[0], buf, 1);
    FD_SET(p[0], &rs);
    tv.tv_usec = 20000;
    CHECK(select(p[0] + 1, &rs, NULL, NULL, &tv) == 0);

    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
    struct epoll_event out[4];
    memset(out, 0, sizeof(out));
    CHECK(epoll_wait(ep, out, 4, 0) == 0);
    write(p[1], "yz", 2);
    CHECK(epoll_wait(ep, out, 4, 1000) == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 0x1122334455667788ull);
    int efd = eventfd(3, EFD_NONBLOCK);
    ev.events = EPOLLIN;
    ev.data.u64 = 0xabcdef0012345678ull;
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
    CHECK(epoll_wait(ep, out, 4, 1000) == 2 && out[0].data.u64 + out[1].data.u64 == 0x1122334455667788ull + 0xabcdef0012345678ull);
    CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0);
    uint64_t v;
    CHECK(read(efd, &v, 8) == 8 && v == 3 && read(efd, &v, 8) < 0 && errno == EAGAIN);

    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    struct itimerspec its = { { 0, 0 }, { 0, 5000000 } }, cur;
    CHECK(timerfd_settime(tfd, 0, &its, NULL) == 0 && timerfd_gettime(tfd, &cur) == 0);
    CHECK(read(tfd, &v, 8) == 8 && v == 1);

    /* socketpair, msghdr, fd passing */
    int sv[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CHECK(send(sv[0], "ping", 4, 0) == 4 && recv(sv[1], buf, sizeof(buf), 0) == 4 && memcmp(buf, "ping", 4) == 0);
    struct iovec iov[2] = { { "ab", 2 }, { "cdef", 4 } };
    union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    struct msghdr mh = { .msg_iov = iov, .msg_iovlen = 2, .msg_control = ctl.b, .msg_controllen = sizeof(ctl.b) };
    struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
    cm->cmsg_level = SOL_SOCKET;
    cm->cmsg_type = SCM_RIGHTS;
    cm->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cm), &p[1], sizeof(int));
    CHECK(sendmsg(sv[0], &mh, 0) == 6);
    char r1[3], r2[10];
    struct iovec riov[2] = { { r1, 3 }, { r2, 10 } };
    union { char b[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } rctl;
    struct msghdr rh = { .msg_iov = riov, .msg_iovlen = 2, .msg_control = rctl.b, .msg_controllen = sizeof(rctl.b) };
    CHECK(recvmsg(sv[1], &rh, 0) == 6 && memcmp(r1, "abc", 3) == 0 && memcmp(r2, "def", 3) == 0);
    cm = CMSG_FIRSTHDR(&rh);
    int passed = -1;
    CHECK(cm && cm->cmsg_type == SCM_RIGHTS && rh.msg_controllen == CMSG_SPACE(sizeof(int)));
    if (cm)
        memcpy(&passed, CMSG_DATA(cm), sizeof(int));
    CHECK(passed >= 0 && write(passed, "q", 1) == 1 && read(p[0], buf, 8) == 3 && buf[2] == 'q');

    /* TCP on loopback */
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1, val = 0;
    socklen_t vl = sizeof(val);
    CHECK(setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == 0);
    CHECK(getsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &val, &vl) == 0 && val == 1 && vl == sizeof(int));
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    CHECK(bind(ls, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(ls, 4) == 0);
    socklen_t sl = sizeof(sa);
    CHECK(getsockname(ls, (struct sockaddr *)&sa, &sl) == 0 && sl == sizeof(sa) && sa.sin_port != 0);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    CHECK(connect(c, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    struct sockaddr_in peer;
    socklen_t pl = sizeof(peer);
    int a = accept4(ls, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
    CHECK(a >= 0 && pl == sizeof(peer) && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    CHECK(setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)) == 0);
    CHECK(write(c, "over tcp", 8) == 8 && read(a, buf, sizeof(buf)) == 8 && memcmp(buf, "over tcp", 8) == 0);
    pl = sizeof(peer);
    CHECK(getpeername(c, (struct sockaddr *)&peer, &pl) == 0 && peer.sin_port == sa.sin_port);
    CHECK(shutdown(c, SHUT_WR) == 0 && read(a, buf, sizeof(buf)) == 0);
    close(a);
    close(c);
    close(ls);

    /* UDP on loopback */
    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in ua = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    sl = sizeof(ua);
    CHECK(bind(u1, (struct sockaddr *)&ua, sizeof(ua)) == 0 && getsockname(u1, (struct sockaddr *)&ua, &sl) == 0);
    CHECK(sendto(u2, "dgram", 5, 0, (struct sockaddr *)&ua, sizeof(ua)) == 5);
    struct sockaddr_in from;
    socklen_t fl = sizeof(from);
    CHECK(recvfrom(u1, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl) == 5 && memcmp(buf, "dgram", 5) == 0);
    CHECK(fl == sizeof(from) && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    struct mmsghdr mm[2];
    struct iovec mi[2] = { { "one", 3 }, { "two!", 4 } };
    memset(mm, 0, sizeof(mm));
    for (int i = 0; i < 2; i++) {
        mm[i].msg_hdr.msg_iov = &mi[i];
        mm[i].msg_hdr.msg_iovlen = 1;
        mm[i].msg_hdr.msg_name = &ua;
        mm[i].msg_hdr.msg_namelen = sizeof(ua);
    }
    CHECK(sendmmsg(u2, mm, 2, 0) == 2 && mm[0].msg_len == 3 && mm[1].msg_len == 4);
    CHECK(recv(u1, buf, sizeof(buf), 0) == 3 && recv(u1, buf, sizeof(buf), 0) == 4);
    CHECK(socket(12345, SOCK_STREAM, 0) < 0 && errno == EAFNOSUPPORT);

    /* terminal ioctls on a pseudo-terminal */
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    CHECK(m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0 && ptsname(m) != NULL);
    int pts = open(ptsname(m), O_RDWR | O_NOCTTY);
    struct termios tio;
    CHECK(pts >= 0 && isatty(pts) && !isatty(p[0]) && errno == ENOTTY);
    CHECK(tcgetattr(pts, &tio) == 0 && (tio.c_lflag & ICANON));
    cfmakeraw(&tio);
    CHECK(cfsetspeed(&tio, B9600) == 0 && tcsetattr(pts, TCSANOW, &tio) == 0);
    CHECK(tcgetattr(pts, &tio) == 0 && !(tio.c_lflag & ICANON) && cfgetospeed(&tio) == B9600);
    struct winsize ws = { .ws_row = 33, .ws_col = 101 }, ws2;
    CHECK(ioctl(pts, TIOCSWINSZ, &ws) == 0 && ioctl(m, TIOCGWINSZ, &ws2) == 0 && ws2.ws_row == 33 && ws2.ws_col == 101);
    int avail = -1;
    CHECK(write(m, "abc", 3) == 3 && usleep(20000) == 0 && ioctl(pts, FIONREAD, &avail) == 0 && avail == 3);
    CHECK(tcflush(pts, TCIFLUSH) == 0 && ioctl(pts, FIONREAD, &avail) == 0 && avail == 0);
    int nb = 1;
    CHECK(ioctl(pts, FIONBIO, &nb) == 0 && read(pts, buf, 1) < 0 && errno == EAGAIN);
    CHECK(ioctl(pts, 0x7fff1234, 0) < 0 && errno == ENOTTY);
    close(pts);
    close(m);
    return 0;
}
