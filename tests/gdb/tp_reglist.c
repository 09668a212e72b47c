/*
 * The register list a plugin sees (qemu_plugin_get_registers), with each
 * register's size as a read returns it, printed once at the first vCPU's
 * init: "reg NAME FEATURE BYTES", and "priv VALUE" when there is a priv
 * register. The gdb suite compares it with the target description.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static void vcpu_init(unsigned int vcpu, void *udata)
{
    if (vcpu)
        return;
    GArray *regs = qemu_plugin_get_registers();
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        GByteArray *b = g_byte_array_new();
        bool ok = qemu_plugin_read_register(d->handle, b);
        printf("reg %s %s %u\n", d->name, d->feature ? d->feature : "-", ok ? b->len : 0);
        if (ok && !strcmp(d->name, "priv")) {
            uint64_t v = 0;
            memcpy(&v, b->data, b->len < 8 ? b->len : 8);
            printf("priv %" PRIu64 "\n", v);
        }
        g_byte_array_free(b, TRUE);
    }
    g_array_free(regs, TRUE);
    fflush(stdout);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                           int argc, char **argv)
{
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    return 0;
}
