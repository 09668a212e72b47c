/* /proc/self as an attacker reads it: every spelling of the process's and
 * its threads' entries (self, <pid>, thread-self, task/<tid>, a thread's
 * tid as a pid, dot and dot-dot, doubled slashes, a directory fd, the
 * current directory, a symlink, a reopened O_PATH descriptor) must show
 * this process's own address space only, and /proc/self/mem must act on
 * its memory as ptrace does. Output is the same natively and under peek:
 * natively every address is the process's own and mem is the kernel's.
 *   - maps, smaps, numa_maps, map_files name only ranges of /proc/self/maps;
 *     stat, syscall and auxv only addresses inside them; smaps_rollup
 *     spans them; smaps, smaps_rollup and statm count a known buffer right;
 *   - mem reads what memory holds, writes change it, also on read-only and
 *     PROT_NONE private pages (FOLL_FORCE), not on read-only shared ones;
 *     a write over a function changes what it runs; an address outside
 *     every mapping is EIO; offsets, lseek, dup and readv/writev behave;
 *   - pagemap: a touched page present, a hole empty (and, in an emulator,
 *     no frame numbers);
 *   - a forked child's maps and stat name only our ranges too (its layout is
 *     ours), or are refused (EACCES), and its mem is ours or refused;
 *   - a write over any executable range that is not ours (which would be
 *     the emulator's) is tried, so a leak there kills the run.
 * Exits with status 42. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(name, c) printf("%-44s %s\n", name, (c) ? "ok" : "FAILED")

static long page;
static char text[1 << 20], ref[1 << 20];

/* ---- the reference: /proc/self/maps ---- */

static struct { uint64_t s, e; char line[160]; } maps[512];
static int n_maps;

static ssize_t slurp_at(int dirfd, const char *path, char *buf, size_t size)
{
    int fd = openat(dirfd, path, O_RDONLY);
    ssize_t n = 0, r;
    if (fd < 0)
        return -1;
    while ((r = read(fd, buf + n, size - 1 - n)) > 0)
        n += r;
    close(fd);
    buf[n] = 0;
    return n;
}

static void load_maps(void)
{
    slurp_at(AT_FDCWD, "/proc/self/maps", ref, sizeof(ref));
    n_maps = 0;
    for (char *l = ref; *l && n_maps < 512; l = strchr(l, '\n') + 1) {
        size_t len = strcspn(l, "\n");
        sscanf(l, "%lx-%lx", &maps[n_maps].s, &maps[n_maps].e);
        snprintf(maps[n_maps].line, sizeof(maps[0].line), "%.*s", (int)len, l);
        n_maps++;
        if (!l[len])
            break;
    }
}

static int mapped(uint64_t a)
{
    for (int i = 0; i < n_maps; i++)
        if (a >= maps[i].s && a <= maps[i].e)
            return 1;
    return 0;
}

static int is_range(uint64_t s, uint64_t e)
{
    for (int i = 0; i < n_maps; i++)
        if (maps[i].s == s && maps[i].e == e)
            return 1;
    return 0;
}

/* ---- checks of each file's text ---- */

static int foreign;        /* ranges named that are not in maps */
static uint64_t foreign_exec[64][2];
static int n_foreign_exec;

static void note_foreign(uint64_t s, uint64_t e, const char *perms)
{
    foreign++;
    if (perms && perms[2] == 'x' && n_foreign_exec < 64) {
        foreign_exec[n_foreign_exec][0] = s;
        foreign_exec[n_foreign_exec++][1] = e;
    }
}

/* maps and smaps: every header a range of maps. */
static int ranges_ok(const char *t)
{
    int ok = 1;
    for (const char *l = t; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0)) {
        uint64_t s, e;
        char perms[8], c;
        if (sscanf(l, "%lx-%lx %7s%c", &s, &e, perms, &c) == 4 && c == ' ' && !is_range(s, e)) {
            note_foreign(s, e, perms);
            ok = 0;
        }
    }
    return ok;
}

static int numa_ok(const char *t)
{
    int ok = 1;
    for (const char *l = t; *l; l += strcspn(l, "\n") + (l[strcspn(l, "\n")] != 0)) {
        uint64_t s;
        int found = 0;
        if (sscanf(l, "%lx", &s) != 1)
            continue;
        for (int i = 0; i < n_maps; i++)
            found |= maps[i].s == s;
        ok &= found;
        if (!found)
            note_foreign(s, s + 1, NULL);
    }
    return ok;
}

static uint64_t stat_field(const char *t, int field)
{
    const char *p = strrchr(t, ')');
    if (!p)
        return ~0ull;
    for (int f = 2; f < field && p; f++)
        p = strchr(p + 1, ' ');
    return p ? strtoull(p + 1, NULL, 10) : ~0ull;
}

/* stat: the layout fields are zero or inside a mapping (startcode and
 * endcode are 1 where Linux hides them). */
static int stat_ok(const char *t)
{
    static const int fields[] = { 26, 27, 28, 29, 30, 45, 46, 47, 48, 49, 50, 51 };
    int ok = strrchr(t, ')') != NULL;
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        uint64_t v = stat_field(t, fields[i]);
        if (v > 1 && !mapped(v)) {
            note_foreign(v, v + 1, NULL);
            ok = 0;
        }
    }
    return ok;
}

/* syscall: "running", or number, six arguments, sp and pc, the last two ours. */
static int syscall_ok(const char *t)
{
    uint64_t v[9];
    long nr;
    if (!strncmp(t, "running", 7))
        return 1;
    if (sscanf(t, "%ld %lx %lx %lx %lx %lx %lx %lx %lx", &nr, &v[0], &v[1], &v[2], &v[3],
               &v[4], &v[5], &v[6], &v[7]) != 9)
        return 0;
    return mapped(v[6]) && mapped(v[7]);
}

static int auxv_ok(const char *t, ssize_t n)
{
    static const unsigned long ptrs[] = { AT_PHDR, AT_BASE, AT_ENTRY, AT_RANDOM, AT_EXECFN,
                                          AT_PLATFORM, AT_SYSINFO_EHDR };
    int ok = n > 0 && n % 16 == 0;
    for (const unsigned long *a = (const unsigned long *)t; ok && (const char *)a < t + n; a += 2)
        for (size_t i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++)
            if (a[0] == ptrs[i] && a[1] && !mapped(a[1])) {
                note_foreign(a[1], a[1] + 1, NULL);
                ok = 0;
            }
    return ok;
}

/* smaps_rollup: its header spans maps, first start to last end (of the
 * process's own mappings: x86-64's [vsyscall] page is not one). */
static int rollup_ok(const char *t)
{
    uint64_t s, e;
    int last = n_maps - 1;
    while (last > 0 && strstr(maps[last].line, "[vsyscall]"))
        last--;
    return sscanf(t, "%lx-%lx", &s, &e) == 2 && n_maps && s == maps[0].s &&
           e == maps[last].e && strstr(t, "[rollup]") && strstr(t, "\nRss:");
}

/* map_files: each name a range of maps. */
static int map_files_ok(int dirfd, const char *dir)
{
    int fd = openat(dirfd, dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return 1;
    DIR *d = fdopendir(fd);
    struct dirent *de;
    int ok = 1;
    while (d && (de = readdir(d))) {
        uint64_t s, e;
        if (sscanf(de->d_name, "%lx-%lx", &s, &e) == 2 && !is_range(s, e)) {
            note_foreign(s, e, NULL);
            ok = 0;
        }
    }
    if (d)
        closedir(d);
    return ok;
}

static const char *const leaves[] = {
    "maps", "smaps", "numa_maps", "stat", "syscall", "auxv", "smaps_rollup", "statm",
};

static int file_ok(const char *leaf, const char *t, ssize_t n)
{
    if (n < 0)
        return 0;
    if (!strcmp(leaf, "maps") || !strcmp(leaf, "smaps"))
        return ranges_ok(t);
    if (!strcmp(leaf, "numa_maps"))
        return numa_ok(t);
    if (!strcmp(leaf, "stat"))
        return stat_ok(t);
    if (!strcmp(leaf, "syscall"))
        return syscall_ok(t);
    if (!strcmp(leaf, "auxv"))
        return auxv_ok(t, n);
    if (!strcmp(leaf, "smaps_rollup"))
        return rollup_ok(t);
    unsigned long v[7];
    return sscanf(t, "%lu %lu %lu %lu %lu %lu %lu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                  &v[6]) == 7;
}

/* Every entry through the directory prefix (dirfd-relative when dirfd is
 * not AT_FDCWD); returns how many were wrong. */
static int route(int dirfd, const char *prefix)
{
    char path[256];
    int bad = 0;
    for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
        snprintf(path, sizeof(path), "%s%s", prefix, leaves[i]);
        ssize_t n = slurp_at(dirfd, path, text, sizeof(text));
        load_maps();
        if (!file_ok(leaves[i], text, n)) {
            fprintf(stderr, "route %s: wrong\n", path);
            bad++;
        }
    }
    snprintf(path, sizeof(path), "%smap_files", prefix);
    load_maps();
    bad += !map_files_ok(dirfd, path);
    return bad;
}

/* ---- a second thread, blocked in read ---- */

static int pipefd[2];
static char tbuf[32];
static volatile pid_t tid2;

static void *blocked(void *arg)
{
    tid2 = (pid_t)syscall(SYS_gettid);
    return (void *)(intptr_t)read(pipefd[0], tbuf, sizeof(tbuf));
}

/* ---- mem ---- */

static char marker[64] = "peek procmem marker";

__attribute__((noinline, aligned(64))) static int one(void) { return 1; }
__attribute__((noinline, aligned(64))) static int two(void) { return 2; }
static int (*volatile call_one)(void) = one;

/* Open mem through path (or dirfd-relative) and read the marker back. */
static int mem_route(int dirfd, const char *path)
{
    char got[sizeof(marker)];
    int fd = openat(dirfd, path, O_RDWR);
    if (fd < 0)
        return 0;
    int ok = pread(fd, got, sizeof(got), (off_t)(uintptr_t)marker) == sizeof(got) &&
             !memcmp(got, marker, sizeof(got));
    char c = (char)(marker[1] ^ 0x20);
    ok &= pwrite(fd, &c, 1, (off_t)(uintptr_t)(marker + 1)) == 1 && marker[1] == c;
    marker[1] ^= 0x20;
    close(fd);
    return ok;
}

static int eio_at(int fd, uint64_t a)
{
    char b[8];
    errno = 0;
    return pread(fd, b, sizeof(b), (off_t)a) < 0 && errno == EIO;
}

int main(int argc, char **argv, char **envp)
{
    char path[256];
    pid_t pid = getpid(), tid = (pid_t)syscall(SYS_gettid);
    page = sysconf(_SC_PAGESIZE);
    setvbuf(stdout, NULL, _IOLBF, 0);
    pipe(pipefd);
    pthread_t th;
    pthread_create(&th, NULL, blocked, NULL);
    while (!tid2)
        usleep(1000);

    /* Every spelling of the entries. */
    int bad = 0;
    const char *fixed[] = { "/proc/self/", "/proc/thread-self/", "/proc/./self//",
                            "/proc/self/../self/", "/proc/self/task/../" };
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        bad += route(AT_FDCWD, fixed[i]);
    const char *forms[] = { "/proc/%d/", "/proc/self/task/%d/", "/proc/%d/task/%d/" };
    pid_t ids[] = { pid, tid, tid2 };
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), forms[0], ids[i]);
        bad += route(AT_FDCWD, path);
        snprintf(path, sizeof(path), forms[1], ids[i]);
        bad += route(AT_FDCWD, path);
        snprintf(path, sizeof(path), forms[2], pid, ids[i]);
        bad += route(AT_FDCWD, path);
    }
    int procfd = open("/proc", O_RDONLY | O_DIRECTORY);
    int selffd = open("/proc/self", O_RDONLY | O_DIRECTORY);
    int opathfd = open("/proc/self", O_PATH | O_DIRECTORY);
    bad += route(procfd, "self/") + route(selffd, "") + route(opathfd, "");
    snprintf(path, sizeof(path), "/tmp/peek-procmem-%d", pid);
    unlink(path);
    symlink("/proc/self", path);
    char via_link[300];
    snprintf(via_link, sizeof(via_link), "%s/", path);
    bad += route(AT_FDCWD, via_link);
    char cwd[4096];
    getcwd(cwd, sizeof(cwd));
    chdir("/proc/self");
    bad += route(AT_FDCWD, "");
    chdir(cwd);
    CHECK("every route shows our own addresses", bad == 0);

    /* A forked child: its entries show our layout, or nothing. */
    int cpipe[2];
    pipe(cpipe);
    pid_t child = fork();
    if (child == 0) {
        char c;
        read(cpipe[0], &c, 1);
        _exit(0);
    }
    load_maps();
    snprintf(path, sizeof(path), "/proc/%d/maps", child);
    ssize_t cn = slurp_at(AT_FDCWD, path, text, sizeof(text));
    int child_ok = cn < 0 ? errno == EACCES : ranges_ok(text);
    snprintf(path, sizeof(path), "/proc/%d/stat", child);
    child_ok &= slurp_at(AT_FDCWD, path, text, sizeof(text)) > 0 && stat_ok(text);
    snprintf(path, sizeof(path), "/proc/%d/mem", child);
    int cfd = open(path, O_RDONLY);
    char cgot[sizeof(marker)];
    child_ok &= cfd < 0 ? errno == EACCES
                        : pread(cfd, cgot, sizeof(cgot), (off_t)(uintptr_t)marker) == sizeof(cgot) &&
                              !memcmp(cgot, marker, sizeof(cgot));
    if (cfd >= 0)
        close(cfd);
    write(cpipe[1], "x", 1);
    waitpid(child, NULL, 0);
    CHECK("a forked child shows our layout or nothing", child_ok);
    CHECK("no range of another address space named", foreign == 0);

    /* map_files of an entry named by a range that is not ours. */
    load_maps();
    int peeked = 0;
    for (int i = 0; i < n_foreign_exec; i++) {
        snprintf(via_link, sizeof(via_link), "/proc/self/map_files/%lx-%lx",
                 foreign_exec[i][0], foreign_exec[i][1]);
        peeked |= readlink(via_link, text, 100) > 0;
    }
    CHECK("no map_files link to another's range", !peeked);

    /* The thread blocked in read: its syscall entry names the call (also
     * with its tid as a pid). */
    long nr = -1;
    uint64_t a0 = 0, a1 = 0, a2 = 0;
    int blocked_ok = 1;
    for (int form = 0; form < 2; form++) {
        snprintf(path, sizeof(path), form ? "/proc/%d/syscall" : "/proc/self/task/%d/syscall", tid2);
        nr = -1;
        for (int tries = 0; tries < 2000 && nr != SYS_read; tries++) {
            if (slurp_at(AT_FDCWD, path, text, sizeof(text)) > 0)
                sscanf(text, "%ld %lx %lx %lx", &nr, &a0, &a1, &a2);
            if (nr != SYS_read)
                usleep(1000);
        }
        blocked_ok &= nr == SYS_read && a0 == (uint64_t)pipefd[0] && a1 == (uintptr_t)tbuf &&
                      a2 == sizeof(tbuf);
    }
    CHECK("a blocked thread's syscall: read(fd, buf, n)", blocked_ok);
    /* Our own: the read that reads it (a descriptor kept open across reads). */
    int sfd = open("/proc/thread-self/syscall", O_RDONLY);
    ssize_t sn = read(sfd, text, 200);
    text[sn > 0 ? sn : 0] = 0;
    sscanf(text, "%ld %lx %lx %lx", &nr, &a0, &a1, &a2);
    load_maps();
    CHECK("our own syscall: this read", nr == SYS_read && a0 == (uint64_t)sfd &&
          a1 == (uintptr_t)text && a2 == 200 && syscall_ok(text));
    close(sfd);

    /* stat: code, stack and the argument strings where they are. */
    slurp_at(AT_FDCWD, "/proc/self/stat", text, sizeof(text));
    uint64_t sc = stat_field(text, 26), ec = stat_field(text, 27);
    uint64_t argstart = stat_field(text, 48), envstart = stat_field(text, 50);
    CHECK("stat: main inside startcode..endcode",
          sc <= (uintptr_t)main && (uintptr_t)main < ec);
    CHECK("stat: arg_start is argv[0], env_start envp[0]",
          argstart == (uintptr_t)argv[0] && (!envp[0] || envstart == (uintptr_t)envp[0]));
    CHECK("stat: startstack holds argc", *(long *)(uintptr_t)stat_field(text, 28) == argc);

    /* A known buffer: 64 pages between two holes, 10 of them touched. */
    char *area = mmap(NULL, 66 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(area, page);
    munmap(area + 65 * page, page);
    area += page;
    for (int i = 0; i < 10; i++)
        area[i * page] = 1;
    slurp_at(AT_FDCWD, "/proc/self/smaps", text, sizeof(text));
    snprintf(path, sizeof(path), "%lx-%lx ", (unsigned long)(uintptr_t)area,
             (unsigned long)(uintptr_t)(area + 64 * page));
    char *entry = strstr(text, path);
    long rss = -1, anon = -1, dirty = -1, size = -1;
    if (entry) {
        char *p;
        if ((p = strstr(entry, "\nSize:")))
            size = strtol(p + 6, NULL, 10);
        if ((p = strstr(entry, "\nRss:")))
            rss = strtol(p + 5, NULL, 10);
        if ((p = strstr(entry, "\nAnonymous:")))
            anon = strtol(p + 11, NULL, 10);
        if ((p = strstr(entry, "\nPrivate_Dirty:")))
            dirty = strtol(p + 15, NULL, 10);
    }
    long kb = page / 1024;
    CHECK("smaps: the buffer's Size, Rss, Anonymous, Dirty",
          size == 64 * kb && rss == 10 * kb && anon == 10 * kb && dirty == 10 * kb);
    char *vmf = entry ? strstr(entry, "\nVmFlags: rd wr ") : NULL;
    CHECK("smaps: the buffer's VmFlags start rd wr", vmf != NULL);
    /* The keys of an entry, and of the rollup, are the kernel's. */
    if (entry) {
        char *end = strstr(entry, "VmFlags:");
        printf("smaps keys:");
        for (char *l = strchr(entry, '\n') + 1; l && l < end; l = strchr(l, '\n') + 1)
            printf(" %.*s", (int)(strchr(l, ':') - l), l);
        printf("\n");
    }
    slurp_at(AT_FDCWD, "/proc/self/smaps_rollup", text, sizeof(text));
    printf("smaps_rollup keys:");
    for (char *l = strchr(text, '\n'); l && l[1]; l = strchr(l + 1, '\n'))
        printf(" %.*s", (int)(strchr(l + 1, ':') - l - 1), l + 1);
    printf("\n");
    slurp_at(AT_FDCWD, "/proc/self/statm", text, sizeof(text));
    unsigned long st_size, st_res;
    load_maps();
    uint64_t total = 0;
    for (int i = 0; i < n_maps; i++)
        if (!strstr(maps[i].line, "[vsyscall]"))
            total += maps[i].e - maps[i].s;
    CHECK("statm: size is the sum of maps",
          sscanf(text, "%lu %lu", &st_size, &st_res) == 2 && st_size * page == total &&
          st_res >= 10);

    /* mem through every spelling. */
    int mbad = 0;
    const char *mem_paths[] = { "/proc/self/mem", "/proc/thread-self/mem", "/proc/./self//mem",
                                "/proc/self/../self/mem" };
    for (size_t i = 0; i < sizeof(mem_paths) / sizeof(mem_paths[0]); i++)
        mbad += !mem_route(AT_FDCWD, mem_paths[i]);
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof(path), "/proc/%d/mem", ids[i]);
        mbad += !mem_route(AT_FDCWD, path);
        snprintf(path, sizeof(path), "/proc/self/task/%d/mem", ids[i]);
        mbad += !mem_route(AT_FDCWD, path);
        snprintf(path, sizeof(path), "/proc/%d/task/%d/mem", pid, ids[i]);
        mbad += !mem_route(AT_FDCWD, path);
    }
    mbad += !mem_route(procfd, "self/mem") + !mem_route(selffd, "mem");
    mbad += !mem_route(opathfd, "mem");
    snprintf(path, sizeof(path), "/tmp/peek-procmem-%d/mem", pid);
    mbad += !mem_route(AT_FDCWD, path);
    chdir("/proc/self");
    mbad += !mem_route(AT_FDCWD, "mem");
    chdir(cwd);
    int pathfd = open("/proc/self/mem", O_PATH);
    snprintf(path, sizeof(path), "/proc/self/fd/%d", pathfd);
    mbad += !mem_route(AT_FDCWD, path);
    close(pathfd);
    snprintf(path, sizeof(path), "/tmp/peek-procmem-%d", pid);
    unlink(path);
    CHECK("mem: every route reads and writes our memory", mbad == 0);

    int fd = open("/proc/self/mem", O_RDWR);
    char got[16];
    /* The file position, lseek, dup and the vectored forms. */
    CHECK("mem: lseek to an address, read there",
          lseek(fd, (off_t)(uintptr_t)marker, SEEK_SET) == (off_t)(uintptr_t)marker &&
          read(fd, got, 4) == 4 && !memcmp(got, marker, 4) &&
          lseek(fd, 0, SEEK_CUR) == (off_t)(uintptr_t)(marker + 4));
    int fd2 = dup(fd);
    CHECK("mem: a dup shares the position",
          read(fd2, got, 4) == 4 && !memcmp(got, marker + 4, 4) &&
          lseek(fd, 0, SEEK_CUR) == (off_t)(uintptr_t)(marker + 8));
    close(fd2);
    char v1[3], v2[5];
    struct iovec iov[2] = { { v1, 3 }, { v2, 5 } };
    CHECK("mem: preadv", preadv(fd, iov, 2, (off_t)(uintptr_t)marker) == 8 &&
          !memcmp(v1, marker, 3) && !memcmp(v2, marker + 3, 5));
    CHECK("mem: F_GETFL is O_RDWR", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    CHECK("mem: SEEK_END is EINVAL", lseek(fd, 0, SEEK_END) < 0 && errno == EINVAL);

    /* Protections: ptrace-style access. */
    char *ro = mmap(NULL, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK("mem: write to a read-only private page",
          pwrite(fd, "xyz", 3, (off_t)(uintptr_t)ro) == 3 && !memcmp(ro, "xyz", 3));
    char *none = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(none, "hidden");
    mprotect(none, page, PROT_NONE);
    CHECK("mem: read of a PROT_NONE page",
          pread(fd, got, 7, (off_t)(uintptr_t)none) == 7 && !strcmp(got, "hidden"));
    int mfd = memfd_create("procmem", 0);
    ftruncate(mfd, page);
    char *shared = mmap(NULL, page, PROT_READ, MAP_SHARED, mfd, 0);
    errno = 0;
    CHECK("mem: write to a read-only shared page is EIO",
          pwrite(fd, "xyz", 3, (off_t)(uintptr_t)shared) < 0 && errno == EIO && shared[0] == 0);
    char *two_pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(two_pages + page, page);
    CHECK("mem: a read across the end stops there",
          pread(fd, got, 8, (off_t)(uintptr_t)(two_pages + page - 4)) == 4);
    load_maps();
    uint64_t far[] = { (uintptr_t)(two_pages + page), 1ull << 46, 1ull << 40, 0x1000,
                       0x7f0000000000ull, 0x555555554000ull };
    int eio = 1;
    for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++)
        if (!mapped(far[i]))
            eio &= eio_at(fd, far[i]);
    CHECK("mem: outside every mapping is EIO", eio);
    CHECK("mem: a negative pread offset is EINVAL", pread(fd, got, 1, -4096) < 0 && errno == EINVAL);

    /* Code: what one() runs after mem wrote two() over it. */
    int before = call_one();
    char code[32];
    int wrote = pread(fd, code, sizeof(code), (off_t)(uintptr_t)two) == sizeof(code) &&
                pwrite(fd, code, sizeof(code), (off_t)(uintptr_t)one) == sizeof(code);
    CHECK("mem: a write over a function changes what it runs",
          before == 1 && wrote && call_one() == 2);

    /* pagemap: a touched page present, a hole empty. */
    int pm = open("/proc/self/pagemap", O_RDONLY);
    uint64_t e_touched = 0, e_hole = ~0ull;
    pread(pm, &e_touched, 8, (off_t)((uintptr_t)area / page * 8));
    pread(pm, &e_hole, 8, (off_t)((uintptr_t)(two_pages + page) / page * 8));
    CHECK("pagemap: touched page present, hole empty", (e_touched >> 63) == 1 && e_hole == 0);
    CHECK("pagemap: an odd length is EINVAL", pread(pm, got, 4, 0) < 0 && errno == EINVAL);
#if !defined(__x86_64__)
    /* Under an emulator the frame numbers are the host's business. */
    CHECK("pagemap: no frame number", (e_touched & ((1ull << 55) - 1)) == 0);
#else
    CHECK("pagemap: no frame number", 1);
#endif
    close(pm);

    /* The attack: write a breakpoint-ish pattern over every executable
     * range some file named that is not ours. */
    char junk[64];
    memset(junk, 0xcc, sizeof(junk));
    int hit = 0;
    for (int i = 0; i < n_foreign_exec; i++)
        hit += pwrite(fd, junk, sizeof(junk), (off_t)foreign_exec[i][0]) > 0;
    CHECK("no write reached a range that is not ours", hit == 0);
    close(fd);

    write(pipefd[1], "x", 1);
    pthread_join(th, NULL);
    return 42;
}
