/*
 * Callbacks that count in per-vCPU records of the plugin's own, which peek
 * turns into inline additions to a scoreboard over those records
 * (-plugin-inline-cb on; "Per-vCPU counting callbacks" in
 * docs/design-notes.md):
 * - tp_vcnt_insn and tp_vcnt_mem add to the vCPU's record of a
 *   plugin-util.h table, as our plugins do (vCPUs 0 to 63 in the table
 *   itself; past them a rare path finds or makes the record);
 * - tp_vcnt_insn4 adds to rec4[vcpu] for vCPUs 0 to 3 and, for any other,
 *   calls a function that counts in far4[]: with more than four threads
 *   peek must give up the inline form before the fifth vCPU runs.
 * sym=NAME instruments only that symbol's instructions (memory accesses
 * are all counted). Printed at exit:
 *   vcnt insns=N insns4=N mem=N
 *   vcnt probe saw N                  (with probe=ADDR)
 * where probe_cb, registered after the counters of the instruction at
 * ADDR, reads vCPU 0's instruction count (the lanes must be in memory).
 * The callbacks are exported for tests/host/x86_64/leaf-test.c.
 */
#include <qemu-plugin.h>

#include "../../../plugins/plugin-util.h"
#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define CALLBACK __attribute__((visibility("default")))

typedef struct {
    uint64_t insns, mem;
} Rec;

/* Written by each vCPU in its own record; read at exit and by probe_cb. */
static PluginVcpuData recs;
static struct {
    uint64_t n;
} __attribute__((aligned(64))) rec4[4];
static uint64_t far4[PUTIL_VCPU_MAX];
/* Set at install. */
static const char *sym;
static uint64_t probe = UINT64_MAX;
/* Set by probe_cb, on vCPU 0. */
static uint64_t probe_seen;
static bool probed;

CALLBACK void tp_vcnt_insn(unsigned int vcpu, void *udata)
{
    PUTIL_VCPU(&recs, vcpu, Rec)->insns++;
}

CALLBACK void tp_vcnt_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    PUTIL_VCPU(&recs, vcpu, Rec)->mem++;
}

__attribute__((noipa)) static void far4_add(unsigned int vcpu)
{
    far4[vcpu]++;
}

CALLBACK void tp_vcnt_insn4(unsigned int vcpu, void *udata)
{
    if (__builtin_expect(vcpu < 4, 1))
        rec4[vcpu].n++;
    else
        far4_add(vcpu);
}

static void probe_cb(unsigned int vcpu, void *udata)
{
    if (vcpu == 0) {
        probe_seen = PUTIL_VCPU(&recs, 0, Rec)->insns;
        probed = true;
    }
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const char *s = qemu_plugin_insn_symbol(insn);
        qemu_plugin_register_vcpu_mem_cb(insn, tp_vcnt_mem, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
        if (sym && (!s || strcmp(s, sym)))
            continue;
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_vcnt_insn, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_vcnt_insn4, QEMU_PLUGIN_CB_NO_REGS, NULL);
        /* After the counters: it sees its own instruction counted. */
        if (qemu_plugin_insn_vaddr(insn) == probe)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, probe_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

static void at_exit(void *ud)
{
    uint64_t insns = 0, insns4 = 0, mem = 0;
    for (unsigned int i = 0; i < putil_vcpu_end(&recs); i++) {
        const Rec *r = PUTIL_VCPU_FIND(&recs, i, Rec);
        if (r) {
            insns += r->insns;
            mem += r->mem;
        }
    }
    for (unsigned int i = 0; i < PUTIL_VCPU_MAX; i++)
        insns4 += i < 4 ? rec4[i].n : far4[i];
    tp_out("vcnt insns=%" PRIu64 " insns4=%" PRIu64 " mem=%" PRIu64 "\n", insns, insns4, mem);
    if (probed)
        tp_out("vcnt probe saw %" PRIu64 "\n", probe_seen);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    sym = tp_arg(argc, argv, "sym");
    probe = tp_arg_u64(argc, argv, "probe", UINT64_MAX);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
