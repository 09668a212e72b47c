/* The bare-metal tests' entry and trap vector (M-mode). Hart 0 runs
 * main; the others wait in wfi (machine software interrupt enabled in
 * mie, not globally: no trap) until a test sets secondary_entry and
 * wakes them through the CLINT's msip, then run secondary_entry(hartid)
 * on a stack of their own. */
    .section .text.start
    .globl _start
_start:
    csrr t0, mhartid
    bnez t0, secondary
    la sp, stack_top
    la t0, trap_entry
    csrw mtvec, t0
    /* PMP: S and U may access all 2^56 bytes (entry 0: TOR, RWX) */
    li t0, -1
    srli t0, t0, 10
    csrw pmpaddr0, t0
    li t0, 0x0f
    csrw pmpcfg0, t0
    call main
    call test_exit
2:  j 2b

secondary:
    li t1, 8
    csrs mie, t1
1:  wfi
    la t1, secondary_entry
    ld t1, 0(t1)
    beqz t1, 1b
    li t2, 0x2000000             /* msip[hartid] = 0 */
    slli t3, t0, 2
    add t2, t2, t3
    sw zero, 0(t2)
    la sp, secondary_stacks      /* 4 KiB each, hart 1 the lowest */
    slli t3, t0, 12
    add sp, sp, t3
    mv a0, t0
    jalr t1
2:  wfi
    j 2b

/* Every register saved into a frame on the stack, then trap_handler(frame)
 * in C; it may change the frame's pc (frame[0]) before we return. Used
 * both from M (mtvec) and, with sret, from S (stvec: s_trap_entry). */
    .macro SAVE
    addi sp, sp, -256
    sd x1, 8(sp)
    sd x3, 24(sp)
    sd x4, 32(sp)
    sd x5, 40(sp)
    sd x6, 48(sp)
    sd x7, 56(sp)
    sd x8, 64(sp)
    sd x9, 72(sp)
    sd x10, 80(sp)
    sd x11, 88(sp)
    sd x12, 96(sp)
    sd x13, 104(sp)
    sd x14, 112(sp)
    sd x15, 120(sp)
    sd x16, 128(sp)
    sd x17, 136(sp)
    sd x28, 224(sp)
    sd x29, 232(sp)
    sd x30, 240(sp)
    sd x31, 248(sp)
    .endm
    .macro RESTORE
    ld x1, 8(sp)
    ld x3, 24(sp)
    ld x4, 32(sp)
    ld x5, 40(sp)
    ld x6, 48(sp)
    ld x7, 56(sp)
    ld x8, 64(sp)
    ld x9, 72(sp)
    ld x10, 80(sp)
    ld x11, 88(sp)
    ld x12, 96(sp)
    ld x13, 104(sp)
    ld x14, 112(sp)
    ld x15, 120(sp)
    ld x16, 128(sp)
    ld x17, 136(sp)
    ld x28, 224(sp)
    ld x29, 232(sp)
    ld x30, 240(sp)
    ld x31, 248(sp)
    addi sp, sp, 256
    .endm

    .align 2
    .globl trap_entry
trap_entry:
    SAVE
    csrr t0, mepc
    sd t0, 0(sp)
    mv a0, sp
    li a1, 3
    call trap_handler
    ld t0, 0(sp)
    csrw mepc, t0
    RESTORE
    mret

    .align 2
    .globl s_trap_entry
s_trap_entry:
    SAVE
    csrr t0, sepc
    sd t0, 0(sp)
    mv a0, sp
    li a1, 1
    call trap_handler
    ld t0, 0(sp)
    csrw sepc, t0
    RESTORE
    sret

/* uint64_t run_in_mode(int mode, uint64_t (*fn)(uint64_t), uint64_t arg):
 * fn(arg) in U (0) or S (1); it returns into sys_return, whose ecall
 * (a7 = 0x5e7) the trap handler turns into a jump to mode_return in M. */
    .globl run_in_mode
run_in_mode:
    la t0, m_context
    sd ra, 0(t0)
    sd sp, 8(t0)
    sd s0, 16(t0)
    sd s1, 24(t0)
    sd s2, 32(t0)
    sd s3, 40(t0)
    sd s4, 48(t0)
    sd s5, 56(t0)
    sd s6, 64(t0)
    sd s7, 72(t0)
    sd s8, 80(t0)
    sd s9, 88(t0)
    sd s10, 96(t0)
    sd s11, 104(t0)
    li t0, 3 << 11
    csrc mstatus, t0
    slli t1, a0, 11
    csrs mstatus, t1
    csrw mepc, a1
    mv a0, a2
    la ra, sys_return
    mret

    .globl sys_return
sys_return:
    li a7, 0x5e7
    ecall
3:  j 3b

    .globl mode_return
mode_return:
    la t0, m_context
    ld ra, 0(t0)
    ld sp, 8(t0)
    ld s0, 16(t0)
    ld s1, 24(t0)
    ld s2, 32(t0)
    ld s3, 40(t0)
    ld s4, 48(t0)
    ld s5, 56(t0)
    ld s6, 64(t0)
    ld s7, 72(t0)
    ld s8, 80(t0)
    ld s9, 88(t0)
    ld s10, 96(t0)
    ld s11, 104(t0)
    ret

    .bss
    .align 3
m_context: .skip 112
    .globl secondary_entry
secondary_entry: .skip 8
    .align 4
secondary_stacks: .skip 4096 * 8
