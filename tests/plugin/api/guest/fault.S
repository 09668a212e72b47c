/* A load faults in the middle of a block; the SIGSEGV handler exits at
 * once. Executed: 7 (set-up) + 1 + 4 * 1000 (loop) + 7 (the faulting
 * block up to and including the faulting load) + 3 (handler) = 4018
 * instructions; the 4 after the load never run. At probe, 4013 have
 * started (probe included). */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    li a0, 11               /* rt_sigaction(SIGSEGV, &act, NULL, 8) */
    la a1, act              /* auipc, addi */
    li a2, 0
    li a3, 8
    li a7, 134
    ecall
    li t0, 1000
1:  addi t1, t1, 1
    addi t2, t2, 2
    addi t0, t0, -1
    bnez t0, 1b
    addi t3, t3, 1          /* the faulting block */
    la a4, act
    ld a5, 0(a4)            /* a load that does not fault */
    .globl probe
probe:
    addi t3, t3, 1
    addi t3, t3, 1
    ld t4, 0(zero)          /* faults */
    addi t3, t3, 1
    addi t3, t3, 1
    addi t3, t3, 1
    addi t3, t3, 1
    li a0, 1
    li a7, 94
    ecall
handler:
    li a0, 0
    li a7, 94
    ecall

    .data
    .balign 8
act:
    .dword handler, 0, 0    /* handler, flags, mask */
