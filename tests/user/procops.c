/* Calls about processes: pidfd_open/pidfd_send_signal/pidfd_getfd with
 * poll and waitid(P_PIDFD), kcmp, sched_setattr/sched_getattr,
 * process_vm_readv/writev on the process itself (whole elements, partial
 * transfers), membarrier. The output is the same natively and under an
 * emulator; pids and kernel pointers are never printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <linux/membarrier.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void res(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %ld\n", what, r);
}

/* kcmp's answer without the pointer order: equal, different or an error. */
static void cmp(const char *what, long r)
{
    if (r < 0)
        printf("%s: -1 %s\n", what, strerrorname_np(errno));
    else
        printf("%s: %s\n", what, r == 0 ? "same" : "different");
}

static void test_pidfd(void)
{
    int p[2];
    pipe(p);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        write(p[1], "x", 1);
        pause();
        _exit(0);
    }
    close(p[1]);
    char c;
    read(p[0], &c, 1);
    int pfd = (int)syscall(SYS_pidfd_open, pid, 0);
    printf("pidfd_open: %d cloexec %d\n", pfd >= 0, fcntl(pfd, F_GETFD) == FD_CLOEXEC);
    struct pollfd pl = { .fd = pfd, .events = POLLIN };
    int ready = poll(&pl, 1, 0);
    printf("poll while it runs: %d\n", ready);

    /* the child's fd 1 (the same file as ours) */
    long fd = syscall(SYS_pidfd_getfd, pfd, 1, 0);
    cmp("pidfd_getfd, kcmp with our fd 1", fd < 0 ? fd : syscall(SYS_kcmp, getpid(), getpid(), KCMP_FILE, 1, fd));
    close((int)fd);
    res("pidfd_getfd bad fd", syscall(SYS_pidfd_getfd, pfd, 999, 0));
    res("pidfd_getfd bad flags", syscall(SYS_pidfd_getfd, pfd, 1, 1));

    siginfo_t si;
    memset(&si, 0, sizeof(si));
    si.si_signo = SIGKILL;
    si.si_code = SI_QUEUE;
    si.si_pid = getpid();
    si.si_uid = getuid();
    res("pidfd_send_signal with info", syscall(SYS_pidfd_send_signal, pfd, SIGKILL, &si, 0));
    ready = poll(&pl, 1, 5000);
    printf("poll after the kill: %d revents %#x\n", ready, pl.revents);
    memset(&si, 0, sizeof(si));
    int w = waitid(P_PIDFD, pfd, &si, WEXITED);
    res("waitid P_PIDFD", w);
    printf("child: code %d status %s\n", si.si_code, w == 0 ? sigabbrev_np(si.si_status) : "?");
    if (w < 0) {   /* no pidfds: do not leave the child behind */
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    res("pidfd_send_signal to the dead", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0));
    res("pidfd_send_signal bad flags", syscall(SYS_pidfd_send_signal, pfd, 0, NULL, 99));
    res("pidfd_send_signal bad info", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, (void *)8, 0));
    close(pfd);
    res("pidfd_open bad flags", syscall(SYS_pidfd_open, getpid(), 1));
    res("pidfd_open no such pid", syscall(SYS_pidfd_open, 0x3ffffff, 0));
    int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
    res("pidfd_send_signal 0 to self", syscall(SYS_pidfd_send_signal, self, 0, NULL, 0));
    close(self);
}

static void *idle_thread(void *arg)
{
    *(volatile pid_t *)arg = gettid();
    pause();
    return NULL;
}

static void test_kcmp(void)
{
    pid_t me = getpid();
    int a = open("/dev/null", O_RDONLY), b = dup(a), c = open("/dev/null", O_RDONLY);
    cmp("KCMP_FILE dup", syscall(SYS_kcmp, me, me, KCMP_FILE, a, b));
    cmp("KCMP_FILE other open", syscall(SYS_kcmp, me, me, KCMP_FILE, a, c));
    res("KCMP_FILE bad fd", syscall(SYS_kcmp, me, me, KCMP_FILE, a, 999));
    volatile pid_t tid = 0;
    pthread_t th;
    pthread_create(&th, NULL, idle_thread, (void *)&tid);
    while (!tid)
        sched_yield();
    cmp("KCMP_VM with a thread", syscall(SYS_kcmp, me, tid, KCMP_VM, 0, 0));
    cmp("KCMP_FILES with a thread", syscall(SYS_kcmp, me, tid, KCMP_FILES, 0, 0));
    cmp("KCMP_SIGHAND with a thread", syscall(SYS_kcmp, me, tid, KCMP_SIGHAND, 0, 0));
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        pause();
        _exit(0);
    }
    cmp("KCMP_VM with a child", syscall(SYS_kcmp, me, child, KCMP_VM, 0, 0));
    cmp("KCMP_FS with a child", syscall(SYS_kcmp, me, child, KCMP_FS, 0, 0));
    cmp("KCMP_FILE same fd in a child", syscall(SYS_kcmp, me, child, KCMP_FILE, a, a));
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    int ep = epoll_create1(0), p[2];
    pipe(p);
    int pd = dup(p[0]);
    struct epoll_event ev = { .events = EPOLLIN };
    epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
    struct kcmp_epoll_slot slot = { .efd = (uint32_t)ep, .tfd = (uint32_t)p[0], .toff = 0 };
    cmp("KCMP_EPOLL_TFD", syscall(SYS_kcmp, me, me, KCMP_EPOLL_TFD, pd, &slot));
    cmp("KCMP_EPOLL_TFD other file", syscall(SYS_kcmp, me, me, KCMP_EPOLL_TFD, p[1], &slot));
    slot.tfd = (uint32_t)p[1];
    res("KCMP_EPOLL_TFD not in the set", syscall(SYS_kcmp, me, me, KCMP_EPOLL_TFD, pd, &slot));
    res("KCMP_EPOLL_TFD bad slot", syscall(SYS_kcmp, me, me, KCMP_EPOLL_TFD, pd, (void *)8));
    close(p[0]);
    close(p[1]);
    close(pd);
    res("kcmp bad type", syscall(SYS_kcmp, me, me, 99, 0, 0));
    close(ep);
    close(a);
    close(b);
    close(c);
}

/* struct sched_attr (linux/sched/types.h), version 1. */
struct sched_attr_v1 {
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
    uint32_t sched_util_min, sched_util_max;
};

static void test_sched_attr(void)
{
    struct sched_attr_v1 at;
    memset(&at, 0xee, sizeof(at));
    res("sched_getattr", syscall(SYS_sched_getattr, 0, &at, sizeof(at), 0));
    printf("size %u policy %u nice %d prio %u\n", at.size, at.sched_policy, at.sched_nice,
           at.sched_priority);
    memset(&at, 0xee, sizeof(at));
    res("sched_getattr version 0", syscall(SYS_sched_getattr, 0, &at, 48, 0));
    printf("size %u, beyond it untouched %d\n", at.size, at.sched_util_min == 0xeeeeeeeeu);
    res("sched_getattr small", syscall(SYS_sched_getattr, 0, &at, 40, 0));
    res("sched_getattr flags", syscall(SYS_sched_getattr, 0, &at, sizeof(at), 1));
    res("sched_getattr bad buffer", syscall(SYS_sched_getattr, 0, (void *)8, sizeof(at), 0));

    memset(&at, 0, sizeof(at));
    at.size = sizeof(at);
    at.sched_policy = SCHED_BATCH;
    at.sched_nice = 3;
    res("sched_setattr batch, nice 3", syscall(SYS_sched_setattr, 0, &at, 0));
    memset(&at, 0, sizeof(at));
    syscall(SYS_sched_getattr, 0, &at, sizeof(at), 0);
    printf("now policy %u nice %d, getpriority %d\n", at.sched_policy, at.sched_nice,
           getpriority(PRIO_PROCESS, 0));
    at.size = 0;   /* version 0 */
    at.sched_policy = SCHED_OTHER;
    res("sched_setattr size 0", syscall(SYS_sched_setattr, 0, &at, 0));
    struct { struct sched_attr_v1 a; uint64_t tail[4]; } big;
    memset(&big, 0, sizeof(big));
    big.a.size = sizeof(big);
    big.tail[3] = 1;
    res("sched_setattr non-zero tail", syscall(SYS_sched_setattr, 0, &big, 0));
    printf("the kernel's size written back: %u\n", big.a.size);
    big.a.size = 20;
    res("sched_setattr size 20", syscall(SYS_sched_setattr, 0, &big, 0));
    printf("written back: %u\n", big.a.size);
    res("sched_setattr bad policy", syscall(SYS_sched_setattr, 0,
                                           &(struct sched_attr_v1){ .size = 56, .sched_policy = 77 }, 0));
    res("sched_setattr flags", syscall(SYS_sched_setattr, 0, &at, 1));
    res("sched_setattr null", syscall(SYS_sched_setattr, 0, NULL, 0));
    res("sched_setattr bad pointer", syscall(SYS_sched_setattr, 0, (void *)8, 0));
    syscall(SYS_sched_getattr, 0, &at, sizeof(at), 0);
    printf("back to policy %u nice %d\n", at.sched_policy, at.sched_nice);
}

static void test_process_vm(void)
{
    pid_t me = getpid();
    char src1[] = "hello ", src2[] = "process_vm", dst[32] = { 0 };
    struct iovec local = { dst, sizeof(dst) };
    struct iovec remote[2] = { { src1, 6 }, { src2, 10 } };
    res("process_vm_readv", process_vm_readv(me, &local, 1, remote, 2, 0));
    printf("read: %s\n", dst);

    /* the second remote element is unmapped: only the first moves */
    char *gone = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(gone, 4096);
    memset(dst, 0, sizeof(dst));
    struct iovec partial[3] = { { src1, 6 }, { gone, 4 }, { src2, 10 } };
    res("process_vm_readv partial", process_vm_readv(me, &local, 1, partial, 3, 0));
    printf("read: %s\n", dst);
    res("process_vm_readv first bad", process_vm_readv(me, &local, 1, partial + 1, 2, 0));
    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct iovec to_ro = { ro, 4 };
    res("process_vm_writev into read-only", process_vm_writev(me, &local, 1, &to_ro, 1, 0));

    char target[16] = "..........";
    struct iovec from = { "written", 7 }, to = { target + 2, 7 };
    res("process_vm_writev", process_vm_writev(me, &from, 1, &to, 1, 0));
    printf("target: %s\n", target);
    res("process_vm_readv flags", process_vm_readv(me, &local, 1, remote, 2, 1));
    res("process_vm_readv bad local", process_vm_readv(me, &(struct iovec){ gone, 4 }, 1, remote, 1, 0));
    volatile pid_t tid = 0;
    pthread_t th;
    pthread_create(&th, NULL, idle_thread, (void *)&tid);
    while (!tid)
        sched_yield();
    memset(dst, 0, sizeof(dst));
    res("process_vm_readv by a thread id", process_vm_readv(tid, &local, 1, remote, 1, 0));
    printf("read: %s\n", dst);
}

static void test_membarrier(void)
{
    long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    printf("membarrier query: %s private-expedited %d\n", q < 0 ? strerrorname_np(errno) : "ok",
           q > 0 && (q & MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0);
    res("private expedited, unregistered",
        syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
    res("register private expedited",
        syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0));
    res("private expedited", syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
    res("bad command", syscall(SYS_membarrier, 1 << 20, 0, 0));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    test_pidfd();
    test_kcmp();
    test_sched_attr();
    test_process_vm();
    test_membarrier();
    return 0;
}
