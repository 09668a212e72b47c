/*
 * The price of a callback, for `make bench`: registers one callback that
 * does nothing, either before every instruction (kind=insn, the default),
 * after every memory access (kind=mem) or at the start of every block
 * (kind=tb), so that a run's time over the emulator's own run without a
 * plugin is what the emulator charges for calling a plugin, and nothing
 * the plugin does. Built against plugin API version 1 (include/v1), which
 * Debian 12's qemu-riscv64 (QEMU 7.2) loads, so the same .so runs under
 * both emulators. The callbacks say they touch no register (NO_REGS), the
 * cheapest promise a plugin can make.
 */
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

enum { KIND_INSN, KIND_MEM, KIND_TB };
/* Set once by qemu_plugin_install, before any block is translated. */
static int kind = KIND_INSN;

static void on_exec(unsigned int vcpu_index, void *userdata) {}

static void on_mem(unsigned int vcpu_index, qemu_plugin_meminfo_t info, uint64_t vaddr,
                   void *userdata)
{
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    if (kind == KIND_TB) {
        qemu_plugin_register_vcpu_tb_exec_cb(tb, on_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
        return;
    }
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (kind == KIND_INSN)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, on_exec, QEMU_PLUGIN_CB_NO_REGS, NULL);
        else
            qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "kind=insn")) {
            kind = KIND_INSN;
        } else if (!strcmp(argv[i], "kind=mem")) {
            kind = KIND_MEM;
        } else if (!strcmp(argv[i], "kind=tb")) {
            kind = KIND_TB;
        } else {
            fprintf(stderr, "cbcost: unknown argument '%s' (kind=insn, kind=mem or kind=tb)\n",
                    argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    return 0;
}
