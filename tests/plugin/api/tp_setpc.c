/*
 * qemu_plugin_set_pc from the three kinds of callback that may call it
 * besides the syscall entry/return ones (tp_sys.c): the syscall filter, an
 * instruction callback and a memory callback, both registered with
 * QEMU_PLUGIN_CB_RW_REGS_PC. guest/setpc.c drives it with the magic
 * system call 4096 (see there); every jump is logged.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define MAGIC 4096

/* Set by the filter on one vCPU, read by callbacks: the guest is
 * single-threaded. */
static uint64_t source_pc, target_pc, data_vaddr;

static bool filter(unsigned int idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3,
                   uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                   uint64_t *ret, void *ud)
{
    if (num != MAGIC)
        return false;
    if (a1 == 0) {
        tp_out("filter: set_pc\n");
        qemu_plugin_set_pc(a2);
    }
    source_pc = a2;
    target_pc = a3;
    data_vaddr = a4;
    *ret = 0;
    return true;
}

static void insn_cb(unsigned int idx, void *ud)
{
    if (source_pc && (uintptr_t)ud == source_pc) {
        source_pc = 0;
        tp_out("insn: set_pc\n");
        qemu_plugin_set_pc(target_pc);
    }
}

static void mem_cb(unsigned int idx, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    if (data_vaddr && vaddr == data_vaddr) {
        data_vaddr = 0;
        tp_out("mem: set_pc\n");
        qemu_plugin_set_pc(target_pc);
    }
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_cb, QEMU_PLUGIN_CB_RW_REGS_PC,
                                               (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_RW_REGS_PC, QEMU_PLUGIN_MEM_R,
                                         NULL);
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    qemu_plugin_register_vcpu_syscall_filter_cb(id, filter, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    return 0;
}
