/* A loop that carries a sign-extended 32-bit value and reads it only in
 * its low 32 bits (docs/design-notes.md, "Narrow copies of loop-carried
 * registers"): crc's bytewise loop, `lw; xor; sext.w` at the end of each
 * iteration, `srlw` and `xor; zext.b` at its top. peek keeps a copy of a5's
 * low 32 bits for those readers, yet a5 itself must be the whole 64-bit
 * register wherever the guest can see it. The function, hot after 300
 * calls, is left:
 *  - at its normal exit (a5 copied to a0 after the loop),
 *  - at a side exit in the middle of the loop (p reaching stop),
 *  - by a fault of the byte load at the top of an iteration (the buffer
 *    runs into a PROT_NONE page): the handler reads a5 from the context,
 *  - by that fault before the first iteration, where a5 still holds the
 *    value it came in with (high bits that are no sign extension).
 * Each prints a5 whole; the expected output is qemu-riscv64's, and every
 * value it holds after an iteration is the sign extension of its low 32
 * bits (checked here too). riscv64 only (its own assembly). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

/* long crc_loop(long crc, const uint8_t *p, const uint8_t *end,
 *               const uint32_t *table, const uint8_t *stop)
 *   a5 = ~crc; then for each byte up to end, the table step (leaving at
 *   once, with a5, when p reaches stop); returns a5. */
__asm__(".pushsection .text\n"
        ".option push\n"
        ".option norvc\n"
        ".balign 4\n"
        ".globl crc_loop\n"
        "crc_loop:\n"
        "    not  a5, a0\n"
        "    bgeu a1, a2, 3f\n"
        ".globl crc_top\n"
        "crc_top:\n"
        "1:  lbu  t2, 0(a1)\n"
        "    srlw t0, a5, 8\n"
        "    addi a1, a1, 1\n"
        "    xor  a5, a5, t2\n"
        "    andi a5, a5, 255\n"
        "    slli a5, a5, 2\n"
        "    add  a5, a5, a3\n"
        "    lw   a5, 0(a5)\n"
        "    xor  a5, a5, t0\n"
        "    sext.w a5, a5\n"
        "    beq  a1, a4, 2f\n"
        "    bne  a1, a2, 1b\n"
        "3:  mv   a0, a5\n"
        "    ret\n"
        "2:  mv   a0, a5\n"
        "    ret\n"
        ".option pop\n"
        ".popsection\n");

long crc_loop(long crc, const uint8_t *p, const uint8_t *end, const uint32_t *table, const uint8_t *stop);
extern const char crc_top[];

static uint32_t table[256];
static sigjmp_buf env;
static volatile long fault_a5, fault_a1;
static volatile uintptr_t fault_pc;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    fault_pc = uc->uc_mcontext.__gregs[REG_PC];
    fault_a1 = (long)uc->uc_mcontext.__gregs[REG_A0 + 1];
    fault_a5 = (long)uc->uc_mcontext.__gregs[REG_A0 + 5];
    siglongjmp(env, 1);
}

static int bad;

/* a5 after an iteration: the sign extension of its low 32 bits */
static void show(const char *what, long v)
{
    printf("%s %016lx\n", what, (unsigned long)v);
    if (v != (long)(int32_t)v) {
        printf("  not sign-extended\n");
        bad = 1;
    }
}

/* The loop run into the guard page from p: a5 at the fault. */
static void fault_from(const char *what, long crc, const uint8_t *p, const uint8_t *guard, int check)
{
    if (sigsetjmp(env, 1) == 0) {
        crc_loop(crc, p, guard + 64, table, NULL);
        printf("%s: no fault\n", what);
        bad = 1;
        return;
    }
    printf("%s: a1 at guard +%ld, pc at loop top %d, a5 %016lx\n", what, fault_a1 - (long)guard,
           fault_pc == (uintptr_t)crc_top, (unsigned long)fault_a5);
    if (check && fault_a5 != (long)(int32_t)fault_a5) {
        printf("  not sign-extended\n");
        bad = 1;
    }
}

int main(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    uint8_t *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED || mprotect(page + 4096, 4096, PROT_NONE) != 0) {
        perror("mmap");
        return 1;
    }
    uint8_t *guard = page + 4096;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 4096; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        page[i] = (uint8_t)x;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    long v = 0, sum = 0;
    for (int r = 0; r < 300; r++) {
        v = crc_loop(v, page + (r & 63), guard - (r & 15), table, NULL);
        sum ^= v;
    }
    show("warm", v);
    printf("warm xor %016lx\n", (unsigned long)sum);
    char what[64];
    static const long seeds[4] = { 0, -2l, 0x1234567800000000l, 0x55aa55aa55aa55aal };
    for (int k = 0; k < 4; k++) {
        snprintf(what, sizeof(what), "normal exit, seed %d", k);
        show(what, crc_loop(seeds[k], page + k, guard, table, NULL));
    }
    for (int at = 1; at <= 12; at++) {
        snprintf(what, sizeof(what), "side exit at %d", at * 331);
        show(what, crc_loop(seeds[at & 3], page, guard, table, page + at * 331));
    }
    printf("no iteration %016lx\n", (unsigned long)crc_loop(0x0123456789abcdefl, page, page, table, NULL));
    fault_from("fault after 4096", 0x7777777700000001l, page, guard, 1);
    for (int n = 1; n <= 8; n++) {
        snprintf(what, sizeof(what), "fault after %d", n);
        fault_from(what, seeds[n & 3], guard - n, guard, 1);
    }
    fault_from("fault before any", 0x0123456789abcdefl, guard, guard, 0);
    printf("%s\n", bad ? "FAIL" : "ok");
    return bad;
}
