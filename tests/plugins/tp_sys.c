/*
 * System calls as plugins see them: "syscall NR a1 a2 a3" before,
 * "ret NR value" after, and with filter=N the call N answered by the
 * plugin with 4242 instead of running. Host-call discontinuities are
 * counted and checked to go from an ecall to the next instruction.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static int64_t filter_nr = -1;
static uint64_t hostcalls, hostcall_bad;

static void sys_cb(unsigned int idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                   uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    tp_out("syscall %" PRId64 " %" PRId64 " %" PRIu64 " a7=%" PRIu64 " a8=%" PRIu64 "\n", num,
           (int64_t)a1, a3, a7, a8);
}

static bool filter_cb(unsigned int idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                      uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, int64_t *ret, void *ud)
{
    if (num != filter_nr)
        return false;
    *ret = 4242;
    return true;
}

static void ret_cb(unsigned int idx, int64_t num, int64_t ret, void *ud)
{
    tp_out("ret %" PRId64 " %" PRId64 "\n", num, ret);
}

static void discon_cb(unsigned int idx, enum qemu_plugin_discon_type type, uint64_t from, uint64_t to,
                      void *ud)
{
    hostcalls++;
    if (type != QEMU_PLUGIN_DISCON_HOSTCALL || to != from + 4)
        hostcall_bad++;
}

static void at_exit(void *ud)
{
    tp_out("hostcalls=%" PRIu64 " bad=%" PRIu64 "\n", hostcalls, hostcall_bad);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    filter_nr = (int64_t)tp_arg_u64(argc, argv, "filter", (uint64_t)-1);
    qemu_plugin_register_vcpu_syscall_cb(id, sys_cb, NULL);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, ret_cb, NULL);
    if (filter_nr >= 0)
        qemu_plugin_register_vcpu_syscall_filter_cb(id, filter_cb, NULL);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_HOSTCALL, discon_cb, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
