/* Processes that share their parent's memory: vfork (the parent waits
 * until the child execs or exits, and sees what it wrote), posix_spawn
 * (which reports an exec failure through that memory), and clone with
 * CLONE_VM but not CLONE_THREAD, alone or with CLONE_FILES, CLONE_FS,
 * CLONE_SIGHAND, CLONE_VFORK and the tid flags. The children make only
 * system calls: they run on their parent's thread-local storage. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static volatile int shared_var;
static volatile int go;
static volatile int child_fd = -1;
static volatile int child_pid, child_ppid, child_tid;
static char *volatile child_map;
static char self[4096];

static void pause_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
    syscall(SYS_nanosleep, &t, NULL);
}

static void report(const char *what, int st)
{
    if (WIFEXITED(st))
        printf("%s: exit %d\n", what, WEXITSTATUS(st));
    else if (WIFSIGNALED(st))
        printf("%s: killed by %s\n", what, sigabbrev_np(WTERMSIG(st)));
}

static void test_vfork(void)
{
    shared_var = 0;
    fflush(stdout);
    pid_t pid = vfork();
    if (pid == 0) {
        shared_var = 1;
        pause_ms(100);
        shared_var = 2;   /* the parent is still waiting */
        _exit(3);
    }
    printf("vfork: parent sees %d\n", shared_var);
    int st;
    waitpid(pid, &st, 0);
    report("vfork child", st);

    /* The parent resumes at the child's execve. */
    shared_var = 0;
    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        shared_var = 5;
        char *argv[] = { self, "child-exit", NULL };
        execve(self, argv, environ);
        _exit(127);
    }
    printf("vfork+exec: parent sees %d\n", shared_var);
    waitpid(pid, &st, 0);
    report("exec'd child", st);

    fflush(stdout);
    pid = vfork();
    if (pid == 0) {
        char *argv[] = { "nothing", NULL };
        execve("/nonexistent/peek", argv, environ);
        shared_var = errno;
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("vfork, failed exec: %s\n", strerrorname_np(shared_var));
    report("that child", st);
}

static void test_spawn(void)
{
    pid_t pid;
    char *argv[] = { self, "child-exit", NULL };
    int r = posix_spawn(&pid, self, NULL, NULL, argv, environ);
    printf("posix_spawn: %d\n", r);
    int st;
    if (r == 0 && waitpid(pid, &st, 0) == pid)
        report("spawned", st);
    char *bad[] = { "nothing", NULL };
    r = posix_spawn(&pid, "/nonexistent/peek", NULL, NULL, bad, environ);
    printf("posix_spawn of a missing file: %s\n", strerrorname_np(r));
    r = posix_spawnp(&pid, "peek-no-such-program", NULL, NULL, bad, environ);
    printf("posix_spawnp of a missing program: %s\n", strerrorname_np(r));
}

static int child_plain(void *arg)
{
    child_pid = (int)syscall(SYS_getpid);
    child_ppid = (int)syscall(SYS_getppid);
    child_tid = (int)syscall(SYS_gettid);
    /* Not a vfork: it runs alongside its parent, which sets go. */
    for (int i = 0; i < 5000 && !go; i++)
        pause_ms(1);
    shared_var = go ? 7 : -1;
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED)
        strcpy(m, "mapped by the child");
    child_map = m;
    return 9;
}

static int child_files(void *arg)
{
    child_fd = (int)syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
    syscall(SYS_chdir, "/");
    return 0;
}

static void on_usr1(int sig) { }

static int child_sighand(void *arg)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_IGN;
    /* sigaction is a plain wrapper of rt_sigaction */
    return sigaction(SIGUSR1, &sa, NULL) == 0 ? 0 : 1;
}

static int child_die(void *arg)
{
    syscall(SYS_kill, syscall(SYS_getpid), SIGTERM);
    return 0;
}

static int child_late(void *arg)
{
    pause_ms(100);
    shared_var = 8;
    return 6;
}

static int child_tids(void *arg)
{
    pause_ms(50);
    return 4;
}

/* clone(fn) on a fresh stack, then wait for the child. */
static int run_clone(const char *what, int (*fn)(void *), int flags, void *ptid, void *ctid)
{
    size_t size = 1 << 20;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fflush(stdout);
    int pid = clone(fn, stack + size, flags | SIGCHLD, NULL, ptid, NULL, ctid);
    if (pid < 0) {
        printf("%s: clone failed: %s\n", what, strerrorname_np(errno));
        return pid;
    }
    go = 1;
    int st;
    if (waitpid(pid, &st, 0) != pid)
        printf("%s: waitpid: %s\n", what, strerrorname_np(errno));
    else
        report(what, st);
    go = 0;
    munmap(stack, size);
    return pid;
}

static void test_clone_vm(void)
{
    shared_var = 0;
    int pid = run_clone("CLONE_VM", child_plain, CLONE_VM, NULL, NULL);
    printf("child's pid is its own %d, tid = pid %d, parent is us %d\n", child_pid == pid,
           child_tid == child_pid, child_ppid == getpid());
    printf("child wrote %d, and mapped: %s\n", shared_var, child_map ? child_map : "(nothing)");

    char cwd[4096], after[4096];
    if (!getcwd(cwd, sizeof(cwd)))
        strcpy(cwd, "?");
    child_fd = -1;
    run_clone("CLONE_VM|CLONE_FILES|CLONE_FS", child_files, CLONE_VM | CLONE_FILES | CLONE_FS, NULL,
              NULL);
    printf("its fd is ours %d, its chdir is ours %d\n",
           child_fd >= 0 && fcntl(child_fd, F_GETFD) >= 0,
           getcwd(after, sizeof(after)) && strcmp(after, "/") == 0);
    if (child_fd >= 0)
        close(child_fd);
    if (chdir(cwd) < 0)
        printf("chdir back failed\n");
    child_fd = -1;
    run_clone("CLONE_VM alone", child_files, CLONE_VM, NULL, NULL);
    errno = 0;
    printf("its fd is ours %d, its chdir is ours %d\n",
           child_fd >= 0 && fcntl(child_fd, F_GETFD) >= 0,
           getcwd(after, sizeof(after)) && strcmp(after, "/") == 0);

    struct sigaction sa, now;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);
    run_clone("CLONE_VM, own dispositions", child_sighand, CLONE_VM, NULL, NULL);
    sigaction(SIGUSR1, NULL, &now);
    printf("our handler kept %d\n", now.sa_handler == on_usr1);
    run_clone("CLONE_VM|CLONE_SIGHAND", child_sighand, CLONE_VM | CLONE_SIGHAND, NULL, NULL);
    sigaction(SIGUSR1, NULL, &now);
    printf("our handler ignored now %d\n", now.sa_handler == SIG_IGN);

    run_clone("CLONE_VM, killed", child_die, CLONE_VM, NULL, NULL);

    /* CLONE_VFORK: back only when the child is done. */
    shared_var = 0;
    fflush(stdout);
    size_t size = 1 << 20;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    pid = clone(child_late, stack + size, CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
    printf("CLONE_VM|CLONE_VFORK: back after the child wrote %d\n", shared_var);
    int st;
    waitpid(pid, &st, 0);
    report("that child", st);

    static int ptid, ctid;
    ptid = ctid = 0;
    fflush(stdout);
    pid = clone(child_tids, stack + size,
                CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD,
                NULL, &ptid, NULL, &ctid);
    printf("parent_settid %d, child_settid %d\n", ptid == pid, ctid == pid || ctid == 0);
    /* cleared and woken when the child leaves, as pthread_join expects */
    while (ctid) {
        struct timespec t = { 5, 0 };
        int seen = ctid;
        if (seen && syscall(SYS_futex, &ctid, FUTEX_WAIT, seen, &t, NULL, 0) < 0 &&
            errno == ETIMEDOUT)
            break;
    }
    printf("child_cleartid: %d\n", ctid);
    waitpid(pid, &st, 0);
    report("tid child", st);
    munmap(stack, size);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child-exit") == 0)
        return 4;
    setvbuf(stdout, NULL, _IOLBF, 0);
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0)
        return 1;
    self[n] = 0;
    test_vfork();
    test_spawn();
    test_clone_vm();
    return 0;
}
