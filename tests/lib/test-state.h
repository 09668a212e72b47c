/*
 * The guest state the backend tests (ir-test, jit-test) run their IR on,
 * laid over CPUState's arch area: 64-bit registers, a pc, and an area for
 * float values. No real guest is involved.
 */
#ifndef PEEK_TEST_STATE_H
#define PEEK_TEST_STATE_H

#include <stdint.h>

#include "exec/cpu.h"

typedef struct TestState {
    uint64_t x[32];
    uint64_t f[32];
    uint64_t pc;
} TestState;
#define TS(cpu) CPU_ARCH(cpu, TestState)

#endif
