/*
 * ips: limit how many instructions per second each vCPU executes.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin ips,help` prints it).
 * The suffixes of ips= are powers of 1000; a smaller ipq= is smoother but
 * costs more.
 *
 * Every quantum, a vCPU that is ahead of N instructions per second of
 * wall-clock time since it started sleeps until it is not. The virtual
 * clock, where the emulator has one (system emulation), is advanced to
 * match; in user mode guests read the host's clock.
 */
#include <inttypes.h>
#include <time.h>
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "limits how many instructions per second each vCPU executes\n"
    "  ips=N[k|m|g]  instructions per second per vCPU (required)\n"
    "  ipq=N         instructions per quantum between clock checks (default ips/10)\n");

static const char *const NAME = "ips";

#define NSEC_PER_SEC 1000000000LL

typedef struct {
    uint64_t quantum_insns;                  /* since the last check */
    uint64_t total_insns;
    int64_t start_ns;
} VcpuTime;

/* Plugin-lifetime state; the clock handle and its value under the lock. */
static struct qemu_plugin_scoreboard *vcpus;
static uint64_t ips;
static uint64_t ipq;
static const void *time_handle;
static int64_t virtual_ns;
static GMutex time_lock;

static int64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static int64_t ns_for(uint64_t insns)
{
    return (int64_t)((double)insns / (double)ips * (double)NSEC_PER_SEC);
}

static void settle(VcpuTime *v)
{
    int64_t due;

    v->total_insns += v->quantum_insns;
    v->quantum_insns = 0;
    due = v->start_ns + ns_for(v->total_insns);
    for (int64_t now = now_ns(); now < due; now = now_ns()) {
        g_usleep((due - now + 999) / 1000);
    }
    if (time_handle) {
        int64_t t = ns_for(v->total_insns);

        g_mutex_lock(&time_lock);
        if (t > virtual_ns) {
            virtual_ns = t;
            qemu_plugin_update_ns(time_handle, t);
        }
        g_mutex_unlock(&time_lock);
    }
}

static void vcpu_init(unsigned int vcpu, void *udata)
{
    VcpuTime *v = qemu_plugin_scoreboard_find(vcpus, vcpu);

    v->start_ns = now_ns();
}

static void vcpu_exit(unsigned int vcpu, void *udata)
{
    settle(qemu_plugin_scoreboard_find(vcpus, vcpu));
}

static void quantum_done(unsigned int vcpu, void *udata)
{
    settle(qemu_plugin_scoreboard_find(vcpus, vcpu));
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    qemu_plugin_u64 q = qemu_plugin_scoreboard_u64_in_struct(vcpus, VcpuTime,
                                                             quantum_insns);

    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, q, qemu_plugin_tb_n_insns(tb));
    qemu_plugin_register_vcpu_tb_exec_cond_cb(
        tb, quantum_done, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_COND_GE, q, ipq,
        NULL);
}

static bool parse_ips(const PluginArg *a)
{
    static const struct { char suffix; uint64_t scale; } scales[] = {
        { 'k', 1000 }, { 'm', 1000000 }, { 'g', 1000000000 },
    };
    g_autofree char *num = g_strdup(a->value ? a->value : "");
    size_t len = strlen(num);
    uint64_t scale = 1;

    for (size_t i = 0; len && i < G_N_ELEMENTS(scales); i++) {
        if (g_ascii_tolower(num[len - 1]) == scales[i].suffix) {
            scale = scales[i].scale;
            num[len - 1] = '\0';
        }
    }
    if (!parg_parse_u64(num, &ips) || ips == 0 || ips > UINT64_MAX / scale) {
        return parg_fail(NAME, a, "a positive number, optionally with a "
                         "k, m or g suffix");
    }
    ips *= scale;
    return true;
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "ips")) {
        return parse_ips(a);
    }
    if (parg_is(a, "ipq")) {
        return parg_u64(NAME, a, 1, &ipq);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    if (parg_each(argc, argv, parse_arg, NULL)) {
        return -1;
    }
    if (!ips) {
        fprintf(stderr, "%s: ips=N (instructions per second) is required\n",
                NAME);
        return -1;
    }
    if (!ipq) {
        ipq = ips / 10 ? ips / 10 : 1;
    }
    vcpus = qemu_plugin_scoreboard_new(sizeof(VcpuTime));
    time_handle = qemu_plugin_request_time_control();
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    return 0;
}
