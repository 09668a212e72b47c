/*
 * A known sequence of system calls for the syscall plugin:
 *   write(1, "hello\n", 6) x3   (64)   -> 6
 *   getpid() x2                 (172)
 *   openat(AT_FDCWD, "/nonexistent/peek", 0)  (56)  -> -ENOENT
 *   close(-1)                   (57)   -> -EBADF
 *   exit(0)                     (93)
 */
    .text
    .globl _start
    .type _start, @function
_start:
    li      s0, 3
1:  li      a7, 64
    li      a0, 1
    lla     a1, hello
    li      a2, 6
    ecall
    addi    s0, s0, -1
    bnez    s0, 1b
    li      a7, 172
    ecall
    li      a7, 172
    ecall
    li      a7, 56
    li      a0, -100
    lla     a1, missing
    li      a2, 0
    ecall
    li      a7, 57
    li      a0, -1
    ecall
    li      a7, 93
    li      a0, 0
    ecall
    .size _start, . - _start

    .section .rodata
hello:
    .ascii  "hello\n"
missing:
    .asciz  "/nonexistent/peek"
