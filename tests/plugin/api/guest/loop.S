/* A counted loop with a hand-countable instruction total:
 * li + ITER * 2 (addi, bne) + 3 (li, li, ecall). With ITER = 1000 the li
 * is one addi: 2004 instructions in 1001 executed blocks (_start..bne,
 * then 999 times the loop, then the exit block). With ITER = 100000 it is
 * lui + addiw: 200005 instructions. */
#ifndef ITER
#define ITER 1000
#endif
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    li t0, ITER
loop:
    addi t0, t0, -1
    bnez t0, loop
    li a0, 0
    li a7, 93
    .globl last_insn
last_insn:
    ecall
