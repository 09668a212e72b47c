/*
 * hotpages: which memory pages see the most accesses.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin hotpages,help` prints it).
 *
 * Report (at most 50 pages):
 *   Addr, RCPUs, Reads, WCPUs, Writes
 *   0x<page>, <mask of vCPUs that read>, <reads>, <mask that wrote>, <writes>
 * Each access counts once, whatever its size.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "which memory pages see the most accesses\n"
    "  sortby=reads|writes|address  order of the report (default reads plus writes)\n"
    "  io=on|off                    count only accesses to IO (system emulation only)\n"
    "  pagesize=N                   page size, a power of two (default 4096)\n");

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

/* Plugin-lifetime state; pages are shared by all vCPUs under the lock. */
static GHashTable *pages;
static GMutex pages_lock;
static uint64_t page_size = 4096;
static SortBy sort_by = SORT_RW;
static bool track_io;

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    bool io = hw && qemu_plugin_hwaddr_is_io(hw);
    uint64_t addr = vaddr;
    Page *p;

    if (track_io != io) {
        return;
    }
    if (hw && !io) {
        addr = qemu_plugin_hwaddr_phys_addr(hw);
    }
    addr &= ~(page_size - 1);

    g_mutex_lock(&pages_lock);
    p = g_hash_table_lookup(pages, &addr);
    if (!p) {
        p = g_new0(Page, 1);
        p->page = addr;
        g_hash_table_insert(pages, &p->page, p);
    }
    if (qemu_plugin_mem_is_store(info)) {
        p->writes++;
        p->write_cpus |= UINT64_C(1) << (vcpu % 64);
    } else {
        p->reads++;
        p->read_cpus |= UINT64_C(1) << (vcpu % 64);
    }
    g_mutex_unlock(&pages_lock);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        qemu_plugin_register_vcpu_mem_cb(qemu_plugin_tb_get_insn(tb, i),
                                         mem_access, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
    }
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
    GList *list;
    int i = 0;

    g_mutex_lock(&pages_lock);
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
    g_mutex_unlock(&pages_lock);
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
    pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
