/* Files and directories: I/O calls, the stat family, directory listing,
 * links, permissions, fd duplication, fcntl, pipes and transfers. Prints
 * only what is the same on every machine, so the riscv64 run under peek
 * can be compared with the native build. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/uio.h>
#include <unistd.h>

#define CHECK(c) printf("%-40s %s\n", #c, (c) ? "ok" : "FAILED")

static int cmp(const void *a, const void *b) { return strcmp(*(char **)a, *(char **)b); }

int main(void)
{
    char dir[] = "/tmp/peek-files-XXXXXX", buf[256];
    if (!mkdtemp(dir) || chdir(dir) < 0)
        return 1;

    int fd = openat(AT_FDCWD, "a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello world\n", 12) == 12);
    CHECK(lseek(fd, 0, SEEK_CUR) == 12);
    CHECK(lseek(fd, 6, SEEK_SET) == 6);
    CHECK(read(fd, buf, 5) == 5 && memcmp(buf, "world", 5) == 0);
    CHECK(pwrite(fd, "HELLO", 5, 0) == 5);
    CHECK(pread(fd, buf, 12, 0) == 12 && memcmp(buf, "HELLO world\n", 12) == 0);
    struct iovec iov[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
    CHECK(lseek(fd, 0, SEEK_END) == 12 && writev(fd, iov, 3) == 5);
    char r1[4], r2[20];
    struct iovec riov[2] = { { r1, 4 }, { r2, sizeof(r2) } };
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && readv(fd, riov, 2) == 17);
    CHECK(memcmp(r1, "HELL", 4) == 0 && memcmp(r2, "O world\nabcde", 13) == 0);
    CHECK(preadv(fd, riov, 2, 12) == 5 && memcmp(r1, "abcd", 4) == 0 && r2[0] == 'e');
    CHECK(pwritev(fd, iov, 3, 17) == 5);

    struct stat st, st2;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 22 && S_ISREG(st.st_mode));
    CHECK((st.st_mode & 0777) == 0640 && st.st_nlink == 1 && st.st_uid == getuid());
    CHECK(stat("a.txt", &st2) == 0 && st2.st_ino == st.st_ino && st2.st_dev == st.st_dev);
    CHECK(st.st_blksize > 0 && st.st_mtime > 1600000000);
    struct statx sx;
    CHECK(statx(AT_FDCWD, "a.txt", 0, STATX_ALL, &sx) == 0 && sx.stx_size == 22 && sx.stx_ino == st.st_ino);
    CHECK(fstatat(fd, "", &st2, AT_EMPTY_PATH) == 0 && st2.st_ino == st.st_ino);
    CHECK(stat("missing", &st2) < 0 && errno == ENOENT);
    CHECK(ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
    CHECK(truncate("a.txt", 3) == 0 && stat("a.txt", &st) == 0 && st.st_size == 3);
    CHECK(fsync(fd) == 0 && fdatasync(fd) == 0);
    CHECK(fallocate(fd, 0, 0, 8192) == 0 && fstat(fd, &st) == 0 && st.st_size == 8192);

    /* fds */
    int d = dup(fd);
    CHECK(d > fd && fcntl(d, F_GETFD) == 0);
    CHECK(dup2(fd, 50) == 50 && dup3(fd, 51, O_CLOEXEC) == 51 && fcntl(51, F_GETFD) == FD_CLOEXEC);
    CHECK(fcntl(fd, F_DUPFD, 60) == 60 && fcntl(fd, F_DUPFD_CLOEXEC, 60) == 61);
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND));
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
    CHECK(fcntl(fd, F_SETLK, &fl) == 0);
    fl.l_type = F_RDLCK;
    CHECK(fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type == F_UNLCK);
    CHECK(flock(fd, LOCK_EX) == 0 && flock(fd, LOCK_UN) == 0);
    CHECK(close(d) == 0 && close(50) == 0 && close(51) == 0 && close(60) == 0 && close(61) == 0);
    CHECK(close(d) < 0 && errno == EBADF);
    CHECK(fcntl(fd, 12345) < 0 && errno == EINVAL);

    /* pipes and transfers */
    int p[2];
    CHECK(pipe2(p, O_CLOEXEC) == 0 && fcntl(p[0], F_GETFD) == FD_CLOEXEC);
    CHECK(write(p[1], "pipe!", 5) == 5 && read(p[0], buf, sizeof(buf)) == 5 && memcmp(buf, "pipe!", 5) == 0);
    int src = open("src.txt", O_CREAT | O_RDWR, 0600);
    CHECK(write(src, "0123456789", 10) == 10);
    off_t off = 2;
    CHECK(sendfile(p[1], src, &off, 4) == 4 && off == 6 && read(p[0], buf, 10) == 4 && memcmp(buf, "2345", 4) == 0);
    int dst = open("dst.txt", O_CREAT | O_RDWR, 0600);
    loff_t oi = 1, oo = 0;
    CHECK(copy_file_range(src, &oi, dst, &oo, 5, 0) == 5 && pread(dst, buf, 10, 0) == 5 && memcmp(buf, "12345", 5) == 0);
    CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0 && read(p[0], buf, 1) < 0 && errno == EAGAIN);
    close(p[0]);
    close(p[1]);

    /* directories and names */
    CHECK(mkdir("sub", 0755) == 0 && mkdir("sub", 0755) < 0 && errno == EEXIST);
    CHECK(mkdirat(AT_FDCWD, "sub/deeper", 0700) == 0);
    CHECK(link("a.txt", "b.txt") == 0 && stat("a.txt", &st) == 0 && st.st_nlink == 2);
    CHECK(symlink("a.txt", "c.lnk") == 0);
    ssize_t n = readlink("c.lnk", buf, sizeof(buf));
    CHECK(n == 5 && memcmp(buf, "a.txt", 5) == 0);
    CHECK(lstat("c.lnk", &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(rename("b.txt", "sub/b.txt") == 0 && access("sub/b.txt", R_OK | W_OK) == 0);
    CHECK(renameat2(AT_FDCWD, "sub/b.txt", AT_FDCWD, "src.txt", RENAME_NOREPLACE) < 0 && errno == EEXIST);
    CHECK(access("nothere", F_OK) < 0 && errno == ENOENT);
    CHECK(faccessat(AT_FDCWD, "a.txt", R_OK, AT_EACCESS) == 0);
    CHECK(chmod("a.txt", 0600) == 0 && stat("a.txt", &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(fchmod(fd, 0644) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0644);
    CHECK(fchown(fd, getuid(), getgid()) == 0 && fchownat(AT_FDCWD, "a.txt", -1, -1, 0) == 0);
    struct timespec ts[2] = { { 1000000000, 5 }, { 1234567890, 123456789 } };
    CHECK(utimensat(AT_FDCWD, "a.txt", ts, 0) == 0 && stat("a.txt", &st) == 0);
    CHECK(st.st_mtim.tv_sec == 1234567890 && st.st_mtim.tv_nsec == 123456789 && st.st_atim.tv_sec == 1000000000);
    CHECK(futimens(fd, NULL) == 0);
    mode_t old = umask(077);
    CHECK(umask(old) == 077);
    struct statfs sf;
    CHECK(statfs(".", &sf) == 0 && sf.f_bsize > 0 && fstatfs(fd, &sf) == 0);

    DIR *dp = opendir(".");
    char *names[16];
    int k = 0;
    struct dirent *de;
    while (dp && (de = readdir(dp)) && k < 16)
        names[k++] = strdup(de->d_name);
    qsort(names, k, sizeof(char *), cmp);
    printf("dir:");
    for (int i = 0; i < k; i++)
        printf(" %s", names[i]);
    printf("\n");
    closedir(dp);

    char cwd[4096];
    CHECK(getcwd(cwd, sizeof(cwd)) && strcmp(cwd, dir) == 0);
    CHECK(getcwd(cwd, 3) == NULL && errno == ERANGE);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    CHECK(fchdir(dfd) == 0 && getcwd(cwd, sizeof(cwd)) && strstr(cwd, "/sub"));
    CHECK(chdir("..") == 0);
    CHECK(unlinkat(dfd, "deeper", AT_REMOVEDIR) == 0 && unlinkat(dfd, "b.txt", 0) == 0);
    close(dfd);
    CHECK(open("sub", O_WRONLY) < 0 && errno == EISDIR);
    CHECK(rmdir("sub") == 0 && unlink("a.txt") == 0 && unlink("c.lnk") == 0);
    CHECK(unlink("src.txt") == 0 && unlink("dst.txt") == 0);
    close(fd);
    close(src);
    close(dst);
    CHECK(chdir("/") == 0 && rmdir(dir) == 0);
    CHECK(write(1, NULL, 0) == 0);
    char *volatile bad = (char *)16;
    int zero = open("/dev/zero", O_RDONLY);
    CHECK(read(zero, bad, 1) < 0 && errno == EFAULT);
    return 0;
}
