/* A load faults in the middle of a block and nothing handles SIGSEGV: the
 * process dies there. Executed: 4 instructions (3, then the faulting
 * load); the 5 after it never run, though peek counts the whole block
 * with one inline addition and takes them back at the fault. */
    .option norvc
    .option norelax
    .text
    .globl _start
_start:
    addi t3, t3, 1
    addi t3, t3, 1
    addi t3, t3, 1
    ld t4, 0(zero)          /* faults */
    addi t3, t3, 1
    addi t3, t3, 1
    li a0, 0
    li a7, 93
    ecall
