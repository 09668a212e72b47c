/* A loop whose block calls a helper that cannot raise (flt.d compares in
 * C, raising only FP flags): the x64 JIT keeps a plugin's counter lanes across such
 * a call (in env) instead of writing them to memory first, and they must
 * come back whole after it.
 *
 * By hand: li; 1000 runs of flt.d, addi, bnez; the exit's li, li,
 * ecall: 1 + 3000 + 3 = 3004 instructions. Blocks: the first from li
 * through bnez, 999 more of the loop, the exit: 1001. qemu-riscv64
 * agrees (QEMU's bb plugin, inline=on). */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    li s1, 1000
1:  flt.d t0, ft0, ft1
    addi s1, s1, -1
    bnez s1, 1b
    li a0, 0
    li a7, 93
    ecall
