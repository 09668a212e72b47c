/*
 * virtio-blk (virtio 1.1, 5.2) on a raw image file, one request queue.
 *
 * Offered: VIRTIO_F_VERSION_1, SEG_MAX (254), BLK_SIZE (512),
 * FLUSH, and RO for a read-only drive. A request is a chain whose
 * device-readable bytes start with the 16-byte header (type, reserved,
 * sector) and whose device-writable bytes end with the status byte; the
 * bytes between are the data, however the driver cut them into
 * descriptors. IN reads the image, OUT writes it, FLUSH is fdatasync,
 * GET_ID returns the drive's id (up to 20 bytes, zero-padded); other
 * types get UNSUPP. IOERR: a write to a read-only drive, data that is not
 * whole sectors, an access past the end of the image. Image I/O is
 * synchronous, on the notifying hart.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "virtio.h"

enum { BLK_F_SEG_MAX = 1u << 2, BLK_F_RO = 1u << 5, BLK_F_BLK_SIZE = 1u << 6,
       BLK_F_FLUSH = 1u << 9 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };
/* QEMU 7.2's numbers: a virtio-mmio queue of up to 1024 entries, and
 * seg_max from virtio-blk's default queue-size of 256. */
enum { QUEUE_MAX = 1024, SEG_MAX = 256 - 2, SECTOR = 512, ID_BYTES = 20, CHUNK = 65536 };

typedef struct VirtioBlk {
    VirtioDevice dev;
    int fd;
    bool readonly;
    uint64_t size;              /* bytes */
    char id[ID_BYTES];
    uint8_t config[24];
    uint8_t buf[CHUNK];
} VirtioBlk;

/* The chain as two byte streams: what the device reads, what it writes. */
typedef struct Streams {
    const VirtSeg *segs;
    unsigned n;
    uint64_t out_len, in_len;
} Streams;

/* Copy `len` bytes at offset `off` of the readable (write=false) or
 * writable stream to or from buf. */
static bool stream_copy(const Streams *s, bool write, uint64_t off, void *buf, uint64_t len)
{
    uint8_t *p = buf;
    for (unsigned i = 0; i < s->n && len; i++) {
        const VirtSeg *g = &s->segs[i];
        if (g->write != write)
            continue;
        if (off >= g->len) {
            off -= g->len;
            continue;
        }
        uint64_t k = g->len - off < len ? g->len - off : len;
        int r = write ? sys_phys_write(g->addr + off, p, k) : sys_phys_read(g->addr + off, p, k);
        if (r < 0)
            return false;
        p += k;
        len -= k;
        off = 0;
    }
    return len == 0;
}

/* One request: its status, and *written bytes put in the writable stream
 * before the status byte. */
static uint8_t blk_request(VirtioBlk *b, const Streams *s, uint64_t *written)
{
    struct { uint32_t type, reserved; uint64_t sector; } h;
    uint64_t data_in = s->in_len - 1, data_out = s->out_len - sizeof(h);
    *written = 0;
    if (s->out_len < sizeof(h) || !stream_copy(s, false, 0, &h, sizeof(h)))
        return S_IOERR;
    uint32_t type = le32toh(h.type);
    uint64_t pos = le64toh(h.sector) * SECTOR;
    bool in = type == T_IN;
    uint64_t len = in ? data_in : data_out;
    switch (type) {
    case T_IN:
    case T_OUT:
        if (len % SECTOR || le64toh(h.sector) > b->size / SECTOR || len > b->size - pos)
            return S_IOERR;
        if (!in && b->readonly)
            return S_IOERR;
        for (uint64_t done = 0; done < len; ) {
            size_t k = len - done < CHUNK ? (size_t)(len - done) : CHUNK;
            if (in) {
                if (pread(b->fd, b->buf, k, (off_t)(pos + done)) != (ssize_t)k ||
                    !stream_copy(s, true, done, b->buf, k))
                    return S_IOERR;
                *written = done + k;
            } else if (!stream_copy(s, false, sizeof(h) + done, b->buf, k) ||
                       pwrite(b->fd, b->buf, k, (off_t)(pos + done)) != (ssize_t)k) {
                return S_IOERR;
            }
            done += k;
        }
        return S_OK;
    case T_FLUSH:
        return fdatasync(b->fd) == 0 ? S_OK : S_IOERR;
    case T_GET_ID: {
        uint64_t k = data_in < ID_BYTES ? data_in : ID_BYTES;
        if (!stream_copy(s, true, 0, b->id, k))
            return S_IOERR;
        *written = k;
        return S_OK;
    }
    }
    return S_UNSUPP;
}

static bool blk_handle(VirtioDevice *dev, VirtQueue *vq)
{
    VirtioBlk *b = (VirtioBlk *)dev;
    uint16_t head;
    unsigned n;
    int r;
    while ((r = virtq_pop(vq, &head, &n)) > 0) {
        Streams s = { vq->segs, n, 0, 0 };
        for (unsigned i = 0; i < n; i++)
            *(vq->segs[i].write ? &s.in_len : &s.out_len) += vq->segs[i].len;
        if (s.in_len == 0)
            return false;       /* no room for the status byte */
        uint64_t written;
        uint8_t status = blk_request(b, &s, &written);
        if (!stream_copy(&s, true, s.in_len - 1, &status, 1) ||
            !virtq_push(vq, head, (uint32_t)(written + 1)))
            return false;
    }
    return r == 0;
}

VirtioDevice *virtio_blk_open(const char *id, const char *file, bool readonly, char *err,
                              size_t errlen)
{
    int fd = open(file, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "drive %s: cannot open '%s': %s", id, file, strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    VirtioBlk *b = calloc(1, sizeof(*b));
    if (!b) {
        snprintf(err, errlen, "out of memory");
        close(fd);
        return NULL;
    }
    b->fd = fd;
    b->readonly = readonly;
    b->size = (uint64_t)st.st_size;
    size_t id_len = strlen(id);     /* zero-padded; a 20-byte id has no terminator */
    memcpy(b->id, id, id_len < ID_BYTES ? id_len : ID_BYTES);
    uint64_t cap = htole64(b->size / SECTOR);
    uint32_t seg_max = htole32(SEG_MAX), blk_size = htole32(SECTOR);
    memcpy(b->config + 0, &cap, 8);
    memcpy(b->config + 12, &seg_max, 4);
    memcpy(b->config + 20, &blk_size, 4);
    b->dev = (VirtioDevice){
        .device_id = 2,
        .features = VIRTIO_F_VERSION_1 | BLK_F_SEG_MAX | BLK_F_BLK_SIZE | BLK_F_FLUSH |
                    (readonly ? BLK_F_RO : 0),
        .num_queues = 1,
        .queue_max = QUEUE_MAX,
        .config = b->config,
        .config_size = sizeof(b->config),
        .handle = blk_handle,
    };
    return &b->dev;
}
