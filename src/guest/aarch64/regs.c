/*
 * aarch64 register access by debugger number: the names, sizes, grouping
 * and types of QEMU's aarch64 target description, which GDB's aarch64
 * support expects (org.gnu.gdb.aarch64.core: x0..x30, sp, pc, cpsr;
 * org.gnu.gdb.aarch64.fpu: v0..v31 as the union of their vector views,
 * fpsr, fpcr). cpsr shows NZCV only, as at EL0; plugins may not write the
 * pc (only a change of control flow may move it), a debugger may.
 */
#include <inttypes.h>
#include <string.h>

#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/cpu.h"
#include "guest/aarch64/fp-host.h"

#define CORE "org.gnu.gdb.aarch64.core"
#define FPU "org.gnu.gdb.aarch64.fpu"
#define X(n) { "x" #n, CORE, 8, false, NULL }
#define V(n) { "v" #n, FPU, 16, false, "aarch64v" }

const GuestReg a64_regs[A64_N_REGS] = {
    X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7), X(8), X(9), X(10), X(11), X(12),
    X(13), X(14), X(15), X(16), X(17), X(18), X(19), X(20), X(21), X(22), X(23), X(24),
    X(25), X(26), X(27), X(28), X(29), X(30),
    { "sp", CORE, 8, false, "data_ptr" },
    { "pc", CORE, 8, true, "code_ptr" },
    { "cpsr", CORE, 4, false, NULL },
    V(0), V(1), V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9), V(10), V(11), V(12),
    V(13), V(14), V(15), V(16), V(17), V(18), V(19), V(20), V(21), V(22), V(23), V(24),
    V(25), V(26), V(27), V(28), V(29), V(30), V(31),
    { "fpsr", FPU, 4, false, NULL },
    { "fpcr", FPU, 4, false, NULL },
};

/* A v register seen as 2 doubles, 4 singles, 8 halves, 16 bytes or one
 * quadword, each as float where it can be, unsigned and signed. */
#define VEC(id, type, n) "<vector id=\"" id "\" type=\"" type "\" count=\"" #n "\"/>"
#define FIELD(name, type) "<field name=\"" name "\" type=\"" type "\"/>"
const GuestRegTypes a64_reg_types[] = {
    { FPU,
      VEC("v2d", "ieee_double", 2) VEC("v2u", "uint64", 2) VEC("v2i", "int64", 2)
      VEC("v4f", "ieee_single", 4) VEC("v4u", "uint32", 4) VEC("v4i", "int32", 4)
      VEC("v8u", "uint16", 8) VEC("v8i", "int16", 8)
      VEC("v16u", "uint8", 16) VEC("v16i", "int8", 16)
      VEC("v1u", "uint128", 1) VEC("v1i", "int128", 1)
      "<union id=\"vnd\">" FIELD("f", "v2d") FIELD("u", "v2u") FIELD("s", "v2i") "</union>"
      "<union id=\"vns\">" FIELD("f", "v4f") FIELD("u", "v4u") FIELD("s", "v4i") "</union>"
      "<union id=\"vnh\">" FIELD("u", "v8u") FIELD("s", "v8i") "</union>"
      "<union id=\"vnb\">" FIELD("u", "v16u") FIELD("s", "v16i") "</union>"
      "<union id=\"vnq\">" FIELD("u", "v1u") FIELD("s", "v1i") "</union>"
      "<union id=\"aarch64v\">" FIELD("d", "vnd") FIELD("s", "vns") FIELD("h", "vnh")
      FIELD("b", "vnb") FIELD("q", "vnq") "</union>" },
    { NULL, NULL },
};

/* The host is little-endian like the guest, so values copy as they are. */
void a64_reg_read(const CPUState *cpu, unsigned i, uint8_t *buf)
{
    const A64State *s = A64(cpu);
    uint32_t w;
    if (i <= A64_REG_SP)
        memcpy(buf, &s->x[i], 8);
    else if (i == A64_REG_PC)
        memcpy(buf, &s->pc, 8);
    else if (i == A64_REG_CPSR) {
        w = a64_nzcv(s);
        memcpy(buf, &w, 4);
    }
    else if (i < A64_REG_FPSR)
        memcpy(buf, s->v[i - A64_REG_V0], 16);
    else if (i == A64_REG_FPSR) {
        w = a64_fpsr_read(s);
        memcpy(buf, &w, 4);
    }
    else
        memcpy(buf, &s->fpcr, 4);
}

void a64_reg_write(CPUState *cpu, unsigned i, const uint8_t *buf)
{
    A64State *s = A64(cpu);
    uint32_t w = 0;
    if (i <= A64_REG_SP)
        memcpy(&s->x[i], buf, 8);
    else if (i == A64_REG_PC)
        memcpy(&s->pc, buf, 8);
    else if (i == A64_REG_CPSR) {
        memcpy(&w, buf, 4);
        a64_set_nzcv(s, w);
    }
    else if (i >= A64_REG_V0 && i < A64_REG_FPSR)
        memcpy(s->v[i - A64_REG_V0], buf, 16);
    else if (i == A64_REG_FPSR) {
        memcpy(&w, buf, 4);
        a64_fpsr_write(s, w);
    }
    else if (i == A64_REG_FPCR) {
        memcpy(&w, buf, 4);
        a64_fpcr_write(s, w);
    }
}

/* " PC=" and X00..X30 three to a line, SP, then PSTATE (NZCV and EL0t)
 * with FPCR/FPSR and the Q registers, high half first, for -d fpu. */
void a64_dump_state(const CPUState *cpu, FILE *f, bool fpu)
{
    const A64State *s = A64(cpu);
    uint32_t psr = a64_nzcv(s);
    fprintf(f, " PC=%016" PRIx64 " ", s->pc);
    for (unsigned i = 0; i < 31; i++)
        fprintf(f, "X%02u=%016" PRIx64 "%s", i, s->x[i], i % 3 == 1 ? "\n" : " ");
    fprintf(f, " SP=%016" PRIx64 "\n", s->x[31]);
    fprintf(f, "PSTATE=%08" PRIx32 " %c%c%c%c EL0t", psr, psr >> 31 & 1 ? 'N' : '-',
            psr >> 30 & 1 ? 'Z' : '-', psr >> 29 & 1 ? 'C' : '-', psr >> 28 & 1 ? 'V' : '-');
    if (fpu)
        fprintf(f, "     FPCR=%08" PRIx32 " FPSR=%08" PRIx32, s->fpcr, a64_fpsr_read(s));
    fputc('\n', f);
    for (unsigned i = 0; fpu && i < 32; i++)
        fprintf(f, "Q%02u=%016" PRIx64 ":%016" PRIx64 "%s", i, s->v[i][1], s->v[i][0],
                i & 1 ? "\n" : " ");
}
