/*
 * The -d item table, the -dfilter ranges and the log sink. Writes go
 * through one FILE per destination, line buffered, so lines from several
 * guest threads do not interleave mid-line.
 *
 * The -D file is opened for appending (each write lands at the end, so
 * processes that share it after fork, or continue it after exec, never
 * overwrite each other) and kept in one of peek's own descriptor slots,
 * out of the guest's reach. A %d in its name stands for the pid: then each
 * process writes its own file, a forked child switching to its own. With
 * -d tid each guest thread writes to its own file instead, the %d standing
 * for its thread id; those are opened by the threads themselves, when peek
 * is no longer single-threaded, so they stay in the guest's descriptor
 * range (see hostfd.h).
 */
#include "exec/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "util/util.h"

unsigned log_mask;
/* Set once by main() before any guest thread exists: the -D template
 * (absolute, %d not yet replaced) and its file (the whole process's, when
 * not per thread); a forked child, alone in its process, points the same
 * FILE at its own file. */
static const char *log_pattern;
static FILE *log_fp;
/* With -d tid: this thread's own file, opened on first use; a forked child
 * drops its parent's (see log_set_file). Thread-local by nature. */
static __thread FILE *thread_fp;

/* -dfilter's ranges, inclusive; set once by main(). */
typedef struct LogRange {
    uint64_t lo, hi;
} LogRange;
static LogRange *dfilter;
static size_t n_dfilter;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "out_asm", LOG_OUT_ASM, "show the host code generated for each translated block" },
    { "in_asm", LOG_IN_ASM, "show guest code of each translated block" },
    { "op", LOG_OP, "show the IR of each block before optimization" },
    { "op_opt", LOG_OP_OPT, "show the IR of each block after optimization" },
    { "int", LOG_INT, "show guest exceptions (system calls, faults) and signal deliveries" },
    { "exec", LOG_EXEC, "show each executed block" },
    { "cpu", LOG_CPU, "show the guest registers before each executed block" },
    { "fpu", LOG_FPU, "include the floating-point registers in the 'cpu' dump" },
    { "unimp", LOG_UNIMP, "log unimplemented functionality (syscalls)" },
    { "guest_errors", LOG_GUEST_ERROR, "log what the guest does wrong (illegal instructions, bad syscall pointers)" },
    { "page", LOG_PAGE, "show the guest memory map at start-up and after each mmap" },
    { "nochain", LOG_NOCHAIN, "do not chain blocks, so that 'exec' and 'cpu' show every block" },
    { "plugin", LOG_PLUGIN, "route plugin output to the log" },
    { "strace", LOG_STRACE, "log every syscall, as -strace" },
    { "tb_cache", LOG_TB_CACHE, "say what the persistent code cache (-tb-cache) loaded, refused, translated and saved" },
    { "tid", LOG_TID, "one log file per guest thread; the -D name must contain '%d'" },
};
#define N_ITEMS (sizeof(log_items) / sizeof(log_items[0]))

bool log_expand_filename(const char *pattern, long id, char *out, size_t n)
{
    const char *pct = strchr(pattern, '%');
    if (!pct) {
        snprintf(out, n, "%s", pattern);
        return true;
    }
    if (pct[1] != 'd' || strchr(pct + 2, '%'))
        return false;
    snprintf(out, n, "%.*s%ld%s", (int)(pct - pattern), pattern, id, pct + 2);
    return true;
}

static FILE *open_log(const char *name)
{
    FILE *f = fopen(name, "w");
    if (f)
        setvbuf(f, NULL, _IOLBF, 0);
    return f;
}

FILE *log_file(void)
{
    if (!(log_mask & LOG_TID) || !log_pattern)
        return log_fp ? log_fp : stderr;
    if (!thread_fp) {
        char name[4096];
        log_expand_filename(log_pattern, (long)gettid(), name, sizeof(name));
        thread_fp = open_log(name);
        if (!thread_fp)
            fatal("-D: cannot open log file '%s': %s", name, strerror(errno));
    }
    return thread_fp;
}

static void forget_thread_log(void) { thread_fp = NULL; }

bool log_parse_items(const char *list, unsigned *mask, const char **bad)
{
    static char badbuf[64];
    *mask = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        bool found = false;
        if (n == 3 && !strncmp(p, "all", 3)) {
            for (size_t i = 0; i < N_ITEMS; i++)
                if (log_items[i].mask != LOG_NOCHAIN && log_items[i].mask != LOG_TID)
                    *mask |= log_items[i].mask;
            found = true;
        }
        for (size_t i = 0; !found && i < N_ITEMS; i++) {
            if (strlen(log_items[i].name) == n && !strncmp(p, log_items[i].name, n)) {
                *mask |= log_items[i].mask;
                found = true;
            }
        }
        if (!found) {
            snprintf(badbuf, sizeof(badbuf), "%.*s", (int)(n < 60 ? n : 60), p);
            *bad = badbuf;
            return false;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return true;
}

void log_print_items(FILE *f)
{
    fprintf(f, "Log items (comma separated):\n");
    for (size_t i = 0; i < N_ITEMS; i++)
        fprintf(f, "%-12s %s\n", log_items[i].name, log_items[i].help);
    fprintf(f, "%-12s %s\n", "all", "every item above but nochain and tid");
}

bool log_name_ok(const char *pattern)
{
    const char *pct = strchr(pattern, '%');
    return !pct || (pct[1] == 'd' && !strchr(pct + 2, '%'));
}

/* Open this process's file of log_pattern: O_APPEND always, emptied first
 * when asked. Returns the fd, or -1 with errno. */
static int open_process_log(bool truncate)
{
    char name[PATH_MAX];
    if (!log_expand_filename(log_pattern, (long)getpid(), name, sizeof(name)) ||
        strlen(name) + 1 >= sizeof(name)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0666);
}

bool log_set_file(const char *pattern, bool append)
{
    log_pattern = pattern;
    if (log_mask & LOG_TID) {
        pthread_atfork(NULL, NULL, forget_thread_log);
        return true;
    }
    int fd = open_process_log(!append);
    if (fd >= 0)
        fd = hostfd_keep(fd);
    FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        return false;
    }
    setvbuf(f, NULL, _IOLBF, 0);
    log_fp = f;
    return true;
}

const char *log_file_pattern(void) { return log_fp || (log_mask & LOG_TID) ? log_pattern : NULL; }

void log_fork_child(void)
{
    if (!log_fp || !strchr(log_pattern, '%'))
        return;
    /* The parent flushed before fork, so nothing of its is buffered here. */
    int fd = open_process_log(true);
    if (fd < 0 || hostfd_replace(fileno(log_fp), fd) < 0)
        fprintf(log_fp, "peek: -D: cannot open the log file of process %d (%s); "
                "it continues in its parent's\n", (int)getpid(), strerror(errno));
}

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file(), fmt, ap);
    va_end(ap);
}

/* One number of a -dfilter range, all of [s, end) consumed. */
static bool parse_u64(const char *s, const char *end, uint64_t *v)
{
    char buf[32], *e;
    size_t n = (size_t)(end - s);
    if (n == 0 || n >= sizeof(buf) || *s == '-' || *s == '+')
        return false;
    memcpy(buf, s, n);
    buf[n] = 0;
    errno = 0;
    *v = strtoull(buf, &e, 0);
    return !errno && *e == 0;
}

bool log_set_dfilter(const char *spec, char *err, size_t errlen)
{
    const char *p = spec;
    for (;;) {
        size_t n = strcspn(p, ",");
        const char *end = p + n, *op = NULL;
        size_t oplen = 1;
        for (const char *q = p; q < end && !op; q++) {
            if (*q == '+' || (*q == '-' && q > p))
                op = q;
            else if (*q == '.' && q + 1 < end && q[1] == '.')
                op = q, oplen = 2;
        }
        uint64_t a, b, lo, hi;
        if (!op || !parse_u64(p, op, &a) || !parse_u64(op + oplen, end, &b)) {
            snprintf(err, errlen,
                     "-dfilter: bad range '%.*s' (expected start..end, start+size or end-size)",
                     (int)n, p);
            return false;
        }
        if (b == 0 && *op != '.') {
            snprintf(err, errlen, "-dfilter: empty range '%.*s'", (int)n, p);
            return false;
        }
        if (*op == '.')
            lo = a, hi = b;
        else if (*op == '+')
            lo = a, hi = a + (b - 1);
        else
            lo = a - (b - 1), hi = a;
        /* an end past 2^64, or a start below 0, wraps round */
        if (lo > hi || (*op == '+' && hi < a) || (*op == '-' && lo > a)) {
            snprintf(err, errlen, "-dfilter: invalid range '%.*s' (it ends before it starts)", (int)n, p);
            return false;
        }
        dfilter = xrealloc(dfilter, (n_dfilter + 1) * sizeof(*dfilter));
        dfilter[n_dfilter++] = (LogRange){ lo, hi };
        if (!*end)
            return true;
        p = end + 1;
    }
}

bool log_in_range(uint64_t pc)
{
    if (!n_dfilter)
        return true;
    for (size_t i = 0; i < n_dfilter; i++)
        if (pc >= dfilter[i].lo && pc <= dfilter[i].hi)
            return true;
    return false;
}
