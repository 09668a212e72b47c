/* Loops whose head is inside a region, not at its start (docs/design-notes.md,
 * "Loop heads inside a region"): each function below first runs a few
 * instructions, then a loop that branches back to its own first
 * instruction. Called 300 times, each becomes a superblock from its entry,
 * in which peek keeps the loop inside the block with the guest registers in
 * host registers. Then:
 *  - count's loop starts from constants: what is known of the values
 *    falling in at the head must not be taken for those coming round;
 *  - walk faults on a load in the middle of an iteration: the handler must
 *    see the registers and the stores as of that instruction (a0 the sum
 *    of the iterations before, a1 the index, the pc of the load);
 *  - walk spins until a timer signal's handler sets the flag it polls: the
 *    loop must still take asynchronous signals;
 *  - smc, copied to a page of its own, stores a new instruction over its
 *    loop head at iteration 600: the later iterations run the new one;
 *  - spin, on another page, loops until a second thread rewrites the
 *    instruction at its loop head into one that makes it return: another
 *    thread's store must unlink the loop that is running.
 * The expected values (innerloop.expected) are arithmetic by hand; qemu
 * agrees. riscv64 only (its own assembly). */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

/* No compressed instructions: smc and spin are patched a word at a time.
 *
 * long walk(long acc, long i, long n, long **ptrs, volatile long *stop, long *before)
 *   adds *ptrs[i & 63] to acc for i up to n, storing i to *before first,
 *   and stops early once *stop is set.
 * long smc(long acc, long i, long n, long patch_at, uint32_t *insn, uint32_t new_insn,
 *          uint32_t *scratch)
 *   acc + 1000, then n - i times the instruction at smc_top (acc += 1),
 *   storing new_insn to insn at i == patch_at (elsewhere to scratch).
 * long spin(long i, long n)
 *   counts i up to n while the instruction at spin_top sets t0 to 0.
 * long count(long zero)
 *   counts from 0 to 5: the values falling in at its loop head are
 *   constants, those coming round are not. */
__asm__(".pushsection .text\n"
        ".option push\n"
        ".option norvc\n"
        ".balign 4\n"
        ".globl walk\n"
        "walk:\n"
        "    bltz a2, 2f\n"
        "1:  sd   a1, 0(a5)\n"
        "    andi t0, a1, 63\n"
        "    slli t0, t0, 3\n"
        "    add  t0, t0, a3\n"
        "    ld   t0, 0(t0)\n"
        ".globl walk_load\n"
        "walk_load:\n"
        "    ld   t1, 0(t0)\n"
        "    add  a0, a0, t1\n"
        "    ld   t2, 0(a4)\n"
        "    bnez t2, 2f\n"
        "    addi a1, a1, 1\n"
        "    blt  a1, a2, 1b\n"
        "2:  ret\n"
        ".globl smc_code\n"
        "smc_code:\n"
        "    addi a0, a0, 1000\n"
        "    bltz a2, 2f\n"
        ".globl smc_top\n"
        "smc_top:\n"
        "    addi a0, a0, 1\n"
        "    sub  t0, a1, a3\n"
        "    seqz t0, t0\n"
        "    neg  t0, t0\n"
        "    xor  t2, a4, a6\n"
        "    and  t2, t2, t0\n"
        "    xor  t2, t2, a6\n"
        "    sw   a5, 0(t2)\n"
        "    addi a1, a1, 1\n"
        "    blt  a1, a2, smc_top\n"
        "2:  ret\n"
        ".globl smc_end\n"
        "smc_end:\n"
        ".globl spin_code\n"
        "spin_code:\n"
        "    bltz a0, 2f\n"
        ".globl spin_top\n"
        "spin_top:\n"
        "    li   t0, 0\n"
        "    bnez t0, 2f\n"
        "    addi a0, a0, 1\n"
        "    blt  a0, a1, spin_top\n"
        "2:  ret\n"
        ".globl spin_end\n"
        "spin_end:\n"
        ".globl count\n"
        "count:\n"
        "    bltz a0, 2f\n"
        "    li   a1, 0\n"
        "    li   t1, 5\n"
        "1:  addi a1, a1, 1\n"
        "    blt  a1, t1, 1b\n"
        "2:  mv   a0, a1\n"
        "    ret\n"
        ".option pop\n"
        ".popsection\n");

long walk(long acc, long i, long n, long *const *ptrs, volatile long *stop, volatile long *before);
extern const char walk_load[], smc_code[], smc_top[], smc_end[], spin_code[], spin_top[], spin_end[];
typedef long (*SmcFn)(long acc, long i, long n, long patch_at, uint32_t *insn, uint32_t new_insn,
                      uint32_t *scratch);
typedef long (*SpinFn)(long i, long n);
long count(long zero);

#define ADD1 0x00150513u     /* addi a0, a0, 1 */
#define ADD100 0x06450513u   /* addi a0, a0, 100 */
#define LI_T0_1 0x00100293u  /* li t0, 1 */

static sigjmp_buf env;
static volatile uintptr_t fault_addr, fault_pc;
static volatile long fault_a0, fault_a1;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    fault_addr = (uintptr_t)si->si_addr;
    fault_pc = uc->uc_mcontext.__gregs[REG_PC];
    fault_a0 = (long)uc->uc_mcontext.__gregs[REG_A0];
    fault_a1 = (long)uc->uc_mcontext.__gregs[REG_A0 + 1];
    siglongjmp(env, 1);
}

static volatile long stop, before;
static void on_alarm(int sig) { stop = 1; }

static uint32_t *spin_insn;
static void *rewriter(void *arg)
{
    usleep(50000);
    __atomic_store_n(spin_insn, LI_T0_1, __ATOMIC_RELAXED);
    return NULL;
}

/* A copy of [from, to) on a page of its own. */
static uint32_t *copy_code(const char *from, const char *to)
{
    uint32_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    memcpy(p, from, (size_t)(to - from));
    __builtin___clear_cache((char *)p, (char *)p + (to - from));
    return p;
}

int main(void)
{
    long page = sysconf(_SC_PAGESIZE);
    char *guard = mmap(NULL, (size_t)page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t *smc_page = copy_code(smc_code, smc_end), *spin_page = copy_code(spin_code, spin_end);
    if (guard == MAP_FAILED || !smc_page || !spin_page) {
        printf("mmap failed\n");
        return 1;
    }
    static long cells[64];
    static long *ptrs[64];
    for (int i = 0; i < 64; i++) {
        cells[i] = 3 * i + 1;
        ptrs[i] = &cells[i];
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);

    long warm = 0;
    for (int k = 0; k < 300; k++)
        warm += walk(0, 0, 64, ptrs, &stop, &before);
    printf("walk warm %ld\n", warm);
    static const int bad[] = { 0, 1, 5, 40, 63 };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        int b = bad[k];
        ptrs[b] = (long *)(void *)(guard + 8 * k);
        before = -1;
        if (sigsetjmp(env, 1) == 0) {
            walk(0, 0, 64, ptrs, &stop, &before);
            printf("fault %d: no fault\n", b);
        } else {
            printf("fault %d: a0 %ld a1 %ld before %ld at load %d addr +%ld\n", b, fault_a0, fault_a1,
                   before, fault_pc == (uintptr_t)walk_load, (long)(fault_addr - (uintptr_t)guard));
        }
        ptrs[b] = &cells[b];
    }

    long counted = 0;
    for (int k = 0; k < 300; k++)
        counted += count(0);
    printf("count %ld\n", counted);

    signal(SIGALRM, on_alarm);
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    long spun = walk(0, 0, INT64_MAX, ptrs, &stop, &before);
    printf("walk stopped by the timer: %d\n", spun > 0 && stop);

    SmcFn f = (SmcFn)(void *)smc_page;
    uint32_t *top = smc_page + (smc_top - smc_code) / 4;
    static uint32_t scratch;
    warm = 0;
    for (int k = 0; k < 300; k++)
        warm += f(0, 0, 1000, -1, top, ADD100, &scratch);
    printf("smc warm %ld\n", warm);
    printf("smc patched at 600: %ld\n", f(0, 0, 1000, 600, top, ADD100, &scratch));
    printf("smc after: %ld\n", f(0, 0, 1000, -1, top, ADD1, &scratch));
    *top = ADD1;
    __builtin___clear_cache((char *)top, (char *)(top + 1));
    printf("smc restored: %ld\n", f(0, 0, 1000, -1, top, ADD100, &scratch));

    SpinFn g = (SpinFn)(void *)spin_page;
    spin_insn = spin_page + (spin_top - spin_code) / 4;
    warm = 0;
    for (int k = 0; k < 300; k++)
        warm += g(0, 100);
    printf("spin warm %ld\n", warm);
    pthread_t th;
    if (pthread_create(&th, NULL, rewriter, NULL) != 0) {
        printf("pthread_create failed\n");
        return 1;
    }
    long n = g(0, INT64_MAX);
    pthread_join(th, NULL);
    printf("spin stopped by the other thread: %d\n", n > 0 && n < INT64_MAX);
    return 0;
}
