/*
 * Prints AT_HWCAP from the auxiliary vector as "0x<hex>\n" and exits 0,
 * for the -cpu extension tests. Plain assembly without C instructions and
 * without libc, so it runs under every -cpu choice, c=off included.
 * (Exits 1 if the vector has no AT_HWCAP.)
 */
#include <asm/unistd.h>

#define AT_HWCAP 16

    .option norvc
    .text
    .globl _start
_start:
    ld t0, 0(sp)                    /* argc */
    addi t0, t0, 2                  /* argc, argv[], NULL */
    slli t0, t0, 3
    add t0, sp, t0                  /* envp */
1:  ld t1, 0(t0)
    addi t0, t0, 8
    bnez t1, 1b                     /* t0: auxv */
2:  ld t1, 0(t0)
    beqz t1, missing
    li t2, AT_HWCAP
    ld a1, 8(t0)
    addi t0, t0, 16
    bne t1, t2, 2b

    /* a1 = value: "0x" then its hex digits, leading zeros dropped */
    addi sp, sp, -32
    li t0, '0'
    sb t0, 0(sp)
    li t0, 'x'
    sb t0, 1(sp)
    addi a2, sp, 2                  /* next output byte */
    li t1, 60                       /* shift of the current nibble */
    li t3, 0                        /* nonzero once a digit is printed */
3:  srl t2, a1, t1
    andi t2, t2, 15
    or t3, t3, t2
    beqz t1, 4f                     /* always print the last digit */
    beqz t3, 5f
4:  li t4, 10
    addi t5, t2, '0'
    blt t2, t4, 6f
    addi t5, t2, 'a' - 10
6:  sb t5, 0(a2)
    addi a2, a2, 1
5:  addi t1, t1, -4
    bgez t1, 3b
    li t0, '\n'
    sb t0, 0(a2)
    addi a2, a2, 1

    li a0, 1
    mv a1, sp
    sub a2, a2, sp
    li a7, __NR_write
    ecall
    li a0, 0
    j exit
missing:
    li a0, 1
exit:
    li a7, __NR_exit
    ecall
