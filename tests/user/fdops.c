/* File calls of the newer kernel interfaces: the xattr family, vmsplice,
 * splice and tee, copy_file_range, close_range, faccessat2, openat2,
 * statx, memfd_create with seals, epoll_pwait2. Works in a new directory
 * under the current one; the output is the same natively and under an
 * emulator. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

/* "what: result" or "what: -1 ERRNO" */
static void res(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld\n", what, r);
}

static void test_xattr(void)
{
    int fd = open("x.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    if (symlink("x.txt", "x.link") < 0 && errno != EEXIST)
        printf("symlink failed\n");
    res("setxattr", setxattr("x.txt", "user.color", "blue", 4, 0));
    res("setxattr create existing", setxattr("x.txt", "user.color", "red", 3, XATTR_CREATE));
    res("setxattr replace missing", setxattr("x.txt", "user.size", "9", 1, XATTR_REPLACE));
    res("setxattr bad flags", setxattr("x.txt", "user.color", "red", 3, 4));
    res("fsetxattr", fsetxattr(fd, "user.size", "large", 5, XATTR_CREATE));
    res("lsetxattr on the link", lsetxattr("x.link", "user.color", "x", 1, 0));
    res("setxattr through the link", setxattr("x.link", "user.shape", "round", 5, 0));
    char big[300];
    memset(big, 'n', sizeof(big));
    memcpy(big, "user.", 5);
    big[sizeof(big) - 1] = 0;
    res("setxattr long name", setxattr("x.txt", big, "v", 1, 0));
    res("setxattr huge value", setxattr("x.txt", "user.h", (void *)8, 1 << 20, 0));
    res("setxattr unreadable value", setxattr("x.txt", "user.h", (void *)8, 10, 0));

    char buf[256];
    ssize_t n = getxattr("x.txt", "user.color", buf, sizeof(buf));
    printf("color: %.*s\n", (int)(n > 0 ? n : 0), buf);
    n = fgetxattr(fd, "user.size", buf, sizeof(buf));
    printf("size: %.*s\n", (int)(n > 0 ? n : 0), buf);
    res("getxattr small buffer", getxattr("x.txt", "user.size", buf, 2));
    n = listxattr("x.txt", buf, sizeof(buf));
    /* the order is the file system's: sort the three names by hand */
    int have_color = 0, have_size = 0, have_shape = 0;
    for (char *p = buf; n > 0 && p < buf + n; p += strlen(p) + 1) {
        have_color |= !strcmp(p, "user.color");
        have_size |= !strcmp(p, "user.size");
        have_shape |= !strcmp(p, "user.shape");
    }
    printf("list: %zd bytes, color %d size %d shape %d\n", n, have_color, have_size, have_shape);
    res("removexattr", removexattr("x.txt", "user.color"));
    res("removexattr again", removexattr("x.txt", "user.color"));
    res("fremovexattr", fremovexattr(fd, "user.size"));
    res("lremovexattr on the link", lremovexattr("x.link", "user.color"));
    res("getxattr removed", getxattr("x.txt", "user.size", buf, sizeof(buf)));
    res("listxattr after", listxattr("x.txt", buf, sizeof(buf)));
    res("setxattr missing file", setxattr("nonexistent", "user.a", "b", 1, 0));
    close(fd);
}

static void test_splice(void)
{
    int p[2];
    if (pipe(p) < 0)
        return;
    char a[] = "vmsplice ", b[] = "gathers";
    struct iovec in[2] = { { a, strlen(a) }, { b, strlen(b) } };
    res("vmsplice into the pipe", vmsplice(p[1], in, 2, 0));
    char x[8] = { 0 }, y[16] = { 0 };
    struct iovec out[2] = { { x, 5 }, { y, sizeof(y) } };
    res("vmsplice out of the pipe", vmsplice(p[0], out, 2, 0));
    printf("got: %s|%s\n", x, y);
    res("vmsplice unreadable", vmsplice(p[1], &(struct iovec){ (void *)8, 4 }, 1, 0));
    /* an iovec array at an odd address is fine for the kernel */
    static char raw[64] __attribute__((aligned(16)));
    memcpy(raw + 4, in, sizeof(in));
    res("writev, iovecs not aligned", writev(p[1], (struct iovec *)(raw + 4), 2));
    char z[32] = { 0 };
    read(p[0], z, sizeof(z) - 1);
    printf("got: %s\n", z);
    res("vmsplice not a pipe", vmsplice(0 + open("/dev/null", O_WRONLY), in, 1, 0));

    int f = open("s.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(f, "0123456789", 10);
    loff_t off = 2;
    res("splice file to pipe", splice(f, &off, p[1], NULL, 5, 0));
    printf("offset now %lld\n", (long long)off);
    int q[2];
    pipe(q);
    res("tee", tee(p[0], q[1], 5, 0));
    int g = open("t.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    loff_t goff = 1;
    res("splice pipe to file", splice(p[0], NULL, g, &goff, 5, 0));
    char c[16] = { 0 };
    res("read the copy of tee", read(q[0], c, sizeof(c)));
    printf("tee'd: %s\n", c);
    memset(c, 0, sizeof(c));
    pread(g, c, sizeof(c), 1);
    printf("spliced: %s\n", c);
    res("splice two files", splice(f, NULL, g, NULL, 1, 0));

    loff_t oi = 0, oo = 0;
    int h = open("u.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    res("copy_file_range", copy_file_range(f, &oi, h, &oo, 100, 0));
    printf("offsets %lld %lld\n", (long long)oi, (long long)oo);
    res("copy_file_range bad flags", copy_file_range(f, &oi, h, &oo, 1, 1));
    res("copy_file_range bad offset pointer", copy_file_range(f, (loff_t *)8, h, NULL, 1, 0));
    close(f);
    close(g);
    close(h);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
}

static void test_close_range(void)
{
    int base = open("/dev/null", O_RDONLY);
    for (int i = 0; i < 4; i++)
        dup2(base, base + 1 + i);
    res("close_range cloexec", close_range(base + 1, base + 2, CLOSE_RANGE_CLOEXEC));
    printf("flags: %d %d %d\n", fcntl(base + 1, F_GETFD), fcntl(base + 2, F_GETFD),
           fcntl(base + 3, F_GETFD));
    res("close_range", close_range(base + 2, base + 4, 0));
    printf("open: %d %d %d %d\n", fcntl(base, F_GETFD) >= 0, fcntl(base + 1, F_GETFD) >= 0,
           fcntl(base + 2, F_GETFD) >= 0, fcntl(base + 4, F_GETFD) >= 0);
    res("close_range backwards", close_range(base + 3, base + 2, 0));
    res("close_range bad flags", close_range(base + 2, base + 3, 0x80));
    close(base);
    close(base + 1);
}

static void test_access_open(void)
{
    int fd = open("ro.txt", O_CREAT | O_WRONLY | O_TRUNC, 0400);
    close(fd);
    res("faccessat2 R_OK", syscall(SYS_faccessat2, AT_FDCWD, "ro.txt", R_OK, 0));
    res("faccessat2 X_OK eaccess", syscall(SYS_faccessat2, AT_FDCWD, "ro.txt", X_OK, AT_EACCESS));
    res("faccessat2 symlink nofollow", syscall(SYS_faccessat2, AT_FDCWD, "x.link", F_OK,
                                              AT_SYMLINK_NOFOLLOW));
    res("faccessat2 bad flags", syscall(SYS_faccessat2, AT_FDCWD, "ro.txt", F_OK, 0x1));
    res("faccessat2 empty path", syscall(SYS_faccessat2, AT_FDCWD, "", F_OK, 0));

    mkdir("sub", 0755);
    int dir = open("sub", O_DIRECTORY | O_RDONLY);
    struct open_how how = { .flags = O_RDONLY, .resolve = RESOLVE_BENEATH };
    res("openat2 beneath, escaping", syscall(SYS_openat2, dir, "../x.txt", &how, sizeof(how)));
    how.resolve = RESOLVE_NO_SYMLINKS;
    res("openat2 no symlinks", syscall(SYS_openat2, AT_FDCWD, "x.link", &how, sizeof(how)));
    how = (struct open_how){ .flags = O_CREAT | O_WRONLY, .mode = 0640 };
    long f = syscall(SYS_openat2, dir, "new.txt", &how, sizeof(how));
    struct stat st;
    printf("openat2 create: %d mode %o\n", f >= 0, fstat((int)f, &st) == 0 ? st.st_mode & 0777 : 0);
    close((int)f);
    res("openat2 small size", syscall(SYS_openat2, dir, "new.txt", &how, 16));
    struct { struct open_how h; uint64_t tail; } big = { { .flags = O_RDONLY }, 1 };
    res("openat2 non-zero tail", syscall(SYS_openat2, dir, "new.txt", &big, sizeof(big)));
    big.tail = 0;
    long g = syscall(SYS_openat2, dir, "new.txt", &big, sizeof(big));
    printf("openat2 zero tail: %d\n", g >= 0);
    close((int)g);
    how = (struct open_how){ .flags = O_RDONLY, .mode = 0644 };
    res("openat2 mode without O_CREAT", syscall(SYS_openat2, dir, "new.txt", &how, sizeof(how)));

    struct statx sx;
    memset(&sx, 0xff, sizeof(sx));
    res("statx", statx(dir, "new.txt", 0, STATX_BASIC_STATS, &sx));
    printf("statx: mask-has-basic %d mode %o size %llu nlink %u uid-ok %d\n",
           (sx.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS, sx.stx_mode & 07777,
           (unsigned long long)sx.stx_size, sx.stx_nlink, sx.stx_uid == getuid());
    res("statx empty path on fd", statx(dir, "", AT_EMPTY_PATH, STATX_TYPE, &sx));
    printf("statx of the dir fd: is dir %d\n", S_ISDIR(sx.stx_mode));
    res("statx nofollow", statx(AT_FDCWD, "x.link", AT_SYMLINK_NOFOLLOW, STATX_TYPE, &sx));
    printf("is link %d\n", S_ISLNK(sx.stx_mode));
    res("statx reserved mask bit", statx(AT_FDCWD, "x.txt", 0, 0x80000000u, &sx));
    res("statx bad buffer", statx(AT_FDCWD, "x.txt", 0, STATX_BASIC_STATS, (void *)8));
    close(dir);
}

static void test_memfd(void)
{
    int fd = memfd_create("peek-test", MFD_CLOEXEC | MFD_ALLOW_SEALING);
    printf("memfd: %d cloexec %d\n", fd >= 0, fcntl(fd, F_GETFD) == FD_CLOEXEC);
    char link[64], target[128] = { 0 };
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    readlink(link, target, sizeof(target) - 1);
    printf("link: %s\n", target);
    res("write", write(fd, "sealed", 6));
    res("add seals", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_GROW | F_SEAL_SHRINK));
    res("seals", fcntl(fd, F_GET_SEALS));
    res("write after seal", write(fd, "x", 1));
    res("ftruncate after seal", ftruncate(fd, 1));
    char *m = mmap(NULL, 6, PROT_READ, MAP_SHARED, fd, 0);
    printf("mapped: %.6s\n", m != MAP_FAILED ? m : "");
    res("shared writable map after seal", (long)mmap(NULL, 6, PROT_WRITE, MAP_SHARED, fd, 0));
    close(fd);
    res("memfd no sealing, add seal", fcntl(memfd_create("plain", 0), F_ADD_SEALS, F_SEAL_WRITE));
    res("memfd bad flags", memfd_create("bad", 0x100));
    char name[300];
    memset(name, 'n', sizeof(name));
    name[299] = 0;
    res("memfd long name", memfd_create(name, 0));
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig) { got_usr1 = 1; }

static void test_epoll_pwait2(void)
{
    int ep = epoll_create1(0);
    int p[2];
    pipe(p);
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 }, out[2];
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct timespec t = { 0, 20000000 };
    res("epoll_pwait2 idle", epoll_pwait2(ep, out, 2, &t, NULL));
    write(p[1], "x", 1);
    int n = epoll_pwait2(ep, out, 2, &t, NULL);
    printf("epoll_pwait2 ready: %d data %llu\n", n, (unsigned long long)out[0].data.u64);
    read(p[0], &n, 1);
    /* SIGUSR1 blocked, let in by the wait's mask: EINTR and the handler */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigset_t block, open;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    sigemptyset(&open);
    res("epoll_pwait2 with mask", epoll_pwait2(ep, out, 2, &t, &open));
    printf("handler ran %d\n", got_usr1);
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    res("epoll_pwait2 bad timeout", epoll_pwait2(ep, out, 2, &(struct timespec){ 0, -1 }, NULL));
    res("epoll_pwait2 no room", epoll_pwait2(ep, out, 0, &t, NULL));
    close(ep);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    char dir[] = "fdops.XXXXXX";
    if (!mkdtemp(dir) || chdir(dir) < 0) {
        perror("scratch directory");
        return 1;
    }
    test_xattr();
    test_splice();
    test_close_range();
    test_access_open();
    test_memfd();
    test_epoll_pwait2();
    return 0;
}
