/*
 * The persistent code cache (see tb-cache.h): the file format, loading and
 * checking a file, finding a block for a pc, and writing the file back.
 *
 * A file: a header (magic, format version, key length, entry count, body
 * length, body checksum), the key text (what the file name is a hash of,
 * compared in full), then the entries, each 8-byte aligned: pc, guest
 * size, instruction count, code length, the guest bytes, the code.
 */
#include "exec/tb-cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec/backend.h"
#include "exec/log.h"
#include "exec/memory.h"
#include "exec/tb.h"
#include "util/hash.h"
#include "util/util.h"

#define TBC_MAGIC "PEEKTBC\n"
#define TBC_VERSION 8u
#define TBC_SUFFIX ".ptc"

typedef struct TBCHeader {
    char magic[8];
    uint32_t version, key_len;
    uint64_t n_entries, body_len, body_hash;
} TBCHeader;

typedef struct TBCEntry {
    uint64_t pc;
    uint32_t size, n_insns, code_len, pad;
} TBCEntry;

/* A cache file mapped, and its entries once checked. */
typedef struct TBCFile {
    uint8_t *data;
    size_t len, n;
    const TBCEntry **entry;
} TBCFile;

enum { TBC_UNTRIED, TBC_USED, TBC_REFUSED };

/* The cache of this process: set up by tb_cache_open() before any guest
 * code runs, then used under tb_lock (tb_cache_find__locked) and at exit. */
static struct {
    bool active;
    char *path;              /* the program's cache file */
    char *dir;
    char *key;               /* the text the file name is a hash of */
    TBCFile file;            /* as found at start-up (data NULL: none) */
    uint8_t *state;          /* TBC_* per entry */
    uint32_t *index;         /* open addressing by pc: entry + 1, 0 empty */
    size_t index_mask;
    uint64_t loaded, refused;
    uint64_t translated_before;   /* by the parent, in a forked child */
} tbc;

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }
static size_t entry_bytes(const TBCEntry *e) { return sizeof(*e) + align8(e->size) + align8(e->code_len); }
static const uint8_t *entry_guest(const TBCEntry *e) { return (const uint8_t *)(e + 1); }
static const uint8_t *entry_code(const TBCEntry *e) { return entry_guest(e) + align8(e->size); }
static size_t pc_slot(uint64_t pc, size_t mask) { return (size_t)((pc >> 1) * 0x9e3779b97f4a7c15ull >> 20) & mask; }

bool tb_cache_active(void) { return tbc.active; }

static void tbc_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void tbc_log(const char *fmt, ...)
{
    if (!log_enabled(LOG_TB_CACHE))
        return;
    FILE *f = log_file();
    va_list ap;
    va_start(ap, fmt);
    fputs("tb-cache: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
}

/* The whole of a file, mapped read-only, or NULL (errno set). Writers
 * never change a file in place (they rename a new one over it), so the
 * mapping stays what was checked. */
static uint8_t *map_file(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    void *p = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        *len = (size_t)st.st_size;
        p = mmap(NULL, *len ? *len : 1, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p == MAP_FAILED)
            p = NULL;
    } else {
        errno = EINVAL;
    }
    close(fd);
    return p;
}

/* peek's own identity: the GNU build id of the running executable. */
static int find_build_id(struct dl_phdr_info *info, size_t size, void *arg)
{
    char *out = arg;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)(const void *)p;
            const uint8_t *name = p + sizeof(*n), *desc = name + ((n->n_namesz + 3) & ~3u);
            if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp(name, "GNU", 4)) {
                for (uint32_t k = 0; k < n->n_descsz && k < 32; k++)
                    sprintf(out + 2 * k, "%02x", desc[k]);
                return 1;
            }
            p = desc + ((n->n_descsz + 3) & ~3u);
        }
    }
    return 1;   /* the first object is the executable: stop there */
}

/* Check f's header, key, length, checksum and entries' bounds, and list
 * its entries. NULL, or the reason it is refused. */
static const char *file_check(TBCFile *f)
{
    TBCHeader h;
    const uint8_t *data = f->data;
    size_t len = f->len, key_len = strlen(tbc.key);
    if (len < sizeof(h))
        return "truncated header";
    memcpy(&h, data, sizeof(h));
    if (memcmp(h.magic, TBC_MAGIC, 8))
        return "not a cache file";
    if (h.version != TBC_VERSION)
        return "another format version";
    if (h.key_len != key_len || len < sizeof(h) + align8(key_len) ||
        memcmp(data + sizeof(h), tbc.key, key_len))
        return "made for another program or configuration";
    size_t body = sizeof(h) + align8(key_len);
    if (h.body_len != len - body)
        return len - body < h.body_len ? "truncated" : "trailing bytes";
    if (checksum64(data + body, h.body_len, h.n_entries) != h.body_hash)
        return "checksum mismatch";
    if (h.n_entries > h.body_len / sizeof(TBCEntry))
        return "bad entry count";
    f->entry = xmalloc(h.n_entries * sizeof(*f->entry) + 1);
    size_t off = body;
    for (uint64_t i = 0; i < h.n_entries; i++) {
        const TBCEntry *e = (const TBCEntry *)(const void *)(data + off);
        if (len - off < sizeof(*e) || e->size == 0 || e->size > 2 * GUEST_PAGE_SIZE ||
            e->code_len > TB_CACHE_FILE_MAX || len - off < entry_bytes(e))
            break;
        f->entry[i] = e;
        off += entry_bytes(e);
    }
    if (off != len) {
        free(f->entry);
        f->entry = NULL;
        return "bad entry";
    }
    f->n = h.n_entries;
    return NULL;
}

/* Map the cache file and check it; false (saying why with -d tb_cache
 * if it exists) when it cannot be used. */
static bool file_open(TBCFile *f, bool quiet)
{
    *f = (TBCFile){ 0 };
    f->data = map_file(tbc.path, &f->len);
    if (!f->data) {
        if (!quiet)
            tbc_log("%s: no cache yet", tbc.path);
        return false;
    }
    const char *bad = file_check(f);
    if (bad) {
        if (!quiet)
            tbc_log("%s: refused: %s", tbc.path, bad);
        munmap(f->data, f->len ? f->len : 1);
        return false;
    }
    return true;
}

static void file_close(TBCFile *f)
{
    if (f->data)
        munmap(f->data, f->len ? f->len : 1);
    free(f->entry);
}

/* The lookup index of the file loaded at start-up: by pc, open addressing. */
static void index_build(void)
{
    size_t cap = 16;
    while (cap < 2 * tbc.file.n)
        cap *= 2;
    tbc.index = xcalloc(cap, sizeof(uint32_t));
    tbc.index_mask = cap - 1;
    tbc.state = xcalloc(tbc.file.n + 1, 1);
    for (size_t i = 0; i < tbc.file.n; i++) {
        size_t j = pc_slot(tbc.file.entry[i]->pc, tbc.index_mask);
        while (tbc.index[j])
            j = (j + 1) & tbc.index_mask;
        tbc.index[j] = (uint32_t)i + 1;
    }
}

/* A forked child writes the file only for what it translates itself: a
 * shell's subshells would otherwise each rewrite their parent's cache. */
static void tbc_atfork_child(void)
{
    uint64_t insns;
    tb_stats(&tbc.translated_before, &insns);
}

bool tb_cache_open(const char *dir, const char *exe, const char *config, char *err, size_t errlen)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "'%s' is not a directory", dir);
        return false;
    }
    /* Its files are code peek runs: only ours, and only we may write. */
    if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
        snprintf(err, errlen, "'%s' must belong to you and be writable by nobody else", dir);
        return false;
    }
    size_t exe_len = 0;
    uint8_t *exe_data = map_file(exe, &exe_len);
    if (!exe_data) {
        snprintf(err, errlen, "cannot read '%s': %s", exe, strerror(errno));
        return false;
    }
    uint64_t exe_hash = checksum64(exe_data, exe_len, 0);
    munmap(exe_data, exe_len ? exe_len : 1);
    char build_id[65] = "";
    dl_iterate_phdr(find_build_id, build_id);
    if (!build_id[0]) {
        snprintf(err, errlen, "this peek has no build id to tell its caches apart");
        return false;
    }
    char *key = xmalloc(strlen(config) + 256);
    sprintf(key, "peek %s\nbackend %s\n%s\nprogram %016" PRIx64 " %zu\n", build_id, backend->name, config,
            exe_hash, exe_len);
    tbc.key = key;
    tbc.dir = xstrdup(dir);
    tbc.path = xmalloc(strlen(dir) + 32);
    sprintf(tbc.path, "%s/%016" PRIx64 TBC_SUFFIX, dir, hash64(key, strlen(key), 1));
    tbc.active = true;
    /* after tb_init's handlers, so tb_lock is free again when this runs */
    pthread_atfork(NULL, NULL, tbc_atfork_child);

    if (!file_open(&tbc.file, false))
        return true;
    index_build();
    /* Used now: the last to go when the directory is trimmed. */
    utimensat(AT_FDCWD, tbc.path, NULL, 0);
    tbc_log("%s: %zu blocks", tbc.path, tbc.file.n);
    return true;
}

/* Mark the (one or two) pages of [pc, pc + size) as code, as the
 * translator does before it reads them. */
static bool protect_code(uint64_t pc, uint32_t size)
{
    uint64_t pages[2] = { pc & GUEST_PAGE_MASK, (pc + size - 1) & GUEST_PAGE_MASK };
    for (int k = 0; k < 2; k++)
        if (!(mem_page_flags(pages[k]) & PAGE_CODE) && !mem_mark_code(pages[k]))
            return false;
    return true;
}

bool tb_cache_find__locked(uint64_t pc, TBCacheHit *hit)
{
    if (!tbc.file.n)
        return false;
    size_t j = pc_slot(pc, tbc.index_mask);
    while (tbc.index[j] && tbc.file.entry[tbc.index[j] - 1]->pc != pc)
        j = (j + 1) & tbc.index_mask;
    if (!tbc.index[j])
        return false;
    uint32_t i = tbc.index[j] - 1;
    const TBCEntry *e = tbc.file.entry[i];
    if (tbc.state[i] == TBC_REFUSED || !guest_range_valid(pc, e->size) ||
        !mem_access_ok(pc, e->size, PAGE_READ | PAGE_EXEC) || !protect_code(pc, e->size))
        return false;
    if (memcmp(g2h(pc), entry_guest(e), e->size)) {
        /* Other code there now: it may come back (a library mapped
         * again), so the entry stays for a later look, but is not saved
         * unless it is used. */
        return false;
    }
    tbc.state[i] = TBC_USED;
    tbc.loaded++;
    *hit = (TBCacheHit){
        .size = e->size, .n_insns = e->n_insns, .code = entry_code(e), .code_len = e->code_len, .entry = i,
    };
    return true;
}

void tb_cache_refuse__locked(const TBCacheHit *hit)
{
    tbc.state[hit->entry] = TBC_REFUSED;
    tbc.loaded--;
    tbc.refused++;
}

/* ---- writing ---- */

typedef struct Out {
    uint8_t *buf;
    size_t len, cap;
    uint64_t n;
    bool full;
    uint32_t *seen;          /* pcs written, open addressing (pc_slot) */
    uint64_t *seen_pc;
    size_t seen_mask;
} Out;

static uint8_t *out_room(Out *o, size_t n)
{
    if (o->len + n > TB_CACHE_FILE_MAX) {
        o->full = true;
        return NULL;
    }
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2;
        o->buf = xrealloc(o->buf, o->cap);
    }
    return o->buf + o->len;
}

static bool seen_add(Out *o, uint64_t pc)
{
    size_t j = pc_slot(pc, o->seen_mask);
    while (o->seen[j]) {
        if (o->seen_pc[j] == pc)
            return false;
        j = (j + 1) & o->seen_mask;
    }
    o->seen[j] = 1;
    o->seen_pc[j] = pc;
    return true;
}

static void add_tb(const TB *tb, void *arg)
{
    Out *o = arg;
    if (tb->cflags || tb->code_outside || o->full || !tb->size ||
        !mem_access_ok(tb->pc, tb->size, PAGE_READ | PAGE_EXEC))
        return;
    size_t code_len = backend->export_code(tb, NULL, 0);
    if (!code_len)
        return;
    TBCEntry e = { .pc = tb->pc, .size = tb->size, .n_insns = tb->n_insns, .code_len = (uint32_t)code_len };
    uint8_t *p = out_room(o, entry_bytes(&e));
    if (!p || !seen_add(o, tb->pc))
        return;
    memset(p, 0, entry_bytes(&e));
    memcpy(p, &e, sizeof(e));
    memcpy(p + sizeof(e), g2h(tb->pc), tb->size);
    backend->export_code(tb, p + sizeof(e) + align8(tb->size), code_len);
    o->len += entry_bytes(&e);
    o->n++;
}

/* Keep the directory's cache files within TB_CACHE_DIR_MAX, dropping the
 * least recently used first. */
static void trim_dir(void)
{
    DIR *d = opendir(tbc.dir);
    if (!d)
        return;
    struct F { char name[64]; off_t size; struct timespec used; } *f = NULL;
    size_t n = 0, cap = 0;
    uint64_t total = 0;
    for (struct dirent *de; (de = readdir(d));) {
        size_t l = strlen(de->d_name);
        struct stat st;
        if (l >= sizeof(f->name) || l <= strlen(TBC_SUFFIX) || strcmp(de->d_name + l - strlen(TBC_SUFFIX), TBC_SUFFIX) ||
            fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
            continue;
        if (n == cap)
            f = xrealloc(f, (cap = cap ? cap * 2 : 16) * sizeof(*f));
        strcpy(f[n].name, de->d_name);
        f[n].size = st.st_size;
        f[n].used = st.st_mtim;
        total += (uint64_t)st.st_size;
        n++;
    }
    while (total > TB_CACHE_DIR_MAX && n) {
        size_t old = 0;
        for (size_t i = 1; i < n; i++)
            if (f[i].used.tv_sec < f[old].used.tv_sec ||
                (f[i].used.tv_sec == f[old].used.tv_sec && f[i].used.tv_nsec < f[old].used.tv_nsec))
                old = i;
        unlinkat(dirfd(d), f[old].name, 0);
        tbc_log("dropped %s (directory over %u MB)", f[old].name, TB_CACHE_DIR_MAX >> 20);
        total -= (uint64_t)f[old].size;
        f[old] = f[--n];
    }
    free(f);
    closedir(d);
}

static bool write_all(int fd, const void *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k <= 0)
            return false;
        p = (const uint8_t *)p + k;
        n -= (size_t)k;
    }
    return true;
}

void tb_cache_save(void)
{
    if (!tbc.active)
        return;
    uint64_t translated, insns;
    tb_stats(&translated, &insns);
    translated -= tbc.translated_before;
    if (!translated) {
        tbc_log("loaded %" PRIu64 " blocks, refused %" PRIu64 ", translated 0: file kept", tbc.loaded,
                tbc.refused);
        return;
    }
    /* Others may have written the file since start-up (a forked child, a
     * concurrent run): merge with what is there now if it is whole. */
    TBCFile now;
    bool fresh = file_open(&now, true);
    const TBCFile *old = fresh ? &now : &tbc.file;
    Out o = { 0 };
    size_t cap = 1024;
    while (cap < 2 * (translated + tbc.loaded + old->n))
        cap *= 2;
    o.seen = xcalloc(cap, sizeof(uint32_t));
    o.seen_pc = xcalloc(cap, sizeof(uint64_t));
    o.seen_mask = cap - 1;
    /* This run's blocks first (they replace stale entries at their pcs),
     * then the file's others that may serve later runs. */
    tb_for_each(add_tb, &o);
    for (size_t i = 0; i < old->n && !o.full; i++) {
        const TBCEntry *e = old->entry[i];
        uint8_t *p;
        if ((old == &tbc.file && tbc.state[i] == TBC_REFUSED) || !(p = out_room(&o, entry_bytes(e))) ||
            !seen_add(&o, e->pc))
            continue;
        memcpy(p, e, entry_bytes(e));
        o.len += entry_bytes(e);
        o.n++;
    }
    if (fresh)
        file_close(&now);
    size_t key_len = strlen(tbc.key);
    TBCHeader h = { .version = TBC_VERSION, .key_len = (uint32_t)key_len, .n_entries = o.n, .body_len = o.len };
    memcpy(h.magic, TBC_MAGIC, 8);
    h.body_hash = checksum64(o.buf, o.len, o.n);
    char *tmp = xmalloc(strlen(tbc.path) + 32);
    sprintf(tmp, "%s.%d.tmp", tbc.path, (int)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
    static const uint8_t zeros[8];
    bool ok = fd >= 0 && write_all(fd, &h, sizeof(h)) && write_all(fd, tbc.key, key_len) &&
              write_all(fd, zeros, align8(key_len) - key_len) && write_all(fd, o.buf, o.len);
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (ok && rename(tmp, tbc.path) != 0)
        ok = false;
    if (!ok) {
        tbc_log("cannot write %s: %s", tbc.path, strerror(errno));
        unlink(tmp);
    } else {
        tbc_log("loaded %" PRIu64 " blocks, refused %" PRIu64 ", translated %" PRIu64 ": saved %" PRIu64
                " blocks (%zu bytes) to %s",
                tbc.loaded, tbc.refused, translated, o.n, o.len, tbc.path);
        trim_dir();
    }
    free(tmp);
    free(o.buf);
    free(o.seen);
    free(o.seen_pc);
}
