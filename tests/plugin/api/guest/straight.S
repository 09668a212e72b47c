/* 400 instructions without a branch, then exit: 403 instructions, in
 * blocks as long as the translator allows. */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    .rept 400
    addi t0, t0, 1
    .endr
    li a0, 0
    li a7, 93
    ecall
