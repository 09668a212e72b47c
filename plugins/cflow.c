/*
 * cflow: control-flow statistics: where execution leaves straight-line
 * code, and where it goes.
 *
 * Arguments:
 *   sort=hottest   order nodes by how often they transferred control
 *                  (default)
 *   sort=early     by how often a block was left early, before its last
 *                  instruction (a synchronous fault or exception)
 *   sort=popular   by number of distinct destinations (indirect jumps and
 *                  returns come first); sort=exceptions is accepted as a
 *                  synonym, the name QEMU's plugin uses for this order
 *   limit=N        how many nodes to print (default 10, 0 for all)
 *
 * A node is the instruction control left from: normally the last of a
 * block (a branch taken, a jump, a call, a return); a node is printed only
 * if it transferred control at least once. Falling through to the next
 * address is not a transfer. Report:
 *   collected N control flow nodes in the hash table
 *     addr: 0x<pc> <symbol>: <disassembly> (branch|sync fault)
 *       early exits N          (only when non-zero)
 *       branches N
 *         to 0x<destination> (N)
 *
 * Each vCPU counts its transfers in tables of its own, without a lock: a
 * table of the nodes it left from, in front of which a small direct-mapped
 * cache keeps the counters of its recent (from, to) pairs. At exit the
 * vCPUs' counts are added up, a node's destinations in the order the
 * vCPUs first took them (vCPU 0's first).
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "cflow";

typedef enum { SORT_HOTTEST, SORT_EARLY, SORT_POPULAR } SortBy;

typedef struct {
    uint64_t to;
    uint64_t count;
} Dest;

typedef struct {
    uint64_t addr;
    char *disas;                             /* NULL: never translated last */
    const char *symbol;
    uint64_t early_exits;
    uint64_t transfers;
    GArray *dests;                           /* Dest, in order first seen */
} Node;

/* Where each vCPU is, kept by inline stores. */
typedef struct {
    uint64_t last_pc;                        /* last instruction started */
    uint64_t block_last;                     /* last insn of current block */
    uint64_t fallthrough;                    /* address after current block */
} VcpuPos;

/* A vCPU's transfers from one node. */
typedef struct {
    uint64_t early_exits;
    uint64_t transfers;
    GArray *dests;                           /* Dest, in order first seen */
} VcpuNode;

#define RECENT 1024                          /* a power of two */

typedef struct {
    struct {
        uint64_t from, to;
        VcpuNode *node;                      /* NULL: empty */
        guint dest;                          /* index in node->dests */
    } recent[RECENT];
    GHashTable *nodes;                       /* addr -> VcpuNode */
} VcpuFlow;

/*
 * Plugin-lifetime state; the node table is shared under the lock, each
 * vCPU's transfers are its own.
 */
static GHashTable *nodes;                    /* addr -> Node */
static GMutex nodes_lock;
static struct qemu_plugin_scoreboard *pos;
static PluginVcpuData flows;                 /* VcpuFlow */
static SortBy sort_by = SORT_HOTTEST;
static uint64_t limit = 10;

static guint recent_slot(uint64_t from, uint64_t to)
{
    return (from ^ (to >> 1) ^ (to >> 11)) % RECENT;
}

static Node *node_for__locked(uint64_t addr)
{
    Node *n = g_hash_table_lookup(nodes, &addr);

    if (!n) {
        n = g_new0(Node, 1);
        n->addr = addr;
        n->dests = g_array_new(FALSE, FALSE, sizeof(Dest));
        g_hash_table_insert(nodes, &n->addr, n);
    }
    return n;
}

static void vcpu_node_free(gpointer p)
{
    VcpuNode *n = p;

    g_array_free(n->dests, TRUE);
    g_free(n);
}

/* A transfer whose (from, to) is not among the vCPU's recent ones. */
static __attribute__((noinline)) void jumped_slow(unsigned int vcpu,
                                                  uint64_t from, uint64_t to,
                                                  bool early)
{
    VcpuFlow *v = PUTIL_VCPU(&flows, vcpu, VcpuFlow);
    VcpuNode *n;
    guint i;

    if (!v->nodes) {
        v->nodes = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                         vcpu_node_free);
    }
    n = g_hash_table_lookup(v->nodes, &from);
    if (!n) {
        n = g_new0(VcpuNode, 1);
        n->dests = g_array_new(FALSE, FALSE, sizeof(Dest));
        g_hash_table_insert(v->nodes, g_memdup2(&from, sizeof(from)), n);
    }
    for (i = 0; i < n->dests->len; i++) {
        if (g_array_index(n->dests, Dest, i).to == to) {
            break;
        }
    }
    if (i == n->dests->len) {
        Dest d = { .to = to, .count = 0 };

        g_array_append_val(n->dests, d);
    }
    v->recent[recent_slot(from, to)].from = from;
    v->recent[recent_slot(from, to)].to = to;
    v->recent[recent_slot(from, to)].node = n;
    v->recent[recent_slot(from, to)].dest = i;
    n->early_exits += early;
    n->transfers++;
    g_array_index(n->dests, Dest, i).count++;
}

/* Entered a block at pc although the previous one did not end just before. */
static void block_jumped_to(unsigned int vcpu, void *udata)
{
    const VcpuPos *p = qemu_plugin_scoreboard_find(pos, vcpu);
    VcpuFlow *v = PUTIL_VCPU_FIND(&flows, vcpu, VcpuFlow);
    uint64_t from = p->last_pc, to = (uintptr_t)udata;
    bool early = from != p->block_last;
    guint slot = recent_slot(from, to);

    if (!from) {
        return;                              /* the very first block */
    }
    if (v && v->recent[slot].node && v->recent[slot].from == from &&
        v->recent[slot].to == to) {
        VcpuNode *n = v->recent[slot].node;

        n->early_exits += early;
        n->transfers++;
        g_array_index(n->dests, Dest, v->recent[slot].dest).count++;
    } else {
        jumped_slow(vcpu, from, to, early);
    }
}

/* Add every vCPU's transfers to the nodes (at exit). */
static void add_up__locked(void)
{
    for (unsigned int i = 0; i < putil_vcpu_end(&flows); i++) {
        VcpuFlow *v = PUTIL_VCPU_FIND(&flows, i, VcpuFlow);
        GHashTableIter it;
        gpointer key, value;

        if (!v || !v->nodes) {
            continue;
        }
        g_hash_table_iter_init(&it, v->nodes);
        while (g_hash_table_iter_next(&it, &key, &value)) {
            VcpuNode *vn = value;
            Node *n = node_for__locked(*(uint64_t *)key);

            n->early_exits += vn->early_exits;
            n->transfers += vn->transfers;
            for (guint j = 0; j < vn->dests->len; j++) {
                const Dest *d = &g_array_index(vn->dests, Dest, j);
                guint k = 0;

                while (k < n->dests->len &&
                       g_array_index(n->dests, Dest, k).to != d->to) {
                    k++;
                }
                if (k == n->dests->len) {
                    g_array_append_val(n->dests, *d);
                } else {
                    g_array_index(n->dests, Dest, k).count += d->count;
                }
            }
        }
        g_hash_table_destroy(v->nodes);
        v->nodes = NULL;
    }
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    uint64_t pc = qemu_plugin_tb_vaddr(tb);
    size_t n = qemu_plugin_tb_n_insns(tb);
    struct qemu_plugin_insn *first = qemu_plugin_tb_get_insn(tb, 0);
    struct qemu_plugin_insn *last = qemu_plugin_tb_get_insn(tb, n - 1);
    uint64_t last_pc = qemu_plugin_insn_vaddr(last);
    qemu_plugin_u64 fallthrough =
        qemu_plugin_scoreboard_u64_in_struct(pos, VcpuPos, fallthrough);
    Node *node;

    g_mutex_lock(&nodes_lock);
    node = node_for__locked(last_pc);
    if (!node->disas) {
        const char *sym = qemu_plugin_insn_symbol(last);

        node->disas = qemu_plugin_insn_disas(last);
        node->symbol = sym ? sym : "";
    }
    g_mutex_unlock(&nodes_lock);

    /*
     * The block-entry check reads where the previous block would have
     * continued; this block's own positions are stored by its first
     * instruction, which runs after the block-entry callbacks.
     */
    qemu_plugin_register_vcpu_tb_exec_cond_cb(
        tb, block_jumped_to, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_NE,
        fallthrough, pc, (void *)(uintptr_t)pc);
    qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
        first, QEMU_PLUGIN_INLINE_STORE_U64,
        qemu_plugin_scoreboard_u64_in_struct(pos, VcpuPos, block_last),
        last_pc);
    qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
        first, QEMU_PLUGIN_INLINE_STORE_U64, fallthrough,
        last_pc + qemu_plugin_insn_size(last));
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            insn, QEMU_PLUGIN_INLINE_STORE_U64,
            qemu_plugin_scoreboard_u64_in_struct(pos, VcpuPos, last_pc),
            qemu_plugin_insn_vaddr(insn));
    }
}

static gint node_order(gconstpointer a, gconstpointer b)
{
    const Node *x = a, *y = b;
    int r = 0;

    switch (sort_by) {
    case SORT_HOTTEST:
        break;                          /* the tie-break below is this order */
    case SORT_EARLY:
        r = putil_cmp_u64_desc(x->early_exits, y->early_exits);
        break;
    case SORT_POPULAR:
        r = putil_cmp_u64_desc(x->dests->len, y->dests->len);
        break;
    }
    return r ? r : putil_cmp_hot(x->transfers, x->addr, y->transfers, y->addr);
}

static void node_free(gpointer p)
{
    Node *n = p;

    g_free(n->disas);
    g_array_free(n->dests, TRUE);
    g_free(n);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);
    GList *all, *list = NULL;
    uint64_t i = 0;

    g_mutex_lock(&nodes_lock);
    add_up__locked();
    g_string_printf(s, "collected %u control flow nodes in the hash table\n",
                    g_hash_table_size(nodes));
    all = g_hash_table_get_values(nodes);
    for (GList *l = all; l; l = l->next) {
        if (((Node *)l->data)->transfers) {
            list = g_list_prepend(list, l->data);
        }
    }
    g_list_free(all);
    list = g_list_sort(list, node_order);
    for (GList *l = list; l && (limit == 0 || i < limit); l = l->next, i++) {
        Node *n = l->data;

        g_string_append_printf(s, "  addr: 0x%" PRIx64 " %s: %s (%s)\n",
                               n->addr, n->symbol ? n->symbol : "",
                               n->disas ? n->disas : "(mid-block instruction)",
                               n->early_exits ? "sync fault" : "branch");
        if (n->early_exits) {
            g_string_append_printf(s, "    early exits %" PRIu64 "\n",
                                   n->early_exits);
        }
        g_string_append_printf(s, "    branches %" PRIu64 "\n", n->transfers);
        for (guint j = 0; j < n->dests->len; j++) {
            Dest *d = &g_array_index(n->dests, Dest, j);

            g_string_append_printf(s, "      to 0x%" PRIx64 " (%" PRIu64 ")\n",
                                   d->to, d->count);
        }
    }
    g_list_free(list);
    g_hash_table_destroy(nodes);
    g_mutex_unlock(&nodes_lock);
    qemu_plugin_outs(s->str);
    qemu_plugin_scoreboard_free(pos);
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    static const PluginChoice sorts[] = {
        { "hottest", SORT_HOTTEST }, { "early", SORT_EARLY },
        { "popular", SORT_POPULAR }, { "exceptions", SORT_POPULAR },
    };

    if (parg_is(a, "sort")) {
        return PARG_CHOOSE(NAME, a, sorts, "hottest, early or popular", sort_by);
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
    nodes = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                  node_free);
    pos = qemu_plugin_scoreboard_new(sizeof(VcpuPos));
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
