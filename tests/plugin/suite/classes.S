/*
 * One instruction of each howvec class, ten times round a loop. Counted:
 *   upper 11 (auipc, lui x10)   alu-imm 14 (lla's addi, li, addi x10,
 *   li a7, li a0)   jal 11 (j, jal x10)   ecall 1   and 10 each of
 *   alu-reg, muldiv, load, store, atomic, fpldst, fp, fma, bitmanip,
 *   czero, fence, csr, jalr, branch        = 177 instructions.
 */
    .text
    .globl _start, func
    .type _start, @function
_start:
    lla     s0, data
    li      s1, 10
    j       1f
1:  add     t0, t0, t1
    mul     t1, t0, t0
    lw      t2, 0(s0)
    sw      t2, 4(s0)
    amoadd.w t3, t2, (s0)
    fld     ft0, 8(s0)
    fadd.d  ft1, ft0, ft0
    fmadd.d ft2, ft0, ft0, ft1
    lui     t4, 1
    sh1add  t5, t0, t1
    .insn r 0x33, 5, 7, t0, t0, t1      /* czero.eqz t0, t0, t1 */
    jal     ra, func
    fence
    csrr    t6, fflags
    addi    s1, s1, -1
    bnez    s1, 1b
    li      a7, 93
    li      a0, 0
    ecall
    .size _start, . - _start

    .type func, @function
func:
    ret
    .size func, . - func

    .data
    .balign 8
data:
    .word   1, 2
    .double 1.0
