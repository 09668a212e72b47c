/* clone3 as fork: the child returns 0, CLONE_PARENT_SETTID stores the
 * child's pid, a larger struct with a zero tail is accepted and a non-zero
 * tail refused (E2BIG), a too small one is EINVAL. (glibc's pthread_create
 * uses clone3 on newer versions; the thread path is shared with clone.) */
#include <errno.h>
#include <linux/sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long clone3(void *args, size_t size)
{
    return syscall(SYS_clone3, args, size);
}

static void run(const char *what, void *args, size_t size, int code)
{
    fflush(stdout);
    long pid = clone3(args, size);
    if (pid == 0)
        _exit(code);
    if (pid < 0) {
        printf("%s: %s\n", what, errno == EINVAL ? "EINVAL" : errno == E2BIG ? "E2BIG" : "?");
        return;
    }
    int st;
    waitpid((pid_t)pid, &st, 0);
    printf("%s: child exit %d\n", what, WEXITSTATUS(st));
}

int main(void)
{
    struct clone_args a;
    memset(&a, 0, sizeof(a));
    a.exit_signal = SIGCHLD;
    run("plain", &a, sizeof(a), 5);

    int ptid = 0;
    a.flags = CLONE_PARENT_SETTID;
    a.parent_tid = (uintptr_t)&ptid;
    fflush(stdout);
    long pid = clone3(&a, sizeof(a));
    if (pid == 0)
        _exit(6);
    int st;
    waitpid((pid_t)pid, &st, 0);
    printf("parent_settid: stored the pid %d, child exit %d\n", ptid == pid, WEXITSTATUS(st));

    struct { struct clone_args a; uint64_t tail[4]; } big;
    memset(&big, 0, sizeof(big));
    big.a.exit_signal = SIGCHLD;
    run("bigger, zero tail", &big, sizeof(big), 7);
    big.tail[2] = 1;
    run("bigger, non-zero tail", &big, sizeof(big), 8);
    run("too small", &a, 32, 9);
    a.flags = CLONE_THREAD;
    run("thread without sighand", &a, sizeof(a), 10);
    return 0;
}
