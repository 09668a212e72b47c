/* The riscv64 rt signal frame as a handler sees it and as sigreturn reads
 * it back: uc_sigmask holds the interrupted mask, uc_stack the (disabled)
 * alternate stack, the FP area fcsr (frm, fflags) and f registers; values
 * the handler writes into the frame (an integer register, an FP register,
 * the rounding mode) are what the interrupted code continues with.
 * riscv64 only: see frame.expected. */
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char trap_insn[];

static void on_trap(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    mcontext_t *mc = &uc->uc_mcontext;
    double fs0;
    memcpy(&fs0, &mc->__fpregs.__d.__f[8], sizeof(fs0));
    unsigned fcsr = mc->__fpregs.__d.__fcsr;
    printf("signo %d code %d pc==insn %d s1 %ld fs0 %g frm %u fflags %#x\n", si->si_signo,
           si->si_code, mc->__gregs[REG_PC] == (uintptr_t)trap_insn, (long)mc->__gregs[9],
           fs0, fcsr >> 5, fcsr & 31);
    printf("mask: SIGUSR2 %d SIGTRAP %d; altstack flags %d\n",
           sigismember(&uc->uc_sigmask, SIGUSR2), sigismember(&uc->uc_sigmask, SIGTRAP),
           uc->uc_stack.ss_flags);
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("inside: SIGTRAP blocked %d\n", sigismember(&now, SIGTRAP));
    double v = 2.5;
    memcpy(&mc->__fpregs.__d.__f[8], &v, sizeof(v));
    mc->__gregs[9] = 1234;                                     /* s1 */
    mc->__fpregs.__d.__fcsr = 3u << 5;                         /* RUP, flags clear */
    mc->__gregs[REG_PC] += 4;
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
    fesetround(FE_DOWNWARD);
    feraiseexcept(FE_INEXACT);

    long s1;
    double fs0;
    __asm__ volatile(".option push\n.option norvc\n"
                     "li s1, 77\n"
                     "fmv.d.x fs0, %2\n"
                     ".globl trap_insn\n"
                     "trap_insn: ebreak\n"
                     "mv %0, s1\n"
                     "fmv.d %1, fs0\n"
                     ".option pop\n"
                     : "=r"(s1), "=f"(fs0)
                     : "r"(0x3ff8000000000000ull)            /* 1.5 */
                     : "s1", "fs0", "memory");
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    printf("after: s1 %ld fs0 %g rounding upward %d inexact %d; SIGUSR2 blocked %d SIGTRAP %d\n",
           s1, fs0, fegetround() == FE_UPWARD, fetestexcept(FE_INEXACT) != 0,
           sigismember(&now, SIGUSR2), sigismember(&now, SIGTRAP));
    return 0;
}
