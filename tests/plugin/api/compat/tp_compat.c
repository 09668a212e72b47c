/*
 * One plugin, built against each old API version (include/vN), run on
 * guest/compat.S: it uses the shapes of its version (callbacks with the
 * id, raw-pointer inline ops and qemu_plugin_n_vcpus in v1, the pointer
 * form of insn_data before v3, int register results before v6, ...) and
 * prints one summary line from its reset callback, which a syscall
 * callback requests at getpid. In v6 a filter answers getpid with 4242.
 * From v2 a NO_REGS callback on the first instruction reads pc: versions
 * 2 to 4 did not enforce the flags, so the read works and sees that
 * instruction's address; from v5 it is refused.
 */
#include <qemu-plugin.h>
#include <string.h>

#include "../tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static qemu_plugin_id_t self;
static int id_ok = 1, data_ok = -1, readmem = -1, nregs = -1, read_r = -1, write_r = -1, write_pc = -1;
static int each, filtered;
static int64_t hostcalls = -1;
static const char *reg32 = "-";
static char noregs[32] = "-";
static uint64_t insns;
static bool first_tb = true;
#if QEMU_PLUGIN_VERSION == 1
static uint64_t inline_count;
#else
static struct qemu_plugin_scoreboard *sb;
static struct qemu_plugin_register *r_a0, *r_pc;
#endif

static void check_id(qemu_plugin_id_t id) { id_ok &= id == self; }

static void insn_cb(unsigned int idx, void *ud) { insns++; }

#if QEMU_PLUGIN_VERSION >= 2
static void regs_cb(unsigned int idx, void *ud)
{
    GByteArray *b = g_byte_array_new();
    read_r = qemu_plugin_read_register(r_a0, b);
#if QEMU_PLUGIN_VERSION >= 5
    write_r = qemu_plugin_write_register(r_a0, b);
    write_pc = qemu_plugin_write_register(r_pc, b);
#endif
    g_byte_array_free(b, TRUE);
}

static void noregs_cb(unsigned int idx, void *ud)
{
    GByteArray *b = g_byte_array_new();
    int r = qemu_plugin_read_register(r_pc, b);
    uint64_t pc = 0;
    if (b->len == sizeof(pc))
        memcpy(&pc, b->data, sizeof(pc));
    snprintf(noregs, sizeof(noregs), "%d,%d", r, pc == (uintptr_t)ud);
    g_byte_array_free(b, TRUE);
}
#endif

static void init_cb(qemu_plugin_id_t id, unsigned int idx)
{
    check_id(id);
#if QEMU_PLUGIN_VERSION >= 2
    GArray *regs = qemu_plugin_get_registers();
    nregs = (int)regs->len;
    for (guint i = 0; i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d = &g_array_index(regs, qemu_plugin_reg_descriptor, i);
        if (i == 32)
            reg32 = d->name;
        if (!strcmp(d->name, "a0"))
            r_a0 = d->handle;
        if (!strcmp(d->name, "pc"))
            r_pc = d->handle;
    }
    g_array_free(regs, TRUE);
#endif
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    check_id(id);
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
#if QEMU_PLUGIN_VERSION == 1
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &inline_count, 1);
#else
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(insn, QEMU_PLUGIN_INLINE_ADD_U64,
                                                            (qemu_plugin_u64){ sb, 0 }, 1);
#endif
    }
    if (!first_tb)
        return;
    first_tb = false;
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, 0);
    const void *h = qemu_plugin_insn_haddr(insn);
    size_t size = qemu_plugin_insn_size(insn);
#if QEMU_PLUGIN_VERSION <= 2
    const void *p = qemu_plugin_insn_data(insn);
    data_ok = p && !memcmp(p, h, size);
#else
    uint8_t buf[16];
    data_ok = qemu_plugin_insn_data(insn, buf, sizeof(buf)) == size && !memcmp(buf, h, size);
#endif
#if QEMU_PLUGIN_VERSION >= 4
    GByteArray *b = g_byte_array_new();
    readmem = qemu_plugin_read_memory_vaddr(qemu_plugin_insn_vaddr(insn), b, size) &&
              !memcmp(b->data, h, size);
    g_byte_array_free(b, TRUE);
#endif
#if QEMU_PLUGIN_VERSION >= 2
    qemu_plugin_register_vcpu_insn_exec_cb(insn, regs_cb, QEMU_PLUGIN_CB_RW_REGS, NULL);
    qemu_plugin_register_vcpu_insn_exec_cb(insn, noregs_cb, QEMU_PLUGIN_CB_NO_REGS,
                                           (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
#endif
}

static void each_cb(qemu_plugin_id_t id, unsigned int idx)
{
    check_id(id);
    each++;
}

static void done_cb(qemu_plugin_id_t id)
{
    check_id(id);
    qemu_plugin_vcpu_for_each(self, each_cb);
#if QEMU_PLUGIN_VERSION == 1
    uint64_t inl = inline_count;
    int n_vcpus = qemu_plugin_n_vcpus() + qemu_plugin_n_max_vcpus() + 1;   /* -1 each */
#else
    uint64_t inl = qemu_plugin_u64_sum((qemu_plugin_u64){ sb, 0 });
    int n_vcpus = qemu_plugin_num_vcpus();
#endif
    tp_out("v=%d id_ok=%d insns=%" PRIu64 " inline=%" PRIu64 " data_ok=%d readmem=%d nregs=%d reg32=%s "
           "read=%d write=%d write_pc=%d noregs=%s filtered=%d hostcalls=%" PRId64 " each=%d n_vcpus=%d\n",
           QEMU_PLUGIN_VERSION, id_ok, insns, inl, data_ok, readmem, nregs, reg32, read_r, write_r,
           write_pc, noregs, filtered, hostcalls, each, n_vcpus);
}

static void sys_cb(qemu_plugin_id_t id, unsigned int idx, int64_t num, uint64_t a1, uint64_t a2,
                   uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8)
{
    check_id(id);
    if (num == 172)
        qemu_plugin_reset(self, done_cb);
}

static void ret_cb(qemu_plugin_id_t id, unsigned int idx, int64_t num, int64_t ret)
{
    check_id(id);
    if (num == 172)
        filtered = ret == 4242;
}

#if QEMU_PLUGIN_VERSION >= 6
static bool filter_cb(qemu_plugin_id_t id, unsigned int idx, int64_t num, uint64_t a1, uint64_t a2,
                      uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8,
                      uint64_t *ret)
{
    check_id(id);
    if (num != 172)
        return false;
    *ret = 4242;
    return true;
}

static void discon_cb(qemu_plugin_id_t id, unsigned int idx, enum qemu_plugin_discon_type type,
                      uint64_t from, uint64_t to)
{
    check_id(id);
    hostcalls += type == QEMU_PLUGIN_DISCON_HOSTCALL;
}
#endif

static void at_exit(qemu_plugin_id_t id, void *ud) { tp_out("atexit after reset\n"); }

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    self = id;
#if QEMU_PLUGIN_VERSION >= 2
    sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
#endif
#if QEMU_PLUGIN_VERSION >= 6
    hostcalls = 0;
    qemu_plugin_register_vcpu_syscall_filter_cb(id, filter_cb);
    qemu_plugin_register_vcpu_discon_cb(id, QEMU_PLUGIN_DISCON_HOSTCALL, discon_cb);
#endif
    qemu_plugin_register_vcpu_init_cb(id, init_cb);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_vcpu_syscall_cb(id, sys_cb);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, ret_cb);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
