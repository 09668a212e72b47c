/*
 * Three writes, counted for stoptrigger: instructions 1-6 print "1",
 * 7-10 print "2" (the ecall at `second` is instruction 10), 11-14 print
 * "3", 15-17 exit(0).
 */
    .text
    .globl _start, second
    .type _start, @function
_start:
    li      a7, 64          /* 1 */
    li      a0, 1           /* 2 */
    lla     a1, m1          /* 3, 4 */
    li      a2, 2           /* 5 */
    ecall                   /* 6 */
    li      a0, 1           /* 7 */
    lla     a1, m2          /* 8, 9 */
second:
    ecall                   /* 10 */
    li      a0, 1           /* 11 */
    lla     a1, m3          /* 12, 13 */
    ecall                   /* 14 */
    li      a7, 93          /* 15 */
    li      a0, 0           /* 16 */
    ecall                   /* 17 */
    .size _start, . - _start

    .section .rodata
m1: .ascii "1\n"
m2: .ascii "2\n"
m3: .ascii "3\n"
