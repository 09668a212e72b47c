/*
 * Total allocation, fatal errors and always-on assertions (util.h).
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

typedef struct ArenaChunk {
    struct ArenaChunk *next;
    size_t size;                /* mapped, with this header */
    _Alignas(16) unsigned char data[];
} ArenaChunk;

#define ARENA_CHUNK ((size_t)1 << 20)

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!a->head || a->cap - a->used < n) {
        size_t size = n + sizeof(ArenaChunk) > ARENA_CHUNK ? n + sizeof(ArenaChunk) : ARENA_CHUNK;
        ArenaChunk *c = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (c == MAP_FAILED)
            out_of_memory(size);
        c->next = a->head;
        c->size = size;
        a->head = c;
        a->used = 0;
        a->cap = size - sizeof(ArenaChunk);
    }
    void *p = a->head->data + a->used;
    a->used += n;
    return p;                   /* never handed out before: zero as mapped */
}

void arena_free_all(Arena *a)
{
    while (a->head) {
        ArenaChunk *c = a->head;
        a->head = c->next;
        munmap(c, c->size);
    }
    a->used = a->cap = 0;
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
