/*
 * bbv: basic block vectors for SimPoint.
 *
 * Arguments:
 *   interval=N     instructions per interval (default 100000000)
 *   outfile=PATH   where to write (required); vCPU n writes PATH.n.bb
 *
 * Each interval becomes one line in SimPoint's format,
 *   T:<block id>:<instructions> :<block id>:<instructions> ...
 * listing, by increasing id, every block that ran in the interval with the
 * number of instructions it executed (executions times block length).
 * Block ids start at 1 and are given in order of first translation.
 * Intervals end at block boundaries, so a line can hold a few more
 * instructions than N; the last, partial interval is written at exit.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "bbv";

/*
 * A block's per-vCPU instruction count of this interval is the counter of
 * slot id - 1 in shared scoreboards (plugin-util.h, PluginBoards), not a
 * scoreboard of its own: each costs peek a mapping, and an interval dump
 * reads a vCPU's counters a scoreboard row at a time.
 */
typedef struct {
    uint64_t vaddr;
    uint64_t insns;
    unsigned id;
    qemu_plugin_u64 count;
} Bb;

typedef struct {
    uint64_t count;                          /* insns in this interval */
    FILE *file;
} Vcpu;

/*
 * Plugin-lifetime state. Blocks are added by translation on any thread and
 * walked by interval dumps on others, hence the reader/writer lock.
 */
static GPtrArray *bbs;                       /* index id-1 -> Bb */
static GHashTable *bb_by_key;                /* (vaddr, insns) -> Bb */
static PluginBoards counts;
static GRWLock bbs_lock;
static struct qemu_plugin_scoreboard *vcpus;
static uint64_t interval = 100000000;
static char *outfile;

PUTIL_DEFINE_ADDR_LEN_KEY(bb, Bb, vaddr, insns)

static void dump_interval(unsigned int vcpu, Vcpu *v)
{
    g_autoptr(GString) s = g_string_new("T");

    g_rw_lock_reader_lock(&bbs_lock);
    for (guint i = 0; i < bbs->len; i += PUTIL_BOARD_SLOTS) {
        const Bb *b = g_ptr_array_index(bbs, i);
        uint64_t *row = qemu_plugin_scoreboard_find(b->count.score, vcpu);

        for (guint k = 0; k < PUTIL_BOARD_SLOTS && i + k < bbs->len; k++) {
            if (row[k]) {
                g_string_append_printf(s, ":%u:%" PRIu64 " ", i + k + 1,
                                       row[k]);
                row[k] = 0;
            }
        }
    }
    g_rw_lock_reader_unlock(&bbs_lock);
    g_string_append_c(s, '\n');
    fputs(s->str, v->file);
}

static void interval_done(unsigned int vcpu, void *udata)
{
    Vcpu *v = qemu_plugin_scoreboard_find(vcpus, vcpu);

    if (v->file) {
        dump_interval(vcpu, v);
    }
    v->count = 0;
}

static void finish_vcpu(unsigned int vcpu, void *udata)
{
    Vcpu *v = qemu_plugin_scoreboard_find(vcpus, vcpu);

    if (v->file) {
        if (v->count) {
            dump_interval(vcpu, v);
        }
        fclose(v->file);
        v->file = NULL;
    }
}

static void vcpu_init(unsigned int vcpu, void *udata)
{
    Vcpu *v = qemu_plugin_scoreboard_find(vcpus, vcpu);
    g_autofree char *path = g_strdup_printf("%s.%u.bb", outfile, vcpu);

    v->file = fopen(path, "w");
    if (!v->file) {
        g_autofree char *msg = g_strdup_printf("bbv: cannot write %s: %s\n",
                                               path, g_strerror(errno));
        qemu_plugin_outs(msg);
    }
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    Bb key = {
        .vaddr = qemu_plugin_tb_vaddr(tb),
        .insns = qemu_plugin_tb_n_insns(tb),
    };
    qemu_plugin_u64 total = qemu_plugin_scoreboard_u64_in_struct(vcpus, Vcpu,
                                                                 count);
    Bb *b;

    g_rw_lock_writer_lock(&bbs_lock);
    b = g_hash_table_lookup(bb_by_key, &key);
    if (!b) {
        b = g_memdup2(&key, sizeof(key));
        b->count = putil_board_u64(&counts, bbs->len);
        g_ptr_array_add(bbs, b);
        b->id = bbs->len;
        g_hash_table_add(bb_by_key, b);
    }
    g_rw_lock_writer_unlock(&bbs_lock);

    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, total, key.insns);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, b->count, key.insns);
    qemu_plugin_register_vcpu_tb_exec_cond_cb(
        tb, interval_done, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_GE, total,
        interval, NULL);
}

static void plugin_exit(void *udata)
{
    int n = qemu_plugin_num_vcpus();

    for (int i = 0; i < n; i++) {
        finish_vcpu(i, NULL);
    }
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "interval")) {
        return parg_u64(NAME, a, 1, &interval);
    }
    if (parg_is(a, "outfile")) {
        return parg_string(NAME, a, "a path", &outfile);
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
    if (!outfile) {
        fprintf(stderr, "%s: outfile=PATH is required\n", NAME);
        return -1;
    }
    bbs = g_ptr_array_new();
    bb_by_key = g_hash_table_new(bb_hash, bb_equal);
    vcpus = qemu_plugin_scoreboard_new(sizeof(Vcpu));
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_exit_cb(id, finish_vcpu, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
