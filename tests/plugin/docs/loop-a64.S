/*
 * A hand-counted aarch64 program for the plugin documentation examples
 * (run.sh): 1000 rounds of a 5-instruction loop that loads, increments and
 * stores one counter. Translated as QEMU and peek form blocks, it runs
 *   block _start..b.ne   7 instructions, once   (the first round)
 *   block loop..b.ne     5 instructions, 999 times
 *   block done..svc      3 instructions, once
 * so 1001 blocks, 2 + 5 * 1000 + 3 = 5005 instructions, 1000 loads and
 * 1000 stores (8 bytes each, to one address), and one system call (exit).
 * By howvec's classes: Move Wide 3 (the three movs), PCrel 1 (adr),
 * Add/Sub (imm) 2000 (add, subs), ldst reg (imm) 2000, Cond Branch 1000,
 * Exception Gen 1 (svc).
 */
    .text
    .globl _start
_start:
    mov x1, #1000
    adr x2, counter
loop:
    ldr x3, [x2]
    add x3, x3, #1
    str x3, [x2]
    subs x1, x1, #1
    b.ne loop
done:
    mov x0, #0
    mov x8, #93
    svc #0

    .data
    .balign 8
counter:
    .quad 0
