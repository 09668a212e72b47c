/*
 * -strace: one line per syscall, "PID name(args) = result", as QEMU 7.2's
 * linux-user prints it. The call and its arguments are written (and
 * flushed) before the call runs, so a call that blocks shows while it
 * blocks; " = result" follows when it returns. Calls that never return
 * (format result 'n') get their line ended before running.
 *
 * Each argument is printed by the letter of the syscall's format (see
 * syscall.h): numbers, pointers as QEMU shows them (NULL, 0x%016x), guest
 * strings, and the flag words and constants decoded by name (O_RDONLY,
 * PROT_READ|PROT_WRITE, MAP_PRIVATE, TCGETS, SIGUSR1, ...) in QEMU's order
 * and spelling; bits without a name follow as hex. The open flags are the
 * guest's own values (UserArch.open_flags).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "exec/log.h"
#include "user/arch.h"
#include "user/signal.h"
#include "user/syscall.h"

FILE *user_log(void)
{
    return log_file();
}

typedef struct Name {
    uint64_t value;
    const char *name;
} Name;
#define N(v, name) { v, name }
#define END { 0, NULL }

/* The flag and constant names, asm-generic values (the guests' too, but
 * for the open flags an ABI changes, patched in open_flags()). */
static const Name access_flags[] = { N(0, "F_OK"), N(4, "R_OK"), N(2, "W_OK"), N(1, "X_OK"), END };
static const Name at_flags[] = { N(0x200, "AT_EACCESS"), N(0x100, "AT_SYMLINK_NOFOLLOW"), END };
static const Name unlinkat_flags[] = { N(0x200, "AT_REMOVEDIR"), END };
static const Name open_access[] = { N(0, "O_RDONLY"), N(1, "O_WRONLY"), N(2, "O_RDWR"), END };
static const Name prot_flags[] = {
    N(0, "PROT_NONE"), N(4, "PROT_EXEC"), N(1, "PROT_READ"), N(2, "PROT_WRITE"), N(8, "PROT_SEM"),
    N(0x01000000, "PROT_GROWSDOWN"), N(0x02000000, "PROT_GROWSUP"), END,
};
static const Name mmap_flags[] = {
    N(0x01, "MAP_SHARED"), N(0x02, "MAP_PRIVATE"), N(0x20, "MAP_ANONYMOUS"),
    N(0x0800, "MAP_DENYWRITE"), N(0x10, "MAP_FIXED"), N(0x0100, "MAP_GROWSDOWN"),
    N(0x1000, "MAP_EXECUTABLE"), N(0x2000, "MAP_LOCKED"), N(0x10000, "MAP_NONBLOCK"),
    N(0x4000, "MAP_NORESERVE"), N(0x8000, "MAP_POPULATE"), END,
};
static const Name clone_flags[] = {
    N(0x100, "CLONE_VM"), N(0x200, "CLONE_FS"), N(0x400, "CLONE_FILES"), N(0x800, "CLONE_SIGHAND"),
    N(0x2000, "CLONE_PTRACE"), N(0x4000, "CLONE_VFORK"), N(0x8000, "CLONE_PARENT"),
    N(0x10000, "CLONE_THREAD"), N(0x20000, "CLONE_NEWNS"), N(0x40000, "CLONE_SYSVSEM"),
    N(0x80000, "CLONE_SETTLS"), N(0x100000, "CLONE_PARENT_SETTID"),
    N(0x200000, "CLONE_CHILD_CLEARTID"), N(0x400000, "CLONE_DETACHED"),
    N(0x800000, "CLONE_UNTRACED"), N(0x1000000, "CLONE_CHILD_SETTID"),
    N(0x4000000, "CLONE_NEWUTS"), N(0x8000000, "CLONE_NEWIPC"), N(0x10000000, "CLONE_NEWUSER"),
    N(0x20000000, "CLONE_NEWPID"), N(0x40000000, "CLONE_NEWNET"), N(0x2000000, "CLONE_NEWCGROUP"),
    N(0x80, "CLONE_NEWTIME"), N(0x80000000u, "CLONE_IO"), END,
};
static const Name falloc_flags[] = {
    N(1, "FALLOC_FL_KEEP_SIZE"), N(2, "FALLOC_FL_PUNCH_HOLE"), N(4, "FALLOC_FL_NO_HIDE_STALE"),
    N(8, "FALLOC_FL_COLLAPSE_RANGE"), N(0x10, "FALLOC_FL_ZERO_RANGE"),
    N(0x20, "FALLOC_FL_INSERT_RANGE"), N(0x40, "FALLOC_FL_UNSHARE_RANGE"), END,
};
static const Name mlockall_flags[] = { N(1, "MCL_CURRENT"), N(2, "MCL_FUTURE"), N(4, "MCL_ONFAULT"), END };
static const Name whence[] = {
    N(0, "SEEK_SET"), N(1, "SEEK_CUR"), N(2, "SEEK_END"), N(3, "SEEK_DATA"), N(4, "SEEK_HOLE"), END,
};
static const Name clockids[] = {
    N(0, "CLOCK_REALTIME"), N(1, "CLOCK_MONOTONIC"), N(2, "CLOCK_PROCESS_CPUTIME_ID"),
    N(3, "CLOCK_THREAD_CPUTIME_ID"), N(4, "CLOCK_MONOTONIC_RAW"), N(5, "CLOCK_REALTIME_COARSE"),
    N(6, "CLOCK_MONOTONIC_COARSE"), N(7, "CLOCK_BOOTTIME"), N(8, "CLOCK_REALTIME_ALARM"),
    N(9, "CLOCK_BOOTTIME_ALARM"), N(10, "CLOCK_SGI_CYCLE"), N(11, "CLOCK_TAI"), END,
};
static const Name itimers[] = { N(0, "ITIMER_REAL"), N(1, "ITIMER_VIRTUAL"), N(2, "ITIMER_PROF"), END };
static const Name sigmask_how[] = { N(0, "SIG_BLOCK"), N(1, "SIG_UNBLOCK"), N(2, "SIG_SETMASK"), END };
static const Name madvise_advice[] = {
    N(0, "MADV_NORMAL"), N(1, "MADV_RANDOM"), N(2, "MADV_SEQUENTIAL"), N(3, "MADV_WILLNEED"),
    N(4, "MADV_DONTNEED"), N(8, "MADV_FREE"), N(9, "MADV_REMOVE"), N(10, "MADV_DONTFORK"),
    N(11, "MADV_DOFORK"), N(12, "MADV_MERGEABLE"), N(13, "MADV_UNMERGEABLE"),
    N(14, "MADV_HUGEPAGE"), N(15, "MADV_NOHUGEPAGE"), N(16, "MADV_DONTDUMP"), N(17, "MADV_DODUMP"),
    N(18, "MADV_WIPEONFORK"), N(19, "MADV_KEEPONFORK"), N(20, "MADV_COLD"), N(21, "MADV_PAGEOUT"),
    N(22, "MADV_POPULATE_READ"), N(23, "MADV_POPULATE_WRITE"), N(24, "MADV_DONTNEED_LOCKED"), END,
};
static const char *const futex_ops[] = {
    "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE", "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP",
    "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI", "FUTEX_WAIT_BITSET",
    "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2",
};
/* fcntl's commands and how QEMU prints their argument: 'n' none, 'l'
 * a number, 'p' a pointer, 'o' open flags, 'x' hex. */
static const struct {
    uint32_t cmd;
    const char *name;
    char arg;
} fcntl_cmds[] = {
    { 0, "F_DUPFD", 'l' }, { 1, "F_GETFD", 'n' }, { 2, "F_SETFD", 'l' }, { 3, "F_GETFL", 'n' },
    { 4, "F_SETFL", 'o' }, { 5, "F_GETLK", 'p' }, { 6, "F_SETLK", 'p' }, { 7, "F_SETLKW", 'p' },
    { 8, "F_SETOWN", 'l' }, { 9, "F_GETOWN", 'n' }, { 10, "F_SETSIG", 'l' }, { 11, "F_GETSIG", 'n' },
    { 15, "F_SETOWN_EX", 'p' }, { 16, "F_GETOWN_EX", 'p' }, { 36, "F_OFD_GETLK", 'p' },
    { 37, "F_OFD_SETLK", 'p' }, { 38, "F_OFD_SETLKW", 'p' }, { 1024, "F_SETLEASE", 'l' },
    { 1025, "F_GETLEASE", 'n' }, { 1026, "F_NOTIFY", 'l' }, { 1030, "F_DUPFD_CLOEXEC", 'l' },
    { 1031, "F_SETPIPE_SZ", 'l' }, { 1032, "F_GETPIPE_SZ", 'n' }, { 1033, "F_ADD_SEALS", 'x' },
    { 1034, "F_GET_SEALS", 'n' },
};

/* The asm-generic ioctls QEMU names, with how it prints the argument:
 * 'n' none, 'd' int, 'p' pointer, 'i' the int it points to; and what the
 * kernel writes there that the result line shows ('i' an int, 'w' a
 * winsize), for the ones decoded here. */
static const struct {
    uint32_t nr;
    const char *name;
    char arg, result;
} ioctls[] = {
    { 0x5401, "TCGETS", 'p', 0 }, { 0x5402, "TCSETS", 'p', 0 }, { 0x5403, "TCSETSW", 'p', 0 },
    { 0x5404, "TCSETSF", 'p', 0 }, { 0x5409, "TCSBRK", 'd', 0 }, { 0x540a, "TCXONC", 'd', 0 },
    { 0x540b, "TCFLSH", 'd', 0 }, { 0x540e, "TIOCSCTTY", 'd', 0 }, { 0x540f, "TIOCGPGRP", 'p', 'i' },
    { 0x5410, "TIOCSPGRP", 'i', 0 }, { 0x5411, "TIOCOUTQ", 'p', 'i' },
    { 0x5413, "TIOCGWINSZ", 'p', 'w' }, { 0x5414, "TIOCSWINSZ", 'p', 0 },
    { 0x541b, "FIONREAD", 'p', 'i' }, { 0x5421, "FIONBIO", 'i', 0 }, { 0x5422, "TIOCNOTTY", 'n', 0 },
    { 0x5450, "FIONCLEX", 'n', 0 }, { 0x5451, "FIOCLEX", 'n', 0 }, { 0x5452, "FIOASYNC", 'i', 0 },
    { 0x80045430, "TIOCGPTN", 'p', 'i' }, { 0x40045431, "TIOCSPTLCK", 'i', 0 },
};

/* QEMU's flag printing: each name whose bits are all set, in table order,
 * then what is left in hex; the zero name only for an empty word. */
static void put_flags(FILE *f, const Name *t, uint64_t v)
{
    if (v == 0 && t[0].value == 0 && t[0].name) {
        fputs(t[0].name, f);
        return;
    }
    const char *sep = "";
    int n = 0;
    for (; t->name; t++) {
        if (t->value && (v & t->value) == t->value) {
            fprintf(f, "%s%s", sep, t->name);
            v &= ~t->value;
            sep = "|";
            n++;
        }
    }
    if (!n || v)
        fprintf(f, "%s%#x", sep, (unsigned)v);
}

static void put_enum(FILE *f, const Name *t, uint64_t v)
{
    for (; t->name; t++) {
        if (t->value == v) {
            fputs(t->name, f);
            return;
        }
    }
    fprintf(f, "%#x", (unsigned)v);
}

static void put_pointer(FILE *f, uint64_t v)
{
    if (v)
        fprintf(f, "0x%016" PRIx64, v);
    else
        fputs("NULL", f);
}

static void put_string(FILE *f, uint64_t a)
{
    int64_t n = guest_strnlen(a, 4096);
    if (n < 0 || n >= 4096)
        put_pointer(f, a);
    else
        fprintf(f, "\"%s\"", (const char *)g2h(a));
}

/* The signals by QEMU's names (6 is SIGIOT, 29 SIGIO); the real-time
 * ones by number. */
static void put_signal(FILE *f, uint64_t sig)
{
    static const char *const names[32] = {
        [1] = "HUP", "INT", "QUIT", "ILL", "TRAP", "IOT", "BUS", "FPE", "KILL", "USR1", "SEGV",
        "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
        "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS",
    };
    if (sig < 32 && names[sig])
        fprintf(f, "SIG%s", names[sig]);
    else
        fprintf(f, "%" PRId64, (int64_t)sig);
}

/* The open flags by the guest's values: the access mode, then the rest. */
static void put_open_flags(FILE *f, uint64_t v)
{
    const UserOpenFlags *g = user_arch->open_flags;
    uint32_t dir = g ? g->directory : 0200000, nofollow = g ? g->nofollow : 0400000;
    uint32_t direct = g ? g->direct : 040000, largefile = g ? g->largefile : 0100000;
    const Name t[] = {
        N(02000, "O_APPEND"), N(0100, "O_CREAT"), N(dir, "O_DIRECTORY"), N(0200, "O_EXCL"),
        N(largefile, "O_LARGEFILE"), N(0400, "O_NOCTTY"), N(nofollow, "O_NOFOLLOW"),
        N(04000, "O_NONBLOCK"), N(010000, "O_DSYNC"), N(04000000, "__O_SYNC"), N(01000, "O_TRUNC"),
        N(direct, "O_DIRECT"), N(01000000, "O_NOATIME"), N(02000000, "O_CLOEXEC"),
        N(010000000, "O_PATH"), N(020000000 | dir, "O_TMPFILE"), N(020000000, "__O_TMPFILE"), END,
    };
    put_flags(f, open_access, v & 3);
    if (v & ~3ull) {
        fputc('|', f);
        put_flags(f, t, v & ~3ull);
    }
}

/* A mode: its file type by name (the first whose bits are all set), then
 * the permission bits in octal; 000 for none. */
static void put_mode(FILE *f, uint64_t mode)
{
    static const Name types[] = {
        N(0140000, "S_IFSOCK"), N(0120000, "S_IFLNK"), N(0100000, "S_IFREG"), N(060000, "S_IFBLK"),
        N(040000, "S_IFDIR"), N(020000, "S_IFCHR"), N(010000, "S_IFIFO"), END,
    };
    if (mode == 0) {
        fputs("000", f);
        return;
    }
    const char *sep = "";
    for (const Name *t = types; t->name; t++) {
        if ((mode & t->value) == t->value) {
            fputs(t->name, f);
            sep = "|";
            break;
        }
    }
    mode &= ~0170000ull;
    if (mode)
        fprintf(f, "%s%#o", sep, (unsigned)mode);
}

/* The int at guest address a in format fmt, or the pointer if a cannot be
 * read. */
static void put_pointed_int(FILE *f, uint64_t a, const char *fmt)
{
    int32_t *p = a ? guest_rbuf(a, 4) : NULL;
    if (p)
        fprintf(f, fmt, *p);
    else
        put_pointer(f, a);
}

static void put_timespec(FILE *f, uint64_t a)
{
    int64_t *ts = a ? guest_rbuf(a, 16) : NULL;
    if (!a)
        fputs("NULL", f);
    else if (!ts)
        put_pointer(f, a);
    else
        fprintf(f, "{tv_sec = %" PRId64 ",tv_nsec = %" PRId64 "}", ts[0], ts[1]);
}

static void put_argv(FILE *f, uint64_t a)
{
    fputc('{', f);
    for (;; a += 8) {
        uint64_t *p = guest_rbuf(a, 8);
        if (!p || !*p)
            break;
        if (guest_strnlen(*p, 4096) >= 0)
            fprintf(f, "\"%s\",", (const char *)g2h(*p));
    }
    fputs("NULL}", f);
}

static int ioctl_index(uint64_t req)
{
    for (size_t i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++)
        if (ioctls[i].nr == (uint32_t)req)
            return (int)i;
    return -1;
}

/* The arguments from a[i] on that a letter prints; returns how many it
 * used (the ones that shape the rest print several). */
static int put_arg(FILE *f, char c, const uint64_t *a, int i)
{
    uint64_t v = a[i];
    switch (c) {
    case 'd': case 'D': fprintf(f, "%d", (int)v); break;
    case 'u': fprintf(f, "%u", (unsigned)v); break;
    case 'l': fprintf(f, "%" PRId64, (int64_t)v); break;
    case 'U': fprintf(f, "%" PRIu64, v); break;
    case 'x': fprintf(f, "%#x", (unsigned)v); break;
    case 'X': fprintf(f, "%#" PRIx64, v); break;
    case 'o': fprintf(f, "%#o", (unsigned)v); break;
    case 'p': put_pointer(f, v); break;
    case 'P':
        if (v)
            fprintf(f, "0x%" PRIx64, v);
        else
            fputs("(nil)", f);
        break;
    case 's': put_string(f, v); break;
    case 'f':
        if ((int)v == -100)
            fputs("AT_FDCWD", f);
        else
            fprintf(f, "%d", (int)v);
        break;
    case 'n': put_pointed_int(f, v, "[%d]"); break;
    case 'O':
        put_open_flags(f, v);
        if (v & 0100) {       /* O_CREAT: the mode follows */
            fputc(',', f);
            put_mode(f, a[i + 1]);
        }
        return 2;
    case 'M': put_mode(f, v); break;
    case 'k':               /* mknod: the mode, and the device if it has one */
        put_mode(f, v);
        if (v & 060000) {
            fprintf(f, ",makedev(%u,%u)", major(a[i + 1]), minor(a[i + 1]));
            return 2;
        }
        break;
    case 'R': put_flags(f, prot_flags, v); break;
    case 'F': put_flags(f, mmap_flags, v); break;
    case 'S': put_signal(f, v); break;
    case 'A': put_flags(f, access_flags, v); break;
    case 'T': put_flags(f, at_flags, v); break;
    case 'N': put_flags(f, unlinkat_flags, v); break;
    case 'Z': put_flags(f, falloc_flags, v); break;
    case 'L': put_flags(f, mlockall_flags, v); break;
    case 'W': put_enum(f, whence, v); break;
    case 'K': put_enum(f, clockids, v); break;
    case 'I': put_enum(f, itimers, v); break;
    case 'H': {
        const char *how = "UNKNOWN";
        for (const Name *t = sigmask_how; t->name; t++)
            if (t->value == v)
                how = t->name;
        fputs(how, f);
        break;
    }
    case 'V': put_enum(f, madvise_advice, v); break;
    case 't': put_timespec(f, v); break;
    case 'e': put_argv(f, v); break;
    case 'C': {             /* clone: flags, then the pointers by name */
        const UserArch *ua = user_arch;
        put_flags(f, clone_flags, (uint32_t)v);
        fprintf(f, ",child_stack=0x%016" PRIx64 ",parent_tidptr=0x%016" PRIx64 ",tls=0x%016" PRIx64
                ",child_tidptr=0x%016" PRIx64, a[i + 1], a[ua->clone_ptid], a[ua->clone_tls],
                a[ua->clone_ctid]);
        return 5;
    }
    case 'Q': {             /* futex: op, val, timeout or uaddr2, uaddr2, val3 */
        unsigned base = (unsigned)v & 0x7f;
        if (base < sizeof(futex_ops) / sizeof(futex_ops[0]))
            fprintf(f, "%s%s%s", v & 128 ? "FUTEX_PRIVATE_FLAG|" : "",
                    v & 256 ? "FUTEX_CLOCK_REALTIME|" : "", futex_ops[base]);
        else
            fprintf(f, "0x%x", (unsigned)v);
        fprintf(f, ",%d,", (int)a[i + 1]);
        if (base == 0 || base == 9 || base == 6 || base == 13 || base == 11)
            put_timespec(f, a[i + 2]);
        else
            put_pointer(f, a[i + 2]);
        fputc(',', f);
        put_pointer(f, a[i + 3]);
        fprintf(f, ",%d", (int)a[i + 4]);
        return 5;
    }
    case 'E': {             /* fcntl: the command, and its argument if it has one */
        size_t k = 0, n = sizeof(fcntl_cmds) / sizeof(fcntl_cmds[0]);
        while (k < n && fcntl_cmds[k].cmd != v)
            k++;
        if (k == n) {
            fprintf(f, "%" PRId64 ",", (int64_t)v);
            put_pointer(f, a[i + 1]);
            return 2;
        }
        fputs(fcntl_cmds[k].name, f);
        switch (fcntl_cmds[k].arg) {
        case 'l': fprintf(f, ",%" PRId64, (int64_t)a[i + 1]); break;
        case 'p': fputc(',', f), put_pointer(f, a[i + 1]); break;
        case 'o': fputc(',', f), put_open_flags(f, a[i + 1]); break;
        case 'x': fprintf(f, ",0x%" PRIx64, a[i + 1]); break;
        default: break;
        }
        return 2;
    }
    case 'Y': {             /* ioctl: the request by name, then its argument */
        int k = ioctl_index(v);
        if (k < 0) {
            fprintf(f, "%#x,%#x", (unsigned)v, (unsigned)a[i + 1]);
        } else {
            fputs(ioctls[k].name, f);
            if (ioctls[k].arg == 'd')
                fprintf(f, ",%d", (int)a[i + 1]);
            else if (ioctls[k].arg == 'p')
                fputc(',', f), put_pointer(f, a[i + 1]);
            else if (ioctls[k].arg == 'i')
                fputc(',', f), put_pointed_int(f, a[i + 1], "%d");
        }
        return 2;
    }
    default: fprintf(f, "%#" PRIx64, v); break;
    }
    return 1;
}

/* ioctl's result: what the kernel wrote for the requests decoded here. */
static void put_ioctl_result(FILE *f, const uint64_t *a)
{
    int k = ioctl_index(a[1]);
    if (k < 0 || !ioctls[k].result)
        return;
    if (ioctls[k].result == 'i') {
        int32_t *p = guest_rbuf(a[2], 4);
        if (p)
            fprintf(f, " (%d)", *p);
    } else {
        uint16_t *w = guest_rbuf(a[2], 8);
        if (w)
            fprintf(f, " ({%u,%u,%u,%u})", w[0], w[1], w[2], w[3]);
    }
}

static void put_result(FILE *f, char c, int64_t r, const uint64_t *a)
{
    if (r == SYS_ERESTART || r == SYS_ESIGRETURN)
        fputs(" = ?", f);
    else if (r < 0 && r >= -4095)
        fprintf(f, " = -1 errno=%d (%s)", (int)-r, strerror((int)-r));
    else if (c == 'x')
        fprintf(f, " = 0x%016" PRIx64, (uint64_t)r);
    else {
        fprintf(f, " = %" PRId64, r);
        if (c == 'i')
            put_ioctl_result(f, a);
        if (c == 't' && a[1]) {
            fputs(" (", f);
            put_timespec(f, a[1]);
            fputc(')', f);
        }
    }
    fputc('\n', f);
}

int64_t strace_syscall(CPUState *cpu, int64_t nr, const SyscallDef *d, const uint64_t *a)
{
    char *line = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&line, &size);
    if (!f)
        return syscall_run(cpu, d, a);
    fprintf(f, "%d %s(", getpid(), d->name);
    const char *p = d->fmt;
    for (int i = 0; *p && *p != '=' && i < 6; p++) {
        if (i)
            fputc(',', f);
        i += put_arg(f, *p, a, i);
    }
    fputc(')', f);
    char rc = *p == '=' ? p[1] : 'd';
    if (rc == 'n')
        fputc('\n', f);
    fclose(f);
    FILE *log = user_log();
    fputs(line, log);
    fflush(log);
    free(line);
    if (rc == 'n')
        return syscall_run(cpu, d, a);
    int64_t r = syscall_run(cpu, d, a);
    line = NULL;
    f = open_memstream(&line, &size);
    if (!f)
        return r;
    put_result(f, rc, r, a);
    fclose(f);
    fputs(line, log);
    free(line);
    return r;
}

/* "--- SIGSEGV {si_signo=SIGSEGV, si_code=1, si_addr=NULL} ---": the
 * siginfo by its kind, as QEMU tells the kinds apart (a fault, a sender,
 * a child, anything else queued with a value). */
void strace_signal(int sig, const UserSiginfo *info, bool fault)
{
    static const Name si_codes[] = {
        N(0, "SI_USER"), N(0x80, "SI_KERNEL"), N((uint32_t)-1, "SI_QUEUE"), N((uint32_t)-2, "SI_TIMER"),
        N((uint32_t)-3, "SI_MESGQ"), N((uint32_t)-4, "SI_ASYNCIO"), N((uint32_t)-5, "SI_SIGIO"),
        N((uint32_t)-6, "SI_TKILL"), END,
    };
    char *line = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&line, &size);
    if (!f)
        return;
    fputs("--- ", f);
    put_signal(f, (uint64_t)sig);
    fputs(" {si_signo=", f);
    put_signal(f, (uint64_t)sig);
    fputs(", si_code=", f);
    const Name *t = si_codes;
    while (t->name && t->value != (uint32_t)info->code)
        t++;
    if (t->name)
        fputs(t->name, f);
    else
        fprintf(f, "%d", info->code);
    int code = info->code;
    if (fault) {
        fputs(", si_addr=", f);
        put_pointer(f, info->u.fault.addr);
    } else if (code == 0 || code == -6 || code == 0x80) {
        fprintf(f, ", si_pid=%u, si_uid=%u", (unsigned)info->u.kill.pid, info->u.kill.uid);
    } else if (sig == 17) {   /* SIGCHLD: pid, uid, status, utime, stime */
        int32_t status;
        int64_t utime, stime;
        memcpy(&status, info->u.raw + 8, 4);
        memcpy(&utime, info->u.raw + 16, 8);
        memcpy(&stime, info->u.raw + 24, 8);
        fprintf(f, ", si_pid=%u, si_uid=%u, si_status=%d, si_utime=%" PRId64 ", si_stime=%" PRId64,
                (unsigned)info->u.kill.pid, info->u.kill.uid, status, utime, stime);
    } else {
        fprintf(f, ", si_pid=%u, si_uid=%u, si_sigval=%" PRId64, (unsigned)info->u.kill.pid,
                info->u.kill.uid, (int64_t)info->u.kill.value);
    }
    fputs("} ---\n", f);
    fclose(f);
    fputs(line, user_log());
    free(line);
}
