/*
 * Registers from callbacks, on regs.S (addresses of its labels given as
 * arguments): the register list seen at vCPU init; reads of a0, pc and
 * the FP csrs before probe; a refused read from a NO_REGS callback; a
 * write of a0 = 77 and a refused write of pc before poke; set_pc(target)
 * before jump. The guest exits with 80 only if the write and the jump
 * took effect.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t probe, poke, jump, target;
static struct qemu_plugin_register *r_a0, *r_pc, *r_fcsr, *r_frm, *r_fflags;

static uint64_t get(struct qemu_plugin_register *r, bool *ok)
{
    GByteArray *b = g_byte_array_new();
    uint64_t v = 0;
    *ok = qemu_plugin_read_register(r, b);
    if (*ok)
        memcpy(&v, b->data, b->len < 8 ? b->len : 8);
    g_byte_array_free(b, TRUE);
    return v;
}

static void init_cb(unsigned int idx, void *ud)
{
    GArray *regs = qemu_plugin_get_registers();
    char line[2048] = "regs:";
    unsigned cpu = 0, fpu = 0, csr = 0;
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        strcat(line, " ");
        strcat(line, d->name);
        if (d->is_readonly)
            strcat(line, "(ro)");
        cpu += d->feature && !strcmp(d->feature, "org.gnu.gdb.riscv.cpu");
        fpu += d->feature && !strcmp(d->feature, "org.gnu.gdb.riscv.fpu");
        csr += d->feature && !strcmp(d->feature, "org.gnu.gdb.riscv.csr");
        if (!strcmp(d->name, "a0")) r_a0 = d->handle;
        if (!strcmp(d->name, "pc")) r_pc = d->handle;
        if (!strcmp(d->name, "fcsr")) r_fcsr = d->handle;
        if (!strcmp(d->name, "frm")) r_frm = d->handle;
        if (!strcmp(d->name, "fflags")) r_fflags = d->handle;
    }
    tp_out("%s\nfeatures: cpu=%u fpu=%u csr=%u\n", line, cpu, fpu, csr);
    g_array_free(regs, TRUE);
}

static void probe_cb(unsigned int idx, void *ud)
{
    bool ok1, ok2, ok3, ok4, ok5;
    uint64_t a0 = get(r_a0, &ok1), pc = get(r_pc, &ok2), fcsr = get(r_fcsr, &ok3);
    uint64_t frm = get(r_frm, &ok4), fflags = get(r_fflags, &ok5);
    tp_out("probe: ok=%d a0=%" PRIu64 " pc_is_probe=%d fcsr=0x%" PRIx64 " frm=%" PRIu64
           " fflags=%" PRIu64 "\n", ok1 && ok2 && ok3 && ok4 && ok5, a0, pc == probe, fcsr, frm, fflags);
}

static void noregs_cb(unsigned int idx, void *ud)
{
    bool ok;
    get(r_a0, &ok);
    tp_out("noregs read refused=%d\n", !ok);
}

static void poke_cb(unsigned int idx, void *ud)
{
    GByteArray *b = g_byte_array_new();
    uint64_t v = 77;
    g_byte_array_append(b, (const guint8 *)&v, 8);
    bool w = qemu_plugin_write_register(r_a0, b);
    bool wpc = qemu_plugin_write_register(r_pc, b);
    g_byte_array_free(b, TRUE);
    tp_out("poke: write a0=%d write pc refused=%d\n", w, !wpc);
}

static void jump_cb(unsigned int idx, void *ud)
{
    tp_out("jump: set_pc\n");
    qemu_plugin_set_pc(target);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        if (pc == probe) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, probe_cb, QEMU_PLUGIN_CB_R_REGS, NULL);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, noregs_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
        } else if (pc == poke) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, poke_cb, QEMU_PLUGIN_CB_RW_REGS, NULL);
        } else if (pc == jump) {
            qemu_plugin_register_vcpu_insn_exec_cb(insn, jump_cb, QEMU_PLUGIN_CB_RW_REGS_PC, NULL);
        }
    }
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    probe = tp_arg_u64(argc, argv, "probe", 0);
    poke = tp_arg_u64(argc, argv, "poke", 0);
    jump = tp_arg_u64(argc, argv, "jump", 0);
    target = tp_arg_u64(argc, argv, "target", 0);
    qemu_plugin_register_vcpu_init_cb(id, init_cb, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    return 0;
}
