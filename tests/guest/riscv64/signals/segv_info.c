/* SIGSEGV from guest loads and stores: siginfo (signo, code, address) and
 * the ucontext pc of the faulting instruction; the handler edits the
 * context (skips the instruction, sets the destination register) and
 * returns, which tests rt_sigreturn restoring what the handler wrote.
 * riscv64 only: the expected output is segv_info.expected beside it. */
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

static void on_segv(int sig, siginfo_t *si, void *p)
{
    ucontext_t *uc = p;
    uintptr_t pc = uc->uc_mcontext.__gregs[REG_PC];
    count++;
    if (count == 1) {
        printf("load: signo %d code %d addr %#lx pc==insn %d\n", si->si_signo, si->si_code,
               (unsigned long)(uintptr_t)si->si_addr, pc == (uintptr_t)load_insn);
        uc->uc_mcontext.__gregs[15] = 42;      /* a5, the load's destination */
        uc->uc_mcontext.__gregs[REG_PC] = pc + 4;
        return;
    }
    printf("store: signo %d code %d addr==page %d pc==insn %d\n", si->si_signo, si->si_code,
           si->si_addr == (void *)uc->uc_mcontext.__gregs[14], pc == (uintptr_t)store_insn);
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
    __asm__ volatile("li a4, 16\n"
                     "li a5, 7\n"
                     ".option push\n.option norvc\n"   /* 4 bytes, as skipped below */
                     ".globl load_insn\n"
                     "load_insn: lw a5, 0(a4)\n"
                     ".option pop\n"
                     "mv %0, a5\n"
                     : "=r"(v) : : "a4", "a5", "memory");
    printf("after load: a5 = %ld\n", v);

    char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(env, 1) == 0) {
        __asm__ volatile("mv a4, %0\n"
                         ".option push\n.option norvc\n"
                         ".globl store_insn\n"
                         "store_insn: sw zero, 0(a4)\n"
                         ".option pop\n"
                         : : "r"(ro) : "a4", "memory");
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
