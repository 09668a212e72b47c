/* Two loads off one register in one block, which the JIT range-checks
 * with one compare (a grouped check), run at the end of a guest space
 * made 1 GiB by -R 1G, where that compare fails: the block then leaves
 * at the first load and its rest runs as a tail TB instrumented as the
 * block was (TB_CF_TAIL). The plugins must count as if every access had
 * been checked alone: no block of one instruction, no instruction twice.
 * Run it with -R 1G (qemu-riscv64 -R 1G gives the same counts).
 *
 * Block A loads 8 bytes at 1G - 24 and 1G - 8: both in the space, but
 * the group's span of 24 bytes rounds up to 32, past its end. Block B
 * loads at 1G - 8 (in) and 1G (out): the second load faults, SIGSEGV,
 * whose handler (SA_NODEFER) goes back into B's loop.
 *
 * Executed, by hand: 8 (mmap: lui, 6 li, ecall) + 7 (rt_sigaction:
 * li, auipc+addi, 3 li, ecall) + 3 (li s1, lui+addi s2) = 18 set-up;
 * A: 4 runs of 6 = 24; li s1, addi s2: 2; B: 3 runs of (3 up to and
 * including the faulting load + 1 in the handler + 2 to close the loop)
 * = 18; the exit 3. In all 18 + 24 + 2 + 18 + 3 = 65 instructions.
 * Blocks (as QEMU makes them, ended by a branch, jump or ecall): mmap's
 * 1, rt_sigaction's 1, from li s1 through A's first run 1, A's other
 * runs 3, from li s1 through B's first run 1, the handler 3 times, the
 * block at 3: 3 times, B from 2: twice, the exit 1: 16. Counted at each
 * block's start, the faulting blocks' last two instructions (addi, j)
 * count too: 65 + 3 * 2 = 71.
 * With B run once (li s1, 1) qemu-riscv64 -R 1G counts 53 instructions
 * in 10 blocks with QEMU's insn and bb plugins, as peek does (qemu 7.2
 * dies of the second SIGSEGV, handled or not: fault_far.S too). */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    lui a0, 0x3ffff          /* mmap(1G - 4096, 4096, RW, PRIVATE|FIXED|ANON, -1, 0) */
    li a1, 4096
    li a2, 3
    li a3, 0x32
    li a4, -1
    li a5, 0
    li a7, 222
    ecall
    li a0, 11                /* rt_sigaction(SIGSEGV, &act, NULL, 8) */
    la a1, act               /* auipc, addi */
    li a2, 0
    li a3, 8
    li a7, 134
    ecall
    li s1, 4
    li s2, 0x3fffffe8        /* 1G - 24: lui, addi */
1:  addi t3, t3, 1           /* block A */
    ld t4, 0(s2)
    ld t5, 16(s2)            /* its last byte is the space's last */
    addi t3, t3, 1
    addi s1, s1, -1
    bnez s1, 1b
    li s1, 3
    addi s2, s2, 16          /* 1G - 8 */
2:  addi t3, t3, 1           /* block B */
    ld t4, 0(s2)
    ld t5, 8(s2)             /* faults: 1G is past the space */
    addi t3, t3, 1
    j 4f
3:  addi s1, s1, -1
    bnez s1, 2b
4:  li a0, 0
    li a7, 93
    ecall
handler:
    j 3b

    .data
    .balign 8
act:
    .dword handler, 0x40000000, 0   /* handler, SA_NODEFER, mask */
