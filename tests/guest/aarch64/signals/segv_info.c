/* SIGSEGV from guest loads and stores: siginfo (signo, code, address),
 * the ucontext pc and fault_address of the faulting instruction, and an
 * esr_context record (a data abort from EL0, and whether it was a write);
 * the handler edits the context (skips the instruction, sets the
 * destination register) and returns, which tests rt_sigreturn restoring
 * what the handler wrote. aarch64 only: the expected output is
 * segv_info.expected beside it. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

extern char load_insn[], store_insn[];
static volatile int count;
static sigjmp_buf env;

/* The ESR_EL1 of the esr_context record, or 0 if there is none. */
static uint64_t frame_esr(mcontext_t *mc)
{
    for (unsigned char *p = mc->__reserved;;) {
        struct { uint32_t magic, size; } r;
        memcpy(&r, p, sizeof(r));
        if (r.magic == 0)
            return 0;
        if (r.magic == ESR_MAGIC) {
            uint64_t esr;
            memcpy(&esr, p + 8, 8);
            return esr;
        }
        p += r.size;
    }
}

static void on_segv(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    mcontext_t *mc = &uc->uc_mcontext;
    uint64_t esr = frame_esr(mc);
    count++;
    if (count == 1) {
        printf("load: signo %d code %d addr %#lx fault_address %#lx pc==insn %d ec %#lx\n",
               si->si_signo, si->si_code, (unsigned long)(uintptr_t)si->si_addr,
               (unsigned long)mc->fault_address, mc->pc == (uintptr_t)load_insn,
               (unsigned long)(esr >> 26));
        mc->regs[5] = 42;                   /* the load's destination */
        mc->pc += 4;
        return;
    }
    printf("store: signo %d code %d addr==page %d pc==insn %d ec %#lx\n", si->si_signo,
           si->si_code, si->si_addr == (void *)mc->regs[4], mc->pc == (uintptr_t)store_insn,
           (unsigned long)(esr >> 26));
    siglongjmp(env, 1);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    long v;
    __asm__ volatile("mov x4, #16\n"
                     "mov x5, #7\n"
                     ".globl load_insn\n"
                     "load_insn: ldr w5, [x4]\n"
                     "mov %0, x5\n"
                     : "=r"(v) : : "x4", "x5", "memory");
    printf("after load: x5 = %ld\n", v);

    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(env, 1) == 0) {
        __asm__ volatile("mov x4, %0\n"
                         ".globl store_insn\n"
                         "store_insn: str wzr, [x4]\n"
                         : : "r"(ro) : "x4", "memory");
        printf("store did not fault\n");
    }
    printf("handler ran %d times\n", count);
    /* With the handler reset to default, the same fault kills us. */
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = 0;
    sigaction(SIGSEGV, &sa, NULL);
    fflush(stdout);
    *(volatile int *)ro = 1;
    return 0;
}
