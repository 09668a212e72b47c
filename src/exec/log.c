/*
 * The -d item table and the log sink. Writes go through one FILE, line
 * buffered, so lines from several guest threads do not interleave mid-line.
 */
#include "exec/log.h"

#include <stdarg.h>
#include <string.h>

unsigned log_mask;
/* The -D file, opened once by main() before any guest thread exists. */
static FILE *log_fp;

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

bool log_set_file(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    setvbuf(f, NULL, _IOLBF, 0);
    log_fp = f;
    return true;
}

void log_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(log_file(), fmt, ap);
    va_end(ap);
}
