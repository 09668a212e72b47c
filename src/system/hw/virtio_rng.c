/*
 * virtio-rng, the entropy device (virtio 1.1, 5.4): one request queue,
 * no features but VIRTIO_F_VERSION_1, no configuration space. The driver
 * offers device-writable buffers; the device fills them with bytes from
 * the host and returns them with the count written.
 *
 * The host's side is QEMU's pair of backends: a file read as a byte
 * stream (-object rng-random,filename=F, /dev/urandom by default), or
 * getrandom(2) (rng-builtin, what -device virtio-rng-device without rng=
 * gets). Requests are served synchronously on the notifying hart; a file
 * that ends (a regular file) returns what it had, down to nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "virtio.h"

/* A request gets at most REQUEST_MAX bytes (the driver takes a shorter
 * answer), so that a huge chain cannot hold the hart for long. */
enum { QUEUE_MAX = 1024, CHUNK = 4096, REQUEST_MAX = 65536 };

typedef struct VirtioRng {
    VirtioDevice dev;
    int fd;                     /* -1: getrandom() */
    uint8_t buf[CHUNK];
} VirtioRng;

/* Up to n random bytes into r->buf; how many (0: the source ended or failed). */
static size_t rng_read(VirtioRng *r, size_t n)
{
    for (;;) {
        ssize_t k = r->fd < 0 ? getrandom(r->buf, n, 0) : read(r->fd, r->buf, n);
        if (k >= 0)
            return (size_t)k;
        if (errno != EINTR) {
            sys_guest_error("virtio-rng: reading the host's source: %s", strerror(errno));
            return 0;
        }
    }
}

/* Fill the chain's writable segments; the bytes written, or -1 if a
 * segment is not RAM. */
static int64_t rng_fill(VirtioRng *r, const VirtSeg *segs, unsigned n)
{
    int64_t written = 0;
    for (unsigned i = 0; i < n; i++) {
        if (!segs[i].write)
            continue;
        for (uint32_t off = 0; off < segs[i].len && written < REQUEST_MAX;) {
            size_t want = segs[i].len - off < CHUNK ? segs[i].len - off : CHUNK;
            if (want > (size_t)(REQUEST_MAX - written))
                want = (size_t)(REQUEST_MAX - written);
            size_t got = rng_read(r, want);
            if (got == 0)
                return written;
            if (sys_phys_write(segs[i].addr + off, r->buf, got) < 0)
                return -1;
            off += (uint32_t)got;
            written += (int64_t)got;
        }
    }
    return written;
}

static bool rng_handle(VirtioDevice *dev, VirtQueue *vq)
{
    VirtioRng *r = (VirtioRng *)dev;
    uint16_t head;
    unsigned n;
    int k;
    while ((k = virtq_pop(vq, &head, &n)) > 0) {
        int64_t written = rng_fill(r, vq->segs, n);
        if (written < 0 || !virtq_push(vq, head, (uint32_t)written))
            return false;
    }
    return k == 0;
}

VirtioDevice *virtio_rng_open(const char *file, char *err, size_t errlen)
{
    int fd = -1;
    if (file && (fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
        snprintf(err, errlen, "rng-random: cannot open '%s': %s", file, strerror(errno));
        return NULL;
    }
    VirtioRng *r = calloc(1, sizeof(*r));
    if (!r) {
        snprintf(err, errlen, "out of memory");
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    r->fd = fd;
    r->dev = (VirtioDevice){
        .device_id = 4,
        .features = VIRTIO_F_VERSION_1,
        .num_queues = 1,
        .queue_max = QUEUE_MAX,
        .handle = rng_handle,
    };
    return &r->dev;
}
