/*
 * /proc/self as the guest should see it. The host's /proc describes peek:
 * its exe is peek, its maps show the emulator, its auxv and cmdline are
 * peek's. We answer for the entries programs commonly read: exe (readlink
 * and open give the guest program), and maps, auxv and cmdline, which are
 * synthesized into a memfd that the guest then reads like a file; and
 * /proc/cpuinfo, which describes the guest's CPU in its format.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

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
