/*
 * The machine's physical address space: memory (RAM, the reset ROM) and
 * the devices the board maps, found by address; the device side's
 * "machine" functions of hw/hw.h (mapping, DMA copies, guest errors,
 * power); and the clock.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "exec/image.h"
#include "exec/log.h"
#include "exec/tb.h"
#include "system/system.h"
#include "util/util.h"

#define MAX_REGIONS 64

/* No program image: plugins and the log see no symbols (read-only). */
GuestImage guest_image;

/* The address space is built before the harts start and never changes
 * afterwards, so lookups need no lock. */
static PhysRegion regions[MAX_REGIONS];
static unsigned n_regions;

static PhysRegion *region_add(const char *name, uint64_t base, uint64_t size)
{
    if (n_regions == MAX_REGIONS)
        fatal("too many memory regions");
    for (unsigned i = 0; i < n_regions; i++)
        if (base < regions[i].base + regions[i].size && regions[i].base < base + size)
            fatal("%s at 0x%llx overlaps %s", name, (unsigned long long)base, regions[i].name);
    PhysRegion *r = &regions[n_regions++];
    memset(r, 0, sizeof(*r));
    r->name = name;
    r->base = base;
    r->size = size;
    return r;
}

uint8_t *phys_add_memory(const char *name, uint64_t base, uint64_t size, bool readonly)
{
    PhysRegion *r = region_add(name, base, size);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        fatal("cannot allocate %llu MiB of guest memory: %s", (unsigned long long)(size >> 20),
              strerror(errno));
    r->host = p;
    r->readonly = readonly;
    r->code = xcalloc(size >> GUEST_PAGE_BITS, 1);
    return p;
}

void sys_map_device(const char *name, uint64_t base, uint64_t size, const MemOps *ops, void *opaque)
{
    PhysRegion *r = region_add(name, base, size);
    r->ops = ops;
    r->opaque = opaque;
}

const PhysRegion *phys_find(uint64_t pa)
{
    for (unsigned i = 0; i < n_regions; i++)
        if (pa - regions[i].base < regions[i].size)
            return &regions[i];
    return NULL;
}

uint64_t phys_dev_read(const PhysRegion *r, uint64_t pa, unsigned size)
{
    sys_dev_lock();
    uint64_t v = r->ops->read ? r->ops->read(r->opaque, pa - r->base, size) : 0;
    sys_dev_unlock();
    return v;
}

void phys_dev_write(const PhysRegion *r, uint64_t pa, uint64_t val, unsigned size)
{
    sys_dev_lock();
    if (r->ops->write)
        r->ops->write(r->opaque, pa - r->base, val, size);
    sys_dev_unlock();
}

/* The memory region holding all of [pa, pa + n), or NULL. */
static const PhysRegion *memory_at(uint64_t pa, size_t n)
{
    const PhysRegion *r = phys_find(pa);
    if (!r || !r->host || n > r->size - (pa - r->base))
        return NULL;
    return r;
}

void *softmmu_ram_ptr(uint64_t pa, uint64_t len)
{
    const PhysRegion *r = memory_at(pa, len);
    return r ? r->host + (pa - r->base) : NULL;
}

int sys_phys_read(uint64_t pa, void *buf, size_t n)
{
    const PhysRegion *r = memory_at(pa, n);
    if (!r)
        return -1;
    memcpy(buf, r->host + (pa - r->base), n);
    return 0;
}

int sys_phys_write(uint64_t pa, const void *buf, size_t n)
{
    const PhysRegion *r = memory_at(pa, n);
    if (!r || r->readonly)
        return -1;
    for (uint64_t p = pa & GUEST_PAGE_MASK; p < pa + n; p += GUEST_PAGE_SIZE)
        if (__atomic_load_n(&r->code[(p - r->base) >> GUEST_PAGE_BITS], __ATOMIC_ACQUIRE))
            softmmu_code_written(r, p);
    memcpy(r->host + (pa - r->base), buf, n);
    return 0;
}

void sys_guest_error(const char *fmt, ...)
{
    if (!log_enabled(LOG_GUEST_ERROR))
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    log_printf("%s\n", line);
}

/* ---- Clock ---- */

/* Set once by clock_start() before the harts run. */
static uint64_t clock_origin;

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void clock_start(void) { clock_origin = host_ns(); }

/* -icount shift=N: set once by main before the harts run (-1: host time). */
int sys_icount_shift = -1;

uint64_t sys_clock_ns(void)
{
    if (sys_icount_shift < 0)
        return host_ns() - clock_origin;
    return cpus_icount() << sys_icount_shift;
}
uint64_t softmmu_clock_ns(void) { return sys_clock_ns(); }

/* ---- Power ---- */

bool sys_no_reboot;
char **sys_argv;

void sys_poweroff(int status) { cpus_stop(status); }

void sys_poweroff_now(int status)
{
    fflush(stdout);
    fflush(log_file());
    _exit(status);
}

/* A reset starts the machine over: the same command line in a fresh
 * process, so every device, hart and memory byte is as at power-on. */
void sys_reset_request(void)
{
    if (sys_no_reboot) {
        cpus_stop(0);
        return;
    }
    fflush(stdout);
    fflush(log_file());
    execv("/proc/self/exe", sys_argv);
    fprintf(stderr, "peek-system: cannot restart for a reset: %s\n", strerror(errno));
    _exit(1);
}
