/*
 * RV64I loads and stores: every width, sign and zero extension, the extreme
 * 12-bit offsets, stores touching only their own bytes, a load into its own
 * base register and loads into x0.
 */
#include "rvtest.h"

	.data
	.balign 8
/* little-endian bytes: 87 96 a5 b4 c3 d2 e1 f0 | ef cd ab 89 67 45 23 01 */
mem:	.dword	0xf0e1d2c3b4a59687
	.dword	0x0123456789abcdef
wbuf:	.dword	0, 0

	TEST_BEGIN
	la	s0, mem

	lb	a0, 0(s0)
	CHECK	a0, 0xffffffffffffff87, "lb 0x87 sign-extends"
	lbu	a0, 0(s0)
	CHECK	a0, 0x87, "lbu 0x87"
	lb	a0, 8(s0)
	CHECK	a0, 0xffffffffffffffef, "lb 0xef"
	lb	a0, 15(s0)
	CHECK	a0, 1, "lb 0x01"
	lbu	a0, 15(s0)
	CHECK	a0, 1, "lbu 0x01"

	lh	a0, 0(s0)
	CHECK	a0, 0xffffffffffff9687, "lh 0x9687"
	lhu	a0, 0(s0)
	CHECK	a0, 0x9687, "lhu 0x9687"
	lh	a0, 2(s0)
	CHECK	a0, 0xffffffffffffb4a5, "lh 0xb4a5"
	lh	a0, 14(s0)
	CHECK	a0, 0x0123, "lh 0x0123"
	lhu	a0, 14(s0)
	CHECK	a0, 0x0123, "lhu 0x0123"

	lw	a0, 0(s0)
	CHECK	a0, 0xffffffffb4a59687, "lw 0xb4a59687"
	lwu	a0, 0(s0)
	CHECK	a0, 0xb4a59687, "lwu 0xb4a59687"
	lw	a0, 4(s0)
	CHECK	a0, 0xfffffffff0e1d2c3, "lw 0xf0e1d2c3"
	lw	a0, 12(s0)
	CHECK	a0, 0x01234567, "lw 0x01234567"
	lwu	a0, 12(s0)
	CHECK	a0, 0x01234567, "lwu 0x01234567"

	ld	a0, 0(s0)
	CHECK	a0, 0xf0e1d2c3b4a59687, "ld mem+0"
	ld	a0, 8(s0)
	CHECK	a0, 0x0123456789abcdef, "ld mem+8"

	/* negative and extreme offsets */
	addi	a1, s0, 8
	lb	a0, -8(a1)
	CHECK	a0, 0xffffffffffffff87, "lb -8(base)"
	ld	a0, -8(a1)
	CHECK	a0, 0xf0e1d2c3b4a59687, "ld -8(base)"
	li	t0, 2047
	sub	a1, s0, t0
	lbu	a0, 2047(a1)
	CHECK	a0, 0x87, "lbu 2047(base)"
	li	t0, 2048
	add	a1, s0, t0
	lhu	a0, -2048(a1)
	CHECK	a0, 0x9687, "lhu -2048(base)"
	li	t0, 2040
	sub	a1, s0, t0
	ld	a0, 2048-8(a1)
	CHECK	a0, 0xf0e1d2c3b4a59687, "ld 2040(base)"

	/* rd == base: the address uses the old value */
	mv	a1, s0
	ld	a1, 8(a1)
	CHECK	a1, 0x0123456789abcdef, "ld rd=rs1"
	lw	x0, 0(s0)
	CHECK	x0, 0, "lw into x0"
	ld	x0, 8(s0)
	CHECK	x0, 0, "ld into x0"

	/* stores change only their own bytes */
	la	s1, wbuf
	li	a0, -1
	sd	a0, 0(s1)
	sd	a0, 8(s1)
	li	a2, 0x1122334455667788
	sb	a2, 1(s1)
	ld	a0, 0(s1)
	CHECK	a0, 0xffffffffffff88ff, "sb into byte 1"
	sh	a2, 4(s1)
	ld	a0, 0(s1)
	CHECK	a0, 0xffff7788ffff88ff, "sh into bytes 4-5"
	sw	a2, 8(s1)
	ld	a0, 8(s1)
	CHECK	a0, 0xffffffff55667788, "sw into bytes 8-11"
	ld	a0, 0(s1)
	CHECK	a0, 0xffff7788ffff88ff, "sw left the first dword alone"
	sd	a2, 8(s1)
	ld	a0, 8(s1)
	CHECK	a0, 0x1122334455667788, "sd"
	addi	a1, s1, 16
	sh	a2, -2(a1)
	ld	a0, 8(s1)
	CHECK	a0, 0x7788334455667788, "sh -2(base)"
	sd	x0, 0(s1)
	ld	a0, 0(s1)
	CHECK	a0, 0, "sd x0"
	sb	a2, 7(s1)
	lb	a0, 7(s1)
	CHECK	a0, 0xffffffffffffff88, "sb then lb"
	lwu	a0, 4(s1)
	CHECK	a0, 0x88000000, "lwu after sb"
	TEST_END
