/*
 * mem: counts guest memory accesses.
 *
 * Arguments:
 *   inline=on|off          count with an inline scoreboard addition per
 *                          access ("inline mem accesses: N")
 *   callback=on|off        count with a callback per access ("mem accesses:
 *                          N"); the default when neither is given
 *   hwaddr=on|off          (also haddr=) split out accesses to IO: "io
 *                          accesses: N"; only system emulation has IO, so
 *                          in user mode that count is 0
 *   track=r|w|rw           which accesses to watch (default rw)
 *   print-accesses=on|off  print every access as a CSV line:
 *                          insn_vaddr,insn_symbol,mem_vaddr,mem_hwaddr,
 *                          access_size (bits),access_type,mem_value
 *   region-summary=on|off  at exit, per 16 KiB region touched: reads,
 *                          writes, and whether every value read back was
 *                          the one the plugin saw written ("Seen all")
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "mem";

#define REGION_SIZE (16 * 1024)

typedef struct {
    uint64_t mem;
    uint64_t io;
} MemCount;

typedef struct {
    uint64_t vaddr;
    const char *symbol;
} InsnInfo;

/*
 * A region mirrors the bytes the plugin saw stored, with a mask of which
 * bytes those are, so that a load can be checked against the last store.
 */
typedef struct {
    uint64_t base;
    uint64_t reads;
    uint64_t writes;
    uint8_t data[REGION_SIZE];
    uint8_t known[REGION_SIZE];
    bool seen_all;
} Region;

/*
 * Plugin-lifetime state. inline=on counts in a scoreboard; callbacks count
 * in a per-vCPU table they reach without a call into the emulator
 * (plugin-util.h). Regions are shared by all vCPUs under the lock.
 */
static struct qemu_plugin_scoreboard *counts;   /* MemCount, inline=on */
static qemu_plugin_u64 mem_u64;
static PluginVcpuData cb_counts;                /* MemCount, callbacks */
static bool do_inline, do_callback, do_hwaddr, do_print, do_regions;
static enum qemu_plugin_mem_rw rw = QEMU_PLUGIN_MEM_RW;
static GHashTable *regions;
static GMutex regions_lock;

static unsigned value_bytes(qemu_plugin_mem_value v, uint8_t out[16])
{
    switch (v.type) {
    case QEMU_PLUGIN_MEM_VALUE_U8:
        out[0] = v.data.u8;
        return 1;
    case QEMU_PLUGIN_MEM_VALUE_U16:
        memcpy(out, &v.data.u16, 2);
        return 2;
    case QEMU_PLUGIN_MEM_VALUE_U32:
        memcpy(out, &v.data.u32, 4);
        return 4;
    case QEMU_PLUGIN_MEM_VALUE_U64:
        memcpy(out, &v.data.u64, 8);
        return 8;
    case QEMU_PLUGIN_MEM_VALUE_U128:
        memcpy(out, &v.data.u128.low, 8);
        memcpy(out + 8, &v.data.u128.high, 8);
        return 16;
    }
    return 0;
}

/*
 * Values arrive in host order; the plugin keeps the guest's byte order in
 * memory, so a big-endian access is reversed first.
 */
static void track_region(qemu_plugin_meminfo_t info, uint64_t vaddr)
{
    uint8_t bytes[16];
    unsigned n = value_bytes(qemu_plugin_mem_get_value(info), bytes);
    bool store = qemu_plugin_mem_is_store(info);
    uint64_t base = vaddr & ~(uint64_t)(REGION_SIZE - 1);
    Region *r;

    if (qemu_plugin_mem_is_big_endian(info)) {
        for (unsigned i = 0; i < n / 2; i++) {
            uint8_t t = bytes[i];
            bytes[i] = bytes[n - 1 - i];
            bytes[n - 1 - i] = t;
        }
    }
    g_mutex_lock(&regions_lock);
    r = g_hash_table_lookup(regions, &base);
    if (!r) {
        r = g_new0(Region, 1);
        r->base = base;
        r->seen_all = true;
        g_hash_table_insert(regions, &r->base, r);
    }
    if (store) {
        r->writes++;
    } else {
        r->reads++;
    }
    /* Bytes past the region's end belong to the next region: not mirrored. */
    for (unsigned i = 0; i < n && (vaddr - base) + i < REGION_SIZE; i++) {
        uint64_t off = vaddr - base + i;

        if (store) {
            r->data[off] = bytes[i];
            r->known[off] = 1;
        } else if (!r->known[off] || r->data[off] != bytes[i]) {
            r->seen_all = false;
        }
    }
    g_mutex_unlock(&regions_lock);
}

static void print_access(qemu_plugin_meminfo_t info, uint64_t vaddr,
                         const InsnInfo *ii)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);
    uint64_t phys = hw ? qemu_plugin_hwaddr_phys_addr(hw) : 0;
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    g_autoptr(GString) s = g_string_new(NULL);

    g_string_printf(s, "0x%" PRIx64 ",%s,0x%" PRIx64 ",0x%" PRIx64 ",%u,%s,",
                    ii->vaddr, ii->symbol, vaddr, phys,
                    8u << qemu_plugin_mem_size_shift(info),
                    qemu_plugin_mem_is_store(info) ? "store" : "load");
    switch (v.type) {
    case QEMU_PLUGIN_MEM_VALUE_U8:
        g_string_append_printf(s, "0x%02" PRIx8 "\n", v.data.u8);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U16:
        g_string_append_printf(s, "0x%04" PRIx16 "\n", v.data.u16);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U32:
        g_string_append_printf(s, "0x%08" PRIx32 "\n", v.data.u32);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U64:
        g_string_append_printf(s, "0x%016" PRIx64 "\n", v.data.u64);
        break;
    case QEMU_PLUGIN_MEM_VALUE_U128:
        g_string_append_printf(s, "0x%016" PRIx64 "%016" PRIx64 "\n",
                               v.data.u128.high, v.data.u128.low);
        break;
    }
    qemu_plugin_outs(s->str);
}

/* callback=on alone: the common case, kept to the one addition. */
static void mem_count(unsigned int vcpu, qemu_plugin_meminfo_t info,
                      uint64_t vaddr, void *udata)
{
    PUTIL_VCPU(&cb_counts, vcpu, MemCount)->mem++;
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    if (do_callback || do_hwaddr) {
        struct qemu_plugin_hwaddr *hw = do_hwaddr ?
            qemu_plugin_get_hwaddr(info, vaddr) : NULL;
        MemCount *c = PUTIL_VCPU(&cb_counts, vcpu, MemCount);

        if (hw && qemu_plugin_hwaddr_is_io(hw)) {
            c->io++;
        } else if (do_callback) {
            c->mem++;
        }
    }
    if (do_regions) {
        track_region(info, vaddr);
    }
    if (do_print) {
        print_access(info, vaddr, udata);
    }
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    qemu_plugin_vcpu_mem_cb_t cb = do_hwaddr || do_regions || do_print ?
                                   mem_access : mem_count;

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        InsnInfo *ii = NULL;

        if (do_inline) {
            qemu_plugin_register_vcpu_mem_inline_per_vcpu(
                insn, rw, QEMU_PLUGIN_INLINE_ADD_U64, mem_u64, 1);
        }
        if (do_print) {
            /*
             * Lives as long as the translation may run; translations are
             * never freed in a way we are told about, so neither is this.
             */
            const char *sym = qemu_plugin_insn_symbol(insn);

            ii = g_new(InsnInfo, 1);
            ii->vaddr = qemu_plugin_insn_vaddr(insn);
            ii->symbol = sym ? sym : "";
        }
        if (do_callback || do_hwaddr || do_regions || do_print) {
            qemu_plugin_register_vcpu_mem_cb(insn, cb, QEMU_PLUGIN_CB_NO_REGS,
                                             rw, ii);
        }
    }
}

static gint by_base(gconstpointer a, gconstpointer b)
{
    const Region *x = a, *y = b;

    return putil_cmp_u64(x->base, y->base);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);
    MemCount cb = { 0 };

    for (int i = 0; i < qemu_plugin_num_vcpus(); i++) {
        const MemCount *c = PUTIL_VCPU_FIND(&cb_counts, i, MemCount);

        if (c) {
            cb.mem += c->mem;
            cb.io += c->io;
        }
    }
    if (do_inline) {
        g_string_append_printf(s, "inline mem accesses: %" PRIu64 "\n",
                               qemu_plugin_u64_sum(mem_u64));
    }
    if (do_callback) {
        g_string_append_printf(s, "mem accesses: %" PRIu64 "\n", cb.mem);
    }
    if (do_hwaddr) {
        g_string_append_printf(s, "io accesses: %" PRIu64 "\n", cb.io);
    }
    if (do_regions) {
        GList *list = g_list_sort(g_hash_table_get_values(regions), by_base);

        g_string_append(s, "Region Base, Reads, Writes, Seen all\n");
        for (GList *l = list; l; l = l->next) {
            Region *r = l->data;

            g_string_append_printf(s, "0x%016" PRIx64 ", %" PRIu64 ", %"
                                   PRIu64 ", %s\n", r->base, r->reads,
                                   r->writes, r->seen_all ? "true" : "false");
        }
        g_list_free(list);
        g_hash_table_destroy(regions);
    }
    qemu_plugin_outs(s->str);
    qemu_plugin_scoreboard_free(counts);
}

/* opaque: the install function's callback_given. */
static bool parse_arg(const PluginArg *a, void *opaque)
{
    static const PluginChoice tracks[] = {
        { "r", QEMU_PLUGIN_MEM_R }, { "w", QEMU_PLUGIN_MEM_W },
        { "rw", QEMU_PLUGIN_MEM_RW },
    };

    if (parg_is(a, "inline")) {
        return parg_bool(NAME, a, &do_inline);
    }
    if (parg_is(a, "callback")) {
        *(bool *)opaque = true;
        return parg_bool(NAME, a, &do_callback);
    }
    if (parg_is(a, "hwaddr") || parg_is(a, "haddr")) {
        return parg_bool(NAME, a, &do_hwaddr);
    }
    if (parg_is(a, "print-accesses")) {
        return parg_bool(NAME, a, &do_print);
    }
    if (parg_is(a, "region-summary")) {
        return parg_bool(NAME, a, &do_regions);
    }
    if (parg_is(a, "track")) {
        return PARG_CHOOSE(NAME, a, tracks, "r, w or rw", rw);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    bool callback_given = false;

    if (parg_each(argc, argv, parse_arg, &callback_given)) {
        return -1;
    }
    if (do_inline && do_callback) {
        fprintf(stderr, "%s: inline=on and callback=on count the same "
                "accesses twice; choose one\n", NAME);
        return -1;
    }
    if (!do_inline && !callback_given) {
        do_callback = true;
    }
    if (do_print) {
        qemu_plugin_outs("insn_vaddr,insn_symbol,mem_vaddr,mem_hwaddr,"
                         "access_size,access_type,mem_value\n");
    }
    if (do_regions) {
        regions = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        g_free);
    }
    counts = qemu_plugin_scoreboard_new(sizeof(MemCount));
    mem_u64 = qemu_plugin_scoreboard_u64_in_struct(counts, MemCount, mem);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
