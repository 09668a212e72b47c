/* A loop made a superblock under plugins that is left by each of its
 * side exits in turn: its basic blocks B1 to B4 are one superblock once
 * B1 is hot, with a side exit at the end of B1, B2 and B3 (to 5:, taken
 * when s1 mod 4 is 1, 2 and 3) and the loop's bnez back to its start (a
 * side exit too). The superblock counts all of B1..B4 once at its entry
 * and takes back, on each side exit, what the blocks not reached added;
 * a wrong take-back on any one exit changes the totals. At s1 = 700,
 * long after the loop got hot, B1's load faults (an address 2^40 past
 * buf): what the superblock counted ahead for the rest of B1 and for
 * B2..B4 is taken back; the SIGSEGV handler goes on at 3:.
 *
 * Blocks: B1 = addi, sub, seqz, slli, add, ld, andi, li, beq (9);
 * B2 = addi, li, beq (3); B3 = 3; B4 = addi t6 through the bnez (3);
 * B5 = 5: addi, bnez (2).
 * By hand: set-up 7 (rt_sigaction: li, auipc+addi, 3 li, ecall) + 4
 * (li s1, li s3, la s2); s1 = 1000 down to 1, 250 runs of each residue
 * of s1 mod 4:
 *   1: B1 + B5 = 11 instructions in 2 blocks
 *   2: B1 + B2 + B5 = 14 in 3
 *   3: B1 + B2 + B3 + B5 = 17 in 4
 *   0: B1 + B2 + B3 + B4 = 18 in 4
 * 250 * (11 + 14 + 17 + 18) = 15000 instructions in 250 * 13 = 3250
 * blocks (the first B1 is one block with the li/la before it); the
 * faulting run (s1 = 700, residue 0) runs the handler's j as well: +1
 * instruction, and 2 more blocks (the handler's, then 3: to the beq);
 * the exit's li, li, ecall 3 and 1 block. In all 15015 instructions in
 * 3254 blocks (1 + 3250 + 2 + 1, rt_sigaction's block first); counted
 * at block starts, the faulting B1 adds its last 3: 15018. qemu-riscv64
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
    sub t1, s1, s3
    seqz t1, t1
    slli t1, t1, 40
    add t2, s2, t1
    ld t5, 0(t2)            /* faults at s1 = 700 */
3:  andi t0, s1, 3
    li t1, 1
    beq t0, t1, 5f
    addi t4, t4, 1          /* B2 */
    li t1, 2
    beq t0, t1, 5f
    addi t5, t5, 1          /* B3 */
    li t1, 3
    beq t0, t1, 5f
    addi t6, t6, 1          /* B4, on through 5: */
5:  addi s1, s1, -1
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
