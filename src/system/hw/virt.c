/*
 * The riscv64 virt board: QEMU 7.2 virt's memory map and interrupt
 * numbers, and its flattened device tree (libfdt), so that OpenSBI and
 * Linux built for QEMU's virt find the same machine here.
 *
 *   0x00100000 test (syscon: poweroff, reboot)  0x10000000 serial  PLIC 10
 *   0x00101000 rtc                     PLIC 11  0x10001000 + 0x1000*n
 *   0x02000000 clint                              virtio-mmio n = 0..7, PLIC n+1
 *   0x0c000000 plic (96 sources)                0x80000000 RAM (-m)
 *
 * Each region is mapped with QEMU's size and memory-region name (what
 * plugins see as the device name): riscv.sifive.test, goldfish_rtc (0x24
 * bytes), riscv.aclint.swi and riscv.aclint.mtimer, riscv.sifive.plic,
 * serial (8 bytes), virtio-mmio (0x200 bytes each).
 *
 * virtio devices (blk, rng) fill the virtio-mmio slots from the highest
 * address down, as QEMU places -device virtio-*-device: the first at
 * 0x10008000.
 *
 * The tree is built node by node in the order QEMU builds it; libfdt puts
 * each new node and property first among its siblings, so the blob lists
 * them in QEMU's order too and `dtc -I dtb` prints the same text, node for
 * node, phandle for phandle. What QEMU's tree has that ours has not (we
 * have no such devices): /pmu, /fw-cfg, /flash, /platform-bus, /soc/pci
 * and /chosen/rng-seed.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices.h"
#include "virt.h"

enum {
    VIRT_TEST = 0x100000, VIRT_RTC = 0x101000, VIRT_CLINT = 0x2000000,
    VIRT_PLIC = 0xc000000, VIRT_UART = 0x10000000, VIRT_VIRTIO = 0x10001000,
};
enum { UART_IRQ = 10, RTC_IRQ = 11, VIRTIO_IRQ = 1, VIRTIO_SLOTS = 8, PLIC_SOURCES = 96 };
#define VIRT_MAX_HARTS 512u

typedef struct ResetHook {
    void (*fn)(void *opaque);
    void *opaque;
    struct ResetHook *next;
} ResetHook;

/* The devices of the one machine, for virt_reset(). */
static ResetHook *reset_hooks;

void hw_on_reset(void (*fn)(void *opaque), void *opaque)
{
    ResetHook *h = malloc(sizeof(*h));
    if (!h) {
        fprintf(stderr, "peek: out of memory\n");
        exit(1);
    }
    *h = (ResetHook){ fn, opaque, reset_hooks };
    reset_hooks = h;
}

void virt_reset(void)
{
    for (ResetHook *h = reset_hooks; h; h = h->next)
        h->fn(h->opaque);
}

/* A tree under construction; the first libfdt error sticks. */
typedef struct Fdt {
    void *blob;
    int err;
} Fdt;

static int path_off(Fdt *f, const char *path)
{
    int off = f->err ? -1 : fdt_path_offset(f->blob, path);
    if (off < 0 && !f->err)
        f->err = off;
    return off;
}

static void node(Fdt *f, const char *path)
{
    char parent[128];
    const char *slash = strrchr(path, '/');
    snprintf(parent, sizeof(parent), "%.*s", slash == path ? 1 : (int)(slash - path), path);
    int off = path_off(f, parent);
    if (off >= 0 && (off = fdt_add_subnode(f->blob, off, slash + 1)) < 0)
        f->err = off;
}

static void prop(Fdt *f, const char *path, const char *name, const void *val, int len)
{
    int off = path_off(f, path), r;
    if (off >= 0 && (r = fdt_setprop(f->blob, off, name, val, len)) < 0)
        f->err = r;
}

static void prop_str(Fdt *f, const char *path, const char *name, const char *s)
{
    prop(f, path, name, s, (int)strlen(s) + 1);
}

/* A string list: the strings one after another, each with its NUL. */
static void prop_strs(Fdt *f, const char *path, const char *name, const char *a, const char *b,
                      const char *c)
{
    char buf[128];
    int len = snprintf(buf, sizeof(buf), "%s%c%s%c%s", a, 0, b, 0, c ? c : "");
    prop(f, path, name, buf, c ? len + 1 : len);
}

static void prop_cells(Fdt *f, const char *path, const char *name, unsigned n, const uint32_t *v)
{
    fdt32_t be[4 * VIRT_MAX_HARTS];
    for (unsigned i = 0; i < n; i++)
        be[i] = cpu_to_fdt32(v[i]);
    prop(f, path, name, be, (int)(n * 4));
}

static void prop_u32(Fdt *f, const char *path, const char *name, uint32_t v)
{
    prop_cells(f, path, name, 1, &v);
}

/* reg with #address-cells = #size-cells = 2. */
static void prop_reg(Fdt *f, const char *path, uint64_t base, uint64_t size)
{
    uint32_t c[4] = { (uint32_t)(base >> 32), (uint32_t)base, (uint32_t)(size >> 32),
                      (uint32_t)size };
    prop_cells(f, path, "reg", 4, c);
}

static void soc_device(Fdt *f, const char *path, const char *compat, uint64_t base,
                       uint64_t size)
{
    node(f, path);
    prop_str(f, path, "compatible", compat);
    prop_reg(f, path, base, size);
}

static void irq_props(Fdt *f, const char *path, uint32_t plic, uint32_t irq)
{
    prop_u32(f, path, "interrupt-parent", plic);
    prop_u32(f, path, "interrupts", irq);
}

static void fdt_cpus(Fdt *f, const VirtConfig *cfg, uint32_t *intc, uint32_t *next_phandle)
{
    char path[96], core[96];
    node(f, "/cpus");
    prop_u32(f, "/cpus", "timebase-frequency", (uint32_t)cfg->timebase_hz);
    prop_u32(f, "/cpus", "#size-cells", 0);
    prop_u32(f, "/cpus", "#address-cells", 1);
    node(f, "/cpus/cpu-map");
    node(f, "/cpus/cpu-map/cluster0");
    for (unsigned h = cfg->harts; h-- > 0; ) {
        uint32_t cpu_ph = (*next_phandle)++;
        intc[h] = (*next_phandle)++;
        snprintf(path, sizeof(path), "/cpus/cpu@%u", h);
        node(f, path);
        prop_str(f, path, "mmu-type", cfg->mmu_type);
        prop_str(f, path, "riscv,isa", cfg->isa);
        prop_str(f, path, "compatible", "riscv");
        prop_str(f, path, "status", "okay");
        prop_u32(f, path, "reg", h);
        prop_str(f, path, "device_type", "cpu");
        prop_u32(f, path, "phandle", cpu_ph);
        snprintf(path, sizeof(path), "/cpus/cpu@%u/interrupt-controller", h);
        node(f, path);
        prop_u32(f, path, "phandle", intc[h]);
        prop_str(f, path, "compatible", "riscv,cpu-intc");
        prop(f, path, "interrupt-controller", NULL, 0);
        prop_u32(f, path, "#interrupt-cells", 1);
        snprintf(core, sizeof(core), "/cpus/cpu-map/cluster0/core%u", h);
        node(f, core);
        prop_u32(f, core, "cpu", cpu_ph);
    }
}

/* interrupts-extended: for each hart, its intc and the two mip bits. */
static void prop_per_hart(Fdt *f, const char *path, const VirtConfig *cfg, const uint32_t *intc,
                          uint32_t a, uint32_t b)
{
    uint32_t c[4 * VIRT_MAX_HARTS];
    for (unsigned h = 0; h < cfg->harts; h++) {
        c[4 * h] = intc[h];
        c[4 * h + 1] = a;
        c[4 * h + 2] = intc[h];
        c[4 * h + 3] = b;
    }
    prop_cells(f, path, "interrupts-extended", 4 * cfg->harts, c);
}

static void fdt_soc(Fdt *f, const VirtConfig *cfg, const uint32_t *intc, uint32_t plic,
                    uint32_t test)
{
    char path[64];
    const char *clint = "/soc/clint@2000000";
    node(f, clint);
    prop_strs(f, clint, "compatible", "sifive,clint0", "riscv,clint0", NULL);
    prop_reg(f, clint, VIRT_CLINT, 0x10000);
    prop_per_hart(f, clint, cfg, intc, 3, 7);          /* MSIP, MTIP */

    const char *pl = "/soc/plic@c000000";
    node(f, pl);
    prop_u32(f, pl, "#interrupt-cells", 1);
    prop_u32(f, pl, "#address-cells", 0);
    prop_strs(f, pl, "compatible", "sifive,plic-1.0.0", "riscv,plic0", NULL);
    prop(f, pl, "interrupt-controller", NULL, 0);
    prop_per_hart(f, pl, cfg, intc, 11, 9);            /* MEIP, SEIP */
    prop_reg(f, pl, VIRT_PLIC, 0x600000);
    prop_u32(f, pl, "riscv,ndev", PLIC_SOURCES);
    prop_u32(f, pl, "phandle", plic);

    for (unsigned i = 0; i < VIRTIO_SLOTS; i++) {
        snprintf(path, sizeof(path), "/soc/virtio_mmio@%x", VIRT_VIRTIO + 0x1000 * i);
        soc_device(f, path, "virtio,mmio", VIRT_VIRTIO + 0x1000 * i, 0x1000);
        irq_props(f, path, plic, VIRTIO_IRQ + i);
    }

    const char *t = "/soc/test@100000";
    node(f, t);
    prop_strs(f, t, "compatible", "sifive,test1", "sifive,test0", "syscon");
    prop_reg(f, t, VIRT_TEST, 0x1000);
    prop_u32(f, t, "phandle", test);

    const char *uart = "/soc/serial@10000000";
    soc_device(f, uart, "ns16550a", VIRT_UART, 0x100);
    prop_u32(f, uart, "clock-frequency", UART16550_CLOCK_HZ);
    irq_props(f, uart, plic, UART_IRQ);

    const char *rtc = "/soc/rtc@101000";
    soc_device(f, rtc, "google,goldfish-rtc", VIRT_RTC, 0x1000);
    irq_props(f, rtc, plic, RTC_IRQ);
}

static void fdt_syscon(Fdt *f, const char *path, const char *compat, uint32_t test,
                       uint32_t value)
{
    node(f, path);
    prop_str(f, path, "compatible", compat);
    prop_u32(f, path, "regmap", test);
    prop_u32(f, path, "offset", 0);
    prop_u32(f, path, "value", value);
}

/* Cells of an initrd address: one if it fits, as QEMU writes them. */
static void prop_addr(Fdt *f, const char *path, const char *name, uint64_t a)
{
    uint32_t c[2] = { (uint32_t)(a >> 32), (uint32_t)a };
    if (a >> 32)
        prop_cells(f, path, name, 2, c);
    else
        prop_cells(f, path, name, 1, &c[1]);
}

static void *virt_fdt(const VirtConfig *cfg, size_t *dtb_size, char *err, size_t errlen)
{
    size_t size = 65536 + (cfg->bootargs ? strlen(cfg->bootargs) : 0) + 512 * cfg->harts;
    Fdt f = { malloc(size), 0 };
    uint32_t intc[VIRT_MAX_HARTS], next_phandle = 1;
    if (!f.blob) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    f.err = fdt_create_empty_tree(f.blob, (int)size);
    prop_str(&f, "/", "model", "riscv-virtio,qemu");
    prop_str(&f, "/", "compatible", "riscv-virtio");
    prop_u32(&f, "/", "#size-cells", 2);
    prop_u32(&f, "/", "#address-cells", 2);
    node(&f, "/soc");           /* before /cpus, its devices after */
    prop(&f, "/soc", "ranges", NULL, 0);
    prop_str(&f, "/soc", "compatible", "simple-bus");
    prop_u32(&f, "/soc", "#size-cells", 2);
    prop_u32(&f, "/soc", "#address-cells", 2);
    /* QEMU numbers the phandles cpus first (highest hart first), then the
     * PLIC, then the test device. */
    fdt_cpus(&f, cfg, intc, &next_phandle);
    uint32_t plic = next_phandle++, test = next_phandle++;
    fdt_soc(&f, cfg, intc, plic, test);
    node(&f, "/memory@80000000");
    prop_reg(&f, "/memory@80000000", VIRT_DRAM_BASE, cfg->ram_size);
    prop_str(&f, "/memory@80000000", "device_type", "memory");
    fdt_syscon(&f, "/reboot", "syscon-reboot", test, 0x7777);
    fdt_syscon(&f, "/poweroff", "syscon-poweroff", test, 0x5555);
    node(&f, "/chosen");
    prop_str(&f, "/chosen", "stdout-path", "/soc/serial@10000000");
    if (cfg->bootargs && cfg->bootargs[0])
        prop_str(&f, "/chosen", "bootargs", cfg->bootargs);
    if (cfg->initrd_end > cfg->initrd_start) {
        prop_addr(&f, "/chosen", "linux,initrd-start", cfg->initrd_start);
        prop_addr(&f, "/chosen", "linux,initrd-end", cfg->initrd_end);
    }
    if (!f.err)
        f.err = fdt_pack(f.blob);
    if (f.err) {
        snprintf(err, errlen, "device tree: %s", fdt_strerror(f.err));
        free(f.blob);
        return NULL;
    }
    *dtb_size = fdt_totalsize(f.blob);
    return f.blob;
}

void *virt_create(const VirtConfig *cfg, size_t *dtb_size, char *err, size_t errlen)
{
    VirtioDevice *dev[VIRTIO_SLOTS] = { 0 };
    if (cfg->harts < 1 || cfg->harts > VIRT_MAX_HARTS) {
        snprintf(err, errlen, "-smp %u: the virt board takes 1 to %u harts", cfg->harts,
                 VIRT_MAX_HARTS);
        return NULL;
    }
    if (cfg->n_virtio > VIRTIO_SLOTS) {
        snprintf(err, errlen, "%u virtio devices: the virt board has %d virtio-mmio slots",
                 cfg->n_virtio, VIRTIO_SLOTS);
        return NULL;
    }
    if (cfg->timebase_hz == 0 || cfg->timebase_hz > UINT32_MAX) {
        snprintf(err, errlen, "timebase of %llu Hz: not a 32-bit frequency",
                 (unsigned long long)cfg->timebase_hz);
        return NULL;
    }
    for (unsigned i = 0; i < cfg->n_virtio; i++) {
        const VirtioSpec *d = &cfg->virtio[i];
        dev[VIRTIO_SLOTS - 1 - i] = d->kind == VIRTIO_SPEC_RNG ? virtio_rng_open(d->file, err, errlen)
                                    : virtio_blk_open(d->id, d->file, d->readonly, err, errlen);
        if (!dev[VIRTIO_SLOTS - 1 - i])
            return NULL;
    }
    CharBackend *serial = chr_open(cfg->serial ? cfg->serial : "null", err, errlen);
    if (!serial)
        return NULL;
    void *dtb = virt_fdt(cfg, dtb_size, err, errlen);
    if (!dtb)
        return NULL;

    Plic *plic = plic_create(VIRT_PLIC, cfg->harts, PLIC_SOURCES);
    clint_create(VIRT_CLINT, cfg->harts, cfg->timebase_hz);
    sifive_test_create(VIRT_TEST);
    goldfish_rtc_create(VIRT_RTC, plic_input(plic, RTC_IRQ), cfg->rtc_start_ns);
    uart16550_create(VIRT_UART, plic_input(plic, UART_IRQ), serial);
    for (unsigned i = 0; i < VIRTIO_SLOTS; i++)
        virtio_mmio_create(VIRT_VIRTIO + 0x1000 * i, plic_input(plic, VIRTIO_IRQ + i), dev[i]);
    return dtb;
}
