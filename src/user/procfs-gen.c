/*
 * The text of the guest's own /proc/self files, in the kernel's formats
 * (proc(5)), with guest addresses only: maps, smaps, smaps_rollup,
 * numa_maps, stat, statm, syscall.
 *
 * The layout comes from the guest's area list (mem_areas); what the kernel
 * counts per mapping (resident, dirty, swapped pages, NUMA placement) comes
 * from peek's own smaps and numa_maps, whose entries inside the guest space
 * are the guest's mappings at guest_base + address. A host mapping that
 * spans several guest areas (the host merges neighbours with the same host
 * protection) is shared among them in proportion to their sizes, exact
 * when the pages are evenly spread and close otherwise. The keys and their
 * order are the running kernel's.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "exec/image.h"
#include "user/arch.h"
#include "user/procfs.h"
#include "user/syscall.h"
#include "user/thread.h"
#include "util/util.h"

#define MAX_KEYS 48

typedef struct AreaUse {
    double kb[MAX_KEYS];       /* smaps "Key: N kB" values */
    double numa[MAX_KEYS];     /* numa_maps "key=N" counts */
    char *other;               /* smaps lines without kB (THPeligible...) */
    char *vmflags;             /* VmFlags beyond rd wr ex sh */
    char *policy;              /* numa_maps memory policy */
    size_t first_host;         /* 1 + index of the first host mapping over it */
} AreaUse;

typedef struct Usage {
    MemArea *areas;
    size_t n;
    AreaUse *use;
    char keys[MAX_KEYS][24];   /* smaps keys, in the kernel's order */
    int n_keys;
    char nkeys[MAX_KEYS][24];  /* numa_maps count keys */
    int n_nkeys;
    uint64_t (*hosts)[2];      /* host smaps ranges, for numa_maps' starts */
    size_t n_hosts;
} Usage;

static char *slurp(const char *rel)
{
    char path[64];
    procfs_host_path(path, sizeof(path), rel);
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, len = 0, n;
    do {
        buf = xrealloc(buf, cap += 65536);
        len += n = fread(buf + len, 1, cap - len - 1, f);
    } while (n > 0);
    fclose(f);
    buf[len] = 0;
    return buf;
}

static int key_index(char (*keys)[24], int *n, const char *k, size_t len)
{
    for (int i = 0; i < *n; i++)
        if (strlen(keys[i]) == len && !strncmp(keys[i], k, len))
            return i;
    if (*n == MAX_KEYS || len >= sizeof(keys[0]))
        return -1;
    memcpy(keys[*n], k, len);
    keys[*n][len] = 0;
    return (*n)++;
}

/* The guest areas that host range [hs, he) overlaps: *lo..*hi, each with
 * the share of the host range it covers in frac[]. */
static void overlaps(const Usage *u, uint64_t hs, uint64_t he, size_t *lo, size_t *hi,
                     double *frac)
{
    *lo = *hi = 0;
    if (he <= guest_base || hs >= guest_base + GUEST_SPACE_SIZE)
        return;
    size_t i = 0;
    while (i < u->n && guest_base + u->areas[i].end <= hs)
        i++;
    *lo = i;
    for (; i < u->n && guest_base + u->areas[i].start < he; i++) {
        uint64_t s = guest_base + u->areas[i].start, e = guest_base + u->areas[i].end;
        s = s > hs ? s : hs;
        e = e < he ? e : he;
        frac[i] = (double)(e - s) / (double)(he - hs);
    }
    *hi = i;
}

static void set_once(char **slot, const char *s)
{
    if (!*slot)
        *slot = xstrdup(s);
}

static void load_smaps(Usage *u, double *frac)
{
    char *text = slurp("self/smaps");
    size_t lo = 0, hi = 0, cap = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        uint64_t hs, he;
        char *colon = strchr(line, ':'), *space = strchr(line, ' ');
        if (sscanf(line, "%" SCNx64 "-%" SCNx64 " ", &hs, &he) == 2 && space &&
            (!colon || colon > space)) {
            if (u->n_hosts == cap)
                u->hosts = xrealloc(u->hosts, (cap = cap * 2 + 64) * sizeof(*u->hosts));
            u->hosts[u->n_hosts][0] = hs;
            u->hosts[u->n_hosts++][1] = he;
            overlaps(u, hs, he, &lo, &hi, frac);
            for (size_t i = lo; i < hi; i++)
                if (!u->use[i].first_host)
                    u->use[i].first_host = u->n_hosts;
            continue;
        }
        if (!colon)
            continue;
        char *end;
        double v = strtod(colon + 1, &end);
        int k = end > colon + 1 && !strcmp(end, " kB")
                    ? key_index(u->keys, &u->n_keys, line, (size_t)(colon - line)) : -1;
        for (size_t i = lo; i < hi; i++) {
            AreaUse *au = &u->use[i];
            if (k >= 0 && strstr(u->keys[k], "PageSize")) {
                au->kb[k] = v;
            } else if (k >= 0) {
                au->kb[k] += v * frac[i];
            } else if (au->first_host != u->n_hosts) {
                continue;    /* the rest is taken from the first host mapping */
            } else if (!strncmp(line, "VmFlags:", 8)) {
                char flags[256] = "", *save, *t;
                for (t = strtok_r(line + 8, " ", &save); t; t = strtok_r(NULL, " ", &save))
                    if (strcmp(t, "rd") && strcmp(t, "wr") && strcmp(t, "ex") && strcmp(t, "sh") &&
                        strlen(flags) + strlen(t) + 2 < sizeof(flags))
                        strcat(strcat(flags, " "), t);
                set_once(&au->vmflags, flags);
            } else {
                size_t ol = au->other ? strlen(au->other) : 0, len = strlen(line);
                au->other = xrealloc(au->other, ol + len + 2);
                memcpy(au->other + ol, line, len);
                memcpy(au->other + ol + len, "\n", 2);
            }
        }
    }
    free(text);
}

static void load_numa(Usage *u, double *frac)
{
    char *text = slurp("self/numa_maps");
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = 0;
        uint64_t hs;
        int used;
        char policy[64];
        if (sscanf(line, "%" SCNx64 " %63s%n", &hs, policy, &used) != 2)
            continue;
        size_t a = 0, b = u->n_hosts;
        while (a < b) {
            size_t m = (a + b) / 2;
            if (u->hosts[m][0] < hs)
                a = m + 1;
            else
                b = m;
        }
        if (a == u->n_hosts || u->hosts[a][0] != hs)
            continue;
        size_t lo, hi;
        overlaps(u, hs, u->hosts[a][1], &lo, &hi, frac);
        for (size_t i = lo; i < hi; i++)
            set_once(&u->use[i].policy, policy);
        char *save;
        for (char *t = strtok_r(line + used, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
            char *eq = strchr(t, '='), *end;
            if (!eq || !strncmp(t, "kernelpagesize_kB", 17))
                continue;
            double v = strtod(eq + 1, &end);
            int k = *end ? -1 : key_index(u->nkeys, &u->n_nkeys, t, (size_t)(eq - t));
            bool max = k >= 0 && !strcmp(u->nkeys[k], "mapmax");
            for (size_t i = lo; k >= 0 && i < hi; i++)
                u->use[i].numa[k] = max ? fmax(u->use[i].numa[k], v) : u->use[i].numa[k] + v * frac[i];
        }
    }
    free(text);
}

static void usage_load(Usage *u, bool numa)
{
    memset(u, 0, sizeof(*u));
    u->areas = mem_areas(&u->n);
    u->use = xmalloc((u->n + 1) * sizeof(*u->use));
    memset(u->use, 0, (u->n + 1) * sizeof(*u->use));
    double *frac = xmalloc((u->n + 1) * sizeof(*frac));
    load_smaps(u, frac);
    if (numa)
        load_numa(u, frac);
    free(frac);
}

static void usage_free(Usage *u)
{
    for (size_t i = 0; i < u->n; i++) {
        free(u->use[i].other);
        free(u->use[i].vmflags);
        free(u->use[i].policy);
    }
    free(u->use);
    free(u->hosts);
    mem_areas_free(u->areas, u->n);
}

static double kb_of(const Usage *u, size_t i, const char *key)
{
    for (int k = 0; k < u->n_keys; k++)
        if (!strcmp(u->keys[k], key))
            return u->use[i].kb[k];
    return 0;
}

static void put_kb(FILE *f, const char *key, double v)
{
    char label[32];
    snprintf(label, sizeof(label), "%s:", key);
    fprintf(f, "%-16s%8llu kB\n", label, (unsigned long long)llround(v));
}

static void gen_smaps(FILE *f, const Usage *u)
{
    for (size_t i = 0; i < u->n; i++) {
        const MemArea *a = &u->areas[i];
        mem_area_line(f, a);
        for (int k = 0; k < u->n_keys; k++)
            put_kb(f, u->keys[k], !strcmp(u->keys[k], "Size") ? (double)(a->end - a->start) / 1024
                                                              : u->use[i].kb[k]);
        if (u->use[i].other)
            fputs(u->use[i].other, f);
        fprintf(f, "VmFlags:%s%s%s%s%s \n", a->prot & PROT_READ ? " rd" : "",
                a->prot & PROT_WRITE ? " wr" : "", a->prot & PROT_EXEC ? " ex" : "",
                a->shared ? " sh" : "", u->use[i].vmflags ? u->use[i].vmflags : "");
    }
}

/* smaps_rollup: smaps' counters summed, and Pss split by kind of page
 * (a share of Pss in proportion to Anonymous/Rss is anonymous). */
static void gen_rollup(FILE *f, const Usage *u)
{
    MemArea all = { .name = "[rollup]" };
    if (u->n) {
        all.start = u->areas[0].start;
        all.end = u->areas[u->n - 1].end;
    }
    mem_area_line(f, &all);
    double anon = 0, file = 0, shmem = 0;
    for (size_t i = 0; i < u->n; i++) {
        double pss = kb_of(u, i, "Pss"), rss = kb_of(u, i, "Rss");
        double a = rss > 0 ? pss * kb_of(u, i, "Anonymous") / rss : 0;
        anon += a;
        if (u->areas[i].dev || u->areas[i].ino)
            file += pss - a;
        else if (u->areas[i].shared)
            shmem += pss - a;
    }
    bool has_dirty = false;
    for (int k = 0; k < u->n_keys; k++)
        has_dirty |= !strcmp(u->keys[k], "Pss_Dirty");
    for (int k = 0; k < u->n_keys; k++) {
        const char *key = u->keys[k];
        if (!strcmp(key, "Size") || strstr(key, "PageSize"))
            continue;
        double sum = 0;
        for (size_t i = 0; i < u->n; i++)
            sum += u->use[i].kb[k];
        put_kb(f, key, sum);
        if (!strcmp(key, has_dirty ? "Pss_Dirty" : "Pss")) {
            put_kb(f, "Pss_Anon", anon);
            put_kb(f, "Pss_File", file);
            put_kb(f, "Pss_Shmem", shmem);
        }
    }
}

static void gen_numa(FILE *f, const Usage *u)
{
    for (size_t i = 0; i < u->n; i++) {
        const MemArea *a = &u->areas[i];
        fprintf(f, "%08" PRIx64 " %s", a->start, u->use[i].policy ? u->use[i].policy : "default");
        if (a->name && (a->dev || a->ino))
            fprintf(f, " file=%s", a->name);
        else if (a->name && !strcmp(a->name, "[heap]"))
            fputs(" heap", f);
        else if (a->name && !strcmp(a->name, "[stack]"))
            fputs(" stack", f);
        bool pages = false;
        for (int k = 0; k < u->n_nkeys; k++) {
            long long v = llround(u->use[i].numa[k]);
            if (v > 0)
                fprintf(f, " %s=%lld", u->nkeys[k], v);
            pages |= v > 0;
        }
        if (pages)
            fprintf(f, " kernelpagesize_kB=%llu", GUEST_PAGE_SIZE / 1024);
        fputc('\n', f);
    }
}

/* Pages of the guest's mappings: all, resident, resident and file-backed
 * or shared, private writable (Linux's data + stack). */
typedef struct PageCounts {
    uint64_t size, resident, shared, data;
} PageCounts;

static PageCounts page_counts(const Usage *u)
{
    PageCounts c = { 0 };
    for (size_t i = 0; i < u->n; i++) {
        const MemArea *a = &u->areas[i];
        uint64_t pages = (a->end - a->start) >> GUEST_PAGE_BITS;
        double rss = kb_of(u, i, "Rss") / (GUEST_PAGE_SIZE / 1024);
        c.size += pages;
        c.resident += (uint64_t)llround(rss);
        if (a->dev || a->ino || a->shared)
            c.shared += (uint64_t)llround(rss - kb_of(u, i, "Anonymous") / (GUEST_PAGE_SIZE / 1024));
        if ((a->prot & PROT_WRITE) && !a->shared)
            c.data += pages;
    }
    return c;
}

static void gen_statm(FILE *f, const Usage *u)
{
    PageCounts c = page_counts(u);
    uint64_t text = (((guest_image.end_code + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK) -
                     (guest_image.start_code & GUEST_PAGE_MASK)) >> GUEST_PAGE_BITS;
    fprintf(f, "%" PRIu64 " %" PRIu64 " %" PRIu64 " %" PRIu64 " 0 %" PRIu64 " 0\n", c.size,
            c.resident, c.shared, text, c.data);
}

/* /proc/<pid>/stat with new values for some fields (1-based, as proc(5)
 * numbers them; set[i] says whether field i is replaced by val[i]). */
#define STAT_FIELDS 53
static void put_stat(FILE *f, const char *host, const bool *set, const uint64_t *val)
{
    const char *close = strrchr(host, ')');
    if (!close)
        return;
    fwrite(host, 1, (size_t)(close + 1 - host), f);
    const char *p = close + 1;
    for (int field = 3; *p && *p != '\n'; field++) {
        p += strspn(p, " ");
        size_t len = strcspn(p, " \n");
        if (field < STAT_FIELDS && set[field])
            fprintf(f, " %" PRIu64, val[field]);
        else
            fprintf(f, " %.*s", (int)len, p);
        p += len;
    }
    fputc('\n', f);
}

void procfs_gen_stat_hidden(FILE *f, const char *host_text)
{
    bool set[STAT_FIELDS] = { 0 };
    uint64_t val[STAT_FIELDS] = { 0 };
    static const int hidden[] = { 26, 27, 28, 29, 30, 35, 45, 46, 47, 48, 49, 50, 51, 52 };
    for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
        set[hidden[i]] = true;
    val[26] = val[27] = 1;    /* startcode, endcode: what Linux shows then */
    put_stat(f, host_text, set, val);
}

static void gen_stat(FILE *f, const Usage *u, const char *host_text)
{
    PageCounts c = page_counts(u);
    bool set[STAT_FIELDS] = { 0 };
    uint64_t val[STAT_FIELDS] = { 0 };
    const uint64_t fields[][2] = {
        { 23, c.size << GUEST_PAGE_BITS },  /* vsize */
        { 24, c.resident },                 /* rss */
        { 26, guest_image.start_code }, { 27, guest_image.end_code },
        { 28, user_image.sp },              /* startstack: where argc is */
        { 29, 0 }, { 30, 0 },               /* kstkesp, kstkeip: only of a dying task */
        { 45, user_image.start_data }, { 46, user_image.end_data },
        { 47, user_image.start_brk },
        { 48, user_image.arg_start }, { 49, user_image.arg_end },
        { 50, user_image.env_start }, { 51, user_image.env_end },
    };
    for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
        set[fields[i][0]] = true;
        val[fields[i][0]] = fields[i][1];
    }
    put_stat(f, host_text, set, val);
}

/* /proc/<pid>/task/<tid>/syscall: the call a thread is in, with the guest's
 * number, arguments, stack pointer and return address. */
static void gen_syscall(FILE *f, int tid)
{
    user_task_lock();
    TaskState *ts = user_task_by_tid__locked(tid ? tid : getpid());
    if (ts && __atomic_load_n(&ts->in_syscall, __ATOMIC_ACQUIRE)) {
        fprintf(f, "%" PRId64, ts->sc_nr);
        for (int i = 0; i < 6; i++)
            fprintf(f, " 0x%" PRIx64, ts->sc_args[i]);
        fprintf(f, " 0x%" PRIx64 " 0x%" PRIx64 "\n", ts->sc_sp, ts->sc_pc);
    } else {
        fputs("running\n", f);
    }
    user_task_unlock();
}

bool procfs_gen(FILE *f, const char *leaf, int tid, const char *host_text)
{
    if (!strcmp(leaf, "maps")) {
        size_t n;
        MemArea *a = mem_areas(&n);
        for (size_t i = 0; i < n; i++)
            mem_area_line(f, &a[i]);
        mem_areas_free(a, n);
        return true;
    }
    if (!strcmp(leaf, "syscall")) {
        gen_syscall(f, tid);
        return true;
    }
    bool numa = !strcmp(leaf, "numa_maps");
    if (!numa && strcmp(leaf, "smaps") && strcmp(leaf, "smaps_rollup") &&
        strcmp(leaf, "statm") && strcmp(leaf, "stat"))
        return false;
    if (!strcmp(leaf, "stat") && !host_text)
        return false;
    Usage u;
    usage_load(&u, numa);
    if (numa)
        gen_numa(f, &u);
    else if (!strcmp(leaf, "smaps"))
        gen_smaps(f, &u);
    else if (!strcmp(leaf, "smaps_rollup"))
        gen_rollup(f, &u);
    else if (!strcmp(leaf, "statm"))
        gen_statm(f, &u);
    else
        gen_stat(f, &u, host_text);
    usage_free(&u);
    return true;
}
