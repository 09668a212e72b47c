/*
 * A plugin written the way QEMU 9.0's were (API version 2): per-vCPU
 * scoreboards with *_inline_per_vcpu, vCPU and tb_trans callbacks that
 * take the plugin id, the first register API (read_register returns the
 * size read) and qemu_plugin_num_vcpus. Built unmodified with
 * pkg-config --cflags peek-plugin-v2. On guest/sys.S it prints
 *   qemu-9.0: insns=13 a0=8 bytes vcpus=1
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_scoreboard *insns;
static struct qemu_plugin_register *a0;
static int a0_size = -1;

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    g_autoptr(GArray) regs = qemu_plugin_get_registers();

    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *r =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(r->name, "a0")) {
            a0 = r->handle;
        }
    }
}

static void first_insn(unsigned int vcpu_index, void *udata)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();

    if (a0_size < 0) {
        a0_size = qemu_plugin_read_register(a0, buf);
    }
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            insn, QEMU_PLUGIN_INLINE_ADD_U64,
            qemu_plugin_scoreboard_u64(insns), 1);
    }
    qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, 0),
                                           first_insn, QEMU_PLUGIN_CB_R_REGS,
                                           NULL);
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    g_autofree gchar *out = g_strdup_printf(
        "qemu-9.0: insns=%" PRIu64 " a0=%d bytes vcpus=%d\n",
        qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(insns)), a0_size,
        qemu_plugin_num_vcpus());
    qemu_plugin_outs(out);
    qemu_plugin_scoreboard_free(insns);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    insns = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
