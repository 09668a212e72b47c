/* insnfuzz's riscv64 part: filter, registers, entry and signal frame.
 * Built with -mno-relax and linked with --no-relax: a word may change gp
 * (and tp), which the signal entry restores before any C code runs. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "insnfuzz.h"

/* At the word - 8: ld x30, 8(x31); ld x31, 0(x31) (x31 = the slots). */
const uint32_t arch_preamble[2] = { (8u << 20) | (31u << 15) | (3u << 12) | (30u << 7) | 0x03,
                                    (31u << 15) | (3u << 12) | (31u << 7) | 0x03 };
const int arch_pre_regs[2] = { 31, 30 };
const uint32_t arch_trap = 0x90029002;   /* c.ebreak, twice */

/* What two emulators cannot agree on: ecall (a random system call), and
 * reads of the cycle, time and instret counters. */
uint32_t arch_filter(uint32_t w)
{
    unsigned csr = w >> 20, f3 = (w >> 12) & 7;
    if (w == 0x00000073)
        return 0x00000013;
    if ((w & 0x7f) == 0x73 && f3 != 0 && f3 != 4 &&
        ((csr >= 0xc00 && csr < 0xc20) || (csr >= 0xc80 && csr < 0xca0)))
        return 0x00000013;
    return w;
}

const char *arch_kind(uint32_t w) { return (w & 0xf800007f) == 0x1800002f ? " k=sc" : ""; }

void arch_init_state(FzState *st, int late)
{
    memset(st, 0, sizeof(*st));
    for (int r = 1; r < 32; r++)
        st->x[r] = fz_value();
    st->x[2] = FZ_SCRATCH_MID + 16 * (fz_rnd() % 16);
    for (int r = 0; r < 32; r++)
        st->f[r] = fz_fvalue();
    /* frm: the four directed modes; late also RMM and the invalid ones */
    uint64_t frm = late ? fz_rnd() % 8 : fz_rnd() % 4;
    st->csr[0] = frm << 5 | (fz_rnd() & 0x1f);
}

/* Saved once: the signal entry puts them back. */
uint64_t fz_saved_gp, fz_saved_tp;

void arch_save_globals(void)
{
    __asm__ volatile("sd gp, %0\n\tsd tp, %1" : "=m"(fz_saved_gp), "=m"(fz_saved_tp));
}

__asm__(
    ".text\n"
    ".globl arch_signal_entry\n"
    "arch_signal_entry:\n"
    "  la t0, fz_saved_gp\n  ld gp, 0(t0)\n"
    "  la t0, fz_saved_tp\n  ld tp, 0(t0)\n"
    "  tail fz_on_signal\n"
    ".globl arch_enter\n"
    "arch_enter:\n"
    "  ld t0, 768(a0)\n  fscsr t0\n"
#define F(n) "  fld f" #n ", 256+8*" #n "(a0)\n"
    F(0) F(1) F(2) F(3) F(4) F(5) F(6) F(7) F(8) F(9) F(10) F(11) F(12) F(13) F(14) F(15)
    F(16) F(17) F(18) F(19) F(20) F(21) F(22) F(23) F(24) F(25) F(26) F(27) F(28) F(29)
    F(30) F(31)
#undef F
#define X(n) "  ld x" #n ", 8*" #n "(a0)\n"
    X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(11) X(12) X(13) X(14) X(15) X(16)
    X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29)
#undef X
    "  li x30, 0x20001ffff8\n"     /* FZ_WORD_AT - 8 */
    "  li x31, 0x2200000000\n"     /* FZ_SLOTS */
    "  ld x10, 80(x10)\n"
    "  jr x30\n");

void arch_capture(FzOutcome *o, void *uc)
{
    const mcontext_t *m = &((ucontext_t *)uc)->uc_mcontext;
    o->pc = m->__gregs[0];
    for (int r = 1; r < 32; r++)
        o->gpr[r] = m->__gregs[r];
    for (int r = 0; r < 32; r++)
        o->fpr[r] = m->__fpregs.__d.__f[r];
    o->csr[0] = m->__fpregs.__d.__fcsr;
}

int arch_code(const FzOutcome *o) { return o->code; }
