/*
 * bb: counts executed translation blocks ("basic blocks") and instructions.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin bb,help` prints it).
 *
 * At exit it prints one "CPUn: bb's: N, insns: M" line per vCPU that ran,
 * when there was more than one, and the total "bb's: N, insns: M".
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "counts executed translation blocks and instructions\n"
    "  inline=on|off  count with inline scoreboard additions instead of a callback per block\n"
    "  idle=on|off    also print a vCPU's running totals when it goes idle (system emulation only)\n");

static const char *const NAME = "bb";

typedef struct {
    uint64_t blocks;
    uint64_t insns;
} BbCount;

/*
 * Plugin state lives for the whole run: the counts are per vCPU, in a
 * scoreboard for the inline additions, else in a table the callbacks
 * reach without a call into the emulator (plugin-util.h).
 */
static struct qemu_plugin_scoreboard *counts;   /* BbCount, inline=on */
static PluginVcpuData cb_counts;                /* BbCount, callbacks */
static qemu_plugin_u64 blocks_u64;
static qemu_plugin_u64 insns_u64;
static bool do_inline;
static bool idle_report;

static BbCount counts_of(unsigned int vcpu)
{
    static const BbCount none;
    const BbCount *c = do_inline ? qemu_plugin_scoreboard_find(counts, vcpu)
                                 : PUTIL_VCPU_FIND(&cb_counts, vcpu, BbCount);

    return c ? *c : none;
}

static void append_cpu(GString *s, const char *prefix, unsigned int vcpu)
{
    BbCount c = counts_of(vcpu);

    if (c.blocks) {
        g_string_append_printf(s, "%sCPU%u: bb's: %" PRIu64 ", insns: %" PRIu64
                               "\n", prefix, vcpu, c.blocks, c.insns);
    }
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);
    int n = qemu_plugin_num_vcpus();
    BbCount total = { 0 };

    for (int i = 0; i < n; i++) {
        BbCount c = counts_of(i);

        if (n > 1) {
            append_cpu(s, "", i);
        }
        total.blocks += c.blocks;
        total.insns += c.insns;
    }
    g_string_append_printf(s, "bb's: %" PRIu64 ", insns: %" PRIu64 "\n",
                           total.blocks, total.insns);
    qemu_plugin_outs(s->str);
    qemu_plugin_scoreboard_free(counts);
}

static void vcpu_idle(unsigned int vcpu, void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);

    append_cpu(s, "Idling ", vcpu);
    if (s->len) {
        qemu_plugin_outs(s->str);
    }
}

static void tb_exec(unsigned int vcpu, void *udata)
{
    BbCount *c = PUTIL_VCPU(&cb_counts, vcpu, BbCount);

    c->blocks++;
    c->insns += (uintptr_t)udata;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    if (do_inline) {
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, blocks_u64, 1);
        qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
            tb, QEMU_PLUGIN_INLINE_ADD_U64, insns_u64, n);
    } else {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             (void *)(uintptr_t)n);
    }
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "inline")) {
        return parg_bool(NAME, a, &do_inline);
    }
    if (parg_is(a, "idle")) {
        return parg_bool(NAME, a, &idle_report);
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
    counts = qemu_plugin_scoreboard_new(sizeof(BbCount));
    blocks_u64 = qemu_plugin_scoreboard_u64_in_struct(counts, BbCount, blocks);
    insns_u64 = qemu_plugin_scoreboard_u64_in_struct(counts, BbCount, insns);

    if (idle_report) {
        qemu_plugin_register_vcpu_idle_cb(id, vcpu_idle, NULL);
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
