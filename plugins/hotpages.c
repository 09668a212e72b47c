/*
 * hotpages: which memory pages see the most accesses.
 *
 * Arguments:
 *   sortby=reads|writes|address  order of the report (default: by reads
 *                                plus writes, most first)
 *   io=on|off                    count only accesses to IO (system
 *                                emulation; in user mode there are none)
 *   pagesize=N                   page size, a power of two (default 4096)
 *
 * Report (at most 50 pages):
 *   Addr, RCPUs, Reads, WCPUs, Writes
 *   0x<page>, <mask of vCPUs that read>, <reads>, <mask that wrote>, <writes>
 * Each access counts once, whatever its size.
 *
 * Each vCPU counts into pages of its own, without a lock: a table of the
 * pages it touched, in front of which a small direct-mapped cache keeps
 * the counters of its recent pages, so that most accesses cost a compare
 * and an addition. Loads and stores have callbacks of their own, which
 * saves asking each access which it is. At exit the vCPUs' pages are
 * added up; a page's vCPU masks say which vCPUs read or wrote it.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "hotpages";

#define REPORT_LIMIT 50

typedef enum { SORT_RW, SORT_R, SORT_W, SORT_ADDR } SortBy;

typedef struct {
    uint64_t page;
    uint64_t read_cpus;                      /* bit n: vCPU n (mod 64) */
    uint64_t write_cpus;
    uint64_t reads;
    uint64_t writes;
} Page;

/* A vCPU's count for one page; counts[0] reads, counts[1] writes. */
typedef struct {
    uint64_t page;
    uint64_t counts[2];
} PageCount;

#define RECENT 1024                          /* a power of two */

typedef struct {
    struct {
        uint64_t page;                       /* valid when count is set */
        PageCount *count;
    } recent[RECENT];                        /* by page number mod RECENT */
    GHashTable *pages;                       /* page -> PageCount */
} VcpuPages;

/* Plugin-lifetime state; each vCPU's pages are that vCPU's alone. */
static PluginVcpuData vcpu_pages;            /* VcpuPages */
static uint64_t page_size = 4096;
static unsigned page_bits = 12;
static SortBy sort_by = SORT_RW;
static bool track_io;
static bool system_emulation;

/* The page's counters, when they are not among the recent ones. */
static __attribute__((noinline)) void count_slow(unsigned int vcpu,
                                                 uint64_t page, int store)
{
    VcpuPages *v = PUTIL_VCPU(&vcpu_pages, vcpu, VcpuPages);
    PageCount *c;

    if (!v->pages) {
        v->pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                         g_free);
    }
    c = g_hash_table_lookup(v->pages, &page);
    if (!c) {
        c = g_new0(PageCount, 1);
        c->page = page;
        g_hash_table_insert(v->pages, &c->page, c);
    }
    v->recent[(page >> page_bits) % RECENT].page = page;
    v->recent[(page >> page_bits) % RECENT].count = c;
    c->counts[store]++;
}

static inline void count(unsigned int vcpu, uint64_t addr, int store)
{
    VcpuPages *v = PUTIL_VCPU_FIND(&vcpu_pages, vcpu, VcpuPages);
    uint64_t page = addr & ~(page_size - 1);
    unsigned slot = (page >> page_bits) % RECENT;

    if (v && v->recent[slot].count && v->recent[slot].page == page) {
        v->recent[slot].count->counts[store]++;
    } else {
        count_slow(vcpu, page, store);
    }
}

/* User mode: every access is to memory, by its virtual address. */
static void load(unsigned int vcpu, qemu_plugin_meminfo_t info,
                 uint64_t vaddr, void *udata)
{
    count(vcpu, vaddr, 0);
}

static void store(unsigned int vcpu, qemu_plugin_meminfo_t info,
                  uint64_t vaddr, void *udata)
{
    count(vcpu, vaddr, 1);
}

/* System mode: memory by physical address, or only IO (io=on). */
static void system_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                          uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    bool io = hw && qemu_plugin_hwaddr_is_io(hw);

    if (track_io == io) {
        count(vcpu, hw && !io ? qemu_plugin_hwaddr_phys_addr(hw) : vaddr,
              qemu_plugin_mem_is_store(info));
    }
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

        if (system_emulation) {
            qemu_plugin_register_vcpu_mem_cb(insn, system_access,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
        } else if (!track_io) {              /* user mode has no IO */
            qemu_plugin_register_vcpu_mem_cb(insn, load,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_R, NULL);
            qemu_plugin_register_vcpu_mem_cb(insn, store,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_W, NULL);
        }
    }
}

/* Every vCPU's counts, page by page. */
static GHashTable *add_up(void)
{
    GHashTable *pages = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                              NULL, g_free);

    for (unsigned int i = 0; i < putil_vcpu_end(&vcpu_pages); i++) {
        VcpuPages *v = PUTIL_VCPU_FIND(&vcpu_pages, i, VcpuPages);
        GHashTableIter it;
        gpointer value;

        if (!v || !v->pages) {
            continue;
        }
        g_hash_table_iter_init(&it, v->pages);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
            PageCount *c = value;
            Page *p = g_hash_table_lookup(pages, &c->page);

            if (!p) {
                p = g_new0(Page, 1);
                p->page = c->page;
                g_hash_table_insert(pages, &p->page, p);
            }
            p->reads += c->counts[0];
            p->writes += c->counts[1];
            p->read_cpus |= c->counts[0] ? UINT64_C(1) << (i % 64) : 0;
            p->write_cpus |= c->counts[1] ? UINT64_C(1) << (i % 64) : 0;
        }
        g_hash_table_destroy(v->pages);
        v->pages = NULL;
    }
    return pages;
}

static gint page_order(gconstpointer a, gconstpointer b)
{
    const Page *x = a, *y = b;
    int r = 0;

    switch (sort_by) {
    case SORT_RW:
        r = putil_cmp_u64_desc(x->reads + x->writes, y->reads + y->writes);
        break;
    case SORT_R:
        r = putil_cmp_u64_desc(x->reads, y->reads);
        break;
    case SORT_W:
        r = putil_cmp_u64_desc(x->writes, y->writes);
        break;
    case SORT_ADDR:
        break;
    }
    return r ? r : putil_cmp_u64(x->page, y->page);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new("Addr, RCPUs, Reads, WCPUs, Writes\n");
    GHashTable *pages = add_up();
    GList *list;
    int i = 0;

    list = g_list_sort(g_hash_table_get_values(pages), page_order);
    for (GList *l = list; l && i < REPORT_LIMIT; l = l->next, i++) {
        Page *p = l->data;

        g_string_append_printf(s, "0x%016" PRIx64 ", 0x%04" PRIx64 ", %"
                               PRIu64 ", 0x%04" PRIx64 ", %" PRIu64 "\n",
                               p->page, p->read_cpus, p->reads,
                               p->write_cpus, p->writes);
    }
    g_list_free(list);
    g_hash_table_destroy(pages);
    qemu_plugin_outs(s->str);
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    static const PluginChoice sorts[] = {
        { "reads", SORT_R }, { "writes", SORT_W }, { "address", SORT_ADDR },
    };

    if (parg_is(a, "sortby")) {
        return PARG_CHOOSE(NAME, a, sorts, "reads, writes or address", sort_by);
    }
    if (parg_is(a, "io")) {
        return parg_bool(NAME, a, &track_io);
    }
    if (parg_is(a, "pagesize")) {
        if (!parg_u64(NAME, a, 1, &page_size)) {
            return false;
        }
        if (page_size & (page_size - 1)) {
            return parg_fail(NAME, a, "a power of two");
        }
        return true;
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    if (parg_each(argc, argv, parse_arg, NULL)) {
        return -1;
    }
    system_emulation = info->system_emulation;
    page_bits = __builtin_ctzll(page_size);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
