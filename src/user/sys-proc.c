/*
 * Process identity, limits, scheduling and system information. The ids
 * are the host process's (the guest is the process); uname reports the
 * guest machine; the limits that describe peek's own address space
 * (RLIMIT_AS, RLIMIT_DATA, RLIMIT_STACK) are not applied to the host,
 * where they would stop peek from mapping guest memory.
 */
#include <linux/capability.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "user/arch.h"
#include "user/syscall.h"

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
    return copy_to_guest(a[0], &u, sizeof(u));
}

/* Limits that are about peek's own host address space. */
static bool limit_is_ours(int resource)
{
    return resource == RLIMIT_AS || resource == RLIMIT_DATA || resource == RLIMIT_STACK;
}

/* prlimit64 with host pointers for the new and old limits (both optional).
 * A limit of ours is checked as Linux checks it (a new soft limit above
 * the hard one is EINVAL), then left alone: the old one is the host's. */
static int64_t do_prlimit(pid_t pid, int resource, const struct rlimit *nv, struct rlimit *ov)
{
    if (nv && limit_is_ours(resource) && (pid == 0 || pid == getpid())) {
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
