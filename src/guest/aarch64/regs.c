/*
 * aarch64 register access by debugger number: the names, sizes and
 * grouping of GDB's aarch64 target description (org.gnu.gdb.aarch64.core:
 * x0..x30, sp, pc, cpsr; org.gnu.gdb.aarch64.fpu: v0..v31, fpsr, fpcr).
 * cpsr shows NZCV only, as at EL0; the pc is read-only (only a change of
 * control flow may move it).
 */
#include <inttypes.h>
#include <string.h>

#include "guest/aarch64/aarch64.h"
#include "guest/aarch64/cpu.h"
#include "guest/aarch64/fp-host.h"

#define CORE "org.gnu.gdb.aarch64.core"
#define FPU "org.gnu.gdb.aarch64.fpu"
#define X(n) { "x" #n, CORE, 8, false }
#define V(n) { "v" #n, FPU, 16, false }

const GuestReg a64_regs[A64_N_REGS] = {
    X(0), X(1), X(2), X(3), X(4), X(5), X(6), X(7), X(8), X(9), X(10), X(11), X(12),
    X(13), X(14), X(15), X(16), X(17), X(18), X(19), X(20), X(21), X(22), X(23), X(24),
    X(25), X(26), X(27), X(28), X(29), X(30),
    { "sp", CORE, 8, false },
    { "pc", CORE, 8, true },
    { "cpsr", CORE, 4, false },
    V(0), V(1), V(2), V(3), V(4), V(5), V(6), V(7), V(8), V(9), V(10), V(11), V(12),
    V(13), V(14), V(15), V(16), V(17), V(18), V(19), V(20), V(21), V(22), V(23), V(24),
    V(25), V(26), V(27), V(28), V(29), V(30), V(31),
    { "fpsr", FPU, 4, false },
    { "fpcr", FPU, 4, false },
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
