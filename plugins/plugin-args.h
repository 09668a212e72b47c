/*
 * Argument parsing shared by the plugins in this folder.
 *
 * Every plugin receives its options as "key=value" strings in argv. These
 * helpers split them, parse booleans (through qemu_plugin_bool_parse, so the
 * accepted spellings are the API's: on/off, yes/no, true/false) and unsigned
 * numbers, and print one line naming the offending argument when something is
 * wrong; parg_each walks argv with a plugin's own per-argument function, so
 * that a plugin's qemu_plugin_install can simply return -1.
 * Header-only (static inline) because each plugin is one shared object built
 * from one .c file against the public API and glib alone.
 */
#ifndef PEEK_PLUGIN_ARGS_H
#define PEEK_PLUGIN_ARGS_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib.h>
#include <qemu-plugin.h>

/*
 * A plugin's description for `peek -plugin NAME,help` and `peek -plugin
 * help`: a one-line summary, then one line per argument. peek finds it by
 * name (dlsym); QEMU ignores it. Write it right after qemu_plugin_version.
 */
#define PLUGIN_HELP(text) QEMU_PLUGIN_EXPORT const char peek_plugin_help[] = text

/* One argument split at its first '='; value is NULL when there is none. */
typedef struct PluginArg {
    char *key;
    char *value;
    const char *text;
} PluginArg;

static inline PluginArg parg_split(const char *text)
{
    PluginArg a = { .text = text };
    const char *eq = strchr(text, '=');

    if (eq) {
        a.key = g_strndup(text, eq - text);
        a.value = g_strdup(eq + 1);
    } else {
        a.key = g_strdup(text);
    }
    return a;
}

static inline void parg_free(PluginArg *a)
{
    g_free(a->key);
    g_free(a->value);
    a->key = a->value = NULL;
}

static inline bool parg_is(const PluginArg *a, const char *key)
{
    return strcmp(a->key, key) == 0;
}

static inline bool parg_unknown(const char *plugin, const PluginArg *a)
{
    fprintf(stderr, "%s: unknown argument '%s'\n", plugin, a->text);
    return false;
}

static inline bool parg_fail(const char *plugin, const PluginArg *a,
                             const char *expected)
{
    fprintf(stderr, "%s: bad argument '%s': expected %s\n",
            plugin, a->text, expected);
    return false;
}

/* A value is required: "key" alone or "key=" is malformed. */
static inline bool parg_need_value(const char *plugin, const PluginArg *a,
                                   const char *expected)
{
    if (!a->value || !a->value[0]) {
        return parg_fail(plugin, a, expected);
    }
    return true;
}

/* A bare "key" means true, as QEMU's early plugins accepted it. */
static inline bool parg_bool(const char *plugin, const PluginArg *a, bool *out)
{
    if (!a->value) {
        *out = true;
        return true;
    }
    if (!qemu_plugin_bool_parse(a->key, a->value, out)) {
        return parg_fail(plugin, a, "on|off|true|false|yes|no");
    }
    return true;
}

/* A path or name: a non-empty value, replacing any earlier one in *out. */
static inline bool parg_string(const char *plugin, const PluginArg *a,
                               const char *expected, char **out)
{
    if (!parg_need_value(plugin, a, expected)) {
        return false;
    }
    g_free(*out);
    *out = g_strdup(a->value);
    return true;
}

/* One accepted spelling of a keyword value, and what it selects. */
typedef struct PluginChoice {
    const char *name;
    int value;
} PluginChoice;

/*
 * The entry of choices[0..n) that the value names, or NULL after printing
 * expected (which may leave out aliases).
 */
static inline const PluginChoice *parg_choice(const char *plugin,
                                              const PluginArg *a,
                                              const PluginChoice *choices,
                                              size_t n, const char *expected)
{
    for (size_t i = 0; i < n; i++) {
        if (g_strcmp0(a->value, choices[i].name) == 0) {
            return &choices[i];
        }
    }
    parg_fail(plugin, a, expected);
    return NULL;
}

/*
 * parg_choice over a whole array, storing the chosen value in var (an enum
 * or int lvalue): true, or false after the message. A macro because C has
 * no pointer type for "any enum".
 */
#define PARG_CHOOSE(plugin, a, choices, expected, var)                         \
    ({                                                                         \
        const PluginChoice *chosen_ = parg_choice(plugin, a, choices,          \
                                                  G_N_ELEMENTS(choices),       \
                                                  expected);                   \
        if (chosen_) {                                                         \
            (var) = chosen_->value;                                            \
        }                                                                      \
        chosen_ != NULL;                                                       \
    })

/* Unsigned number in C syntax (decimal, 0x hex, 0 octal), whole string. */
static inline bool parg_parse_u64(const char *s, uint64_t *out)
{
    char *end;

    if (!s || !s[0] || s[0] == '-' || s[0] == '+') {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 0);
    return errno == 0 && *end == '\0';
}

static inline bool parg_u64(const char *plugin, const PluginArg *a,
                            uint64_t min, uint64_t *out)
{
    uint64_t v;

    if (!parg_parse_u64(a->value, &v) || v < min) {
        g_autofree char *what = g_strdup_printf("a number >= %" PRIu64, min);
        return parg_fail(plugin, a, what);
    }
    *out = v;
    return true;
}

/*
 * What a plugin does with one argument: true when it took it, false once
 * it has printed why not (parg_unknown for a key it does not know).
 * opaque carries the install function's locals.
 */
typedef bool (*PluginArgFn)(const PluginArg *a, void *opaque);

/* Hands each of argv to one() in turn: 0, or -1 at the first it refuses. */
static inline int parg_each(int argc, char **argv, PluginArgFn one,
                            void *opaque)
{
    for (int i = 0; i < argc; i++) {
        PluginArg a = parg_split(argv[i]);
        bool ok = one(&a, opaque);

        parg_free(&a);
        if (!ok) {
            return -1;
        }
    }
    return 0;
}

#endif
