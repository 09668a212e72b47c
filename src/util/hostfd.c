/*
 * peek's descriptor slots and the guest's RLIMIT_NOFILE (see hostfd.h).
 *
 * The host's soft limit is the guest's, so the kernel itself refuses the
 * guest any fd at or above it (open gives EMFILE, dup3 EBADF, F_DUPFD
 * EINVAL, as they would natively); the guest's hard limit is kept here
 * and never exceeds hostfd_base. The host's hard limit stays at the top of
 * peek's slots, which is how a peek started for a guest execve finds the
 * same layout again.
 */
#include "util/hostfd.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* The first peek keeps its slots at least this high: the usual soft limit
 * is 1024 (select's FD_SETSIZE) and programs raise it, so this leaves them
 * room; but not higher than needed, because fork copies the descriptor
 * table up to the highest open fd (measured here: +100 us a fork with an
 * fd at 20,000, against 370 us for a whole peek fork). */
#define HOSTFD_MIN_BASE 4096

int hostfd_base = INT_MAX;
/* The guest's hard limit (its soft limit is the host's): lowered by the
 * guest's setrlimit, from any thread, under nofile_lock. */
static rlim_t guest_hard;
static pthread_mutex_t nofile_lock = PTHREAD_MUTEX_INITIALIZER;

void hostfd_init(long inherited_hard)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) < 0)
        fatal("cannot read the descriptor limit: %s", strerror(errno));
    rlim_t top = r.rlim_max;
    if (inherited_hard < 0) {
        rlim_t want = (r.rlim_cur > HOSTFD_MIN_BASE ? r.rlim_cur : HOSTFD_MIN_BASE) + HOSTFD_RESERVED;
        if (top > want)
            top = want;
    }
    if (top > INT_MAX)
        top = INT_MAX;
    if (top < HOSTFD_RESERVED + 64)
        fatal("the descriptor limit (ulimit -Hn) of %lu is too low: peek needs %d",
              (unsigned long)top, HOSTFD_RESERVED + 64);
    hostfd_base = (int)(top - HOSTFD_RESERVED);
    guest_hard = inherited_hard >= 0 && (rlim_t)inherited_hard < (rlim_t)hostfd_base
                     ? (rlim_t)inherited_hard : (rlim_t)hostfd_base;
    r.rlim_max = top;
    if (r.rlim_cur > guest_hard)
        r.rlim_cur = guest_hard;
    if (setrlimit(RLIMIT_NOFILE, &r) < 0)
        fatal("cannot set the descriptor limit: %s", strerror(errno));
}

/* Run with the soft limit raised to the hard one: the kernel places a
 * descriptor only below the soft limit. */
static bool widen(struct rlimit *saved)
{
    peek_assert(hostfd_base != INT_MAX, "hostfd used before hostfd_init");
    if (getrlimit(RLIMIT_NOFILE, saved) < 0)
        return false;
    struct rlimit wide = { saved->rlim_max, saved->rlim_max };
    return setrlimit(RLIMIT_NOFILE, &wide) == 0;
}

static void narrow(const struct rlimit *saved)
{
    int e = errno;
    setrlimit(RLIMIT_NOFILE, saved);
    errno = e;
}

int hostfd_keep(int fd)
{
    struct rlimit saved;
    int kept = -1;
    if (widen(&saved)) {
        kept = fcntl(fd, F_DUPFD_CLOEXEC, hostfd_base);
        narrow(&saved);
    }
    int e = errno;
    close(fd);
    errno = e;
    return kept;
}

int hostfd_replace(int slot, int fd)
{
    struct rlimit saved;
    int r = -1;
    if (widen(&saved)) {
        r = dup3(fd, slot, O_CLOEXEC);
        narrow(&saved);
    }
    int e = errno;
    close(fd);
    errno = e;
    return r < 0 ? -1 : 0;
}

void hostfd_get_nofile(struct rlimit *r)
{
    pthread_mutex_lock(&nofile_lock);
    getrlimit(RLIMIT_NOFILE, r);
    r->rlim_max = guest_hard;
    pthread_mutex_unlock(&nofile_lock);
}

/* Raising the hard limit needs privilege natively; here it is refused to
 * everyone above the current one, so it can never reach peek's slots. */
int hostfd_set_nofile(const struct rlimit *r)
{
    if (r->rlim_cur > r->rlim_max)
        return -EINVAL;
    int ret = 0;
    pthread_mutex_lock(&nofile_lock);
    struct rlimit host;
    if (r->rlim_max > guest_hard) {
        ret = -EPERM;
    } else if (getrlimit(RLIMIT_NOFILE, &host) < 0) {
        ret = -errno;
    } else {
        host.rlim_cur = r->rlim_cur;
        if (setrlimit(RLIMIT_NOFILE, &host) < 0)
            ret = -errno;
        else
            guest_hard = r->rlim_max;
    }
    pthread_mutex_unlock(&nofile_lock);
    return ret;
}
