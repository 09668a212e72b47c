/*
 * The aarch64 Linux signal ABI: the rt signal frame (siginfo, then a
 * ucontext whose mcontext is the kernel's struct sigcontext with its 4 KB
 * record area: an fpsimd_context, an esr_context for faults, and the
 * terminating null record), the frame record that links the handler into
 * the stack of frames, and the sigreturn trampoline.
 *
 * Linux returns from a handler through sa_restorer when the program gives
 * one (SA_RESTORER), else through the vDSO's sigreturn; peek has no vDSO,
 * so one guest page holding "mov x8, #139; svc #0" is mapped at start-up
 * and the link register points there instead.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "exec/cpu.h"
#include "guest/aarch64/cpu.h"
#include "guest/aarch64/fp-host.h"
#include "user/aarch64/aarch64-user.h"
#include "user/mem.h"

#define FPSIMD_MAGIC 0x46508001u
#define ESR_MAGIC 0x45535201u
#define SA_RESTORER_FLAG 0x04000000u

typedef struct A64Record {
    uint32_t magic, size;
} A64Record;

typedef struct A64FpsimdContext {
    A64Record head;
    uint32_t fpsr, fpcr;
    uint64_t vregs[32][2];
} A64FpsimdContext;

typedef struct A64EsrContext {
    A64Record head;
    uint64_t esr;
} A64EsrContext;

typedef struct A64Sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    _Alignas(16) uint8_t reserved[4096];
} A64Sigcontext;

typedef struct A64Ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    UserStack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[1024 / 8 - 8];   /* room for glibc's 1024-bit sigset_t */
    A64Sigcontext uc_mcontext;
} A64Ucontext;

typedef struct A64RtSigframe {
    UserSiginfo info;
    A64Ucontext uc;
} A64RtSigframe;

_Static_assert(sizeof(A64FpsimdContext) == 528, "aarch64 fpsimd_context");
_Static_assert(offsetof(A64Ucontext, uc_mcontext) == 176, "aarch64 uc_mcontext");
_Static_assert(offsetof(A64Sigcontext, reserved) == 288, "aarch64 sigcontext __reserved");
_Static_assert(sizeof(A64RtSigframe) == 4688, "aarch64 rt_sigframe");

/* Guest address of the sigreturn trampoline; written once by a64_sig_init
 * before any guest code runs, read-only afterwards. */
static uint64_t a64_sigreturn_tramp;

int a64_sig_init(void)
{
    static const uint32_t code[2] = {
        0xd2801168,   /* mov x8, #139 (__NR_rt_sigreturn) */
        0xd4000001,   /* svc #0 */
    };
    int64_t a = user_map_code_page(code, sizeof(code), "[vdso]");
    if (a < 0)
        return (int)a;
    a64_sigreturn_tramp = (uint64_t)a;
    return 0;
}

/* The ESR_EL1 a data abort from EL0 reports: EC 0x24, IL, and the fault
 * status of a level-3 translation fault (unmapped) or permission fault. */
static uint64_t fault_esr(const UserSiginfo *info)
{
    unsigned dfsc = info->code == SEGV_ACCERR ? 0x0f : 0x07;
    return (uint64_t)0x24 << 26 | 1u << 25 | dfsc;
}

int a64_setup_rt_frame(CPUState *cpu, uint64_t sp, int sig, const UserSigaction *ka,
                       const UserSiginfo *info, uint64_t mask, const UserStack *st)
{
    A64State *s = A64(cpu);
    /* The frame record (fp, lr) just below the stack top, the rt frame below it. */
    uint64_t rec = (sp - 16) & ~15ull;
    uint64_t addr = (rec - sizeof(A64RtSigframe)) & ~15ull;
    static _Thread_local A64RtSigframe f;
    memset(&f, 0, sizeof(f));
    f.info = *info;
    f.uc.uc_stack = *st;
    f.uc.uc_sigmask = mask;
    A64Sigcontext *sc = &f.uc.uc_mcontext;
    bool fault = sig == SIGSEGV || sig == SIGBUS;
    /* Linux hides the tag (top byte) of a data fault's address unless the
     * handler asked for it (SA_EXPOSE_TAGBITS, which peek does not offer):
     * bits 63:56 become copies of bit 55. */
    if (fault)
        f.info.u.fault.addr = (uint64_t)((int64_t)(info->u.fault.addr << 8) >> 8);
    if (fault || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP)
        sc->fault_address = info->u.fault.addr;
    memcpy(sc->regs, s->x, sizeof(sc->regs));
    sc->sp = s->x[31];
    sc->pc = s->pc;
    sc->pstate = a64_nzcv(s);
    A64FpsimdContext fp = { { FPSIMD_MAGIC, sizeof(fp) }, a64_fpsr_read(s), s->fpcr, { { 0 } } };
    memcpy(fp.vregs, s->v, sizeof(fp.vregs));
    size_t off = 0;
    memcpy(sc->reserved + off, &fp, sizeof(fp));
    off += sizeof(fp);
    if (fault) {
        A64EsrContext esr = { { ESR_MAGIC, sizeof(esr) }, fault_esr(info) };
        memcpy(sc->reserved + off, &esr, sizeof(esr));
        off += sizeof(esr);
    }
    /* the null record that ends the list is already zero */
    const uint64_t frame_record[2] = { s->x[29], s->x[30] };
    if (copy_to_guest(addr, &f, sizeof(f)) < 0 || copy_to_guest(rec, frame_record, 16) < 0)
        return -EFAULT;
    s->x[0] = (uint64_t)sig;
    if (ka->flags & 4) {    /* SA_SIGINFO */
        s->x[1] = addr + offsetof(A64RtSigframe, info);
        s->x[2] = addr + offsetof(A64RtSigframe, uc);
    }
    s->x[29] = rec;
    s->x[30] = (ka->flags & SA_RESTORER_FLAG) ? ka->restorer : a64_sigreturn_tramp;
    s->x[31] = addr;
    s->pc = ka->handler;
    s->excl_addr = UINT64_MAX;
    return 0;
}

int a64_restore_rt_frame(CPUState *cpu, uint64_t *mask, UserStack *st)
{
    A64State *s = A64(cpu);
    static _Thread_local A64RtSigframe f;
    if (copy_from_guest(&f, s->x[31], sizeof(f)) < 0)
        return -EFAULT;
    const A64Sigcontext *sc = &f.uc.uc_mcontext;
    /* the records: an fpsimd_context is required, others are skipped */
    bool have_fp = false;
    for (size_t off = 0; off + sizeof(A64Record) <= sizeof(sc->reserved);) {
        A64Record r;
        memcpy(&r, sc->reserved + off, sizeof(r));
        if (r.magic == 0 && r.size == 0)
            break;
        if (r.size < sizeof(r) || r.size % 16 || r.size > sizeof(sc->reserved) - off)
            return -EFAULT;
        if (r.magic == FPSIMD_MAGIC) {
            A64FpsimdContext fp;
            if (r.size < sizeof(fp))
                return -EFAULT;
            memcpy(&fp, sc->reserved + off, sizeof(fp));
            memcpy(s->v, fp.vregs, sizeof(s->v));
            a64_fpsr_write(s, fp.fpsr);
            a64_fpcr_write(s, fp.fpcr);
            have_fp = true;
        }
        off += r.size;
    }
    if (!have_fp)
        return -EFAULT;
    memcpy(s->x, sc->regs, sizeof(sc->regs));
    s->x[31] = sc->sp;
    s->pc = sc->pc;
    a64_set_nzcv(s, (uint32_t)sc->pstate);
    s->excl_addr = UINT64_MAX;
    *mask = f.uc.uc_sigmask;
    *st = f.uc.uc_stack;
    return 0;
}
