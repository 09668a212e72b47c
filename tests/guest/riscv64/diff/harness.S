/*
 * Fixed riscv64 half of the differential test binaries (see rvgen.c).  A
 * generated sequence owns every register: rv_run_seq saves the C caller's
 * context, points sp at the scratch buffer and jumps into the sequence; the
 * sequence ends with a jump to rv_seq_exit, which stores x1..x31, f0..f31
 * and fcsr into rv_save through sp (the one register a sequence never
 * writes) and returns to the caller of rv_run_seq.  The C half
 * (harness.c) prints what was saved.
 */
#define SAVE_X  (-1024)		/* rv_save - rv_scratch */
#define SAVE_F  (-768)
#define SAVE_FCSR (-512)

	.option	norvc
	.text
	.globl	_start
_start:
	call	rv_main
	li	a7, 93
	ecall

/* void rv_run_seq(void (*entry)(void)) */
	.globl	rv_run_seq
rv_run_seq:
	lla	t0, rv_ctx
	sd	ra, 0(t0)
	sd	sp, 8(t0)
	sd	gp, 16(t0)
	sd	tp, 24(t0)
	sd	s0, 32(t0)
	sd	s1, 40(t0)
	sd	s2, 48(t0)
	sd	s3, 56(t0)
	sd	s4, 64(t0)
	sd	s5, 72(t0)
	sd	s6, 80(t0)
	sd	s7, 88(t0)
	sd	s8, 96(t0)
	sd	s9, 104(t0)
	sd	s10, 112(t0)
	sd	s11, 120(t0)
	fsd	fs0, 128(t0)
	fsd	fs1, 136(t0)
	fsd	fs2, 144(t0)
	fsd	fs3, 152(t0)
	fsd	fs4, 160(t0)
	fsd	fs5, 168(t0)
	fsd	fs6, 176(t0)
	fsd	fs7, 184(t0)
	fsd	fs8, 192(t0)
	fsd	fs9, 200(t0)
	fsd	fs10, 208(t0)
	fsd	fs11, 216(t0)
	lla	sp, rv_scratch
	jr	a0

	.globl	rv_seq_exit
rv_seq_exit:
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, SAVE_X + 8 * \n(sp)
	.endr
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd	f\n, SAVE_F + 8 * \n(sp)
	.endr
	frcsr	t0
	sd	t0, SAVE_FCSR(sp)
	lla	t0, rv_ctx
	ld	ra, 0(t0)
	ld	sp, 8(t0)
	ld	gp, 16(t0)
	ld	tp, 24(t0)
	ld	s0, 32(t0)
	ld	s1, 40(t0)
	ld	s2, 48(t0)
	ld	s3, 56(t0)
	ld	s4, 64(t0)
	ld	s5, 72(t0)
	ld	s6, 80(t0)
	ld	s7, 88(t0)
	ld	s8, 96(t0)
	ld	s9, 104(t0)
	ld	s10, 112(t0)
	ld	s11, 120(t0)
	fld	fs0, 128(t0)
	fld	fs1, 136(t0)
	fld	fs2, 144(t0)
	fld	fs3, 152(t0)
	fld	fs4, 160(t0)
	fld	fs5, 168(t0)
	fld	fs6, 176(t0)
	fld	fs7, 184(t0)
	fld	fs8, 192(t0)
	fld	fs9, 200(t0)
	fld	fs10, 208(t0)
	fld	fs11, 216(t0)
	ret

	.bss
	.balign	8
rv_ctx:	.skip	224
	.balign	4096
	.globl	rv_save, rv_scratch
rv_save:
	.skip	1024
rv_scratch:
	.skip	2048
	.if	rv_save - rv_scratch != SAVE_X
	.error	"SAVE_X does not match the layout"
	.endif
