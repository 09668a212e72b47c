/* Discontinuities on sig.c: each exception and interrupt with its
 * from/to pcs, and the number of host calls. */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t hostcalls;

static void discon_cb(unsigned int idx, enum qemu_plugin_discon_type type, uint64_t from, uint64_t to,
                      void *ud)
{
    if (type == QEMU_PLUGIN_DISCON_HOSTCALL)
        hostcalls++;
    else
        tp_out("%s from=0x%" PRIx64 " to=0x%" PRIx64 "\n",
               type == QEMU_PLUGIN_DISCON_EXCEPTION ? "exception" : "interrupt", from, to);
}

static void at_exit(void *ud) { tp_out("hostcalls>0=%d\n", hostcalls > 0); }

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL, discon_cb, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
