/* Two passes over a counted loop with a getpid after each, for a plugin
 * that starts instrumenting blocks from the first getpid (tp_count
 * late=172). After that system call, hand count:
 *   pass 1's tail: addi s0, bnez (taken)                          2
 *   pass 2: li t0 + 100 * (addi, bnez) + li a7 + ecall (getpid)  203
 *   the end: addi s0, bnez (not taken), li a0, li a7, ecall        5
 * = 210 instructions, most in blocks first made (and run) before the
 * plugin asked to see any. */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    li s0, 2
again:
    li t0, 100
loop:
    addi t0, t0, -1
    bnez t0, loop
    li a7, 172
    ecall
    addi s0, s0, -1
    bnez s0, again
    li a0, 0
    li a7, 93
    ecall
