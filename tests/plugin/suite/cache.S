/*
 * A data access pattern whose cache misses are computed by hand (see
 * docs/plugins.md and run.sh). Blocks A, B, C are 64 bytes apart; each of
 * the 50 iterations loads A B A C A B. The code fits one 64-byte line.
 * 6 + 50 * 8 + 3 = 409 instructions.
 */
    .text
    .balign 64
    .globl _start, load_a1, load_b1, load_a2, load_c, load_a3, load_b2
    .type _start, @function
_start:
    lla     s0, buf
    addi    s1, s0, 64
    addi    s2, s0, 128
    li      s3, 50
    j       1f
1:
load_a1: ld t0, 0(s0)
load_b1: ld t0, 0(s1)
load_a2: ld t0, 0(s0)
load_c:  ld t0, 0(s2)
load_a3: ld t0, 0(s0)
load_b2: ld t0, 0(s1)
    addi    s3, s3, -1
    bnez    s3, 1b
    li      a7, 93
    li      a0, 0
    ecall
    .size _start, . - _start

    .bss
    .balign 4096
buf:
    .zero   4096
