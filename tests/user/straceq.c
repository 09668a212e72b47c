/* For -strace against qemu-user: common calls with flag words and
 * constants that -strace decodes by name, from a getppid() marker to
 * exit_group. run.sh compares those lines with qemu's. With an argument it
 * first reads one byte from stdin (the blocked-read check). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void on_usr1(int sig) { (void)sig; }

int main(int argc, char **argv)
{
    char c;
    if (argc > 1 && read(0, &c, 1) != 1)
        return 2;
    syscall(SYS_getppid);
    int fd = (int)syscall(SYS_openat, AT_FDCWD, "straceq.tmp",
                          O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
    syscall(SYS_write, fd, "abc", 3);
    syscall(SYS_lseek, fd, 0, SEEK_SET);
    syscall(SYS_lseek, fd, 0, SEEK_END);
    syscall(SYS_fcntl, fd, F_SETFL, O_WRONLY | O_APPEND | O_NONBLOCK);
    syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 10);
    syscall(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC);
    syscall(SYS_fcntl, fd, F_GETLEASE);
    int zero = 0;
    struct termios { char bytes[64]; } t;
    syscall(SYS_ioctl, fd, FIONBIO, &zero);
    syscall(SYS_ioctl, fd, TCGETS, &t);
    syscall(SYS_close, fd);
    fd = (int)syscall(SYS_openat, AT_FDCWD, "straceq.tmp", O_RDONLY);
    syscall(SYS_read, fd, &c, 1);
    syscall(SYS_close, fd);
    syscall(SYS_openat, AT_FDCWD, ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    syscall(SYS_openat, AT_FDCWD, "straceq.none", O_RDWR | O_EXCL | O_NOCTTY | O_SYNC);
    syscall(SYS_faccessat, AT_FDCWD, "straceq.tmp", R_OK | W_OK);
    syscall(SYS_mkdirat, AT_FDCWD, "straceq.dir", 0755);
    syscall(SYS_fchmodat, AT_FDCWD, "straceq.tmp", 0600);
    syscall(SYS_unlinkat, AT_FDCWD, "straceq.dir", AT_REMOVEDIR);
    syscall(SYS_unlinkat, AT_FDCWD, "straceq.tmp", 0);
    void *p = (void *)syscall(SYS_mmap, 0, 8192, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    syscall(SYS_mprotect, p, 4096, PROT_READ | PROT_EXEC);
    syscall(SYS_madvise, p, 8192, MADV_DONTNEED);
    syscall(SYS_munmap, p, 8192);
    syscall(SYS_mmap, 0, 4096, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    syscall(SYS_kill, 0, 0);
    syscall(SYS_tgkill, syscall(SYS_getpid), syscall(SYS_gettid), SIGUSR1);
    syscall(SYS_exit_group, 0);
}
