/*
 * System instructions at EL0: MRS/MSR of NZCV, FPCR/FPSR (bits every
 * implementation keeps), TPIDR_EL0, TPIDRRO_EL0 (0), CNTVCT_EL0 (does not
 * go backwards) and the ID registers Linux emulates; DC ZVA zeroing an
 * aligned block at least 64 bytes long, the no-op cache maintenance, hints
 * and barriers, isb.
 */
#include "a64test.h"

	TEST_BEGIN

	mov	x1, #0xa0000000
	msr	nzcv, x1
	mrs	x0, nzcv
	CHECK	x0, 0xa0000000, "nzcv round trip"
	ldr	x1, =0x0fffffff
	msr	nzcv, x1
	mrs	x0, nzcv
	CHECK	x0, 0, "nzcv ignores the low bits"
	mov	x1, #0x00c00000
	msr	fpcr, x1
	mrs	x0, fpcr
	CHECK	x0, 0x00c00000, "fpcr rmode"
	msr	fpcr, xzr
	mov	x1, #0x9f
	msr	fpsr, x1
	mrs	x0, fpsr
	CHECK	x0, 0x9f, "fpsr flags"
	msr	fpsr, xzr
	ldr	x1, =0x123456789abcdef0
	msr	tpidr_el0, x1
	mrs	x0, tpidr_el0
	CHECK	x0, 0x123456789abcdef0, "tpidr_el0"
	mrs	x0, tpidrro_el0
	CHECK	x0, 0, "tpidrro_el0"
	mrs	x2, cntvct_el0
	mrs	x3, cntvct_el0
	cmp	x3, x2
	cset	x0, hs
	CHECK	x0, 1, "cntvct monotonic"
	mrs	x0, cntfrq_el0
	CHECK	x0, 62500000, "cntfrq"
	mrs	x0, midr_el1	/* the -cpu model's: only that it reads */
	mrs	x0, mpidr_el1
	CHECK	x0, 0x80000000, "mpidr"
	mrs	x0, id_aa64isar0_el1
	ubfx	x0, x0, #16, #8
	CHECK	x0, 0x21, "isar0: crc32 and lse"
	mrs	x0, ctr_el0
	ubfx	x0, x0, #16, #4
	CHECK	x0, 4, "ctr_el0 DminLine 64 bytes"
	mrs	x0, dczid_el0
	tbnz	x0, #4, 1f	/* DZP: prohibited */

	/* DC ZVA clears the aligned block holding the address */
	adr	x10, zbuf
	mov	x1, #-1
	mov	x2, #0
2:	str	x1, [x10, x2, lsl #3]
	add	x2, x2, #1
	cmp	x2, #128
	b.ne	2b
	add	x3, x10, #512 + 37
	dc	zva, x3
	ldr	x0, [x10, #512]
	CHECK	x0, 0, "zva block start"
	ldr	x0, [x10, #512 + 56]
	CHECK	x0, 0, "zva block end"
	ldr	x0, [x10, #504]
	CHECK	x0, -1, "zva leaves the previous block"
1:
	dc	cvau, x10
	dc	civac, x10
	dc	cvac, x10
	ic	ivau, x10
	nop
	yield
	sev
	sevl
	hint	#34		/* bti c */
	hint	#25		/* paciasp: a nop without PAC */
	dmb	ish
	dmb	ishld
	dmb	ishst
	dsb	sy
	isb
	clrex
	CHECK	x1, -1, "after hints and barriers"

	TEST_END

	.bss
	.balign	1024
zbuf:	.space	1024
