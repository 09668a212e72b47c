/*
 * wfipoll: two harts in M-mode, the pattern of OpenSBI 1.1's stopped
 * harts. Hart 1 polls a flag with wfi as its pause while its software
 * interrupt stays pending (enabled in mie, never taken: mstatus.MIE is
 * off), so each of its wfis falls through. peek backs off from such
 * polling until the hart is kicked (src/system/cpus.c, hart_spin_wait):
 *   - over 500 ms of the machine's time hart 1 polls a few dozen times,
 *     not thousands (flat out, a poll takes microseconds), while hart 0
 *     keeps the PLIC busy, which must not wake hart 1;
 *   - the IPI hart 0 sends after setting the flag, right after one of
 *     hart 1's polls, wakes hart 1 at once: it sees the flag within 32 ms
 *     (a backed-off hart not woken by the IPI sleeps 256 ms or more by then).
 * Prints one line and ends through the test device: PASS, or FAIL with
 * code 1 (too many polls) or 2 (woken late).
 */
#define CLINT_MSIP1 0x2000004
#define MTIME 0x200bff8
#define PLIC_PRIO1 0xc000004
#define UART 0x10000000
#define TEST_DEV 0x100000
#define SPAN 5000000                  /* 500 ms of the 10 MHz mtime */
#define MAX_POLLS 1000
#define MAX_WAKE 320000               /* 32 ms */

    .section .text.start
    .globl _start
_start:
    li t0, 8                          /* MSIE */
    csrw mie, t0
    csrci mstatus, 8                  /* MIE off */
    csrr a0, mhartid
    bnez a0, hart1

    /* hart 0: hart 1's software interrupt pending from now on */
    li s0, CLINT_MSIP1
    li s1, 1
    sw s1, 0(s0)
    li s2, MTIME
    ld t0, 0(s2)
    li t1, SPAN
    add t0, t0, t1
    /* the span, writing a PLIC register all along: the PLIC then sets
     * every context's line, hart 1's too, at the level it had (low) */
    li t2, PLIC_PRIO1
1:  sw zero, 0(t2)
    ld t1, 0(s2)
    bltu t1, t0, 1b
    la t0, polls
    ld s3, 0(t0)                      /* hart 1's polls in the span */
    /* right after its next poll, when a backed-off hart 1 sleeps again */
2:  ld t1, 0(t0)
    beq t1, s3, 2b
    la t0, flag
    sd s1, 0(t0)
    fence rw, rw
    ld s4, 0(s2)                      /* the IPI's time */
    sw s1, 0(s0)
    la t0, seen_at
5:  ld t1, 0(t0)
    beqz t1, 5b
    sub s4, t1, s4                    /* from the IPI to the flag seen */

    li t0, MAX_POLLS
    bgeu s3, t0, many
    li t0, MAX_WAKE
    bgeu s4, t0, late
    la a0, ok_msg
    call puts
    li t2, 0x5555                     /* PASS */
    j 3f
many:
    la a0, many_msg
    call puts
    li t2, 0x13333                    /* FAIL, code 1 */
    j 3f
late:
    la a0, late_msg
    call puts
    li t2, 0x23333                    /* FAIL, code 2 */
3:  li t0, TEST_DEV
    sw t2, 0(t0)
4:  j 4b

hart1:
    la s0, polls
    la s1, flag
1:  wfi
    ld t0, 0(s0)
    addi t0, t0, 1
    sd t0, 0(s0)
    ld t1, 0(s1)
    beqz t1, 1b
    li t0, MTIME
    ld t1, 0(t0)
    la t0, seen_at
    sd t1, 0(t0)
2:  wfi
    j 2b

/* puts(a0) on the 16550, waiting for THR empty */
puts:
    li t0, UART
1:  lbu t1, 0(a0)
    beqz t1, 3f
2:  lbu t3, 5(t0)
    andi t3, t3, 0x20
    beqz t3, 2b
    sb t1, 0(t0)
    addi a0, a0, 1
    j 1b
3:  ret

    .section .rodata
ok_msg:   .asciz "wfipoll: few polls, woken by the IPI\n"
many_msg: .asciz "wfipoll: hart 1 polled flat out\n"
late_msg: .asciz "wfipoll: hart 1 woke late after the IPI\n"

    /* a page of its own: stores to a page that holds translated code
     * would drop its translations at every poll */
    .data
    .align 12
polls:   .dword 0
flag:    .dword 0
seen_at: .dword 0
