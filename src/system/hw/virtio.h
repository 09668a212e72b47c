/*
 * Between the virtio-mmio transport (virtio_mmio.c) and the devices behind
 * it (virtio_blk.c): a device says what it offers (ID, features, queues,
 * configuration bytes) and handles a queue when the driver notifies it;
 * the transport owns the registers, the feature and status handshake and
 * the split virtqueues in guest memory (virtio 1.1, 2.6), which a device
 * walks with virtq_pop() and answers with virtq_push().
 */
#ifndef PEEK_SYSTEM_HW_VIRTIO_H
#define PEEK_SYSTEM_HW_VIRTIO_H

#include "devices.h"

#define VIRTIO_F_VERSION_1 (1ull << 32)

/* One descriptor of a chain: guest-physical buffer, device-writable or not. */
typedef struct VirtSeg {
    uint64_t addr;
    uint32_t len;
    bool write;
} VirtSeg;

typedef struct VirtQueue {
    uint16_t num;               /* QueueNum */
    bool ready;
    uint64_t desc, avail, used; /* guest-physical addresses of the three parts */
    uint16_t last_avail, used_idx;
    bool pushed;                /* a used buffer since the transport last looked */
    VirtSeg *segs;              /* room for a chain of queue_max descriptors */
} VirtQueue;

struct VirtioDevice {
    uint32_t device_id;
    uint64_t features;
    unsigned num_queues;
    uint16_t queue_max;
    const uint8_t *config;      /* little-endian configuration space */
    uint32_t config_size;
    /* The driver notified queue vq: consume what is available. false: the
     * driver broke the ring (the device then needs a reset). */
    bool (*handle)(VirtioDevice *dev, VirtQueue *vq);
};

/* The next available chain: 1 with its head and *n segments, 0 when none is
 * available, -1 when the ring or chain is malformed. */
int virtq_pop(VirtQueue *vq, uint16_t *head, unsigned *n);
/* Return chain `head` to the driver with `len` bytes written into it. */
bool virtq_push(VirtQueue *vq, uint16_t head, uint32_t len);

#endif
