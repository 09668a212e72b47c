/*
 * Inline counting into plain variables of the plugin (API version 1, the
 * form QEMU 7.2's own plugins use), which the x86-64 JIT sums in counter
 * lanes across chained blocks rather than in memory (see "The price of a
 * callback" in docs/design-notes.md). Three counters: instructions (one
 * addition per instruction, which peek merges per block), blocks (one
 * per block) and twice the instructions (a third counter, more than the
 * lanes hold, so it stays an addition to memory). Whatever way the guest
 * leaves a block (a chained jump, an exit, a system call, a fault caught
 * by a handler or fatal) every count must be exact at exit, and a
 * callback must see exact counts: probe=ADDR adds a callback before the
 * instruction at ADDR that records the instruction count it sees.
 * Printed at exit: "lanes insns=N tbs=M double=D" and, with a probe,
 * "lanes probe saw K".
 */
#include <qemu-plugin.h>

#include "../tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* The plugin's counters, added to by translated code; probe is set once
 * by qemu_plugin_install. */
static uint64_t insns, tbs, doubled, probe = UINT64_MAX, probe_seen;
static bool probed;

static void probe_cb(unsigned int idx, void *ud)
{
    probe_seen = insns;
    probed = true;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &tbs, 1);
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &insns, 1);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &doubled, 2);
        /* After the additions: it sees its own instruction counted. */
        if (qemu_plugin_insn_vaddr(insn) == probe)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, probe_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    tp_out("lanes insns=%" PRIu64 " tbs=%" PRIu64 " double=%" PRIu64 "\n", insns, tbs, doubled);
    if (probed)
        tp_out("lanes probe saw %" PRIu64 "\n", probe_seen);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    probe = tp_arg_u64(argc, argv, "probe", UINT64_MAX);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
