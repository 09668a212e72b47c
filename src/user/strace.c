/*
 * -strace: one line per syscall, "PID name(args) = result", in the style of
 * qemu-user, written to the log (stderr unless -D). Arguments are formatted
 * from the table's format string before the call (so guest buffers show
 * what the guest passed in), and the whole line is written after it with a
 * single call, so lines from concurrent threads do not interleave. Calls
 * that never return (format result 'n') are printed before running.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/log.h"
#include "user/syscall.h"

#define STRACE_STR_MAX 64

FILE *user_log(void)
{
    return log_file();
}

static void put_quoted(FILE *f, uint64_t a, uint64_t len, bool to_nul)
{
    uint64_t shown = len < STRACE_STR_MAX ? len : STRACE_STR_MAX;
    if (to_nul) {
        int64_t n = guest_strnlen(a, STRACE_STR_MAX + 1);
        if (n < 0) {
            fprintf(f, "0x%" PRIx64, a);
            return;
        }
        len = (uint64_t)n;
        shown = len < STRACE_STR_MAX ? len : STRACE_STR_MAX;
    } else if (!mem_access_ok(a, shown, PAGE_READ)) {
        fprintf(f, "0x%" PRIx64, a);
        return;
    }
    const unsigned char *s = g2h(a);
    fputc('"', f);
    for (uint64_t i = 0; i < shown; i++) {
        unsigned char c = s[i];
        if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (isprint(c))
            fputc(c, f);
        else
            fprintf(f, "\\%o", c);
    }
    fputc('"', f);
    if (len > shown)
        fputs("...", f);
}

static void put_arg(FILE *f, char c, uint64_t v, uint64_t next)
{
    switch (c) {
    case 'd': case 'F': fprintf(f, "%d", (int)v); break;
    case 'l': fprintf(f, "%" PRId64, (int64_t)v); break;
    case 'u': fprintf(f, "%" PRIu64, v); break;
    case 'o': fprintf(f, "0%" PRIo64, v); break;
    case 'p':
        if (v)
            fprintf(f, "0x%" PRIx64, v);
        else
            fputs("NULL", f);
        break;
    case 's':
        if (v)
            put_quoted(f, v, 0, true);
        else
            fputs("NULL", f);
        break;
    case 'b': put_quoted(f, v, next, false); break;
    case 'f':
        if ((int)v == -100)
            fputs("AT_FDCWD", f);
        else
            fprintf(f, "%d", (int)v);
        break;
    default: fprintf(f, "0x%" PRIx64, v); break;
    }
}

static void put_result(FILE *f, char c, int64_t r)
{
    if (r == SYS_ERESTART || r == SYS_ESIGRETURN)
        fputs(" = ?\n", f);
    else if (r < 0 && r >= -4095)
        fprintf(f, " = -1 errno=%d (%s)\n", (int)-r, strerror((int)-r));
    else if (c == 'x')
        fprintf(f, " = 0x%" PRIx64 "\n", (uint64_t)r);
    else
        fprintf(f, " = %" PRId64 "\n", r);
}

int64_t strace_syscall(CPUState *cpu, int64_t nr, const SyscallDef *d, const uint64_t *a)
{
    char *line = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&line, &size);
    if (!f)
        return syscall_run(cpu, d, a);
    fprintf(f, "%d %s(", getpid(), d->name);
    const char *p = d->fmt;
    for (int i = 0; *p && *p != '=' && i < 6; p++, i++) {
        if (i)
            fputc(',', f);
        put_arg(f, *p, a[i], i < 5 ? a[i + 1] : 0);
    }
    fputc(')', f);
    char rc = *p == '=' ? p[1] : 'd';
    if (rc == 'n') {
        fputc('\n', f);
        fclose(f);
        fputs(line, user_log());
        fflush(user_log());
        free(line);
        return syscall_run(cpu, d, a);
    }
    int64_t r = syscall_run(cpu, d, a);
    put_result(f, rc, r);
    fclose(f);
    fputs(line, user_log());
    free(line);
    return r;
}
