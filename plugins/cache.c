/*
 * cache: simulate L1 instruction and data caches, and optionally a unified
 * L2, on the guest's instruction fetches and memory accesses.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin cache,help` prints it).
 * A cache needs a power-of-two block size, and a size that is a multiple
 * of block size times associativity giving a power-of-two number of sets.
 * evict=rand uses a fixed seed, so runs repeat; in user mode cores=N
 * still gives one core per vCPU index modulo N.
 *
 * Every executed instruction is one fetch from the I-cache at its address;
 * every memory access is one access to the D-cache at its address (in
 * system mode both by physical address, and device accesses left out). L1
 * misses go to the L2. The report gives, per core and summed when there
 * are several, accesses, misses and miss rates, then the instructions with
 * the most data misses, fetch misses and L2 misses, with their symbols.
 *
 * The callbacks do not simulate: each vCPU appends its accesses to a
 * buffer of its own, without a lock, and when the buffer is full (and at
 * exit) replays it through its core's caches under the core's lock, so
 * that one lock is taken per few hundred accesses rather than per access.
 * A vCPU's accesses reach the caches in the order it made them, so a
 * single-threaded program gets exactly the results of a simulation access
 * by access; the accesses of several vCPUs sharing a core interleave by
 * buffer rather than by instruction, which is as valid an interleaving as
 * any their threads could have run in. Consecutive accesses of a vCPU to
 * the block it touched last in the same L1 are one buffer entry with a
 * count: all but the first hit (the block is the most recently used of
 * its set, and nothing touched that cache in between), so they change
 * nothing but the access count, whatever the policy.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "simulates L1 instruction and data caches, and optionally an L2\n"
    "  limit=N                              rows of each per-instruction table (default 32)\n"
    "  icachesize=N iblksize=B iassoc=A     L1 I-cache geometry (16384, 64, 8)\n"
    "  dcachesize=N dblksize=B dassoc=A     L1 D-cache geometry (16384, 64, 8)\n"
    "  evict=lru|fifo|rand                  replacement policy (default lru)\n"
    "  cores=N                              separate caches per core; vCPU i uses core i mod N\n"
    "  l2=on|off                            add a unified L2 behind each core's L1s\n"
    "  l2cachesize=N l2blksize=B l2assoc=A  L2 geometry (2 MiB, 64, 16); any of them implies l2=on\n");

static const char *const NAME = "cache";

typedef enum { EVICT_LRU, EVICT_FIFO, EVICT_RAND } Policy;

/* A line's tag when it holds nothing (no address >> bits is all ones). */
#define NO_BLOCK UINT64_MAX

typedef struct {
    uint64_t *blocks;                        /* sets * assoc: address >> bits */
    uint64_t *stamps;                        /* LRU: last use, FIFO: fill */
    uint64_t set_mask;
    unsigned block_bits;
    unsigned assoc;
    uint64_t clock;
    uint64_t accesses;
    uint64_t misses;
    GRand *rng;
} Cache;

typedef struct {
    uint64_t blksize;
    uint64_t assoc;
    uint64_t size;
} Geometry;

/* Per guest instruction, shared by its retranslations. */
typedef struct {
    uint64_t addr;
    char *disas;
    const char *symbol;
    uint64_t l1_dmisses;                     /* atomic */
    uint64_t l1_imisses;                     /* atomic */
    uint64_t l2_misses;                      /* atomic */
} InsnData;

/*
 * System mode: one instruction at one physical address (a virtual address
 * may map different code in different address spaces, and one physical
 * page may be mapped at several virtual addresses); fetches go to the
 * I-cache by the physical address.
 */
typedef struct {
    uint64_t vaddr;
    uint64_t paddr;
    InsnData *insn;
} FetchSite;

/*
 * `count` accesses in a row by one vCPU to the block of addr in one L1
 * (the D-cache if data, else the I-cache), the first of them by insn.
 */
typedef struct {
    uint64_t addr;
    InsnData *insn;
    uint64_t count;
    bool data;
} Access;

#define BATCH 256

/* A vCPU's accesses not yet simulated. */
typedef struct {
    Access *last[2];                         /* I-cache's, D-cache's, or NULL */
    unsigned n;
    Access buf[BATCH];
} Batch;

/*
 * Plugin-lifetime state: caches are set up at install and the caches of a
 * core are used under the core's lock; each vCPU's batch by that vCPU
 * alone (and at exit, when no callback runs); the instruction table under
 * its own lock.
 */
static Policy policy = EVICT_LRU;
static uint64_t limit = 32;
static uint64_t cores = 1;
static bool use_l2;
static bool system_emulation;
static Cache **icaches, **dcaches, **l2caches;
static GMutex *core_locks;
static unsigned iblock_bits, dblock_bits;
static PluginVcpuData batches;               /* Batch */
static GHashTable *insns;                    /* addr -> InsnData */
static GHashTable *sites;                    /* FetchSite -> itself (system) */
static GMutex insns_lock;                    /* both tables */

static bool geometry_ok(const char *which, const Geometry *g)
{
    uint64_t sets;

    if (!g->blksize || (g->blksize & (g->blksize - 1))) {
        fprintf(stderr, "%s: %s block size %" PRIu64 " is not a power of "
                "two\n", NAME, which, g->blksize);
        return false;
    }
    if (!g->assoc || g->size % (g->blksize * g->assoc)) {
        fprintf(stderr, "%s: %s size %" PRIu64 " is not a multiple of block "
                "size times associativity (%" PRIu64 " * %" PRIu64 ")\n",
                NAME, which, g->size, g->blksize, g->assoc);
        return false;
    }
    sets = g->size / (g->blksize * g->assoc);
    if (!sets || (sets & (sets - 1))) {
        fprintf(stderr, "%s: %s has %" PRIu64 " sets, which is not a power "
                "of two\n", NAME, which, sets);
        return false;
    }
    return true;
}

static Cache *cache_new(const Geometry *g)
{
    Cache *c = g_new0(Cache, 1);
    uint64_t sets = g->size / (g->blksize * g->assoc);

    c->blocks = g_new(uint64_t, sets * g->assoc);
    c->stamps = g_new0(uint64_t, sets * g->assoc);
    for (uint64_t i = 0; i < sets * g->assoc; i++) {
        c->blocks[i] = NO_BLOCK;
    }
    c->set_mask = sets - 1;
    c->block_bits = __builtin_ctzll(g->blksize);
    c->assoc = g->assoc;
    if (policy == EVICT_RAND) {
        c->rng = g_rand_new_with_seed(0x5eed);
    }
    return c;
}

static Cache **caches_new(const Geometry *g)
{
    Cache **cs = g_new(Cache *, cores);

    for (uint64_t i = 0; i < cores; i++) {
        cs[i] = cache_new(g);
    }
    return cs;
}

/* One access, under the core's lock; true on a hit. */
static bool cache_access(Cache *c, uint64_t addr)
{
    uint64_t block = addr >> c->block_bits;
    uint64_t first = (block & c->set_mask) * c->assoc;
    uint64_t *blocks = &c->blocks[first], *stamps = &c->stamps[first];
    unsigned victim;

    c->accesses++;
    c->clock++;
    for (unsigned w = 0; w < c->assoc; w++) {
        if (blocks[w] == block) {
            if (policy == EVICT_LRU) {
                stamps[w] = c->clock;
            }
            return true;
        }
    }
    c->misses++;
    for (victim = 0; victim < c->assoc; victim++) {
        if (blocks[victim] == NO_BLOCK) {
            break;
        }
    }
    if (victim == c->assoc && policy == EVICT_RAND) {
        victim = g_rand_int_range(c->rng, 0, c->assoc);
    } else if (victim == c->assoc) {
        /* Oldest stamp: least recently used, or first filled. */
        victim = 0;
        for (unsigned w = 1; w < c->assoc; w++) {
            if (stamps[w] < stamps[victim]) {
                victim = w;
            }
        }
    }
    blocks[victim] = block;
    stamps[victim] = c->clock;
    return false;
}

/* Simulate vcpu's buffered accesses and empty its buffer. */
static void replay(Batch *b, unsigned int vcpu)
{
    unsigned int core = vcpu % cores;

    g_mutex_lock(&core_locks[core]);
    for (unsigned i = 0; i < b->n; i++) {
        const Access *a = &b->buf[i];
        Cache *l1 = a->data ? dcaches[core] : icaches[core];

        if (!cache_access(l1, a->addr)) {
            __atomic_add_fetch(a->data ? &a->insn->l1_dmisses
                                       : &a->insn->l1_imisses,
                               1, __ATOMIC_RELAXED);
            if (use_l2 && !cache_access(l2caches[core], a->addr)) {
                __atomic_add_fetch(&a->insn->l2_misses, 1, __ATOMIC_RELAXED);
            }
        }
        l1->accesses += a->count - 1;        /* the hits that followed */
    }
    g_mutex_unlock(&core_locks[core]);
    b->n = 0;
    b->last[0] = b->last[1] = NULL;
}

/* A new entry, after replaying a full buffer. */
static __attribute__((noinline)) void append(unsigned int vcpu, uint64_t addr,
                                             InsnData *insn, bool data)
{
    Batch *b = PUTIL_VCPU(&batches, vcpu, Batch);

    if (b->n == BATCH) {
        replay(b, vcpu);
    }
    b->buf[b->n] = (Access){ .addr = addr, .insn = insn, .count = 1,
                             .data = data };
    b->last[data] = &b->buf[b->n++];
}

/* The common case, the same block again, is a leaf function's work. */
static inline void record(unsigned int vcpu, uint64_t addr, InsnData *insn,
                          bool data)
{
    Batch *b = PUTIL_VCPU_FIND(&batches, vcpu, Batch);
    Access *last = b ? b->last[data] : NULL;
    unsigned bits = data ? dblock_bits : iblock_bits;

    if (last && ((last->addr ^ addr) >> bits) == 0) {
        last->count++;
    } else {
        append(vcpu, addr, insn, data);
    }
}

/* User mode: every access is to memory, by its virtual address. */
static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    record(vcpu, vaddr, udata, true);
}

/* System mode: by physical address, and devices are not cached. */
static void system_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                          uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    if (!hw || !qemu_plugin_hwaddr_is_io(hw)) {
        record(vcpu, hw ? qemu_plugin_hwaddr_phys_addr(hw) : vaddr, udata,
               true);
    }
}

static void insn_exec(unsigned int vcpu, void *udata)
{
    InsnData *insn = udata;

    record(vcpu, insn->addr, insn, false);
}

static void system_insn_exec(unsigned int vcpu, void *udata)
{
    FetchSite *site = udata;

    record(vcpu, site->paddr, site->insn, false);
}

/* Not a plain xor of the two: the kernel's virtual and physical
 * addresses differ by a constant in their high bits, which would give
 * every kernel instruction the same hash. */
static guint site_hash(gconstpointer p)
{
    const FetchSite *s = p;
    uint64_t h = (s->vaddr * 0x9e3779b97f4a7c15ull) ^ s->paddr;

    return (guint)(h ^ (h >> 32));
}

static gboolean site_equal(gconstpointer a, gconstpointer b)
{
    const FetchSite *x = a, *y = b;

    return x->vaddr == y->vaddr && x->paddr == y->paddr;
}

/* The fetch site of insn at vaddr, under insns_lock. */
static FetchSite *site_of(InsnData *insn, uint64_t vaddr)
{
    FetchSite key = { .vaddr = vaddr, .paddr = vaddr, .insn = insn };
    FetchSite *site;

    if (!qemu_plugin_translate_vaddr(vaddr, &key.paddr)) {
        key.paddr = vaddr;                   /* no mapping a load may use */
    }
    site = g_hash_table_lookup(sites, &key);
    if (!site) {
        site = g_memdup2(&key, sizeof(key));
        g_hash_table_add(sites, site);
    }
    return site;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t addr = qemu_plugin_insn_vaddr(insn);
        InsnData *d;

        g_mutex_lock(&insns_lock);
        d = g_hash_table_lookup(insns, &addr);
        if (!d) {
            d = g_new0(InsnData, 1);
            d->addr = addr;
            d->disas = qemu_plugin_insn_disas(insn);
            d->symbol = qemu_plugin_insn_symbol(insn);
            g_hash_table_insert(insns, &d->addr, d);
        }
        if (system_emulation) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, system_insn_exec,
                                                   QEMU_PLUGIN_CB_NO_REGS,
                                                   site_of(d, addr));
        } else {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
                                                   QEMU_PLUGIN_CB_NO_REGS, d);
        }
        g_mutex_unlock(&insns_lock);
        qemu_plugin_register_vcpu_mem_cb(insn, system_emulation ?
                                         system_access : mem_access,
                                         QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, d);
    }
}

static double rate(uint64_t misses, uint64_t accesses)
{
    return accesses ? 100.0 * misses / accesses : 0.0;
}

static void append_row(GString *s, const char *label, uint64_t da,
                       uint64_t dm, uint64_t ia, uint64_t im, uint64_t l2a,
                       uint64_t l2m)
{
    g_string_append_printf(s, "%-8s%-14" PRIu64 " %-12" PRIu64 " %9.4f%%  %-14"
                           PRIu64 " %-12" PRIu64 " %9.4f%%", label, da, dm,
                           rate(dm, da), ia, im, rate(im, ia));
    if (use_l2) {
        g_string_append_printf(s, "  %-12" PRIu64 " %-11" PRIu64 " %10.4f%%",
                               l2a, l2m, rate(l2m, l2a));
    }
    g_string_append_c(s, '\n');
}

static void append_totals(GString *s)
{
    uint64_t t[6] = { 0 };

    g_string_append(s, "core #, data accesses, data misses, dmiss rate, "
                    "insn accesses, insn misses, imiss rate");
    g_string_append(s, use_l2 ? ", l2 accesses, l2 misses, l2 miss rate\n"
                    : "\n");
    for (uint64_t i = 0; i < cores; i++) {
        Cache *l2 = use_l2 ? l2caches[i] : NULL;
        uint64_t row[6] = {
            dcaches[i]->accesses, dcaches[i]->misses,
            icaches[i]->accesses, icaches[i]->misses,
            l2 ? l2->accesses : 0, l2 ? l2->misses : 0,
        };
        g_autofree char *label = g_strdup_printf("%" PRIu64, i);

        append_row(s, label, row[0], row[1], row[2], row[3], row[4], row[5]);
        for (int k = 0; k < 6; k++) {
            t[k] += row[k];
        }
    }
    if (cores > 1) {
        append_row(s, "sum", t[0], t[1], t[2], t[3], t[4], t[5]);
    }
}

typedef enum { BY_DMISS, BY_IMISS, BY_L2MISS } MissKind;

static uint64_t misses_of(const InsnData *d, MissKind k)
{
    switch (k) {
    case BY_DMISS:
        return d->l1_dmisses;
    case BY_IMISS:
        return d->l1_imisses;
    case BY_L2MISS:
        return d->l2_misses;
    }
    return 0;
}

static gint cmp_misses(gconstpointer a, gconstpointer b, gpointer kind)
{
    const InsnData *x = a, *y = b;

    return putil_cmp_hot(misses_of(x, GPOINTER_TO_INT(kind)), x->addr,
                         misses_of(y, GPOINTER_TO_INT(kind)), y->addr);
}

static void append_table(GString *s, const char *title, MissKind k)
{
    GList *list = g_hash_table_get_values(insns);
    uint64_t i = 0;

    list = g_list_sort_with_data(list, cmp_misses, GINT_TO_POINTER(k));
    g_string_append_printf(s, "\naddress, %s, instruction\n", title);
    for (GList *l = list; l && i < limit; l = l->next, i++) {
        InsnData *d = l->data;

        if (!misses_of(d, k)) {
            break;
        }
        g_string_append_printf(s, "0x%" PRIx64, d->addr);
        if (d->symbol && d->symbol[0]) {
            g_string_append_printf(s, " (%s)", d->symbol);
        }
        g_string_append_printf(s, ", %" PRIu64 ", %s\n", misses_of(d, k),
                               d->disas ? d->disas : "");
    }
    g_list_free(list);
}

static void insn_free(gpointer p)
{
    InsnData *d = p;

    g_free(d->disas);
    g_free(d);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (unsigned int i = 0; i < putil_vcpu_end(&batches); i++) {
        Batch *b = PUTIL_VCPU_FIND(&batches, i, Batch);

        if (b && b->n) {
            replay(b, i);
        }
    }
    append_totals(s);
    g_mutex_lock(&insns_lock);
    append_table(s, "data misses", BY_DMISS);
    append_table(s, "fetch misses", BY_IMISS);
    if (use_l2) {
        append_table(s, "L2 misses", BY_L2MISS);
    }
    g_hash_table_destroy(sites);
    g_hash_table_destroy(insns);
    g_mutex_unlock(&insns_lock);
    qemu_plugin_outs(s->str);
}

static bool parse_policy(const PluginArg *a)
{
    static const PluginChoice policies[] = {
        { "lru", EVICT_LRU }, { "fifo", EVICT_FIFO }, { "rand", EVICT_RAND },
    };

    return PARG_CHOOSE(NAME, a, policies, "lru, fifo or rand", policy);
}

/* The three geometries the arguments describe. */
typedef struct {
    Geometry i, d, l2;
} Geometries;

static bool parse_arg(const PluginArg *a, void *opaque)
{
    Geometries *g = opaque;
    const struct {
        const char *key;
        uint64_t *field;
        bool implies_l2;
    } geo_args[] = {
        { "iblksize", &g->i.blksize, false },
        { "iassoc", &g->i.assoc, false },
        { "icachesize", &g->i.size, false },
        { "dblksize", &g->d.blksize, false },
        { "dassoc", &g->d.assoc, false },
        { "dcachesize", &g->d.size, false },
        { "l2blksize", &g->l2.blksize, true },
        { "l2assoc", &g->l2.assoc, true },
        { "l2cachesize", &g->l2.size, true },
    };

    for (size_t k = 0; k < G_N_ELEMENTS(geo_args); k++) {
        if (parg_is(a, geo_args[k].key)) {
            use_l2 |= geo_args[k].implies_l2;
            return parg_u64(NAME, a, 1, geo_args[k].field);
        }
    }
    if (parg_is(a, "limit")) {
        return parg_u64(NAME, a, 0, &limit);
    }
    if (parg_is(a, "cores")) {
        return parg_u64(NAME, a, 1, &cores);
    }
    if (parg_is(a, "l2")) {
        return parg_bool(NAME, a, &use_l2);
    }
    if (parg_is(a, "evict")) {
        return parse_policy(a);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    Geometries g = {
        .i = { 64, 8, 16384 },
        .d = { 64, 8, 16384 },
        .l2 = { 64, 16, 2 * 1024 * 1024 },
    };

    system_emulation = info->system_emulation;
    if (system_emulation) {
        cores = info->system.smp_vcpus;
    }
    if (parg_each(argc, argv, parse_arg, &g)) {
        return -1;
    }
    if (!geometry_ok("icache", &g.i) || !geometry_ok("dcache", &g.d) ||
        (use_l2 && !geometry_ok("L2 cache", &g.l2))) {
        return -1;
    }
    icaches = caches_new(&g.i);
    dcaches = caches_new(&g.d);
    l2caches = use_l2 ? caches_new(&g.l2) : NULL;
    core_locks = g_new0(GMutex, cores);
    iblock_bits = icaches[0]->block_bits;
    dblock_bits = dcaches[0]->block_bits;
    insns = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                  insn_free);
    sites = g_hash_table_new_full(site_hash, site_equal, g_free, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
