/* SIGILL from an illegal instruction: si_code ILL_ILLOPC, si_addr and the
 * ucontext pc at the instruction; the handler skips it. riscv64 only. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char bad_insn[];

static void on_ill(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    uintptr_t pc = uc->uc_mcontext.__gregs[REG_PC];
    printf("signo %d code %d addr==insn %d pc==insn %d\n", si->si_signo, si->si_code,
           si->si_addr == (void *)bad_insn, pc == (uintptr_t)bad_insn);
    uc->uc_mcontext.__gregs[REG_PC] = pc + 4;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    /* csrrw zero, cycle, zero: a write to a read-only CSR, the canonical
     * 32-bit "unimp". */
    __asm__ volatile(".globl bad_insn\n"
                     "bad_insn: .4byte 0xc0001073\n" ::: "memory");
    printf("continued after the illegal instruction\n");
    return 0;
}
