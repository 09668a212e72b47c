/*
 * The riscv64 Linux signal ABI: the rt signal frame (siginfo, then a
 * ucontext whose mcontext is the kernel's struct sigcontext), the
 * sigreturn trampoline.
 *
 * Linux points ra at __vdso_rt_sigreturn; peek has no vDSO, so one guest
 * page holding "li a7, 139; ecall" is mapped at start-up and ra points
 * there instead. Handlers that return normally come back through it to
 * rt_sigreturn.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "exec/cpu.h"
#include "guest/riscv64/cpu.h"
#include "guest/riscv64/fpu.h"
#include "guest/riscv64/helpers.h"
#include "user/mem.h"
#include "user/riscv64/riscv64-user.h"

/* struct sigcontext: user_regs_struct (pc, then x1..x31), then the FP
 * union, sized and aligned by its Q variant (f[64] aligned 16, fcsr,
 * reserved[3]). The D state uses f[0..31] and fcsr right after; the last
 * 12 bytes are the extension area, which must read zero (newer kernels
 * put a zero "END" context header there: still all zeros). */
typedef struct RVSigcontext {
    uint64_t regs[32];
    union {
        struct { uint64_t f[32]; uint32_t fcsr; } d;
        struct { uint64_t f[64]; uint32_t fcsr; uint32_t reserved[3]; } q;
    } fp __attribute__((aligned(16)));
} RVSigcontext;

typedef struct RVUcontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    UserStack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[1024 / 8 - 8];   /* room for a bigger sigset_t */
    RVSigcontext uc_mcontext __attribute__((aligned(16)));
} RVUcontext;

typedef struct RVRtSigframe {
    UserSiginfo info;
    RVUcontext uc;
} RVRtSigframe;

_Static_assert(sizeof(UserStack) == 24, "riscv64 stack_t");
_Static_assert(sizeof(RVSigcontext) == 784, "riscv64 struct sigcontext");
_Static_assert(offsetof(RVUcontext, uc_sigmask) == 40, "riscv64 uc_sigmask");
_Static_assert(offsetof(RVUcontext, uc_mcontext) == 176, "riscv64 uc_mcontext");
_Static_assert(offsetof(RVRtSigframe, uc) == 128, "riscv64 rt_sigframe");
_Static_assert(sizeof(RVRtSigframe) == 1088, "riscv64 rt_sigframe");

/* Guest address of the sigreturn trampoline; written once by rv_sig_init
 * before any guest code runs, read-only afterwards. */
static uint64_t rv_sigreturn_tramp;

int rv_sig_init(void)
{
    static const uint32_t code[2] = {
        0x08b00893,   /* addi a7, zero, 139 (__NR_rt_sigreturn) */
        0x00000073,   /* ecall */
    };
    int64_t a = user_map_code_page(code, sizeof(code), "[sigpage]");
    if (a < 0)
        return (int)a;
    rv_sigreturn_tramp = (uint64_t)a;
    return 0;
}

int rv_setup_rt_frame(CPUState *cpu, uint64_t sp, int sig, const UserSigaction *ka,
                       const UserSiginfo *info, uint64_t mask, const UserStack *st)
{
    RVState *rv = RV(cpu);
    uint64_t addr = (sp - sizeof(RVRtSigframe)) & ~15ull;
    RVRtSigframe f;
    memset(&f, 0, sizeof(f));
    f.info = *info;
    f.uc.uc_stack = *st;
    f.uc.uc_sigmask = mask;
    f.uc.uc_mcontext.regs[0] = rv->pc;
    for (int i = 1; i < 32; i++)
        f.uc.uc_mcontext.regs[i] = rv->x[i];
    memcpy(f.uc.uc_mcontext.fp.d.f, rv->f, sizeof(rv->f));
    rv_fp_flags_sync(&rv->fflags);
    f.uc.uc_mcontext.fp.d.fcsr = (uint32_t)((rv->frm & 7) << 5 | (rv->fflags & 31));
    if (copy_to_guest(addr, &f, sizeof(f)) < 0)
        return -EFAULT;
    rv->x[RV_RA] = rv_sigreturn_tramp;
    rv->x[RV_SP] = addr;
    rv->x[RV_A0] = (uint64_t)sig;
    rv->x[RV_A1] = addr + offsetof(RVRtSigframe, info);
    rv->x[RV_A2] = addr + offsetof(RVRtSigframe, uc);
    rv->pc = ka->handler;
    /* A handler starts with no LR reservation, as after any trap. */
    rv->res_addr = (uint64_t)-1;
    return 0;
}

int rv_restore_rt_frame(CPUState *cpu, uint64_t *mask, UserStack *st)
{
    RVState *rv = RV(cpu);
    RVRtSigframe f;
    if (copy_from_guest(&f, rv->x[RV_SP], sizeof(f)) < 0)
        return -EFAULT;
    const RVSigcontext *sc = &f.uc.uc_mcontext;
    for (size_t i = 0; i < 3; i++)
        if (sc->fp.q.reserved[i])
            return -EFAULT;
    rv->pc = sc->regs[0];
    for (int i = 1; i < 32; i++)
        rv->x[i] = sc->regs[i];
    memcpy(rv->f, sc->fp.d.f, sizeof(rv->f));
    rv_fp_flags_write(&rv->fflags, sc->fp.d.fcsr & 31);
    rv_set_frm(cpu, sc->fp.d.fcsr >> 5);
    rv->res_addr = (uint64_t)-1;
    *mask = f.uc.uc_sigmask;
    *st = f.uc.uc_stack;
    return 0;
}
