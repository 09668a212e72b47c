/*
 * A plugin written the way QEMU 10.0's were (API version 4): syscall
 * callbacks that take the plugin id and read the guest's buffer with
 * qemu_plugin_read_memory_vaddr(), the way tests/tcg/plugins/syscall.c
 * logs writes. Built unmodified with pkg-config --cflags peek-plugin-v4.
 * On guest/sys.S, which writes "hi\n", it prints
 *   qemu-10.0: write(1, "hi\n") ok=1
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void vcpu_syscall(qemu_plugin_id_t id, unsigned int vcpu_index,
                         int64_t num, uint64_t a1, uint64_t a2,
                         uint64_t a3, uint64_t a4, uint64_t a5,
                         uint64_t a6, uint64_t a7, uint64_t a8)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    g_autoptr(GString) out = g_string_new("qemu-10.0: ");

    if (num != 64) {
        return;
    }
    bool ok = qemu_plugin_read_memory_vaddr(a2, buf, a3);
    g_string_append_printf(out, "write(%" PRIu64 ", \"", a1);
    for (guint i = 0; i < buf->len; i++) {
        if (buf->data[i] == '\n') {
            g_string_append(out, "\\n");
        } else {
            g_string_append_c(out, buf->data[i]);
        }
    }
    g_string_append_printf(out, "\") ok=%d\n", ok);
    qemu_plugin_outs(out->str);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_syscall_cb(id, vcpu_syscall);
    return 0;
}
