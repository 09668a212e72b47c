/*
 * Small helpers shared by the test plugins: formatted output through
 * qemu_plugin_outs, and "name=value" argument lookup.
 */
#ifndef TP_H
#define TP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void __attribute__((format(printf, 1, 2))) tp_out(const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    qemu_plugin_outs(buf);
}

/* The value of argument name in argv, or NULL. */
static inline const char *tp_arg(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < argc; i++)
        if (!strncmp(argv[i], name, n) && argv[i][n] == '=')
            return argv[i] + n + 1;
    return NULL;
}

static inline uint64_t tp_arg_u64(int argc, char **argv, const char *name, uint64_t dflt)
{
    const char *v = tp_arg(argc, argv, name);
    return v ? strtoull(v, NULL, 0) : dflt;
}

#endif
