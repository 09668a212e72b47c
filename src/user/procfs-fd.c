/*
 * /proc/self/mem and /proc/self/pagemap as the guest's: descriptors whose
 * offsets are guest addresses; and /proc/self/syscall, whose text must
 * describe the read that reads it, not the open. The guest's fd is a host O_PATH descriptor
 * of the real /proc file (so fstat, readlink of /proc/self/fd/N and
 * close-on-exec behave), which the host refuses to read or write with
 * EBADF; the read/write/lseek/fcntl handlers come here on that EBADF, and
 * a table from fd to open file supplies the position and access mode.
 * Anything the syscall layer does not route here fails with EBADF instead
 * of reaching peek's memory.
 *
 * mem works like ptrace access: any mapped guest page can be read, and a
 * private one written even where the guest may not write (Linux's
 * FOLL_FORCE); translated code of written pages is dropped. The access
 * itself goes through peek's own /proc/self/mem, which gives exactly the
 * kernel's rules (COW of read-only private pages, EIO on read-only shared
 * ones), clipped here to mapped guest pages: everything else is EIO.
 * pagemap gives the host's entry of each mapped guest page with the frame
 * number cleared, and zeros elsewhere.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "user/procfs.h"
#include "user/syscall.h"
#include "util/util.h"

typedef struct ProcFile {
    int refs;                 /* guest fds sharing it (dup) */
    int kind;                 /* PROCFS_FD_* */
    int flags;                /* the guest's open flags (host values) */
    int tid;                  /* whose syscall file */
    uint64_t pos;
    dev_t dev;                /* the placeholder's identity, to notice an fd */
    ino_t ino;                /* that was closed behind our back */
} ProcFile;

/* The guest's descriptor table is the process's, so this is one per
 * process: files[fd] for each of our descriptors, under files_lock. n_live
 * (also read without the lock) lets close and dup skip the table while no
 * such descriptor exists, which is almost always. */
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static ProcFile **files;
static int n_files;
static int n_live;

static void files_prefork(void) { pthread_mutex_lock(&files_lock); }
static void files_postfork(void) { pthread_mutex_unlock(&files_lock); }
static pthread_once_t files_once = PTHREAD_ONCE_INIT;
static void files_init(void) { pthread_atfork(files_prefork, files_postfork, files_postfork); }

static void put__locked(int fd, ProcFile *f)
{
    if (fd >= n_files) {
        int n = fd + 16;
        files = xrealloc(files, (size_t)n * sizeof(*files));
        for (int i = n_files; i < n; i++)
            files[i] = NULL;
        n_files = n;
    }
    ProcFile *old = files[fd];
    if (old && --old->refs == 0)
        free(old);
    n_live += (f != NULL) - (old != NULL);
    files[fd] = f;
    if (f)
        f->refs++;
}

void procfs_fd_install(int fd, int kind, int flags, int tid)
{
    struct stat st;
    pthread_once(&files_once, files_init);
    ProcFile *f = xmalloc(sizeof(*f));
    *f = (ProcFile){ .kind = kind, .flags = flags, .tid = tid };
    if (fstat(fd, &st) == 0) {
        f->dev = st.st_dev;
        f->ino = st.st_ino;
    }
    pthread_mutex_lock(&files_lock);
    put__locked(fd, f);
    pthread_mutex_unlock(&files_lock);
}

/* fd's open file, or NULL. Takes files_lock, which the caller releases
 * with pthread_mutex_unlock when it gets a file. */
static ProcFile *get_locked(int fd)
{
    struct stat st;
    if (__atomic_load_n(&n_live, __ATOMIC_RELAXED) == 0 || fd < 0)
        return NULL;
    pthread_mutex_lock(&files_lock);
    ProcFile *f = fd < n_files ? files[fd] : NULL;
    if (f && (fstat(fd, &st) < 0 || st.st_dev != f->dev || st.st_ino != f->ino)) {
        put__locked(fd, NULL);
        f = NULL;
    }
    if (!f)
        pthread_mutex_unlock(&files_lock);
    return f;
}

void procfs_fd_closed(int first, int last)
{
    if (__atomic_load_n(&n_live, __ATOMIC_RELAXED) == 0)
        return;
    pthread_mutex_lock(&files_lock);
    for (int fd = first < 0 ? 0 : first; fd < n_files && fd <= last; fd++)
        if (files[fd])
            put__locked(fd, NULL);
    pthread_mutex_unlock(&files_lock);
}

void procfs_fd_dup(int oldfd, int newfd)
{
    if (__atomic_load_n(&n_live, __ATOMIC_RELAXED) == 0 || oldfd < 0 || newfd < 0)
        return;
    pthread_mutex_lock(&files_lock);
    put__locked(newfd, oldfd < n_files ? files[oldfd] : NULL);
    pthread_mutex_unlock(&files_lock);
}

/* ---- the transfers ---- */

/* Open peek's own /proc/self/<leaf> for this one transfer: a descriptor
 * kept across calls would, after a fork, still show the parent. */
static int host_proc_open(const char *leaf, int flags)
{
    char path[64];
    procfs_host_path(path, sizeof(path), leaf);
    return open(path, flags | O_CLOEXEC);
}

/* Guest memory [addr, addr+len) to or from host buf, page by page up to the
 * first page that is not mapped or that the kernel refuses. */
static int64_t mem_transfer(uint64_t addr, void *buf, uint64_t len, bool write)
{
    int hfd = host_proc_open("self/mem", write ? O_RDWR : O_RDONLY);
    if (hfd < 0)
        return -EIO;
    uint64_t done = 0;
    while (done < len) {
        uint64_t a = addr + done, n = GUEST_PAGE_SIZE - (a & ~GUEST_PAGE_MASK);
        if (!guest_addr_valid(a) || !(mem_page_flags(a) & PAGE_VALID))
            break;
        n = n < len - done ? n : len - done;
        char *p = (char *)buf + done;
        ssize_t r = write ? pwrite(hfd, p, n, (off_t)(guest_base + a))
                          : pread(hfd, p, n, (off_t)(guest_base + a));
        if (r <= 0)
            break;
        if (write)
            mem_invalidate_code(a, (uint64_t)r);
        done += (uint64_t)r;
        if ((uint64_t)r < n)
            break;
    }
    close(hfd);
    return done ? (int64_t)done : -EIO;
}

#define PM_ENTRY 8
#define PM_PFN_MASK ((1ull << 55) - 1)    /* frame or swap entry: not the guest's business */

/* len bytes of the guest's pagemap from offset pos into buf. */
static int64_t pagemap_transfer(uint64_t pos, void *buf, uint64_t len)
{
    if ((pos | len) % PM_ENTRY)
        return -EINVAL;
    uint64_t first = pos / PM_ENTRY, end = GUEST_SPACE_SIZE >> GUEST_PAGE_BITS;
    if (first >= end)
        return 0;
    uint64_t n = len / PM_ENTRY < end - first ? len / PM_ENTRY : end - first;
    int hfd = host_proc_open("self/pagemap", O_RDONLY);
    if (hfd < 0)
        return -EIO;
    uint64_t *out = buf;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t page = first + i, e = 0;
        if (mem_page_flags(page << GUEST_PAGE_BITS) & PAGE_VALID) {
            off_t hoff = (off_t)((guest_base >> GUEST_PAGE_BITS) + page) * PM_ENTRY;
            if (pread(hfd, &e, sizeof(e), hoff) != sizeof(e))
                e = 0;
            e &= ~PM_PFN_MASK;
        }
        __builtin_memcpy(&out[i], &e, sizeof(e));
    }
    close(hfd);
    return (int64_t)(n * PM_ENTRY);
}

/* The syscall file's text from pos into buf, made now. */
static int64_t syscall_transfer(int tid, uint64_t pos, void *buf, uint64_t len)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    if (!f)
        return -ENOMEM;
    procfs_gen(f, "syscall", tid, NULL);
    fclose(f);
    uint64_t n = pos < size ? size - pos : 0;
    n = n < len ? n : len;
    if (n)
        memcpy(buf, text + pos, n);
    free(text);
    return (int64_t)n;
}

/* One transfer at off (or the file position when off < 0) of f. */
static int64_t file_transfer(ProcFile *f, uint64_t gbuf, uint64_t len, int64_t off, bool write)
{
    int acc = f->flags & O_ACCMODE;
    if (write ? acc == O_RDONLY : acc == O_WRONLY)
        return -EBADF;
    if (len == 0)
        return 0;
    void *b = write ? guest_rbuf(gbuf, len) : guest_wbuf(gbuf, len);
    if (!b)
        return -EFAULT;
    uint64_t at = off < 0 ? f->pos : (uint64_t)off;
    int64_t r;
    if (f->kind == PROCFS_FD_MEM)
        r = mem_transfer(at, b, len, write);
    else if (write)
        r = -EINVAL;
    else if (f->kind == PROCFS_FD_PAGEMAP)
        r = pagemap_transfer(at, b, len);
    else
        r = syscall_transfer(f->tid, at, b, len);
    if (r > 0 && off < 0)
        f->pos += (uint64_t)r;
    return r;
}

int64_t procfs_fd_io(int fd, uint64_t gbuf, uint64_t len, int64_t off, bool positioned, bool write)
{
    ProcFile *f = get_locked(fd);
    if (!f)
        return -EBADF;
    int64_t r = positioned && off < 0 ? -EINVAL
                                      : file_transfer(f, gbuf, len, positioned ? off : -1, write);
    pthread_mutex_unlock(&files_lock);
    return r;
}

int64_t procfs_fd_iov(int fd, uint64_t giov, uint64_t cnt, int64_t off, bool positioned,
                      bool write)
{
    ProcFile *f = get_locked(fd);
    if (!f)
        return -EBADF;
    int64_t r = 0;
    const uint64_t (*v)[2] = cnt > IOV_MAX ? NULL : guest_rbuf(giov, cnt * 16);
    if (cnt > IOV_MAX || (positioned && off < 0))
        r = -EINVAL;
    else if (!v)
        r = -EFAULT;
    for (uint64_t i = 0; r >= 0 && i < cnt; i++) {
        uint64_t base = v[i][0], len = v[i][1];
        int64_t n = file_transfer(f, base, len, positioned ? off + r : -1, write);
        if (n < 0) {
            r = r ? r : n;
            break;
        }
        r += n;
        if ((uint64_t)n < len)
            break;
    }
    pthread_mutex_unlock(&files_lock);
    return r;
}

int64_t procfs_fd_lseek(int fd, int64_t off, int whence)
{
    ProcFile *f = get_locked(fd);
    if (!f)
        return -EBADF;
    int64_t r = -EINVAL;
    if (whence == SEEK_SET || whence == SEEK_CUR) {
        f->pos = (whence == SEEK_SET ? 0 : f->pos) + (uint64_t)off;
        r = (int64_t)f->pos;
    }
    pthread_mutex_unlock(&files_lock);
    return r;
}

int64_t procfs_fd_fcntl(int fd, int cmd, uint64_t arg)
{
    ProcFile *f = get_locked(fd);
    if (!f)
        return -EBADF;
    int64_t r = -EBADF;
    if (cmd == F_GETFL) {
        r = f->flags;
    } else if (cmd == F_SETFL) {
        int settable = O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME;
        f->flags = (f->flags & ~settable) | ((int)arg & settable);
        r = 0;
    }
    pthread_mutex_unlock(&files_lock);
    return r;
}
