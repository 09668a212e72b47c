/*
 * Uninstall and reset from inside a callback. Counts instructions inline;
 * once after=N have run, a conditional callback asks for mode=uninstall or
 * mode=reset. Uninstall: the done callback prints, and any callback after
 * it prints LATE (never expected; atexit must not run either). Reset: the
 * done callback counts on from zero with new instrumentation, and atexit
 * prints both phases, which must add up to the whole run; the plugin's own
 * flush callback runs once, during the reset. Its destructor prints what
 * had happened by then: peek runs it when it unloads an uninstalled plugin
 * (right after the done callback) and, for a plugin still loaded, after
 * the atexit callbacks.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static qemu_plugin_id_t self;
static struct qemu_plugin_scoreboard *phase1, *phase2;
static uint64_t after;
static bool reset_mode, done, requested, exit_ran;
static uint64_t flushes, late;

static void phase2_trans(struct qemu_plugin_tb *tb, void *ud)
{
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      qemu_plugin_scoreboard_u64(phase2),
                                                      qemu_plugin_tb_n_insns(tb));
}

static void at_exit(void *ud)
{
    exit_ran = true;
    uint64_t p1 = qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(phase1));
    uint64_t p2 = qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(phase2));
    tp_out("reset: phase1=%" PRIu64 " phase2=%" PRIu64 " total=%" PRIu64 " flushes=%" PRIu64
           " late=%" PRIu64 "\n", p1, p2, p1 + p2, flushes, late);
}

static void done_cb(void *ud)
{
    done = true;
    tp_out("%s done (%s) after %" PRIu64 "\n", reset_mode ? "reset" : "uninstall", (const char *)ud,
           qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(phase1)));
    if (reset_mode) {
        qemu_plugin_register_vcpu_tb_trans_cb(self, phase2_trans, NULL);
        qemu_plugin_register_atexit_cb(self, at_exit, NULL);
    }
}

static void trigger_cb(unsigned int idx, void *ud)
{
    if (done)
        late++;
    if (requested)
        return;
    requested = true;
    if (reset_mode)
        qemu_plugin_reset(self, done_cb, "userdata");
    else
        qemu_plugin_uninstall(self, done_cb, "userdata");
}

static void count_cb(unsigned int idx, void *ud)
{
    if (done && !reset_mode)
        tp_out("LATE callback after uninstall\n");
}

static void flush_cb(void *ud) { flushes++; }

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    qemu_plugin_u64 c = qemu_plugin_scoreboard_u64(phase1);
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64, c, 1);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, trigger_cb, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_GE, c, after, NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, count_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

static void never_exit(void *ud) { tp_out("atexit of an uninstalled plugin\n"); }

static void __attribute__((destructor)) unloaded(void)
{
    tp_out("destructor: done=%d exit-callback=%d\n", done, exit_ran);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    self = id;
    after = tp_arg_u64(argc, argv, "after", 5000);
    const char *mode = tp_arg(argc, argv, "mode");
    reset_mode = mode && !strcmp(mode, "reset");
    phase1 = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    phase2 = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_flush_cb(id, flush_cb, NULL);
    qemu_plugin_register_atexit_cb(id, reset_mode ? at_exit : never_exit, NULL);
    return 0;
}
