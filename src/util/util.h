/*
 * What every part of peek uses from libc, made total: allocation that
 * never returns NULL (running out of memory ends peek with one line),
 * arenas for records that are all freed at once,
 * fatal errors, and assertions that stay on in release builds.
 */
#ifndef PEEK_UTIL_H
#define PEEK_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A bump allocator for objects that are all freed at once (a translation
 * cache's per-block records, dropped by a flush). Its memory comes in
 * chunks mapped with MAP_POPULATE, so the pages are made in one system call
 * rather than one fault each, with no per-object header; a reset keeps the
 * chunks for what comes next. Not thread-safe: the owner serializes. */
typedef struct ArenaChunk ArenaChunk;
typedef struct Arena {
    ArenaChunk *first, *cur;   /* chunks in the order made; the one in use */
    char *p, *end;             /* cur's free space */
} Arena;
/* n bytes, 16-aligned, of undefined content (never NULL). */
void *arena_alloc(Arena *a, size_t n);
/* Everything allocated from a is free again. */
void arena_reset(Arena *a);

/* "peek: <message>" on stderr as one line (control characters of quoted
 * user text print as '?'). */
void error_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same, then exit status 1: a user's mistake or a resource peek cannot
 * do without. */
_Noreturn void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An impossible state: "peek: internal error: <message> (file:line)", then
 * abort(), in every build. */
_Noreturn void fatal_internal(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define internal_error(...) fatal_internal(__FILE__, __LINE__, __VA_ARGS__)
#define peek_assert(cond, ...)                   \
    do {                                         \
        if (__builtin_expect(!(cond), 0))        \
            internal_error(__VA_ARGS__);         \
    } while (0)

#endif
