/* A loop that rewrites its own code while it runs: made hot first (called
 * 300 times, so that peek makes it a superblock, whose backward branch
 * loops inside the block), then one run stores a new instruction over the
 * first one of its own body at iteration 600. Every later
 * iteration must run the new instruction: 601 times +1, then 399 times
 * +100 = 40501 (arithmetic by hand, see smcloop.expected). Then a run
 * with the code as it is now (+100 each time), and one after C put the
 * old instruction back.
 * riscv64 only (hand-assembled code). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* long f(acc, i, n, patch_at, insn_addr, new_insn, scratch):
 * top:  addi a0, a0, 1            # the insn rewritten
 *       sub  t0, a1, a3           # t2 = i == patch_at ? insn_addr : scratch
 *       seqz t0, t0
 *       neg  t0, t0
 *       xor  t2, a4, a6
 *       and  t2, t2, t0
 *       xor  t2, t2, a6
 *       sw   a5, 0(t2)            # one store to the code, the others aside
 *       bltz a2, out              # a forward branch: the block gets hot
 *       addi a1, a1, 1
 *       blt  a1, a2, top
 * out:  ret
 * No fence.i, which would end the block: the store must be seen anyway
 * (as QEMU and peek do for code written while it runs). */
static const uint32_t code[] = {
    0x00150513u, 0x40d582b3u, 0x0012b293u, 0x405002b3u, 0x010743b3u, 0x0053f3b3u,
    0x0103c3b3u, 0x00f3a023u, 0x00064663u, 0x00158593u, 0xfcc5cce3u, 0x00008067u,
};
#define ADD1 0x00150513u     /* addi a0, a0, 1 */
#define ADD100 0x06450513u   /* addi a0, a0, 100 */

typedef long (*Fn)(long acc, long i, long n, long patch_at, uint32_t *insn, uint32_t new_insn,
                   uint32_t *scratch);

int main(void)
{
    uint32_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        printf("mmap failed\n");
        return 1;
    }
    memcpy(p, code, sizeof(code));
    __builtin___clear_cache((char *)p, (char *)p + sizeof(code));
    Fn f = (Fn)(void *)p;
    static uint32_t scratch;
    long warm = 0;
    for (int k = 0; k < 300; k++)
        warm += f(0, 0, 1000, -1, p, ADD100, &scratch);
    printf("warm %ld\n", warm);
    printf("patched at 600: %ld\n", f(0, 0, 1000, 600, p, ADD100, &scratch));
    printf("after: %ld\n", f(0, 0, 1000, -1, p, ADD1, &scratch));
    p[0] = ADD1;
    __builtin___clear_cache((char *)p, (char *)p + sizeof(code));
    printf("restored: %ld\n", f(0, 0, 1000, -1, p, ADD100, &scratch));
    return 0;
}
