/* write(1, msg, 6) after a loop, then a read from stdin (a call that may
 * block), then exit_group(0): a plugin may rewrite msg before the write. */
    .option norvc
    .option norelax
    .text
    .globl _start, msg
    .type _start, @function
_start:
    li t0, 10
1:  addi t0, t0, -1
    bnez t0, 1b
    li a0, 1
    lla a1, msg
    li a2, 6
    li a7, 64
    ecall
    li a0, 0
    lla a1, scratch
    li a2, 1
    li a7, 63
    ecall
    li a0, 0
    li a7, 94
    ecall
    .size _start, .-_start

    .data
msg:
    .ascii "hello\n"
scratch:
    .byte 0
