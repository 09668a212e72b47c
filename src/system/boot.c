/*
 * Booting the virt board as QEMU does, so firmware and kernels built for
 * it start the same way: images placed in RAM (firmware at the start of
 * DRAM, a kernel after it on the next 2 MiB boundary, the initrd further
 * up, the device tree near the end of the first 3 GiB), and the reset
 * ROM at 0x1000 whose few instructions enter the firmware in M-mode with
 * a0 = hart id, a1 = the device tree and a2 = OpenSBI's fw_dynamic_info
 * (which tells the firmware where the kernel is and to enter it in
 * S-mode).
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/boot.h"
#include "system/hw/virt.h"
#include "util/util.h"

#define MIB (1ull << 20)
#define FW_DYNAMIC_MAGIC 0x4942534full       /* "OSBI" */
#define FW_DYNAMIC_VERSION 2
#define FW_NEXT_MODE_S 1

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }
static uint64_t align_down(uint64_t v, uint64_t a) { return v & ~(a - 1); }

/* The whole file, or NULL with a one-line reason. */
static uint8_t *read_file(const char *path, const char *what, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "could not open %s '%s': %s", what, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = xmalloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = xrealloc(buf, cap *= 2);
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, errlen, "could not read %s '%s'", what, path);
        return NULL;
    }
    *len = n;
    return buf;
}

/* Copy into RAM at pa, checking it fits. */
static bool put(const BootRam *ram, uint64_t pa, const void *src, uint64_t n, uint64_t zero_to, const char *what,
                const char *path, char *err, size_t errlen)
{
    uint64_t end = pa + (zero_to > n ? zero_to : n);
    if (pa < ram->base || end > ram->base + ram->size || end < pa) {
        snprintf(err, errlen, "%s '%s' does not fit in RAM (0x%llx-0x%llx) at 0x%llx", what, path,
                 (unsigned long long)ram->base, (unsigned long long)(ram->base + ram->size - 1),
                 (unsigned long long)pa);
        return false;
    }
    memcpy(ram->host + (pa - ram->base), src, n);
    if (zero_to > n)
        memset(ram->host + (pa - ram->base) + n, 0, zero_to - n);
    return true;
}

/* An ELF64 riscv image: its PT_LOAD segments at their physical addresses.
 * *is_elf false (and true returned) if the file is not ELF. */
static bool load_elf(const BootRam *ram, const uint8_t *f, size_t len, const char *what, const char *path,
                     uint64_t *entry, uint64_t *end, bool *is_elf, char *err, size_t errlen)
{
    *is_elf = len >= 4 && !memcmp(f, ELFMAG, SELFMAG);
    if (!*is_elf)
        return true;
    Elf64_Ehdr eh;
    if (len < sizeof(eh) || f[EI_CLASS] != ELFCLASS64 || (memcpy(&eh, f, sizeof(eh)), eh.e_machine != EM_RISCV)) {
        snprintf(err, errlen, "%s '%s' is not a 64-bit riscv ELF file", what, path);
        return false;
    }
    *end = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        uint64_t off = eh.e_phoff + (uint64_t)i * eh.e_phentsize;
        if (off + sizeof(ph) > len) {
            snprintf(err, errlen, "%s '%s': truncated program headers", what, path);
            return false;
        }
        memcpy(&ph, f + off, sizeof(ph));
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset || ph.p_filesz > ph.p_memsz) {
            snprintf(err, errlen, "%s '%s': a segment lies outside the file", what, path);
            return false;
        }
        if (!put(ram, ph.p_paddr, f + ph.p_offset, ph.p_filesz, ph.p_memsz, what, path, err, errlen))
            return false;
        if (ph.p_paddr + ph.p_memsz > *end)
            *end = ph.p_paddr + ph.p_memsz;
    }
    *entry = eh.e_entry;
    return true;
}

/* An image file: ELF at its addresses, anything else raw at `at`. */
static bool load_image(const BootRam *ram, const char *path, uint64_t at, const char *what, uint64_t *entry,
                       uint64_t *end, char *err, size_t errlen)
{
    size_t len;
    uint8_t *f = read_file(path, what, &len, err, errlen);
    if (!f)
        return false;
    bool is_elf, ok = load_elf(ram, f, len, what, path, entry, end, &is_elf, err, errlen);
    if (ok && !is_elf) {
        ok = put(ram, at, f, len, 0, what, path, err, errlen);
        *entry = at;
        *end = at + len;
    }
    free(f);
    return ok;
}

bool boot_load(const BootConfig *bc, const BootRam *ram, VirtConfig *vc, BootResult *out, char *err, size_t errlen)
{
    uint64_t fw_end = ram->base, end;
    out->start = ram->base;
    if (bc->bios) {
        if (!load_image(ram, bc->bios, ram->base, "firmware", &out->start, &fw_end, err, errlen))
            return false;
    }
    uint64_t kernel_entry = 0;
    if (bc->kernel) {
        uint64_t at = bc->bios ? align_up(fw_end, 2 * MIB) : ram->base;
        if (!load_image(ram, bc->kernel, at, "kernel", &kernel_entry, &end, err, errlen))
            return false;
        if (!bc->bios)
            out->start = kernel_entry;
    }
    if (bc->initrd) {
        if (!bc->kernel) {
            snprintf(err, errlen, "-initrd needs -kernel");
            return false;
        }
        size_t len;
        uint8_t *f = read_file(bc->initrd, "initrd", &len, err, errlen);
        if (!f)
            return false;
        uint64_t half = ram->size / 2 < 128 * MIB ? ram->size / 2 : 128 * MIB;
        uint64_t at = kernel_entry + half;
        bool ok = put(ram, at, f, len, 0, "initrd", bc->initrd, err, errlen);
        free(f);
        if (!ok)
            return false;
        vc->initrd_start = at;
        vc->initrd_end = at + len;
    }
    out->kernel_entry = kernel_entry;
    return true;
}

bool boot_place_fdt(const BootRam *ram, const void *dtb, size_t size, uint64_t *addr, char *err, size_t errlen)
{
    uint64_t three_gib = 3072 * MIB;
    uint64_t end = ram->base + ram->size;
    uint64_t top = ram->base < three_gib && end > three_gib ? three_gib : end;
    if (size > top - ram->base) {
        snprintf(err, errlen, "the device tree (%zu bytes) does not fit in RAM", size);
        return false;
    }
    *addr = align_down(top - size, 2 * MIB);
    memcpy(ram->host + (*addr - ram->base), dtb, size);
    return true;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

uint64_t boot_write_rom(uint8_t *rom, uint64_t start, uint64_t fdt, uint64_t kernel_entry)
{
    /* auipc t0, 0; addi a2, t0, 40; csrr a0, mhartid; ld a1, 32(t0);
     * ld t0, 24(t0); jr t0 -- then the start address and the device
     * tree's at t0 + 24 and t0 + 32, and fw_dynamic_info at t0 + 40. */
    static const uint32_t code[] = { 0x00000297, 0x02828613, 0xf1402573, 0x0202b583, 0x0182b283, 0x00028067 };
    for (unsigned i = 0; i < 6; i++)
        put32(rom + 4 * i, code[i]);
    put64(rom + 24, start);
    put64(rom + 32, fdt);
    uint8_t *info = rom + 40;
    put64(info + 0, FW_DYNAMIC_MAGIC);
    put64(info + 8, FW_DYNAMIC_VERSION);
    put64(info + 16, kernel_entry);      /* next_addr */
    put64(info + 24, FW_NEXT_MODE_S);    /* next_mode */
    put64(info + 32, 0);                 /* options */
    put64(info + 40, 0);                 /* boot_hart */
    return BOOT_ROM_BASE;
}
