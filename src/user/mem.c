/*
 * Guest memory: the reserved guest address range, the per-page flags table,
 * and the guest's mmap/munmap/mprotect/mremap/brk and System V shared
 * memory attaches (placed as mmap places anything) on top of them.
 *
 * At start-up we reserve GUEST_SPACE_SIZE bytes of host address space as
 * PROT_NONE and never give any of it back to the host: guest mappings are
 * host mmap(MAP_FIXED) calls inside the reservation, and unmapping puts a
 * PROT_NONE reservation back. Which guest ranges are in use is kept in a
 * sorted array of areas (Vma) that also remembers what /proc/self/maps has
 * to show; the byte-per-page flags table answers the hot questions (is this
 * page mapped, readable, holding translated code) without a lock.
 *
 * Pages that hold translated code are write-protected on the host even when
 * the guest may write them; the write fault lands in mem_handle_write_fault,
 * which unprotects the page and has exec drop its TBs before the write is
 * retried. The translator protects a page before it reads code there, so
 * every change of a code page's contents (a store, a syscall writing it, a
 * mapping replacing it) drops the TBs *after* the page became changeable:
 * a TB made from the old contents meanwhile is dropped with the rest.
 *
 * Locking: mem_lock serialises every change to the areas and the flags. The
 * translator calls mem_mark_code() with exec's locks held, so we never call
 * back into exec (tb_invalidate_page) while holding mem_lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/util.h"
#include "user/mem.h"

#include <signal.h>

#include "exec/cpu.h"
#include "exec/log.h"
#include "exec/tb.h"

/* Guest addresses below this are never mapped, so NULL dereferences fault. */
#define MMAP_MIN_ADDR 0x10000ull
#define NPAGES (GUEST_SPACE_SIZE >> GUEST_PAGE_BITS)

/* asm-generic mman values the guest uses (equal to the host's on x86-64,
 * spelled out so the guest ABI does not silently follow the host headers). */
#define G_MAP_TYPE 0x0f
#define G_MAP_SHARED 0x01
#define G_MAP_PRIVATE 0x02
#define G_MAP_SHARED_VALIDATE 0x03
#define G_MAP_FIXED 0x10
#define G_MAP_ANONYMOUS 0x20
#define G_MAP_NORESERVE 0x4000
#define G_MAP_POPULATE 0x8000
#define G_MAP_LOCKED 0x2000
#define G_MAP_NONBLOCK 0x10000
#define G_MAP_FIXED_NOREPLACE 0x100000
/* What MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK in asm-generic
 * values: the type, FIXED, ANONYMOUS, GROWSDOWN, DENYWRITE, EXECUTABLE,
 * LOCKED, NORESERVE, POPULATE, NONBLOCK, STACK, HUGETLB, UNINITIALIZED and
 * the huge page sizes); anything else is EOPNOTSUPP. */
#define G_MAP_VALIDATE_KNOWN 0x7c07f933
#define G_MREMAP_MAYMOVE 1
#define G_MREMAP_FIXED 2
#define G_MREMAP_DONTUNMAP 4

typedef struct Vma {
    uint64_t start, end;     /* guest, page aligned */
    uint64_t offset;         /* file offset of start (0 if anonymous) */
    uint64_t dev, ino;
    char *name;              /* path, "[heap]", "[stack]" or NULL */
    uint8_t prot;            /* guest PROT_* */
    bool shared;
    bool sysv_shm;           /* a System V shared memory attach (shmat) */
} Vma;

uintptr_t guest_base;
uint64_t guest_space_size;

/* Process-wide memory map: one per process, shared by all guest threads and
 * protected by mem_lock (flags are also read without it, see above). */
static pthread_mutex_t mem_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *page_flags;            /* NPAGES bytes, MAP_NORESERVE */
static Vma *vmas;                      /* sorted by start, non-overlapping */
static size_t n_vmas, cap_vmas;
static uint64_t mmap_base;
static uint64_t brk_start, brk_cur;

static inline uint64_t page_up(uint64_t a) { return (a + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK; }
static inline uint8_t flags_get(uint64_t page) { return __atomic_load_n(&page_flags[page], __ATOMIC_RELAXED); }
static inline void flags_put(uint64_t page, uint8_t f) { __atomic_store_n(&page_flags[page], f, __ATOMIC_RELAXED); }

static void fatal_errno(const char *what)
{
    fprintf(stderr, "peek: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* A fork while another guest thread holds mem_lock would leave the child's
 * copy locked forever: take it across fork. exec's tb_lock, which nests
 * outside mem_lock, registers its handlers later, so it is taken first. */
static void mem_prefork(void) { pthread_mutex_lock(&mem_lock); }
static void mem_postfork(void) { pthread_mutex_unlock(&mem_lock); }
static void mem_postfork_child(void);

/* The fuzzing canary (PEEK_FUZZ_CANARY set, tests/fuzz): CANARY_SIZE bytes
 * of peek's own memory right below and right above the guest space, where
 * a wild guest address that slipped past a range check would land, filled
 * with a pattern at start-up and compared when the process exits. Set up
 * once by mem_init, before any guest thread exists. */
#define CANARY_SIZE (1ull << 20)
/* Where the guest space goes without -B, if it can (mem_init): 1 GiB up,
 * leaving room below for a non-PIE peek's heap. */
#define LOW_GUEST_BASE 0x40000000ull
static uint8_t *canary_lo, *canary_hi;

static uint8_t canary_byte(size_t i) { return (uint8_t)(0xa5 ^ (i * 131) ^ (i >> 9)); }

static void canary_fill(uint8_t *c)
{
    for (size_t i = 0; i < CANARY_SIZE; i++)
        c[i] = canary_byte(i);
}

void mem_check_canary(void)
{
    for (int side = 0; canary_lo && side < 2; side++) {
        const uint8_t *c = side ? canary_hi : canary_lo;
        for (size_t i = 0; i < CANARY_SIZE; i++) {
            if (c[i] != canary_byte(i)) {
                fprintf(stderr, "peek: canary %s the guest space changed at offset %#zx\n",
                        side ? "above" : "below", i);
                abort();
            }
        }
    }
}

void mem_init(uintptr_t base, uint64_t size)
{
    pthread_atfork(mem_prefork, mem_postfork, mem_postfork_child);
    if (!size)
        size = GUEST_SPACE_SIZE;
    /* The canary goes around the space, wherever -B puts it (not below
     * a base too low to leave room). */
    uint64_t pad = getenv("PEEK_FUZZ_CANARY") && (!base || base >= CANARY_SIZE) ? CANARY_SIZE : 0;
    const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    uint8_t *p = MAP_FAILED;
    if (!base) {
        /* Low if that range is free: a base below 2 GiB fits in an x86-64
         * displacement, so the JIT can fold an address's parts into the
         * access ([x + y*4 + guest_base], see x64-gen.c). Else (a
         * sanitizer's shadow lives there) wherever the host puts it. */
        p = mmap((void *)(LOW_GUEST_BASE - pad), size + 2 * pad, PROT_NONE, flags | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != MAP_FAILED && (uintptr_t)p != LOW_GUEST_BASE - pad) {
            munmap(p, size + 2 * pad);     /* a kernel that took it as a hint */
            p = MAP_FAILED;
        }
    }
    if (p == MAP_FAILED)
        p = mmap(base ? (void *)(base - pad) : NULL, size + 2 * pad, PROT_NONE,
                 flags | (base ? MAP_FIXED_NOREPLACE : 0), -1, 0);
    if (p == MAP_FAILED || (base && (uintptr_t)p != base - pad)) {
        if (base)
            fprintf(stderr, "peek: -B: cannot reserve 0x%" PRIx64 " bytes of guest address space at 0x%"
                    PRIxPTR ": %s\n", size, base, p == MAP_FAILED ? strerror(errno) : "address taken");
        else
            fprintf(stderr, "peek: cannot reserve 0x%" PRIx64 " bytes of guest address space: %s\n", size,
                    strerror(errno));
        exit(1);
    }
    if (pad) {
        canary_lo = p;
        canary_hi = p + pad + size;
        if (mprotect(canary_lo, pad, PROT_READ | PROT_WRITE) < 0 ||
            mprotect(canary_hi, pad, PROT_READ | PROT_WRITE) < 0)
            fatal_errno("cannot map the canary");
        canary_fill(canary_lo);
        canary_fill(canary_hi);
        p += pad;
    }
    guest_base = (uintptr_t)p;
    guest_space_size = size;
    mmap_base = size - size / 4;
    p = mmap(NULL, NPAGES, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        fatal_errno("cannot allocate the guest page table");
    page_flags = p;
}

void *cpu_atomic_host_addr(CPUState *cpu, uint64_t addr, unsigned size, unsigned prot)
{
    if (addr & (size - 1))
        cpu_raise(cpu, EXCP_BUS, addr, BUS_ADRALN);
    if (!guest_range_valid(addr, size) || !mem_access_ok(addr, size, prot)) {
        bool mapped = guest_addr_valid(addr) && (mem_page_flags(addr) & PAGE_VALID);
        cpu_raise(cpu, EXCP_SEGV, addr, mapped ? SEGV_ACCERR : SEGV_MAPERR);
    }
    return g2h(addr);
}

static int host_prot(unsigned f)
{
    int p = 0;
    /* We translate guest code, never run it, but must be able to read it. */
    if (f & (PAGE_READ | PAGE_EXEC))
        p |= PROT_READ;
    if ((f & PAGE_WRITE) && !(f & PAGE_CODE))
        p |= PROT_WRITE;
    return p;
}

/* Give [a, a+len) back to the reservation. */
static void reserve__locked(uint64_t a, uint64_t len)
{
    if (mmap(g2h(a), len, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
             -1, 0) == MAP_FAILED)
        fatal_errno("cannot re-reserve guest memory");
}

static void set_flags__locked(uint64_t a, uint64_t len, uint8_t f)
{
    memset(page_flags + (a >> GUEST_PAGE_BITS), f, len >> GUEST_PAGE_BITS);
}

/* The code pages of a range whose mapping changes, found under mem_lock
 * in the change's critical section and dropped after it (without mem_lock,
 * see the file comment): [first, end) page numbers, empty if end == 0. */
typedef struct CodeSpan {
    uint64_t first, end;
} CodeSpan;

static void code_span__locked(CodeSpan *cs, uint64_t a, uint64_t len)
{
    *cs = (CodeSpan){ 0, 0 };
    for (uint64_t p = a >> GUEST_PAGE_BITS; p < (a + len) >> GUEST_PAGE_BITS; p++)
        if (flags_get(p) & PAGE_CODE) {
            if (!cs->end)
                cs->first = p;
            cs->end = p + 1;
        }
}

static void drop_code(const CodeSpan *cs)
{
    for (uint64_t p = cs->first; p < cs->end; p++)
        tb_invalidate_page(p << GUEST_PAGE_BITS);
}

/* ---- the sorted area list ---- */

/* Index of the first area ending above a. */
static size_t vma_lookup__locked(uint64_t a)
{
    size_t lo = 0, hi = n_vmas;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (vmas[mid].end <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void vma_insert_at__locked(size_t i, const Vma *v)
{
    if (n_vmas == cap_vmas) {
        cap_vmas = cap_vmas ? cap_vmas * 2 : 64;
        vmas = xrealloc(vmas, cap_vmas * sizeof(*vmas));
    }
    memmove(vmas + i + 1, vmas + i, (n_vmas - i) * sizeof(*vmas));
    vmas[i] = *v;
    n_vmas++;
}

static void vma_remove_at__locked(size_t i)
{
    free(vmas[i].name);
    memmove(vmas + i, vmas + i + 1, (n_vmas - i - 1) * sizeof(*vmas));
    n_vmas--;
}

static char *dup_name(const char *s)
{
    char *d = s ? xstrdup(s) : NULL;
    return d;
}

/* Remove [start, end) from the area list, splitting areas that straddle it. */
static void vma_cut__locked(uint64_t start, uint64_t end)
{
    size_t i = vma_lookup__locked(start);
    while (i < n_vmas && vmas[i].start < end) {
        Vma *v = &vmas[i];
        if (v->start < start && v->end > end) {
            Vma right = *v;
            right.name = dup_name(v->name);
            if (right.dev || right.ino)
                right.offset += end - v->start;
            right.start = end;
            v->end = start;
            vma_insert_at__locked(i + 1, &right);
            return;
        }
        if (v->start < start) {
            v->end = start;
            i++;
        } else if (v->end > end) {
            if (v->dev || v->ino)
                v->offset += end - v->start;
            v->start = end;
            return;
        } else {
            vma_remove_at__locked(i);
        }
    }
}

static bool vma_mergeable(const Vma *a, const Vma *b)
{
    if (a->end != b->start || a->prot != b->prot || a->shared != b->shared ||
        a->sysv_shm != b->sysv_shm || a->dev != b->dev || a->ino != b->ino)
        return false;
    if ((a->name == NULL) != (b->name == NULL) || (a->name && strcmp(a->name, b->name)))
        return false;
    return !(a->dev || a->ino) || a->offset + (a->end - a->start) == b->offset;
}

/* Add v (whose range must be free in the list); takes ownership of v->name. */
static void vma_add__locked(Vma *v)
{
    size_t i = vma_lookup__locked(v->start);
    if (i > 0 && vma_mergeable(&vmas[i - 1], v)) {
        vmas[i - 1].end = v->end;
        free(v->name);
        i--;
    } else {
        vma_insert_at__locked(i, v);
    }
    if (i + 1 < n_vmas && vma_mergeable(&vmas[i], &vmas[i + 1])) {
        vmas[i].end = vmas[i + 1].end;
        vma_remove_at__locked(i + 1);
    }
}

/* Give [start, end), which must be wholly mapped, new guest protections. */
static void vma_set_prot__locked(uint64_t start, uint64_t end, uint8_t prot)
{
    size_t i = vma_lookup__locked(start), n = 0;
    while (i + n < n_vmas && vmas[i + n].start < end)
        n++;
    Vma *pieces = xmalloc(n * sizeof(*pieces));
    for (size_t k = 0; k < n; k++) {
        Vma p = vmas[i + k];
        if (p.start < start) {
            if (p.dev || p.ino)
                p.offset += start - p.start;
            p.start = start;
        }
        if (p.end > end)
            p.end = end;
        p.prot = prot;
        p.name = dup_name(p.name);
        pieces[k] = p;
    }
    vma_cut__locked(start, end);
    for (size_t k = 0; k < n; k++)
        vma_add__locked(&pieces[k]);
    free(pieces);
}

static bool range_free__locked(uint64_t a, uint64_t len)
{
    if (a < MMAP_MIN_ADDR || !guest_range_valid(a, len))
        return false;
    size_t i = vma_lookup__locked(a);
    return i == n_vmas || vmas[i].start >= a + len;
}

/* Highest free range of len bytes ending at or below limit; 0 if none. */
static uint64_t find_gap__locked(uint64_t len, uint64_t limit)
{
    uint64_t hi = limit;
    for (size_t i = n_vmas; ; i--) {
        uint64_t lo = i > 0 ? vmas[i - 1].end : MMAP_MIN_ADDR;
        if (lo < hi && hi - lo >= len)
            return hi - len;
        if (i == 0)
            return 0;
        if (vmas[i - 1].start < hi)
            hi = vmas[i - 1].start;
    }
}

static uint64_t find_free__locked(uint64_t len)
{
    uint64_t a = find_gap__locked(len, mmap_base);
    return a ? a : find_gap__locked(len, guest_space_size);
}

/* ---- queries ---- */

unsigned mem_page_flags(uint64_t addr)
{
    return guest_addr_valid(addr) ? flags_get(addr >> GUEST_PAGE_BITS) : 0;
}

bool mem_access_ok(uint64_t a, uint64_t len, unsigned prot)
{
    if (len == 0)
        return true;
    if (!guest_range_valid(a, len))
        return false;
    unsigned need = prot | PAGE_VALID;
    for (uint64_t p = a >> GUEST_PAGE_BITS; p <= (a + len - 1) >> GUEST_PAGE_BITS; p++)
        if ((flags_get(p) & need) != need)
            return false;
    return true;
}

void mem_set_mmap_base(uint64_t base)
{
    mmap_base = base & GUEST_PAGE_MASK;
}

/* ---- mmap family ---- */

static int64_t map_fixed__locked(uint64_t a, uint64_t len, int prot, int hflags, int fd,
                                 int64_t off, Vma *v)
{
    void *p = mmap(g2h(a), len, host_prot((unsigned)prot), hflags | MAP_FIXED, fd, off);
    if (p == MAP_FAILED)
        return -errno;
    set_flags__locked(a, len, (uint8_t)(prot | PAGE_VALID));
    vma_cut__locked(a, a + len);
    v->start = a;
    v->end = a + len;
    vma_add__locked(v);
    return (int64_t)a;
}

/* Linux's order: the offset, the fd, the length, the placement, then the
 * type and the flags MAP_SHARED_VALIDATE must know. */
int64_t mem_mmap(uint64_t addr, uint64_t len, int prot, int flags, int fd, int64_t off)
{
    int type = flags & G_MAP_TYPE;
    struct stat st;
    if (off & (int64_t)~GUEST_PAGE_MASK)
        return -EINVAL;
    if (!(flags & G_MAP_ANONYMOUS) && fstat(fd, &st) < 0)
        return -errno;
    if (len == 0)
        return -EINVAL;
    if (len > guest_space_size)
        return -ENOMEM;
    len = page_up(len);
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
    bool fixed = flags & (G_MAP_FIXED | G_MAP_FIXED_NOREPLACE);
    if (fixed) {
        if (addr & ~GUEST_PAGE_MASK)
            return -EINVAL;
        if (!guest_range_valid(addr, len))
            return -ENOMEM;
        if (addr < MMAP_MIN_ADDR)
            return -EPERM;
    }
    if (type == G_MAP_SHARED_VALIDATE && !(flags & G_MAP_ANONYMOUS) &&
        (flags & ~G_MAP_VALIDATE_KNOWN))
        return -EOPNOTSUPP;
    if (type != G_MAP_SHARED && type != G_MAP_PRIVATE &&
        (type != G_MAP_SHARED_VALIDATE || (flags & G_MAP_ANONYMOUS)))
        return -EINVAL;

    /* Host flags: what the host must honour; placement is ours. */
    int hflags = flags & (MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
                          MAP_POPULATE | MAP_LOCKED | MAP_NONBLOCK);
    if (type == G_MAP_SHARED_VALIDATE)
        hflags = (hflags & ~(MAP_SHARED | MAP_PRIVATE)) | MAP_SHARED;
    Vma v = { .prot = (uint8_t)prot, .shared = type != G_MAP_PRIVATE };
    if (flags & G_MAP_ANONYMOUS) {
        fd = -1;
        off = 0;
    } else {
        char link[64], path[4096];
        v.dev = st.st_dev;
        v.ino = st.st_ino;
        v.offset = (uint64_t)off;
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, path, sizeof(path) - 1);
        if (n > 0) {
            path[n] = 0;
            v.name = dup_name(path);
        }
    }


    pthread_mutex_lock(&mem_lock);
    int64_t r;
    CodeSpan cs = { 0, 0 };
    if (fixed) {
        if ((flags & G_MAP_FIXED_NOREPLACE) && !range_free__locked(addr, len)) {
            r = -EEXIST;
            goto out;
        }
        code_span__locked(&cs, addr, len);
    } else {
        addr &= GUEST_PAGE_MASK;
        if (!addr || !range_free__locked(addr, len))
            addr = find_free__locked(len);
        if (!addr) {
            r = -ENOMEM;
            goto out;
        }
    }
    r = map_fixed__locked(addr, len, prot, hflags, fd, off, &v);
    v.name = r < 0 ? v.name : NULL;
out:
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs);
    free(v.name);
    if (r >= 0 && log_enabled(LOG_PAGE))
        mem_log_map("mmap");
    return r;
}

static void unmap__locked(uint64_t a, uint64_t len)
{
    reserve__locked(a, len);
    set_flags__locked(a, len, 0);
    vma_cut__locked(a, a + len);
}

int64_t mem_munmap(uint64_t addr, uint64_t len)
{
    if ((addr & ~GUEST_PAGE_MASK) || len == 0 || !guest_range_valid(addr, len))
        return -EINVAL;
    len = page_up(len);
    if (!guest_range_valid(addr, len))
        return -EINVAL;
    CodeSpan cs;
    pthread_mutex_lock(&mem_lock);
    code_span__locked(&cs, addr, len);
    unmap__locked(addr, len);
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs);
    return 0;
}

int64_t mem_mprotect(uint64_t addr, uint64_t len, int prot)
{
    /* PROT_GROWSDOWN/GROWSUP are accepted and ignored: the stack is fully mapped. */
    if ((addr & ~GUEST_PAGE_MASK) || (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC |
                                               PROT_GROWSDOWN | PROT_GROWSUP)))
        return -EINVAL;
    prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
    if (len == 0)
        return 0;
    if (!guest_range_valid(addr, len))
        return -ENOMEM;
    len = page_up(len);
    if (!guest_range_valid(addr, len))
        return -ENOMEM;

    pthread_mutex_lock(&mem_lock);
    int64_t r = 0;
    CodeSpan cs = { 0, 0 };
    uint64_t first = addr >> GUEST_PAGE_BITS, last = (addr + len) >> GUEST_PAGE_BITS;
    for (uint64_t p = first; p < last; p++)
        if (!(flags_get(p) & PAGE_VALID)) {
            r = -ENOMEM;
            goto out;
        }
    /* Code that stops being executable stops being code. */
    if (!(prot & PROT_EXEC))
        code_span__locked(&cs, addr, len);
    /* Apply in runs of pages that end up with the same host protection;
     * code pages stay write-protected while they stay executable. */
    uint64_t run = first;
    int run_prot = -1;
    for (uint64_t p = first; p <= last; p++) {
        int hp = -1;
        if (p < last) {
            uint8_t f = (uint8_t)(prot | PAGE_VALID);
            if ((flags_get(p) & PAGE_CODE) && (prot & PROT_EXEC))
                f |= PAGE_CODE;
            flags_put(p, f);
            hp = host_prot(f);
        }
        if (hp != run_prot) {
            if (run_prot >= 0 && mprotect(g2h(run << GUEST_PAGE_BITS),
                                          (p - run) << GUEST_PAGE_BITS, run_prot) < 0)
                fatal_errno("mprotect of guest memory");
            run = p;
            run_prot = hp;
        }
    }
    vma_set_prot__locked(addr, addr + len, (uint8_t)prot);
out:
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs);
    return r;
}

int64_t mem_mremap(uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
                   uint64_t new_addr)
{
    bool may_move = flags & G_MREMAP_MAYMOVE, fixed = flags & G_MREMAP_FIXED;
    bool dontunmap = flags & G_MREMAP_DONTUNMAP;
    if ((old & ~GUEST_PAGE_MASK) || (flags & ~7) || (fixed && !may_move) ||
        (dontunmap && (!may_move || old_len != new_len)))
        return -EINVAL;
    if (old_len > guest_space_size || new_len > guest_space_size)
        return -ENOMEM;
    old_len = page_up(old_len);
    new_len = page_up(new_len);
    /* old_len == 0 duplicates a shared mapping in the kernel: not supported. */
    if (new_len == 0 || old_len == 0)
        return -EINVAL;
    if (!guest_range_valid(old, old_len))
        return -EFAULT;
    if (fixed) {
        if ((new_addr & ~GUEST_PAGE_MASK) || !guest_range_valid(new_addr, new_len) ||
            new_addr < MMAP_MIN_ADDR)
            return -EINVAL;
        if (new_addr < old + old_len && old < new_addr + new_len)
            return -EINVAL;
    }

    pthread_mutex_lock(&mem_lock);
    int64_t r;
    /* Whatever happens below, code at either place is dropped after. */
    CodeSpan cs_old, cs_new = { 0, 0 };
    code_span__locked(&cs_old, old, old_len);
    if (fixed)
        code_span__locked(&cs_new, new_addr, new_len);
    size_t i = vma_lookup__locked(old);
    if (i == n_vmas || vmas[i].start > old || vmas[i].end < old + old_len) {
        r = -EFAULT;
        goto out;
    }
    Vma v = vmas[i];
    if (v.dev || v.ino)
        v.offset += old - v.start;
    uint8_t pf = (uint8_t)(v.prot | PAGE_VALID);

    if (!fixed && new_len <= old_len) {
        if (new_len < old_len)
            unmap__locked(old + new_len, old_len - new_len);
        r = (int64_t)old;
        goto out;
    }
    if (!fixed && range_free__locked(old + old_len, new_len - old_len)) {
        /* Grow in place: the host needs the tail truly free for that. Until
         * mremap fills it, another host thread's mmap could land in the
         * hole; then mremap fails and we fall back to moving. */
        if (munmap(g2h(old + old_len), new_len - old_len) == 0 &&
            mremap(g2h(old), old_len, new_len, 0) != MAP_FAILED) {
            set_flags__locked(old, new_len, pf);
            Vma nv = v;
            nv.name = dup_name(v.name);
            nv.start = old;
            nv.end = old + new_len;
            vma_cut__locked(old, old + old_len);
            vma_add__locked(&nv);
            r = (int64_t)old;
            goto out;
        }
        reserve__locked(old + old_len, new_len - old_len);
    }
    if (!may_move) {
        r = -ENOMEM;
        goto out;
    }
    uint64_t dest = fixed ? new_addr : find_free__locked(new_len);
    if (!dest) {
        r = -ENOMEM;
        goto out;
    }
    int hf = MREMAP_MAYMOVE | MREMAP_FIXED | (dontunmap ? MREMAP_DONTUNMAP : 0);
    /* MREMAP_FIXED replaces our reservation at dest; the source becomes a
     * host hole that is re-reserved right after. */
    if (mremap(g2h(old), old_len, new_len, hf, g2h(dest)) == MAP_FAILED) {
        r = -errno;
        goto out;
    }
    Vma nv = v;
    nv.name = dup_name(v.name);
    nv.start = dest;
    nv.end = dest + new_len;
    if (!dontunmap) {
        reserve__locked(old, old_len);
        set_flags__locked(old, old_len, 0);
        vma_cut__locked(old, old + old_len);
    }
    vma_cut__locked(dest, dest + new_len);
    set_flags__locked(dest, new_len, pf);
    vma_add__locked(&nv);
    r = (int64_t)dest;
out:
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs_old);
    drop_code(&cs_new);
    return r;
}

/* ---- System V shared memory ---- */

/* What the host's /proc/self/maps says of the mapping at host address hp:
 * device, inode and name (the kernel's "/SYSV<key> (deleted)"), into v. */
static void host_maps_identity(const void *hp, Vma *v)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[4200];
    while (f && fgets(line, sizeof(line), f)) {
        unsigned long lo, ino;
        unsigned maj, mnr;
        int col = 0;
        if (sscanf(line, "%lx-%*x %*4s %*x %x:%x %lu %n", &lo, &maj, &mnr, &ino, &col) < 4)
            break;
        if (lo != (uintptr_t)hp)
            continue;
        v->dev = makedev(maj, mnr);
        v->ino = ino;
        line[strcspn(line, "\n")] = 0;
        if (col > 0 && line[col])
            v->name = dup_name(line + col);
        break;
    }
    if (f)
        fclose(f);
}

int64_t mem_shmat(int shmid, uint64_t addr, uint64_t len, int prot, bool replace)
{
    len = page_up(len);
    if (addr && !guest_range_valid(addr, len))
        return -EINVAL;
    pthread_mutex_lock(&mem_lock);
    int64_t r;
    CodeSpan cs = { 0, 0 };
    if (addr && replace)
        code_span__locked(&cs, addr, len);
    if (!addr) {
        addr = find_free__locked(len);
        if (!addr) {
            r = -ENOMEM;
            goto out;
        }
    } else if (!replace && !range_free__locked(addr, len)) {
        r = -EINVAL;
        goto out;
    }
    /* SHM_REMAP: the attach replaces our reservation of the range. */
    void *p = shmat(shmid, g2h(addr), ((prot & PROT_WRITE) ? 0 : SHM_RDONLY) | SHM_REMAP);
    if (p == (void *)-1) {
        r = -errno;
        goto out;
    }
    Vma v = { .prot = (uint8_t)prot, .shared = true, .sysv_shm = true };
    host_maps_identity(p, &v);
    set_flags__locked(addr, len, (uint8_t)(prot | PAGE_VALID));
    vma_cut__locked(addr, addr + len);
    v.start = addr;
    v.end = addr + len;
    vma_add__locked(&v);
    r = (int64_t)addr;
out:
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs);
    return r;
}

/* The end of the attach that starts at addr (its areas, however mprotect
 * split them, run on with the same segment and offsets), or 0 if no
 * attach starts there. */
static uint64_t shm_attach_end__locked(uint64_t addr)
{
    size_t i = vma_lookup__locked(addr);
    if (i == n_vmas || vmas[i].start != addr || !vmas[i].sysv_shm || vmas[i].offset)
        return 0;
    uint64_t end = vmas[i].end;
    while (++i < n_vmas && vmas[i].start == end && vmas[i].sysv_shm &&
           vmas[i].dev == vmas[i - 1].dev && vmas[i].ino == vmas[i - 1].ino &&
           vmas[i].offset == end - addr)
        end = vmas[i].end;
    return end;
}

int64_t mem_shmdt(uint64_t addr)
{
    if (addr & ~GUEST_PAGE_MASK)
        return -EINVAL;
    CodeSpan cs = { 0, 0 };
    pthread_mutex_lock(&mem_lock);
    uint64_t end = shm_attach_end__locked(addr);
    if (end) {
        code_span__locked(&cs, addr, end - addr);
        unmap__locked(addr, end - addr);
    }
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs);
    return end ? 0 : -EINVAL;
}

void mem_set_brk(uint64_t start)
{
    pthread_mutex_lock(&mem_lock);
    brk_start = brk_cur = page_up(start);
    pthread_mutex_unlock(&mem_lock);
}

int64_t mem_brk(uint64_t newbrk)
{
    pthread_mutex_lock(&mem_lock);
    CodeSpan cs = { 0, 0 };
    uint64_t old_top = page_up(brk_cur), new_top = page_up(newbrk);
    if (newbrk < brk_start || newbrk > guest_space_size)
        goto out;
    if (new_top > old_top) {
        if (!range_free__locked(old_top, new_top - old_top))
            goto out;
        Vma v = { .prot = PROT_READ | PROT_WRITE, .name = dup_name("[heap]") };
        if (map_fixed__locked(old_top, new_top - old_top, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &v) < 0) {
            free(v.name);
            goto out;
        }
    } else if (new_top < old_top) {
        code_span__locked(&cs, new_top, old_top - new_top);
        unmap__locked(new_top, old_top - new_top);
    }
    brk_cur = newbrk;
out:;
    uint64_t cur = brk_cur;
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs);
    return (int64_t)cur;
}

void mem_name_range(uint64_t start, uint64_t len, const char *name)
{
    pthread_mutex_lock(&mem_lock);
    uint64_t end = start + page_up(len);
    size_t i = vma_lookup__locked(start), n = 0;
    while (i + n < n_vmas && vmas[i + n].start < end)
        n++;
    Vma *pieces = xmalloc(n * sizeof(*pieces));
    for (size_t k = 0; k < n; k++) {
        Vma p = vmas[i + k];
        p.start = p.start < start ? start : p.start;
        p.end = p.end > end ? end : p.end;
        p.name = dup_name(name);
        pieces[k] = p;
    }
    vma_cut__locked(start, end);
    for (size_t k = 0; k < n; k++)
        vma_add__locked(&pieces[k]);
    free(pieces);
    pthread_mutex_unlock(&mem_lock);
}

/* ---- host kernel writes ---- */

/* Writable and executable guest ranges that the host kernel is writing
 * into for a system call (from mem_prepare_kernel_write to
 * mem_kernel_writes_done). mem_mark_code leaves a page in one of them
 * unprotected, or the kernel would fail the call with EFAULT: a thread
 * that runs code there while another one read(2)s into the same page. A
 * thread's ranges live in its thread-local KernelWrites, linked into the
 * process-wide list (under mem_lock) while it has any. Buffers that are
 * not executable, nearly all of them, never get here. */
#define KW_RANGES 4
typedef struct KernelWrites {
    uint64_t start[KW_RANGES], end[KW_RANGES];
    int n;
    struct KernelWrites *next;
} KernelWrites;
static KernelWrites *kernel_writes;
static __thread KernelWrites kw_self;

static void mem_postfork_child(void)
{
    /* The other threads, and their system calls, stayed in the parent. */
    kernel_writes = NULL;
    kw_self.n = 0;
    pthread_mutex_unlock(&mem_lock);
}

static bool kernel_writing__locked(uint64_t page)
{
    for (const KernelWrites *k = kernel_writes; k; k = k->next)
        for (int i = 0; i < k->n; i++)
            if (page < k->end[i] && page + GUEST_PAGE_SIZE > k->start[i])
                return true;
    return false;
}

static void kernel_write_add(uint64_t a, uint64_t len)
{
    KernelWrites *k = &kw_self;
    pthread_mutex_lock(&mem_lock);
    if (k->n == 0) {
        k->next = kernel_writes;
        kernel_writes = k;
    }
    if (k->n < KW_RANGES) {
        k->start[k->n] = a;
        k->end[k->n++] = a + len;
    } else {
        /* More buffers than ranges (readv): widen the last one. */
        int i = KW_RANGES - 1;
        k->start[i] = a < k->start[i] ? a : k->start[i];
        k->end[i] = a + len > k->end[i] ? a + len : k->end[i];
    }
    pthread_mutex_unlock(&mem_lock);
}

/* The kernel writes a buffer in order and stops at the first page it
 * cannot write, so the writable start of the range is prepared even when
 * the rest is bad (guest_kbuf hands such a buffer to the kernel). */
int mem_prepare_kernel_write(uint64_t a, uint64_t len)
{
    if (!guest_range_valid(a, len))
        return -EFAULT;
    uint64_t end = a + len;
    bool exec = false;
    for (uint64_t p = a >> GUEST_PAGE_BITS; len && p <= (a + len - 1) >> GUEST_PAGE_BITS; p++) {
        uint8_t f = flags_get(p);
        if ((f & (PAGE_VALID | PAGE_WRITE)) != (PAGE_VALID | PAGE_WRITE)) {
            end = p << GUEST_PAGE_BITS > a ? p << GUEST_PAGE_BITS : a;
            break;
        }
        exec |= (f & PAGE_EXEC) != 0;
    }
    if (exec)
        kernel_write_add(a, end - a);
    mem_prepare_write(a, end - a);
    return end == a + len ? 0 : -EFAULT;
}

void mem_kernel_writes_done(void)
{
    KernelWrites *k = &kw_self;
    if (!k->n)
        return;
    pthread_mutex_lock(&mem_lock);
    KernelWrites **pp = &kernel_writes;
    while (*pp != k)
        pp = &(*pp)->next;
    *pp = k->next;
    k->n = 0;
    pthread_mutex_unlock(&mem_lock);
}

/* ---- translated code ---- */

bool mem_mark_code(uint64_t page)
{
    if (!guest_addr_valid(page))
        return true;
    uint64_t p = page >> GUEST_PAGE_BITS;
    bool ok = true;
    pthread_mutex_lock(&mem_lock);
    uint8_t f = flags_get(p);
    if ((f & PAGE_VALID) && !(f & PAGE_CODE)) {
        if ((f & PAGE_WRITE) && kernel_writing__locked(p << GUEST_PAGE_BITS)) {
            ok = false;
        } else {
            flags_put(p, f | PAGE_CODE);
            if ((f & PAGE_WRITE) &&
                mprotect(g2h(p << GUEST_PAGE_BITS), GUEST_PAGE_SIZE, host_prot(f | PAGE_CODE)) < 0)
                fatal_errno("write-protecting a code page");
        }
    }
    pthread_mutex_unlock(&mem_lock);
    return ok;
}

/* Make a code page writable again, then drop its translations: in this
 * order, a translation that read the page meanwhile is dropped too (see
 * the file comment). The caller's write comes after both. */
static void uncode_page(uint64_t p)
{
    pthread_mutex_lock(&mem_lock);
    uint8_t f = flags_get(p);
    if (f & PAGE_CODE) {
        f &= (uint8_t)~PAGE_CODE;
        flags_put(p, f);
        if (mprotect(g2h(p << GUEST_PAGE_BITS), GUEST_PAGE_SIZE, host_prot(f)) < 0)
            fatal_errno("unprotecting a code page");
    }
    pthread_mutex_unlock(&mem_lock);
    tb_invalidate_page(p << GUEST_PAGE_BITS);
}

bool mem_handle_write_fault(uint64_t addr)
{
    if (!guest_addr_valid(addr))
        return false;
    uint64_t p = addr >> GUEST_PAGE_BITS;
    uint8_t f = flags_get(p);
    if ((f & (PAGE_VALID | PAGE_WRITE)) != (PAGE_VALID | PAGE_WRITE))
        return false;
    /* Without PAGE_CODE another thread has just unprotected the page: retry. */
    if (f & PAGE_CODE)
        uncode_page(p);
    return true;
}

int mem_prepare_write(uint64_t a, uint64_t len)
{
    if (!mem_access_ok(a, len, PAGE_WRITE))
        return -EFAULT;
    if (len == 0)
        return 0;
    for (uint64_t p = a >> GUEST_PAGE_BITS; p <= (a + len - 1) >> GUEST_PAGE_BITS; p++)
        if (flags_get(p) & PAGE_CODE)
            uncode_page(p);
    return 0;
}

void mem_invalidate_code(uint64_t a, uint64_t len)
{
    if (!guest_range_valid(a, len))
        return;
    CodeSpan cs;
    pthread_mutex_lock(&mem_lock);
    code_span__locked(&cs, a & GUEST_PAGE_MASK, page_up(a + len) - (a & GUEST_PAGE_MASK));
    pthread_mutex_unlock(&mem_lock);
    drop_code(&cs);
}

/* ---- a debugger's access ---- */

/* /proc/self/mem reads and writes any mapping, as ptrace does, whatever
 * its protection: opened on the debugger's first access and kept. */
static int self_mem = -1;

/* How much of [a, a+n) lies on mapped pages, from a. */
static size_t mapped_span(uint64_t a, size_t n)
{
    size_t k = 0;
    while (k < n) {
        uint64_t p = a + k;
        if (!guest_addr_valid(p) || !(flags_get(p >> GUEST_PAGE_BITS) & PAGE_VALID))
            break;
        size_t chunk = GUEST_PAGE_SIZE - (p & ~GUEST_PAGE_MASK);
        k += chunk < n - k ? chunk : n - k;
    }
    return k;
}

static bool open_self_mem(void)
{
    if (self_mem < 0)
        self_mem = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
    return self_mem >= 0;
}

size_t mem_debug_read(uint64_t a, void *buf, size_t n)
{
    size_t k = mapped_span(a, n);
    if (!k || !open_self_mem())
        return 0;
    ssize_t r = pread(self_mem, buf, k, (off_t)(uintptr_t)g2h(a));
    return r > 0 ? (size_t)r : 0;
}

size_t mem_debug_write(uint64_t a, const void *buf, size_t n)
{
    size_t k = mapped_span(a, n);
    if (!k || !open_self_mem())
        return 0;
    for (uint64_t p = a >> GUEST_PAGE_BITS; p <= (a + k - 1) >> GUEST_PAGE_BITS; p++)
        if (flags_get(p) & PAGE_CODE)
            uncode_page(p);
    ssize_t r = pwrite(self_mem, buf, k, (off_t)(uintptr_t)g2h(a));
    return r > 0 ? (size_t)r : 0;
}

/* ---- copies ---- */

int copy_from_guest(void *dst, uint64_t src, size_t n)
{
    if (!mem_access_ok(src, n, PAGE_READ))
        return -EFAULT;
    memcpy(dst, g2h(src), n);
    return 0;
}

int copy_to_guest(uint64_t dst, const void *src, size_t n)
{
    if (mem_prepare_write(dst, n) < 0)
        return -EFAULT;
    memcpy(g2h(dst), src, n);
    return 0;
}

int64_t guest_strnlen(uint64_t a, size_t max)
{
    size_t n = 0;
    while (n < max) {
        if (!guest_addr_valid(a + n) || (flags_get((a + n) >> GUEST_PAGE_BITS) &
                                         (PAGE_VALID | PAGE_READ)) != (PAGE_VALID | PAGE_READ))
            return -EFAULT;
        size_t chunk = GUEST_PAGE_SIZE - ((a + n) & ~GUEST_PAGE_MASK);
        if (chunk > max - n)
            chunk = max - n;
        const char *z = memchr(g2h(a + n), 0, chunk);
        if (z)
            return (int64_t)(n + (size_t)(z - (const char *)g2h(a + n)));
        n += chunk;
    }
    return (int64_t)max;
}

/* ---- the area list as /proc shows it ---- */

MemArea *mem_areas(size_t *n)
{
    pthread_mutex_lock(&mem_lock);
    MemArea *out = xmalloc((n_vmas ? n_vmas : 1) * sizeof(*out));
    for (size_t i = 0; i < n_vmas; i++) {
        const Vma *v = &vmas[i];
        out[i] = (MemArea){ v->start, v->end, v->offset, v->dev, v->ino, dup_name(v->name),
                            v->prot, v->shared };
    }
    *n = n_vmas;
    pthread_mutex_unlock(&mem_lock);
    return out;
}

void mem_areas_free(MemArea *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(a[i].name);
    free(a);
}

void mem_area_line(FILE *f, const MemArea *v)
{
    int col = 0;
    fprintf(f, "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08" PRIx64 " %02x:%02x %" PRIu64 "%n",
            v->start, v->end, v->prot & PROT_READ ? 'r' : '-',
            v->prot & PROT_WRITE ? 'w' : '-', v->prot & PROT_EXEC ? 'x' : '-',
            v->shared ? 's' : 'p', v->offset, (unsigned)major(v->dev),
            (unsigned)minor(v->dev), v->ino, &col);
    if (v->name)
        fprintf(f, "%*s%s", col < 73 ? 73 - col : 1, "", v->name);
    fputc('\n', f);
}

char *mem_maps_text(size_t *len)
{
    char *buf = NULL;
    size_t size = 0, n;
    FILE *f = open_memstream(&buf, &size);
    if (!f)
        return NULL;
    MemArea *a = mem_areas(&n);
    for (size_t i = 0; i < n; i++)
        mem_area_line(f, &a[i]);
    mem_areas_free(a, n);
    fclose(f);
    *len = size;
    return buf;
}

void mem_log_map(const char *why)
{
    FILE *f = log_file();
    flockfile(f);
    fprintf(f, "page layout changed following %s\n", why);
    fprintf(f, "%-16s %-16s %-16s %s\n", "start", "end", "size", "prot");
    pthread_mutex_lock(&mem_lock);
    for (size_t i = 0; i < n_vmas;) {
        uint64_t start = vmas[i].start, end = vmas[i].end;
        uint8_t prot = vmas[i].prot;
        for (i++; i < n_vmas && vmas[i].start == end && vmas[i].prot == prot; i++)
            end = vmas[i].end;
        fprintf(f, "%016" PRIx64 "-%016" PRIx64 " %016" PRIx64 " %c%c%c\n", start, end, end - start,
                prot & PROT_READ ? 'r' : '-', prot & PROT_WRITE ? 'w' : '-', prot & PROT_EXEC ? 'x' : '-');
    }
    pthread_mutex_unlock(&mem_lock);
    funlockfile(f);
}
