/*
 * A test double of the system core's side of hw.h, for the device unit
 * tests: a device table that the tests' mmio_read/mmio_write dispatch
 * through, 1 MiB of "RAM" at VIRT_DRAM_BASE for DMA, mip lines recorded
 * per hart, a clock that moves only when a test says so (running the
 * timers that fall due, as the core does under -icount), and power
 * requests recorded instead of acted on.
 */
#ifndef PEEK_TESTS_SYSTEM_HW_FAKECORE_H
#define PEEK_TESTS_SYSTEM_HW_FAKECORE_H

#include "system/hw/hw.h"

#define FAKE_HARTS 4
#define FAKE_RAM_BASE 0x80000000ull
#define FAKE_RAM_SIZE (1u << 20)

extern uint8_t fake_ram[FAKE_RAM_SIZE];
extern unsigned fake_mip[FAKE_HARTS];        /* levels of each hart's mip lines */
extern int fake_poweroffs, fake_poweroff_status, fake_resets, fake_guest_errors;

/* A hart's access: to the device mapped at addr, or to the fake RAM. */
uint64_t mmio_read(uint64_t addr, unsigned size);
void mmio_write(uint64_t addr, uint64_t val, unsigned size);
/* Name of the device mapped at addr, or NULL. */
const char *fake_device_at(uint64_t addr);
void fake_clock_set(uint64_t ns);       /* and run the timers now due */
/* From now on sys_clock_ns() is the host's monotonic time since this call,
 * for the I/O thread's real-time timers. */
void fake_clock_realtime(void);
uint64_t fake_clock(void);
void fake_reset_records(void);

#endif
