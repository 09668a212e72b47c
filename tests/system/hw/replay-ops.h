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
    uint8_t size, write;
    uint64_t val;
} ReplayOp;

#define REPLAY_MIP_MASK 0xa88u      /* MEIP, SEIP, MTIP, MSIP */

#define RD(a, s) { (a), (s), 0, 0 }
#define WR(a, s, v) { (a), (s), 1, (v) }
#define U(r) (0x10000000u + (r))
#define PLIC(o) (0x0c000000u + (o))
#define BLK(o) (0x10008000u + (o))

static const ReplayOp replay_ops[] = {
    /* 16550A: power-on values, divisor latch, scratch, modem loopback */
    RD(U(5), 1), RD(U(2), 1), RD(U(6), 1), RD(U(1), 1), RD(U(3), 1), RD(U(4), 1),
    WR(U(3), 1, 0x83), WR(U(0), 1, 0x01), WR(U(1), 1, 0x00), RD(U(0), 1), RD(U(1), 1),
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
};

#define REPLAY_N (sizeof(replay_ops) / sizeof(replay_ops[0]))

#endif
