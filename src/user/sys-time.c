/*
 * Clocks, sleeps and timers. Every structure involved (timespec, timeval,
 * itimerval, itimerspec, tms, sigevent) has the same layout in the asm-generic ABI and
 * x86-64, so these only check and translate pointers. Timer signals are
 * host signals, which the signal layer forwards to the guest.
 */
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "user/signal.h"
#include "user/syscall.h"

#define TS sizeof(struct timespec)

int64_t sys_clock_gettime(SYSCALL_ARGS)
{
    void *ts = guest_wbuf(a[1], TS);
    return ts && a[1] ? host_ret(syscall(SYS_clock_gettime, (int)a[0], ts)) : -EFAULT;
}

int64_t sys_clock_getres(SYSCALL_ARGS)
{
    void *ts;
    if (!GUEST_OPT_WBUF(a[1], TS, ts))
        return -EFAULT;
    return host_ret(syscall(SYS_clock_getres, (int)a[0], ts));
}

int64_t sys_clock_settime(SYSCALL_ARGS)
{
    void *ts = guest_rbuf(a[1], TS);
    return ts && a[1] ? host_ret(syscall(SYS_clock_settime, (int)a[0], ts)) : -EFAULT;
}

int64_t sys_clock_nanosleep(SYSCALL_ARGS)
{
    void *req = guest_rbuf(a[2], TS), *rem;
    if (!req || !a[2] || !GUEST_OPT_WBUF(a[3], TS, rem))
        return -EFAULT;
    return safe_syscall_nohand(SYS_clock_nanosleep, (int)a[0], (int)a[1], req, rem);
}

int64_t sys_nanosleep(SYSCALL_ARGS)
{
    void *req = guest_rbuf(a[0], TS), *rem;
    if (!req || !a[0] || !GUEST_OPT_WBUF(a[1], TS, rem))
        return -EFAULT;
    return safe_syscall_nohand(SYS_nanosleep, req, rem);
}

int64_t sys_gettimeofday(SYSCALL_ARGS)
{
    void *tv, *tz;
    if (!GUEST_OPT_WBUF(a[0], sizeof(struct timeval), tv) ||
        !GUEST_OPT_WBUF(a[1], sizeof(struct timezone), tz))
        return -EFAULT;
    return host_ret(syscall(SYS_gettimeofday, tv, tz));
}

int64_t sys_settimeofday(SYSCALL_ARGS)
{
    void *tv, *tz;
    if (!GUEST_OPT_RBUF(a[0], sizeof(struct timeval), tv) ||
        !GUEST_OPT_RBUF(a[1], sizeof(struct timezone), tz))
        return -EFAULT;
    return host_ret(syscall(SYS_settimeofday, tv, tz));
}

int64_t sys_times(SYSCALL_ARGS)
{
    void *buf;
    if (!GUEST_OPT_WBUF(a[0], sizeof(struct tms), buf))
        return -EFAULT;
    return host_ret(syscall(SYS_times, buf));
}

int64_t sys_getitimer(SYSCALL_ARGS)
{
    void *cur = guest_wbuf(a[1], sizeof(struct itimerval));
    return cur && a[1] ? host_ret(syscall(SYS_getitimer, (int)a[0], cur)) : -EFAULT;
}

int64_t sys_setitimer(SYSCALL_ARGS)
{
    void *nv, *ov;
    if (!GUEST_OPT_RBUF(a[1], sizeof(struct itimerval), nv) ||
        !GUEST_OPT_WBUF(a[2], sizeof(struct itimerval), ov))
        return -EFAULT;
    return host_ret(syscall(SYS_setitimer, (int)a[0], nv, ov));
}

int64_t sys_timer_create(SYSCALL_ARGS)
{
    void *sev, *id = guest_wbuf(a[2], sizeof(int));
    if (!id || !a[2] || !GUEST_OPT_RBUF(a[1], sizeof(struct sigevent), sev))
        return -EFAULT;
    return host_ret(syscall(SYS_timer_create, (int)a[0], sev, id));
}

int64_t sys_timer_settime(SYSCALL_ARGS)
{
    void *nv = guest_rbuf(a[2], sizeof(struct itimerspec)), *ov;
    if (!nv || !a[2] || !GUEST_OPT_WBUF(a[3], sizeof(struct itimerspec), ov))
        return -EFAULT;
    return host_ret(syscall(SYS_timer_settime, (int)a[0], (int)a[1], nv, ov));
}

int64_t sys_timer_gettime(SYSCALL_ARGS)
{
    void *cur = guest_wbuf(a[1], sizeof(struct itimerspec));
    return cur && a[1] ? host_ret(syscall(SYS_timer_gettime, (int)a[0], cur)) : -EFAULT;
}

int64_t sys_timer_getoverrun(SYSCALL_ARGS) { return host_ret(syscall(SYS_timer_getoverrun, (int)a[0])); }
int64_t sys_timer_delete(SYSCALL_ARGS) { return host_ret(syscall(SYS_timer_delete, (int)a[0])); }
