/*
 * peek's own file descriptors (the -D log, the -perfmap file), kept where
 * the guest cannot reach them. Guest fds are host fds, so peek takes the
 * top HOSTFD_RESERVED slots of the descriptor table for itself and shows
 * the guest a RLIMIT_NOFILE that ends below them: the kernel then never
 * gives the guest one of those numbers, and the syscall layer treats every
 * fd at or above hostfd_base as not open.
 *
 * main() calls hostfd_init() before it opens anything it keeps; the guest's
 * view of its descriptor limit goes through hostfd_get/set_nofile.
 */
#ifndef PEEK_UTIL_HOSTFD_H
#define PEEK_UTIL_HOSTFD_H

#include <stdbool.h>
#include <sys/resource.h>

#define HOSTFD_RESERVED 16

/* The first of peek's slots: every fd at or above it is peek's. Set once
 * by hostfd_init(), before any guest thread exists; INT_MAX until then. */
extern int hostfd_base;

static inline bool hostfd_is_ours(int fd) { return fd >= hostfd_base; }

/* Lay out the descriptor table. A peek started by another for a guest
 * execve passes the guest's hard limit it had (inherited_hard >= 0); the
 * first peek passes -1 and puts its slots just above max(soft limit, 4096)
 * when the hard limit allows, so that fork does not copy a huge table. */
void hostfd_init(long inherited_hard);

/* Move fd into peek's slots, close-on-exec; returns the new fd, or -1 with
 * errno set. fd is closed either way. Only while peek is single-threaded
 * (start-up, or a child just after fork): it widens the soft limit for an
 * instant. */
int hostfd_keep(int fd);
/* Make peek's slot `slot` refer to what fd refers to, and close fd
 * (reopening a kept file under the same number). 0, or -1 with errno.
 * Single-threaded only, as hostfd_keep. */
int hostfd_replace(int slot, int fd);

/* RLIMIT_NOFILE as the guest sees and sets it: its hard limit never
 * exceeds hostfd_base. set returns 0 or -errno. */
void hostfd_get_nofile(struct rlimit *r);
int hostfd_set_nofile(const struct rlimit *r);

#endif
