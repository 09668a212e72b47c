/*
 * What every part of peek uses from libc, made total: allocation that
 * never returns NULL (running out of memory ends peek with one line),
 * fatal errors, and assertions that stay on in release builds.
 */
#ifndef PEEK_UTIL_H
#define PEEK_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Records that live until one moment frees them all (a code cache flush),
 * carved in order from chunks mapped for them, away from the malloc heap:
 * so that they do not come between what others allocate meanwhile (a
 * plugin's record per block, which would then lie a page apart). The
 * caller serializes the uses of one arena. */
typedef struct Arena {
    struct ArenaChunk *head;
    size_t used, cap;           /* in head */
} Arena;
/* n bytes, zeroed, 16-byte aligned. */
void *arena_alloc(Arena *a, size_t n);
void arena_free_all(Arena *a);

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
