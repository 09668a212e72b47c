/* A loop that becomes hot and is translated again as a superblock, which
 * under plugins goes on past its branches through the basic blocks the
 * plugins were shown alone, each counted as its own TB: B1 (to the bnez
 * over B2's first instruction, a side exit taken three times in four),
 * B2 (from its addi through the loop's own bnez back to B1, a side exit
 * to the superblock's start) and no further (the exit code after it never
 * ran alone when the loop gets hot). At s1 = 700, long after the loop got
 * hot, B2's load faults in the middle of the superblock (an address 2^40
 * past buf); the SIGSEGV handler (SA_NODEFER) goes on after the load.
 *
 * By hand: 7 (rt_sigaction: li, auipc+addi, 3 li, ecall) + 4 (li s1,
 * li s3, la s2) = 11 set-up; s1 = 1000 down to 1: 750 runs of 10 (B1's 3,
 * the taken side's 7) and 250 (s1 = 0 mod 4) of 11 (B1's 3, B2's 8):
 * 10250; the faulting run: 3 + 6 up to the load, 1 in the handler, 2
 * after it, 12 instead of 11: +1; the exit 3. In all 10265 instructions.
 * Blocks: rt_sigaction's 1; the first run's 2 (the first from li s1
 * through B1's bnez); 999 more runs of 2; the faulting run's 2 more (the
 * handler's j, then from 3: to the bnez); the exit 1: 2004. Counted at
 * block starts, the faulting B2 adds its last 2: 10267. qemu-riscv64
 * agrees (QEMU's insn and bb plugins, inline=on). */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    li a0, 11               /* rt_sigaction(SIGSEGV, &act, NULL, 8) */
    la a1, act              /* auipc, addi */
    li a2, 0
    li a3, 8
    li a7, 134
    ecall
    li s1, 1000
    li s3, 700
    la s2, buf              /* auipc, addi */
1:  addi t3, t3, 1          /* B1 */
    andi t0, s1, 3
    bnez t0, 2f
    addi t4, t4, 1          /* B2 (and from 2: the taken side's block) */
2:  sub t1, s1, s3
    seqz t1, t1
    slli t1, t1, 40
    add t2, s2, t1
    ld t5, 0(t2)            /* faults at s1 = 700 */
3:  addi s1, s1, -1
    bnez s1, 1b
    li a0, 0
    li a7, 93
    ecall
handler:
    j 3b

    .data
    .balign 8
act:
    .dword handler, 0x40000000, 0   /* handler, SA_NODEFER, mask */
buf:
    .dword 0
