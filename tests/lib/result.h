/*
 * One line per case in the results format of tests/README.md ("PASS name"
 * or "FAIL name: why"), counted, for the C test programs that check many
 * cases in one process (jit-test, softmmu-test).
 */
#ifndef PEEK_TEST_RESULT_H
#define PEEK_TEST_RESULT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static int passes, failures;

static void result(bool ok, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4), unused));
static void result(bool ok, const char *name, const char *fmt, ...)
{
    if (ok) {
        passes++;
        printf("PASS %s\n", name);
        return;
    }
    failures++;
    printf("FAIL %s: ", name);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

#endif
