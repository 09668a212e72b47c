/* For the -strace and -d unimp checks: a write, an unknown syscall, an
 * open of a missing file, the asynchronous I/O calls peek names but does
 * not do, and exit_group with a known status. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    long r = syscall(999, 1, 2, 3);
    int e = errno;
    write(1, "hello strace\n", 13);
    open("/nonexistent/peek", O_RDONLY);
    printf("syscall(999) = %ld errno %s\n", r, e == ENOSYS ? "ENOSYS" : strerror(e));
    r = syscall(SYS_io_uring_setup, 1, NULL);
    printf("io_uring_setup = %ld errno %s\n", r, errno == ENOSYS ? "ENOSYS" : strerror(errno));
    r = syscall(SYS_io_setup, 1, NULL);
    printf("io_setup = %ld errno %s\n", r, errno == ENOSYS ? "ENOSYS" : strerror(errno));
    fflush(stdout);
    _exit(7);
}
