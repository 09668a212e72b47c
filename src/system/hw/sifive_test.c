/*
 * SiFive's test finisher (the virt board's test@100000, also the syscon
 * that the poweroff and reboot nodes of the device tree point at): a
 * 32-bit write to offset 0 whose low half says what to do.
 *
 *   0x5555             pass: power off, peek exits 0
 *   0x3333 | code<<16  fail: power off, peek exits with code
 *   0x7777             reset the machine
 *
 * Other values are ignored (logged under -d guest_errors); reads give 0.
 */
#include "devices.h"

enum { TEST_FAIL = 0x3333, TEST_PASS = 0x5555, TEST_RESET = 0x7777 };

static uint64_t test_read(void *opaque, uint64_t off, unsigned size)
{
    return 0;
}

static void test_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    if (off == 0 && size >= 2) {
        switch (val & 0xffff) {
        case TEST_PASS:
            sys_poweroff(0);
            return;
        case TEST_FAIL:
            sys_poweroff((int)((val >> 16) & 0xffff));
            return;
        case TEST_RESET:
            sys_reset_request();
            return;
        }
    }
    sys_guest_error("test: write of 0x%llx (size %u) to offset 0x%llx does nothing",
                    (unsigned long long)val, size, (unsigned long long)off);
}

static const MemOps test_ops = { .read = test_read, .write = test_write };

void sifive_test_create(uint64_t base)
{
    sys_map_device("riscv.sifive.test", base, 0x1000, &test_ops, NULL);
}
