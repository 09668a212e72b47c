/*
 * peek's entry point: the qemu-user compatible command line and environment
 * (QEMU_* variables), then start-up: reserve the guest space, load the
 * program, and run the guest's cpu loop on the main thread.
 *
 * One table lists every option with its environment variable, argument and
 * help text; parsing, -help and the option re-creation for execve all read
 * it.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "util/util.h"
#include "exec/backend.h"
#include "exec/guest.h"
#include "exec/log.h"
#include "exec/tb.h"
#include "exec/tb-cache.h"
#include "exec/translate.h"
#include "plugin/plugin.h"
#include "user/mem.h"
#include "user/user.h"

#define PEEK_VERSION "0.1.0"

UserOptions user_opts;

/* Environment edits from -E/-U, applied to the guest's environment; and the
 * options as given, kept for execve of another guest program. Both are
 * filled once while parsing the command line. */
static char **env_edits;
static size_t n_env_edits;
static char **saved_opts;
static size_t n_saved_opts;

static void push_env_edit(const char *e)
{
    env_edits = xrealloc(env_edits, (n_env_edits + 1) * sizeof(char *));
    env_edits[n_env_edits++] = (char *)e;
}

static uint64_t parse_size(const char *opt, const char *s)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *s == '-')
        fatal("%s: invalid size '%s'", opt, s);
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end || v == 0)
        fatal("%s: invalid size '%s'", opt, s);
    return v;
}

static void opt_help(const char *arg);
/* The names of the guests built in, comma-separated. */
static void print_guests(FILE *f)
{
    for (unsigned i = 0; guest_at(i); i++)
        fprintf(f, "%s%s", i ? ", " : "", guest_at(i)->name);
}

static void opt_version(const char *arg)
{
    printf("peek version " PEEK_VERSION " (user-mode emulator for ");
    print_guests(stdout);
    printf("; QEMU TCG plugin API versions %d to %d)\n", PLUGIN_MIN_VERSION, PLUGIN_CUR_VERSION);
    exit(0);
}
static void opt_ld_prefix(const char *arg) { user_opts.ld_prefix = arg; }
static void opt_set_env(const char *arg)
{
    if (!strchr(arg, '='))
        fatal("-E: expected var=value, got '%s'", arg);
    push_env_edit(arg);
}
static void opt_unset_env(const char *arg)
{
    if (!*arg || strchr(arg, '='))
        fatal("-U: expected a variable name, got '%s'", arg);
    push_env_edit(arg);
}
static void opt_argv0(const char *arg) { user_opts.argv0 = arg; }
static void opt_stack(const char *arg) { user_opts.stack_size = parse_size("-s", arg); }
/* The guest named by the name we were run as (peek-<guest>), if any. */
static const GuestArch *alias_guest;
/* -cpu's argument: applied once the program's guest is known. */
static const char *cpu_spec;

/* -cpu help: the alias's guest, or every guest. */
static void opt_cpu(const char *arg)
{
    if (strcmp(arg, "help")) {
        cpu_spec = arg;
        return;
    }
    for (unsigned i = 0; guest_at(i); i++) {
        if (alias_guest && guest_at(i) != alias_guest)
            continue;
        if (!alias_guest)
            printf("%s%s:\n", i ? "\n" : "", guest_at(i)->name);
        guest_at(i)->cpu_help(stdout);
    }
    exit(0);
}
static void opt_log(const char *arg)
{
    if (!strcmp(arg, "help")) {
        log_print_items(stdout);
        exit(0);
    }
    unsigned mask;
    const char *bad;
    if (!log_parse_items(arg, &mask, &bad))
        fatal("-d: unknown log item '%s' (try -d help)", bad);
    log_mask |= mask;
}
/* What -D, -perfmap and -peek-reexec asked for: acted on once the options
 * are all read and peek's descriptor slots are laid out. */
static const char *log_name;
static bool want_perfmap;
static long reexec_nofile = -1;

static void opt_log_file(const char *arg)
{
    if (!log_name_ok(arg))
        fatal("-D: bad log file name '%s' (only one %%d, for the pid, is allowed)", arg);
    log_name = arg;
}
static void opt_dfilter(const char *arg)
{
    char err[200];
    if (!log_set_dfilter(arg, err, sizeof(err)))
        fatal("%s", err);
}
static void opt_uname(const char *arg) { user_opts.uname_release = arg; }
static void opt_guest_base(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(arg, &end, 0);
    if (errno || end == arg || *end || *arg == '-')
        fatal("-B: invalid address '%s'", arg);
    if (v & (GUEST_PAGE_SIZE - 1))
        fatal("-B: guest base 0x%llx is not a multiple of the page size (0x%llx)", v,
              (unsigned long long)GUEST_PAGE_SIZE);
    user_opts.guest_base = v;
}
static void opt_reserved_va(const char *arg)
{
    uint64_t v = parse_size("-R", arg);
    if (v < (16u << 20) || v > GUEST_SPACE_SIZE)
        fatal("-R: the guest address space must be between 16M and %lluG, not '%s'",
              (unsigned long long)(GUEST_SPACE_SIZE >> 30), arg);
    user_opts.reserved_va = (v + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
}
/* qemu-user's -p sets the granularity of its host mappings; peek's guest
 * pages are the host's, so it is checked as qemu checks it and has no
 * further effect. */
static void opt_pagesize(const char *arg)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(arg, &end, 0);
    if (errno || end == arg || *end || *arg == '-' || v == 0 || (v & (v - 1)))
        fatal("-p: page size must be a power of two, not '%s'", arg);
}
static void opt_strace(const char *arg) { log_mask |= LOG_STRACE; }
static void opt_one_insn(const char *arg) { tb_max_insns = 1; }
static void opt_accel(const char *arg)
{
    static const Backend *const backends[] = { &backend_x86_64, &backend_interp };
    for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
        if (!strcmp(arg, backends[i]->name)) {
            backend = backends[i];
            return;
        }
    }
    fatal("-accel: unknown backend '%s' (available: jit, interp)", arg);
}
static void opt_superblocks(const char *arg)
{
    static const char *const modes[] = { [SUPERBLOCKS_OFF] = "off", [SUPERBLOCKS_HOT] = "on",
                                         [SUPERBLOCKS_ALWAYS] = "always" };
    for (int m = 0; m < 3; m++) {
        if (!strcmp(arg, modes[m])) {
            translator_superblocks = m;
            return;
        }
    }
    fatal("-superblocks: 'on', 'off' or 'always', not '%s'", arg);
}
static void opt_plugin(const char *arg) { plugin_add_spec(arg); }
static void opt_plugin_inline_cb(const char *arg)
{
    if (strcmp(arg, "on") && strcmp(arg, "off"))
        fatal("-plugin-inline-cb: 'on' or 'off', not '%s'", arg);
    plugin_inline_cb = !strcmp(arg, "on");
}
static void opt_perfmap(const char *arg) { want_perfmap = true; }
/* -tb-cache: opened once the program, CPU, backend and plugins are known.
 * The directory is made absolute at once, where a peek started for a guest
 * execve finds it too (maybe from another working directory): in the
 * options passed on (the handler runs just after its argument is saved),
 * and in the guest's environment when it came from there. */
static const char *tb_cache_dir;
static void opt_tb_cache(const char *arg)
{
    char *abs = realpath(arg, NULL);
    if (!abs)
        fatal("-tb-cache: cannot use '%s': %s", arg, strerror(errno));
    if (n_saved_opts && saved_opts[n_saved_opts - 1] == arg)
        saved_opts[n_saved_opts - 1] = abs;
    else if (arg == getenv("PEEK_TB_CACHE") && strcmp(arg, abs)) {
        char *edit = xmalloc(strlen(abs) + sizeof("PEEK_TB_CACHE="));
        sprintf(edit, "PEEK_TB_CACHE=%s", abs);
        push_env_edit(edit);
    }
    tb_cache_dir = abs;
}
/* Internal: this peek was started by another one for a guest execve (see
 * user/thread.c); the argument is the guest's RLIMIT_NOFILE hard limit. */
static void opt_reexec(const char *arg)
{
    char *end;
    errno = 0;
    reexec_nofile = strtol(arg, &end, 10);
    if (errno || end == arg || *end || reexec_nofile < 0)
        fatal("-peek-reexec: invalid limit '%s'", arg);
}
static void opt_gdb(const char *arg)
{
    char *end;
    errno = 0;
    long port = strtol(arg, &end, 10);
    if (errno || end == arg || *end || port < 1 || port > 65535)
        fatal("-g: invalid port '%s' (a TCP port number, 1 to 65535)", arg);
    user_opts.gdb_port = (int)port;
}
static void opt_seed(const char *arg)
{
    char *end;
    errno = 0;
    user_opts.seed = strtoull(arg, &end, 0);
    if (errno || end == arg || *end)
        fatal("-seed: invalid seed '%s'", arg);
    user_opts.have_seed = true;
}

typedef struct PeekOption {
    const char *name;
    const char *env;
    const char *argname;     /* NULL: takes no argument */
    void (*handle)(const char *arg);
    const char *help;      /* NULL: internal, not listed by -help */
} PeekOption;

static const PeekOption options[] = {
    { "h", NULL, NULL, opt_help, "print this help" },
    { "help", NULL, NULL, opt_help, "print this help" },
    { "version", NULL, NULL, opt_version, "display version information and exit" },
    { "g", "QEMU_GDB", "port", opt_gdb, "wait gdb connection to 'port'" },
    { "L", "QEMU_LD_PREFIX", "path", opt_ld_prefix, "set the elf interpreter prefix to 'path'" },
    { "s", "QEMU_STACK_SIZE", "size", opt_stack, "set the stack size to 'size' bytes" },
    { "cpu", "QEMU_CPU", "model", opt_cpu, "select CPU (-cpu help for list)" },
    { "E", "QEMU_SET_ENV", "var=value", opt_set_env, "sets targets environment variable" },
    { "U", "QEMU_UNSET_ENV", "var", opt_unset_env, "unsets targets environment variable" },
    { "0", "QEMU_ARGV0", "argv0", opt_argv0, "forces target process argv[0] to be 'argv0'" },
    { "r", "QEMU_UNAME", "uname", opt_uname, "set the uname release string to 'uname'" },
    { "B", "QEMU_GUEST_BASE", "address", opt_guest_base, "set guest_base address to 'address'" },
    { "R", "QEMU_RESERVED_VA", "size", opt_reserved_va, "reserve 'size' bytes for guest virtual address space" },
    { "d", "QEMU_LOG", "item[,...]", opt_log, "enable logging of specified items (use '-d help' for a list)" },
    { "dfilter", "QEMU_DFILTER", "range[,...]", opt_dfilter, "filter logging based on address range" },
    { "D", "QEMU_LOG_FILENAME", "logfile", opt_log_file, "write logs to 'logfile' (default stderr; %d: the pid, or with -d tid the thread id)" },
    { "p", "QEMU_PAGESIZE", "pagesize", opt_pagesize, "set the host page size to 'pagesize' (a power of two)" },
    { "strace", "QEMU_STRACE", NULL, opt_strace, "log system calls" },
    { "one-insn-per-tb", "QEMU_ONE_INSN_PER_TB", NULL, opt_one_insn, "run with one guest instruction per emulated TB" },
    { "singlestep", "QEMU_SINGLESTEP", NULL, opt_one_insn, "deprecated synonym for -one-insn-per-tb" },
    { "accel", "PEEK_ACCEL", "backend", opt_accel, "code generation backend: jit (default), interp" },
    { "superblocks", "PEEK_SUPERBLOCKS", "mode", opt_superblocks, "hot blocks go on past forward branches: on (default), off, always" },
    { "seed", "QEMU_RAND_SEED", "seed", opt_seed, "seed for pseudo-random number generator" },
    { "perfmap", "QEMU_PERFMAP", NULL, opt_perfmap, "generate a /tmp/perf-${pid}.map file for perf" },
    { "tb-cache", "PEEK_TB_CACHE", "dir", opt_tb_cache, "keep translated code in 'dir' for the next runs" },
    { "plugin", "QEMU_PLUGIN", "file[,arg=value...]", opt_plugin, "load a plugin (its output shows with -d plugin)" },
    { "plugin-inline-cb", "PEEK_PLUGIN_INLINE_CB", "on|off", opt_plugin_inline_cb, "copy small leaf callbacks into the code instead of calling them (default on)" },
    { "peek-reexec", NULL, "nofile", opt_reexec, NULL },
};
#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static void opt_help(const char *arg)
{
    printf("usage: peek [options] program [arguments...]\n"
           "Linux user-mode emulator with the QEMU TCG plugin API; guests: ");
    print_guests(stdout);
    printf(" (chosen by the program's ELF header)\n\n"
           "Options and associated environment variables:\n\n");
    printf("%-30s %-22s %s\n", "Argument", "Env-variable", "Description");
    for (size_t i = 0; i < N_OPTIONS; i++) {
        if (!options[i].help)
            continue;
        char lhs[64];
        snprintf(lhs, sizeof(lhs), "-%s%s%s", options[i].name, options[i].argname ? " " : "",
                 options[i].argname ? options[i].argname : "");
        printf("%-30s %-22s %s\n", lhs, options[i].env ? options[i].env : "", options[i].help);
    }
    printf("\nDefaults:\nQEMU_LD_PREFIX  = /usr/<guest>-linux-gnu (when present)\nQEMU_STACK_SIZE = 8388608 byte\n");
    printf("\nPlugins: -plugin help lists the installed ones, -plugin NAME,help the arguments of one.\n"
           "What a plugin prints is shown only with -d plugin (on stderr, or in the -D file).\n");
    exit(0);
}

static const PeekOption *find_option(const char *name)
{
    for (size_t i = 0; i < N_OPTIONS; i++)
        if (!strcmp(options[i].name, name))
            return &options[i];
    return NULL;
}

static void save_opt(const char *s)
{
    saved_opts = xrealloc(saved_opts, (n_saved_opts + 1) * sizeof(char *));
    saved_opts[n_saved_opts++] = (char *)s;
}

/* Options first from the environment, then the command line (which wins).
 * Returns the index of the program name in argv. */
static int parse_options(int argc, char **argv)
{
    for (size_t i = 0; i < N_OPTIONS; i++) {
        const char *v = options[i].env ? getenv(options[i].env) : NULL;
        if (!v)
            continue;
        if (options[i].argname) {
            if (options[i].handle == opt_set_env || options[i].handle == opt_unset_env) {
                /* comma separated lists, as qemu-user takes them */
                char *dup = xstrdup(v), *save = NULL;
                for (char *t = strtok_r(dup, ",", &save); t; t = strtok_r(NULL, ",", &save))
                    options[i].handle(t);
            } else {
                options[i].handle(v);
            }
        } else {
            options[i].handle(NULL);
        }
    }
    int i = 1;
    while (i < argc && argv[i][0] == '-' && argv[i][1]) {
        const char *name = argv[i] + 1;
        if (!strcmp(name, "-")) {   /* "--" ends the options */
            i++;
            break;
        }
        if (name[0] == '-')   /* --option is the same as -option */
            name++;
        const PeekOption *o = find_option(name);
        if (!o)
            fatal("unknown option '%s' (try -help)", argv[i]);
        /* A program this one execs runs without the debugger. */
        bool keep = o->handle != opt_gdb;
        if (keep)
            save_opt(argv[i]);
        i++;
        const char *arg = NULL;
        if (o->argname) {
            if (i >= argc)
                fatal("option '%s' needs an argument (%s)", argv[i - 1], o->argname);
            arg = argv[i++];
            if (keep)
                save_opt(arg);
        }
        o->handle(arg);
    }
    if (i >= argc)
        fatal("no program given (usage: peek [options] program [arguments...])");
    return i;
}

/* The guest's environment: ours with -E/-U applied (QEMU_* variables pass
 * through, as qemu-user does). */
static char **guest_environment(char **envp)
{
    size_t n = 0;
    while (envp[n])
        n++;
    char **e = xrealloc(NULL, (n + n_env_edits + 1) * sizeof(char *));
    memcpy(e, envp, n * sizeof(char *));
    for (size_t i = 0; i < n_env_edits; i++) {
        const char *ed = env_edits[i];
        const char *eq = strchr(ed, '=');
        size_t klen = eq ? (size_t)(eq - ed) : strlen(ed);
        size_t j = 0;
        while (j < n && !(strncmp(e[j], ed, klen) == 0 && e[j][klen] == '='))
            j++;
        if (eq) {
            if (j == n)
                n++;
            e[j] = (char *)ed;
        } else if (j < n) {
            memmove(&e[j], &e[j + 1], (n - j - 1) * sizeof(char *));
            n--;
        }
    }
    e[n] = NULL;
    return e;
}

/* Lay out peek's descriptor slots, then open the files peek keeps. The
 * log's name is made absolute: a forked child reopens it (with %d), and a
 * peek started for a guest execve continues it, both maybe elsewhere. */
static void open_own_files(void)
{
    hostfd_init(reexec_nofile);
    if (log_enabled(LOG_TID) && (!log_name || !strstr(log_name, "%d")))
        fatal("-d tid: the -D file name must contain '%%d' (one file per thread)");
    if (log_name) {
        const char *abs = log_name;
        char *cwd = log_name[0] != '/' ? getcwd(NULL, 0) : NULL;
        if (cwd) {
            char *p = xmalloc(strlen(cwd) + strlen(log_name) + 2);
            sprintf(p, "%s/%s", cwd, log_name);
            abs = p;
            free(cwd);
        }
        if (!log_set_file(abs, reexec_nofile >= 0))
            fatal("-D: cannot open log file '%s': %s", log_name, strerror(errno));
    }
    if (want_perfmap)
        jit_perfmap_enable();
}

/* -tb-cache: what makes code differ between runs is in the cache's key
 * (the CPU, the block size limit; the backend and the program are added by
 * tb_cache_open); what puts host addresses of this run into code (plugins'
 * instrumentation) or expects to see every translation (a debugger, the
 * per-block logs) turns the cache off. */
static void open_tb_cache(const char *path, const GuestArch *g)
{
    const char *off = plugin_active ? "plugins are loaded"
                      : user_opts.gdb_port ? "a debugger is attached (-g)"
                      : log_enabled(LOG_IN_ASM | LOG_OP | LOG_OP_OPT | LOG_OUT_ASM | LOG_NOCHAIN)
                          ? "-d in_asm, op, op_opt, out_asm or nochain show every translation"
                          : NULL;
    if (off) {
        if (log_enabled(LOG_TB_CACHE))
            fprintf(log_file(), "tb-cache: not used: %s\n", off);
        return;
    }
    char config[512], err[256];
    snprintf(config, sizeof(config), "guest %s\ncpu %s\nmax-insns %u\nsuperblocks %d", g->name,
             cpu_spec ? cpu_spec : "", tb_max_insns, translator_superblocks);
    if (!tb_cache_open(tb_cache_dir, path, config, err, sizeof(err)))
        fatal("-tb-cache: %s", err);
}

int main(int argc, char **argv, char **envp)
{
    const char *self = strrchr(argv[0], '/');
    self = self ? self + 1 : argv[0];
    if (!strncmp(self, "peek-", 5))
        alias_guest = guest_by_name(self + 5);
    int prog = parse_options(argc, argv);
    open_own_files();
    user_opts.exec_opts = saved_opts;
    user_opts.n_exec_opts = n_saved_opts;
    user_opts.strace = log_enabled(LOG_STRACE);
    user_opts.log_unimp = log_enabled(LOG_UNIMP);
    if (!user_opts.stack_size)
        user_opts.stack_size = 8u << 20;

    const char *path = argv[prog];
    const GuestArch *g = user_probe_arch(path);
    if (cpu_spec) {
        char err[160];
        if (!g->cpu_configure(cpu_spec, err, sizeof(err)))
            fatal("-cpu: %s", err);
    }
    mem_init(user_opts.guest_base, user_opts.reserved_va);
    tb_init(g);
    CPUState *cpu = cpu_create(g);
    char **genv = guest_environment(envp);
    user_load_program(path, argc - prog, argv + prog, genv);
    free(genv);     /* the strings are on the guest stack now */
    user_init_cpu(cpu);
    plugin_load_all(g);
    if (tb_cache_dir)
        open_tb_cache(path, g);
    if (user_opts.gdb_port)
        user_gdb_wait(user_opts.gdb_port);
    user_start_main_thread(cpu);
    plugin_vcpu_init(cpu);
    if (user_opts.gdb_port)
        user_gdb_start(g);
    user_run(cpu);
}
