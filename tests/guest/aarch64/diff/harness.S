/*
 * Assembly half of the aarch64 differential test binaries: the entry
 * point, system calls for harness.c, and the switch between the C world
 * and a generated sequence. a64_run_seq(entry) saves the callee-saved
 * registers and sp, points sp at a64_area (the scratch buffer, then the
 * initial values harness.c wrote, then the dump area) and branches to the
 * sequence, which loads its registers from the init area itself and ends
 * by branching to a64_seq_done. That stores x0..x30 and NZCV into the dump
 * area, sp-relative since every register is the sequence's, and returns
 * to the caller of a64_run_seq.
 */
#define INIT_OFF 2048
#define DUMP_OFF (INIT_OFF + 256)

	.text
	.globl _start
_start:
	bl	a64_main
	mov	x8, #93		/* exit(a64_main()) */
	svc	#0

	.globl a64_syscall3
a64_syscall3:			/* (nr, a, b, c) */
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	svc	#0
	ret

	.globl a64_run_seq
a64_run_seq:
	adrp	x9, host_save
	add	x9, x9, :lo12:host_save
	stp	x19, x20, [x9, #0]
	stp	x21, x22, [x9, #16]
	stp	x23, x24, [x9, #32]
	stp	x25, x26, [x9, #48]
	stp	x27, x28, [x9, #64]
	stp	x29, x30, [x9, #80]
	mov	x10, sp
	str	x10, [x9, #96]
	adrp	x10, a64_area
	add	x10, x10, :lo12:a64_area
	mov	sp, x10
	br	x0

	.globl a64_seq_done
a64_seq_done:
	.irp r, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	str	x\r, [sp, #DUMP_OFF + 8 * \r]
	.endr
	mrs	x0, nzcv
	str	x0, [sp, #DUMP_OFF + 8 * 31]
	adrp	x9, host_save
	add	x9, x9, :lo12:host_save
	ldr	x10, [x9, #96]
	mov	sp, x10
	ldp	x19, x20, [x9, #0]
	ldp	x21, x22, [x9, #16]
	ldp	x23, x24, [x9, #32]
	ldp	x25, x26, [x9, #48]
	ldp	x27, x28, [x9, #64]
	ldp	x29, x30, [x9, #80]
	ret

	.bss
	.balign 64
	.globl a64_area
a64_area:
	.space	DUMP_OFF + 256
	.balign 16
host_save:
	.space	112
