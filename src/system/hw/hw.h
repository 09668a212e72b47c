/*
 * What a device model of full-system mode sees of the machine, and what the
 * machine sees of a device. The devices (this folder: UART, CLINT, PLIC,
 * virtio-mmio, RTC, test device), the board that places them (virt.c) and
 * the device-side services (timers, character backends, the I/O thread)
 * use only this header. Its "machine" functions are a link-time interface
 * that the system core (src/system/) implements, as exec/memory.h is one
 * that each mode implements: so src/system includes src/system/hw and
 * never the other way round.
 *
 * Locking: the machine has one device lock (sys_dev_lock, here). Every
 * MemOps callback, timer callback and character-backend callback runs with
 * it held, so a device needs no lock of its own. A device may call
 * irq_set(), sys_phys_read/write() and the timer functions from those
 * callbacks.
 */
#ifndef PEEK_SYSTEM_HW_HW_H
#define PEEK_SYSTEM_HW_HW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- Memory-mapped registers ---------------------------------------- */

/* A guest access to a device: offset from the device's base, size 1, 2, 4
 * or 8 (naturally aligned as the guest made it). A read of an unimplemented
 * register returns 0 and a write is ignored; a device may log both with
 * sys_guest_error() (-d guest_errors), as hardware does not fault. */
typedef struct MemOps {
    uint64_t (*read)(void *opaque, uint64_t off, unsigned size);
    void (*write)(void *opaque, uint64_t off, uint64_t val, unsigned size);
} MemOps;

/* Place a device at [base, base + size) of the physical address space.
 * name is what plugins see (qemu_plugin_hwaddr_device_name) and what
 * -d guest_errors prints. Before the harts start. */
void sys_map_device(const char *name, uint64_t base, uint64_t size, const MemOps *ops,
                    void *opaque);

/* RAM and DMA: copies to/from guest physical memory (RAM only). Return 0, or
 * -1 if any byte is outside RAM. A write drops translated code it covers. */
int sys_phys_read(uint64_t pa, void *buf, size_t n);
int sys_phys_write(uint64_t pa, const void *buf, size_t n);

/* printf-style, one line, logged under -d guest_errors. */
void sys_guest_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- Interrupt lines ------------------------------------------------- */

/* An interrupt input: whoever drives it calls irq_set(line, level). The
 * receiver decides what a level means (the PLIC latches a rising level as
 * pending, a hart's mip bit follows the level). */
typedef struct IRQ {
    void (*set)(void *opaque, int n, int level);
    void *opaque;
    int n;
} IRQ;

static inline void irq_set(const IRQ *line, int level)
{
    if (line->set)
        line->set(line->opaque, line->n, level);
}

/* The interrupt input of hart `hart` for mip bit `bit` (riscv: 1 SSIP,
 * 3 MSIP, 5 STIP, 7 MTIP, 9 SEIP, 11 MEIP): setting it changes the bit and
 * makes the hart notice it promptly (it leaves chained code, and a hart in
 * WFI wakes up). */
IRQ sys_hart_irq(unsigned hart, unsigned bit);
unsigned sys_num_harts(void);

/* ---- The device lock and the I/O thread (implemented in this folder) -- */

/* The core takes the lock around every MMIO access it dispatches. */
void sys_dev_lock(void);
void sys_dev_unlock(void);
/* Start the thread that waits for character input and, in real-time mode,
 * for timer deadlines; it runs their callbacks under the device lock. */
void sys_iothread_start(void);
/* With -icount the core drives time: it runs the timers that are due
 * and asks when the next one is due (UINT64_MAX: none), both with the
 * device lock held, to stop executing at that instruction count. Any
 * device callback may arm a timer (the UART's receive timeout, on the I/O
 * thread), so the core asks again after each device access and whenever
 * it regains control. */
void sys_timers_run(void);
uint64_t sys_timers_next_deadline(void);
/* With -icount, once before sys_iothread_start(): the I/O thread then
 * leaves timers to the core's sys_timers_run() and serves input only. */
void sys_timers_use_icount(void);

/* ---- Time (implemented by the core) ----------------------------------- */

/* The guest's clock in nanoseconds since the machine started: host time,
 * or with -icount shift=N, 2^N ns per instruction executed (deterministic).
 * Devices derive their counters from it (the CLINT's mtime at 10 MHz). */
uint64_t sys_clock_ns(void);

/* A one-shot timer on sys_clock_ns(): its callback runs (with the device
 * lock held) once the clock reaches the deadline. mod re-arms it, del
 * disarms it. */
typedef struct SysTimer SysTimer;
SysTimer *sys_timer_new(void (*cb)(void *opaque), void *opaque);
void sys_timer_mod(SysTimer *t, uint64_t deadline_ns);
void sys_timer_del(SysTimer *t);

/* ---- Character backends (-serial, -nographic) ------------------------ */

/* A serial line's host side: stdio, a file, or mon:stdio (stdio where
 * Ctrl-A x quits, Ctrl-A a sends a Ctrl-A). Input bytes arrive through
 * the receive callback (device lock held) while can_receive says how many
 * more the device takes. */
typedef struct CharBackend CharBackend;
CharBackend *chr_open(const char *spec, char *err, size_t errlen);
void chr_set_handlers(CharBackend *c, int (*can_receive)(void *opaque),
                      void (*receive)(void *opaque, const uint8_t *buf, size_t n),
                      void *opaque);
void chr_write(CharBackend *c, const uint8_t *buf, size_t n);
/* The device can take input again after saying 0: ask the backend to retry. */
void chr_accept_input(CharBackend *c);

/* ---- Power ----------------------------------------------------------- */

/* The guest asked to power off (status 0, or the sifive_test FAIL code's
 * status) or to reset: the machine stops every hart and exits peek with
 * that status, or resets (and under -no-reboot exits with 0). */
/* Both are called from device callbacks, so with the device lock held, on
 * a hart's thread (the test finisher) or on the I/O thread (mon:stdio's
 * Ctrl-A x): they must not wait for the lock, nor for a hart that may be
 * waiting for it. After a reset the core calls virt_reset() (virt.h). */
void sys_poweroff(int status);
void sys_reset_request(void);

#endif
