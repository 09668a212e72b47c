/*
 * Process identity, limits, scheduling and system information, and the
 * calls that reach other processes (pidfds, kcmp, process_vm_readv). The
 * ids are the host process's (the guest is the process); uname reports the
 * guest machine; the limits that describe peek's own address space
 * (RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK) are not applied to the host,
 * where they would stop peek from mapping guest memory.
 */
#include <limits.h>
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "user/arch.h"
#include "user/syscall.h"
#include "user/thread.h"

int64_t sys_getpid(SYSCALL_ARGS) { return getpid(); }
int64_t sys_getppid(SYSCALL_ARGS) { return getppid(); }
int64_t sys_getuid(SYSCALL_ARGS) { return getuid(); }
int64_t sys_geteuid(SYSCALL_ARGS) { return geteuid(); }
int64_t sys_getgid(SYSCALL_ARGS) { return getgid(); }
int64_t sys_getegid(SYSCALL_ARGS) { return getegid(); }
int64_t sys_getpgid(SYSCALL_ARGS) { return host_ret(getpgid((pid_t)a[0])); }
int64_t sys_setpgid(SYSCALL_ARGS) { return host_ret(setpgid((pid_t)a[0], (pid_t)a[1])); }
int64_t sys_getsid(SYSCALL_ARGS) { return host_ret(getsid((pid_t)a[0])); }
int64_t sys_setsid(SYSCALL_ARGS) { return host_ret(setsid()); }

/* The set*id calls go straight to the kernel: glibc's wrappers would
 * change the ids of every peek thread, the kernel's only the caller's,
 * which is what a guest thread making the raw syscall expects. */
int64_t sys_setuid(SYSCALL_ARGS) { return host_ret(syscall(SYS_setuid, (uid_t)a[0])); }
int64_t sys_setgid(SYSCALL_ARGS) { return host_ret(syscall(SYS_setgid, (gid_t)a[0])); }
int64_t sys_setreuid(SYSCALL_ARGS) { return host_ret(syscall(SYS_setreuid, (uid_t)a[0], (uid_t)a[1])); }
int64_t sys_setregid(SYSCALL_ARGS) { return host_ret(syscall(SYS_setregid, (gid_t)a[0], (gid_t)a[1])); }
int64_t sys_setresuid(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_setresuid, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]));
}
int64_t sys_setresgid(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_setresgid, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]));
}
int64_t sys_setfsuid(SYSCALL_ARGS) { return syscall(SYS_setfsuid, (uid_t)a[0]); }
int64_t sys_setfsgid(SYSCALL_ARGS) { return syscall(SYS_setfsgid, (gid_t)a[0]); }

static int64_t get_res_ids(long host_nr, const uint64_t *a)
{
    unsigned ids[3];
    for (int i = 0; i < 3; i++)
        if (!guest_wbuf(a[i], 4) || !a[i])
            return -EFAULT;
    if (syscall(host_nr, &ids[0], &ids[1], &ids[2]) < 0)
        return -errno;
    for (int i = 0; i < 3; i++)
        copy_to_guest(a[i], &ids[i], 4);
    return 0;
}

int64_t sys_getresuid(SYSCALL_ARGS) { return get_res_ids(SYS_getresuid, a); }
int64_t sys_getresgid(SYSCALL_ARGS) { return get_res_ids(SYS_getresgid, a); }

/* The group list of getgroups/setgroups: n gid_t's, n < 0 being refused
 * by the kernel before it looks at the list. */
static void *group_list(int n, uint64_t ga, bool writes)
{
    return guest_kbuf(ga, n < 0 ? 0 : (uint64_t)n * 4, writes);
}

int64_t sys_getgroups(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_getgroups, (int)a[0], group_list((int)a[0], a[1], true)));
}

int64_t sys_setgroups(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_setgroups, (int)a[0], group_list((int)a[0], a[1], false)));
}

int64_t sys_uname(SYSCALL_ARGS)
{
    struct utsname u;
    if (uname(&u) < 0)
        return -errno;
    snprintf(u.machine, sizeof(u.machine), "%s", user_arch->uname_machine);
    if (user_opts.uname_release)
        snprintf(u.release, sizeof(u.release), "%s", user_opts.uname_release);
    return copy_to_guest(a[0], &u, sizeof(u));
}

/* Limits that are about peek's own host address space. */
static bool limit_is_ours(int resource)
{
    return resource == RLIMIT_AS || resource == RLIMIT_DATA || resource == RLIMIT_STACK;
}

/* RLIMIT_NOFILE of this process: the guest's own view, which keeps peek's
 * descriptor slots above its hard limit (util/hostfd.h). */
static int64_t nofile_limit(const struct rlimit *nv, struct rlimit *ov)
{
    struct rlimit old;
    hostfd_get_nofile(&old);
    if (nv) {
        int64_t r = hostfd_set_nofile(nv);
        if (r < 0)
            return r;
    }
    if (ov)
        *ov = old;
    return 0;
}

/* prlimit64 with host pointers for the new and old limits (both optional).
 * A limit of ours is checked as Linux checks it (a new soft limit above
 * the hard one is EINVAL), then left alone: the old one is the host's. */
static int64_t do_prlimit(pid_t pid, int resource, const struct rlimit *nv, struct rlimit *ov)
{
    bool self = pid == 0 || pid == getpid();
    if (self && resource == RLIMIT_NOFILE)
        return nofile_limit(nv, ov);
    if (nv && limit_is_ours(resource) && self) {
        if (nv->rlim_cur > nv->rlim_max)
            return -EINVAL;
        nv = NULL;
    }
    return host_ret(prlimit(pid, resource, nv, ov));
}

/* Linux's order: read the new limit, apply, then store the old one. */
int64_t sys_prlimit64(SYSCALL_ARGS)
{
    struct rlimit nv, ov;
    if (a[2] && copy_from_guest(&nv, a[2], sizeof(nv)) < 0)
        return -EFAULT;
    int64_t r = do_prlimit((pid_t)a[0], (int)a[1], a[2] ? &nv : NULL, a[3] ? &ov : NULL);
    if (r == 0 && a[3] && copy_to_guest(a[3], &ov, sizeof(ov)) < 0)
        return -EFAULT;
    return r;
}

/* getrlimit and setrlimit have no optional pointer: NULL is EFAULT. */
int64_t sys_getrlimit(SYSCALL_ARGS)
{
    struct rlimit ov;
    int64_t r = do_prlimit(0, (int)a[0], NULL, &ov);
    if (r == 0 && copy_to_guest(a[1], &ov, sizeof(ov)) < 0)
        return -EFAULT;
    return r;
}

int64_t sys_setrlimit(SYSCALL_ARGS)
{
    struct rlimit nv;
    if (copy_from_guest(&nv, a[1], sizeof(nv)) < 0)
        return -EFAULT;
    return do_prlimit(0, (int)a[0], &nv, NULL);
}

int64_t sys_getrusage(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_getrusage, (int)a[0], guest_kbuf(a[1], sizeof(struct rusage), true)));
}

int64_t sys_sysinfo(SYSCALL_ARGS)
{
    void *si = guest_wbuf(a[0], sizeof(struct sysinfo));
    return si && a[0] ? host_ret(syscall(SYS_sysinfo, si)) : -EFAULT;
}

int64_t sys_getcpu(SYSCALL_ARGS)
{
    void *c, *n;
    if (!GUEST_OPT_WBUF(a[0], 4, c) || !GUEST_OPT_WBUF(a[1], 4, n))
        return -EFAULT;
    return host_ret(syscall(SYS_getcpu, c, n, NULL));
}

int64_t sys_getpriority(SYSCALL_ARGS) { return host_ret(syscall(SYS_getpriority, (int)a[0], (int)a[1])); }
int64_t sys_setpriority(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_setpriority, (int)a[0], (int)a[1], (int)a[2]));
}

int64_t sys_sched_yield(SYSCALL_ARGS) { return host_ret(sched_yield()); }
int64_t sys_sched_getscheduler(SYSCALL_ARGS) { return host_ret(sched_getscheduler((pid_t)a[0])); }
int64_t sys_sched_get_priority_max(SYSCALL_ARGS) { return host_ret(sched_get_priority_max((int)a[0])); }
int64_t sys_sched_get_priority_min(SYSCALL_ARGS) { return host_ret(sched_get_priority_min((int)a[0])); }

#define SP sizeof(struct sched_param)

int64_t sys_sched_getparam(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_sched_getparam, (pid_t)a[0], guest_kbuf(a[1], SP, true)));
}

int64_t sys_sched_setparam(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_sched_setparam, (pid_t)a[0], guest_kbuf(a[1], SP, false)));
}

int64_t sys_sched_setscheduler(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_sched_setscheduler, (pid_t)a[0], (int)a[1],
                            guest_kbuf(a[2], SP, false)));
}

int64_t sys_sched_getaffinity(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_sched_getaffinity, (pid_t)a[0], (size_t)a[1],
                            guest_kbuf(a[2], a[1], true)));
}

int64_t sys_sched_setaffinity(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_sched_setaffinity, (pid_t)a[0], (size_t)a[1],
                            guest_kbuf(a[2], a[1], false)));
}

int64_t sys_capget(SYSCALL_ARGS)
{
    void *hdr = guest_wbuf(a[0], sizeof(struct __user_cap_header_struct)), *data;
    if (!hdr || !a[0] || !GUEST_OPT_WBUF(a[1], 2 * sizeof(struct __user_cap_data_struct), data))
        return -EFAULT;
    return host_ret(syscall(SYS_capget, hdr, data));
}

int64_t sys_capset(SYSCALL_ARGS)
{
    void *hdr = guest_wbuf(a[0], sizeof(struct __user_cap_header_struct)), *data;
    if (!hdr || !a[0] || !GUEST_OPT_RBUF(a[1], 2 * sizeof(struct __user_cap_data_struct), data))
        return -EFAULT;
    return host_ret(syscall(SYS_capset, hdr, data));
}

/* struct sched_attr is made of fixed-width fields, the same everywhere; it
 * opens with its size, which tells the kernel which version the caller
 * has. Bad arguments go to the host as they are (a NULL attr, a size
 * out of range, non-zero flags) so that it reports them as the kernel
 * does, including the size it writes back with E2BIG. */
#define SCHED_ATTR_SIZE_VER0 48
#define SCHED_ATTR_SIZE_MAX 4096   /* the page size, in both ABIs */

int64_t sys_sched_setattr(SYSCALL_ARGS)
{
    pid_t pid = (pid_t)a[0];
    unsigned flags = (unsigned)a[2];
    if (!a[1] || pid < 0 || flags)
        return host_ret(syscall(SYS_sched_setattr, pid, NULL, flags));
    uint8_t attr[SCHED_ATTR_SIZE_MAX] = { 0 };
    uint32_t size;
    if (copy_from_guest(&size, a[1], sizeof(size)) < 0)
        return -EFAULT;
    memcpy(attr, &size, sizeof(size));
    uint32_t n = size ? size : SCHED_ATTR_SIZE_VER0;
    if (n >= SCHED_ATTR_SIZE_VER0 && n <= sizeof(attr) && copy_from_guest(attr, a[1], n) < 0)
        return -EFAULT;
    int64_t r = host_ret(syscall(SYS_sched_setattr, pid, attr, flags));
    if (r == -E2BIG && copy_to_guest(a[1], attr, sizeof(size)) < 0)
        return -EFAULT;
    return r;
}

int64_t sys_sched_getattr(SYSCALL_ARGS)
{
    pid_t pid = (pid_t)a[0];
    uint32_t usize = (uint32_t)a[2];
    unsigned flags = (unsigned)a[3];
    if (!a[1] || pid < 0 || usize < SCHED_ATTR_SIZE_VER0 || usize > SCHED_ATTR_SIZE_MAX || flags)
        return host_ret(syscall(SYS_sched_getattr, pid, NULL, usize, flags));
    uint8_t attr[SCHED_ATTR_SIZE_MAX];
    int64_t r = host_ret(syscall(SYS_sched_getattr, pid, attr, usize, flags));
    if (r < 0)
        return r;
    /* The kernel fills its own size, or the caller's if smaller, and says
     * which in the size field. */
    uint32_t filled;
    memcpy(&filled, attr, sizeof(filled));
    return copy_to_guest(a[1], attr, filled < usize ? filled : usize) < 0 ? -EFAULT : r;
}

/* ---- other processes: pidfds, kcmp, process_vm_readv/writev ---- */

/* Pids and fds are the host's, so pidfds work between guests, peeks and
 * native programs alike. */
int64_t sys_pidfd_open(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_pidfd_open, (pid_t)a[0], (unsigned)a[1]));
}

int64_t sys_pidfd_getfd(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1], (unsigned)a[2]));
}

/* siginfo_t is the same 128 bytes in both ABIs: the kernel reads it, after
 * the flags and the fd. */
int64_t sys_pidfd_send_signal(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_pidfd_send_signal, (int)a[0], (int)a[1],
                            guest_kbuf(a[2], sizeof(siginfo_t), false), (unsigned)a[3]));
}

/* Whether pid names this process (its pid or one of its threads' ids). */
static bool pid_is_ours(pid_t pid)
{
    if (pid == getpid())
        return true;
    user_task_lock();
    bool ours = user_task_by_tid__locked(pid) != NULL;
    user_task_unlock();
    return ours;
}

/* kcmp compares kernel objects, which guest processes share with the host.
 * KCMP_EPOLL_TFD's second index points at { u32 efd, tfd, toff }, the same
 * in both ABIs, which the kernel reads after it found both processes. */
#define G_KCMP_FILE 0
#define G_KCMP_EPOLL_TFD 7

int64_t sys_kcmp(SYSCALL_ARGS)
{
    unsigned long idx2 = (unsigned long)a[4];
    /* A file index naming one of peek's own fds in this process is a
     * descriptor the guest does not have. */
    if ((int)a[2] == G_KCMP_FILE &&
        ((pid_is_ours((pid_t)a[0]) && hostfd_is_ours((int)a[3])) ||
         (pid_is_ours((pid_t)a[1]) && hostfd_is_ours((int)a[4]))))
        return -EBADF;
    if ((int)a[2] == G_KCMP_EPOLL_TFD)
        idx2 = (unsigned long)guest_kbuf(a[4], 3 * sizeof(uint32_t), false);
    return host_ret(syscall(SYS_kcmp, (pid_t)a[0], (pid_t)a[1], (int)a[2], (unsigned long)a[3],
                            idx2));
}

/* process_vm_readv/writev(pid, local, n, remote, m, flags) between the
 * guest and itself, where remote addresses are guest addresses too.
 * Another process's guest addresses mean nothing here (another peek puts
 * its guest space elsewhere, a native program has none): EPERM, logged.
 * The kernel transfers whole remote elements up to the first it cannot
 * access, so the remote list is cut before the first inaccessible one. */
static int64_t process_vm(const uint64_t *a, bool write)
{
    pid_t pid = (pid_t)a[0];
    uint64_t rcnt = a[4];
    if (a[5])
        return -EINVAL;   /* flags: none defined */
    if (!pid_is_ours(pid)) {
        if (user_opts.log_unimp)
            fprintf(user_log(), "Unsupported process_vm_%s: pid %d is not this guest\n",
                    write ? "writev" : "readv", (int)pid);
        return -EPERM;
    }
    if (rcnt > IOV_MAX)
        return -EINVAL;
    int64_t err;
    struct iovec *local = guest_iovec(a[1], a[2], !write, &err);
    if (!local)
        return err;
    struct iovec *remote = malloc(rcnt * sizeof(*remote) + 1);
    if (!remote) {
        free(local);
        return -ENOMEM;
    }
    uint64_t m = 0, bytes = 0;
    for (; m < rcnt; m++) {
        uint64_t e[2];
        if (copy_from_guest(e, a[3] + 16 * m, sizeof(e)) < 0) {
            err = -EFAULT;
            goto out;
        }
        void *p = write ? guest_wbuf(e[0], e[1]) : guest_rbuf(e[0], e[1]);
        if (!p)
            break;
        remote[m] = (struct iovec){ p, e[1] };
        bytes += e[1];
    }
    if (m < rcnt && bytes == 0)
        err = -EFAULT;
    else
        err = host_ret(syscall(write ? SYS_process_vm_writev : SYS_process_vm_readv, getpid(),
                               local, (unsigned long)a[2], remote, (unsigned long)m, 0ul));
out:
    free(remote);
    free(local);
    return err;
}

int64_t sys_process_vm_readv(SYSCALL_ARGS) { return process_vm(a, false); }
int64_t sys_process_vm_writev(SYSCALL_ARGS) { return process_vm(a, true); }

int64_t sys_personality(SYSCALL_ARGS) { return host_ret(syscall(SYS_personality, (unsigned long)a[0])); }

/* Restartable sequences would need the translator to honour abort
 * handlers; glibc copes with their absence. */
int64_t sys_rseq(SYSCALL_ARGS) { return -ENOSYS; }

/* -seed makes getrandom reproducible, like AT_RANDOM. One stream for the
 * process: guest threads draw from it under a lock. */
static pthread_mutex_t seed_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t seed_state;
static bool seed_started;

static uint64_t seeded_next(void)
{
    uint64_t z = (seed_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

int64_t sys_getrandom(SYSCALL_ARGS)
{
    unsigned flags = (unsigned)a[2];
    if (!user_opts.have_seed)
        return host_ret(getrandom(guest_kbuf(a[0], a[1], true), a[1], flags));
    /* The kernel's checks, in its order: flags, then the buffer. */
    if ((flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE)) ||
        (flags & (GRND_RANDOM | GRND_INSECURE)) == (GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    uint64_t n = a[1] > 33554431 ? 33554431 : a[1];   /* the kernel's per-call cap */
    void *buf = guest_wbuf(a[0], n);
    if (!buf)
        return -EFAULT;
    pthread_mutex_lock(&seed_lock);
    if (!seed_started) {
        seed_state = user_opts.seed ^ 0x5eed5eed5eed5eedull;
        seed_started = true;
    }
    for (uint64_t i = 0; i < n; i += 8) {
        uint64_t w = seeded_next();
        memcpy((char *)buf + i, &w, n - i < 8 ? n - i : 8);
    }
    pthread_mutex_unlock(&seed_lock);
    return (int64_t)n;
}

int64_t sys_prctl(SYSCALL_ARGS)
{
    int option = (int)a[0];
    switch (option) {
    case PR_SET_NAME: {
        char name[16];
        int64_t len = guest_strnlen(a[1], sizeof(name) - 1);
        if (len < 0)
            return len;
        memcpy(name, g2h(a[1]), (size_t)len);
        name[len] = 0;
        return host_ret(prctl(PR_SET_NAME, name));
    }
    case PR_GET_NAME: {
        char name[16];
        if (!guest_wbuf(a[1], sizeof(name)))
            return -EFAULT;
        if (prctl(PR_GET_NAME, name) < 0)
            return -errno;
        return copy_to_guest(a[1], name, sizeof(name));
    }
    case PR_GET_PDEATHSIG: case PR_GET_CHILD_SUBREAPER: {
        void *p = guest_wbuf(a[1], sizeof(int));
        return p && a[1] ? host_ret(prctl(option, p)) : -EFAULT;
    }
    case PR_SET_PDEATHSIG: case PR_GET_DUMPABLE: case PR_SET_DUMPABLE:
    case PR_GET_KEEPCAPS: case PR_SET_KEEPCAPS: case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK: case PR_SET_CHILD_SUBREAPER: case PR_GET_NO_NEW_PRIVS:
    case PR_SET_NO_NEW_PRIVS: case PR_CAPBSET_READ: case PR_GET_SECUREBITS:
    case PR_GET_THP_DISABLE: case PR_SET_THP_DISABLE:
        return host_ret(prctl(option, (unsigned long)a[1], (unsigned long)a[2],
                              (unsigned long)a[3], (unsigned long)a[4]));
    default:
        /* Seccomp filters, mm changes and the like would apply to peek, not
         * to the guest: refuse them as an unsupported option. */
        return -EINVAL;
    }
}
