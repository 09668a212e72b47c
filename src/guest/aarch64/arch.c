/*
 * The aarch64 guest as the rest of peek sees it: the GuestArch table (IR
 * globals, translation, disassembly, reset; the CPU model is in
 * cpu-model.c, the registers in regs.c). Its Linux ABI is src/user/aarch64/.
 */
#include <elf.h>
#include <string.h>

#include "exec/guest.h"
#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/fp-host.h"
#include "guest/aarch64/trans.h"
#include "util/util.h"

/* Registers the globals in the order trans.h relies on. */
static void a64_init_ir(IRContext *s)
{
    static const char *const names[A64_T_VF - A64_T_SP + 1] = { "sp", "pc", "nf", "zf", "cf", "vf" };
    static const uint32_t offs[A64_T_VF - A64_T_SP + 1] = {
        offsetof(A64State, x[31]), offsetof(A64State, pc), offsetof(A64State, nf),
        offsetof(A64State, zf), offsetof(A64State, cf), offsetof(A64State, vf),
    };
    static const char *const xnames[31] = {
        "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
        "x13", "x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24",
        "x25", "x26", "x27", "x28", "x29", "x30",
    };
    peek_assert(s->nb_globals == 0, "aarch64: init_ir needs a fresh IR context");
    for (unsigned i = 0; i < 31; i++)
        peek_assert(ir_new_global(s, (uint32_t)offsetof(A64State, x[i]), xnames[i]) == A64_T_X0 + i,
                    "aarch64: unexpected x register temp");
    for (unsigned i = 0; i <= A64_T_VF - A64_T_SP; i++)
        peek_assert(ir_new_global(s, offs[i], names[i]) == A64_T_SP + i, "aarch64: unexpected temp");
}

static void a64_cpu_reset(CPUState *cpu)
{
    A64State *s = A64(cpu);
    memset(s, 0, sizeof(*s));
    s->zf = 1;                  /* Z clear */
    s->excl_addr = UINT64_MAX;
}

static unsigned a64_insn_len(const uint8_t *head) { return 4; }

static void a64_guest_disas(char *buf, size_t n, uint64_t pc, const uint8_t *bytes, unsigned len)
{
    uint32_t raw;
    memcpy(&raw, bytes, 4);
    a64_disas(buf, n, pc, raw);
}

const GuestArch guest_aarch64 = {
    .name = "aarch64",
    .elf_machine = EM_AARCH64,
    .state_size = sizeof(A64State),
    .pc_off = offsetof(A64State, pc),
    .insn_unit = 4,
    .insn_max = 4,
    .insn_len = a64_insn_len,
    .init_ir = a64_init_ir,
    .translate = a64_translate,
    .disas = a64_guest_disas,
    .log_addr_digits = 8,
    .log_hex_width = 10,
    .log_mnemonic_width = 9,
    .dump_state = a64_dump_state,
    .cpu_reset = a64_cpu_reset,
    .cpu_configure = a64_cpu_configure,
    .cpu_help = a64_cpu_help,
    .hwcap_string = a64_hwcap_string,
    .hwcap = a64_hwcap,
    .hwcap2 = a64_hwcap2,
    .regs = a64_regs,
    .n_regs = A64_N_REGS,
    .reg_read = a64_reg_read,
    .reg_write = a64_reg_write,
    .gdb_arch = "aarch64",
    .reg_types = a64_reg_types,
    .host_fp_status_lost = a64_host_fp_status_lost,
};
