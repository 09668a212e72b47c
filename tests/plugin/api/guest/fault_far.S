/* A block whose inline additions peek merges into one, with a load in its
 * middle from an address far outside the guest space (the JIT's
 * out-of-line range check and the interpreter's fault path, not a host
 * fault). The SIGSEGV handler (SA_NODEFER, so that it may fault again
 * without returning) jumps back into the loop; the block runs 3 times.
 * Executed: 9 (set-up) + 3 * (3 up to and including the faulting load,
 * 1 in the handler, 2 to close the loop) + 3 (exit) = 30 instructions;
 * the 3 after each load never run. */
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
    li s1, 3
    li s2, -8
1:  addi t3, t3, 1          /* the block */
    addi t3, t3, 1
    ld t4, 0(s2)            /* faults */
    addi t3, t3, 1
    addi t3, t3, 1
    j 3f
2:  addi s1, s1, -1
    bnez s1, 1b
3:  li a0, 0
    li a7, 93
    ecall
handler:
    j 2b

    .data
    .balign 8
act:
    .dword handler, 0x40000000, 0   /* handler, SA_NODEFER, mask */
