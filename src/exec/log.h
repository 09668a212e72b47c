/*
 * -d / -D / -dfilter logging: which items are enabled, which guest address
 * ranges they cover, and where the log goes (stderr unless -D names a file;
 * with -d tid, one file per guest thread). Set up once by main() before the
 * guest starts.
 */
#ifndef PEEK_EXEC_LOG_H
#define PEEK_EXEC_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
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
    LOG_CPU = 1 << 9,
    LOG_FPU = 1 << 10,
    LOG_INT = 1 << 11,
    LOG_OUT_ASM = 1 << 12,
    LOG_GUEST_ERROR = 1 << 13,
    LOG_TID = 1 << 14,
    LOG_TB_CACHE = 1 << 15,
};

/* Set once by main(), read-only afterwards. */
extern unsigned log_mask;

static inline bool log_enabled(unsigned item) { return (log_mask & item) != 0; }
/* The log of the calling thread: stderr, the -D file, or with -d tid the
 * thread's own file (opened on its first use). */
FILE *log_file(void);
/* Parse a -d list ("in_asm,op"); returns false and names the bad item. */
bool log_parse_items(const char *list, unsigned *mask, const char **bad);
void log_print_items(FILE *f);
/* Is pattern a valid -D name: at most one %, and that one in a %d (the
 * pid, as qemu's, or with -d tid the thread id)? */
bool log_name_ok(const char *pattern);
/* Open the -D file named by pattern (absolute; %d is replaced by the pid),
 * empty unless append (a peek started for a guest execve continues it);
 * with -d tid (log_mask set before) only remember the name, each thread
 * opening its own file. false with errno set if it cannot be opened. */
bool log_set_file(const char *pattern, bool append);
/* The -D name as given to log_set_file, or NULL when the log is stderr. */
const char *log_file_pattern(void);
/* In the child after fork: with a %d in the -D name, go on in the child's
 * own file (started empty); otherwise keep sharing the parent's. */
void log_fork_child(void);
/* The -D name for one process or thread: its one "%d" replaced by id, into
 * out. False if the name has another conversion or a second %d. */
bool log_expand_filename(const char *pattern, long id, char *out, size_t n);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* -dfilter "0x1000..0x1fff,0x4000+0x100,0x8000-0x10": the pc ranges that
 * in_asm, op, op_opt, out_asm, exec and cpu are limited to. False with a
 * one-line reason in err for a malformed list. */
bool log_set_dfilter(const char *spec, char *err, size_t errlen);
/* True if no -dfilter was given or pc lies in one of its ranges. */
bool log_in_range(uint64_t pc);

#endif
