/* The smallest guest program: exit(0). The seed of the loader fuzzers,
 * built for every guest by fuzz.mk (-nostdlib -static -s). */
.globl _start
_start:
#ifdef __riscv
    li a7, 94
    li a0, 0
    ecall
#else
    mov x8, #94
    mov x0, #0
    svc #0
#endif
