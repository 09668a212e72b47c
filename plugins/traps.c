/*
 * traps: how many interrupts, exceptions and host calls each vCPU took,
 * counted from the discontinuity callbacks.
 *
 * Takes no arguments (`peek -plugin traps,help`).
 *
 * Report:
 *   vcpu, interrupts, exceptions, host calls
 *   <n>, <interrupts>, <exceptions>, <host calls>     (one row per vCPU)
 *   total, ...                                       (with several vCPUs)
 *
 * Under system emulation an interrupt is an asynchronous trap (timer,
 * software, external), an exception a synchronous one (ecall, page fault,
 * illegal instruction...), and a host call a request the emulator serves
 * itself (semihosting; peek-system has none, so the column stays 0).
 * In user mode peek reports a signal delivered to a handler as an
 * interrupt (asynchronous) or exception (a fault), and every system call
 * as a host call.
 *
 * Each vCPU counts into a record of its own, without a lock.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP("interrupts, exceptions and host calls per vCPU; no arguments\n");

static const char *const NAME = "traps";

typedef struct {
    uint64_t interrupts;
    uint64_t exceptions;
    uint64_t hostcalls;
} TrapCount;

/* Plugin-lifetime state; each vCPU's record is that vCPU's alone. */
static PluginVcpuData counts;                /* TrapCount */

static void discon(unsigned int vcpu, enum qemu_plugin_discon_type type,
                   uint64_t from_pc, uint64_t to_pc, void *udata)
{
    TrapCount *c = PUTIL_VCPU(&counts, vcpu, TrapCount);

    switch (type) {
    case QEMU_PLUGIN_DISCON_INTERRUPT:
        c->interrupts++;
        break;
    case QEMU_PLUGIN_DISCON_EXCEPTION:
        c->exceptions++;
        break;
    case QEMU_PLUGIN_DISCON_HOSTCALL:
        c->hostcalls++;
        break;
    default:
        break;
    }
}

static void append_row(GString *s, const char *vcpu, const TrapCount *c)
{
    g_string_append_printf(s, "%s, %" PRIu64 ", %" PRIu64 ", %" PRIu64 "\n",
                           vcpu, c->interrupts, c->exceptions, c->hostcalls);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new("vcpu, interrupts, exceptions, "
                                        "host calls\n");
    int n = qemu_plugin_num_vcpus();
    TrapCount total = { 0 };

    for (int i = 0; i < n; i++) {
        static const TrapCount none;
        const TrapCount *c = PUTIL_VCPU_FIND(&counts, i, TrapCount);
        char name[16];

        c = c ? c : &none;
        snprintf(name, sizeof(name), "%d", i);
        append_row(s, name, c);
        total.interrupts += c->interrupts;
        total.exceptions += c->exceptions;
        total.hostcalls += c->hostcalls;
    }
    if (n > 1) {
        append_row(s, "total", &total);
    }
    qemu_plugin_outs(s->str);
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    if (parg_each(argc, argv, parse_arg, NULL)) {
        return -1;
    }
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_ALL, discon,
                                        NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
