/*
 * CLINT (the ACLINT's MSWI and MTIMER in SiFive's layout, the virt
 * board's clint@2000000):
 *
 *   0x0000 + 4*hart  msip      bit 0 drives the hart's MSIP (mip bit 3)
 *   0x4000 + 8*hart  mtimecmp  MTIP (mip bit 7) = mtime >= mtimecmp
 *   0xbff8           mtime     timebase ticks since the machine started
 *
 * mtime is sys_clock_ns() at the timebase frequency (10 MHz on virt: a
 * tick every 100 ns), the same clock the harts' time CSR reads, so it is
 * read-only here (writes are logged and ignored) and they never disagree.
 * The 64-bit registers can also be accessed as 32-bit halves. A mtimecmp
 * in the future arms a timer for the first nanosecond at which mtime
 * reaches it. mtimecmp starts at 0, so MTIP is pending from power-on until
 * the firmware writes it, as on QEMU's virt (the spec leaves it open).
 * As in QEMU, it is two regions, riscv.aclint.swi (msip, 0x4000 bytes) and
 * riscv.aclint.mtimer (0x8000 bytes from 0x4000); 0xc000-0xffff of the
 * device tree's 64 KiB are unmapped.
 */
#include <stdio.h>
#include <stdlib.h>

#include "devices.h"

enum { MSIP_BASE = 0x0, MTIMECMP_BASE = 0x4000, MTIME = 0xbff8, MTIMER_END = 0xc000 };
enum { MIP_MSIP = 3, MIP_MTIP = 7 };

typedef struct ClintHart {
    Clint *clint;
    uint64_t mtimecmp;
    bool msip;
    IRQ msip_line, mtip_line;
    SysTimer *timer;
} ClintHart;

struct Clint {
    unsigned harts;
    uint64_t freq;
    ClintHart *h;
};

static uint64_t clint_mtime(const Clint *c)
{
    return (uint64_t)((unsigned __int128)sys_clock_ns() * c->freq / 1000000000u);
}

/* MTIP from mtime and mtimecmp; arms the timer for when it will rise. */
static void clint_update_timer(ClintHart *h)
{
    Clint *c = h->clint;
    if (clint_mtime(c) >= h->mtimecmp) {
        sys_timer_del(h->timer);
        irq_set(&h->mtip_line, 1);
        return;
    }
    irq_set(&h->mtip_line, 0);
    unsigned __int128 ns = ((unsigned __int128)h->mtimecmp * 1000000000u + c->freq - 1) / c->freq;
    if (ns >= UINT64_MAX)
        sys_timer_del(h->timer);
    else
        sys_timer_mod(h->timer, (uint64_t)ns);
}

static void clint_timer_cb(void *opaque)
{
    clint_update_timer(opaque);
}

/* A 4- or 8-byte access at byte `sub` of a 64-bit register. */
static uint64_t half_read(uint64_t reg, unsigned sub, unsigned size)
{
    return size == 8 ? reg : (uint32_t)(reg >> (8 * sub));
}

static uint64_t half_write(uint64_t reg, unsigned sub, unsigned size, uint64_t val)
{
    if (size == 8)
        return val;
    unsigned sh = 8 * sub;
    return (reg & ~(0xffffffffull << sh)) | ((uint64_t)(uint32_t)val << sh);
}

static uint64_t clint_read(void *opaque, uint64_t off, unsigned size)
{
    Clint *c = opaque;
    if (off < MSIP_BASE + 4 * (uint64_t)c->harts && size == 4)
        return c->h[off / 4].msip;
    if (off >= MTIMECMP_BASE && off < MTIMECMP_BASE + 8 * (uint64_t)c->harts && size >= 4)
        return half_read(c->h[(off - MTIMECMP_BASE) / 8].mtimecmp, off & 4, size);
    if (off >= MTIME && off < MTIME + 8 && size >= 4)
        return half_read(clint_mtime(c), off & 4, size);
    sys_guest_error("clint: read of 0x%llx (size %u)", (unsigned long long)off, size);
    return 0;
}

static void clint_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    Clint *c = opaque;
    if (off < MSIP_BASE + 4 * (uint64_t)c->harts && size == 4) {
        ClintHart *h = &c->h[off / 4];
        h->msip = val & 1;
        irq_set(&h->msip_line, h->msip);
        return;
    }
    if (off >= MTIMECMP_BASE && off < MTIMECMP_BASE + 8 * (uint64_t)c->harts && size >= 4) {
        ClintHart *h = &c->h[(off - MTIMECMP_BASE) / 8];
        h->mtimecmp = half_write(h->mtimecmp, off & 4, size, val);
        clint_update_timer(h);
        return;
    }
    sys_guest_error("clint: write of 0x%llx to 0x%llx (size %u) ignored",
                    (unsigned long long)val, (unsigned long long)off, size);
}

/* QEMU maps the CLINT as the ACLINT's two devices; plugins see their names. */
static uint64_t mtimer_read(void *opaque, uint64_t off, unsigned size)
{
    return clint_read(opaque, MTIMECMP_BASE + off, size);
}

static void mtimer_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    clint_write(opaque, MTIMECMP_BASE + off, val, size);
}

static const MemOps swi_ops = { .read = clint_read, .write = clint_write };
static const MemOps mtimer_ops = { .read = mtimer_read, .write = mtimer_write };

static void clint_reset(void *opaque)
{
    Clint *c = opaque;
    for (unsigned i = 0; i < c->harts; i++) {
        ClintHart *h = &c->h[i];
        h->msip = false;
        h->mtimecmp = 0;
        irq_set(&h->msip_line, 0);
        clint_update_timer(h);
    }
}

Clint *clint_create(uint64_t base, unsigned harts, uint64_t timebase_hz)
{
    Clint *c = calloc(1, sizeof(*c));
    ClintHart *h = calloc(harts, sizeof(*h));
    if (!c || !h) {
        fprintf(stderr, "peek: out of memory\n");
        exit(1);
    }
    c->harts = harts;
    c->freq = timebase_hz;
    c->h = h;
    for (unsigned i = 0; i < harts; i++) {
        h[i] = (ClintHart){ .clint = c, .mtimecmp = 0,
                            .msip_line = sys_hart_irq(i, MIP_MSIP),
                            .mtip_line = sys_hart_irq(i, MIP_MTIP) };
        h[i].timer = sys_timer_new(clint_timer_cb, &h[i]);
        clint_update_timer(&h[i]);
    }
    hw_on_reset(clint_reset, c);
    sys_map_device("riscv.aclint.swi", base, MTIMECMP_BASE, &swi_ops, c);
    sys_map_device("riscv.aclint.mtimer", base + MTIMECMP_BASE, MTIMER_END - MTIMECMP_BASE,
                   &mtimer_ops, c);
    return c;
}
