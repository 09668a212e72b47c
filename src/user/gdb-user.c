/*
 * linux-user's side of the GDB stub (src/gdb): what it asks of the mode
 * (the process id, the auxiliary vector, how a kill ends the process, the
 * guest's files as the guest's own open(2) finds them), and
 * the delivery of a signal GDB resumes a thread with. The hooks themselves
 * sit where guest state changes hands: the cpu loop (debug exits,
 * syscalls, finished steps), signal delivery, thread start and exit,
 * process exit and fork.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gdb/gdbstub.h"
#include "user/signal.h"
#include "user/syscall.h"
#include "user/thread.h"
#include "user/user.h"

static const void *gdb_auxv(size_t *len)
{
    return user_auxv(len);
}

/* GDB's kill: the process ends as SIGKILL ends it, after the exit work
 * every exit does (plugins' atexit callbacks). */
static void gdb_kill(void)
{
    user_exit_group(128 + SIGKILL);
    kill(getpid(), SIGKILL);
    _exit(128 + SIGKILL);
}

/* A file GDB reads, found as the guest's open(2) finds it: /proc/self
 * entries describe the guest, absolute paths look in the -L sysroot. */
static int gdb_open_file(const char *path)
{
    bool handled;
    int64_t r = procfs_open(path, O_RDONLY | O_CLOEXEC, &handled);
    if (handled)
        return (int)r;
    GuestPath p;
    r = user_path(path, &p, true);
    if (r < 0)
        return (int)r;
    int fd = open(p.host, O_RDONLY | O_CLOEXEC);
    /* /proc entries as the guest sees them (its cmdline, maps, exe). */
    return fd < 0 ? -errno : (int)procfs_opened(fd, O_RDONLY | O_CLOEXEC);
}

static int gdb_read_link(const char *path, char *buf, size_t size)
{
    const char *t = procfs_exe_alias(path);
    if (t) {
        size_t n = strlen(t) < size ? strlen(t) : size;
        memcpy(buf, t, n);
        return (int)n;
    }
    GuestPath p;
    int64_t r = user_path(path, &p, true);
    if (r < 0)
        return (int)r;
    ssize_t n = readlink(p.host, buf, size);
    return n < 0 ? -errno : (int)n;
}

/* Filled once by user_gdb_start (the pid), read-only afterwards. */
static GdbMode gdb_mode = {
    .auxv = gdb_auxv, .kill = gdb_kill, .open_file = gdb_open_file, .read_link = gdb_read_link,
};

void user_gdb_wait(int port)
{
    gdb_wait_connection(port);
}

void user_gdb_start(const GuestArch *g)
{
    gdb_mode.pid = getpid();
    gdb_start(g, &gdb_mode);
}

void user_gdb_resumed(CPUState *cpu, int sig)
{
    /* As if sent to the thread: it is delivered, or stays pending while
     * blocked, by the usual rules, without a second stop for GDB. */
    if (sig <= 0 || sig > USER_NSIG)
        return;
    cpu->ts->gdb_passed |= user_sigbit(sig);
    syscall(SYS_tgkill, getpid(), cpu->tid, sig);
}
