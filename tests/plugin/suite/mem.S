/*
 * Known memory accesses for mem, hotpages and execlog. Page A is buf,
 * page B is buf+4096, both in one 16 KiB region.
 *   before the loop: sw zero,0(B); sw zero,8(B)          2 stores to B
 *   100 times:       sd (A); ld (A); lw (B); lw 8(B)     1 store + 1 load
 *                                                        to A, 2 loads B
 * = 102 stores + 300 loads = 402 accesses; A: 100 reads, 100 writes;
 * B: 200 reads, 2 writes; every load reads a value stored before.
 */
    .text
    .globl _start, init_b, store_a, done
    .type _start, @function
_start:
    lla     s0, buf
    li      t0, 4096
    add     s1, s0, t0
init_b:
    sw      zero, 0(s1)
    sw      zero, 8(s1)
    li      t1, 100
1:
store_a:
    sd      t1, 0(s0)
    ld      t2, 0(s0)
    lw      t3, 0(s1)
    lw      t3, 8(s1)
    addi    t1, t1, -1
    bnez    t1, 1b
done:
    li      a7, 93
    li      a0, 0
    ecall
    .size _start, . - _start

    .bss
    .balign 16384
    .globl buf
buf:
    .zero   8192
