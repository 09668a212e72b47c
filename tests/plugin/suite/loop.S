/*
 * A counted loop, hand-counted for the plugin tests:
 *   _start: li a0,1000 (4 bytes), j loop (2)             2 insns, 1 block
 *   loop:   addi a0,a0,-1 (2), bnez a0,loop (2)         2 insns x 1000
 *   done:   li a7,93 (4), li a0,0 (2), ecall (4)         3 insns, 1 block
 * = 2005 instructions (3 of 4 bytes, 2002 of 2 bytes) in 1002 blocks;
 * the loop block runs 1000 times.
 */
    .text
    .globl _start, loop, done
    .type _start, @function
_start:
    li      a0, 1000
    j       loop
loop:
    addi    a0, a0, -1
    bnez    a0, loop
done:
    li      a7, 93
    li      a0, 0
    ecall
    .size _start, . - _start
