/*
 * FEAT_FHM (FMLAL/FMLSL and their "2" and by-element forms: half products
 * accumulated in singles) and FEAT_FCMA (FCMLA vector and by element,
 * FCADD) with hand-computed results: a complex product built from two
 * rotations and undone by the other two, the halves FMLAL2 takes, FZ16's
 * flush of a half denormal (which raises nothing), and a signalling half
 * NaN widened into a single result with and without FPCR.DN.
 */
#include "simdx.h"

	.arch armv8.3-a+fp16+fp16fml+dotprod+rdm

	TEST_BEGIN
	msr	fpsr, xzr

	/* FMLAL: singles 1, 2 plus halves (2, 3) * (0.5, 2); the upper halves are not read */
	VSET	0, 0x400000003f800000, 0x1234
	VSET	1, 0x7c007c0042004000
	VSET	2, 0x7e007e0040003800
	fmlal	v0.2s, v1.2h, v2.2h
	VCHK	0, 0x4100000040000000, 0, "fmlal 2s"
	/* FMLSL2: 10 - (1, 2, 3, 4) * 2 from the upper four halves */
	VSET	0, 0x4120000041200000, 0x4120000041200000
	VSET	1, 0x7c007c007c007c00, 0x4400420040003c00
	VSET	2, 0x7c007c007c007c00, 0x4000400040004000
	fmlsl2	v0.4s, v1.4h, v2.4h
	VCHK	0, 0x40c0000041000000, 0x4000000040800000, "fmlsl2 4s"
	/* FMLAL by element: (1, 2, -1, 0.5) * h[5] = 3 */
	VSET	0, 0, 0
	VSET	1, 0x3800bc0040003c00
	VSET	2, 0, 0x0000000042000000
	fmlal	v0.4s, v1.4h, v2.h[5]
	VCHK	0, 0x40c0000040400000, 0x3fc00000c0400000, "fmlal 4s by h[5]"
	FPSR_CHK 0, "fmlal exact"
	/* a signalling half NaN widens quieted (IOC); 2^-24 * 1 is exact in single */
	VSET	0, 0x000000003f800000
	VSET	1, 0x0000000000017d01
	VSET	2, 0x000000003c003c00
	fmlal	v0.2s, v1.2h, v2.2h
	VCHK	0, 0x338000007fe02000, 0, "fmlal sNaN, denormal"
	FPSR_CHK 1, "fmlal sNaN"
	/* DN gives the default NaN; FZ16 flushes the half denormal, silently */
	mov	x0, #(1 << 25 | 1 << 19)
	msr	fpcr, x0
	VSET	0, 0x000000003f800000
	fmlal	v0.2s, v1.2h, v2.2h
	msr	fpcr, xzr
	VCHK	0, 0x000000007fc00000, 0, "fmlal DN, FZ16"
	FPSR_CHK 1, "fmlal DN, FZ16"

	/* FCMLA #0 then #90: (1 + 2i)(3 + 4i) = -5 + 10i, (0.5 - i)(2 + 2i) = 3 - i */
	VSET	0, 0, 0
	VSET	1, 0x400000003f800000, 0xbf8000003f000000
	VSET	2, 0x4080000040400000, 0x4000000040000000
	fcmla	v0.4s, v1.4s, v2.4s, #0
	VCHK	0, 0x4080000040400000, 0x3f8000003f800000, "fcmla #0"
	fcmla	v0.4s, v1.4s, v2.4s, #90
	VCHK	0, 0x41200000c0a00000, 0xbf80000040400000, "fcmla #90"
	/* #180 and #270 subtract the same product again */
	fcmla	v0.4s, v1.4s, v2.4s, #180
	fcmla	v0.4s, v1.4s, v2.4s, #270
	VCHK	0, 0, 0, "fcmla #180, #270"
	/* by element, halves, #0: the real parts of (1 + 2i), (2 + 0.5i) times pair [1], 3 + 4i */
	VSET	0, 0, 0x5555
	VSET	1, 0x3800400040003c00
	VSET	2, 0x440042007e007e00
	fcmla	v0.4h, v1.4h, v2.h[1], #0
	VCHK	0, 0x4800460044004200, 0, "fcmla 4h by h[1] #0"
	/* FCADD: (1 + 2i) + i(3 + 4i) = -3 + 5i, and - i(3 + 4i): 5 - i */
	VSET	1, 0x3ff0000000000000, 0x4000000000000000
	VSET	2, 0x4008000000000000, 0x4010000000000000
	fcadd	v0.2d, v1.2d, v2.2d, #90
	VCHK	0, 0xc008000000000000, 0x4014000000000000, "fcadd #90"
	fcadd	v0.2d, v1.2d, v2.2d, #270
	VCHK	0, 0x4014000000000000, 0xbff0000000000000, "fcadd #270"
	FPSR_CHK 0, "fcma exact"

	TEST_END
