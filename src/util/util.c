/*
 * Total allocation, bump arenas, fatal errors and always-on assertions
 * (util.h).
 * Messages go straight to stderr, unbuffered, so they survive whatever
 * state the rest of peek is in.
 */
#include "util/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static _Noreturn void out_of_memory(size_t n)
{
    fprintf(stderr, "peek: out of memory (allocating %zu bytes)\n", n);
    exit(1);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* "peek: " and the message as one line: a control character (a newline in
 * a path or an option value quoted back) prints as '?'. */
static void vline(const char *fmt, va_list ap)
{
    char buf[4096];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    for (char *c = buf; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    fprintf(stderr, "peek: %s\n", buf);
}

void error_line(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vline(fmt, ap);
    va_end(ap);
    exit(1);
}

void fatal_internal(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("peek: internal error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, " (%s:%d)\n", file, line);
    va_end(ap);
    abort();
}

struct ArenaChunk {
    ArenaChunk *next;
    size_t size;               /* of data[] */
    _Alignas(16) char data[];
};

#define ARENA_FIRST ((size_t)64 << 10)   /* the first chunk's size ... */
#define ARENA_MAX ((size_t)1 << 20)      /* ... doubling up to this */

static void arena_use(Arena *a, ArenaChunk *c)
{
    a->cur = c;
    a->p = c->data;
    a->end = c->data + c->size;
}

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (a->cur && (size_t)(a->end - a->p) >= n) {
        void *r = a->p;
        a->p += n;
        return r;
    }
    /* the chunks after the current one, left by a reset, then a new one */
    size_t last = 0;
    for (ArenaChunk *c = a->cur; c; c = c->next) {
        last = c->size;
        if (c != a->cur && c->size >= n) {
            arena_use(a, c);
            return arena_alloc(a, n);
        }
        if (!c->next)
            break;
    }
    size_t want = last ? (last * 2 > ARENA_MAX ? ARENA_MAX : last * 2) : ARENA_FIRST;
    size_t bytes = sizeof(ArenaChunk) + (n > want ? n : want);
    bytes = (bytes + 4095) & ~(size_t)4095;
    ArenaChunk *c = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (c == MAP_FAILED)
        out_of_memory(bytes);
    c->next = NULL;
    c->size = bytes - sizeof(ArenaChunk);
    if (a->cur) {
        ArenaChunk *t = a->cur;
        while (t->next)
            t = t->next;
        t->next = c;
    } else {
        a->first = c;
    }
    arena_use(a, c);
    return arena_alloc(a, n);
}

void arena_reset(Arena *a)
{
    if (a->first)
        arena_use(a, a->first);
}
