/* The aarch64 rt signal frame as a handler sees it and as sigreturn reads
 * it back: x0 = signo, x1/x2 = siginfo/ucontext, uc_sigmask holds the
 * interrupted mask, the mcontext the registers, NZCV in pstate and, in
 * its record area, an fpsimd_context (FPSR, FPCR, v0..v31) followed by the
 * terminating null record; values the handler writes into the frame (an
 * integer register, a vector register, FPCR's rounding mode, the flags)
 * are what the interrupted code continues with. aarch64 only: see
 * frame.expected. (FPSIMD_MAGIC is the kernel's, from <asm/sigcontext.h>.) */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char trap_insn[];

struct record {
    uint32_t magic, size;
};

/* The fpsimd_context in the record area, or NULL. */
static unsigned char *find_fpsimd(mcontext_t *mc)
{
    unsigned char *p = mc->__reserved;
    for (;;) {
        struct record r;
        memcpy(&r, p, sizeof(r));
        if (r.magic == 0)
            return NULL;
        if (r.magic == FPSIMD_MAGIC)
            return p;
        p += r.size;
    }
}

static void on_trap(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    mcontext_t *mc = &uc->uc_mcontext;
    unsigned char *fp = find_fpsimd(mc);
    uint32_t fpcr = 0, size = 0;
    double d8 = 0;
    if (fp) {
        memcpy(&size, fp + 4, 4);
        memcpy(&fpcr, fp + 12, 4);
        memcpy(&d8, fp + 16 + 8 * 16, 8);
    }
    printf("signo %d code %d pc==insn %d x19 %ld nzcv %#lx\n", si->si_signo, si->si_code,
           mc->pc == (uintptr_t)trap_insn, (long)mc->regs[19], (unsigned long)(mc->pstate >> 28));
    printf("fpsimd record %d size %u rmode %u d8 %g\n", fp != NULL, size, (fpcr >> 22) & 3, d8);
    printf("mask: SIGUSR2 %d SIGTRAP %d\n", sigismember(&uc->uc_sigmask, SIGUSR2),
           sigismember(&uc->uc_sigmask, SIGTRAP));
    double v = 2.5;
    if (fp) {
        memcpy(fp + 16 + 8 * 16, &v, 8);
        fpcr = (fpcr & ~(3u << 22)) | 1u << 22;             /* round towards +inf */
        memcpy(fp + 12, &fpcr, 4);
    }
    mc->regs[19] = 1234;
    mc->pstate = (mc->pstate & ~0xf0000000ull) | 0x60000000ull;   /* Z and C set */
    mc->pc += 4;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGTRAP, &sa, NULL);
    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR2);
    sigprocmask(SIG_BLOCK, &b, NULL);

    long x19;
    double d8;
    uint64_t fpcr, nzcv;
    __asm__ volatile("mov x19, #77\n"
                     "fmov d8, #1.5\n"
                     "mov x9, #0x80000000\n"
                     "msr nzcv, x9\n"                         /* N set */
                     ".globl trap_insn\n"
                     "trap_insn: brk #1\n"
                     "mov %0, x19\n"
                     "fmov %d1, d8\n"
                     "mrs %2, fpcr\n"
                     "mrs %3, nzcv\n"
                     : "=r"(x19), "=w"(d8), "=r"(fpcr), "=r"(nzcv)
                     :
                     : "x9", "x19", "d8", "cc", "memory");
    __asm__ volatile("msr fpcr, %0" : : "r"(0ull));
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("after: x19 %ld d8 %g rmode %u nzcv %#lx; SIGUSR2 blocked %d SIGTRAP %d\n", x19, d8,
           (unsigned)(fpcr >> 22) & 3, (unsigned long)(nzcv >> 28), sigismember(&now, SIGUSR2),
           sigismember(&now, SIGTRAP));
    return 0;
}
