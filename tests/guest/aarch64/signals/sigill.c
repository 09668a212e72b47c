/* SIGILL from an undefined instruction (udf): si_code ILL_ILLOPC as
 * Linux's arm64 undefined-instruction handler sends it (qemu-aarch64 says
 * ILL_ILLOPN), si_addr and the ucontext pc at the instruction; the handler
 * skips it. aarch64 only. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

extern char bad_insn[];

static void on_ill(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    uintptr_t pc = uc->uc_mcontext.pc;
    printf("signo %d code %d addr==insn %d pc==insn %d\n", si->si_signo, si->si_code,
           si->si_addr == (void *)bad_insn, pc == (uintptr_t)bad_insn);
    uc->uc_mcontext.pc = pc + 4;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_ill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    __asm__ volatile(".globl bad_insn\n"
                     "bad_insn: udf #0x1234\n" ::: "memory");
    printf("continued after the undefined instruction\n");
    return 0;
}
