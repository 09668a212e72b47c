/* A loop made a superblock under plugins that is left by each of its
 * side exits in turn: its basic blocks B1 to B4 are one superblock once
 * B1 is hot, with a side exit at the end of B1, B2 and B3 (to 5:, taken
 * when s1 mod 4 is 1, 2 and 3) and the loop's bnez back to its start (a
 * side exit too). The superblock counts all of B1..B4 once at its entry
 * and takes back, on each side exit, what the blocks not reached added;
 * a wrong take-back on any one exit changes the totals.
 *
 * Blocks: B1 = addi, andi, li, beq (4); B2 = addi, li, beq (3); B3 = 3;
 * B4 = addi t6 through the bnez (3); B5 = 5: addi, bnez (2).
 * By hand: s1 = 1000 down to 1, 250 runs of each residue of s1 mod 4:
 *   1: B1 + B5 = 6 instructions in 2 blocks
 *   2: B1 + B2 + B5 = 9 in 3
 *   3: B1 + B2 + B3 + B5 = 12 in 4
 *   0: B1 + B2 + B3 + B4 = 13 in 4
 * 250 * (6 + 9 + 12 + 13) = 10000 instructions in 250 * 13 = 3250
 * blocks (the first B1 is one block with the li s1 before it); li s1 is
 * 1 more, the exit's li, li, ecall 3 more and 1 block: 10004
 * instructions in 3251 blocks. */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    li s1, 1000
1:  addi t3, t3, 1          /* B1 */
    andi t0, s1, 3
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
