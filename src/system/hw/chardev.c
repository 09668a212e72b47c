/*
 * Character backends: the host side of a serial line (-serial SPEC).
 *
 *   stdio      the terminal; Ctrl-C stops peek as it does QEMU
 *   mon:stdio  the terminal with QEMU's multiplexer keys: Ctrl-A x quits,
 *              Ctrl-A h prints the keys, Ctrl-A Ctrl-A (or Ctrl-A a) sends
 *              one Ctrl-A; Ctrl-C goes to the guest (-nographic's default)
 *   file:PATH  output written to PATH (created or truncated), no input
 *   null       output dropped, no input
 *
 * On a terminal, stdio puts it in raw mode (no echo, no line editing, no
 * CR/LF translation on input, output post-processing kept so that the
 * guest's "\n" still starts a line) and restores it at exit, and on the
 * signals that end peek. Input is read by the I/O thread and handed to
 * the device a byte at a time while it has room; what it has no room for
 * waits here until it calls chr_accept_input().
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "devices.h"

#define CTRL_A 0x01

struct CharBackend {
    int in_fd, out_fd;          /* -1: none */
    bool mux, got_escape;
    IoWatch watch;
    uint8_t pend[256];
    size_t pend_off, pend_len;
    int (*can_receive)(void *opaque);
    void (*receive)(void *opaque, const uint8_t *buf, size_t n);
    void *opaque;
};

/* The terminal's settings before stdio changed them: one terminal per
 * process, restored by the atexit handler and the signal handlers. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;
static bool stdio_taken;        /* only one backend may own stdin */

static void tty_restore(void)
{
    if (tty_saved)
        tcsetattr(0, TCSANOW, &saved_tty);
}

static void tty_restore_and_die(int sig)
{
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void tty_make_raw(bool allow_signals)
{
    struct termios t;
    if (!isatty(0) || tcgetattr(0, &saved_tty) < 0)
        return;
    t = saved_tty;
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_oflag |= OPOST;
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!allow_signals)
        t.c_lflag &= ~ISIG;
    t.c_cflag = (t.c_cflag & ~(CSIZE | PARENB)) | CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tty_saved = 1;
    atexit(tty_restore);
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction old;
        /* Leave a handler the core installed alone. */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_DFL)
            signal(sigs[i], tty_restore_and_die);
    }
    tcsetattr(0, TCSANOW, &t);
}

static void write_all(int fd, const uint8_t *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return;     /* a closed terminal or a full disk: output is lost, as on hardware */
        }
        buf += w;
        n -= (size_t)w;
    }
}

void chr_write(CharBackend *c, const uint8_t *buf, size_t n)
{
    if (c && c->out_fd >= 0)
        write_all(c->out_fd, buf, n);
}

static const char mux_help[] =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
    "C-a C-a  sends C-a (so does C-a a)\r\n";

/* One input byte through mon:stdio's keys: the byte to give the device,
 * or -1 when the keys consumed it. */
static int mux_byte(CharBackend *c, uint8_t ch)
{
    if (!c->got_escape) {
        if (ch != CTRL_A)
            return ch;
        c->got_escape = true;
        return -1;
    }
    c->got_escape = false;
    switch (ch) {
    case CTRL_A:
    case 'a':
        return CTRL_A;
    case 'h':
    case '?':
        write_all(c->out_fd, (const uint8_t *)mux_help, sizeof(mux_help) - 1);
        return -1;
    case 'x': {
        static const char msg[] = "peek: Terminated\r\n";
        write_all(c->out_fd, (const uint8_t *)msg, sizeof(msg) - 1);
        sys_poweroff(0);
        return -1;
    }
    default:
        return -1;      /* other keys of QEMU's (monitor, break, timestamps) are not ours */
    }
}

/* Hand held input to the device while it has room; the watch polls for
 * more only once all of it is taken. */
static void chr_deliver(CharBackend *c)
{
    while (c->pend_off < c->pend_len) {
        if (c->can_receive && c->can_receive(c->opaque) <= 0) {
            c->watch.enabled = false;
            return;
        }
        int out = c->mux ? mux_byte(c, c->pend[c->pend_off]) : c->pend[c->pend_off];
        c->pend_off++;
        if (out >= 0 && c->receive) {
            uint8_t b = (uint8_t)out;
            c->receive(c->opaque, &b, 1);
        }
    }
    c->watch.enabled = true;
}

static void chr_input_ready(void *opaque)
{
    CharBackend *c = opaque;
    if (c->pend_off == c->pend_len) {
        ssize_t n = read(c->in_fd, c->pend, sizeof(c->pend));
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            return;
        if (n <= 0) {           /* end of input: the line goes quiet */
            c->watch.enabled = false;
            c->pend_off = c->pend_len = 0;
            return;
        }
        c->pend_off = 0;
        c->pend_len = (size_t)n;
    }
    chr_deliver(c);
}

void chr_accept_input(CharBackend *c)
{
    if (c && c->in_fd >= 0 && c->pend_off < c->pend_len) {
        c->watch.retry = true;
        iothread_kick();
    }
}

void chr_set_handlers(CharBackend *c, int (*can_receive)(void *opaque),
                      void (*receive)(void *opaque, const uint8_t *buf, size_t n), void *opaque)
{
    c->can_receive = can_receive;
    c->receive = receive;
    c->opaque = opaque;
}

CharBackend *chr_open(const char *spec, char *err, size_t errlen)
{
    CharBackend *c = calloc(1, sizeof(*c));
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    c->in_fd = c->out_fd = -1;
    bool mon = strcmp(spec, "mon:stdio") == 0;
    if (mon || strcmp(spec, "stdio") == 0) {
        if (stdio_taken) {
            snprintf(err, errlen, "-serial %s: stdio is already used by another serial line",
                     spec);
            free(c);
            return NULL;
        }
        stdio_taken = true;
        c->out_fd = 1;
        c->mux = mon;
        if (fcntl(0, F_GETFL) >= 0) {   /* peek may run with stdin closed */
            c->in_fd = 0;
            tty_make_raw(!mon);
            c->watch = (IoWatch){ .fd = 0, .enabled = true, .ready = chr_input_ready,
                                  .opaque = c };
            iothread_add_watch(&c->watch);
        }
    } else if (strncmp(spec, "file:", 5) == 0) {
        c->out_fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (c->out_fd < 0) {
            snprintf(err, errlen, "-serial %s: %s", spec, strerror(errno));
            free(c);
            return NULL;
        }
    } else if (strcmp(spec, "null") != 0) {
        snprintf(err, errlen, "-serial %s: unknown backend (stdio, mon:stdio, file:PATH, null)",
                 spec);
        free(c);
        return NULL;
    }
    return c;
}
