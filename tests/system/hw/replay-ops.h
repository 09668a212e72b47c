/*
 * The register script of the qemu-replay case: accesses to the virt
 * board's devices, as a driver would make them, whose read values and
 * mip bits (MSIP, MTIP, SEIP, MEIP of hart 0) after each access are
 * recorded by a bare-metal program under qemu-system-riscv64 (replay.c)
 * and compared with what peek's devices give for the same accesses
 * (hw-test.c). Only what is deterministic in QEMU is here: no clocks, no
 * timeouts, and nothing where QEMU 7.2 departs from the specifications
 * (docs/system.md lists those). Shared by the host and the guest build.
 */
#ifndef PEEK_TESTS_SYSTEM_HW_REPLAY_OPS_H
#define PEEK_TESTS_SYSTEM_HW_REPLAY_OPS_H

#include <stdint.h>

typedef struct ReplayOp {
    uint64_t addr;
    uint8_t size, kind;
    uint64_t val;
} ReplayOp;

/* kind: a read, a write, a read repeated until it gives val, or a virtio
 * notification. QEMU completes virtio requests on another thread, peek on
 * the notifying hart, so a wait's first read on peek must give val; and
 * mip is not compared after a notification or a wait on RAM (the used
 * index: QEMU raises the interrupt just after writing it). After a wait
 * on InterruptStatus it is: QEMU sets that and the line together, under
 * the lock its MMIO reads take. Addresses from 0x80000000 are RAM: the
 * rings and buffers of virtio requests. */
enum { REPLAY_READ, REPLAY_WRITE, REPLAY_WAIT, REPLAY_NOTIFY };

#define REPLAY_MIP_MASK 0xa88u      /* MEIP, SEIP, MTIP, MSIP */

#define RD(a, s) { (a), (s), REPLAY_READ, 0 }
#define WR(a, s, v) { (a), (s), REPLAY_WRITE, (v) }
#define WAIT(a, s, v) { (a), (s), REPLAY_WAIT, (v) }
#define NOTIFY(a, q) { (a), 4, REPLAY_NOTIFY, (q) }
#define R(o) (0x80080000u + (o))    /* the driver's memory for virtio */
/* 512 bytes of data as 64 doublewords, at R(base) */
#define PAT(i) (0x0123456789abcdefull * ((i) + 1))
#define DW(base, i) WR(R(base) + 8 * (i), 8, PAT(i))
#define DW8(b, i) DW(b, i), DW(b, i + 1), DW(b, i + 2), DW(b, i + 3), DW(b, i + 4), DW(b, i + 5), \
    DW(b, i + 6), DW(b, i + 7)
#define DR(base, i) RD(R(base) + 8 * (i), 8)
#define DR8(b, i) DR(b, i), DR(b, i + 1), DR(b, i + 2), DR(b, i + 3), DR(b, i + 4), DR(b, i + 5), \
    DR(b, i + 6), DR(b, i + 7)
/* descriptor n of the table at R(0) */
#define DESC(n, addr, len, flags, next) WR(R(16 * (n)), 8, (addr)), WR(R(16 * (n) + 8), 4, (len)), \
    WR(R(16 * (n) + 12), 2, (flags)), WR(R(16 * (n) + 14), 2, (next))
#define U(r) (0x10000000u + (r))
#define PLIC(o) (0x0c000000u + (o))
#define BLK(o) (0x10008000u + (o))

static const ReplayOp replay_ops[] = {
    /* 16550A: power-on values, divisor latch, scratch, modem loopback */
    RD(U(5), 1), RD(U(2), 1), RD(U(6), 1), RD(U(1), 1), RD(U(3), 1), RD(U(4), 1),
    /* divisor 0xffff: 4 characters take 11 s, so QEMU's receive timeout
     * (on the host's clock without -icount) never fires during the run */
    WR(U(3), 1, 0x83), WR(U(0), 1, 0xff), WR(U(1), 1, 0xff), RD(U(0), 1), RD(U(1), 1),
    WR(U(3), 1, 0x03), RD(U(1), 1),
    WR(U(7), 1, 0x5a), RD(U(7), 1),
    WR(U(4), 1, 0x1f), RD(U(6), 1), WR(U(4), 1, 0x12), RD(U(6), 1), WR(U(4), 1, 0x10),
    RD(U(6), 1),
    /* loopback through the FIFO (trigger level 1) */
    WR(U(2), 1, 0x07), RD(U(2), 1), WR(U(0), 1, 'a'), WR(U(0), 1, 'b'), RD(U(5), 1),
    WR(U(1), 1, 0x01), RD(U(2), 1), RD(U(0), 1), RD(U(0), 1), RD(U(5), 1), RD(U(2), 1),
    /* without FIFO: overrun and the line-status interrupt */
    WR(U(2), 1, 0x00), WR(U(0), 1, 'p'), WR(U(0), 1, 'q'), WR(U(1), 1, 0x05),
    RD(U(2), 1), RD(U(5), 1), RD(U(5), 1), RD(U(2), 1), RD(U(0), 1), RD(U(2), 1),
    /* THR empty: raised by enabling it, cleared by reading IIR or writing THR */
    WR(U(1), 1, 0x02), RD(U(2), 1), RD(U(2), 1), WR(U(0), 1, 'x'), RD(U(2), 1),
    WR(U(1), 1, 0x00), RD(U(2), 1),
    /* PLIC: the UART's source 10 (pending since the THR-empty interrupt
     * above) to context 0 (hart 0 M); the priority last, as QEMU 7.2 does
     * not update its outputs on an enable write */
    WR(PLIC(0x2000), 4, 1u << 10), WR(PLIC(0x200000), 4, 0), WR(PLIC(4 * 10), 4, 1),
    RD(PLIC(4 * 10), 4), RD(PLIC(0x2000), 4),
    WR(U(1), 1, 0x02), RD(PLIC(0x1000), 4), RD(PLIC(0x200004), 4), RD(PLIC(0x1000), 4),
    RD(PLIC(0x200004), 4), WR(U(1), 1, 0x00), WR(PLIC(0x200004), 4, 10),
    RD(PLIC(0x1000), 4),
    /* threshold */
    WR(PLIC(0x200000), 4, 1), WR(U(1), 1, 0x02), RD(PLIC(0x1000), 4), RD(PLIC(0x200004), 4),
    WR(PLIC(0x200000), 4, 0), RD(PLIC(0x200004), 4), WR(U(1), 1, 0x00),
    WR(PLIC(0x200004), 4, 10), RD(PLIC(0x1000), 4),
    /* context 1 (hart 0 S) too; priorities */
    WR(PLIC(0x2080), 4, 1u << 10), WR(U(1), 1, 0x02), RD(PLIC(0x201004), 4),
    WR(U(1), 1, 0x00), WR(PLIC(0x201004), 4, 10), RD(PLIC(0x1000), 4),
    WR(PLIC(4 * 10), 4, 0xff), RD(PLIC(4 * 10), 4), WR(PLIC(0x201000), 4, 3),
    RD(PLIC(0x201000), 4),
    WR(PLIC(0x2080), 4, 0), WR(PLIC(0x2000), 4, 0),
    /* CLINT: msip, mtimecmp (mtime is small: the machine just started) */
    WR(0x2000000, 4, 1), RD(0x2000000, 4), WR(0x2000000, 4, 0), RD(0x2000000, 4),
    WR(0x2004000, 8, 0), RD(0x2004000, 8), WR(0x2004000, 8, ~0ull), RD(0x2004000, 8),
    WR(0x2004000, 4, 0), RD(0x2004000, 8), RD(0x2004004, 4), WR(0x2004004, 4, 0),
    WR(0x2004000, 8, ~0ull),
    /* RTC */
    WR(0x101010, 4, 1), RD(0x101010, 4), RD(0x101018, 4), WR(0x101010, 4, 0),
    /* virtio-mmio: an empty slot, and a drive's probe and handshake */
    RD(0x10001000, 4), RD(0x10001004, 4), RD(0x10001008, 4), RD(0x1000100c, 4),
    RD(BLK(0x000), 4), RD(BLK(0x004), 4), RD(BLK(0x008), 4), RD(BLK(0x00c), 4),
    RD(BLK(0x100), 4), RD(BLK(0x104), 4), RD(BLK(0x10c), 4), RD(BLK(0x114), 4),
    /* (not the device features: QEMU's virtio-blk offers more than ours) */
    WR(BLK(0x070), 4, 0), WR(BLK(0x070), 4, 3),
    WR(BLK(0x030), 4, 0), RD(BLK(0x034), 4), RD(BLK(0x044), 4),
    WR(BLK(0x024), 4, 1), WR(BLK(0x020), 4, 1), WR(BLK(0x024), 4, 0), WR(BLK(0x020), 4, 0),
    WR(BLK(0x070), 4, 0xb), RD(BLK(0x070), 4), RD(BLK(0x060), 4), WR(BLK(0x070), 4, 0),
    RD(BLK(0x070), 4),
    /* a write then a read of sector 2 through a queue of 8 at R(0) (desc),
     * R(0x1000) (avail), R(0x2000) (used), completion through PLIC 8 */
    WR(BLK(0x070), 4, 3), WR(BLK(0x024), 4, 1), WR(BLK(0x020), 4, 1), WR(BLK(0x024), 4, 0),
    WR(BLK(0x020), 4, 0), WR(BLK(0x070), 4, 0xb), WR(BLK(0x030), 4, 0), WR(BLK(0x038), 4, 8),
    WR(BLK(0x080), 4, R(0)), WR(BLK(0x084), 4, 0), WR(BLK(0x090), 4, R(0x1000)),
    WR(BLK(0x094), 4, 0), WR(BLK(0x0a0), 4, R(0x2000)), WR(BLK(0x0a4), 4, 0),
    WR(BLK(0x044), 4, 1), WR(BLK(0x070), 4, 0xf), RD(BLK(0x070), 4),
    WR(PLIC(0x2000), 4, 1u << 8), WR(PLIC(4 * 8), 4, 1),
    WR(R(0x3000), 4, 1), WR(R(0x3004), 4, 0), WR(R(0x3008), 8, 2),   /* OUT, sector 2 */
    DW8(0x4000, 0), DW8(0x4000, 8), DW8(0x4000, 16), DW8(0x4000, 24),
    DW8(0x4000, 32), DW8(0x4000, 40), DW8(0x4000, 48), DW8(0x4000, 56),
    DESC(0, R(0x3000), 16, 1, 1), DESC(1, R(0x4000), 512, 1, 2), DESC(2, R(0x5000), 1, 2, 0),
    WR(R(0x5000), 1, 0xff), WR(R(0x1000), 2, 0), WR(R(0x1004), 2, 0), WR(R(0x1002), 2, 1),
    NOTIFY(BLK(0x050), 0), WAIT(R(0x2002), 2, 1), WAIT(BLK(0x060), 4, 1),
    RD(R(0x2004), 4), RD(R(0x2008), 4), RD(R(0x5000), 1),
    RD(PLIC(0x200004), 4), WR(BLK(0x064), 4, 1), WR(PLIC(0x200004), 4, 8), RD(BLK(0x060), 4),
    WR(R(0x3000), 4, 0),                                              /* IN, sector 2 */
    DESC(1, R(0x6000), 512, 3, 2), WR(R(0x5000), 1, 0xff), WR(R(0x1006), 2, 0),
    WR(R(0x1002), 2, 2), NOTIFY(BLK(0x050), 0), WAIT(R(0x2002), 2, 2), WAIT(BLK(0x060), 4, 1),
    RD(R(0x200c), 4), RD(R(0x2010), 4), RD(R(0x5000), 1),
    DR8(0x6000, 0), DR8(0x6000, 8), DR8(0x6000, 16), DR8(0x6000, 24),
    DR8(0x6000, 32), DR8(0x6000, 40), DR8(0x6000, 48), DR8(0x6000, 56),
    RD(PLIC(0x200004), 4), WR(BLK(0x064), 4, 1), WR(PLIC(0x200004), 4, 8),
    WR(R(0x3000), 4, 8), WR(R(0x5000), 1, 0xff),                     /* GET_ID, no room */
    DESC(1, R(0x5000), 1, 2, 0), DESC(0, R(0x3000), 16, 1, 1), WR(R(0x1008), 2, 0),
    WR(R(0x1002), 2, 3), NOTIFY(BLK(0x050), 0), WAIT(R(0x2002), 2, 3), WAIT(BLK(0x060), 4, 1),
    RD(R(0x2014), 4), RD(R(0x2018), 4), RD(R(0x5000), 1),
    RD(PLIC(0x200004), 4), WR(BLK(0x064), 4, 1), WR(PLIC(0x200004), 4, 8),
    WR(BLK(0x070), 4, 0), WR(PLIC(0x2000), 4, 0),
};

#define REPLAY_N (sizeof(replay_ops) / sizeof(replay_ops[0]))

#endif
