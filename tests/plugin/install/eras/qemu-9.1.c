/*
 * A plugin written the way QEMU 9.1's and 9.2's were (API version 3):
 * qemu_plugin_insn_data() copies into the caller's buffer, conditional
 * callbacks on a scoreboard entry, INLINE_STORE_U64, and the time control
 * handle that contrib/plugins/ips.c asks for. Built unmodified with
 * pkg-config --cflags peek-plugin-v3. On guest/sys.S (13 instructions,
 * the sixth an ecall, the last the ecall after leave) it prints
 *   qemu-9.1: insns=13 copied=4 sixth=ecall-bytes last=<leave + 4> time=1
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct {
    uint64_t count;
    uint64_t last;
} CPUCount;

static struct qemu_plugin_scoreboard *counts;
static qemu_plugin_u64 count;
static qemu_plugin_u64 last;
static size_t copied;
static uint32_t sixth;
static const void *time_handle;

static void at_sixth(unsigned int vcpu_index, void *udata)
{
    sixth = (uint32_t)(uintptr_t)udata;
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint32_t word = 0;

        copied = qemu_plugin_insn_data(insn, &word, sizeof(word));
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            insn, QEMU_PLUGIN_INLINE_ADD_U64, count, 1);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(
            insn, at_sixth, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_EQ,
            count, 6, (void *)(uintptr_t)word);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            insn, QEMU_PLUGIN_INLINE_STORE_U64, last,
            qemu_plugin_insn_vaddr(insn));
    }
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    /* ecall is 0x00000073 (the host, like the guest, is little-endian) */
    g_autofree gchar *out = g_strdup_printf(
        "qemu-9.1: insns=%" PRIu64 " copied=%zu sixth=%s last=0x%" PRIx64
        " time=%d\n", qemu_plugin_u64_sum(count), copied,
        sixth == 0x73 ? "ecall-bytes" : "other", qemu_plugin_u64_get(last, 0),
        time_handle != NULL);
    qemu_plugin_outs(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    counts = qemu_plugin_scoreboard_new(sizeof(CPUCount));
    count = qemu_plugin_scoreboard_u64_in_struct(counts, CPUCount, count);
    last = qemu_plugin_scoreboard_u64_in_struct(counts, CPUCount, last);
    time_handle = qemu_plugin_request_time_control();
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
