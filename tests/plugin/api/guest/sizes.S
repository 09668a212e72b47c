/* A hundred and twenty basic blocks of different lengths, each run
 * once: block k (k = 1 to 120) is k addi and a jump over padding that
 * keeps each block within a page (a TB stops at a page's end), so a
 * plugin that counts instructions and blocks inline adds a different
 * amount in each. The x64 JIT keeps what a lane addition adds in a shared
 * pool of at most 96 pairs; the later blocks' pairs go after their code.
 *
 * By hand: block k has k + 1 instructions, 7260 + 120 = 7380 in all,
 * and the exit's block 3 (li, li, ecall): 7383 instructions in 121
 * blocks. qemu-riscv64 agrees (QEMU's bb plugin, inline=on). */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    .set n, 1
    .rept 120
    .rept n
    addi t0, t0, 1
    .endr
    j 1f
    .balign 512             /* no block crosses a page: a TB stops there */
1:
    .set n, n + 1
    .endr
    li a0, 0
    li a7, 93
    ecall
