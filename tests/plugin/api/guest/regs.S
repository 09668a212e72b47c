/* Register reads, writes and set_pc from callbacks: exits with 80 only if
 * a callback at poke wrote a0 = 77 and one at jump moved the pc to target. */
    .option norvc
    .option norelax
    .text
    .globl _start, probe, poke, jump, target
_start:
    li a0, 1234
    li t0, 0x21             /* frm = 1 (RTZ), fflags = 1 (NX): fcsr = 0x21 */
    csrw fcsr, t0
probe:
    addi a0, a0, 1
poke:
    addi a0, a0, 0
    mv s0, a0
jump:
    li a0, 99
    j out
target:
    addi a0, s0, 3
out:
    li a7, 93
    ecall
