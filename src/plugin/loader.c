/*
 * Loading plugins: the -plugin / QEMU_PLUGIN argument syntax, finding the
 * file, dlopen, the version check and qemu_plugin_install; and the two
 * questions a user asks before loading one, "-plugin help" (which plugins
 * are there?) and "-plugin NAME,help" (what arguments does it take?).
 *
 *   -plugin [file=]PATH[,name=value]...
 *
 * As in QEMU, an argument without "=" becomes "name=on" ("noname" becomes
 * "name=off"), "arg=value" passes value alone (QEMU's older form), and
 * ",," stands for a comma inside a value. A bare file name (no "/") is
 * looked for in the current directory, then in the plugins/ directory next
 * to the peek binary (build/plugins in the build tree) and in
 * ../lib/peek/plugins beside it (the installed layout); a name without
 * ".so" also as lib<name>.so and <name>.so, so "-plugin insn" loads
 * libinsn.so. Paths in messages are the file's real path.
 *
 * A plugin of peek's describes its arguments in an exported string,
 * peek_plugin_help (see plugins/plugin-args.h): its first line is a
 * summary, the rest the arguments. Plugins without it still load.
 *
 * Plugins are opened RTLD_NOW | RTLD_LOCAL; they find the qemu_plugin_*
 * functions in peek itself, which is linked with -rdynamic. The same file
 * given twice is loaded twice, from a private copy, so that each instance
 * has its own globals. Every failure is one line on stderr and exit 1.
 */
#include "util/util.h"
#include "plugin/internal.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <link.h>
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
        } else if (!strcmp(item, "help")) {
            ps->help = true;
            free(item);
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

static void plugin_list(void);
static void plugin_print_help(const char *path);

void plugin_add_spec(const char *spec)
{
    PluginSpec ps;
    if (!plugin_spec_parse(spec, &ps))
        fatal("-plugin '%s': no plugin file given", spec);
    if (!strcmp(ps.path, "help") && ps.argc == 0 && !ps.help)
        plugin_list();
    if (ps.help)
        plugin_print_help(ps.path);
    specs = xrealloc(specs, (size_t)(n_specs + 1) * sizeof(*specs));
    specs[n_specs++] = ps;
}

/* peek's plugin directories that exist, as real paths: plugins/ next to
 * the binary, then ../lib/peek/plugins. Returns how many (at most 2). */
static int plugin_dirs(char dirs[2][PATH_MAX])
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return 0;
    exe[n] = 0;
    const char *dir = dirname(exe);
    static const char *const subdirs[] = { "plugins", "../lib/peek/plugins" };
    int found = 0;
    for (size_t i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
        char cand[PATH_MAX];
        if (snprintf(cand, sizeof(cand), "%s/%s", dir, subdirs[i]) < (int)sizeof(cand) &&
            realpath(cand, dirs[found]))
            found++;
    }
    return found;
}

/* dir/name, if that file exists: its real path. */
static char *existing(const char *dir, const char *name)
{
    char cand[PATH_MAX], real[PATH_MAX];
    if (snprintf(cand, sizeof(cand), "%s/%s", dir, name) >= (int)sizeof(cand) ||
        access(cand, F_OK) != 0)
        return NULL;
    return strdup(realpath(cand, real) ? real : cand);
}

/* Where a plugin given as path is: itself if it names a directory (made a
 * real path if it exists), else the first of path, lib<path>.so and
 * <path>.so (the last two only without ".so") in the current directory or
 * peek's plugin directories. NULL if nowhere. */
static char *find_plugin(const char *path)
{
    char real[PATH_MAX];
    if (strchr(path, '/'))
        return strdup(realpath(path, real) ? real : path);
    size_t len = strlen(path);
    bool has_so = len > 3 && !strcmp(path + len - 3, ".so");
    char *names[3] = { strdup(path), NULL, NULL };
    if (!has_so) {
        names[1] = xmalloc(len + 7);
        sprintf(names[1], "%s%s.so", strncmp(path, "lib", 3) ? "lib" : "", path);
        names[2] = xmalloc(len + 4);
        sprintf(names[2], "%s.so", path);
    }
    char dirs[3][PATH_MAX];
    strcpy(dirs[0], ".");
    int n_dirs = 1 + plugin_dirs(dirs + 1);
    char *found = NULL;
    for (int i = 0; i < 3 && !found; i++)
        for (int d = 0; names[i] && d < n_dirs && !found; d++)
            found = existing(dirs[d], names[i]);
    for (int i = 0; i < 3; i++)
        free(names[i]);
    return found;
}

/* The plugin's argument description, from an already opened handle. */
static const char *help_text(void *h)
{
    return h ? dlsym(h, "peek_plugin_help") : NULL;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_plugin_file(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 3 && !strcmp(e->d_name + n - 3, ".so");
}

/* -plugin help: every .so of peek's plugin directories, by the name that
 * loads it (lib<name>.so as <name>), with the first line of its
 * description. */
static void plugin_list(void)
{
    char dirs[2][PATH_MAX];
    int n_dirs = plugin_dirs(dirs), shown = 0;
    for (int d = 0; d < n_dirs; d++) {
        struct dirent **list;
        int n = scandir(dirs[d], &list, is_plugin_file, by_name);
        if (n <= 0)
            continue;
        printf("%sPlugins in %s:\n", shown ? "\n" : "", dirs[d]);
        for (int i = 0; i < n; i++) {
            char *path = xmalloc(strlen(dirs[d]) + strlen(list[i]->d_name) + 2);
            sprintf(path, "%s/%s", dirs[d], list[i]->d_name);
            void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
            free(path);
            const char *text = help_text(h);
            const char *name = list[i]->d_name;
            int len = (int)strlen(name) - 3;
            if (!strncmp(name, "lib", 3) && len > 3) {
                name += 3;
                len -= 3;
            }
            printf("  %-12.*s %.*s\n", len, name,
                   text ? (int)strcspn(text, "\n") : 30, text ? text : "(no description)");
            free(list[i]);
            shown++;
        }
        free(list);
    }
    if (!shown) {
        printf("No plugins found in peek's plugin directories (plugins/ next to the peek binary,\n"
               "../lib/peek/plugins beside it).\n");
        exit(0);
    }
    printf("\nLoad one with -plugin NAME[,arg=value...] (NAME as listed, libNAME.so or a path);\n"
           "-plugin NAME,help lists its arguments. Plugin output is shown with -d plugin.\n");
    exit(0);
}

/* -plugin PATH,help: the plugin's description, or why there is none. */
static void plugin_print_help(const char *spec_path)
{
    char *path = find_plugin(spec_path);
    if (!path)
        load_fail(spec_path, "not found (looked in the current directory and peek's plugin "
                             "directories)");
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (!h)
        load_fail(path, "cannot load: %s", dlerror());
    const char *text = help_text(h);
    if (text)
        printf("%s: %s", path, text);
    else
        printf("%s: describes no arguments (only peek's own plugins carry a description)\n", path);
    exit(0);
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

/* Set once by a system mode before the plugins load: its vCPU count
 * (0: user mode). */
static unsigned system_vcpus;

void plugin_set_system(unsigned n_vcpus) { system_vcpus = n_vcpus; }
unsigned plugin_system_vcpus(void) { return system_vcpus; }

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
    info.system_emulation = system_vcpus != 0;
    info.system.smp_vcpus = (int)system_vcpus;
    info.system.max_vcpus = (int)system_vcpus;
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

static bool claim_unload(PluginCtx *ctx)
{
    return !__atomic_exchange_n(&ctx->unloaded, true, __ATOMIC_ACQ_REL);
}

void plugin_unload(PluginCtx *ctx)
{
    if (claim_unload(ctx))
        dlclose(ctx->handle);
}

/* What the dynamic linker does for an object at exit: its DT_FINI_ARRAY
 * entries from last to first, then DT_FINI (both relative to the load
 * address), without unmapping it. */
void plugin_finalize(PluginCtx *ctx)
{
    struct link_map *lm;
    if (!claim_unload(ctx) || dlinfo(ctx->handle, RTLD_DI_LINKMAP, &lm) != 0)
        return;
    void (**fini_array)(void) = NULL;
    size_t n = 0;
    void (*fini)(void) = NULL;
    for (const ElfW(Dyn) *d = lm->l_ld; d->d_tag != DT_NULL; d++) {
        if (d->d_tag == DT_FINI_ARRAY)
            fini_array = (void (**)(void))(lm->l_addr + d->d_un.d_ptr);
        else if (d->d_tag == DT_FINI_ARRAYSZ)
            n = d->d_un.d_val / sizeof(*fini_array);
        else if (d->d_tag == DT_FINI)
            fini = (void (*)(void))(lm->l_addr + d->d_un.d_ptr);
    }
    while (fini_array && n > 0)
        fini_array[--n]();
    if (fini)
        fini();
}
