/*
 * 50000 iterations of a two-instruction loop: 2 + 100000 + 3 = 100005
 * instructions, for the ips throttle.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    li      a0, 50000
    j       1f
1:  addi    a0, a0, -1
    bnez    a0, 1b
    li      a7, 93
    li      a0, 0
    ecall
    .size _start, . - _start
