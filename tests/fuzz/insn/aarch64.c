/* insnfuzz's aarch64 part: filter, registers, entry and signal frame. */
#define _GNU_SOURCE
#include <asm/sigcontext.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "insnfuzz.h"

/* At the word - 8: nop; ldp x16, x17, [x17] (x17 = the slots). */
const uint32_t arch_preamble[2] = { 0xd503201f, 0xa9404630 };
const int arch_pre_regs[2] = { 16, 17 };
const uint32_t arch_trap = 0xd420ffe0;   /* brk #0x7ff */

#define NOP 0xd503201fu
/* MRS/MSR (register) fields o0:op1:CRn:CRm:op2 of the ones kept. */
#define SYSREG(op1, crn, crm, op2) (1u << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

/* A store exclusive (STXR, STLXR, STXP, STLXP). */
static int store_exclusive(uint32_t w)
{
    return (w & 0x3fc00000) == 0x08000000 && (!(w & (1u << 21)) || (w >> 31));
}

/* Encodings the Arm ARM leaves CONSTRAINED UNPREDICTABLE, whose results
 * two correct emulators may differ on: a load pair into one register,
 * writeback to the base register a load or store also transfers, a store
 * exclusive whose status register is one of its operands. */
static int unpredictable(uint32_t w)
{
    unsigned rt = w & 31, rn = (w >> 5) & 31, rt2 = (w >> 10) & 31, rs = (w >> 16) & 31;
    int load = (w >> 22) & 1, vec = (w >> 26) & 1;
    if ((w & 0x38000000) == 0x28000000) {                     /* load/store pair */
        unsigned type = (w >> 23) & 3;
        if (load && rt == rt2)
            return 1;
        return !vec && (type == 1 || type == 3) && rn != 31 && (rn == rt || rn == rt2);
    }
    if ((w & 0x3b200400) == 0x38000400)                       /* pre/post-indexed */
        return !vec && rn != 31 && rn == rt;
    if ((w & 0x3f000000) == 0x08000000 && !(w & (1u << 23))) { /* exclusives */
        int pair = (w >> 21) & 1 && (w >> 31);
        if (load && pair)
            return rt == rt2;
        if (store_exclusive(w))
            return rs == rt || (rs == rn && rn != 31) || (pair && rs == rt2);
    }
    return 0;
}

/* What two emulators cannot agree on: svc (a random system call), the
 * system registers but NZCV, FPCR and FPSR (ID registers describe each
 * emulator's CPU, counters tick; TPIDR_EL0 is the harness's TLS), and
 * the unpredictable encodings above. */
uint32_t arch_filter(uint32_t w)
{
    if ((w & 0xffe0001f) == 0xd4000001 || unpredictable(w))
        return NOP;
    if ((w & 0xffd00000) == 0xd5100000) {
        unsigned reg = (w >> 5) & 0x7fff;
        if (reg != SYSREG(3, 4, 2, 0) && reg != SYSREG(3, 4, 4, 0) && reg != SYSREG(3, 4, 4, 1))
            return NOP;
    }
    return w;
}

/* AdvSIMD across lanes, FP16 FMAXNMV/FMINNMV/FMAXV/FMINV (U = 0) with
 * sz = 1: unallocated, and executed by qemu 7.2. */
static int reserved_fp16_across(uint32_t w)
{
    unsigned op = (w >> 12) & 0x1f;
    return (w & 0xbf3e0c00) == 0x0e300800 && (w & (1u << 22)) && (op == 0x0c || op == 0x0f);
}

const char *arch_kind(uint32_t w)
{
    return store_exclusive(w) ? " k=sc" : reserved_fp16_across(w) ? " k=rsv" : "";
}

void arch_init_state(FzState *st, int late)
{
    memset(st, 0, sizeof(*st));
    for (int r = 0; r < 31; r++)
        st->x[r] = fz_value();
    st->x[31] = FZ_SCRATCH_MID + 16 * (fz_rnd() % 16);
    for (int r = 0; r < 64; r++)
        st->f[r] = fz_fvalue();
    st->csr[0] = fz_rnd() & 0xf0000000;                    /* NZCV */
    uint64_t fpcr = fz_rnd() & (3u << 22);                 /* RMode */
    if (late)
        fpcr |= fz_rnd() & (1u << 19 | 1u << 24 | 1u << 25 | 1u << 26);   /* FZ16 FZ DN AHP */
    st->csr[1] = fpcr;
    st->csr[2] = fz_rnd() & 0x0800009f;                    /* QC, IDC, IXC..IOC */
}

void arch_save_globals(void) {}

void arch_signal_entry(int sig, siginfo_t *si, void *uc) { fz_on_signal(sig, si, uc); }

__asm__(
    ".text\n"
    ".globl arch_enter\n"
    "arch_enter:\n"
    "  ldr x1, [x0, #768]\n  msr nzcv, x1\n"
    "  ldr x1, [x0, #776]\n  msr fpcr, x1\n"
    "  ldr x1, [x0, #784]\n  msr fpsr, x1\n"
    "  add x1, x0, #256\n"
#define Q(a, b) "  ldp q" #a ", q" #b ", [x1, #16*" #a "]\n"
    Q(0, 1) Q(2, 3) Q(4, 5) Q(6, 7) Q(8, 9) Q(10, 11) Q(12, 13) Q(14, 15) Q(16, 17)
    Q(18, 19) Q(20, 21) Q(22, 23) Q(24, 25) Q(26, 27) Q(28, 29) Q(30, 31)
#undef Q
    "  ldr x1, [x0, #248]\n  mov sp, x1\n"
#define X(a, b) "  ldp x" #a ", x" #b ", [x0, #8*" #a "]\n"
    X(2, 3) X(4, 5) X(6, 7) X(8, 9) X(10, 11) X(12, 13) X(14, 15) X(18, 19) X(20, 21)
    X(22, 23) X(24, 25) X(26, 27) X(28, 29)
#undef X
    "  ldr x30, [x0, #240]\n"
    "  ldr x16, =0x20001ffff8\n"   /* FZ_WORD_AT - 8 */
    "  ldr x17, =0x2200000000\n"   /* FZ_SLOTS */
    "  ldp x0, x1, [x0]\n"
    "  br x16\n"
    "  .ltorg\n");

void arch_capture(FzOutcome *o, void *uc)
{
    const mcontext_t *m = &((ucontext_t *)uc)->uc_mcontext;
    o->pc = m->pc;
    for (int r = 0; r < 31; r++)
        o->gpr[r] = m->regs[r];
    o->gpr[31] = m->sp;
    o->csr[0] = m->pstate & 0xf0000000;
    for (size_t off = 0; off + 8 <= sizeof(m->__reserved);) {
        const struct _aarch64_ctx *h = (const void *)(m->__reserved + off);
        if (h->magic == 0 || h->size == 0)
            break;
        if (h->magic == FPSIMD_MAGIC) {
            const struct fpsimd_context *fp = (const void *)h;
            o->csr[1] = fp->fpcr;
            o->csr[2] = fp->fpsr;
            memcpy(o->fpr, fp->vregs, sizeof(o->fpr));
            break;
        }
        off += h->size;
    }
}

/* qemu says ILL_ILLOPN for an undefined instruction, Linux (and peek)
 * ILL_ILLOPC: not compared. */
int arch_code(const FzOutcome *o) { return o->sig == SIGILL ? 0 : o->code; }
