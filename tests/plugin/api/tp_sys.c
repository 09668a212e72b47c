/*
 * System calls as plugins see them: "syscall NR a1 a2 a3" before,
 * "ret NR value" after, and with filter=N the call N answered by the
 * plugin with 4242 instead of running. Host-call discontinuities are
 * counted and checked to go from an ecall to the next instruction.
 * With jump=ADDR,jump_nr=N,jump_in=entry|ret|discon the plugin calls
 * qemu_plugin_set_pc(ADDR) from that callback of system call N (for
 * discon: the host call that follows it), which must leave the hook.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static int64_t filter_nr = -1;
static uint64_t hostcalls, hostcall_bad;
static int64_t jump_nr = -1, last_nr = -1;   /* one vCPU: sys.S */
static uint64_t jump_to;
static const char *jump_in = "";

static void maybe_jump(const char *where, int64_t num)
{
    if (num == jump_nr && !strcmp(jump_in, where)) {
        tp_out("set_pc in %s %" PRId64 "\n", where, num);
        qemu_plugin_set_pc(jump_to);
        tp_out("LATE: set_pc returned\n");
    }
}

static void sys_cb(unsigned int idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                   uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    tp_out("syscall %" PRId64 " %" PRId64 " %" PRIu64 " a7=%" PRIu64 " a8=%" PRIu64 "\n", num,
           (int64_t)a1, a3, a7, a8);
    last_nr = num;
    maybe_jump("entry", num);
}

static bool filter_cb(unsigned int idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                      uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, uint64_t *ret, void *ud)
{
    if (num != filter_nr)
        return false;
    *ret = 4242;
    return true;
}

static void ret_cb(unsigned int idx, int64_t num, int64_t ret, void *ud)
{
    tp_out("ret %" PRId64 " %" PRId64 "\n", num, ret);
    maybe_jump("ret", num);
}

static void discon_cb(unsigned int idx, enum qemu_plugin_discon_type type, uint64_t from, uint64_t to,
                      void *ud)
{
    hostcalls++;
    if (type != QEMU_PLUGIN_DISCON_HOSTCALL || to != from + 4)
        hostcall_bad++;
    maybe_jump("discon", last_nr);
}

static void at_exit(void *ud)
{
    tp_out("hostcalls=%" PRIu64 " bad=%" PRIu64 "\n", hostcalls, hostcall_bad);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    filter_nr = (int64_t)tp_arg_u64(argc, argv, "filter", (uint64_t)-1);
    jump_nr = (int64_t)tp_arg_u64(argc, argv, "jump_nr", (uint64_t)-1);
    jump_to = tp_arg_u64(argc, argv, "jump", 0);
    jump_in = tp_arg(argc, argv, "jump_in") ? tp_arg(argc, argv, "jump_in") : "";
    qemu_plugin_register_vcpu_syscall_cb(id, sys_cb, NULL);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, ret_cb, NULL);
    if (filter_nr >= 0)
        qemu_plugin_register_vcpu_syscall_filter_cb(id, filter_cb, NULL);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_HOSTCALL, discon_cb, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
