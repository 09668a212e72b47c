/*
 * Loading plugins: the -plugin / QEMU_PLUGIN argument syntax, finding the
 * file, dlopen, the version check and qemu_plugin_install.
 *
 *   -plugin [file=]PATH[,name=value]...
 *
 * As in QEMU, an argument without "=" becomes "name=on" ("noname" becomes
 * "name=off"), "arg=value" passes value alone (QEMU's older form), and
 * ",," stands for a comma inside a value. A bare file name (no "/") that
 * is not in the current directory is looked up in the plugins/ directory
 * next to the peek binary (build/plugins in the build tree) and in
 * ../lib/peek/plugins beside it (the installed layout).
 *
 * Plugins are opened RTLD_NOW | RTLD_LOCAL; they find the qemu_plugin_*
 * functions in peek itself, which is linked with -rdynamic. The same file
 * given twice is loaded twice, from a private copy, so that each instance
 * has its own globals. Every failure is one line on stderr and exit 1.
 */
#include "util/util.h"
#include "plugin/internal.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

/* The -plugin options, in order; filled while parsing the command line. */
static PluginSpec *specs;
static int n_specs;

static _Noreturn void load_fail(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static _Noreturn void load_fail(const char *path, const char *fmt, ...)
{
    va_list ap;
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fatal("plugin %s: %s", path, msg);
}

/* The next item of a comma list, with ",," unescaped; advances *p. */
static char *next_item(const char **p)
{
    const char *s = *p;
    char *out = xmalloc(strlen(s) + 1), *o = out;
    while (*s) {
        if (*s == ',') {
            if (s[1] != ',')
                break;
            s++;
        }
        *o++ = *s++;
    }
    *o = 0;
    *p = *s ? s + 1 : s;
    return out;
}

bool plugin_spec_parse(const char *spec, PluginSpec *ps)
{
    *ps = (PluginSpec){ .argv = xmalloc((strlen(spec) + 2) * sizeof(char *)) };
    const char *p = spec;
    bool first = true;
    while (*p) {
        char *item = next_item(&p);
        char *eq = strchr(item, '=');
        if (!eq && first) {
            ps->path = item;
        } else if (eq && eq - item == 4 && !strncmp(item, "file", 4)) {
            free(ps->path);
            ps->path = xstrdup(eq + 1);
            free(item);
        } else if (eq && eq - item == 3 && !strncmp(item, "arg", 3)) {
            ps->argv[ps->argc++] = xstrdup(eq + 1);
            free(item);
        } else if (eq) {
            ps->argv[ps->argc++] = item;
        } else {
            bool off = !strncmp(item, "no", 2) && item[2];
            char *a = xmalloc(strlen(item) + 5);
            sprintf(a, "%s=%s", off ? item + 2 : item, off ? "off" : "on");
            ps->argv[ps->argc++] = a;
            free(item);
        }
        first = false;
    }
    ps->argv[ps->argc] = NULL;
    if (!ps->path || !*ps->path) {
        plugin_spec_free(ps);
        return false;
    }
    return true;
}

void plugin_spec_free(PluginSpec *ps)
{
    for (int i = 0; i < ps->argc; i++)
        free(ps->argv[i]);
    free(ps->argv);
    free(ps->path);
    *ps = (PluginSpec){ 0 };
}

void plugin_add_spec(const char *spec)
{
    PluginSpec ps;
    if (!plugin_spec_parse(spec, &ps)) {
        fatal("-plugin '%s': no plugin file given", spec);
    }
    specs = xrealloc(specs, (size_t)(n_specs + 1) * sizeof(*specs));
    specs[n_specs++] = ps;
}

/* Where a plugin given as path is: itself if it names a directory or
 * exists here, else in peek's plugin directories. NULL if nowhere. */
static char *find_plugin(const char *path)
{
    if (strchr(path, '/'))
        return strdup(path);
    char *here = xmalloc(strlen(path) + 3);
    sprintf(here, "./%s", path);
    if (access(here, F_OK) == 0)
        return here;
    free(here);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return NULL;
    exe[n] = 0;
    const char *dir = dirname(exe);
    static const char *const subdirs[] = { "plugins", "../lib/peek/plugins" };
    for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
        char *cand = xmalloc(strlen(dir) + strlen(subdirs[i]) + strlen(path) + 3);
        sprintf(cand, "%s/%s/%s", dir, subdirs[i], path);
        if (access(cand, F_OK) == 0)
            return cand;
        free(cand);
    }
    return NULL;
}

/* Files already loaded, to give a repeated one a private copy. */
static struct { dev_t dev; ino_t ino; } loaded[PLUGIN_MAX];

/* Is the file an ELF shared object for this host? */
static bool is_shared_object(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    Elf64_Ehdr eh;
    ssize_t n = read(fd, &eh, sizeof(eh));
    close(fd);
    return n == (ssize_t)sizeof(eh) && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
           eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_type == ET_DYN && eh.e_machine == EM_X86_64;
}

static void *open_plugin(const char *path, int idx)
{
    struct stat st;
    if (stat(path, &st) < 0)
        load_fail(path, "%s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        load_fail(path, "not a regular file");
    if (!is_shared_object(path))
        load_fail(path, "not a shared object for this host (x86-64 ELF)");
    const char *open_path = path;
    char copy[64];
    int memfd = -1;
    for (int i = 0; i < idx; i++) {
        if (loaded[i].dev != st.st_dev || loaded[i].ino != st.st_ino)
            continue;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        memfd = memfd_create("peek-plugin", MFD_CLOEXEC);
        off_t off = 0;
        if (fd < 0 || memfd < 0 || sendfile(memfd, fd, &off, (size_t)st.st_size) != st.st_size)
            load_fail(path, "cannot make a second copy: %s", strerror(errno));
        close(fd);
        snprintf(copy, sizeof(copy), "/proc/self/fd/%d", memfd);
        open_path = copy;
        break;
    }
    loaded[idx].dev = st.st_dev;
    loaded[idx].ino = st.st_ino;
    void *h = dlopen(open_path, RTLD_NOW | RTLD_LOCAL);
    if (memfd >= 0)
        close(memfd);
    if (!h) {
        /* dlerror starts with the path; the line names it already. */
        const char *e = dlerror();
        const char *colon = e ? strstr(e, ": ") : NULL;
        load_fail(path, "cannot load: %s", colon ? colon + 2 : e ? e : "unknown error");
    }
    return h;
}

static void load_one(const PluginSpec *ps, const GuestArch *g)
{
    if (plugin_n == PLUGIN_MAX)
        load_fail(ps->path, "too many plugins (at most %d)", PLUGIN_MAX);
    char *path = find_plugin(ps->path);
    if (!path)
        load_fail(ps->path, "not found (looked in the current directory and peek's plugin "
                            "directories)");
    void *h = open_plugin(path, plugin_n);
    const int *version = dlsym(h, "qemu_plugin_version");
    if (!version)
        load_fail(path, "does not declare its API version (no qemu_plugin_version symbol)");
    if (*version < PLUGIN_MIN_VERSION || *version > PLUGIN_CUR_VERSION)
        load_fail(path, "built for plugin API version %d; peek supports versions %d to %d",
                  *version, PLUGIN_MIN_VERSION, PLUGIN_CUR_VERSION);
    int (*install)(qemu_plugin_id_t, const qemu_info_t *, int, char **) =
        (int (*)(qemu_plugin_id_t, const qemu_info_t *, int, char **))dlsym(h, "qemu_plugin_install");
    if (!install)
        load_fail(path, "does not export qemu_plugin_install");

    PluginCtx *ctx = xcalloc(1, sizeof(*ctx));
    ctx->id = (qemu_plugin_id_t)plugin_n + 1;
    ctx->version = *version;
    ctx->path = path;
    ctx->handle = h;
    ctx->argc = ps->argc;
    ctx->argv = ps->argv;
    ctx->state = PLUGIN_LIVE;
    plugin_ctxs[plugin_n] = ctx;
    __atomic_store_n(&plugin_n, plugin_n + 1, __ATOMIC_RELEASE);

    qemu_info_t info;
    memset(&info, 0, sizeof(info));
    info.target_name = g->name;
    info.version.min = PLUGIN_MIN_VERSION;
    info.version.cur = PLUGIN_CUR_VERSION;
    info.system_emulation = false;
    PluginTLS saved = plugin_tls;
    plugin_tls = (PluginTLS){ .ctx = ctx, .flags = PLUGIN_REGS_NONE };
    int r = install(ctx->id, &info, ctx->argc, ctx->argv);
    plugin_tls = saved;
    if (r != 0)
        load_fail(path, "qemu_plugin_install returned %d", r);
}

void plugin_load_all(const GuestArch *g)
{
    if (n_specs == 0)
        return;
    plugin_core_init();
    plugin_guest = g;
    plugin_active = true;
    plugin_hook_exec();
    for (int i = 0; i < n_specs; i++)
        load_one(&specs[i], g);
}
