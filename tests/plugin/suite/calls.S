/*
 * A function f called from two sites, three times round a loop: for
 * cflow (f's ret goes to two places, 3 times each; each jal goes to f 3
 * times; the loop branch is taken twice) and uftrace (6 entries and exits
 * of f at depth 0).
 */
    .text
    .globl _start, site1, site2, back1, back2, f, again
    .type _start, @function
_start:
    li      s0, 3
again:
site1:
    jal     ra, f
back1:
site2:
    jal     ra, f
back2:
    addi    s0, s0, -1
    bnez    s0, again
    li      a7, 93
    li      a0, 0
    ecall
    .size _start, . - _start

    .type f, @function
f:
    addi    a0, a0, 1
    ret
    .size f, . - f
