/*
 * virtio-mmio transport, version 2 (virtio 1.1, 4.2.2), and the split
 * virtqueues it carries (2.6). Control registers are 32-bit; the device's
 * configuration space from 0x100 is read in any width. The driver's
 * feature set is checked when it sets FEATURES_OK: it must accept
 * VIRTIO_F_VERSION_1 and nothing the device did not offer, else the bit
 * stays clear and the driver gives up, as the specification has it. A
 * notification is handled at once on the notifying hart; each used
 * buffer raises "used buffer" in InterruptStatus (unless the driver asked
 * for no interrupts) and the line stays high until InterruptACK clears
 * it. A malformed ring sets DEVICE_NEEDS_RESET and a configuration-change
 * interrupt, and the device stops until the driver resets it.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio.h"

enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
    DEVICE_FEATURES = 0x010, DEVICE_FEATURES_SEL = 0x014, DRIVER_FEATURES = 0x020,
    DRIVER_FEATURES_SEL = 0x024, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038,
    QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, INTERRUPT_STATUS = 0x060,
    INTERRUPT_ACK = 0x064, STATUS = 0x070, QUEUE_DESC_LOW = 0x080, QUEUE_DESC_HIGH = 0x084,
    QUEUE_DRIVER_LOW = 0x090, QUEUE_DRIVER_HIGH = 0x094, QUEUE_DEVICE_LOW = 0x0a0,
    QUEUE_DEVICE_HIGH = 0x0a4, CONFIG_GENERATION = 0x0fc, CONFIG = 0x100,
};
enum { ST_FEATURES_OK = 0x08, ST_DRIVER_OK = 0x04, ST_NEEDS_RESET = 0x40 };
enum { INT_USED = 1, INT_CONFIG = 2 };
enum { DESC_F_NEXT = 1, DESC_F_WRITE = 2, AVAIL_F_NO_INTERRUPT = 1 };

#define VIRTIO_MAGIC 0x74726976u    /* "virt" */
#define VIRTIO_VENDOR_QEMU 0x554d4551u

typedef struct VirtioMmio {
    VirtioDevice *dev;
    IRQ irq;
    uint32_t dev_features_sel, drv_features_sel, queue_sel, status, int_status;
    uint64_t drv_features;
    VirtQueue *queues;
} VirtioMmio;

/* ---- Split virtqueues ------------------------------------------------- */

static bool rd16(uint64_t pa, uint16_t *v)
{
    uint16_t le;
    if (sys_phys_read(pa, &le, 2) < 0)
        return false;
    *v = le16toh(le);
    return true;
}

int virtq_pop(VirtQueue *vq, uint16_t *head, unsigned *n)
{
    uint16_t avail_idx, i;
    if (!rd16(vq->avail + 2, &avail_idx))
        return -1;
    if (avail_idx == vq->last_avail)
        return 0;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);    /* the index before the ring and chain */
    if ((uint16_t)(avail_idx - vq->last_avail) > vq->num)
        return -1;
    if (!rd16(vq->avail + 4 + 2ull * (vq->last_avail % vq->num), head) || *head >= vq->num)
        return -1;
    vq->last_avail++;
    i = *head;
    for (*n = 0;; ) {
        struct { uint64_t addr; uint32_t len; uint16_t flags, next; } d;
        if (*n == vq->num || i >= vq->num || sys_phys_read(vq->desc + 16ull * i, &d, 16) < 0)
            return -1;          /* a loop, a bad index or a table outside RAM */
        vq->segs[(*n)++] = (VirtSeg){ le64toh(d.addr), le32toh(d.len),
                                      (le16toh(d.flags) & DESC_F_WRITE) != 0 };
        if (!(le16toh(d.flags) & DESC_F_NEXT))
            return 1;
        i = le16toh(d.next);
    }
}

bool virtq_push(VirtQueue *vq, uint16_t head, uint32_t len)
{
    uint32_t elem[2] = { htole32(head), htole32(len) };
    if (sys_phys_write(vq->used + 4 + 8ull * (vq->used_idx % vq->num), elem, 8) < 0)
        return false;
    vq->used_idx++;
    uint16_t idx = htole16(vq->used_idx);
    __atomic_thread_fence(__ATOMIC_RELEASE);    /* the element before the index */
    if (sys_phys_write(vq->used + 2, &idx, 2) < 0)
        return false;
    vq->pushed = true;
    return true;
}

/* ---- The transport ----------------------------------------------------- */

static void mmio_update_irq(VirtioMmio *m)
{
    irq_set(&m->irq, m->int_status != 0);
}

static void mmio_reset(VirtioMmio *m)
{
    m->dev_features_sel = m->drv_features_sel = m->queue_sel = m->status = m->int_status = 0;
    m->drv_features = 0;
    for (unsigned i = 0; m->dev && i < m->dev->num_queues; i++) {
        VirtSeg *segs = m->queues[i].segs;
        m->queues[i] = (VirtQueue){ .segs = segs };
    }
    mmio_update_irq(m);
}

static void mmio_reset_hook(void *opaque)
{
    mmio_reset(opaque);
}

static VirtQueue *cur_queue(VirtioMmio *m)
{
    return m->dev && m->queue_sel < m->dev->num_queues ? &m->queues[m->queue_sel] : NULL;
}

static void mmio_notify(VirtioMmio *m, uint32_t q)
{
    if (!m->dev || q >= m->dev->num_queues || !(m->status & ST_DRIVER_OK) ||
        (m->status & ST_NEEDS_RESET))
        return;
    VirtQueue *vq = &m->queues[q];
    if (!vq->ready)
        return;
    vq->pushed = false;
    if (!m->dev->handle(m->dev, vq)) {
        m->status |= ST_NEEDS_RESET;
        m->int_status |= INT_CONFIG;
        sys_guest_error("virtio@queue %u: malformed ring, device needs a reset", q);
    }
    uint16_t flags = 0;
    if (vq->pushed && !(rd16(vq->avail, &flags) && (flags & AVAIL_F_NO_INTERRUPT)))
        m->int_status |= INT_USED;
    mmio_update_irq(m);
}

static uint64_t mmio_read(void *opaque, uint64_t off, unsigned size)
{
    VirtioMmio *m = opaque;
    VirtioDevice *d = m->dev;
    VirtQueue *vq = cur_queue(m);
    if (off >= CONFIG) {
        uint64_t v = 0;
        if (!d || off - CONFIG + size > d->config_size)
            return 0;
        for (unsigned i = 0; i < size; i++)
            v |= (uint64_t)d->config[off - CONFIG + i] << (8 * i);
        return v;
    }
    if (size != 4) {
        sys_guest_error("virtio: %u-byte read of register 0x%llx", size, (unsigned long long)off);
        return 0;
    }
    switch (off) {
    case MAGIC:
        return VIRTIO_MAGIC;
    case VERSION:
        return 2;
    case DEVICE_ID:
        return d ? d->device_id : 0;
    case VENDOR_ID:
        return VIRTIO_VENDOR_QEMU;
    case DEVICE_FEATURES:
        return d && m->dev_features_sel < 2 ? (uint32_t)(d->features >> (32 * m->dev_features_sel)) : 0;
    case QUEUE_NUM_MAX:
        return vq ? d->queue_max : 0;
    case QUEUE_READY:
        return vq ? vq->ready : 0;
    case INTERRUPT_STATUS:
        return m->int_status;
    case STATUS:
        return m->status;
    case CONFIG_GENERATION:
        return 0;
    }
    sys_guest_error("virtio: read of register 0x%llx", (unsigned long long)off);
    return 0;
}

static void set_half(uint64_t *reg, bool high, uint64_t val)
{
    *reg = high ? (*reg & 0xffffffffull) | val << 32 : (*reg & ~0xffffffffull) | (uint32_t)val;
}

static void mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    VirtioMmio *m = opaque;
    VirtQueue *vq = cur_queue(m);
    if (off >= CONFIG || size != 4) {
        sys_guest_error("virtio: %u-byte write to 0x%llx ignored", size, (unsigned long long)off);
        return;
    }
    val = (uint32_t)val;
    switch (off) {
    case DEVICE_FEATURES_SEL:
        m->dev_features_sel = (uint32_t)val;
        return;
    case DRIVER_FEATURES:
        if (m->drv_features_sel < 2)
            set_half(&m->drv_features, m->drv_features_sel, val);
        return;
    case DRIVER_FEATURES_SEL:
        m->drv_features_sel = (uint32_t)val;
        return;
    case QUEUE_SEL:
        m->queue_sel = (uint32_t)val;
        return;
    case QUEUE_NUM:
        if (vq && val >= 1 && val <= m->dev->queue_max)
            vq->num = (uint16_t)val;
        else if (vq)
            sys_guest_error("virtio: queue size %llu out of range", (unsigned long long)val);
        return;
    case QUEUE_READY:
        if (vq)
            vq->ready = (val & 1) && vq->num;
        return;
    case QUEUE_NOTIFY:
        mmio_notify(m, (uint32_t)val);
        return;
    case INTERRUPT_ACK:
        m->int_status &= ~(uint32_t)val;
        mmio_update_irq(m);
        return;
    case STATUS:
        if (val == 0) {
            mmio_reset(m);
            return;
        }
        if ((val & ST_FEATURES_OK) && !(m->status & ST_FEATURES_OK)) {
            uint64_t offered = m->dev ? m->dev->features : 0;
            if ((m->drv_features & ~offered) || !(m->drv_features & VIRTIO_F_VERSION_1))
                val &= ~(uint64_t)ST_FEATURES_OK;
        }
        m->status = (uint32_t)val | (m->status & ST_NEEDS_RESET);
        return;
    case QUEUE_DESC_LOW: case QUEUE_DESC_HIGH:
        if (vq)
            set_half(&vq->desc, off == QUEUE_DESC_HIGH, val);
        return;
    case QUEUE_DRIVER_LOW: case QUEUE_DRIVER_HIGH:
        if (vq)
            set_half(&vq->avail, off == QUEUE_DRIVER_HIGH, val);
        return;
    case QUEUE_DEVICE_LOW: case QUEUE_DEVICE_HIGH:
        if (vq)
            set_half(&vq->used, off == QUEUE_DEVICE_HIGH, val);
        return;
    }
    sys_guest_error("virtio: write to register 0x%llx ignored", (unsigned long long)off);
}

static const MemOps virtio_mmio_ops = { .read = mmio_read, .write = mmio_write };

void virtio_mmio_create(uint64_t base, IRQ irq, VirtioDevice *dev)
{
    VirtioMmio *m = calloc(1, sizeof(*m));
    if (!m)
        goto oom;
    m->dev = dev;
    m->irq = irq;
    if (dev) {
        m->queues = calloc(dev->num_queues, sizeof(VirtQueue));
        if (!m->queues)
            goto oom;
        for (unsigned i = 0; i < dev->num_queues; i++)
            if (!(m->queues[i].segs = calloc(dev->queue_max, sizeof(VirtSeg))))
                goto oom;
    }
    hw_on_reset(mmio_reset_hook, m);
    sys_map_device("virtio-mmio", base, 0x200, &virtio_mmio_ops, m);
    return;
oom:
    fprintf(stderr, "peek: out of memory\n");
    exit(1);
}
