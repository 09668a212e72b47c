/*
 * /proc as the guest should see it. The host's /proc describes peek: its
 * exe is peek, its maps, stat and auxv show peek's host addresses, its mem
 * is peek's memory. For the guest's own process (and each of its threads)
 * we answer instead: exe is the guest program, mem and pagemap are windows
 * on guest memory and syscall one on a guest thread (procfs-fd.c); maps,
 * smaps, smaps_rollup, numa_maps, stat, statm, auxv and cmdline are
 * synthesized into a memfd that the guest then reads like a file
 * (procfs-gen.c); and map_files, whose names are host addresses, does not
 * exist. /proc/cpuinfo describes the
 * guest's CPU in its format. peek's own descriptors are left out of
 * /proc/self/fd and fdinfo.
 *
 * Which file the guest reached is asked of the host kernel, not of the
 * path's spelling: an open goes to the host as given, then the descriptor
 * it returns is looked at (one fstat). One on a proc mount is named by
 * readlink of /proc/self/fd/N, which resolved self, thread-self, dot-dots,
 * symlinks and the directory fd already; "<pid>/[task/<tid>/]<leaf>" then
 * tells whose entry it is. readlink answers come from the link that an
 * O_PATH descriptor pinned, so a path changed meanwhile cannot slip by.
 * Other processes' entries pass through, except those of other peek
 * processes (a forked guest is one), which get what Linux gives a reader
 * without ptrace access: no mem, maps or the like, a stat without
 * addresses.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "exec/image.h"
#include "user/arch.h"
#include "user/procfs.h"
#include "user/syscall.h"
#include "util/hostfd.h"
#include "util/util.h"

typedef struct ProcMount {
    dev_t dev;
    char *dir;
} ProcMount;

/* Learned once per process (proc_once), read-only afterwards: where proc
 * is mounted (the guest cannot mount), and which file peek's binary is. */
static pthread_once_t proc_once = PTHREAD_ONCE_INIT;
static ProcMount *mounts;
static int n_mounts;
static const char *proc_dir = "/proc";
static struct stat peek_exe;
static bool have_peek_exe;

/* A mount point as /proc/self/mountinfo writes it (\ooo escapes). */
static char *unescape(const char *s)
{
    char *d = xmalloc(strlen(s) + 1), *o = d;
    while (*s) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3]) {
            *o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
            s += 4;
        } else {
            *o++ = *s++;
        }
    }
    *o = 0;
    return d;
}

static void proc_init(void)
{
    have_peek_exe = stat("/proc/self/exe", &peek_exe) == 0;
    FILE *f = fopen("/proc/self/mountinfo", "re");
    char line[4096];
    while (f && fgets(line, sizeof(line), f)) {
        unsigned maj, min;
        char dir[4096], type[64];
        const char *sep = strstr(line, " - ");
        if (!sep || sscanf(line, "%*u %*u %u:%u %*s %4095s", &maj, &min, dir) != 3 ||
            sscanf(sep, " - %63s", type) != 1 || strcmp(type, "proc") != 0)
            continue;
        mounts = xrealloc(mounts, (size_t)(n_mounts + 1) * sizeof(*mounts));
        mounts[n_mounts].dev = makedev(maj, min);
        mounts[n_mounts].dir = unescape(dir);
        if (!strcmp(mounts[n_mounts].dir, "/proc") || n_mounts == 0)
            proc_dir = mounts[n_mounts].dir;
        n_mounts++;
    }
    if (f)
        fclose(f);
}

void procfs_host_path(char *buf, size_t size, const char *rel)
{
    pthread_once(&proc_once, proc_init);
    snprintf(buf, size, "%s/%s", proc_dir, rel);
}

static bool on_proc(dev_t dev)
{
    for (int i = 0; i < n_mounts; i++)
        if (mounts[i].dev == dev)
            return true;
    return false;
}

bool procfs_is_peek_exe(const struct stat *st)
{
    pthread_once(&proc_once, proc_init);
    return have_peek_exe && st->st_dev == peek_exe.st_dev && st->st_ino == peek_exe.st_ino;
}

/* ---- whose entry a descriptor is ---- */

enum { OWNER_OTHER, OWNER_SELF, OWNER_PEEK };

typedef struct ProcRef {
    int owner;         /* OWNER_* */
    int pid, tid;      /* from the path; tid 0 for <pid>/<leaf> */
    char leaf[32];     /* the entry under the process or task directory, or "" */
    bool deeper;       /* the path goes on below leaf */
} ProcRef;

/* Digits at *s up to '/' or the end: the number, *s moved past it; or -1. */
static int path_number(const char **s)
{
    const char *p = *s;
    long v = 0;
    while (*p >= '0' && *p <= '9' && v < (1 << 30))
        v = v * 10 + (*p++ - '0');
    if (p == *s || (*p && *p != '/'))
        return -1;
    *s = p;
    return (int)v;
}

static int owner_of(int pid)
{
    char path[96];
    struct stat st;
    if (pid == getpid())
        return OWNER_SELF;
    snprintf(path, sizeof(path), "%s/self/task/%d", proc_dir, pid);
    if (access(path, F_OK) == 0)
        return OWNER_SELF;
    snprintf(path, sizeof(path), "%s/%d/exe", proc_dir, pid);
    return stat(path, &st) == 0 && procfs_is_peek_exe(&st) ? OWNER_PEEK : OWNER_OTHER;
}

/* Fill r for the descriptor fd (stat st) if it is a per-process entry on a
 * proc mount; false otherwise. */
static bool proc_ref(int fd, const struct stat *st, ProcRef *r)
{
    char link[64], path[4096];
    if (!on_proc(st->st_dev))
        return false;
    snprintf(link, sizeof(link), "%s/self/fd/%d", proc_dir, fd);
    ssize_t n = readlink(link, path, sizeof(path) - 1);
    if (n <= 0)
        return false;
    path[n] = 0;
    const char *rest = NULL;
    for (int i = 0; i < n_mounts && !rest; i++) {
        size_t len = strlen(mounts[i].dir);
        if (!strcmp(mounts[i].dir, "/"))
            len = 0;
        if (mounts[i].dev == st->st_dev && !strncmp(path, mounts[i].dir, len) &&
            path[len] == '/')
            rest = path + len + 1;
    }
    if (!rest || (r->pid = path_number(&rest)) < 0)
        return false;
    r->tid = 0;
    if (!strncmp(rest, "/task/", 6)) {
        const char *t = rest + 6;
        int tid = path_number(&t);
        if (tid >= 0) {
            r->tid = tid;
            rest = t;
        }
    }
    rest += *rest == '/';
    size_t len = strcspn(rest, "/");
    if (len >= sizeof(r->leaf))
        len = sizeof(r->leaf) - 1;
    memcpy(r->leaf, rest, len);
    r->leaf[len] = 0;
    r->deeper = rest[len] == '/' && rest[len + 1];
    r->owner = owner_of(r->pid);
    return true;
}

static bool leaf_is(const ProcRef *r, const char *name)
{
    return !r->deeper && !strcmp(r->leaf, name);
}

/* Entries that show a process's addresses: what Linux keeps from readers
 * without ptrace access, and what we keep of other peek processes. */
static bool leaf_shows_addresses(const ProcRef *r)
{
    static const char *const names[] = {
        "mem", "pagemap", "maps", "smaps", "smaps_rollup", "numa_maps", "syscall",
        "auxv", "stack", "map_files",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(r->leaf, names[i]))
            return true;
    return false;
}

/* ---- answers ---- */

static int64_t memfd_with(const void *data, size_t len, int flags)
{
    int fd = memfd_create("peek-proc", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
    if (fd < 0)
        return -errno;
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n <= 0) {
            int64_t r = n < 0 ? -errno : -EIO;
            close(fd);
            return r;
        }
        p += n;
        len -= (size_t)n;
    }
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* A memfd holding what gen writes, or -errno. */
static int64_t memfd_from(bool (*gen)(FILE *, const void *), const void *arg, int flags)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return -ENOMEM;
    bool ok = gen(f, arg);
    fclose(f);
    int64_t r = ok ? memfd_with(text, len, flags) : -EIO;
    free(text);
    return r;
}

static bool gen_cpuinfo(FILE *f, const void *arg)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < (n > 0 ? n : 1); i++)
        user_arch->cpuinfo(f, (int)i);
    return true;
}

/* The host file behind fd, read whole (malloc'd, NUL-terminated), or NULL. */
static char *read_whole(int fd)
{
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    ssize_t n;
    while ((n = pread(fd, buf + len, cap - len - 1, (off_t)len)) > 0) {
        len += (size_t)n;
        if (cap - len < 2)
            buf = xrealloc(buf, cap *= 2);
    }
    buf[len] = 0;
    return buf;
}

typedef struct GenArgs {
    const ProcRef *ref;
    const char *host_text;
} GenArgs;

static bool gen_entry(FILE *f, const void *arg)
{
    const GenArgs *g = arg;
    size_t len;
    if (!strcmp(g->ref->leaf, "auxv")) {
        const uint64_t *auxv = user_auxv(&len);
        return fwrite(auxv, 1, len, f) == len;
    }
    if (!strcmp(g->ref->leaf, "cmdline")) {
        const char *cmdline = user_cmdline(&len);
        return fwrite(cmdline, 1, len, f) == len;
    }
    if (g->ref->owner == OWNER_PEEK) {
        procfs_gen_stat_hidden(f, g->host_text);
        return true;
    }
    return procfs_gen(f, g->ref->leaf, g->ref->tid, g->host_text);
}

/* Our descriptor for the guest's open of the entry r (host descriptor fd,
 * guest flags), or fd itself when the host's file is the right one, or
 * -errno. */
static int64_t answer_open(int fd, int flags, const ProcRef *r)
{
    static const char *const generated[] = {
        "maps", "smaps", "smaps_rollup", "numa_maps", "stat", "statm", "auxv", "cmdline",
    };
    if (!strcmp(r->leaf, "map_files"))
        return -ENOENT;
    if (r->owner == OWNER_PEEK && !leaf_is(r, "stat"))
        return leaf_shows_addresses(r) ? -EACCES : fd;
    if ((flags & O_PATH) || r->deeper)
        return fd;
    int kind = !strcmp(r->leaf, "mem") ? PROCFS_FD_MEM
               : !strcmp(r->leaf, "pagemap") ? PROCFS_FD_PAGEMAP
               : !strcmp(r->leaf, "syscall") ? PROCFS_FD_SYSCALL : 0;
    if (kind) {
        char self[64];
        snprintf(self, sizeof(self), "%s/self/fd/%d", proc_dir, fd);
        int ph = open(self, O_PATH | (flags & O_CLOEXEC));
        if (ph < 0)
            return -errno;
        procfs_fd_install(fd, kind, flags, r->tid ? r->tid : r->pid);
        return ph;
    }
    for (size_t i = 0; i < sizeof(generated) / sizeof(generated[0]); i++) {
        if (strcmp(r->leaf, generated[i]))
            continue;
        if ((flags & O_ACCMODE) != O_RDONLY)
            return -EACCES;
        char *host = !strcmp(r->leaf, "stat") ? read_whole(fd) : NULL;
        GenArgs g = { r, host };
        int64_t m = memfd_from(gen_entry, &g, flags);
        free(host);
        return m;
    }
    return fd;
}

int64_t procfs_open(const char *path, int flags, bool *handled)
{
    *handled = !strcmp(path, "/proc/cpuinfo");
    if (!*handled)
        return 0;
    return (flags & O_ACCMODE) != O_RDONLY ? -EACCES : memfd_from(gen_cpuinfo, NULL, flags);
}

int64_t procfs_opened(int fd, int flags)
{
    struct stat st;
    ProcRef r;
    int64_t rep = fd;
    if (fd < 0 || fstat(fd, &st) < 0)
        return fd;
    if (procfs_is_peek_exe(&st)) {
        rep = open(guest_image.exec_path, flags & ~(O_CREAT | O_EXCL | O_TRUNC));
        rep = rep < 0 ? -errno : rep;
    } else if (on_proc(st.st_dev) && proc_ref(fd, &st, &r) && r.owner != OWNER_OTHER) {
        rep = answer_open(fd, flags, &r);
    }
    if (rep == fd)
        return fd;
    if (rep >= 0) {
        /* Keep the number the kernel chose for the guest. */
        if (dup3((int)rep, fd, flags & O_CLOEXEC) < 0)
            rep = -errno;
        close((int)rep);
        if (rep >= 0)
            return fd;
    }
    procfs_fd_closed(fd, fd);
    close(fd);
    return rep;
}

const char *procfs_exe_alias(const char *path)
{
    const char *p;
    if (strncmp(path, "/proc/", 6) != 0)
        return NULL;
    p = path + 6;
    if (strncmp(p, "self/", 5) == 0)
        p += 5;
    else if (strncmp(p, "thread-self/", 12) == 0)
        p += 12;
    else if (path_number(&p) != getpid() || *p++ != '/')
        return NULL;
    return strcmp(p, "exe") == 0 ? guest_image.exec_path : NULL;
}

int64_t procfs_readlinkat(int dirfd, const char *path, uint64_t gbuf, size_t size)
{
    char probe;
    if (readlinkat(dirfd, path, &probe, 1) < 0)
        return -errno;
    /* A link: answer from the one an O_PATH descriptor holds still (an
     * empty path is the link dirfd holds). */
    int lfd = *path ? openat(dirfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC)
                    : fcntl(dirfd, F_DUPFD_CLOEXEC, 0);
    if (lfd < 0)
        return -errno;
    struct stat st;
    ProcRef r;
    int64_t ret;
    if (fstat(lfd, &st) == 0 && proc_ref(lfd, &st, &r) && r.owner != OWNER_OTHER &&
        (!strcmp(r.leaf, "map_files") || (r.owner == OWNER_SELF && leaf_is(&r, "exe")))) {
        if (!strcmp(r.leaf, "map_files")) {
            ret = -ENOENT;
        } else {
            size_t n = strlen(guest_image.exec_path);
            ret = (int64_t)(n < size ? n : size);
            if (copy_to_guest(gbuf, guest_image.exec_path, (size_t)ret) < 0)
                ret = -EFAULT;
        }
    } else {
        ret = host_ret(syscall(SYS_readlinkat, lfd, "", guest_kbuf(gbuf, size, true), size));
    }
    close(lfd);
    return ret;
}

int64_t procfs_lookup(int dirfd, const char *path)
{
    /* Only map_files is hidden from lookups: whose names are host
     * addresses, so a lookup that succeeds tells one. */
    if (!strstr(path, "map_files"))
        return 0;
    int fd = openat(dirfd, path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct stat st;
    ProcRef r;
    bool hide = fstat(fd, &st) == 0 && proc_ref(fd, &st, &r) && r.owner != OWNER_OTHER &&
                !strcmp(r.leaf, "map_files");
    close(fd);
    return hide ? -ENOENT : 0;
}

/* ---- peek's own descriptors in fd/ and fdinfo/ ---- */

/* Is s, a decimal name ending at '/' or NUL, one of peek's fds? */
static bool fd_name_ours(const char *s)
{
    long v = 0;
    if (*s < '0' || *s > '9')
        return false;
    for (; *s >= '0' && *s <= '9'; s++)
        if ((v = v * 10 + (*s - '0')) > INT_MAX)
            return false;
    return (*s == '\0' || *s == '/') && hostfd_is_ours((int)v);
}

/* If path is /proc/self/<leaf>, /proc/thread-self/<leaf> or /proc/<pid>/<leaf>
 * for this process or one of its threads, return leaf. */
static const char *self_entry(const char *path)
{
    pthread_once(&proc_once, proc_init);
    size_t len = strlen(proc_dir);
    if (strncmp(path, proc_dir, len) != 0 || path[len] != '/')
        return NULL;
    const char *p = path + len + 1;
    if (strncmp(p, "self/", 5) == 0)
        return p + 5;
    if (strncmp(p, "thread-self/", 12) == 0)
        return p + 12;
    int pid = path_number(&p);
    return pid >= 0 && *p == '/' && owner_of(pid) == OWNER_SELF ? p + 1 : NULL;
}

/* A leaf of self_entry() past any "task/<tid>/": the thread's view. */
static const char *thread_leaf(const char *leaf)
{
    if (strncmp(leaf, "task/", 5) != 0)
        return leaf;
    const char *p = leaf + 5;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > leaf + 5 && *p == '/' ? p + 1 : leaf;
}

bool procfs_hides(const char *path)
{
    if (strncmp(path, "/dev/fd/", 8) == 0)
        return fd_name_ours(path + 8);
    const char *leaf = self_entry(path);
    if (!leaf)
        return false;
    leaf = thread_leaf(leaf);
    if (strncmp(leaf, "fd/", 3) == 0)
        return fd_name_ours(leaf + 3);
    return strncmp(leaf, "fdinfo/", 7) == 0 && fd_name_ours(leaf + 7);
}

/* Is the open directory fd our /proc/<pid>/fd or fdinfo (or a thread's)? */
static bool is_own_fd_dir(int fd)
{
    char link[64], target[128];
    snprintf(link, sizeof(link), "%s/self/fd/%d", proc_dir, fd);
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    if (n <= 0)
        return false;
    target[n] = 0;
    const char *leaf = self_entry(target);
    leaf = leaf ? thread_leaf(leaf) : NULL;
    return leaf && (!strcmp(leaf, "fd") || !strcmp(leaf, "fdinfo"));
}

/* linux_dirent64: u64 ino; s64 off; u16 reclen; u8 type; char name[]. */
#define DIRENT_RECLEN 16
#define DIRENT_NAME 19

size_t procfs_filter_dents(int fd, char *buf, size_t n)
{
    bool any = false;
    for (size_t off = 0, len; off + DIRENT_NAME < n && !any; off += len) {
        len = load_u16(buf + off + DIRENT_RECLEN);
        any = fd_name_ours(buf + off + DIRENT_NAME);
        if (!len)
            return n;
    }
    if (!any || !is_own_fd_dir(fd))
        return n;
    size_t kept = 0;
    for (size_t off = 0, len; off + DIRENT_NAME < n; off += len) {
        len = load_u16(buf + off + DIRENT_RECLEN);
        if (!len)
            break;
        if (!fd_name_ours(buf + off + DIRENT_NAME)) {
            memmove(buf + kept, buf + off, len);
            kept += len;
        }
    }
    return kept;
}
