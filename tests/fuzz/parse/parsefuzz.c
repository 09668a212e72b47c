/* In-process fuzzing of the parsers of what a user types: -cpu for every
 * guest (model and ",name=value" properties), -d's item list, -plugin's
 * argument ([file=]PATH, name=value items, ",," escapes) and the plugins'
 * argument helpers (plugins/plugin-args.h, with qemu_plugin_bool_parse).
 * The first byte of an input picks the parser, the rest is the text.
 *
 * A libFuzzer target: clang -fsanitize=fuzzer links it for `make fuzz`;
 * driver.c runs it on seeded inputs and on the files of regressions/parse
 * for `make check`. Besides not crashing (under ASan and UBSan), each
 * parser must keep its contract, checked here with abort():
 *   a refused -cpu says why, a refused -d names the item from the text;
 *   a parsed -plugin names a non-empty file, and has at most one argument
 *   per item, none longer than the text, with argv[argc] NULL;
 *   parg_split keeps the text (key, '=', value), and a number that
 *   parg_parse_u64 accepts reads back the same. */
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/guest.h"
#include "exec/log.h"
#include "plugin/plugin.h"
#include "user/user.h"
#include "plugin-args.h"

/* main.c is not linked in: the options its parser would fill. */
UserOptions user_opts;

static void check(int ok, const char *what, const char *text)
{
    if (!ok) {
        fprintf(stderr, "parsefuzz: %s broken on '%s'\n", what, text);
        abort();
    }
}

/* The plugin helpers explain every refusal on stderr: while they run, fd 2
 * is /dev/null (and stderr proper again for a broken contract). Both fds
 * are opened on the first input and kept. */
static int null_fd = -1, err_fd = -1;

/* A refusal says why (fatal() makes it one line when printed). */
static void has_reason(const char *err, const char *text)
{
    check(err[0] != 0, "the reason for a refusal", text);
}

static bool take_any(const PluginArg *a, void *opaque)
{
    bool b;
    uint64_t v;
    char back[32];
    (void)opaque;
    dup2(err_fd, 2);
    if (a->value)
        check(strlen(a->key) + 1 + strlen(a->value) == strlen(a->text) &&
              !strncmp(a->text, a->key, strlen(a->key)) && a->text[strlen(a->key)] == '=' &&
              !strcmp(a->text + strlen(a->key) + 1, a->value), "parg_split", a->text);
    else
        check(!strcmp(a->key, a->text), "parg_split", a->text);
    dup2(null_fd, 2);
    parg_bool("parsefuzz", a, &b);
    if (parg_parse_u64(a->value, &v)) {
        uint64_t w;
        snprintf(back, sizeof(back), "%" PRIu64, v);
        check(parg_parse_u64(back, &w) && w == v, "parg_parse_u64", a->text);
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (null_fd < 0) {
        null_fd = open("/dev/null", O_WRONLY);
        err_fd = dup(2);
    }
    if (size == 0)
        return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;
    char err[160];
    switch (data[0] % 4) {
    case 0: {
        const GuestArch *g = guest_at(data[0] / 4 % 2) ? guest_at(data[0] / 4 % 2) : guest_at(0);
        err[0] = 0;
        if (!g->cpu_configure(text, err, sizeof(err)))
            has_reason(err, text);
        break;
    }
    case 1: {
        unsigned mask;
        const char *bad;
        /* the refused item, cut at 60 characters (an empty one is "") */
        if (!log_parse_items(text, &mask, &bad))
            check(bad && strlen(bad) <= 60 && strstr(text, bad), "the refused -d item", text);
        break;
    }
    case 2: {
        PluginSpec ps;
        if (plugin_spec_parse(text, &ps)) {
            check(ps.path && ps.path[0] && ps.argc <= (int)strlen(text) / 2 + 1 &&
                  ps.argv[ps.argc] == NULL, "plugin_spec_parse", text);
            for (int i = 0; i < ps.argc; i++)
                check(strlen(ps.argv[i]) <= strlen(text) + 3, "plugin_spec_parse", text);
            plugin_spec_free(&ps);
        }
        break;
    }
    default: {
        /* plugin arguments: one per line */
        char *argv[64];
        int argc = 0;
        for (char *save, *t = strtok_r(text, "\n", &save); t && argc < 64;
             t = strtok_r(NULL, "\n", &save))
            argv[argc++] = t;
        dup2(null_fd, 2);
        parg_each(argc, argv, take_any, NULL);
        dup2(err_fd, 2);
        break;
    }
    }
    free(text);
    return 0;
}
