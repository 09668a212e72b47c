/*
 * hotblocks: which translation blocks run most.
 *
 * Arguments:
 *   inline=on|off  count executions with an inline scoreboard addition
 *                  instead of a callback per block
 *   limit=N        how many blocks to print (default 20, 0 for all)
 *
 * A block is identified by its start address and instruction count, so a
 * retranslation of the same code adds to the same entry (its translation
 * count, tcount, goes up). At exit:
 *   collected N entries in the hash table
 *   pc, tcount, icount, ecount
 *   0x<pc>, <translations>, <instructions>, <executions>
 * sorted by execution count, most executed first (ties by address).
 *
 * Each block has a slot, in the order blocks are first seen: a counter in
 * shared scoreboards for inline=on (plugin-util.h, PluginBoards), else a
 * slot of the per-vCPU counters the callbacks add to (PluginSlots).
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "hotblocks";

typedef struct {
    uint64_t pc;
    uint64_t insns;
    uint64_t translations;
    size_t slot;
    qemu_plugin_u64 execs;                   /* inline=on */
    uint64_t total;                          /* filled in at exit */
} Block;

/*
 * Plugin-lifetime state; the table and the scoreboards are shared by
 * translating threads under the lock.
 */
static GHashTable *blocks;                   /* (pc, insns) -> Block */
static GMutex blocks_lock;
static PluginBoards boards;
static PluginVcpuData cb_execs;              /* PluginSlots */
static bool do_inline;
static uint64_t limit = 20;

PUTIL_DEFINE_ADDR_LEN_KEY(block, Block, pc, insns)

/* udata: the block's slot. */
static void tb_exec(unsigned int vcpu, void *udata)
{
    putil_slot_add(&cb_execs, vcpu, (uintptr_t)udata, 1);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    Block key = {
        .pc = qemu_plugin_tb_vaddr(tb),
        .insns = qemu_plugin_tb_n_insns(tb),
    };
    Block *b;

    g_mutex_lock(&blocks_lock);
    b = g_hash_table_lookup(blocks, &key);
    if (!b) {
        b = g_memdup2(&key, sizeof(key));
        b->slot = g_hash_table_size(blocks);
        if (do_inline) {
            b->execs = putil_board_u64(&boards, b->slot);
        }
        g_hash_table_add(blocks, b);
    }
    b->translations++;
    g_mutex_unlock(&blocks_lock);

    if (do_inline) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, b->execs, 1);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             (void *)(uintptr_t)b->slot);
    }
}

static gint by_execs(gconstpointer a, gconstpointer b)
{
    const Block *x = a, *y = b;

    return putil_cmp_hot(x->total, x->pc, y->total, y->pc);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);
    GList *list;
    uint64_t i = 0;

    g_mutex_lock(&blocks_lock);
    list = g_hash_table_get_keys(blocks);
    for (GList *l = list; l; l = l->next) {
        Block *b = l->data;

        b->total = do_inline ? qemu_plugin_u64_sum(b->execs)
                             : putil_slot_sum(&cb_execs, b->slot);
    }
    list = g_list_sort(list, by_execs);
    g_string_printf(s, "collected %u entries in the hash table\n",
                    g_hash_table_size(blocks));
    g_string_append(s, "pc, tcount, icount, ecount\n");
    for (GList *l = list; l && (limit == 0 || i < limit); l = l->next, i++) {
        Block *b = l->data;

        g_string_append_printf(s, "0x%016" PRIx64 ", %" PRIu64 ", %" PRIu64
                               ", %" PRIu64 "\n", b->pc, b->translations,
                               b->insns, b->total);
    }
    g_list_free(list);
    g_hash_table_destroy(blocks);
    putil_boards_free(&boards);
    g_mutex_unlock(&blocks_lock);
    qemu_plugin_outs(s->str);
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "inline")) {
        return parg_bool(NAME, a, &do_inline);
    }
    if (parg_is(a, "limit")) {
        return parg_u64(NAME, a, 0, &limit);
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
    blocks = g_hash_table_new_full(block_hash, block_equal, g_free, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
