/*
 * The devices of this folder as the board (virt.c) and the unit tests see
 * them: one constructor each, which maps the device with sys_map_device()
 * and returns its state, and the few services the devices share with the
 * I/O thread (file-descriptor watches). Nothing outside src/system/hw and
 * its tests includes this header: the core sees only hw.h and virt.h.
 */
#ifndef PEEK_SYSTEM_HW_DEVICES_H
#define PEEK_SYSTEM_HW_DEVICES_H

#include "hw.h"

/* ---- The I/O thread's file-descriptor watches (iothread.c) ---------- */

/* While `enabled` says so, the I/O thread polls fd for input and calls
 * ready(opaque) (device lock held) when it is readable; with `retry` set
 * it calls ready() once at its next round without waiting (input that was
 * held back until the device took it again). */
typedef struct IoWatch {
    int fd;
    bool enabled;
    bool retry;
    void (*ready)(void *opaque);
    void *opaque;
} IoWatch;
/* At machine set-up, before sys_iothread_start(). */
void iothread_add_watch(IoWatch *w);
/* Make the I/O thread recompute its deadline and watches (any thread). */
void iothread_kick(void);

/* ---- Devices --------------------------------------------------------- */

/* A device's power-on state is restored by fn(opaque) at virt_reset();
 * each constructor registers one. */
void hw_on_reset(void (*fn)(void *opaque), void *opaque);

/* 16550A UART with 16-byte FIFOs, on backend chr (NULL: output dropped). */
typedef struct Uart16550 Uart16550;
Uart16550 *uart16550_create(uint64_t base, IRQ irq, CharBackend *chr);
#define UART16550_CLOCK_HZ 3686400u

/* SiFive test finisher: power off, fail with a status, reset. */
void sifive_test_create(uint64_t base);

/* CLINT/ACLINT: msip, mtimecmp and mtime for `harts` harts. */
typedef struct Clint Clint;
Clint *clint_create(uint64_t base, unsigned harts, uint64_t timebase_hz);

/* Goldfish RTC: wall-clock nanoseconds and an alarm. */
typedef struct GoldfishRtc GoldfishRtc;
/* start_ns: the time it reads now, in ns since the epoch (UINT64_MAX:
 * the host's). */
GoldfishRtc *goldfish_rtc_create(uint64_t base, IRQ irq, uint64_t start_ns);

/* PLIC with `sources` sources (1..sources) and contexts M, S per hart. */
typedef struct Plic Plic;
Plic *plic_create(uint64_t base, unsigned harts, unsigned sources);
IRQ plic_input(Plic *p, unsigned source);

/* virtio-mmio transport (version 2) at base; dev NULL makes an empty slot
 * (device ID 0), as QEMU's unused transports. */
typedef struct VirtioDevice VirtioDevice;
void virtio_mmio_create(uint64_t base, IRQ irq, VirtioDevice *dev);
/* virtio-blk on a raw image; NULL with the reason in err. */
VirtioDevice *virtio_blk_open(const char *id, const char *file, bool readonly, char *err,
                              size_t errlen);
/* virtio-rng reading file (NULL: getrandom()); NULL with the reason in err. */
VirtioDevice *virtio_rng_open(const char *file, char *err, size_t errlen);

#endif
