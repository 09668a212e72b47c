/*
 * An S-mode payload for OpenSBI (-bios default -kernel sbi.elf): prints
 * its boot arguments through the SBI legacy console and asks the firmware
 * to shut the machine down (SBI SRST), so the run ends with the guest's
 * power-off; built with -DREBOOT, to reboot it instead.
 */
    .section .text.start
    .globl _start
_start:
    mv s0, a0                    /* hart id */
    mv s1, a1                    /* device tree */
    la a0, msg_hello
    call sbi_puts
    mv a0, s0
    call sbi_puthex
    la a0, msg_fdt
    call sbi_puts
    mv a0, s1
    call sbi_puthex
    la a0, msg_nl
    call sbi_puts
    csrr t0, sstatus             /* S-mode csr: no trap */
    li a7, 0x53525354            /* SRST: system reset */
    li a6, 0
#ifdef REBOOT
    li a0, 1                     /* cold reboot */
#else
    li a0, 0                     /* shutdown */
#endif
    li a1, 0                     /* no reason */
    ecall
1:  j 1b

sbi_puts:                        /* a0: string */
    mv t1, a0
2:  lbu a0, 0(t1)
    beqz a0, 3f
    li a7, 1                     /* legacy console_putchar */
    ecall
    addi t1, t1, 1
    j 2b
3:  ret

sbi_puthex:                      /* a0: value, 16 hex digits */
    mv t2, a0
    li t3, 60
4:  srl a0, t2, t3
    andi a0, a0, 15
    li t4, 10
    blt a0, t4, 5f
    addi a0, a0, 'a' - '0' - 10
5:  addi a0, a0, '0'
    li a7, 1
    ecall
    addi t3, t3, -4
    bgez t3, 4b
    ret

    .section .rodata
msg_hello: .asciz "S-mode payload: hart "
msg_fdt: .asciz ", device tree at 0x"
msg_nl: .asciz "\n"
