/*
 * Runs a few common blocks, then takes a path chosen by argc: with one
 * argument (just the program) it goes to `same`, with more to `other`.
 * Two lockstep instances started with different argument counts diverge
 * exactly there.
 */
    .text
    .globl _start, same, other
    .type _start, @function
_start:
    ld      a0, 0(sp)
    li      t0, 1
    li      s0, 5
1:  addi    s0, s0, -1
    bnez    s0, 1b
    bne     a0, t0, other
same:
    li      a0, 0
    j       out
other:
    li      a0, 0
    nop
out:
    li      a7, 93
    ecall
    .size _start, . - _start
