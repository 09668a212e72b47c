/*
 * Parsing of qemu's -cpu model,property=value syntax (cpuspec.h).
 */
#include "util/cpuspec.h"

#include <stdio.h>
#include <string.h>

bool span_is(const char *p, size_t n, const char *s)
{
    return s && strlen(s) == n && !strncmp(p, s, n);
}

static bool parse_bool(const char *p, size_t n, bool *on)
{
    static const char *const yes[] = { "on", "true", "yes", "y" };
    static const char *const no[] = { "off", "false", "no", "n" };
    for (size_t i = 0; i < 4; i++) {
        if (span_is(p, n, yes[i]) || span_is(p, n, no[i])) {
            *on = span_is(p, n, yes[i]);
            return true;
        }
    }
    return false;
}

bool cpu_spec_parse(const char *spec, size_t *model_len,
                    bool (*prop)(void *ctx, const CpuSpecProp *p, char *err, size_t errlen),
                    void *ctx, char *err, size_t errlen)
{
    size_t n = strcspn(spec, ",");
    *model_len = n;
    for (const char *p = spec + n; *p == ','; p += n) {
        p++;
        n = strcspn(p, ",");
        const char *eq = memchr(p, '=', n);
        if (!eq) {
            snprintf(err, errlen, "expected property=value, got '%.*s'", (int)n, p);
            return false;
        }
        CpuSpecProp pr = { p, (size_t)(eq - p), false };
        size_t vlen = (size_t)(p + n - eq - 1);
        if (!parse_bool(eq + 1, vlen, &pr.on)) {
            snprintf(err, errlen, "property '%.*s' expects on or off, got '%.*s'",
                     (int)pr.name_len, pr.name, (int)vlen, eq + 1);
            return false;
        }
        if (!prop(ctx, &pr, err, errlen))
            return false;
    }
    return true;
}
