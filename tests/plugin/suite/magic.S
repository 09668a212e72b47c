/* QEMU's test-plugin-syscall-filter, in assembly: system call 4096 with
 * 0x66CCFF in a0 must return 0xFFCC66, which only a plugin's filter can
 * make happen (4096 is no Linux system call: the kernel says -ENOSYS).
 * Exits 0 if it did, 1 if not. */
    .text
    .globl _start
_start:
    li a0, 0x66CCFF
    li a7, 4096
    ecall
    li t0, 0xFFCC66
    sub a0, a0, t0
    snez a0, a0
    li a7, 93
    ecall
