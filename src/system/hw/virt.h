/*
 * The riscv64 `virt` board, QEMU's memory map and interrupt numbers, so
 * that firmware and kernels built for QEMU's virt boot unchanged: the
 * system core describes the machine it was asked for, virt_create() places
 * the devices (through hw/hw.h) and writes the device tree the firmware gets.
 */
#ifndef PEEK_SYSTEM_HW_VIRT_H
#define PEEK_SYSTEM_HW_VIRT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRT_DRAM_BASE 0x80000000ull

/* A -device on a virtio-mmio slot. */
typedef struct VirtioSpec {
    const char *id;            /* blk: -drive id= */
    const char *file;          /* blk: raw image; rng: the host's source (NULL: getrandom) */
    bool readonly;             /* blk */
    enum { VIRTIO_SPEC_BLK, VIRTIO_SPEC_RNG } kind;
} VirtioSpec;

typedef struct VirtConfig {
    uint64_t ram_size;         /* -m, bytes, at VIRT_DRAM_BASE */
    unsigned harts;            /* -smp */
    const char *isa;           /* riscv,isa of every cpu node ("rv64imafdc_zicsr...") */
    const char *mmu_type;      /* "riscv,sv39", "riscv,sv48" or "riscv,sv57" */
    uint64_t timebase_hz;      /* the CLINT's mtime frequency (10 MHz as QEMU) */
    const char *bootargs;      /* -append, or NULL */
    uint64_t initrd_start, initrd_end;   /* 0, 0 without -initrd */
    uint64_t rtc_start_ns;     /* -rtc base=: the RTC's time at start (UINT64_MAX: the host's) */
    const char *serial;        /* -serial backend spec ("stdio", "file:PATH", "mon:stdio") */
    const VirtioSpec *virtio;  /* virtio devices, in -device order */
    unsigned n_virtio;
} VirtConfig;

/* Create and map every device of the board and build its flattened device
 * tree. The devices take their interrupt inputs (sys_hart_irq) here and
 * may already set them: MTIP is pending from power-on, as on QEMU. Returns
 * the tree (malloc'd, *dtb_size bytes). NULL with a one-line reason in err
 * (a drive or rng source that cannot be opened, too many devices, a bad serial spec). */
void *virt_create(const VirtConfig *cfg, size_t *dtb_size, char *err, size_t errlen);

/* Put every device back in its power-on state, for a machine reset (the
 * core calls it with the harts stopped and the device lock held). Drives,
 * serial backends and the RTC's time are kept, as on hardware. */
void virt_reset(void);

#endif
