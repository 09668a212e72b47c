/*
 * syscall: system call statistics and tracing (user mode).
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin syscall,help` prints it).
 * print=on traces "syscall #N(a1, a2, a3, a4, a5, a6)" at entry and
 * "syscall #N returned -> R" on return.
 *
 * As QEMU's own syscall plugin, it also filters one "magic" call: number
 * 4096 with a first argument of 0x66CCFF never reaches the kernel and
 * returns 0xFFCC66 (printing "magic syscall filtered, set magic return"
 * with print=on). QEMU's test-plugin-syscall-filter program checks that;
 * 4096 is no system call on any Linux architecture.
 *
 * Without print=on the exit report is a table sorted by number of calls
 * (ties by syscall number): "syscall no.  calls  errors". A call counts as
 * an error when it returns a value in [-4095, -1], the Linux -errno range.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "system call statistics and tracing\n"
    "  print=on|off       trace every call and return instead of printing a table at exit\n"
    "  log_writes=on|off  hex-dump the buffer of every write(2)\n");

static const char *const NAME = "syscall";

typedef struct {
    int64_t num;
    uint64_t calls;
    uint64_t errors;
} SyscallStats;

/* write(2)'s number in each guest's Linux ABI that peek knows of. */
static const struct {
    const char *target;
    int64_t write_nr;
} write_numbers[] = {
    { "riscv64", 64 },
    { "aarch64", 64 },
    { "x86_64", 1 },
};

/* Plugin-lifetime state: the table is shared by all vCPU threads. */
static GHashTable *stats;                 /* NULL when print=on */
static GMutex stats_lock;
static bool do_log_writes;
static int64_t write_nr = -1;

#define MAGIC_NR 4096
#define MAGIC_ARG 0x66CCFF
#define MAGIC_RET 0xFFCC66

static SyscallStats *entry_for(int64_t num)
{
    SyscallStats *e = g_hash_table_lookup(stats, &num);

    if (!e) {
        e = g_new0(SyscallStats, 1);
        e->num = num;
        g_hash_table_insert(stats, &e->num, e);
    }
    return e;
}

static void hexdump(const GByteArray *buf)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint row = 0; row < buf->len; row += 16) {
        for (guint col = 0; col < 16; col++) {
            if (row + col < buf->len) {
                g_string_append_printf(s, "%02x ", buf->data[row + col]);
            } else {
                g_string_append(s, "   ");
            }
        }
        g_string_append(s, " | ");
        for (guint col = 0; col < 16 && row + col < buf->len; col++) {
            guint8 c = buf->data[row + col];

            g_string_append_c(s, g_ascii_isgraph(c) ? c : '.');
        }
        g_string_append_c(s, '\n');
    }
    qemu_plugin_outs(s->str);
}

static void on_syscall(unsigned int vcpu, int64_t num, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                       uint64_t a6, uint64_t a7, uint64_t a8, void *udata)
{
    if (stats) {
        g_mutex_lock(&stats_lock);
        entry_for(num)->calls++;
        g_mutex_unlock(&stats_lock);
    } else {
        g_autofree char *line = g_strdup_printf(
            "syscall #%" PRId64 "(0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64
            ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ")\n",
            num, a1, a2, a3, a4, a5, a6);
        qemu_plugin_outs(line);
    }
    if (do_log_writes && num == write_nr) {
        g_autoptr(GByteArray) buf = g_byte_array_new();

        if (qemu_plugin_read_memory_vaddr(a2, buf, a3)) {
            hexdump(buf);
        } else {
            g_autofree char *line = g_strdup_printf(
                "syscall: cannot read %" PRIu64 " bytes at 0x%" PRIx64 "\n",
                a3, a2);
            qemu_plugin_outs(line);
        }
    }
}

static void on_syscall_ret(unsigned int vcpu, int64_t num, int64_t ret,
                           void *udata)
{
    if (stats) {
        g_mutex_lock(&stats_lock);
        if (ret < 0 && ret >= -4095) {
            entry_for(num)->errors++;
        }
        g_mutex_unlock(&stats_lock);
    } else {
        g_autofree char *line = g_strdup_printf(
            "syscall #%" PRId64 " returned -> %" PRId64 "\n", num, ret);
        qemu_plugin_outs(line);
    }
}

static bool on_syscall_filter(unsigned int vcpu, int64_t num, uint64_t a1,
                              uint64_t a2, uint64_t a3, uint64_t a4,
                              uint64_t a5, uint64_t a6, uint64_t a7,
                              uint64_t a8, uint64_t *sysret, void *udata)
{
    if (num != MAGIC_NR || a1 != MAGIC_ARG) {
        return false;
    }
    *sysret = MAGIC_RET;
    if (!stats) {
        qemu_plugin_outs("magic syscall filtered, set magic return\n");
    }
    return true;
}

static gint by_calls(gconstpointer a, gconstpointer b)
{
    const SyscallStats *x = a, *y = b;
    gint r = putil_cmp_u64_desc(x->calls, y->calls);

    /* Numbers are signed: a guest may pass a negative one. */
    return r ? r : (x->num < y->num ? -1 : x->num > y->num);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = NULL;
    GList *list;

    if (!stats) {
        return;
    }
    s = g_string_new("syscall no.  calls  errors\n");
    g_mutex_lock(&stats_lock);
    list = g_list_sort(g_hash_table_get_values(stats), by_calls);
    for (GList *l = list; l; l = l->next) {
        SyscallStats *e = l->data;

        g_string_append_printf(s, "%-13" PRId64 "%-6" PRIu64 " %" PRIu64 "\n",
                               e->num, e->calls, e->errors);
    }
    g_list_free(list);
    g_mutex_unlock(&stats_lock);
    qemu_plugin_outs(s->str);
}

/* opaque: the install function's do_print. */
static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "print")) {
        return parg_bool(NAME, a, opaque);
    }
    if (parg_is(a, "log_writes")) {
        return parg_bool(NAME, a, &do_log_writes);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    bool do_print = false;

    if (parg_each(argc, argv, parse_arg, &do_print)) {
        return -1;
    }
    if (info->system_emulation) {
        fprintf(stderr, "%s: system calls are only seen in user-mode "
                "emulation\n", NAME);
        return -1;
    }
    if (do_log_writes) {
        for (size_t i = 0; i < G_N_ELEMENTS(write_numbers); i++) {
            if (g_strcmp0(info->target_name, write_numbers[i].target) == 0) {
                write_nr = write_numbers[i].write_nr;
            }
        }
        if (write_nr < 0) {
            fprintf(stderr, "%s: log_writes: write(2) number unknown for "
                    "target %s\n", NAME, info->target_name);
            return -1;
        }
    }
    if (!do_print) {
        stats = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                      g_free);
    }
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_ret, NULL);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, on_syscall_filter, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
