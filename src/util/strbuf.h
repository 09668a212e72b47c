/*
 * Text appended into a caller's fixed buffer, snprintf-style: output that
 * does not fit is cut, but len keeps counting what would have been
 * written, so the caller can tell. Used by the disassemblers.
 */
#ifndef PEEK_UTIL_STRBUF_H
#define PEEK_UTIL_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct StrBuf {
    char *buf;
    size_t n, len;
} StrBuf;

static inline void sb_printf(StrBuf *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void sb_printf(StrBuf *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool fits = o->len < o->n;
    int k = vsnprintf(fits ? o->buf + o->len : NULL, fits ? o->n - o->len : 0, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->len += (size_t)k;
}

#endif
