/*
 * 16550A UART (the virt board's serial@10000000, PLIC source 10), byte
 * registers at offsets 0-7 as the datasheet numbers them:
 *
 *   0 RBR (read) / THR (write), DLL when LCR.DLAB   4 MCR
 *   1 IER, DLM when LCR.DLAB                         5 LSR (read only)
 *   2 IIR (read) / FCR (write)                       6 MSR (read only)
 *   3 LCR                                            7 SCR
 *
 * Transmission is instant: a THR write goes to the backend at once, so
 * LSR.THRE and TEMT always read 1 and the THR-empty interrupt is pending
 * again right after each write (while IER.ETBEI). Received bytes go into a
 * 16-byte FIFO (1 byte without FCR.FIFOE); the receive-data interrupt
 * rises when it holds the FCR trigger level, the character-timeout
 * interrupt when fewer wait and no byte came or left for four character
 * times (at the divisor's baud rate, 10 bits a character). IIR reports the
 * highest-priority cause: line status (overrun), received data or
 * timeout, THR empty. Reading IIR when it reports THR empty clears that
 * cause, as does writing THR. MCR.LOOP sends THR to the receiver and
 * shows the MCR outputs on MSR; otherwise MSR says DCD, DSR and CTS are
 * active. MCR starts with OUT2 set, as QEMU's. No modem-status
 * interrupts, parity or break.
 */
#include <stdlib.h>
#include <stdio.h>

#include "devices.h"

enum {
    IER_ERBFI = 0x01, IER_ETBEI = 0x02, IER_ELSI = 0x04,
    IIR_NONE = 0x01, IIR_THRE = 0x02, IIR_RDA = 0x04, IIR_RLS = 0x06, IIR_CTI = 0x0c,
    IIR_FIFO = 0xc0,
    FCR_FIFOE = 0x01, FCR_RXRST = 0x02, FCR_TXRST = 0x04,
    LCR_DLAB = 0x80,
    MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10,
    LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40,
    MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80,
};

#define FIFO_SIZE 16

struct Uart16550 {
    IRQ irq;
    CharBackend *chr;
    SysTimer *timeout;
    uint8_t ier, lcr, mcr, lsr_err, scr, fcr;
    uint16_t divisor;
    uint8_t rx[FIFO_SIZE];
    unsigned rx_head, rx_count;
    bool thr_pending;           /* the THR-empty cause, until IIR read or THR write */
    bool timeout_pending;
};

static unsigned rx_capacity(const Uart16550 *u)
{
    return (u->fcr & FCR_FIFOE) ? FIFO_SIZE : 1;
}

static unsigned rx_trigger(const Uart16550 *u)
{
    static const unsigned levels[4] = { 1, 4, 8, 14 };
    return (u->fcr & FCR_FIFOE) ? levels[u->fcr >> 6] : 1;
}

static uint8_t uart_iir(const Uart16550 *u)
{
    uint8_t fifo = (u->fcr & FCR_FIFOE) ? IIR_FIFO : 0;
    if ((u->ier & IER_ELSI) && u->lsr_err)
        return fifo | IIR_RLS;
    /* The datasheet ranks both second; QEMU reports the timeout first. */
    if ((u->ier & IER_ERBFI) && u->timeout_pending && u->rx_count)
        return fifo | IIR_CTI;
    if ((u->ier & IER_ERBFI) && u->rx_count >= rx_trigger(u))
        return fifo | IIR_RDA;
    if ((u->ier & IER_ETBEI) && u->thr_pending)
        return fifo | IIR_THRE;
    return fifo | IIR_NONE;
}

static void uart_update_irq(Uart16550 *u)
{
    irq_set(&u->irq, !(uart_iir(u) & IIR_NONE));
}

/* Four character times from now: a start bit, 8 data bits and a stop bit
 * each, at the UART clock over 16 * divisor. */
static void uart_restart_timeout(Uart16550 *u)
{
    uint64_t div = u->divisor ? u->divisor : 1;
    uint64_t char_ns = div * 16 * 10 * 1000000000ull / UART16550_CLOCK_HZ;
    u->timeout_pending = false;
    if (u->rx_count && (u->fcr & FCR_FIFOE))
        sys_timer_mod(u->timeout, sys_clock_ns() + 4 * char_ns);
    else
        sys_timer_del(u->timeout);
}

static void uart_timeout(void *opaque)
{
    Uart16550 *u = opaque;
    u->timeout_pending = u->rx_count > 0;
    uart_update_irq(u);
}

static void uart_rx_push(Uart16550 *u, uint8_t b)
{
    if (u->rx_count == rx_capacity(u)) {
        /* The datasheet: without FIFO the new byte replaces the unread
         * one; with it, the new byte is lost and the FIFO kept. */
        u->lsr_err |= LSR_OE;
        if (!(u->fcr & FCR_FIFOE))
            u->rx[u->rx_head] = b;
        return;
    }
    u->rx[(u->rx_head + u->rx_count++) % FIFO_SIZE] = b;
}

static int uart_can_receive(void *opaque)
{
    Uart16550 *u = opaque;
    if (u->mcr & MCR_LOOP)
        return 0;
    return (int)(rx_capacity(u) - u->rx_count);
}

static void uart_receive(void *opaque, const uint8_t *buf, size_t n)
{
    Uart16550 *u = opaque;
    for (size_t i = 0; i < n; i++)
        uart_rx_push(u, buf[i]);
    uart_restart_timeout(u);
    uart_update_irq(u);
}

static uint8_t uart_msr(const Uart16550 *u)
{
    if (!(u->mcr & MCR_LOOP))
        return MSR_DCD | MSR_DSR | MSR_CTS;
    return (u->mcr & MCR_RTS ? MSR_CTS : 0) | (u->mcr & MCR_DTR ? MSR_DSR : 0) |
           (u->mcr & MCR_OUT1 ? MSR_RI : 0) | (u->mcr & MCR_OUT2 ? MSR_DCD : 0);
}

static uint64_t uart_read(void *opaque, uint64_t off, unsigned size)
{
    Uart16550 *u = opaque;
    uint8_t v = 0;
    switch (off) {
    case 0:
        if (u->lcr & LCR_DLAB)
            return u->divisor & 0xff;
        if (u->rx_count) {
            v = u->rx[u->rx_head];
            u->rx_head = (u->rx_head + 1) % FIFO_SIZE;
            u->rx_count--;
            uart_restart_timeout(u);
            chr_accept_input(u->chr);
        }
        break;
    case 1:
        return (u->lcr & LCR_DLAB) ? u->divisor >> 8 : u->ier;
    case 2:
        v = uart_iir(u);
        if ((v & 0x0f) == IIR_THRE)
            u->thr_pending = false;
        break;
    case 3:
        return u->lcr;
    case 4:
        return u->mcr;
    case 5:
        v = LSR_THRE | LSR_TEMT | u->lsr_err | (u->rx_count ? LSR_DR : 0);
        u->lsr_err = 0;
        break;
    case 6:
        return uart_msr(u);
    default:                    /* 7: the region is 8 bytes, as QEMU's */
        return u->scr;
    }
    uart_update_irq(u);
    return v;
}

static void uart_write(void *opaque, uint64_t off, uint64_t val64, unsigned size)
{
    Uart16550 *u = opaque;
    uint8_t val = (uint8_t)val64;
    switch (off) {
    case 0:
        if (u->lcr & LCR_DLAB) {
            u->divisor = (u->divisor & 0xff00) | val;
            return;
        }
        if (u->mcr & MCR_LOOP) {
            uart_rx_push(u, val);
            uart_restart_timeout(u);
        } else {
            chr_write(u->chr, &val, 1);
        }
        u->thr_pending = true;  /* sent at once: THR is empty again */
        break;
    case 1:
        if (u->lcr & LCR_DLAB) {
            u->divisor = (uint16_t)((u->divisor & 0xff) | val << 8);
            return;
        }
        /* Enabling ETBEI with THR empty raises the THR-empty cause, as the
         * 16550A does and Linux's 8250 driver checks. */
        if ((val & IER_ETBEI) && !(u->ier & IER_ETBEI))
            u->thr_pending = true;
        u->ier = val & 0x0f;
        break;
    case 2:
        if ((val ^ u->fcr) & FCR_FIFOE)     /* switching FIFO mode empties both FIFOs */
            val |= FCR_RXRST | FCR_TXRST;
        if (val & FCR_RXRST) {
            u->rx_count = 0;
            u->timeout_pending = false;
            sys_timer_del(u->timeout);
            chr_accept_input(u->chr);
        }
        u->fcr = val & (FCR_FIFOE | 0xc0);
        break;
    case 3:
        u->lcr = val;
        return;
    case 4:
        u->mcr = val & 0x1f;
        chr_accept_input(u->chr);
        return;
    case 7:
        u->scr = val;
        return;
    default:
        sys_guest_error("serial: write to read-only register %llu ignored",
                        (unsigned long long)off);
        return;
    }
    uart_update_irq(u);
}

static const MemOps uart_ops = { .read = uart_read, .write = uart_write };

static void uart_reset(void *opaque)
{
    Uart16550 *u = opaque;
    u->ier = u->lcr = u->lsr_err = u->scr = u->fcr = 0;
    u->mcr = MCR_OUT2;
    u->divisor = 0;
    u->rx_head = u->rx_count = 0;
    u->thr_pending = u->timeout_pending = false;
    sys_timer_del(u->timeout);
    uart_update_irq(u);
    chr_accept_input(u->chr);
}

Uart16550 *uart16550_create(uint64_t base, IRQ irq, CharBackend *chr)
{
    Uart16550 *u = calloc(1, sizeof(*u));
    if (!u) {
        fprintf(stderr, "peek: out of memory\n");
        exit(1);
    }
    u->irq = irq;
    u->chr = chr;
    u->mcr = MCR_OUT2;
    u->timeout = sys_timer_new(uart_timeout, u);
    if (chr)
        chr_set_handlers(chr, uart_can_receive, uart_receive, u);
    hw_on_reset(uart_reset, u);
    sys_map_device("serial", base, 8, &uart_ops, u);
    return u;
}
