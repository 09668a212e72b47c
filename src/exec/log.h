/*
 * -d / -D logging: which items are enabled, and where the log goes (stderr
 * unless -D names a file). Set up once by main() before the guest starts.
 */
#ifndef PEEK_EXEC_LOG_H
#define PEEK_EXEC_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM = 1 << 0,
    LOG_OP = 1 << 1,
    LOG_OP_OPT = 1 << 2,
    LOG_EXEC = 1 << 3,
    LOG_UNIMP = 1 << 4,
    LOG_STRACE = 1 << 5,
    LOG_PLUGIN = 1 << 6,
    LOG_PAGE = 1 << 7,
    LOG_NOCHAIN = 1 << 8,
};

/* Set once by main(), read-only afterwards. */
extern unsigned log_mask;

static inline bool log_enabled(unsigned item) { return (log_mask & item) != 0; }
FILE *log_file(void);
/* Parse a -d list ("in_asm,op"); returns false and names the bad item. */
bool log_parse_items(const char *list, unsigned *mask, const char **bad);
void log_print_items(FILE *f);
/* Is pattern a valid -D name: at most one %, and that one in a %d (the
 * pid, as qemu's)? */
bool log_name_ok(const char *pattern);
/* Open the -D file named by pattern (absolute; %d is replaced by the pid),
 * empty unless append (a peek started for a guest execve continues it).
 * false with errno set if it cannot be opened. */
bool log_set_file(const char *pattern, bool append);
/* The -D name as given to log_set_file, or NULL when the log is stderr. */
const char *log_file_pattern(void);
/* In the child after fork: with a %d in the -D name, go on in the child's
 * own file (started empty); otherwise keep sharing the parent's. */
void log_fork_child(void);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
