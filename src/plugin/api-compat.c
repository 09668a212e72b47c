/*
 * The exported functions whose C type differs between API versions, and
 * those that only version 1 had. One symbol serves every version: the
 * caller's version (from the handle, or from the callback context) picks
 * the behaviour, and the result is returned in a 64-bit integer, which the
 * x86-64 calling convention hands back in the same register whether the
 * caller expects a pointer, a size_t, an int or a bool.
 *
 *   qemu_plugin_insn_data      v1-2: pointer to the bytes; v3+: copies them
 *   qemu_plugin_read_register  v2-5: int, bytes read or -1; v6+: bool
 *   qemu_plugin_write_register v5: int, bytes written or -1; v6+: bool
 *   v1 only: qemu_plugin_n_vcpus, qemu_plugin_n_max_vcpus (the harts
 *   in system mode, -1 in user mode, as QEMU 7.2) and the inline
 *   operations on a raw pointer.
 */

/* The header declares these with their version 7 types; hide those
 * declarations, as the definitions below are deliberately wider. */
#define qemu_plugin_insn_data qemu_plugin_insn_data_v7_type
#define qemu_plugin_read_register qemu_plugin_read_register_v7_type
#define qemu_plugin_write_register qemu_plugin_write_register_v7_type
#include "plugin/internal.h"
#undef qemu_plugin_insn_data
#undef qemu_plugin_read_register
#undef qemu_plugin_write_register

#include <string.h>

uint64_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest, size_t len);
uint64_t qemu_plugin_read_register(struct qemu_plugin_register *handle, GByteArray *buf);
uint64_t qemu_plugin_write_register(struct qemu_plugin_register *handle, GByteArray *buf);
int qemu_plugin_n_vcpus(void);
int qemu_plugin_n_max_vcpus(void);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                          enum qemu_plugin_mem_rw rw, enum qemu_plugin_op op,
                                          void *ptr, uint64_t imm);

uint64_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn, void *dest, size_t len)
{
    size_t size;
    int version;
    const uint8_t *bytes = plugin_insn_bytes(insn, &size, &version);
    if (!bytes)
        return 0;
    if (version <= 2)
        return (uint64_t)(uintptr_t)bytes;
    if (!dest)
        return 0;
    size_t n = len < size ? len : size;
    memcpy(dest, bytes, n);
    return n;
}

static int caller_version(void)
{
    const PluginCtx *ctx = plugin_caller();
    return ctx ? ctx->version : PLUGIN_CUR_VERSION;
}

/* The register number behind a handle, if the caller may use it now. */
static bool reg_usable(struct qemu_plugin_register *handle, bool write, unsigned *idx)
{
    CPUState *cpu = plugin_tls.cpu;
    uintptr_t h = (uintptr_t)handle;
    if (!cpu || h == 0 || h > cpu->guest->n_regs)
        return false;
    int f = plugin_tls.flags;
    if (write ? f < QEMU_PLUGIN_CB_RW_REGS : f == PLUGIN_REGS_NONE || f == QEMU_PLUGIN_CB_NO_REGS)
        return false;
    *idx = (unsigned)(h - 1);
    return !(write && cpu->guest->regs[*idx].readonly);
}

static uint64_t reg_result(bool ok, unsigned size)
{
    if (caller_version() >= 6)
        return ok;
    return ok ? size : (uint64_t)(int64_t)-1;
}

uint64_t qemu_plugin_read_register(struct qemu_plugin_register *handle, GByteArray *buf)
{
    unsigned i;
    if (!buf || !reg_usable(handle, false, &i))
        return reg_result(false, 0);
    const GuestArch *g = plugin_tls.cpu->guest;
    uint8_t tmp[16];
    g->reg_read(plugin_tls.cpu, i, tmp);
    g_byte_array_append(buf, tmp, g->regs[i].size);
    return reg_result(true, g->regs[i].size);
}

uint64_t qemu_plugin_write_register(struct qemu_plugin_register *handle, GByteArray *buf)
{
    unsigned i;
    if (!buf || !reg_usable(handle, true, &i) || buf->len < plugin_tls.cpu->guest->regs[i].size)
        return reg_result(false, 0);
    const GuestArch *g = plugin_tls.cpu->guest;
    g->reg_write(plugin_tls.cpu, i, buf->data);
    return reg_result(true, g->regs[i].size);
}

/* User mode has no fixed vCPU count. */
int qemu_plugin_n_vcpus(void) { return plugin_system_vcpus() ? (int)plugin_system_vcpus() : -1; }
int qemu_plugin_n_max_vcpus(void) { return qemu_plugin_n_vcpus(); }

void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm)
{
    PluginReq r = { .kind = PREC_INLINE_PTR, .op = op, .ptr = ptr, .imm = imm };
    if (ptr)
        plugin_tb_request(tb, &r);
}

void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op, void *ptr, uint64_t imm)
{
    PluginReq r = { .kind = PREC_INLINE_PTR, .op = op, .ptr = ptr, .imm = imm };
    if (ptr)
        plugin_insn_request(insn, &r);
}

void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                          enum qemu_plugin_mem_rw rw, enum qemu_plugin_op op,
                                          void *ptr, uint64_t imm)
{
    PluginReq r = { .kind = PREC_MEM_INLINE_PTR, .rw = rw, .op = op, .ptr = ptr, .imm = imm };
    if (ptr)
        plugin_insn_request(insn, &r);
}
