/*
 * Loading firmware, kernel, initrd and device tree into the virt board's
 * RAM, and the reset ROM (boot.c).
 */
#ifndef PEEK_SYSTEM_BOOT_H
#define PEEK_SYSTEM_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "system/hw/virt.h"

#define BOOT_ROM_BASE 0x1000ull
#define BOOT_ROM_SIZE 0xf000ull

typedef struct BootRam {
    uint64_t base, size;
    uint8_t *host;
} BootRam;

typedef struct BootConfig {
    const char *bios;          /* a file, or NULL (-bios none) */
    const char *kernel, *initrd;
} BootConfig;

typedef struct BootResult {
    uint64_t start;            /* where the reset ROM jumps */
    uint64_t kernel_entry;     /* fw_dynamic_info.next_addr (0: no kernel) */
} BootResult;

/* Load the images; sets vc's initrd range. False with a one-line reason. */
bool boot_load(const BootConfig *bc, const BootRam *ram, VirtConfig *vc, BootResult *out, char *err,
               size_t errlen);
/* Copy the device tree to its place in RAM; its address in *addr. */
bool boot_place_fdt(const BootRam *ram, const void *dtb, size_t size, uint64_t *addr, char *err, size_t errlen);
/* Write the reset code and fw_dynamic_info into the ROM; the reset pc. */
uint64_t boot_write_rom(uint8_t *rom, uint64_t start, uint64_t fdt, uint64_t kernel_entry);

#endif
