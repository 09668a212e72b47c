/*
 * Goldfish RTC (the virt board's rtc@101000, PLIC source 11): the wall
 * clock in nanoseconds since the Unix epoch, and one alarm.
 *
 *   0x00 TIME_LOW    reading it latches the high half for TIME_HIGH
 *   0x04 TIME_HIGH   writing either half sets that half of the time
 *   0x08 ALARM_LOW   writing it arms the alarm at ALARM_HIGH:ALARM_LOW
 *   0x0c ALARM_HIGH
 *   0x10 IRQ_ENABLED bit 0 lets a fired alarm raise the interrupt
 *   0x14 CLEAR_ALARM disarms the alarm
 *   0x18 ALARM_STATUS 1 while armed
 *   0x1c CLEAR_INTERRUPT lowers the interrupt
 *
 * The time is the host's wall clock when the machine was made plus
 * sys_clock_ns() since, so it moves with guest time (under -icount, by
 * instructions) and the alarm is an ordinary timer on that clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "devices.h"

enum { TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c,
       IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18, CLEAR_INTERRUPT = 0x1c };

struct GoldfishRtc {
    IRQ irq;
    SysTimer *timer;
    uint64_t offset;            /* RTC time = sys_clock_ns() + offset */
    uint64_t alarm;
    uint32_t time_high_latch;
    bool alarm_armed, irq_enabled, irq_pending;
};

static uint64_t rtc_now(const GoldfishRtc *r)
{
    return sys_clock_ns() + r->offset;
}

static void rtc_update_irq(GoldfishRtc *r)
{
    irq_set(&r->irq, r->irq_pending && r->irq_enabled);
}

static void rtc_fire(void *opaque)
{
    GoldfishRtc *r = opaque;
    r->alarm_armed = false;
    r->irq_pending = true;
    rtc_update_irq(r);
}

static void rtc_arm(GoldfishRtc *r)
{
    uint64_t now = rtc_now(r);
    r->alarm_armed = true;
    if (r->alarm <= now) {
        sys_timer_del(r->timer);
        rtc_fire(r);
    } else {
        sys_timer_mod(r->timer, sys_clock_ns() + (r->alarm - now));
    }
}

static uint64_t rtc_read(void *opaque, uint64_t off, unsigned size)
{
    GoldfishRtc *r = opaque;
    switch (off) {
    case TIME_LOW: {
        uint64_t t = rtc_now(r);
        r->time_high_latch = (uint32_t)(t >> 32);
        return (uint32_t)t;
    }
    case TIME_HIGH:
        return r->time_high_latch;
    case ALARM_LOW:
        return (uint32_t)r->alarm;
    case ALARM_HIGH:
        return (uint32_t)(r->alarm >> 32);
    case IRQ_ENABLED:
        return r->irq_enabled;
    case ALARM_STATUS:
        return r->alarm_armed;
    }
    sys_guest_error("rtc: read of 0x%llx", (unsigned long long)off);
    return 0;
}

static void rtc_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    GoldfishRtc *r = opaque;
    uint64_t t;
    switch (off) {
    case TIME_LOW:
        t = rtc_now(r);
        r->offset += ((t & ~0xffffffffull) | (uint32_t)val) - t;
        break;
    case TIME_HIGH:
        t = rtc_now(r);
        r->offset += ((uint64_t)(uint32_t)val << 32 | (uint32_t)t) - t;
        break;
    case ALARM_LOW:
        r->alarm = (r->alarm & ~0xffffffffull) | (uint32_t)val;
        rtc_arm(r);
        break;
    case ALARM_HIGH:
        r->alarm = (uint64_t)(uint32_t)val << 32 | (uint32_t)r->alarm;
        break;
    case IRQ_ENABLED:
        r->irq_enabled = val & 1;
        rtc_update_irq(r);
        break;
    case CLEAR_ALARM:
        r->alarm_armed = false;
        sys_timer_del(r->timer);
        break;
    case CLEAR_INTERRUPT:
        r->irq_pending = false;
        rtc_update_irq(r);
        break;
    default:
        sys_guest_error("rtc: write to 0x%llx ignored", (unsigned long long)off);
    }
}

static const MemOps rtc_ops = { .read = rtc_read, .write = rtc_write };

static void rtc_reset(void *opaque)
{
    GoldfishRtc *r = opaque;
    r->alarm = 0;
    r->alarm_armed = r->irq_enabled = r->irq_pending = false;
    sys_timer_del(r->timer);
    rtc_update_irq(r);
}

GoldfishRtc *goldfish_rtc_create(uint64_t base, IRQ irq, uint64_t start_ns)
{
    GoldfishRtc *r = calloc(1, sizeof(*r));
    if (!r) {
        fprintf(stderr, "peek: out of memory\n");
        exit(1);
    }
    if (start_ns == UINT64_MAX) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        start_ns = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
    r->irq = irq;
    r->offset = start_ns - sys_clock_ns();
    r->timer = sys_timer_new(rtc_fire, r);
    hw_on_reset(rtc_reset, r);
    sys_map_device("goldfish_rtc", base, 0x24, &rtc_ops, r);
    return r;
}
