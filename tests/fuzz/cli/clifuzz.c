/* The command line from outside: seeded random peek invocations, each in
 * a scratch directory of its own, built from peek's own option table (the
 * lines of `peek -help`), its -d items and -cpu features (`-d help`, `-cpu
 * help`), the plugins of the build with their argument names (KEYS: lines
 * "key", from the plugins' sources) and values meant to hurt (empty,
 * huge, negative, format strings, newlines), the QEMU_* variables, and
 * programs that are not (missing, a directory, text, an x86-64 binary).
 *
 *   clifuzz PEEK PROGRAM PLUGIN_DIR KEYS SEED COUNT [FINDINGS]
 *   clifuzz PEEK PROGRAM PLUGIN_DIR KEYS -r FILE...      (replay)
 *
 * PROGRAM is a guest program that exits 0; each run gets a copy of it in
 * its directory (an option may take the program as its argument: -D
 * would write its log over it). Every run must end
 * in one of two ways: the guest ran (exit status 0), or peek refused with
 * exit status 1 and its last stderr line "peek: ..." (a plugin that turns
 * its arguments down says why on the line before). A signal, a hang (30
 * s), another status, more lines, or a sanitizer report is a failure: its
 * argument list is printed, and saved in FINDINGS as a replayable file
 * (one argument a line, "@PROG@" for PROGRAM, "@PLUGINS@/" for the plugin
 * directory; a line "ENV NAME=value" sets a variable). */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The generator: one seeded sequence per run. */
static uint64_t rng;
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static int below(int n) { return (int)(rnd() % (uint64_t)n); }

typedef struct List {
    char *s[256];
    int n;
} List;

static void add(List *l, const char *s)
{
    if (l->n < 256)
        l->s[l->n++] = strdup(s);
}
static const char *pick(const List *l) { return l->n ? l->s[below(l->n)] : ""; }

/* What runs are made of, set once at start-up from the arguments, peek's
 * help texts and the build: the guest program as given (master) and the
 * copy each run gets (prog), the options (those taking an argument too),
 * -d items, -cpu words, plugins and their argument names. */
static const char *peek, *plugdir;
static char master[4200], prog[4200];
static List opts, opts_arg, items, features, plugins, keys;

/* The lines `peek ARGS` prints. */
static FILE *peek_output(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "'%s' %s 2>&1", peek, args);
    return popen(cmd, "r");
}

/* The options of `peek -help`: "-name", then the argument's name, if it
 * takes one, before column 31 (where the variable's column starts). All
 * but -g, whose stub waits for a debugger to connect, as it should. */
static void read_options(void)
{
    char line[512], name[128];
    FILE *f = peek_output("-help");
    while (f && fgets(line, sizeof(line), f)) {
        if (line[0] != '-' || sscanf(line, "-%127s", name) != 1 || !strcmp(name, "g"))
            continue;
        add(&opts, name);
        size_t at = 1 + strlen(name);
        if (line[at] == ' ' && line[at + 1] != ' ' && at + 1 < 31)
            add(&opts_arg, name);
    }
    if (f)
        pclose(f);
}

/* Words of `peek ARGS`: the first of each line that does not end in ':'
 * (-d help), or every word of the indented lines (-cpu help). */
static void read_words(const char *args, List *l, int indented)
{
    char line[512];
    FILE *f = peek_output(args);
    while (f && fgets(line, sizeof(line), f)) {
        if (indented != (line[0] == ' ') || strchr(line, ':'))
            continue;
        for (char *save, *w = strtok_r(line, " \n()", &save); w; w = strtok_r(NULL, " \n()", &save)) {
            add(l, w);
            if (!indented)
                break;
        }
    }
    if (f)
        pclose(f);
}

static int takes_arg(const char *name)
{
    for (int i = 0; i < opts_arg.n; i++)
        if (!strcmp(opts_arg.s[i], name))
            return 1;
    return 0;
}

/* Values that have hurt parsers before. */
static const char *value(void)
{
    static const char *const v[] = {
        "", "0", "1", "-1", "on", "off", "yes", "n", "true", "18446744073709551616",
        "0x7fffffff", "4294967296", "99999999999999999999", "%s%s%n", "a\nb", "x.out",
        "a,,b", "=", ",", "  ", "0x", "1e9", "\xff\xfe", "9223372036854775807",
    };
    static char buf[1024];
    if (!below(12)) {
        int n = below(2) ? 300 : (int)sizeof(buf) - 1;
        memset(buf, 'v', (size_t)n);
        buf[n] = 0;
        return buf;
    }
    return v[below(sizeof(v) / sizeof(v[0]))];
}

static void cat(char *out, size_t size, const char *a, const char *b)
{
    size_t n = strlen(out);
    snprintf(out + n, size - n, "%s%s", a, b);
}

/* The argument of one option, by what the option takes. */
static void argument(const char *name, char *out, size_t size)
{
    out[0] = 0;
    if (!strcmp(name, "cpu")) {
        static const char *const models[] = { "rv64", "max", "any", "cortex-a53", "cortex-a72",
                                              "neoverse-n1", "help", "", "pentium" };
        cat(out, size, models[below(9)], "");
        for (int k = below(4); k > 0; k--) {
            cat(out, size, ",", pick(&features));
            cat(out, size, below(4) ? "=" : "", below(3) ? (below(2) ? "on" : "off") : value());
        }
    } else if (!strcmp(name, "d")) {
        for (int k = below(4); k >= 0; k--)
            cat(out, size, below(8) ? pick(&items) : value(), k ? "," : "");
    } else if (!strcmp(name, "plugin")) {
        if (below(8))
            cat(out, size, below(4) ? "" : "file=", pick(&plugins));
        for (int k = below(4); k > 0; k--) {
            cat(out, size, ",", below(6) ? pick(&keys) : value());
            if (below(4))
                cat(out, size, "=", value());
        }
    } else if (!strcmp(name, "s") || !strcmp(name, "seed")) {
        static const char *const n[] = { "1", "0", "8M", "1G", "16k", "12q", "0x1000", "-5", "64K" };
        cat(out, size, below(3) ? n[below(9)] : value(), "");
    } else if (!strcmp(name, "accel")) {
        cat(out, size, below(2) ? (below(2) ? "jit" : "interp") : value(), "");
    } else if (!strcmp(name, "D")) {
        cat(out, size, below(3) ? "peek.log" : value(), "");
    } else if (!strcmp(name, "L")) {
        cat(out, size, below(2) ? "." : value(), "");
    } else {
        cat(out, size, value(), "");
    }
}

/* One invocation: argv (NULL-terminated, argv[0] = peek) and env lines. */
typedef struct Case {
    char *argv[64];
    int argc;
    char *env[4];
    int nenv;
} Case;

static void push(Case *c, const char *s)
{
    if (c->argc < 62)
        c->argv[c->argc++] = strdup(s);
}

static void make_case(Case *c)
{
    char buf[2048];
    memset(c, 0, sizeof(*c));
    push(c, peek);
    for (int k = below(5); k > 0; k--) {
        const char *name = below(20) ? pick(&opts) : value();
        snprintf(buf, sizeof(buf), "%s%s", below(8) ? "-" : "--", name);
        push(c, buf);
        if (takes_arg(name) && below(16)) {
            argument(name, buf, sizeof(buf));
            push(c, buf);
        }
    }
    for (int k = below(3) == 0; k > 0 && c->nenv < 4; k--) {
        static const char *const vars[] = { "QEMU_CPU", "QEMU_LOG", "QEMU_STACK_SIZE",
                                            "QEMU_PLUGIN", "QEMU_SET_ENV", "QEMU_UNSET_ENV",
                                            "QEMU_RAND_SEED", "PEEK_ACCEL", "QEMU_LD_PREFIX" };
        static const char *const opt_of[] = { "cpu", "d", "s", "plugin", "E", "U", "seed",
                                              "accel", "L" };
        int v = below(9);
        argument(opt_of[v], buf, sizeof(buf));
        char e[2100];
        snprintf(e, sizeof(e), "%s=%s", vars[v], buf);
        c->env[c->nenv++] = strdup(e);
    }
    static const char *const bad_progs[] = { "missing", ".", "text", "/bin/true", "empty" };
    push(c, below(6) ? prog : bad_progs[below(5)]);
    c->argv[c->argc] = NULL;
}

static void free_case(Case *c)
{
    for (int i = 0; i < c->argc; i++)
        free(c->argv[i]);
    for (int i = 0; i < c->nenv; i++)
        free(c->env[i]);
}

/* Run it in a fresh directory; NULL if it ended well, else why not. */
static const char *run_case(const Case *c, const char *dir)
{
    static char why[256];
    char path[13000];
    snprintf(path, sizeof(path), "rm -rf '%s' && mkdir '%s' && cp '%s' '%s'", dir, dir, master, prog);
    if (system(path) != 0)
        return "cannot make the scratch directory";
    snprintf(path, sizeof(path), "%s/text", dir);
    FILE *t = fopen(path, "w");
    if (t) {
        fputs("not a program\n", t);
        fclose(t);
    }
    snprintf(path, sizeof(path), "%s/empty", dir);
    close(open(path, O_WRONLY | O_CREAT, 0600));
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir(dir) < 0)
            _exit(125);
        int in = open("/dev/null", O_RDONLY), out = open("out", O_WRONLY | O_CREAT, 0600),
            err = open("err", O_WRONLY | O_CREAT, 0600);
        dup2(in, 0);
        dup2(out, 1);
        dup2(err, 2);
        for (int i = 0; i < c->nenv; i++)
            putenv(c->env[i]);
        alarm(30);
        execv(peek, c->argv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)pid);
    unlink(path);   /* -perfmap's */
    snprintf(path, sizeof(path), "%s/err", dir);
    FILE *f = fopen(path, "r");
    char line[8192], last[8192] = "";
    int lines = 0, sanitizer = 0;
    while (f && fgets(line, sizeof(line), f)) {
        lines++;
        snprintf(last, sizeof(last), "%s", line);
        sanitizer |= strstr(line, "Sanitizer") != NULL || strstr(line, "runtime error:") != NULL;
    }
    if (f)
        fclose(f);
    if (WIFSIGNALED(st))
        snprintf(why, sizeof(why), "%s %d", WTERMSIG(st) == SIGALRM ? "hang: signal" : "signal",
                 WTERMSIG(st));
    else if (sanitizer)
        snprintf(why, sizeof(why), "a sanitizer report");
    else if (WEXITSTATUS(st) == 1 && (lines < 1 || lines > 2 || strncmp(last, "peek: ", 6)))
        snprintf(why, sizeof(why), "exit 1 with %d lines, the last '%.80s'", lines, last);
    else if (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 1)
        snprintf(why, sizeof(why), "exit status %d", WEXITSTATUS(st));
    else
        return NULL;
    return why;
}

/* The case as a file: one argument a line, "\n" in one written as "\\n". */
static void save_case(const Case *c, const char *file)
{
    FILE *f = fopen(file, "w");
    if (!f)
        return;
    for (int i = 0; i < c->nenv; i++)
        fprintf(f, "ENV %s\n", c->env[i]);
    for (int i = 1; i < c->argc; i++) {
        const char *a = c->argv[i];
        if (!strcmp(a, prog)) {
            fputs("@PROG@\n", f);
            continue;
        }
        if (!strncmp(a, plugdir, strlen(plugdir))) {
            fputs("@PLUGINS@", f);
            a += strlen(plugdir);
        }
        for (; *a; a++)
            fputs(*a == '\n' ? "\\n" : *a == '\\' ? "\\\\" : (char[]){ *a, 0 }, f);
        fputc('\n', f);
    }
    fclose(f);
}

static int load_case(Case *c, const char *file)
{
    FILE *f = fopen(file, "r");
    char line[8192], arg[8192];
    if (!f)
        return -1;
    memset(c, 0, sizeof(*c));
    push(c, peek);
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = 0;
        char *o = arg;
        const char *s = line;
        if (!strncmp(s, "@PLUGINS@", 9)) {
            o += sprintf(o, "%s", plugdir);
            s += 9;
        }
        for (; *s; s++)
            *o++ = *s == '\\' && s[1] ? (*++s == 'n' ? '\n' : *s) : *s;
        *o = 0;
        if (!strncmp(arg, "ENV ", 4) && c->nenv < 4)
            c->env[c->nenv++] = strdup(arg + 4);
        else
            push(c, !strcmp(arg, "@PROG@") ? prog : arg);
    }
    fclose(f);
    c->argv[c->argc] = NULL;
    return 0;
}

static void print_case(const Case *c, const char *why)
{
    printf("FAIL: %s:", why);
    for (int i = 0; i < c->nenv; i++)
        printf(" %s", c->env[i]);
    for (int i = 0; i < c->argc; i++) {
        printf(" '");
        for (const char *a = c->argv[i]; *a; a++)
            printf(*a == '\n' ? "\\n" : *a == '\'' ? "'\\''" : "%c", *a);
        printf("'");
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    if (argc < 7) {
        fprintf(stderr, "usage: clifuzz PEEK PROGRAM PLUGIN_DIR KEYS SEED COUNT [FINDINGS]\n"
                        "       clifuzz PEEK PROGRAM PLUGIN_DIR KEYS -r FILE...\n");
        return 2;
    }
    peek = realpath(argv[1], NULL);
    plugdir = argv[3];
    if (!peek || !realpath(argv[2], master)) {
        fprintf(stderr, "clifuzz: %s or %s missing\n", argv[1], argv[2]);
        return 2;
    }
    read_options();
    read_words("-d help", &items, 0);
    read_words("-cpu help", &features, 1);
    char line[512];
    FILE *k = fopen(argv[4], "r");
    while (k && fgets(line, sizeof(line), k)) {
        line[strcspn(line, "\n")] = 0;
        add(&keys, line);
    }
    if (k)
        fclose(k);
    DIR *d = opendir(plugdir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        /* lockstep waits for its partner process: not a run that ends */
        if (strstr(e->d_name, ".so") && !strstr(e->d_name, "lockstep")) {
            char p[4200];
            snprintf(p, sizeof(p), "%s/%s", plugdir, e->d_name);
            add(&plugins, p);
        }
    }
    if (d)
        closedir(d);
    char dir[] = "/tmp/clifuzz.XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    char run[64];
    snprintf(run, sizeof(run), "%s/run", dir);
    snprintf(prog, sizeof(prog), "%s/prog", run);
    int bad = 0, n = 0;
    Case c;
    if (!strcmp(argv[5], "-r")) {
        for (int i = 6; i < argc; i++, n++) {
            if (load_case(&c, argv[i]) < 0) {
                perror(argv[i]);
                bad++;
                continue;
            }
            const char *why = run_case(&c, run);
            if (why) {
                print_case(&c, why);
                bad++;
            }
            free_case(&c);
        }
    } else {
        rng = strtoull(argv[5], NULL, 0);
        long count = strtol(argv[6], NULL, 0);
        for (long i = 0; i < count; i++, n++) {
            make_case(&c);
            const char *why = run_case(&c, run);
            if (why) {
                print_case(&c, why);
                if (argc > 7) {
                    char file[4200];
                    snprintf(file, sizeof(file), "%s/cli-%s-%ld", argv[7], argv[5], i);
                    save_case(&c, file);
                    printf("  saved as %s\n", file);
                }
                bad++;
            }
            free_case(&c);
        }
    }
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        bad++;
    printf("clifuzz: %d runs, %d failed\n", n, bad);
    return bad ? 1 : 0;
}
