/*
 * Instruction counting by every mechanism at once, so that they can be
 * checked against a hand count and against each other: instruction and
 * TB exec callbacks, per-vCPU inline adds at both levels, conditional
 * callbacks (EQ, GE, NEVER) on an inline counter, and a STORE_U64 of each
 * instruction's address. sym=NAME instruments only the instructions of
 * function NAME. Also counts vCPU init/exit callbacks. heavy=N adds N more
 * inline adds per instruction, more than one IR context holds for a long
 * block: peek must split the block and still count exactly.
 *
 * only=inline registers nothing but the per-instruction inline add on
 * insns, which peek merges within a block; probe=ADDR adds a callback on
 * the instruction at ADDR that records the count it sees (after that
 * instruction's add, before any later one) and then adds bias=N to it,
 * so that later additions must build on the changed value.
 *
 * late=NR registers the tb_trans callback only in the first system call
 * NR's callback, after the guest has run blocks that no plugin saw.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct {
    uint64_t insns, tb_insns, tbs, cnt, last, heavy;
} Counters;

static struct qemu_plugin_scoreboard *sb;
static const char *sym;
static uint64_t heavy;
static bool only_inline;
static uint64_t probe = UINT64_MAX, bias, probe_seen;
static uint64_t cb_insns, cb_tb_insns, cond_eq, cond_ge, cond_never, inits, exits;

#define FIELD(f) qemu_plugin_scoreboard_u64_in_struct(sb, Counters, f)

static void add(uint64_t *p, uint64_t v) { __atomic_add_fetch(p, v, __ATOMIC_RELAXED); }
static void insn_cb(unsigned int idx, void *ud) { add(&cb_insns, 1); }
static void tb_cb(unsigned int idx, void *ud) { add(&cb_tb_insns, (uintptr_t)ud); }
static void eq_cb(unsigned int idx, void *ud) { add(&cond_eq, 1); }
static void ge_cb(unsigned int idx, void *ud) { add(&cond_ge, 1); }
static void never_cb(unsigned int idx, void *ud) { add(&cond_never, 1); }
static void init_cb(unsigned int idx, void *ud) { add(&inits, 1); }
static void exit_cb(unsigned int idx, void *ud) { add(&exits, 1); }

static void probe_cb(unsigned int idx, void *ud)
{
    probe_seen = qemu_plugin_u64_get(FIELD(insns), idx);
    qemu_plugin_u64_add(FIELD(insns), idx, bias);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    size_t n = qemu_plugin_tb_n_insns(tb), chosen = 0;
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (sym) {
            const char *s = qemu_plugin_insn_symbol(insn);
            if (!s || strcmp(s, sym))
                continue;
        }
        chosen++;
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64, FIELD(insns), 1);
        if (qemu_plugin_insn_vaddr(insn) == probe)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, probe_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        if (only_inline)
            continue;
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64, FIELD(cnt), 1);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, eq_cb, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_EQ, FIELD(cnt), 1000, NULL);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, ge_cb, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_GE, FIELD(cnt), 2000, NULL);
        qemu_plugin_register_vcpu_insn_exec_cond_cb(insn, never_cb, QEMU_PLUGIN_CB_NO_REGS,
                                                    QEMU_PLUGIN_COND_NEVER, FIELD(cnt), 0, NULL);
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_STORE_U64, FIELD(last),
                                                            qemu_plugin_insn_vaddr(insn));
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        for (uint64_t k = 0; k < heavy; k++)
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                                FIELD(heavy), 1);
    }
    if ((sym && chosen == 0) || only_inline)
        return;
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, FIELD(tb_insns), chosen);
    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(tb, QEMU_PLUGIN_INLINE_ADD_U64, FIELD(tbs), 1);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_cb, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)chosen);
}

static int64_t late_nr = -1;
static bool late_done;              /* one vCPU: latetrans.S */

static void late_cb(unsigned int idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                    uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    if (num != late_nr || late_done)
        return;
    late_done = true;
    qemu_plugin_register_vcpu_tb_trans_cb((qemu_plugin_id_t)(uintptr_t)ud, tb_trans, NULL);
}

static void at_exit(void *ud)
{
    uint64_t last = 0;
    /* The vCPU that ran the exit is the one with the latest store: in the
     * single-threaded tests, vCPU 0. */
    last = qemu_plugin_u64_get(FIELD(last), 0);
    tp_out("insns_cb=%" PRIu64 " insns_inline=%" PRIu64 " tb_insns=%" PRIu64 " tbs=%" PRIu64
           " cb_tb_insns=%" PRIu64 " cond_eq=%" PRIu64 " cond_ge=%" PRIu64 " never=%" PRIu64
           " last=0x%" PRIx64 "\n",
           cb_insns, qemu_plugin_u64_sum(FIELD(insns)), qemu_plugin_u64_sum(FIELD(tb_insns)),
           qemu_plugin_u64_sum(FIELD(tbs)), cb_tb_insns, cond_eq, cond_ge, cond_never, last);
    if (heavy)
        tp_out("heavy=%" PRIu64 "\n", qemu_plugin_u64_sum(FIELD(heavy)));
    if (probe != UINT64_MAX)
        tp_out("probe saw %" PRIu64 "\n", probe_seen);
    tp_out("vcpus=%d inits=%" PRIu64 " exits=%" PRIu64 " ud=%s\n", qemu_plugin_num_vcpus(), inits,
           exits, (const char *)ud);
    qemu_plugin_scoreboard_free(sb);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    sym = tp_arg(argc, argv, "sym");
    heavy = tp_arg_u64(argc, argv, "heavy", 0);
    const char *only = tp_arg(argc, argv, "only");
    only_inline = only && !strcmp(only, "inline");
    probe = tp_arg_u64(argc, argv, "probe", UINT64_MAX);
    bias = tp_arg_u64(argc, argv, "bias", 0);
    sb = qemu_plugin_scoreboard_new(sizeof(Counters));
    qemu_plugin_register_vcpu_init_cb(id, init_cb, NULL);
    qemu_plugin_register_vcpu_exit_cb(id, exit_cb, NULL);
    late_nr = (int64_t)tp_arg_u64(argc, argv, "late", UINT64_MAX);
    if (late_nr >= 0)
        qemu_plugin_register_vcpu_syscall_cb(id, late_cb, (void *)(uintptr_t)id);
    else
        qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, "atexit-userdata");
    return 0;
}
