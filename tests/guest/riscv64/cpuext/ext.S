/*
 * One instruction of one extension, for the -cpu extension tests: built
 * once per TEST_<name> (see cpuext.mk), without the C extension except
 * where the test is about C, so it also runs with -cpu rv64,c=off.
 *
 * Run with no argument, it executes the instruction at `probe` and exits
 * 0; a disabled extension kills it with SIGILL (status 132). Run with an
 * argument, it first installs a SIGILL/SIGBUS handler that checks the
 * signal names `probe` both as si_addr and as the interrupted pc, and
 * exits 64 + signal number if so (68 SIGILL, 71 SIGBUS), 1 if not.
 */
#include <asm/unistd.h>

#define SIGILL 4
#define SIGBUS 7
#define SA_SIGINFO 4
#define UC_PC 176          /* uc_mcontext.sc_regs.pc in the riscv64 ucontext */

    .option norvc
    .text
    .globl _start
_start:
    ld t0, 0(sp)                    /* argc */
    li t1, 2
    blt t0, t1, run
    lla s0, act
    li s1, SIGILL
    call install
    li s1, SIGBUS
    call install
run:
    li a1, 6
    li a2, 7
    mv a3, sp
    addi sp, sp, -64
    andi sp, sp, -16
#if defined(TEST_m)
probe:  mul a0, a1, a2
#elif defined(TEST_a)
probe:  amoadd.w a0, a1, (sp)
#elif defined(TEST_f)
probe:  fadd.s ft0, ft1, ft2
#elif defined(TEST_d)
probe:  fadd.d ft0, ft1, ft2
#elif defined(TEST_fcsr)
probe:  frcsr a0
#elif defined(TEST_c)
    .option rvc
probe:  c.addi a0, 1
    c.nop
    .option norvc
#elif defined(TEST_cfld)
    .option rvc
probe:  c.fldsp fa0, 8(sp)
    c.nop
    .option norvc
#elif defined(TEST_zicsr)
probe:  rdtime a0
#elif defined(TEST_zifencei)
probe:  fence.i
#elif defined(TEST_zba)
probe:  sh1add a0, a1, a2
#elif defined(TEST_zbb)
probe:  cpop a0, a1
#elif defined(TEST_zbs)
probe:  bseti a0, a1, 40
#elif defined(TEST_zicond)
probe:  .insn r 0x33, 5, 7, a0, a1, a2      /* czero.eqz a0, a1, a2 */
/* Jumps to `target`, 2 but not 4-byte aligned: fine with C, a misaligned
 * target fault (SIGBUS) at the jump without it. */
#elif defined(TEST_jal)
probe:  j target
#elif defined(TEST_jalr)
    lla t0, target
probe:  jr t0
#elif defined(TEST_branch)
probe:  beq a1, a1, target
#else
#error "no TEST_ defined"
#endif
done:
    mv sp, a3
    li a0, 0
exit:
    li a7, __NR_exit
    ecall

/* rt_sigaction(s1, s0, NULL, 8) */
install:
    mv a0, s1
    mv a1, s0
    li a2, 0
    li a3, 8
    li a7, __NR_rt_sigaction
    ecall
    ret

/* handler(sig, siginfo, ucontext): si_addr is at offset 16 of siginfo. */
handler:
    lla t0, probe
    ld t1, 16(a1)
    bne t0, t1, bad
    ld t1, UC_PC(a2)
    bne t0, t1, bad
    addi a0, a0, 64
    j exit
bad:
    li a0, 1
    j exit

/* The jump tests' target: 2 mod 4, after code of 4-byte instructions only. */
    .2byte 0x0001
target:
    j done

    .data
    .balign 8
act:    .dword handler, SA_SIGINFO, 0       /* sa_handler, sa_flags, sa_mask */
