/* spin(n): 2n + 1 instructions (n > 0). */
    .option norvc
    .option norelax
    .text
    .globl spin
    .type spin, @function
spin:
    addi a0, a0, -1
    bnez a0, spin
    ret
    .size spin, .-spin
