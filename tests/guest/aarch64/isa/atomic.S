/*
 * Exclusives and the LSE atomics: ldxr/stxr success and failure (after
 * clrex, and to another address), ldxp/stxp, cas/casp hitting and
 * missing, every LD<op> and swp in several sizes including the signed
 * and unsigned min/max at the sign boundary, and the ST<op> aliases.
 */
#include "a64test.h"

	TEST_BEGIN

	adr	x10, buf
	mov	x1, #5
	str	x1, [x10]
	ldxr	x0, [x10]
	add	x0, x0, #1
	stxr	w2, x0, [x10]
	CHECK	x2, 0, "stxr succeeds"
	ldr	x0, [x10]
	CHECK	x0, 6, "stxr stored"
	ldaxr	x0, [x10]
	clrex
	stlxr	w2, x1, [x10]
	CHECK	x2, 1, "stxr fails after clrex"
	ldxr	w0, [x10]
	add	x11, x10, #8
	stxr	w2, w1, [x11]
	CHECK	x2, 1, "stxr fails on another address"
	stxr	w2, w1, [x10]
	CHECK	x2, 1, "the failed stxr cleared the monitor"
	ldxrb	w0, [x10]
	stxrb	w2, w1, [x10]
	CHECK	x2, 0, "stxrb"
	ldxrh	w0, [x10]
	CHECK	x0, 5, "ldxrh"
	stxrh	w2, wzr, [x10]
	CHECK	x2, 0, "stxrh"

	ldr	x3, =0x1111111122222222
	ldr	x4, =0x3333333344444444
	stp	x3, x4, [x10]
	ldxp	x5, x6, [x10]
	CHECK	x6, 0x3333333344444444, "ldxp second"
	stxp	w2, x6, x5, [x10]
	CHECK	x2, 0, "stxp"
	ldp	x5, x6, [x10]
	CHECK	x5, 0x3333333344444444, "stxp first"
	ldxp	w5, w6, [x10]
	CHECK	x5, 0x44444444, "ldxp w first"
	CHECK	x6, 0x33333333, "ldxp w second"
	stxp	w2, w6, w5, [x10]
	CHECK	x2, 0, "stxp w"
	ldr	x0, [x10]
	CHECK	x0, 0x4444444433333333, "stxp w stored"

	/* cas */
	mov	x0, #7
	str	x0, [x10]
	mov	x1, #7
	mov	x2, #9
	casal	x1, x2, [x10]
	CHECK	x1, 7, "cas returns old"
	ldr	x0, [x10]
	CHECK	x0, 9, "cas hit stores"
	mov	x1, #7
	cas	x1, xzr, [x10]
	CHECK	x1, 9, "cas miss returns old"
	ldr	x0, [x10]
	CHECK	x0, 9, "cas miss keeps memory"
	ldr	x1, =0xffffffff00000009
	casb	w1, w2, [x10]
	CHECK	x1, 9, "casb compares the low byte"
	mov	w1, #9
	mov	w2, #0x1234
	cash	w1, w2, [x10]
	ldr	x0, [x10]
	CHECK	x0, 0x1234, "cash"

	/* casp */
	mov	x0, #1
	mov	x1, #2
	stp	x0, x1, [x10]
	mov	x2, #1
	mov	x3, #2
	mov	x4, #3
	mov	x5, #4
	caspal	x2, x3, x4, x5, [x10]
	ldp	x6, x7, [x10]
	CHECK	x6, 3, "casp stores first"
	CHECK	x7, 4, "casp stores second"
	CHECK	x3, 2, "casp returns old"
	casp	x2, x3, x4, x5, [x10]	/* expects 1, 2: misses */
	CHECK	x2, 3, "casp miss old first"
	CHECK	x3, 4, "casp miss old second"
	mov	w2, #3
	mov	w3, #0
	mov	w4, #0x55
	mov	w5, #0x66
	casp	w2, w3, w4, w5, [x10]
	ldr	x0, [x10]
	CHECK	x0, 0x0000006600000055, "casp w"

	/* LD<op> */
	ldr	x1, =0x00000000000000f0
	str	x1, [x10]
	mov	x2, #0x0f
	ldadd	x2, x0, [x10]
	CHECK	x0, 0xf0, "ldadd old"
	ldr	x0, [x10]
	CHECK	x0, 0xff, "ldadd"
	mov	x2, #0x3c
	ldclral	x2, x0, [x10]
	ldr	x0, [x10]
	CHECK	x0, 0xc3, "ldclr"
	ldeora	x2, x0, [x10]
	ldr	x0, [x10]
	CHECK	x0, 0xff, "ldeor"
	mov	x2, #0x100
	ldsetl	x2, x0, [x10]
	ldr	x0, [x10]
	CHECK	x0, 0x1ff, "ldset"
	mov	w2, #0x80
	ldsmaxb	w2, w0, [x10]	/* byte 0xff is -1, 0x80 is -128 */
	CHECK	x0, 0xff, "ldsmaxb old"
	ldrb	w0, [x10]
	CHECK	x0, 0xff, "ldsmaxb keeps -1"
	ldsminb	w2, w0, [x10]
	ldrb	w0, [x10]
	CHECK	x0, 0x80, "ldsminb takes -128"
	mov	w2, #0x7f
	ldumaxb	w2, w0, [x10]
	ldrb	w0, [x10]
	CHECK	x0, 0x80, "ldumaxb keeps 0x80"
	lduminb	w2, w0, [x10]
	ldrb	w0, [x10]
	CHECK	x0, 0x7f, "lduminb"
	ldr	x1, =0x80000000
	str	x1, [x10]
	mov	w2, #1
	ldsmax	w2, w0, [x10]
	ldr	x0, [x10]
	CHECK	x0, 1, "ldsmax w: INT32_MIN < 1"
	mov	x2, #-1
	ldumax	x2, x0, [x10]
	ldr	x0, [x10]
	CHECK	x0, -1, "ldumax x"
	ldaddh	w2, w0, [x10]
	CHECK	x0, 0xffff, "ldaddh old zero-extended"
	ldr	x0, [x10]
	CHECK	x0, 0xfffffffffffffffe, "ldaddh wraps in 16 bits"
	mov	x2, #42
	swpal	x2, x0, [x10]
	CHECK	x0, 0xfffffffffffffffe, "swp old"
	ldr	x0, [x10]
	CHECK	x0, 42, "swp"
	mov	w2, #1
	stadd	w2, [x10]
	ldr	x0, [x10]
	CHECK	x0, 43, "stadd"

	TEST_END

	.data
	.balign	16
buf:	.space	64
