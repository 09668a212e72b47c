/*
 * Callbacks that only count (API version 1, as QEMU 7.2's plugins): each
 * adds to one plain variable of the plugin, which peek turns into the
 * inline addition it amounts to (-plugin-inline-cb on; see "Counting
 * callbacks become inline additions" in docs/design-notes.md). The
 * compiler makes of them the forms peek knows: "addq $1, x(%rip)", "subq",
 * "add %rsi, x(%rip)" (the userdata), and through a register for the
 * volatile one. Other callbacks look at the counters where the plugin can:
 * before the instruction at probe=ADDR, at each system call and at exit.
 * sym=NAME instruments only that symbol's instructions (blocks are all
 * counted, so that the JIT's counter lanes are in use from the first
 * block on). guarded_only=1 registers only the instruction counter and
 * the guarded one (below), which then both get a lane. Printed at exit:
 *   cnt insns=N down=N bytes=N tbs=N mem=N mem_ud=N
 *   cnt probe saw N; syscalls N saw sum N
 *   cnt guarded=N rare=N rare_saw_insns=N
 * (down counts -3 per instruction from 0, modulo 2^64; bytes adds each
 * instruction's size; mem_ud adds 5 per access.) The counting callbacks
 * are exported, so that tests/host/x86_64/leaf-test.c can check that the
 * decoder takes each for what it is.
 */
#include <qemu-plugin.h>

#include "../tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define CALLBACK __attribute__((visibility("default")))

/* The plugin's counters, added to by guest execution; one variable each,
 * shared by the vCPUs as QEMU 7.2's are. probe and sym are set once at
 * install. */
static uint64_t insns, down, bytes, mem, mem_ud;
static volatile uint64_t tbs;
static uint64_t probe = UINT64_MAX, probe_seen, sys_n, sys_sum;
static bool probed, guarded_only;
static const char *sym;

CALLBACK void tp_cnt_insn(unsigned int vcpu, void *udata) { insns++; }
CALLBACK void tp_cnt_down(unsigned int vcpu, void *udata) { down -= 3; }
CALLBACK void tp_cnt_bytes(unsigned int vcpu, void *udata) { bytes += (uintptr_t)udata; }
CALLBACK void tp_cnt_tb(unsigned int vcpu, void *udata) { tbs++; }
CALLBACK void tp_cnt_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    mem++;
}
CALLBACK void tp_cnt_mem_ud(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr,
                            void *udata)
{
    mem_ud += (uintptr_t)udata;
}

/* A counter behind a test of a flag that the probe sets (libmem.so's
 * shape): the JIT copies it, its addition in a counter lane; once the
 * flag is set, the rare path, a tail call, notes the instruction count
 * it first sees (the lanes must be in memory for it) and counts. */
static uint64_t guarded, guarded_rare, rare_saw_insns;
static bool guard;

__attribute__((noipa)) static void guarded_slow(void)
{
    if (!guarded_rare)
        rare_saw_insns = insns;
    guarded_rare++;
    guarded++;
}

CALLBACK void tp_cnt_guarded(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    if (__builtin_expect(guard, 0))
        guarded_slow();
    else
        guarded++;
}

/* Not counters: they read what the others count. */
static void probe_cb(unsigned int vcpu, void *udata)
{
    probe_seen = insns;
    probed = true;
    guard = true;
}

static void syscall_cb(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                       uint64_t a7, uint64_t a8)
{
    sys_n++;
    sys_sum += insns;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (guarded_only) {
        for (size_t i = 0; i < n; i++) {
            struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_cnt_insn, QEMU_PLUGIN_CB_NO_REGS, NULL);
            qemu_plugin_register_vcpu_mem_cb(insn, tp_cnt_guarded, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
            if (qemu_plugin_insn_vaddr(insn) == probe)
                qemu_plugin_register_vcpu_insn_exec_cb(insn, probe_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        }
        return;
    }
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tp_cnt_tb, QEMU_PLUGIN_CB_NO_REGS, NULL);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const char *s = qemu_plugin_insn_symbol(insn);
        if (sym && (!s || strcmp(s, sym)))
            continue;
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_cnt_insn, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_cnt_down, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_cnt_bytes, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)qemu_plugin_insn_size(insn));
        qemu_plugin_register_vcpu_mem_cb(insn, tp_cnt_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                         NULL);
        qemu_plugin_register_vcpu_mem_cb(insn, tp_cnt_mem_ud, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, (void *)(uintptr_t)5);
        qemu_plugin_register_vcpu_mem_cb(insn, tp_cnt_guarded, QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
        /* After the counters: it sees its own instruction counted. */
        if (qemu_plugin_insn_vaddr(insn) == probe)
            qemu_plugin_register_vcpu_insn_exec_cb(insn, probe_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
    }
}

static void at_exit(qemu_plugin_id_t id, void *ud)
{
    tp_out("cnt insns=%" PRIu64 " down=%" PRIu64 " bytes=%" PRIu64 " tbs=%" PRIu64 " mem=%" PRIu64
           " mem_ud=%" PRIu64 "\n", insns, down, bytes, (uint64_t)tbs, mem, mem_ud);
    if (probed)
        tp_out("cnt probe saw %" PRIu64 "\n", probe_seen);
    tp_out("cnt syscalls %" PRIu64 " saw sum %" PRIu64 "\n", sys_n, sys_sum);
    tp_out("cnt guarded=%" PRIu64 " rare=%" PRIu64 " rare_saw_insns=%" PRIu64 "\n", guarded,
           guarded_rare, rare_saw_insns);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    probe = tp_arg_u64(argc, argv, "probe", UINT64_MAX);
    sym = tp_arg(argc, argv, "sym");
    guarded_only = tp_arg(argc, argv, "guarded_only") != NULL;
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_syscall_cb(id, syscall_cb);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
