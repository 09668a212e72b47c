/*
 * A plugin written the way QEMU 10.1's and 10.2's were (API version 5):
 * qemu_plugin_write_memory_vaddr(), qemu_plugin_write_register() returning
 * the bytes written, discontinuity callbacks that take the plugin id
 * (10.2), and no physical addresses in user mode. Built unmodified with
 * pkg-config --cflags peek-plugin-v5. On guest/sys.S it upper-cases the
 * buffer of the write, so the guest prints "HI", and at exit prints
 *   qemu-10.2: wrote=1 a7=8 bytes hostcalls>0=1 translate=0
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_register *a7;
static int wrote = -1, a7_size = -1, hostcalls;
static bool translated = true;

static void vcpu_init(qemu_plugin_id_t id, unsigned int vcpu_index)
{
    g_autoptr(GArray) regs = qemu_plugin_get_registers();

    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *r =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (!strcmp(r->name, "a7")) {
            a7 = r->handle;
        }
    }
}

static void vcpu_syscall(qemu_plugin_id_t id, unsigned int vcpu_index,
                         int64_t num, uint64_t a1, uint64_t a2,
                         uint64_t a3, uint64_t a4, uint64_t a5,
                         uint64_t a6, uint64_t a7_value, uint64_t a8)
{
    g_autoptr(GByteArray) buf = g_byte_array_new();
    uint64_t hwaddr;

    if (num != 64) {
        return;
    }
    g_byte_array_append(buf, (const guint8 *)"HI", 2);
    wrote = qemu_plugin_write_memory_vaddr(a2, buf);
    /* writing a7 back unchanged: the size of the register comes back */
    g_byte_array_set_size(buf, 0);
    qemu_plugin_read_register(a7, buf);
    a7_size = qemu_plugin_write_register(a7, buf);
    translated = qemu_plugin_translate_vaddr(a2, &hwaddr);
}

static void vcpu_discon(qemu_plugin_id_t id, unsigned int vcpu_index,
                        enum qemu_plugin_discon_type type, uint64_t from_pc,
                        uint64_t to_pc)
{
    hostcalls++;
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
    g_autofree gchar *out = g_strdup_printf(
        "qemu-10.2: wrote=%d a7=%d bytes hostcalls>0=%d translate=%d\n",
        wrote, a7_size, hostcalls > 0, translated);
    qemu_plugin_outs(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init);
    qemu_plugin_register_vcpu_syscall_cb(id, vcpu_syscall);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_HOSTCALL,
                                        vcpu_discon);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
