/*
 * Unit tests of the virt board's devices, linked with the test double of
 * the core (fakecore.c): each case pokes registers as a driver would and
 * checks what the 16550 datasheet, the SiFive test finisher, the RISC-V
 * ACLINT and PLIC specifications, the goldfish RTC's register list and
 * the virtio 1.1 specification say must follow, values worked out by
 * hand. Cases that need the I/O thread or the terminal run in a child
 * process (they take over its stdin and stdout). One PASS/FAIL line each.
 *   hw-test [SCRATCH-DIR [QEMU-REPLAY-OUTPUT]]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "fakecore.h"
#include "system/hw/devices.h"
#include "system/hw/virt.h"
#include "replay-ops.h"

/* The harness's state: one case runs at a time, and the devices a case
 * made stay mapped (in the fake core) until the process ends. */
static const char *scratch = ".";
static int failed;
static char why[512];
static int n_failed;

#define EXPECT_EQ(got, want)                                                            \
    do {                                                                                \
        unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
        if (g_ != w_ && !failed) {                                                      \
            failed = 1;                                                                 \
            snprintf(why, sizeof(why), "line %d: %s is 0x%llx, want 0x%llx", __LINE__,  \
                     #got, g_, w_);                                                     \
        }                                                                               \
    } while (0)
#define EXPECT(cond)                                                                    \
    do {                                                                                \
        if (!(cond) && !failed) {                                                       \
            failed = 1;                                                                 \
            snprintf(why, sizeof(why), "line %d: %s is false", __LINE__, #cond);        \
        }                                                                               \
    } while (0)

static void report(const char *name)
{
    if (failed) {
        printf("FAIL %s: %s\n", name, why);
        n_failed++;
    } else {
        printf("PASS %s\n", name);
    }
    fflush(stdout);
}

static void run(const char *name, void (*fn)(void))
{
    failed = 0;
    fake_reset_records();
    fn();
    report(name);
}

/* Run fn in a child (it may take over fds 0 and 1); its verdict comes back
 * through a pipe. */
static void run_child(const char *name, void (*fn)(void))
{
    int p[2];
    if (pipe(p) < 0) {
        perror("pipe");
        exit(2);
    }
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        failed = 0;
        fake_reset_records();
        fn();
        if (failed && write(p[1], why, strlen(why)) < 0)
            _exit(3);
        _exit(failed);
    }
    close(p[1]);
    ssize_t n = read(p[0], why, sizeof(why) - 1);
    why[n > 0 ? n : 0] = 0;
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    failed = !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    if (failed && !why[0])
        snprintf(why, sizeof(why), "child ended with status 0x%x", st);
    report(name);
}

/* An interrupt line that records its level. */
typedef struct Line {
    int level, rises;
} Line;

static void line_set(void *opaque, int n, int level)
{
    Line *l = opaque;
    if (level && !l->level)
        l->rises++;
    l->level = level;
}

static IRQ line_irq(Line *l)
{
    return (IRQ){ line_set, l, 0 };
}

/* Each case's devices at their own address, so that cases do not meet. */
static uint64_t next_base = 0x40000000;

static uint64_t fresh_base(void)
{
    next_base += 0x1000000;
    return next_base;
}

/* ---- 16550A ----------------------------------------------------------- */

enum { RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4,
       LSR = 5, MSR = 6, SCR = 7 };

static uint64_t ub;     /* the current case's UART base */
static Line uline;

static uint8_t ur(unsigned reg)
{
    return (uint8_t)mmio_read(ub + reg, 1);
}

static void uw(unsigned reg, uint8_t v)
{
    mmio_write(ub + reg, v, 1);
}

static void new_uart(CharBackend *chr)
{
    uline = (Line){ 0 };
    ub = fresh_base();
    uart16550_create(ub, line_irq(&uline), chr);
}

static void t_uart_reset_state(void)
{
    new_uart(NULL);
    EXPECT_EQ(ur(LSR), 0x60);       /* THRE | TEMT */
    EXPECT_EQ(ur(IIR), 0x01);       /* no interrupt, FIFOs off */
    EXPECT_EQ(ur(IER), 0x00);
    EXPECT_EQ(ur(LCR), 0x00);
    EXPECT_EQ(ur(MCR), 0x08);       /* OUT2, as QEMU's 16550 starts */
    EXPECT_EQ(ur(MSR), 0xb0);       /* DCD, DSR, CTS */
    EXPECT_EQ(uline.level, 0);
}

static void t_uart_divisor_latch(void)
{
    new_uart(NULL);
    uw(LCR, 0x83);                  /* DLAB, 8N1 */
    uw(DLL, 0x0c);
    uw(DLM, 0x01);
    EXPECT_EQ(ur(DLL), 0x0c);
    EXPECT_EQ(ur(DLM), 0x01);
    uw(LCR, 0x03);
    EXPECT_EQ(ur(LCR), 0x03);
    EXPECT_EQ(ur(IER), 0x00);       /* offset 1 is IER again */
    uw(IER, 0x05);
    EXPECT_EQ(ur(IER), 0x05);
    uw(LCR, 0x83);
    EXPECT_EQ(ur(DLM), 0x01);       /* IER's write did not reach DLM */
    uw(SCR, 0x5a);
    EXPECT_EQ(ur(SCR), 0x5a);
}

static void t_uart_transmit(void)
{
    char path[512], err[256], got[16] = { 0 };
    snprintf(path, sizeof(path), "%s/uart-tx.out", scratch);
    char spec[600];
    snprintf(spec, sizeof(spec), "file:%s", path);
    CharBackend *c = chr_open(spec, err, sizeof(err));
    EXPECT(c != NULL);
    if (!c)
        return;
    new_uart(c);
    uw(LCR, 0x03);
    uw(THR, 'o');
    uw(THR, 'k');
    uw(THR, '\n');
    EXPECT_EQ(ur(LSR), 0x60);       /* sent at once: still empty */
    FILE *f = fopen(path, "r");
    EXPECT(f != NULL);
    if (f) {
        EXPECT_EQ(fread(got, 1, sizeof(got), f), 3);
        fclose(f);
    }
    EXPECT(strcmp(got, "ok\n") == 0);
}

static void t_uart_thre_interrupt(void)
{
    new_uart(NULL);
    uw(IER, 0x02);                  /* ETBEI with THR empty: pending at once */
    EXPECT_EQ(uline.level, 1);
    EXPECT_EQ(ur(IIR), 0x02);
    EXPECT_EQ(uline.level, 0);      /* reading IIR that names THRE clears it */
    EXPECT_EQ(ur(IIR), 0x01);
    uw(THR, 'a');
    EXPECT_EQ(uline.level, 1);      /* empty again after the byte left */
    EXPECT_EQ(ur(IIR), 0x02);
    uw(THR, 'b');
    uw(IER, 0x00);
    EXPECT_EQ(uline.level, 0);
    EXPECT_EQ(ur(IIR), 0x01);
}

static void t_uart_fifo_trigger(void)
{
    new_uart(NULL);
    uw(MCR, 0x10);                  /* loopback */
    uw(FCR, 0x81);                  /* FIFO on, trigger level 8 */
    uw(IER, 0x01);
    for (int i = 0; i < 7; i++)
        uw(THR, (uint8_t)('A' + i));
    EXPECT_EQ(ur(LSR), 0x61);
    EXPECT_EQ(ur(IIR), 0xc1);       /* 7 < 8: no interrupt yet */
    EXPECT_EQ(uline.level, 0);
    uw(THR, 'H');
    EXPECT_EQ(ur(IIR), 0xc4);       /* received data at the trigger level */
    EXPECT_EQ(uline.level, 1);
    for (int i = 0; i < 8; i++)
        EXPECT_EQ(ur(RBR), 'A' + i);
    EXPECT_EQ(ur(LSR), 0x60);
    EXPECT_EQ(ur(IIR), 0xc1);
    EXPECT_EQ(uline.level, 0);
    for (int i = 0; i < 17; i++)    /* 16 fit, the 17th overruns */
        uw(THR, (uint8_t)i);
    EXPECT_EQ(ur(LSR), 0x63);       /* DR | OE | THRE | TEMT */
    EXPECT_EQ(ur(LSR), 0x61);       /* OE clears on read */
    for (int i = 0; i < 16; i++)
        EXPECT_EQ(ur(RBR), i);
    uw(THR, 1);
    uw(FCR, 0x83);                  /* receive FIFO reset */
    EXPECT_EQ(ur(LSR), 0x60);
}

static void t_uart_char_timeout(void)
{
    new_uart(NULL);
    fake_clock_set(1000000);
    uw(LCR, 0x83);
    uw(DLL, 1);                     /* 115200 baud: 10 bits = 43403 ns */
    uw(LCR, 0x03);
    uw(MCR, 0x10);
    uw(FCR, 0xc1);                  /* trigger 14 */
    uw(IER, 0x01);
    uw(THR, 'z');
    EXPECT_EQ(ur(IIR), 0xc1);
    fake_clock_set(1000000 + 170000);   /* 4 characters are 173611 ns */
    EXPECT_EQ(ur(IIR), 0xc1);
    EXPECT_EQ(uline.level, 0);
    fake_clock_set(1000000 + 180000);
    EXPECT_EQ(ur(IIR), 0xcc);       /* character timeout */
    EXPECT_EQ(uline.level, 1);
    EXPECT_EQ(ur(RBR), 'z');
    EXPECT_EQ(ur(IIR), 0xc1);
    EXPECT_EQ(uline.level, 0);
    uw(FCR, 0x07);                  /* trigger 1: received data at once */
    uw(THR, 'y');
    EXPECT_EQ(ur(IIR), 0xc4);
    fake_clock_set(1000000 + 400000);
    EXPECT_EQ(ur(IIR), 0xcc);       /* both pending: the timeout first, as QEMU */
}

static void t_uart_line_status(void)
{
    new_uart(NULL);
    uw(MCR, 0x10);                  /* FIFO off: a 1-byte holding register */
    uw(IER, 0x05);                  /* ERBFI | ELSI */
    uw(THR, 'p');
    EXPECT_EQ(ur(IIR), 0x04);
    uw(THR, 'q');                   /* overrun */
    EXPECT_EQ(ur(IIR), 0x06);       /* line status outranks received data */
    EXPECT_EQ(ur(LSR), 0x63);
    EXPECT_EQ(ur(IIR), 0x04);
    EXPECT_EQ(ur(RBR), 'q');        /* without FIFO the overrun replaced 'p' */
    EXPECT_EQ(ur(IIR), 0x01);
    EXPECT_EQ(uline.level, 0);
}

static void t_uart_modem_loopback(void)
{
    new_uart(NULL);
    uw(MCR, 0x1f);                  /* loop, OUT2, OUT1, RTS, DTR */
    EXPECT_EQ(ur(MSR), 0xf0);       /* DCD, RI, DSR, CTS */
    uw(MCR, 0x12);                  /* loop, RTS */
    EXPECT_EQ(ur(MSR), 0x10);
    uw(MCR, 0x10);
    EXPECT_EQ(ur(MSR), 0x00);
    uw(MCR, 0x00);
    EXPECT_EQ(ur(MSR), 0xb0);
}

/* ---- Character backends (children: they own fds 0 and 1) ---------- */

static int out_pipe[2];

/* fd 0 and 1 become pipes; returns the fd that writes the guest's input. */
static int take_stdio(void)
{
    int in[2];
    if (pipe(in) < 0 || pipe(out_pipe) < 0)
        exit(2);
    dup2(in[0], 0);
    dup2(out_pipe[1], 1);
    fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
    return in[1];
}

/* Wait up to 2 s for the UART to have a byte, then read it; -1 if none. */
static int uart_getc_wait(void)
{
    for (int i = 0; i < 2000; i++) {
        if (ur(LSR) & 1)
            return ur(RBR);
        usleep(1000);
    }
    return -1;
}

static void t_chr_stdio_input(void)
{
    int w = take_stdio();
    char err[256];
    sys_timers_use_icount();
    CharBackend *c = chr_open("stdio", err, sizeof(err));
    EXPECT(c != NULL);
    new_uart(c);
    sys_iothread_start();
    uw(FCR, 0x01);
    EXPECT_EQ(write(w, "abc", 3), 3);
    EXPECT_EQ(uart_getc_wait(), 'a');
    EXPECT_EQ(uart_getc_wait(), 'b');
    EXPECT_EQ(uart_getc_wait(), 'c');
    EXPECT_EQ(chr_open("mon:stdio", err, sizeof(err)) == NULL, 1);  /* stdio is taken */
}

static void t_chr_backpressure(void)
{
    /* FIFO off: the UART takes one byte at a time, the rest waits in the
     * backend until RBR is read. */
    int w = take_stdio();
    char err[256];
    sys_timers_use_icount();
    CharBackend *c = chr_open("stdio", err, sizeof(err));
    new_uart(c);
    sys_iothread_start();
    EXPECT_EQ(write(w, "xyz", 3), 3);
    for (int i = 0; i < 2000 && !(ur(LSR) & 1); i++)
        usleep(1000);
    usleep(50000);                  /* time to (wrongly) push y and z too */
    EXPECT_EQ(ur(LSR), 0x61);       /* no overrun: the backend held y and z back */
    EXPECT_EQ(uart_getc_wait(), 'x');
    EXPECT_EQ(uart_getc_wait(), 'y');
    EXPECT_EQ(uart_getc_wait(), 'z');
    EXPECT_EQ(ur(LSR) & 2, 0);
}

static void t_chr_mon_keys(void)
{
    int w = take_stdio();
    char err[256], out[4096] = { 0 };
    sys_timers_use_icount();
    CharBackend *c = chr_open("mon:stdio", err, sizeof(err));
    new_uart(c);
    uw(FCR, 0x01);
    sys_iothread_start();
    EXPECT_EQ(write(w, "q\x01\x01\x01" "a\x03\x01h", 8), 8);
    EXPECT_EQ(uart_getc_wait(), 'q');
    EXPECT_EQ(uart_getc_wait(), 0x01);      /* C-a C-a */
    EXPECT_EQ(uart_getc_wait(), 0x01);      /* C-a a */
    EXPECT_EQ(uart_getc_wait(), 0x03);      /* Ctrl-C is the guest's */
    usleep(50000);
    EXPECT_EQ(ur(LSR) & 1, 0);              /* C-a h sent nothing */
    EXPECT_EQ(fake_poweroffs, 0);
    EXPECT_EQ(write(w, "\x01x", 2), 2);
    int offs = 0, status = -1;
    for (int i = 0; i < 2000 && !offs; i++) {
        usleep(1000);
        sys_dev_lock();                     /* written under it, by the I/O thread */
        offs = fake_poweroffs;
        status = fake_poweroff_status;
        sys_dev_unlock();
    }
    EXPECT_EQ(offs, 1);
    EXPECT_EQ(status, 0);
    ssize_t n = read(out_pipe[0], out, sizeof(out) - 1);
    EXPECT(n > 0);
    EXPECT(strstr(out, "C-a x") != NULL);   /* the help */
    EXPECT(strstr(out, "Terminated") != NULL);
}

static CharBackend *null_chr;   /* kept: backends live as long as the machine */

static void t_chr_specs(void)
{
    char err[256], spec[600];
    null_chr = chr_open("null", err, sizeof(err));
    EXPECT(null_chr != NULL);
    chr_write(null_chr, (const uint8_t *)"dropped", 7);
    EXPECT(chr_open("telnet:x", err, sizeof(err)) == NULL);
    EXPECT(strstr(err, "telnet:x") != NULL);
    snprintf(spec, sizeof(spec), "file:%s/no-such-dir/out", scratch);
    EXPECT(chr_open(spec, err, sizeof(err)) == NULL);
    EXPECT(strstr(err, "No such file") != NULL);
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* No stdin at all, or one at its end: the I/O thread stops watching it
 * instead of spinning on poll(). */
static void stdin_gone(bool closed)
{
    char err[256];
    int w = take_stdio();
    if (!closed)
        close(w);               /* end of input */
    sys_timers_use_icount();
    CharBackend *c = chr_open("stdio", err, sizeof(err));
    EXPECT(c != NULL);
    new_uart(c);
    sys_iothread_start();
    if (closed) {
        close(0);               /* gone while watched: poll says POLLNVAL */
        iothread_kick();
    }
    usleep(20000);
    double t0 = cpu_seconds();
    usleep(200000);
    EXPECT(cpu_seconds() - t0 < 0.05);      /* a spinning thread would use ~0.2 s */
    EXPECT_EQ(ur(LSR), 0x60);
}

/* peek started with stdin closed: the backend has no input side, and a
 * file that a later open gets as descriptor 0 is not read as the guest's
 * input. */
static void t_chr_stdin_none(void)
{
    char err[256], path[600];
    close(0);
    sys_timers_use_icount();
    CharBackend *c = chr_open("stdio", err, sizeof(err));
    EXPECT(c != NULL);
    new_uart(c);
    uw(FCR, 0x01);
    snprintf(path, sizeof(path), "%s/not-input", scratch);
    FILE *f = fopen(path, "w");
    fputs("X", f);
    fclose(f);
    EXPECT_EQ(open(path, O_RDONLY), 0);
    sys_iothread_start();
    usleep(50000);
    EXPECT_EQ(ur(LSR), 0x60);
}

static void t_chr_stdin_closed(void)
{
    stdin_gone(true);
}

static void t_chr_stdin_eof(void)
{
    stdin_gone(false);
}

/* The terminal: raw while peek runs, as it was once peek exits. */
static void tty_case(const char *spec, int want_isig)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    EXPECT(master >= 0);
    if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0)
        return;
    char *name = ptsname(master);
    int slave = open(name, O_RDWR | O_NOCTTY);
    struct termios before, during, after;
    tcgetattr(slave, &before);
    EXPECT(before.c_lflag & ICANON);
    pid_t pid = fork();
    if (pid == 0) {
        char err[256];
        dup2(slave, 0);
        if (!chr_open(spec, err, sizeof(err)))
            _exit(3);
        tcgetattr(0, &during);
        int ok = !(during.c_lflag & (ICANON | ECHO)) && !(during.c_iflag & ICRNL) &&
                 (during.c_oflag & OPOST) && !!(during.c_lflag & ISIG) == want_isig;
        exit(ok ? 0 : 4);           /* exit, not _exit: the atexit handler restores */
    }
    int st;
    waitpid(pid, &st, 0);
    EXPECT_EQ(WIFEXITED(st) ? WEXITSTATUS(st) : 99, 0);
    tcgetattr(slave, &after);
    EXPECT_EQ(after.c_lflag, before.c_lflag);
    EXPECT_EQ(after.c_iflag, before.c_iflag);
    close(slave);
    close(master);
}

static void t_chr_tty_stdio(void)
{
    tty_case("stdio", 1);
}

static void t_chr_tty_mon(void)
{
    tty_case("mon:stdio", 0);
}

/* ---- SiFive test finisher --------------------------------------------- */

static void t_sifive_test(void)
{
    uint64_t b = fresh_base();
    sifive_test_create(b);
    mmio_write(b, 0x1234, 4);
    EXPECT_EQ(fake_poweroffs + fake_resets, 0);
    EXPECT_EQ(fake_guest_errors, 1);
    mmio_write(b, 0x5555, 4);
    EXPECT_EQ(fake_poweroffs, 1);
    EXPECT_EQ(fake_poweroff_status, 0);
    mmio_write(b, (42u << 16) | 0x3333, 4);
    EXPECT_EQ(fake_poweroffs, 2);
    EXPECT_EQ(fake_poweroff_status, 42);
    EXPECT_EQ(fake_resets, 0);
    mmio_write(b, 0x7777, 4);
    EXPECT_EQ(fake_resets, 1);
    EXPECT_EQ(mmio_read(b, 4), 0);
}

/* ---- CLINT ------------------------------------------------------------ */

enum { MIP_MSIP = 1u << 3, MIP_MTIP = 1u << 7 };

static void t_clint_mtime(void)
{
    uint64_t b = fresh_base();
    clint_create(b, 2, 10000000);
    fake_clock_set(1234567800);             /* 1.2345678 s at 10 MHz */
    EXPECT_EQ(mmio_read(b + 0xbff8, 8), 12345678);
    fake_clock_set(0x123456789abull * 100 + 99);
    EXPECT_EQ(mmio_read(b + 0xbff8, 4), 0x456789ab);
    EXPECT_EQ(mmio_read(b + 0xbffc, 4), 0x123);
    mmio_write(b + 0xbff8, 0, 8);           /* read-only: ignored, logged */
    EXPECT_EQ(mmio_read(b + 0xbff8, 8), 0x123456789abull);
    EXPECT_EQ(fake_guest_errors, 1);
}

static void t_clint_mtimecmp(void)
{
    uint64_t b = fresh_base();
    fake_clock_set(0);
    clint_create(b, 2, 10000000);
    EXPECT_EQ(mmio_read(b + 0x4008, 8), 0);
    EXPECT_EQ(fake_mip[1] & MIP_MTIP, MIP_MTIP);    /* mtime >= 0 from power-on */
    EXPECT_EQ(fake_mip[0] & MIP_MTIP, MIP_MTIP);
    mmio_write(b + 0x4000, ~0ull, 8);
    EXPECT_EQ(fake_mip[0] & MIP_MTIP, 0);
    mmio_write(b + 0x4008, 1000, 8);        /* hart 1: at 1000 ticks = 100 us */
    EXPECT_EQ(fake_mip[1] & MIP_MTIP, 0);
    fake_clock_set(99999);
    EXPECT_EQ(fake_mip[1] & MIP_MTIP, 0);
    fake_clock_set(100000);
    EXPECT_EQ(fake_mip[1] & MIP_MTIP, MIP_MTIP);
    EXPECT_EQ(fake_mip[0] & MIP_MTIP, 0);   /* hart 0's comparator is its own */
    mmio_write(b + 0x400c, 1, 4);           /* high half: 2^32 + 1000 ticks */
    EXPECT_EQ(mmio_read(b + 0x4008, 8), 0x1000003e8ull);
    EXPECT_EQ(fake_mip[1] & MIP_MTIP, 0);   /* writing mtimecmp lowers MTIP */
    mmio_write(b + 0x4008, 500, 4);         /* low half */
    EXPECT_EQ(mmio_read(b + 0x4008, 4), 500);
    EXPECT_EQ(mmio_read(b + 0x400c, 4), 1);
    mmio_write(b + 0x4000, 5, 8);           /* hart 0: already due */
    EXPECT_EQ(fake_mip[0] & MIP_MTIP, MIP_MTIP);
    mmio_write(b + 0x4000, ~0ull, 8);
    EXPECT_EQ(fake_mip[0] & MIP_MTIP, 0);
}

static void t_clint_msip(void)
{
    uint64_t b = fresh_base();
    clint_create(b, 2, 10000000);
    mmio_write(b + 4, 1, 4);
    EXPECT_EQ(fake_mip[1] & MIP_MSIP, MIP_MSIP);
    EXPECT_EQ(fake_mip[0] & MIP_MSIP, 0);
    EXPECT_EQ(mmio_read(b + 4, 4), 1);
    mmio_write(b + 4, 2, 4);                /* only bit 0 counts */
    EXPECT_EQ(fake_mip[1] & MIP_MSIP, 0);
    EXPECT_EQ(mmio_read(b + 4, 4), 0);
    EXPECT_EQ(mmio_read(b + 8, 4), 0);      /* no hart 2 */
    EXPECT_EQ(fake_guest_errors, 1);
}

/* ---- Goldfish RTC ------------------------------------------------------ */

static uint64_t rtc_time(uint64_t b)
{
    uint64_t lo = mmio_read(b + 0x00, 4);
    return mmio_read(b + 0x04, 4) << 32 | lo;
}

static void t_rtc_time(void)
{
    uint64_t b = fresh_base();
    static Line l;              /* the device outlives the case (virt_reset) */
    l = (Line){ 0 };
    fake_clock_set(0);
    goldfish_rtc_create(b, line_irq(&l), UINT64_MAX);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t host = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    uint64_t t0 = rtc_time(b);
    EXPECT(t0 <= host && host - t0 < 5000000000ull);
    fake_clock_set(3000000000u);
    EXPECT_EQ(rtc_time(b) - t0, 3000000000u);   /* moves with guest time */
    mmio_read(b, 4);                        /* TIME_LOW latches the high half */
    fake_clock_set(3000000000u + (1ull << 33));
    EXPECT_EQ(mmio_read(b + 4, 4), (t0 + 3000000000u) >> 32);
    mmio_write(b + 0x04, 0x12, 4);
    mmio_write(b + 0x00, 0x34567800, 4);
    EXPECT_EQ(rtc_time(b), 0x1234567800ull);
    /* -rtc base=2026-01-01T00:00:00: 1767225600 s since the epoch
     * (date -u -d 2026-01-01 +%s), then guest time */
    b = fresh_base();
    fake_clock_set(5);
    goldfish_rtc_create(b, line_irq(&l), 1767225600ull * 1000000000u);
    EXPECT_EQ(rtc_time(b), 1767225600ull * 1000000000u);
    fake_clock_set(1005);
    EXPECT_EQ(rtc_time(b), 1767225600ull * 1000000000u + 1000);
}

static void t_rtc_alarm(void)
{
    uint64_t b = fresh_base();
    static Line l;              /* the device outlives the case (virt_reset) */
    l = (Line){ 0 };
    fake_clock_set(0);
    goldfish_rtc_create(b, line_irq(&l), UINT64_MAX);
    mmio_write(b + 0x10, 1, 4);             /* IRQ_ENABLED */
    uint64_t t = rtc_time(b) + 1000000;     /* 1 ms ahead */
    mmio_write(b + 0x0c, t >> 32, 4);
    mmio_write(b + 0x08, (uint32_t)t, 4);
    EXPECT_EQ(mmio_read(b + 0x18, 4), 1);   /* ALARM_STATUS: armed */
    fake_clock_set(999999);
    EXPECT_EQ(l.level, 0);
    fake_clock_set(1000000);
    EXPECT_EQ(l.level, 1);
    EXPECT_EQ(mmio_read(b + 0x18, 4), 0);
    mmio_write(b + 0x1c, 1, 4);             /* CLEAR_INTERRUPT */
    EXPECT_EQ(l.level, 0);
    t = rtc_time(b) + 1000000;
    mmio_write(b + 0x0c, t >> 32, 4);
    mmio_write(b + 0x08, (uint32_t)t, 4);
    mmio_write(b + 0x14, 1, 4);             /* CLEAR_ALARM */
    fake_clock_set(3000000);
    EXPECT_EQ(l.level, 0);
    t -= 2000000;                           /* in the past: fires at once */
    mmio_write(b + 0x0c, t >> 32, 4);
    mmio_write(b + 0x08, (uint32_t)t, 4);
    EXPECT_EQ(l.rises, 2);
    mmio_write(b + 0x10, 0, 4);             /* disabled: the line drops */
    EXPECT_EQ(l.level, 0);
}

/* ---- PLIC -------------------------------------------------------------- */

enum { MIP_SEIP = 1u << 9, MIP_MEIP = 1u << 11 };

static uint64_t pb;     /* the current case's PLIC */
static Plic *plic;

static void new_plic(void)
{
    pb = fresh_base();
    plic = plic_create(pb, 2, 96);
    memset(fake_mip, 0, sizeof(fake_mip));
}

static void prio(unsigned src, uint32_t v)
{
    mmio_write(pb + 4 * src, v, 4);
}

static void enable(unsigned ctx, unsigned word, uint32_t bits)
{
    mmio_write(pb + 0x2000 + 0x80 * ctx + 4 * word, bits, 4);
}

static void threshold(unsigned ctx, uint32_t v)
{
    mmio_write(pb + 0x200000 + 0x1000 * ctx, v, 4);
}

static uint32_t claim(unsigned ctx)
{
    return (uint32_t)mmio_read(pb + 0x200004 + 0x1000 * ctx, 4);
}

static void complete(unsigned ctx, uint32_t src)
{
    mmio_write(pb + 0x200004 + 0x1000 * ctx, src, 4);
}

static void src_set(unsigned src, int level)
{
    IRQ in = plic_input(plic, src);
    sys_dev_lock();
    irq_set(&in, level);
    sys_dev_unlock();
}

static void t_plic_claim_complete(void)
{
    new_plic();
    prio(10, 1);
    prio(11, 3);
    enable(1, 0, 1u << 10 | 1u << 11);      /* context 1: hart 0, S mode */
    src_set(10, 1);
    EXPECT_EQ(fake_mip[0] & (MIP_SEIP | MIP_MEIP), MIP_SEIP);
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 1u << 10);
    src_set(11, 1);
    EXPECT_EQ(claim(1), 11);                /* the higher priority first */
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 1u << 10);
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, MIP_SEIP);
    EXPECT_EQ(claim(1), 10);
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, 0);
    EXPECT_EQ(claim(1), 0);
    src_set(11, 0);
    src_set(11, 1);                         /* in service: not pending again yet */
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 0);
    complete(1, 11);                        /* level still high: pending again */
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 1u << 11);
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, MIP_SEIP);
    src_set(11, 0);                         /* a request stays until claimed */
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 1u << 11);
    EXPECT_EQ(claim(1), 11);
    complete(1, 11);                        /* level low now: stays idle */
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 0);
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, 0);
    src_set(10, 0);
    complete(1, 10);                        /* level low: stays idle */
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 0);
}

static void t_plic_threshold_and_ties(void)
{
    new_plic();
    prio(33, 3);
    prio(40, 3);
    enable(1, 1, 1u << 1 | 1u << 8);        /* sources 33 and 40 */
    threshold(1, 3);
    src_set(40, 1);
    src_set(33, 1);
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, 0);   /* priority must exceed the threshold */
    EXPECT_EQ(claim(1), 0);
    threshold(1, 2);
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, MIP_SEIP);
    EXPECT_EQ(claim(1), 33);                /* equal priorities: lowest ID */
    EXPECT_EQ(claim(1), 40);
    prio(33, 0);                            /* priority 0 never interrupts */
    complete(1, 33);
    EXPECT_EQ(mmio_read(pb + 0x1004, 4), 1u << 1);
    EXPECT_EQ(claim(1), 0);
}

static void t_plic_contexts(void)
{
    new_plic();
    prio(1, 1);
    enable(2, 0, 1u << 1);                  /* context 2: hart 1, M mode */
    src_set(1, 1);
    EXPECT_EQ(fake_mip[1] & (MIP_SEIP | MIP_MEIP), MIP_MEIP);
    EXPECT_EQ(fake_mip[0] & (MIP_SEIP | MIP_MEIP), 0);
    enable(3, 0, 1u << 1);                  /* hart 1 S too */
    EXPECT_EQ(fake_mip[1] & (MIP_SEIP | MIP_MEIP), MIP_SEIP | MIP_MEIP);
    EXPECT_EQ(claim(3), 1);                 /* claimed by one: gone for both */
    EXPECT_EQ(fake_mip[1] & (MIP_SEIP | MIP_MEIP), 0);
    complete(0, 1);                         /* not enabled in context 0: ignored */
    src_set(1, 0);
    src_set(1, 1);
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 0);
    complete(3, 1);
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 1u << 1);
}

static void t_plic_registers(void)
{
    new_plic();
    prio(5, 0xff);
    EXPECT_EQ(mmio_read(pb + 4 * 5, 4), 7);         /* 3 priority bits */
    prio(0, 5);
    EXPECT_EQ(mmio_read(pb, 4), 0);                 /* source 0 does not exist */
    enable(0, 0, 0xffffffff);
    EXPECT_EQ(mmio_read(pb + 0x2000, 4), 0xfffffffe);
    enable(0, 3, 0xffffffff);                       /* sources 96..127: only 96 */
    EXPECT_EQ(mmio_read(pb + 0x2000 + 12, 4), 1);
    threshold(3, 9);
    EXPECT_EQ(mmio_read(pb + 0x203000, 4), 1);
    mmio_write(pb + 0x1000, 0xffffffff, 4);         /* pending is read-only */
    EXPECT_EQ(mmio_read(pb + 0x1000, 4), 0);
    EXPECT_EQ(mmio_read(pb + 0x200000 + 0x1000 * 4, 4), 0);  /* no context 4 */
}

/* ---- virtio-mmio and virtio-blk ------------------------------------- */

enum { VQ_DESC = 0x1000, VQ_AVAIL = 0x2000, VQ_USED = 0x3000, VQ_NUM = 8 };

static uint64_t vb;
static Line vline;
static char image[600];

static uint32_t vr(uint64_t off)
{
    return (uint32_t)mmio_read(vb + off, 4);
}

static void vw(uint64_t off, uint32_t v)
{
    mmio_write(vb + off, v, 4);
}

/* A 16-sector image whose byte i is (i * 7) ^ (i >> 9). */
static uint8_t image_byte(unsigned i)
{
    return (uint8_t)((i * 7) ^ (i >> 9));
}

static void make_image(void)
{
    snprintf(image, sizeof(image), "%s/disk.img", scratch);
    FILE *f = fopen(image, "wb");
    for (unsigned i = 0; i < 16 * 512; i++)
        fputc(image_byte(i), f);
    fclose(f);
}

static VirtioDevice *new_image(bool ro)
{
    char err[256];
    make_image();
    return virtio_blk_open("hd0", image, ro, err, sizeof(err));
}

static void new_virtio(VirtioDevice *dev)
{
    vb = fresh_base();
    vline = (Line){ 0 };
    virtio_mmio_create(vb, line_irq(&vline), dev);
}

/* The driver's side of initialization (virtio 1.1, 3.1.1), queue 0 in
 * fake RAM. */
static void driver_init(uint64_t features)
{
    memset(fake_ram, 0, 0x10000);
    vw(0x070, 0);
    vw(0x070, 1 | 2);                       /* ACKNOWLEDGE | DRIVER */
    vw(0x024, 0);
    vw(0x020, (uint32_t)features);
    vw(0x024, 1);
    vw(0x020, (uint32_t)(features >> 32));
    vw(0x070, 1 | 2 | 8);                   /* FEATURES_OK */
    vw(0x030, 0);
    vw(0x038, VQ_NUM);
    vw(0x080, (uint32_t)(FAKE_RAM_BASE + VQ_DESC));
    vw(0x084, 0);
    vw(0x090, (uint32_t)(FAKE_RAM_BASE + VQ_AVAIL));
    vw(0x094, 0);
    vw(0x0a0, (uint32_t)(FAKE_RAM_BASE + VQ_USED));
    vw(0x0a4, 0);
    vw(0x044, 1);
    vw(0x070, 1 | 2 | 8 | 4);               /* DRIVER_OK */
}

static void put16(unsigned off, uint16_t v) { memcpy(fake_ram + off, &v, 2); }
static void put32(unsigned off, uint32_t v) { memcpy(fake_ram + off, &v, 4); }
static void put64(unsigned off, uint64_t v) { memcpy(fake_ram + off, &v, 8); }
static uint16_t get16(unsigned off) { uint16_t v; memcpy(&v, fake_ram + off, 2); return v; }
static uint32_t get32(unsigned off) { uint32_t v; memcpy(&v, fake_ram + off, 4); return v; }

static void desc(unsigned i, unsigned ram_off, uint32_t len, uint16_t flags, uint16_t next)
{
    put64(VQ_DESC + 16 * i, FAKE_RAM_BASE + ram_off);
    put32(VQ_DESC + 16 * i + 8, len);
    put16(VQ_DESC + 16 * i + 12, flags);
    put16(VQ_DESC + 16 * i + 14, next);
}

static void header(unsigned ram_off, uint32_t type, uint64_t sector)
{
    put32(ram_off, type);
    put32(ram_off + 4, 0);
    put64(ram_off + 8, sector);
}

/* Offer chain `head` in the avail ring and notify queue 0. */
static void submit(uint16_t head)
{
    uint16_t idx = get16(VQ_AVAIL + 2);
    put16(VQ_AVAIL + 4 + 2 * (idx % VQ_NUM), head);
    put16(VQ_AVAIL + 2, (uint16_t)(idx + 1));
    vw(0x050, 0);
}

enum { NEXT = 1, WR = 2 };
#define F_VERSION_1 (1ull << 32)

static void t_virtio_probe(void)
{
    new_virtio(new_image(false));
    EXPECT_EQ(vr(0x000), 0x74726976);       /* "virt" */
    EXPECT_EQ(vr(0x004), 2);
    EXPECT_EQ(vr(0x008), 2);                /* block device */
    EXPECT_EQ(vr(0x00c), 0x554d4551);
    vw(0x014, 0);
    EXPECT_EQ(vr(0x010), 1u << 2 | 1u << 6 | 1u << 9);  /* SEG_MAX, BLK_SIZE, FLUSH */
    vw(0x014, 1);
    EXPECT_EQ(vr(0x010), 1);                /* VERSION_1 */
    EXPECT_EQ(mmio_read(vb + 0x100, 8), 16);        /* capacity in sectors */
    EXPECT_EQ(mmio_read(vb + 0x10c, 4), 254);       /* seg_max */
    EXPECT_EQ(mmio_read(vb + 0x114, 4), 512);       /* blk_size */
    EXPECT_EQ(mmio_read(vb + 0x114, 2), 512);
    vw(0x030, 0);
    EXPECT_EQ(vr(0x034), 1024);
    vw(0x030, 1);
    EXPECT_EQ(vr(0x034), 0);                /* one queue */
    new_virtio(NULL);                       /* an empty slot */
    EXPECT_EQ(vr(0x000), 0x74726976);
    EXPECT_EQ(vr(0x008), 0);
}

static void t_virtio_features(void)
{
    new_virtio(new_image(true));
    vw(0x014, 0);
    EXPECT_EQ(vr(0x010) & (1u << 5), 1u << 5);      /* RO offered */
    driver_init(1u << 9);                   /* without VERSION_1 */
    EXPECT_EQ(vr(0x070) & 8, 0);
    driver_init(F_VERSION_1 | 1u << 9 | 1u << 12);  /* 12 (SCSI) was not offered */
    EXPECT_EQ(vr(0x070) & 8, 0);
    driver_init(F_VERSION_1 | 1u << 9);
    EXPECT_EQ(vr(0x070), 0x0f);
    vw(0x070, 0);                           /* reset */
    EXPECT_EQ(vr(0x070), 0);
    vw(0x030, 0);
    EXPECT_EQ(vr(0x044), 0);
}

static void t_virtio_blk_read(void)
{
    new_virtio(new_image(false));
    driver_init(F_VERSION_1);
    header(0x4000, 0, 3);                   /* IN, sector 3 */
    desc(0, 0x4000, 16, NEXT, 5);
    desc(5, 0x5000, 1000, WR | NEXT, 2);    /* data cut at an odd place */
    desc(2, 0x6000, 24, WR | NEXT, 7);
    desc(7, 0x7000, 1, WR, 0);              /* status */
    fake_ram[0x7000] = 0xff;
    submit(0);
    EXPECT_EQ(get16(VQ_USED + 2), 1);
    EXPECT_EQ(get32(VQ_USED + 4), 0);       /* id: the head */
    EXPECT_EQ(get32(VQ_USED + 8), 1025);    /* 1024 data + status */
    EXPECT_EQ(fake_ram[0x7000], 0);         /* OK */
    for (unsigned i = 0; i < 1000; i++)
        EXPECT_EQ(fake_ram[0x5000 + i], image_byte(3 * 512 + i));
    for (unsigned i = 0; i < 24; i++)
        EXPECT_EQ(fake_ram[0x6000 + i], image_byte(3 * 512 + 1000 + i));
    EXPECT_EQ(vr(0x060), 1);                /* used buffer */
    EXPECT_EQ(vline.level, 1);
    vw(0x064, 1);
    EXPECT_EQ(vline.level, 0);
    header(0x4000, 0, 15);                  /* past the end: sectors 15 and 16 */
    desc(1, 0x5000, 1024, WR | NEXT, 2);
    desc(0, 0x4000, 16, NEXT, 1);
    desc(2, 0x7000, 1, WR, 0);
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 1);         /* IOERR */
    header(0x4000, 0, 0);
    desc(1, 0x5000, 1000, WR | NEXT, 2);    /* not whole sectors */
    fake_ram[0x7000] = 0xff;
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 1);
    put16(VQ_AVAIL, 1);                     /* VIRTQ_AVAIL_F_NO_INTERRUPT */
    header(0x4000, 99, 0);
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 2);         /* UNSUPP */
    EXPECT_EQ(get16(VQ_USED + 2), 4);
    EXPECT_EQ(vr(0x060), 1);                /* not raised again: only the first is unacked */
    vw(0x064, 1);
    submit(0);
    EXPECT_EQ(vr(0x060), 0);
}

static void t_virtio_blk_write(void)
{
    new_virtio(new_image(false));
    driver_init(F_VERSION_1 | 1u << 9);
    header(0x4000, 1, 2);                   /* OUT, sector 2, data right after */
    for (unsigned i = 0; i < 512; i++)
        fake_ram[0x4010 + i] = (uint8_t)(0xa5 ^ i);
    desc(0, 0x4000, 16 + 512, NEXT, 1);     /* header and data in one */
    desc(1, 0x7000, 1, WR, 0);
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 0);
    EXPECT_EQ(get32(VQ_USED + 8), 1);
    uint8_t back[512];
    FILE *f = fopen(image, "rb");
    fseek(f, 1024, SEEK_SET);
    EXPECT_EQ(fread(back, 1, 512, f), 512);
    fclose(f);
    for (unsigned i = 0; i < 512; i++)
        EXPECT_EQ(back[i], (uint8_t)(0xa5 ^ i));
    header(0x4000, 4, 0);                   /* FLUSH */
    desc(0, 0x4000, 16, NEXT, 1);
    fake_ram[0x7000] = 0xff;
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 0);
    header(0x4000, 8, 0);                   /* GET_ID */
    desc(0, 0x4000, 16, NEXT, 2);
    desc(2, 0x5000, 20, WR | NEXT, 1);
    memset(fake_ram + 0x5000, 0xee, 20);
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 0);
    EXPECT(memcmp(fake_ram + 0x5000, "hd0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 20) == 0);
    EXPECT_EQ(get32(VQ_USED + 8 * 3), 21);
}

static void t_virtio_blk_readonly(void)
{
    new_virtio(new_image(true));
    driver_init(F_VERSION_1 | 1u << 5);
    header(0x4000, 1, 0);
    desc(0, 0x4000, 16 + 512, NEXT, 1);
    desc(1, 0x7000, 1, WR, 0);
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 1);         /* IOERR */
    FILE *f = fopen(image, "rb");
    EXPECT_EQ(fgetc(f), image_byte(0));     /* untouched */
    fclose(f);
}

static void t_virtio_malformed(void)
{
    new_virtio(new_image(false));
    driver_init(F_VERSION_1);
    header(0x4000, 0, 0);
    desc(0, 0x4000, 16, NEXT, 1);
    desc(1, 0x5000, 512, WR | NEXT, 0);     /* back to 0: a loop */
    submit(0);
    EXPECT_EQ(vr(0x070) & 0x40, 0x40);      /* DEVICE_NEEDS_RESET */
    EXPECT_EQ(vr(0x060), 2);                /* configuration change */
    EXPECT_EQ(get16(VQ_USED + 2), 0);
    driver_init(F_VERSION_1);               /* a reset brings it back */
    EXPECT_EQ(vr(0x070), 0x0f);
    desc(1, 0x5000, 512, WR | NEXT, 2);
    desc(2, 0x7000, 1, WR, 0);
    submit(0);
    EXPECT_EQ(fake_ram[0x7000], 0);
    char err[256];
    EXPECT(virtio_blk_open("hd9", "/nonexistent.img", false, err, sizeof(err)) == NULL);
    EXPECT(strcmp(err, "drive hd9: cannot open '/nonexistent.img': No such file or directory") == 0);
}

/* virtio-rng (virtio 1.1, 5.4): device ID 4, no features of its own, one
 * queue whose writable buffers come back filled from the source: a file's
 * bytes in order, fewer once it ends; or getrandom(). */
static uint8_t rng_byte(unsigned i) { return (uint8_t)(i * 37 + 11); }

static void t_virtio_rng(void)
{
    char path[600], err[256];
    snprintf(path, sizeof(path), "%s/rng.bin", scratch);
    FILE *f = fopen(path, "wb");
    for (unsigned i = 0; i < 100; i++)
        fputc(rng_byte(i), f);
    fclose(f);
    new_virtio(virtio_rng_open(path, err, sizeof(err)));
    EXPECT_EQ(vr(0x008), 4);                /* entropy source */
    vw(0x014, 0);
    EXPECT_EQ(vr(0x010), 0);
    vw(0x014, 1);
    EXPECT_EQ(vr(0x010), 1);                /* VERSION_1 */
    vw(0x030, 1);
    EXPECT_EQ(vr(0x034), 0);                /* one queue */
    driver_init(F_VERSION_1);
    EXPECT_EQ(vr(0x070), 0x0f);
    desc(0, 0x5000, 30, WR | NEXT, 3);
    desc(3, 0x6000, 40, WR, 0);
    submit(0);
    EXPECT_EQ(get16(VQ_USED + 2), 1);
    EXPECT_EQ(get32(VQ_USED + 4), 0);
    EXPECT_EQ(get32(VQ_USED + 8), 70);
    for (unsigned i = 0; i < 30; i++)
        EXPECT_EQ(fake_ram[0x5000 + i], rng_byte(i));
    for (unsigned i = 0; i < 40; i++)
        EXPECT_EQ(fake_ram[0x6000 + i], rng_byte(30 + i));
    EXPECT_EQ(vline.level, 1);
    desc(1, 0x7000, 64, WR, 0);             /* 30 bytes are left */
    submit(1);
    EXPECT_EQ(get16(VQ_USED + 2), 2);
    EXPECT_EQ(get32(VQ_USED + 12), 1);
    EXPECT_EQ(get32(VQ_USED + 16), 30);
    for (unsigned i = 0; i < 30; i++)
        EXPECT_EQ(fake_ram[0x7000 + i], rng_byte(70 + i));
    EXPECT_EQ(fake_ram[0x7000 + 30], 0);
    submit(1);                              /* the file has ended */
    EXPECT_EQ(get16(VQ_USED + 2), 3);
    EXPECT_EQ(get32(VQ_USED + 24), 0);

    new_virtio(virtio_rng_open(NULL, err, sizeof(err)));   /* getrandom() */
    driver_init(F_VERSION_1);
    desc(0, 0x5000, 64, WR, 0);
    desc(1, 0x6000, 64, WR, 0);
    submit(0);
    submit(1);
    EXPECT_EQ(get16(VQ_USED + 2), 2);
    EXPECT_EQ(get32(VQ_USED + 8), 64);
    EXPECT_EQ(get32(VQ_USED + 16), 64);
    /* 2^-512 that two 64-byte draws agree */
    EXPECT(memcmp(fake_ram + 0x5000, fake_ram + 0x6000, 64) != 0);
    EXPECT(virtio_rng_open("/nonexistent/rng", err, sizeof(err)) == NULL);
    EXPECT(strcmp(err, "rng-random: cannot open '/nonexistent/rng': No such file or directory") == 0);
}

/* ---- The board ---------------------------------------------------------- */

static void t_virt_wiring(void)
{
    char err[256];
    size_t size;
    make_image();
    VirtioSpec d = { "hd0", image, false, VIRTIO_SPEC_BLK };
    VirtConfig cfg = { .ram_size = 128 << 20, .harts = 2, .isa = "rv64imac",
                       .mmu_type = "riscv,sv39", .timebase_hz = 10000000, .rtc_start_ns = UINT64_MAX, .serial = "null",
                       .virtio = &d, .n_virtio = 1 };
    void *dtb = virt_create(&cfg, &size, err, sizeof(err));
    EXPECT(dtb != NULL);
    if (!dtb)
        return;
    free(dtb);
    memset(fake_mip, 0, sizeof(fake_mip));
    /* QEMU 7.2's regions and names (its monitor's "info mtree") */
    EXPECT(strcmp(fake_device_at(0x10000007), "serial") == 0);
    EXPECT(fake_device_at(0x10000008) == NULL);
    EXPECT(strcmp(fake_device_at(0x100fff), "riscv.sifive.test") == 0);
    EXPECT(strcmp(fake_device_at(0x101023), "goldfish_rtc") == 0);
    EXPECT(fake_device_at(0x101024) == NULL);
    EXPECT(strcmp(fake_device_at(0x2003fff), "riscv.aclint.swi") == 0);
    EXPECT(strcmp(fake_device_at(0x2004000), "riscv.aclint.mtimer") == 0);
    EXPECT(strcmp(fake_device_at(0x200bfff), "riscv.aclint.mtimer") == 0);
    EXPECT(fake_device_at(0x200c000) == NULL);
    EXPECT(strcmp(fake_device_at(0xc5fffff), "riscv.sifive.plic") == 0);
    EXPECT(strcmp(fake_device_at(0x100081ff), "virtio-mmio") == 0);
    EXPECT(fake_device_at(0x10008200) == NULL);
    EXPECT_EQ(mmio_read(0x10008008, 4), 2);         /* the first drive: the last slot */
    EXPECT_EQ(mmio_read(0x10007008, 4), 0);
    pb = 0xc000000;
    for (unsigned src = 1; src <= 11; src++)
        prio(src, 1);
    enable(1, 0, 0xffe);                            /* hart 0 S: sources 1..11 */
    mmio_write(0x10000001, 0x02, 1);                /* UART: THR empty interrupt */
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, MIP_SEIP);
    EXPECT_EQ(claim(1), 10);
    mmio_write(0x10000001, 0, 1);
    complete(1, 10);
    EXPECT_EQ(fake_mip[0] & MIP_SEIP, 0);
    mmio_write(0x101010, 1, 4);                     /* RTC: an alarm in the past */
    mmio_write(0x10100c, 0, 4);
    mmio_write(0x101008, 0, 4);
    EXPECT_EQ(claim(1), 11);
    mmio_write(0x10101c, 1, 4);
    complete(1, 11);
    vb = 0x10008000;                                /* virtio: a FLUSH request */
    driver_init(F_VERSION_1 | 1u << 9);
    header(0x4000, 4, 0);
    desc(0, 0x4000, 16, NEXT, 1);
    desc(1, 0x7000, 1, WR, 0);
    submit(0);
    EXPECT_EQ(claim(1), 8);
    EXPECT_EQ(claim(1), 0);
    mmio_write(0x2000004, 1, 4);                    /* CLINT msip of hart 1 */
    EXPECT_EQ(fake_mip[1] & MIP_MSIP, MIP_MSIP);
    mmio_write(0x100000, 0x5555, 4);
    EXPECT_EQ(fake_poweroffs, 1);
}

static void t_virt_reset(void)
{
    /* The board of virt-wiring, every device set away from power-on. */
    mmio_write(0x10000003, 0x83, 1);
    mmio_write(0x10000000, 0x01, 1);
    mmio_write(0x10000003, 0x03, 1);
    mmio_write(0x10000001, 0x02, 1);
    mmio_write(0x10000002, 0xc1, 1);
    mmio_write(0x10000007, 0x77, 1);
    pb = 0xc000000;
    prio(10, 5);
    enable(1, 0, 1u << 10);
    threshold(1, 2);
    mmio_write(0x2000000, 1, 4);
    mmio_write(0x2004000, 0, 8);
    mmio_write(0x101010, 1, 4);
    vb = 0x10008000;
    driver_init(F_VERSION_1);
    EXPECT_EQ(fake_mip[0] & (MIP_MSIP | MIP_MTIP | MIP_SEIP), MIP_MSIP | MIP_MTIP | MIP_SEIP);
    sys_dev_lock();
    virt_reset();
    sys_dev_unlock();
    EXPECT_EQ(fake_mip[0] & (MIP_MSIP | MIP_SEIP | MIP_MEIP), 0);
    EXPECT_EQ(mmio_read(0x10000001, 1), 0);         /* IER */
    EXPECT_EQ(mmio_read(0x10000002, 1), 0x01);      /* IIR: FIFOs off, nothing */
    EXPECT_EQ(mmio_read(0x10000003, 1), 0);
    EXPECT_EQ(mmio_read(0x10000007, 1), 0);
    mmio_write(0x10000003, 0x80, 1);
    EXPECT_EQ(mmio_read(0x10000000, 1), 0);         /* DLL */
    EXPECT_EQ(mmio_read(0xc000000 + 40, 4), 0);
    EXPECT_EQ(mmio_read(0xc002080, 4), 0);
    EXPECT_EQ(mmio_read(0xc201000, 4), 0);
    EXPECT_EQ(mmio_read(0x2000000, 4), 0);
    EXPECT_EQ(mmio_read(0x2004000, 8), 0);
    EXPECT_EQ(fake_mip[0] & MIP_MTIP, MIP_MTIP);
    EXPECT_EQ(mmio_read(0x101010, 4), 0);
    EXPECT_EQ(mmio_read(0x10008070, 4), 0);         /* virtio status */
    EXPECT_EQ(mmio_read(0x10008008, 4), 2);         /* the drive is still there */
}

/* ---- Real-time timers through the I/O thread (a child) ------------- */

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Wait up to 3 s from t0 for hart 0's MTIP; the ms since t0, or -1. */
static long wait_mtip(uint64_t t0)
{
    while (mono_ms() - t0 < 3000) {
        sys_dev_lock();
        unsigned mip = fake_mip[0];
        sys_dev_unlock();
        if (mip & MIP_MTIP)
            return (long)(mono_ms() - t0);
        usleep(500);
    }
    return -1;
}

static void t_iothread_realtime(void)
{
    uint64_t b = fresh_base();
    fake_clock_realtime();
    clint_create(b, 1, 10000000);
    memset(fake_mip, 0, sizeof(fake_mip));
    sys_iothread_start();
    /* A far deadline first: the thread sleeps for it ... */
    mmio_write(b + 0x4000, mmio_read(b + 0xbff8, 8) + 100000000, 8);   /* 10 s */
    usleep(20000);
    /* ... and a nearer one must wake it (the kick), 50 ms from now (t0
     * first: a test thread preempted after the write still sees >= 50). */
    uint64_t t0 = mono_ms();
    mmio_write(b + 0x4000, mmio_read(b + 0xbff8, 8) + 500000, 8);
    long ms = wait_mtip(t0);
    EXPECT(ms >= 49);
    EXPECT(ms >= 0 && ms < 1000);
    mmio_write(b + 0x4000, ~0ull, 8);
    EXPECT_EQ(fake_mip[0] & MIP_MTIP, 0);
}

/* ---- Against QEMU: the register script of replay-ops.h ------------- */

static const char *replay_expected;     /* the bare-metal program's output under QEMU */

static void t_qemu_replay(void)
{
    FILE *f = replay_expected ? fopen(replay_expected, "r") : NULL;
    EXPECT(f != NULL);
    if (!f)
        return;
    sys_dev_lock();
    virt_reset();                       /* the board of virt-wiring, at power-on */
    sys_dev_unlock();
    for (unsigned i = 0; i < REPLAY_N && !failed; i++) {
        const ReplayOp *op = &replay_ops[i];
        unsigned long long want_val, want_mip;
        if (fscanf(f, "%llx %llx", &want_val, &want_mip) != 2) {
            failed = 1;
            snprintf(why, sizeof(why), "QEMU's output ends at access %u", i);
            break;
        }
        uint64_t val = 0;
        if (op->kind == REPLAY_WRITE || op->kind == REPLAY_NOTIFY)
            mmio_write(op->addr, op->val, op->size);
        else
            val = mmio_read(op->addr, op->size);    /* a wait: the first read must do */
        unsigned mip = fake_mip[0] & REPLAY_MIP_MASK;
        if (op->kind == REPLAY_NOTIFY || (op->kind == REPLAY_WAIT && op->addr >= FAKE_RAM_BASE))
            mip = (unsigned)want_mip;       /* QEMU's completion may be under way */
        if (val != want_val || mip != want_mip) {
            failed = 1;
            snprintf(why, sizeof(why),
                     "access %u (%s 0x%llx, size %u): value 0x%llx mip 0x%x, QEMU 0x%llx mip 0x%llx",
                     i, op->kind == REPLAY_READ || op->kind == REPLAY_WAIT ? "read" : "write",
                     (unsigned long long)op->addr, op->size,
                     (unsigned long long)val, mip, want_val, want_mip);
        }
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        scratch = argv[1];
    if (argc > 2)
        replay_expected = argv[2];
    run("uart-reset-state", t_uart_reset_state);
    run("uart-divisor-latch", t_uart_divisor_latch);
    run("uart-transmit", t_uart_transmit);
    run("uart-thre-interrupt", t_uart_thre_interrupt);
    run("uart-fifo-trigger", t_uart_fifo_trigger);
    run("uart-char-timeout", t_uart_char_timeout);
    run("uart-line-status", t_uart_line_status);
    run("uart-modem-loopback", t_uart_modem_loopback);
    run_child("chr-stdio-input", t_chr_stdio_input);
    run_child("chr-backpressure", t_chr_backpressure);
    run_child("chr-mon-keys", t_chr_mon_keys);
    run_child("chr-stdin-none", t_chr_stdin_none);
    run_child("chr-stdin-closed", t_chr_stdin_closed);
    run_child("chr-stdin-eof", t_chr_stdin_eof);
    run("chr-specs", t_chr_specs);
    run("chr-tty-stdio", t_chr_tty_stdio);
    run("chr-tty-mon", t_chr_tty_mon);
    run("sifive-test", t_sifive_test);
    run("clint-mtime", t_clint_mtime);
    run("clint-mtimecmp", t_clint_mtimecmp);
    run("clint-msip", t_clint_msip);
    run("rtc-time", t_rtc_time);
    run("rtc-alarm", t_rtc_alarm);
    run("plic-claim-complete", t_plic_claim_complete);
    run("plic-threshold-ties", t_plic_threshold_and_ties);
    run("plic-contexts", t_plic_contexts);
    run("plic-registers", t_plic_registers);
    run("virtio-probe", t_virtio_probe);
    run("virtio-features", t_virtio_features);
    run("virtio-blk-read", t_virtio_blk_read);
    run("virtio-blk-write", t_virtio_blk_write);
    run("virtio-blk-readonly", t_virtio_blk_readonly);
    run("virtio-malformed", t_virtio_malformed);
    run("virtio-rng", t_virtio_rng);
    run("virt-wiring", t_virt_wiring);
    run("virt-reset", t_virt_reset);
    run("qemu-replay", t_qemu_replay);
    run_child("iothread-realtime", t_iothread_realtime);
    return n_failed != 0;
}
