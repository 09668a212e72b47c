/* The syscall layer from inside a guest: seeded random system calls, every
 * number of peek's table (syscall-table.h, made from its .def files, so a
 * new call is fuzzed as soon as it is in the table) and some that are not,
 * with random arguments drawn by the table's argument kinds: fds, paths,
 * buffers and pointers (NULL, into our own data, just below and past the
 * top of the guest space, in the kernel's half, anywhere), lengths, flags.
 *
 *   sysfuzz SEED COUNT [-v]     (-v: print each call before making it)
 *
 * What must hold: peek survives every call (no crash, no hang: each call
 * is cut short by a 20 ms SIGALRM), and no call writes where it must not.
 * Our own canary pages, behind unmapped guards and never passed to a call,
 * are compared after every call; peek checks its own canaries beside the
 * guest space at exit (PEEK_FUZZ_CANARY). The last line is the summary,
 * "sysfuzz: seed S: N calls, M numbers, canaries intact", and the exit
 * status 0; a changed canary names the call and exits 2.
 *
 * The run stays inside the current directory and this process: paths are
 * single '/'-free components (no ".."), fd arguments are fds this program
 * opened or invalid numbers (never the fds it started with), memory calls
 * act on a playground of our own, sockets are AF_UNIX, and calls that
 * reach other processes or the machine (signals, ids, limits, clocks,
 * scheduling, IPC namespaces, exec, clone, sync) are never made. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

typedef struct Sys {
    int nr;
    const char *name;
    const char *fmt;   /* peek's -strace argument kinds (user/syscall.h) */
} Sys;

static const Sys table[] = {
#include "syscall-table.h"
};
#define N_TABLE (sizeof(table) / sizeof(table[0]))

/* Our memory, at fixed guest addresses with unmapped guards around each
 * area: data (buffers the kernel reads and writes), the playground (what
 * mmap, munmap, mprotect and friends act on), and two canaries. */
#define DATA ((uint8_t *)0x1000000000ull)
#define DATA_SIZE 0x4000ull
#define PATHBUF (DATA + DATA_SIZE + 0x10000)
#define PATHBUF_SIZE 0x2000ull
#define PLAY ((uint8_t *)0x1100000000ull)
#define PLAY_SIZE 0x100000ull
#define CANARY1 ((uint8_t *)0x0ff0000000ull)
#define CANARY2 ((uint8_t *)0x1010000000ull)
#define CANARY_SIZE 0x10000ull
#define HOLE ((uint8_t *)0x1200000000ull)     /* mapped, then unmapped */
#define HOLE_SIZE 0x100000ull
#define SPACE_TOP (1ull << 38)          /* peek's guest space */

/* The generator: one seeded sequence per run (single-threaded). */
static uint64_t rng;
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static uint64_t below(uint64_t n) { return rnd() % n; }

static int fd_floor;              /* fds from here on are ours */
static uint64_t brk_low;          /* brk never goes below this */

static uint8_t canary_byte(size_t i) { return (uint8_t)(0x3c ^ i ^ (i >> 8)); }

static void *map_fixed(void *at, size_t len)
{
    void *p = mmap(at, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (p != at) {
        fprintf(stderr, "sysfuzz: cannot map %p\n", at);
        exit(1);
    }
    return p;
}

static int canaries_intact(void)
{
    for (size_t i = 0; i < CANARY_SIZE; i++)
        if (CANARY1[i] != canary_byte(i) || CANARY2[i] != canary_byte(i))
            return 0;
    return 1;
}

/* Data bytes never hold '/', so no path or socket name made of them leaves
 * the current directory. */
static void refill_data(void)
{
    uint64_t *w = (uint64_t *)DATA;
    for (size_t i = 0; i < DATA_SIZE / 8; i++) {
        uint64_t v = below(4) ? rnd() : 0;
        for (int b = 0; b < 64; b += 8)
            if (((v >> b) & 0xff) == '/')
                v ^= 1ull << b;
        w[i] = v;
    }
}

/* A path: one component, never "..", sometimes long. */
static uint64_t gen_path(void)
{
    static const char *const names[] = { "a", "b", "c", "ab", "f0", "x.y", ".", "", "d" };
    char *p = (char *)PATHBUF;
    switch (below(10)) {
    case 0: {
        size_t n = below(2) ? 300 : PATHBUF_SIZE - 1;
        memset(p, 'n', n);
        p[n] = 0;
        break;
    }
    case 1:
        return below(2) ? 0 : (uint64_t)(DATA + below(DATA_SIZE));
    default:
        strcpy(p, names[below(sizeof(names) / sizeof(names[0]))]);
        break;
    }
    return (uint64_t)p;
}

static uint64_t gen_fd(void)
{
    switch (below(8)) {
    case 0: return (uint64_t)-1;
    case 1: return (uint64_t)-100;       /* AT_FDCWD */
    case 2: return 999;
    case 3: return (uint64_t)(below(2) ? 0x7fffffff : rnd());
    default: return (uint64_t)(fd_floor + (int)below(24));
    }
}

/* A pointer: NULL, our data, an unmapped hole, the bottom page, the last
 * bytes of the guest space (the top of the stack, where the environment
 * strings are: what is written there crosses the end, mostly), past the
 * top (peek's canary is just past it, and just below address 0), the
 * kernel's half, anywhere. */
static uint64_t gen_ptr(void)
{
    switch (below(16)) {
    case 0: return 0;
    case 1: return below(4096);
    case 2: return SPACE_TOP - 1 - below(64);
    case 3: return (uint64_t)HOLE + below(HOLE_SIZE);
    case 4: return SPACE_TOP + below(1u << 20);
    case 5: return (uint64_t)0 - 1 - below(1u << 20);
    case 6: return 1ull << 47;
    case 7: return 0xffff800000000000ull + below(1u << 30);
    case 8: return rnd();
    case 9: return (uint64_t)(PLAY + 4096 * below(PLAY_SIZE / 4096));
    case 10: return (uint64_t)(DATA + DATA_SIZE - below(64));
    default: return (uint64_t)(DATA + below(DATA_SIZE));
    }
}

/* An address for the memory-map calls: the playground, or outside anything
 * of ours (never our code, stack or data). */
static uint64_t gen_mm_ptr(void)
{
    switch (below(8)) {
    case 0: return 0;
    case 1: return SPACE_TOP - 4096 * below(16);
    case 2: return (uint64_t)0 - 4096 * (1 + below(256));
    case 3: return rnd() | (1ull << 40);
    case 4: return (uint64_t)(PLAY + below(PLAY_SIZE));
    default: return (uint64_t)(PLAY + 4096 * below(PLAY_SIZE / 4096));
    }
}

static uint64_t gen_len(void)
{
    static const uint64_t lens[] = { 0, 1, 4095, 4096, 8192, 65536, 1 << 20, 16 << 20,
                                     1ull << 38, 1ull << 39, 1ull << 63, (uint64_t)-1,
                                     (uint64_t)-4096, 0x7fffffff, 0x80000000 };
    return below(3) ? below(4097) : lens[below(sizeof(lens) / sizeof(lens[0]))];
}

static uint64_t gen_int(void)
{
    switch (below(10)) {
    case 0: return 0;
    case 1: return 1;
    case 2: return (uint64_t)-1;
    case 3: return below(64);
    case 4: return 1ull << below(64);
    case 5: return (uint64_t)(int32_t)rnd();
    case 6: return rnd();
    case 7: return rnd() & 0xffffff;
    case 8: return 0x80000000u;
    default: return below(4096);
    }
}

static int name_is(const Sys *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s->name, *list))
            return 1;
    return 0;
}

/* Calls never made: they reach other processes or the machine, replace or
 * end the program, or change what this harness relies on (its signal
 * dispositions and mask, limits, ids). */
static const char *const never[] = {
    "exit", "exit_group", "execve", "execveat", "clone", "clone3", "vfork", "fork",
    "kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "rt_sigreturn",
    "rt_sigsuspend", "rt_sigaction", "pidfd_send_signal", "pidfd_getfd",
    "process_vm_readv", "process_vm_writev", "process_madvise", "ptrace", "kcmp",
    "setitimer", "timer_create", "timer_settime", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "setuid", "setgid", "setreuid", "setregid", "setresuid",
    "setresgid", "setfsuid", "setfsgid", "setgroups", "capset", "setrlimit", "prlimit64",
    "setpriority", "sched_setparam", "sched_setscheduler", "sched_setaffinity",
    "sched_setattr", "ioprio_set", "mlockall", "sync", "syncfs", "reboot", "setns",
    "unshare", "mount", "umount2", "pivot_root", "chroot", "swapon", "swapoff", "acct",
    "sethostname", "setdomainname", "init_module", "finit_module", "delete_module",
    "kexec_load", "shmget", "shmat", "shmdt", "shmctl", "msgget", "msgsnd", "msgrcv",
    "msgctl", "semget", "semop", "semtimedop", "semctl", "mq_open", "mq_unlink",
    "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_getsetattr", "keyctl", "add_key",
    "request_key", "bpf", "perf_event_open", "fanotify_init", "fanotify_mark", "seccomp",
    "migrate_pages", "move_pages", "set_mempolicy", "mbind", "vhangup", "quotactl",
    "syslog", NULL,
};

/* The argument kinds of peek's -strace formats (user/syscall.h) that
 * point at memory: pointers, buffers, timespecs, argv lists, an int the
 * kernel stores. */
static int kind_is_ptr(char k) { return k && strchr("pPXbtne", k); }

/* Calls that act on the memory map: their addresses are the playground's. */
static const char *const mm_calls[] = {
    "mmap", "munmap", "mprotect", "mremap", "madvise", "msync", "mlock", "munlock",
    "mlock2", "mincore", "remap_file_pages", "pkey_mprotect", NULL,
};

/* Does [a, a+len) touch guest memory outside the playground's zone (the
 * playground and what may be mapped right after it)? */
static int outside_play(uint64_t a, uint64_t len)
{
    uint64_t end = a + len < a ? UINT64_MAX : a + len;
    if (a >= SPACE_TOP || len == 0)
        return 0;
    return a < (uint64_t)PLAY || end > (uint64_t)PLAY + (32u << 20);
}

/* Every argument, by the call's kinds, then the rules that keep a call
 * inside this process and directory. */
static void gen_args(const Sys *s, uint64_t a[6])
{
    int is_mm = name_is(s, mm_calls);
    size_t nargs = strcspn(s->fmt, "=");
    for (int i = 0; i < 6; i++) {
        char k = (size_t)i < nargs ? s->fmt[i] : 0;
        if (k == 'D' || k == 'f')
            a[i] = gen_fd();
        else if (k == 's')
            a[i] = gen_path();
        else if (kind_is_ptr(k))
            a[i] = is_mm && (i == 0 || (i == 4 && !strcmp(s->name, "mremap"))) ? gen_mm_ptr()
                                                                              : gen_ptr();
        else if (k && strchr("udUl", k) && i > 0 && kind_is_ptr(s->fmt[i - 1]))
            a[i] = gen_len();
        else if (is_mm && i == 1)
            a[i] = gen_len();
        else
            a[i] = gen_int();
    }
    if (is_mm && outside_play(a[0], a[1]))
        a[0] = (uint64_t)PLAY;
    if (!strcmp(s->name, "mremap") && outside_play(a[4], a[2]))
        a[4] = (uint64_t)PLAY + PLAY_SIZE;
    if (!strcmp(s->name, "close"))
        a[0] = gen_fd();
    else if (!strcmp(s->name, "close_range")) {
        a[0] = (uint64_t)fd_floor + below(24);
        if ((unsigned)a[1] < (unsigned)fd_floor)
            a[1] = a[0];
    } else if (!strcmp(s->name, "fcntl")) {
        int cmd = (int)a[1];
        if (cmd == F_SETOWN || cmd == F_SETOWN_EX || cmd == F_SETSIG || cmd == F_SETLEASE)
            a[1] = F_GETFD;
    } else if (!strcmp(s->name, "ioctl")) {
        unsigned cmd = (unsigned)a[1];
        /* owner of SIGIO, a terminal's foreground group, fake input */
        if (cmd == 0x8901 || cmd == 0x8902 || cmd == 0x5410 || cmd == 0x5412 ||
            cmd == 0x540e || cmd == 0x5422 || cmd == 0x5452)
            a[1] = 0x541b;
    } else if (!strcmp(s->name, "mknodat")) {
        a[2] = (a[2] & 0777) | (below(2) ? S_IFIFO : S_IFREG);   /* no device nodes */
    } else if (!strcmp(s->name, "socket") || !strcmp(s->name, "socketpair")) {
        a[0] = AF_UNIX;
    } else if (!strcmp(s->name, "mmap")) {
        a[3] &= ~(uint64_t)(MAP_POPULATE | MAP_LOCKED);
    } else if (!strcmp(s->name, "brk")) {
        a[0] = below(3) ? brk_low + below(1u << 20) : gen_ptr();
        if (a[0] && a[0] < brk_low)
            a[0] = brk_low;
    } else if (!strcmp(s->name, "personality")) {
        a[0] = 0xffffffff;    /* only ask: a persona would change peek's own mmaps */
    } else if (!strcmp(s->name, "fallocate")) {
        a[3] &= 0xfffff;      /* no disk or memory filling */
    }
}

static void on_alarm(int sig) { (void)sig; }

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: sysfuzz SEED COUNT [-v]\n");
        return 1;
    }
    static char outbuf[4096];
    setvbuf(stdout, outbuf, _IOLBF, sizeof(outbuf));
    uint64_t seed = strtoull(argv[1], NULL, 0);
    long count = strtol(argv[2], NULL, 0);
    int verbose = argc > 3 && !strcmp(argv[3], "-v");
    rng = seed * 0x2545f4914f6cdd1dull + 1;

    /* Every fd open now is the harness's (stdio, peek's log): never touched. */
    for (int fd = 0; fd < 1024; fd++)
        if (fcntl(fd, F_GETFD) >= 0)
            fd_floor = fd + 1;
    /* Signals that could end us: ignored, but SIGALRM cuts blocking calls. */
    for (int sig = 1; sig < 32; sig++)
        if (sig != SIGKILL && sig != SIGSTOP && sig != SIGSEGV && sig != SIGBUS &&
            sig != SIGILL && sig != SIGFPE && sig != SIGABRT && sig != SIGTRAP)
            signal(sig, SIG_IGN);
    struct sigaction sa = { .sa_handler = on_alarm };
    sigaction(SIGALRM, &sa, NULL);

    map_fixed(DATA, DATA_SIZE);
    map_fixed(PATHBUF, PATHBUF_SIZE);
    map_fixed(PLAY, PLAY_SIZE);
    map_fixed(CANARY1, CANARY_SIZE);
    map_fixed(CANARY2, CANARY_SIZE);
    munmap(map_fixed(HOLE, HOLE_SIZE), HOLE_SIZE);
    for (size_t i = 0; i < CANARY_SIZE; i++)
        CANARY1[i] = CANARY2[i] = canary_byte(i);
    brk_low = (uint64_t)sbrk(0) + (1u << 20);
    if (brk((void *)brk_low) < 0)
        brk_low = (uint64_t)sbrk(0);

    sigset_t none;
    sigemptyset(&none);
    struct itimerval tick = { { 0, 0 }, { 0, 20000 } }, off = { { 0, 0 }, { 0, 0 } };
    static unsigned seen[1024];
    unsigned numbers = 0;
    long made = 0;
    for (long i = 0; i < count; i++) {
        const Sys *s = &table[below(N_TABLE)];
        Sys other = { (int)(500 + below(1000)), "unknown", "xxxxxx" };
        if (!below(40))
            s = &other;
        if (name_is(s, never))
            continue;
        uint64_t a[6];
        refill_data();
        gen_args(s, a);
        if (verbose) {
            printf("%ld %s(%d) %#llx %#llx %#llx %#llx %#llx %#llx\n", i, s->name, s->nr,
                   (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
                   (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5]);
            fflush(stdout);
        }
        sigprocmask(SIG_SETMASK, &none, NULL);
        setitimer(ITIMER_REAL, &tick, NULL);
        syscall(s->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
        setitimer(ITIMER_REAL, &off, NULL);
        made++;
        if (s->nr < 1024 && !seen[s->nr]++)
            numbers++;
        if (!canaries_intact()) {
            printf("sysfuzz: seed %llu: call %ld, %s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx), "
                   "changed a canary\n", (unsigned long long)seed, i, s->name,
                   (unsigned long long)a[0], (unsigned long long)a[1], (unsigned long long)a[2],
                   (unsigned long long)a[3], (unsigned long long)a[4], (unsigned long long)a[5]);
            return 2;
        }
    }
    printf("sysfuzz: seed %llu: %ld calls, %u numbers, canaries intact\n",
           (unsigned long long)seed, made, numbers);
    return 0;
}
