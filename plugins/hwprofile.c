/*
 * hwprofile: which devices (memory-mapped IO regions) the guest touches,
 * how often, from which vCPUs; optionally broken down by register
 * (pattern) or by the guest instruction that made the access (source).
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin hwprofile,help` prints it).
 *
 * Report, QEMU 7.2's format (docs/plugins.md has a sample):
 *   Device, Address, RCPUs, Reads,  WCPUs, Writes
 *   <name>, 0x<address>, <mask of vCPUs that read>, <reads>, <mask>, <writes>
 * or, with pattern or source, per device
 *   <name> @ 0x<address>
 *     off:<physical address>, <mask>, <reads>, <mask>, <writes>    (pattern)
 *     pc:<guest pc>, ...                                            (source)
 * track=read or track=write leaves the other pair of columns out. Devices
 * come most accessed first (ties by name), rows by address.
 *
 * Address is what QEMU 7.2's plugin prints there: the virtual address of
 * the device's first access less its physical address, so 0 for a device
 * the guest reached untranslated (M mode, bare metal) and the offset of the
 * kernel's mapping otherwise; the plugin API tells the physical address of
 * an access, not where its device starts. For the same reason pattern's
 * off: is the register's physical address, as in QEMU 7.2.
 *
 * Devices exist only under system emulation; in user mode the plugin
 * refuses to install with one line, as QEMU's does.
 *
 * A RAM access costs one hardware-address query and a test; device
 * accesses (rare, and each already a call into a device model) are counted
 * under one lock in one table.
 */
#include <inttypes.h>
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "which devices (memory-mapped IO) the guest touches; system emulation only\n"
    "  track=read|write  count only reads or only writes (default both)\n"
    "  source=on|off     break each device's accesses down by guest pc\n"
    "  pattern=on|off    break them down by the register's physical address instead\n");

static const char *const NAME = "hwprofile";

typedef struct {
    uint64_t read_cpus;                      /* bit n: vCPU n (mod 64) */
    uint64_t reads;
    uint64_t write_cpus;
    uint64_t writes;
} IOCounts;

typedef struct {
    uint64_t key;                            /* physical address or pc */
    IOCounts counts;
} IOLocation;

typedef struct {
    const char *name;
    uint64_t base;
    IOCounts totals;
    GHashTable *detail;                      /* key -> IOLocation, or NULL */
} Device;

enum { TRACK_RW, TRACK_READ, TRACK_WRITE };

/* Set once by qemu_plugin_install, read-only afterwards. */
static int track = TRACK_RW;
static bool by_source, by_pattern;

/* Every vCPU counts into the one table of devices, under this lock:
 * device accesses are few next to memory accesses, and the report needs
 * them all together. */
static GMutex lock;
static GHashTable *devices;                  /* name -> Device */

static void count(IOCounts *c, unsigned int vcpu, bool store)
{
    if (store) {
        c->writes++;
        c->write_cpus |= 1ull << (vcpu % 64);
    } else {
        c->reads++;
        c->read_cpus |= 1ull << (vcpu % 64);
    }
}

static __attribute__((noinline)) void io_access(unsigned int vcpu,
                                                struct qemu_plugin_hwaddr *hw,
                                                uint64_t vaddr, bool store,
                                                uint64_t pc)
{
    const char *name = qemu_plugin_hwaddr_device_name(hw);
    uint64_t phys = qemu_plugin_hwaddr_phys_addr(hw);
    Device *d;

    g_mutex_lock(&lock);
    d = g_hash_table_lookup(devices, name);
    if (!d) {
        d = g_new0(Device, 1);
        d->name = g_strdup(name);
        d->base = vaddr - phys;
        if (by_source || by_pattern) {
            d->detail = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                              NULL, g_free);
        }
        g_hash_table_insert(devices, (gpointer)d->name, d);
    }
    count(&d->totals, vcpu, store);
    if (d->detail) {
        uint64_t key = by_source ? pc : phys;
        IOLocation *l = g_hash_table_lookup(d->detail, &key);

        if (!l) {
            l = g_new0(IOLocation, 1);
            l->key = key;
            g_hash_table_insert(d->detail, &l->key, l);
        }
        count(&l->counts, vcpu, store);
    }
    g_mutex_unlock(&lock);
}

static inline void device_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                          uint64_t vaddr, void *udata, bool store)
{
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    if (hw && qemu_plugin_hwaddr_is_io(hw)) {
        io_access(vcpu, hw, vaddr, store, (uint64_t)(uintptr_t)udata);
    }
}

static void load(unsigned int vcpu, qemu_plugin_meminfo_t info,
                 uint64_t vaddr, void *udata)
{
    device_access(vcpu, info, vaddr, udata, false);
}

static void store(unsigned int vcpu, qemu_plugin_meminfo_t info,
                  uint64_t vaddr, void *udata)
{
    device_access(vcpu, info, vaddr, udata, true);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        void *pc = by_source ?
            (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn) : NULL;

        if (track != TRACK_WRITE) {
            qemu_plugin_register_vcpu_mem_cb(insn, load, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_R, pc);
        }
        if (track != TRACK_READ) {
            qemu_plugin_register_vcpu_mem_cb(insn, store,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_W, pc);
        }
    }
}

static void append_counts(GString *s, const IOCounts *c)
{
    if (track != TRACK_WRITE) {
        g_string_append_printf(s, ", %" PRIx64 ", %" PRIu64, c->read_cpus,
                               c->reads);
    }
    if (track != TRACK_READ) {
        g_string_append_printf(s, ", %" PRIx64 ", %" PRIu64, c->write_cpus,
                               c->writes);
    }
}

static gint by_accesses(gconstpointer a, gconstpointer b)
{
    const Device *x = *(Device *const *)a, *y = *(Device *const *)b;
    uint64_t nx = x->totals.reads + x->totals.writes;
    uint64_t ny = y->totals.reads + y->totals.writes;

    return nx != ny ? (nx < ny ? 1 : -1) : strcmp(x->name, y->name);
}

static gint by_key(gconstpointer a, gconstpointer b)
{
    const IOLocation *x = *(IOLocation *const *)a;
    const IOLocation *y = *(IOLocation *const *)b;

    return x->key < y->key ? -1 : x->key > y->key;
}

/* The values of a hash table, in order. */
static GPtrArray *sorted_values(GHashTable *t, GCompareFunc cmp)
{
    GPtrArray *a = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_ptr_array_add(a, value);
    }
    g_ptr_array_sort(a, cmp);
    return a;
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) out = g_string_new("");
    GPtrArray *devs = sorted_values(devices, by_accesses);

    if (!by_source && !by_pattern) {
        g_string_append(out, "Device, Address");
        if (track != TRACK_WRITE) {
            g_string_append(out, ", RCPUs, Reads");
        }
        if (track != TRACK_READ) {
            g_string_append(out, ",  WCPUs, Writes");
        }
        g_string_append_c(out, '\n');
    }
    for (guint i = 0; i < devs->len; i++) {
        Device *d = g_ptr_array_index(devs, i);

        if (!d->detail) {
            g_string_append_printf(out, "%s, 0x%" PRIx64, d->name, d->base);
            append_counts(out, &d->totals);
            g_string_append_c(out, '\n');
            continue;
        }
        g_string_append_printf(out, "%s @ 0x%" PRIx64 "\n", d->name, d->base);
        GPtrArray *locs = sorted_values(d->detail, by_key);
        for (guint j = 0; j < locs->len; j++) {
            IOLocation *l = g_ptr_array_index(locs, j);

            g_string_append_printf(out, "  %s:%08" PRIx64,
                                   by_source ? "pc" : "off", l->key);
            append_counts(out, &l->counts);
            g_string_append_c(out, '\n');
        }
        g_ptr_array_free(locs, true);
    }
    g_ptr_array_free(devs, true);
    qemu_plugin_outs(out->str);
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    static const PluginChoice tracks[] = {
        { "read", TRACK_READ }, { "write", TRACK_WRITE },
    };

    if (parg_is(a, "track")) {
        return PARG_CHOOSE(NAME, a, tracks, "read or write", track);
    }
    if (parg_is(a, "source")) {
        return parg_bool(NAME, a, &by_source);
    }
    if (parg_is(a, "pattern")) {
        return parg_bool(NAME, a, &by_pattern);
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
    if (by_source && by_pattern) {
        fprintf(stderr, "%s: source and pattern are exclusive\n", NAME);
        return -1;
    }
    if (!info->system_emulation) {
        fprintf(stderr, "%s: can only be used with system emulation "
                "(this is user-mode emulation of %s)\n", NAME,
                info->target_name);
        return -1;
    }
    devices = g_hash_table_new(g_str_hash, g_str_equal);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
