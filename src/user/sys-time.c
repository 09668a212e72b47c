/*
 * Clocks, sleeps and timers. Every structure involved (timespec, timeval,
 * itimerval, itimerspec, tms, sigevent) has the same layout in the asm-generic ABI and
 * x86-64, so these only translate pointers, and the host kernel checks
 * every argument in its own order. Timer signals are
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
#define R(ga, size) guest_kbuf(ga, size, false)     /* the kernel reads it */
#define W(ga, size) guest_kbuf(ga, size, true)      /* the kernel writes it */

int64_t sys_clock_gettime(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_clock_gettime, (int)a[0], W(a[1], TS)));
}

int64_t sys_clock_getres(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_clock_getres, (int)a[0], W(a[1], TS)));
}

int64_t sys_clock_settime(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_clock_settime, (int)a[0], R(a[1], TS)));
}

int64_t sys_clock_nanosleep(SYSCALL_ARGS)
{
    return safe_syscall_nohand(SYS_clock_nanosleep, (int)a[0], (int)a[1], R(a[2], TS), W(a[3], TS));
}

int64_t sys_nanosleep(SYSCALL_ARGS)
{
    return safe_syscall_nohand(SYS_nanosleep, R(a[0], TS), W(a[1], TS));
}

int64_t sys_gettimeofday(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_gettimeofday, W(a[0], sizeof(struct timeval)),
                            W(a[1], sizeof(struct timezone))));
}

int64_t sys_settimeofday(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_settimeofday, R(a[0], sizeof(struct timeval)),
                            R(a[1], sizeof(struct timezone))));
}

int64_t sys_times(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_times, W(a[0], sizeof(struct tms))));
}

int64_t sys_getitimer(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_getitimer, (int)a[0], W(a[1], sizeof(struct itimerval))));
}

int64_t sys_setitimer(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_setitimer, (int)a[0], R(a[1], sizeof(struct itimerval)),
                            W(a[2], sizeof(struct itimerval))));
}

int64_t sys_timer_create(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_timer_create, (int)a[0], R(a[1], sizeof(struct sigevent)),
                            W(a[2], sizeof(int))));
}

int64_t sys_timer_settime(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_timer_settime, (int)a[0], (int)a[1],
                            R(a[2], sizeof(struct itimerspec)), W(a[3], sizeof(struct itimerspec))));
}

int64_t sys_timer_gettime(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_timer_gettime, (int)a[0], W(a[1], sizeof(struct itimerspec))));
}

int64_t sys_timer_getoverrun(SYSCALL_ARGS) { return host_ret(syscall(SYS_timer_getoverrun, (int)a[0])); }
int64_t sys_timer_delete(SYSCALL_ARGS) { return host_ret(syscall(SYS_timer_delete, (int)a[0])); }
