/*
 * /proc/self as the guest should see it. The host's /proc describes peek:
 * its exe is peek, its maps show the emulator, its auxv and cmdline are
 * peek's. We answer for the entries programs commonly read: exe (readlink
 * and open give the guest program), and maps, auxv and cmdline, which are
 * synthesized into a memfd that the guest then reads like a file; and
 * /proc/cpuinfo, which describes the guest's CPU in its format. peek's own
 * descriptors are left out of /proc/self/fd and fdinfo.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/hostfd.h"
#include "exec/image.h"
#include "user/arch.h"
#include "user/syscall.h"

/* If path is /proc/self/<leaf>, /proc/thread-self/<leaf> or /proc/<our
 * pid>/<leaf>, return leaf. */
static const char *self_entry(const char *path)
{
    const char *p;
    if (strncmp(path, "/proc/", 6) != 0)
        return NULL;
    p = path + 6;
    if (strncmp(p, "self/", 5) == 0)
        return p + 5;
    if (strncmp(p, "thread-self/", 12) == 0)
        return p + 12;
    char *end;
    long pid = strtol(p, &end, 10);
    if (end != p && *end == '/' && pid == getpid())
        return end + 1;
    return NULL;
}

const char *procfs_readlink(const char *path)
{
    const char *leaf = self_entry(path);
    return leaf && strcmp(leaf, "exe") == 0 ? guest_image.exec_path : NULL;
}

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

/* /proc/cpuinfo in the guest's format, one entry per host processor. */
static int64_t cpuinfo_open(int flags)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return -ENOMEM;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < (n > 0 ? n : 1); i++)
        user_arch->cpuinfo(f, (int)i);
    fclose(f);
    int64_t r = memfd_with(text, len, flags);
    free(text);
    return r;
}

int64_t procfs_open(const char *path, int flags, bool *handled)
{
    const char *leaf = self_entry(path);
    *handled = false;
    if (!strcmp(path, "/proc/cpuinfo")) {
        *handled = true;
        return (flags & O_ACCMODE) != O_RDONLY ? -EACCES : cpuinfo_open(flags);
    }
    if (!leaf)
        return 0;
    if (strcmp(leaf, "exe") == 0) {
        *handled = true;
        int fd = open(guest_image.exec_path, flags & ~(O_CREAT | O_TRUNC));
        return fd < 0 ? -errno : fd;
    }
    bool maps = strcmp(leaf, "maps") == 0, auxv = strcmp(leaf, "auxv") == 0;
    bool cmdline = strcmp(leaf, "cmdline") == 0;
    if (!maps && !auxv && !cmdline)
        return 0;
    *handled = true;
    if ((flags & O_ACCMODE) != O_RDONLY)
        return -EACCES;
    size_t len;
    if (maps) {
        char *text = mem_maps_text(&len);
        if (!text)
            return -ENOMEM;
        int64_t r = memfd_with(text, len, flags);
        free(text);
        return r;
    }
    const void *data = auxv ? (const void *)user_auxv(&len) : (const void *)user_cmdline(&len);
    return memfd_with(data, len, flags);
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
    char link[32], target[128];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
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
