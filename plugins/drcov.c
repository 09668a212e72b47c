/*
 * drcov: code coverage in DynamoRIO's drcov format (version 2), the input
 * of Lighthouse and similar coverage viewers.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin drcov,help` prints it).
 *
 * The file is text up to the block table, then binary:
 *   DRCOV VERSION: 2
 *   DRCOV FLAVOR: drcov-64
 *   Module Table: version 2, count 1
 *   Columns: id, base, end, entry, path
 *   0, 0x<start_code>, 0x<end_code>, 0x<entry>, <path of the binary>
 *   BB Table: <N> bbs
 *   N entries of { uint32 start; uint16 size; uint16 mod_id } (little
 *   endian), start being the block's offset from the module base.
 * Only blocks that executed are listed, each once. The module is the guest
 * program's code; blocks elsewhere (the dynamic loader, shared libraries)
 * have no module entry the API could describe, so they are left out.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "code coverage in DynamoRIO's drcov format (for Lighthouse and similar viewers)\n"
    "  filename=PATH  output file (default file.drcov.trace)\n");

static const char *const NAME = "drcov";

typedef struct {
    uint64_t vaddr;
    uint64_t size;                           /* bytes */
    bool executed;
} Block;

/* Plugin-lifetime state, shared by translating and executing threads. */
static GHashTable *blocks;                   /* (vaddr, size) -> Block */
static GMutex blocks_lock;
static char *filename;

PUTIL_DEFINE_ADDR_LEN_KEY(block, Block, vaddr, size)

static void tb_exec(unsigned int vcpu, void *udata)
{
    Block *b = udata;

    /* A flag only ever set: a relaxed store is enough, and it is cheap. */
    __atomic_store_n(&b->executed, true, __ATOMIC_RELAXED);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    Block key = { .vaddr = qemu_plugin_tb_vaddr(tb) };
    size_t n = qemu_plugin_tb_n_insns(tb);
    Block *b;

    for (size_t i = 0; i < n; i++) {
        key.size += qemu_plugin_insn_size(qemu_plugin_tb_get_insn(tb, i));
    }
    g_mutex_lock(&blocks_lock);
    b = g_hash_table_lookup(blocks, &key);
    if (!b) {
        b = g_memdup2(&key, sizeof(key));
        g_hash_table_add(blocks, b);
    }
    g_mutex_unlock(&blocks_lock);
    if (!__atomic_load_n(&b->executed, __ATOMIC_RELAXED)) {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec,
                                             QEMU_PLUGIN_CB_NO_REGS, b);
    }
}

static gint by_vaddr(gconstpointer a, gconstpointer b)
{
    const Block *x = a, *y = b;

    return putil_cmp_u64(x->vaddr, y->vaddr);
}

static void put_le(FILE *f, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        fputc((v >> (8 * i)) & 0xff, f);
    }
}

static void plugin_exit(void *udata)
{
    uint64_t base = qemu_plugin_start_code();
    uint64_t end = qemu_plugin_end_code();
    const char *path = qemu_plugin_path_to_binary();
    GList *list, *kept = NULL;
    FILE *f = fopen(filename, "wb");

    if (!f) {
        g_autofree char *msg = g_strdup_printf("drcov: cannot write %s: %s\n",
                                               filename, g_strerror(errno));
        qemu_plugin_outs(msg);
        return;
    }
    g_mutex_lock(&blocks_lock);
    list = g_list_sort(g_hash_table_get_keys(blocks), by_vaddr);
    for (GList *l = list; l; l = l->next) {
        Block *b = l->data;

        if (b->executed && b->vaddr >= base && b->vaddr < end &&
            b->vaddr - base <= UINT32_MAX && b->size <= UINT16_MAX) {
            kept = g_list_prepend(kept, b);
        }
    }
    kept = g_list_reverse(kept);
    fprintf(f, "DRCOV VERSION: 2\n"
            "DRCOV FLAVOR: drcov-64\n"
            "Module Table: version 2, count 1\n"
            "Columns: id, base, end, entry, path\n");
    fprintf(f, "0, 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", %s\n",
            base, end, qemu_plugin_entry_code(), path ? path : "");
    fprintf(f, "BB Table: %u bbs\n", g_list_length(kept));
    for (GList *l = kept; l; l = l->next) {
        Block *b = l->data;

        put_le(f, b->vaddr - base, 4);
        put_le(f, b->size, 2);
        put_le(f, 0, 2);
    }
    g_list_free(kept);
    g_list_free(list);
    g_mutex_unlock(&blocks_lock);
    fclose(f);
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "filename")) {
        return parg_string(NAME, a, "a path", &filename);
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
    if (!filename) {
        filename = g_strdup("file.drcov.trace");
    }
    blocks = g_hash_table_new_full(block_hash, block_equal, g_free, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
