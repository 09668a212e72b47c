/*
 * RCPC (LDAPR, LDAPRB, LDAPRH), RCPC2 (LDAPUR/STLUR in every size, with
 * the sign-extending forms and negative offsets) and SB: values by hand;
 * the ordering itself cannot be observed by one thread.
 */
#include "a64test.h"

	.arch	armv8.4-a+rcpc+sb

	TEST_BEGIN

	adr	x10, buf
	ldr	x1, =0x8182838485868788
	str	x1, [x10, #16]
	add	x11, x10, #16
	ldapr	x0, [x11]
	CHECK	x0, 0x8182838485868788, "ldapr x"
	ldapr	w0, [x11]
	CHECK	x0, 0x85868788, "ldapr w zero-extends"
	ldaprb	w0, [x11]
	CHECK	x0, 0x88, "ldaprb"
	ldaprh	w0, [x11]
	CHECK	x0, 0x8788, "ldaprh"

	ldapur	x0, [x10, #16]
	CHECK	x0, 0x8182838485868788, "ldapur x"
	ldapursb x0, [x11, #1]
	CHECK	x0, 0xffffffffffffff87, "ldapursb x sign-extends"
	ldapursh w0, [x11, #2]
	CHECK	x0, 0xffff8586, "ldapursh w sign-extends to 32 bits"
	ldapursw x0, [x11, #4]
	CHECK	x0, 0xffffffff81828384, "ldapursw"
	ldapurb	w0, [x11, #7]
	CHECK	x0, 0x81, "ldapurb"
	add	x12, x10, #32
	ldapur	w0, [x12, #-16]
	CHECK	x0, 0x85868788, "ldapur negative offset"

	ldr	x2, =0x1122334455667788
	stlur	x2, [x12, #-8]
	ldr	x0, [x10, #24]
	CHECK	x0, 0x1122334455667788, "stlur x"
	stlurb	w2, [x10, #24]
	stlurh	w2, [x10, #26]
	ldr	x0, [x10, #24]
	CHECK	x0, 0x1122334477887788, "stlurb, stlurh"
	stlur	w2, [x10, #28]
	ldr	x0, [x10, #24]
	CHECK	x0, 0x5566778877887788, "stlur w"

	sb
	mov	x0, #7
	CHECK	x0, 7, "after sb"


	TEST_END

	.data
	.balign	16
buf:	.space	64
