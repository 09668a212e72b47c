/*
 * Zicond: czero.eqz zeroes rd when rs2 is zero, czero.nez when it is not;
 * otherwise rd = rs1.  The condition is all 64 bits of rs2.
 */
#include "rvtest.h"

	TEST_BEGIN
	TEST_RR czero.eqz, 0, 5, 0
	TEST_RR czero.eqz, 5, 5, 1
	TEST_RR czero.eqz, 5, 5, 0x8000000000000000
	TEST_RR czero.eqz, -1, -1, 0x100000000
	TEST_RR czero.nez, 5, 5, 0
	TEST_RR czero.nez, 0, 5, 1
	TEST_RR czero.nez, 0, 5, 0x100000000
	TEST_RR czero.nez, 0x8000000000000000, 0x8000000000000000, 0
	TEST_END
