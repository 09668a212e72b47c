/*
 * A plugin written the way QEMU 11.0's were (API version 6): a syscall
 * filter that takes the plugin id and sets a uint64_t result,
 * qemu_plugin_read_register() returning bool, register descriptors that
 * say whether a register is read-only, and qemu_plugin_set_pc() from a
 * QEMU_PLUGIN_CB_RW_REGS_PC callback. Built unmodified with pkg-config
 * --cflags peek-plugin-v6. On guest/sys.S it answers getpid with 42 (the
 * guest exits with that status), skips close(-1) by jumping over its
 * ecall, and prints
 *   qemu-11.0: pc-readonly=1 read=1 skipped-close=1
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_register *a7;
static bool pc_readonly, read_ok, close_ran;

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    g_autoptr(GArray) regs = qemu_plugin_get_registers();

    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *r =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(r->name, "a7")) {
            a7 = r->handle;
        }
        if (!strcmp(r->name, "pc")) {
            pc_readonly = r->is_readonly;
        }
    }
}

/* Before each ecall: if a7 holds close's number (57), jump over it. */
static void before_ecall(unsigned int vcpu_index, void *udata)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    uint64_t nr = 0;

    read_ok = qemu_plugin_read_register(a7, buf);
    memcpy(&nr, buf->data, sizeof(nr));
    if (nr == 57) {
        qemu_plugin_set_pc((uint64_t)(uintptr_t)udata + 4);
    }
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t word = 0;

        qemu_plugin_insn_data(insn, &word, sizeof(word));
        if (word == 0x73) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, before_ecall, QEMU_PLUGIN_CB_RW_REGS_PC,
                (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        }
    }
}

static bool vcpu_syscall_filter(qemu_plugin_id_t id, unsigned int vcpu_index,
                                int64_t num, uint64_t a1, uint64_t a2,
                                uint64_t a3, uint64_t a4, uint64_t a5,
                                uint64_t a6, uint64_t a7_value, uint64_t a8,
                                uint64_t *sysret)
{
    close_ran |= num == 57;
    if (num == 172) {
        *sysret = 42;
        return true;
    }
    return false;
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    g_autofree gchar *out = g_strdup_printf(
        "qemu-11.0: pc-readonly=%d read=%d skipped-close=%d\n",
        pc_readonly, read_ok, !close_ran);
    qemu_plugin_outs(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_vcpu_syscall_filter_cb(id, vcpu_syscall_filter);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
