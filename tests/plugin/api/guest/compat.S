/* 2003 instructions, then getpid and exit_group(getpid result): 1 + 2 * 1000
 * (loop) + 2 (li a7, ecall), then li a7, ecall in the last block. */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    li t0, 1000
1:  addi t0, t0, -1
    bnez t0, 1b
    li a7, 172
    ecall
    li a7, 94
    ecall
