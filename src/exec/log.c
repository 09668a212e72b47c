/*
 * The -d item table and the log sink. Writes go through one FILE, line
 * buffered, so lines from several guest threads do not interleave mid-line.
 *
 * The -D file is opened for appending (each write lands at the end, so
 * processes that share it after fork, or continue it after exec, never
 * overwrite each other) and kept in one of peek's own descriptor slots,
 * out of the guest's reach. A %d in its name stands for the pid: then each
 * process writes its own file, a forked child switching to its own.
 */
#include "exec/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "util/hostfd.h"

unsigned log_mask;
/* The -D file and its name (absolute, %d not yet replaced), set once by
 * main() before any guest thread exists; a forked child, alone in its
 * process, points the same FILE at its own file. */
static FILE *log_fp;
static const char *log_pattern;

static const struct {
    const char *name;
    unsigned mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "show guest code of each translated block" },
    { "op", LOG_OP, "show the IR of each block before optimization" },
    { "op_opt", LOG_OP_OPT, "show the IR of each block after optimization" },
    { "exec", LOG_EXEC, "show each executed block" },
    { "unimp", LOG_UNIMP, "log unimplemented functionality (syscalls)" },
    { "strace", LOG_STRACE, "log every syscall, as -strace" },
    { "plugin", LOG_PLUGIN, "route plugin output to the log" },
    { "page", LOG_PAGE, "show the guest memory map at start-up" },
    { "nochain", LOG_NOCHAIN, "do not chain blocks" },
};

FILE *log_file(void) { return log_fp ? log_fp : stderr; }

bool log_parse_items(const char *list, unsigned *mask, const char **bad)
{
    static char badbuf[64];
    *mask = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        bool found = false;
        if (n == 3 && !strncmp(p, "all", 3)) {
            for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++)
                if (log_items[i].mask != LOG_NOCHAIN)
                    *mask |= log_items[i].mask;
            found = true;
        }
        for (size_t i = 0; !found && i < sizeof(log_items) / sizeof(log_items[0]); i++) {
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
    for (size_t i = 0; i < sizeof(log_items) / sizeof(log_items[0]); i++)
        fprintf(f, "%-10s %s\n", log_items[i].name, log_items[i].help);
    fprintf(f, "%-10s %s\n", "all", "every item above but nochain");
}

bool log_name_ok(const char *pattern)
{
    const char *pct = strchr(pattern, '%');
    return !pct || (pct[1] == 'd' && !strchr(pct + 2, '%'));
}

/* Open this process's file of log_pattern: O_APPEND always, emptied first
 * when asked. Returns the fd, or -1 with errno. */
static int open_log(bool truncate)
{
    char name[PATH_MAX];
    const char *pct = strchr(log_pattern, '%');
    int n = pct ? snprintf(name, sizeof(name), "%.*s%d%s", (int)(pct - log_pattern),
                           log_pattern, (int)getpid(), pct + 2)
                : snprintf(name, sizeof(name), "%s", log_pattern);
    if (n < 0 || (size_t)n >= sizeof(name)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return open(name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0666);
}

bool log_set_file(const char *pattern, bool append)
{
    log_pattern = pattern;
    int fd = open_log(!append);
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

const char *log_file_pattern(void) { return log_fp ? log_pattern : NULL; }

void log_fork_child(void)
{
    if (!log_fp || !strchr(log_pattern, '%'))
        return;
    /* The parent flushed before fork, so nothing of its is buffered here. */
    int fd = open_log(true);
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
