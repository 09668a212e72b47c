/*
 * The test double of the core (fakecore.h): what each hw.h "implemented
 * by the core" function does in the device unit tests.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fakecore.h"

typedef struct FakeDevice {
    const char *name;
    uint64_t base, size;
    const MemOps *ops;
    void *opaque;
} FakeDevice;

/* The test process is one machine, as the core's is. */
static FakeDevice devs[64];
static unsigned n_devs;
static uint64_t now_ns;
static uint64_t realtime_start;     /* 0: the clock is now_ns */
uint8_t fake_ram[FAKE_RAM_SIZE];
unsigned fake_mip[FAKE_HARTS];
int fake_poweroffs, fake_poweroff_status, fake_resets, fake_guest_errors;

void sys_map_device(const char *name, uint64_t base, uint64_t size, const MemOps *ops,
                    void *opaque)
{
    for (unsigned i = 0; i < n_devs; i++)
        if (base < devs[i].base + devs[i].size && devs[i].base < base + size) {
            fprintf(stderr, "fakecore: %s overlaps %s\n", name, devs[i].name);
            exit(2);
        }
    devs[n_devs++] = (FakeDevice){ name, base, size, ops, opaque };
}

static FakeDevice *find(uint64_t addr)
{
    for (unsigned i = 0; i < n_devs; i++)
        if (addr >= devs[i].base && addr < devs[i].base + devs[i].size)
            return &devs[i];
    return NULL;
}

const char *fake_device_at(uint64_t addr)
{
    FakeDevice *d = find(addr);
    return d ? d->name : NULL;
}

uint64_t mmio_read(uint64_t addr, unsigned size)
{
    uint64_t ram_val = 0;
    if (sys_phys_read(addr, &ram_val, size) == 0)   /* little-endian host */
        return ram_val;
    FakeDevice *d = find(addr);
    if (!d) {
        fprintf(stderr, "fakecore: read of unmapped 0x%llx\n", (unsigned long long)addr);
        exit(2);
    }
    sys_dev_lock();
    uint64_t v = d->ops->read(d->opaque, addr - d->base, size);
    sys_dev_unlock();
    return v;
}

void mmio_write(uint64_t addr, uint64_t val, unsigned size)
{
    if (sys_phys_write(addr, &val, size) == 0)
        return;
    FakeDevice *d = find(addr);
    if (!d) {
        fprintf(stderr, "fakecore: write to unmapped 0x%llx\n", (unsigned long long)addr);
        exit(2);
    }
    sys_dev_lock();
    d->ops->write(d->opaque, addr - d->base, val, size);
    sys_dev_unlock();
}

int sys_phys_read(uint64_t pa, void *buf, size_t n)
{
    if (pa < FAKE_RAM_BASE || pa - FAKE_RAM_BASE > FAKE_RAM_SIZE ||
        n > FAKE_RAM_SIZE - (pa - FAKE_RAM_BASE))
        return -1;
    memcpy(buf, fake_ram + (pa - FAKE_RAM_BASE), n);
    return 0;
}

int sys_phys_write(uint64_t pa, const void *buf, size_t n)
{
    if (pa < FAKE_RAM_BASE || pa - FAKE_RAM_BASE > FAKE_RAM_SIZE ||
        n > FAKE_RAM_SIZE - (pa - FAKE_RAM_BASE))
        return -1;
    memcpy(fake_ram + (pa - FAKE_RAM_BASE), buf, n);
    return 0;
}

void sys_guest_error(const char *fmt, ...)
{
    fake_guest_errors++;
}

static void hart_irq_set(void *opaque, int n, int level)
{
    unsigned hart = (unsigned)(uintptr_t)opaque;
    if (level)
        fake_mip[hart] |= 1u << n;
    else
        fake_mip[hart] &= ~(1u << n);
}

IRQ sys_hart_irq(unsigned hart, unsigned bit)
{
    if (hart >= FAKE_HARTS) {
        fprintf(stderr, "fakecore: hart %u out of range\n", hart);
        exit(2);
    }
    return (IRQ){ hart_irq_set, (void *)(uintptr_t)hart, (int)bit };
}

unsigned sys_num_harts(void)
{
    return FAKE_HARTS;
}

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t sys_clock_ns(void)
{
    return realtime_start ? host_ns() - realtime_start : now_ns;
}

void fake_clock_realtime(void)
{
    realtime_start = host_ns();
}

uint64_t fake_clock(void)
{
    return now_ns;
}

void fake_clock_set(uint64_t ns)
{
    sys_dev_lock();
    now_ns = ns;
    sys_timers_run();
    sys_dev_unlock();
}

void sys_poweroff(int status)
{
    fake_poweroffs++;
    fake_poweroff_status = status;
}

void sys_reset_request(void)
{
    fake_resets++;
}

void fake_reset_records(void)
{
    fake_poweroffs = fake_poweroff_status = fake_resets = fake_guest_errors = 0;
}
