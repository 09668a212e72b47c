/*
 * Every memory access of the main program, in order: "R|W size-shift
 * sign big-endian address value", plus per-vCPU inline counts of reads
 * and writes (filtered by r/w) and a write-only callback count. An access
 * that faults is never reported.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static struct qemu_plugin_scoreboard *reads, *writes;
static uint64_t wcb, hwaddr_bad, lo, hi;

static void mem_cb(unsigned int idx, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    qemu_plugin_mem_value v = qemu_plugin_mem_get_value(info);
    uint64_t val = v.type == QEMU_PLUGIN_MEM_VALUE_U8 ? v.data.u8
                 : v.type == QEMU_PLUGIN_MEM_VALUE_U16 ? v.data.u16
                 : v.type == QEMU_PLUGIN_MEM_VALUE_U32 ? v.data.u32 : v.data.u64;
    if ((unsigned)v.type != qemu_plugin_mem_size_shift(info))
        tp_out("value type %d does not match size\n", v.type);
    if (qemu_plugin_get_hwaddr(info, vaddr))
        hwaddr_bad++;
    tp_out("%c %u %d %d 0x%" PRIx64 " 0x%" PRIx64 "\n", qemu_plugin_mem_is_store(info) ? 'W' : 'R',
           qemu_plugin_mem_size_shift(info), qemu_plugin_mem_is_sign_extended(info),
           qemu_plugin_mem_is_big_endian(info), vaddr, val);
}

static void wr_cb(unsigned int idx, qemu_plugin_meminfo_t info, uint64_t vaddr, void *ud)
{
    if (qemu_plugin_mem_is_store(info))
        __atomic_add_fetch(&wcb, 1, __ATOMIC_RELAXED);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        if (pc < lo || pc >= hi)
            continue;
        qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
        qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_R, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      qemu_plugin_scoreboard_u64(reads), 1);
        qemu_plugin_register_vcpu_mem_inline_per_vcpu(insn, QEMU_PLUGIN_MEM_W, QEMU_PLUGIN_INLINE_ADD_U64,
                                                      qemu_plugin_scoreboard_u64(writes), 1);
        qemu_plugin_register_vcpu_mem_cb(insn, wr_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_W, NULL);
    }
}

static void at_exit(void *ud)
{
    tp_out("reads=%" PRIu64 " writes=%" PRIu64 " wcb=%" PRIu64 " hwaddr_bad=%" PRIu64 "\n",
           qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(reads)),
           qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(writes)), wcb, hwaddr_bad);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    /* The main program's text, or lo=/hi= to narrow it. */
    lo = tp_arg_u64(argc, argv, "lo", qemu_plugin_start_code());
    hi = tp_arg_u64(argc, argv, "hi", qemu_plugin_end_code());
    reads = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    writes = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
