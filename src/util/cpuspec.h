/*
 * The -cpu argument as qemu spells it: a model name followed by
 * ",property=value" items whose value is a boolean (on/off, true/false,
 * yes/no, y/n). Each guest's CPU model code says which names exist; this
 * splits and checks the text once for all of them.
 */
#ifndef PEEK_UTIL_CPUSPEC_H
#define PEEK_UTIL_CPUSPEC_H

#include <stdbool.h>
#include <stddef.h>

/* One property: name (name_len bytes, not terminated) and its value. */
typedef struct CpuSpecProp {
    const char *name;
    size_t name_len;
    bool on;
} CpuSpecProp;

/* Split spec: the model is spec[0 .. *model_len), then every property
 * goes to prop(), which returns false with a message in err to reject it.
 * False, with a one-line reason in err, for a malformed item or a value
 * that is not a boolean. */
bool cpu_spec_parse(const char *spec, size_t *model_len,
                    bool (*prop)(void *ctx, const CpuSpecProp *p, char *err, size_t errlen),
                    void *ctx, char *err, size_t errlen);

/* Is the span p[0..n) exactly the string s? */
bool span_is(const char *p, size_t n, const char *s);

#endif
