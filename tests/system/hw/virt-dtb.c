/*
 * Writes the device tree that virt_create() builds, for dtb.sh to compare
 * with qemu-system-riscv64's -machine dumpdtb (linked with fakecore.c).
 *   virt-dtb OUT.dtb MEGABYTES HARTS ISA MMU [BOOTARGS [INITRD-START INITRD-END]]
 * Also the bad-configuration cases: a missing drive, too many drives.
 *   virt-dtb -bad-drive | -too-many-drives    (prints virt_create's error)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakecore.h"
#include "system/hw/virt.h"

int main(int argc, char **argv)
{
    char err[256];
    size_t size;
    VirtioSpec drives[9];
    VirtConfig cfg = { .ram_size = 128 << 20, .harts = 1, .isa = "rv64imac",
                       .mmu_type = "riscv,sv39", .timebase_hz = 10000000, .rtc_start_ns = UINT64_MAX, .serial = "null" };
    if (argc == 2 && strcmp(argv[1], "-bad-drive") == 0) {
        drives[0] = (VirtioSpec){ "hd0", "/nonexistent/disk.img", false, VIRTIO_SPEC_BLK };
        cfg.virtio = drives;
        cfg.n_virtio = 1;
    } else if (argc == 2 && strcmp(argv[1], "-too-many-drives") == 0) {
        for (int i = 0; i < 9; i++)
            drives[i] = (VirtioSpec){ "hd", "/dev/null", true, VIRTIO_SPEC_BLK };
        cfg.virtio = drives;
        cfg.n_virtio = 9;
    } else if (argc >= 6) {
        cfg.ram_size = strtoull(argv[2], NULL, 0) << 20;
        cfg.harts = (unsigned)strtoul(argv[3], NULL, 0);
        cfg.isa = argv[4];
        cfg.mmu_type = argv[5];
        cfg.bootargs = argc > 6 ? argv[6] : NULL;
        if (argc > 8) {
            cfg.initrd_start = strtoull(argv[7], NULL, 0);
            cfg.initrd_end = strtoull(argv[8], NULL, 0);
        }
    } else {
        fprintf(stderr, "usage: virt-dtb OUT MB HARTS ISA MMU [BOOTARGS [START END]]\n");
        return 2;
    }
    void *dtb = virt_create(&cfg, &size, err, sizeof(err));
    if (!dtb) {
        printf("%s\n", err);
        return 1;
    }
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(dtb, 1, size, f) != size || fclose(f) != 0) {
        perror(argv[1]);
        return 2;
    }
    free(dtb);
    return 0;
}
