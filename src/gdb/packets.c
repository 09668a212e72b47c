/*
 * The packets of the GDB remote protocol that the stub answers, on the
 * server thread while the target is stopped: registers (g, G, p, P, by the
 * guest's register numbers), memory (m, M, X), breakpoints and watchpoints
 * (Z0/Z1 and Z2-Z4 to exec/debug.h), threads (H, T, qfThreadInfo, qC,
 * qThreadExtraInfo), resuming (vCont, c, s, C, S), the qXfer objects
 * (target.xml, auxv, exec-file), reading the guest's files (vFile: GDB
 * reads the program, its libraries and /proc/<pid> through it),
 * catchpoints (QCatchSyscalls), and the end of the session (D, k, vKill). Anything else gets the empty reply
 * that tells GDB it is not supported.
 */
#include "gdb/internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec/debug.h"
#include "exec/image.h"
#include "exec/memory.h"

/* The reply being built (server thread only). */
static char out[2 * GDB_PACKET_SIZE + 64];
static size_t out_len;

static void put(const char *s)
{
    size_t n = strlen(s);
    if (out_len + n < sizeof(out)) {
        memcpy(out + out_len, s, n);
        out_len += n;
    }
}

static void putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void putf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(out + out_len, sizeof(out) - out_len, fmt, ap);
    va_end(ap);
    if (k > 0 && out_len + (size_t)k < sizeof(out))
        out_len += (size_t)k;
}

static void put_hex(const uint8_t *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n && out_len + 2 < sizeof(out); i++) {
        out[out_len++] = hex[p[i] >> 4];
        out[out_len++] = hex[p[i] & 15];
    }
}

/* Binary data, escaped as the protocol asks ('}' then the byte ^ 0x20). */
static void put_binary(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n && out_len + 2 < sizeof(out); i++) {
        uint8_t c = p[i];
        if (c == '#' || c == '$' || c == '}' || c == '*') {
            out[out_len++] = '}';
            c ^= 0x20;
        }
        out[out_len++] = (char)c;
    }
}

/* A hex number at *p (advanced past it); false if there is none. */
static bool parse_hex(const char **p, uint64_t *v)
{
    const char *s = *p;
    uint64_t x = 0;
    int d;
    while ((d = gdb_hex_digit(*s)) >= 0) {
        x = x << 4 | (uint64_t)d;
        s++;
    }
    if (s == *p)
        return false;
    *v = x;
    *p = s;
    return true;
}

/* n bytes from the hex text at s into buf; false if it is short or bad. */
static bool unhex(const char *s, uint8_t *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int h = gdb_hex_digit(s[2 * i]), l = h < 0 ? -1 : gdb_hex_digit(s[2 * i + 1]);
        if (l < 0)
            return false;
        buf[i] = (uint8_t)(h << 4 | l);
    }
    return true;
}

/* ---- signals: the protocol numbers them GDB's way ---- */

/* GDB's number of each Linux signal 1..31 (0: GDB has none for it). */
static const uint8_t gdb_sig_of[32] = {
    [1] = 1, [2] = 2, [3] = 3, [4] = 4, [5] = 5, [6] = 6, [7] = 10, [8] = 8,
    [9] = 9, [10] = 30, [11] = 11, [12] = 31, [13] = 13, [14] = 14, [15] = 15,
    [17] = 20, [18] = 19, [19] = 17, [20] = 18, [21] = 21, [22] = 22, [23] = 16,
    [24] = 24, [25] = 25, [26] = 26, [27] = 27, [28] = 28, [29] = 23, [30] = 32,
    [31] = 12,
};
#define GDB_SIGNAL_UNKNOWN 143

static int to_gdb_signal(int sig)
{
    if (sig > 0 && sig < 32)
        return gdb_sig_of[sig] ? gdb_sig_of[sig] : GDB_SIGNAL_UNKNOWN;
    if (sig == 32)
        return 77;
    if (sig >= 33 && sig <= 63)
        return sig + 12;    /* real-time 33.. are 45.. */
    if (sig == 64)
        return 78;
    return GDB_SIGNAL_UNKNOWN;
}

static int from_gdb_signal(int g)
{
    for (int sig = 1; sig <= 64; sig++)
        if (to_gdb_signal(sig) == g)
            return sig;
    return 0;
}

/* ---- threads ---- */

static void put_thread(int tid)
{
    if (gdb_stub.multiprocess)
        putf("p%x.%x", gdb_stub.mode->pid, tid);
    else
        putf("%x", tid);
}

/* A thread-id at *p: "p<pid>.<tid>", "p<pid>", "<tid>", with -1 for all
 * and 0 for any. Returns the tid (-1, 0 or one thread). */
static bool parse_thread(const char **p, int *tid)
{
    const char *s = *p;
    uint64_t v;
    if (*s == 'p') {
        s++;
        if (*s == '-' && s[1] == '1')
            s += 2;
        else if (!parse_hex(&s, &v))
            return false;
        if (*s != '.') {
            *tid = -1;
            *p = s;
            return true;
        }
        s++;
    }
    if (*s == '-' && s[1] == '1') {
        *tid = -1;
        s += 2;
    } else if (parse_hex(&s, &v)) {
        *tid = (int)v;
    } else {
        return false;
    }
    *p = s;
    return true;
}

size_t gdb_stop_reply(const GdbEvent *ev, char *buf)
{
    int n = 0;
    const GdbStub *s = &gdb_stub;
    char th[48];
    if (s->multiprocess)
        snprintf(th, sizeof(th), "thread:p%x.%x;", s->mode->pid, ev->tid);
    else
        snprintf(th, sizeof(th), "thread:%x;", ev->tid);
    switch (ev->kind) {
    case GDB_EV_EXITED:
    case GDB_EV_KILLED:
        n = snprintf(buf, 128, "%c%02x", ev->kind == GDB_EV_EXITED ? 'W' : 'X',
                     ev->kind == GDB_EV_EXITED ? ev->sig & 0xff : to_gdb_signal(ev->sig));
        if (s->multiprocess)
            n += snprintf(buf + n, 128 - (size_t)n, ";process:%x", s->mode->pid);
        break;
    case GDB_EV_SIGNAL:
        n = snprintf(buf, 128, "T%02x%s", to_gdb_signal(ev->sig), th);
        break;
    case GDB_EV_INTERRUPT:
        n = snprintf(buf, 128, "T02%s", th);
        break;
    case GDB_EV_SYSCALL_ENTRY:
    case GDB_EV_SYSCALL_RETURN:
        n = snprintf(buf, 128, "T05%s:%" PRIx64 ";%s",
                     ev->kind == GDB_EV_SYSCALL_ENTRY ? "syscall_entry" : "syscall_return",
                     (uint64_t)ev->nr, th);
        break;
    case GDB_EV_DEBUG:
        n = snprintf(buf, 128, "T05%s", th);
        if (ev->reason == DEBUG_BREAK && s->swbreak)
            n += snprintf(buf + n, 128 - (size_t)n, "swbreak:;");
        if (ev->reason == DEBUG_WATCH)
            n += snprintf(buf + n, 128 - (size_t)n, "%s:%" PRIx64 ";",
                          ev->wp_kind == DEBUG_WP_WRITE ? "watch"
                          : ev->wp_kind == DEBUG_WP_READ ? "rwatch" : "awatch",
                          ev->wp_addr);
        break;
    default:
        n = snprintf(buf, 128, "T05%s", th);
        break;
    }
    return (size_t)n;
}

/* ---- registers ---- */

static CPUState *reg_cpu(void)
{
    return gdb_cpu(gdb_stub.g_tid);
}

/* The registers of the 'g' packet: those of the first feature. */
static unsigned g_regs(const GuestArch *g)
{
    unsigned n = 1;
    while (n < g->n_regs && !strcmp(g->regs[n].feature, g->regs[0].feature))
        n++;
    return n;
}

static void read_regs(void)
{
    CPUState *cpu = reg_cpu();
    if (!cpu) {
        put("E01");
        return;
    }
    const GuestArch *g = cpu->guest;
    for (unsigned i = 0; i < g_regs(g); i++) {
        uint8_t buf[16];
        g->reg_read(cpu, i, buf);
        put_hex(buf, g->regs[i].size);
    }
}

static void write_regs(const char *hex)
{
    CPUState *cpu = reg_cpu();
    if (!cpu) {
        put("E01");
        return;
    }
    const GuestArch *g = cpu->guest;
    for (unsigned i = 0; i < g_regs(g) && *hex; i++) {
        uint8_t buf[16];
        unsigned size = g->regs[i].size;
        if (strlen(hex) < 2u * size || !unhex(hex, buf, size)) {
            put("E01");
            return;
        }
        g->reg_write(cpu, i, buf);
        hex += 2 * size;
    }
    put("OK");
}

static void read_reg(const char *p)
{
    uint64_t n;
    CPUState *cpu = reg_cpu();
    if (!cpu || !parse_hex(&p, &n) || n >= cpu->guest->n_regs) {
        put("E01");
        return;
    }
    uint8_t buf[16];
    cpu->guest->reg_read(cpu, (unsigned)n, buf);
    put_hex(buf, cpu->guest->regs[n].size);
}

static void write_reg(const char *p)
{
    uint64_t n;
    uint8_t buf[16];
    CPUState *cpu = reg_cpu();
    if (!cpu || !parse_hex(&p, &n) || n >= cpu->guest->n_regs || *p++ != '=' ||
        strlen(p) < 2u * cpu->guest->regs[n].size || !unhex(p, buf, cpu->guest->regs[n].size)) {
        put("E01");
        return;
    }
    cpu->guest->reg_write(cpu, (unsigned)n, buf);
    put("OK");
}

/* ---- memory ---- */

/* "addr,len" at *p; len at most max. */
static bool parse_range(const char **p, uint64_t *addr, uint64_t *len, uint64_t max)
{
    if (!parse_hex(p, addr) || *(*p)++ != ',' || !parse_hex(p, len))
        return false;
    if (*len > max)
        *len = max;
    return true;
}

static void read_mem(const char *p)
{
    uint64_t addr, len;
    uint8_t buf[GDB_PACKET_SIZE / 2];
    if (!parse_range(&p, &addr, &len, sizeof(buf))) {
        put("E01");
        return;
    }
    size_t got = mem_debug_read(addr, buf, len);
    if (!got && len)
        put("E14");
    else
        put_hex(buf, got);
}

static void write_mem(const char *p, size_t n, bool binary)
{
    const char *end = p + n;
    uint64_t addr, len;
    static uint8_t buf[GDB_PACKET_SIZE];   /* server thread only: off its stack */
    if (!parse_range(&p, &addr, &len, sizeof(buf)) || *p++ != ':') {
        put("E01");
        return;
    }
    size_t k = 0;
    if (binary) {
        while (p < end && k < len) {
            uint8_t c = (uint8_t)*p++;
            if (c == '}' && p < end)
                c = (uint8_t)(*p++ ^ 0x20);
            buf[k++] = c;
        }
    } else if ((size_t)(end - p) >= 2 * len && unhex(p, buf, len)) {
        k = len;
    }
    if (k != len) {
        put("E01");
        return;
    }
    put(mem_debug_write(addr, buf, len) == len ? "OK" : "E14");
}

/* ---- breakpoints and watchpoints ---- */

static void breakpoint(const char *p, bool insert)
{
    uint64_t type, addr, kind;
    if (!parse_hex(&p, &type) || *p++ != ',' || !parse_hex(&p, &addr) || *p++ != ',' ||
        !parse_hex(&p, &kind) || type > 4)
        return;     /* unsupported: empty reply */
    if (type <= 1) {
        if (insert)
            debug_bp_insert(addr);
        else
            debug_bp_remove(addr);
        put("OK");
        return;
    }
    static const int kinds[5] = { 0, 0, DEBUG_WP_WRITE, DEBUG_WP_READ, DEBUG_WP_ACCESS };
    bool ok = insert ? debug_wp_insert(addr, kind, kinds[type]) : debug_wp_remove(addr, kind, kinds[type]);
    put(ok || !insert ? "OK" : "E01");
}

/* ---- resuming ---- */

static int resume(GdbAction *acts, int n)
{
    gdb_resume(acts, n);
    return GDB_RESUMED;
}

/* vCont;action[:thread-id]... */
static int vcont(const char *p)
{
    GdbAction acts[64];
    int n = 0;
    while (*p == ';' && n < 64) {
        p++;
        GdbAction a = { .tid = -1 };
        uint64_t sig = 0;
        char c = *p++;
        if (c == 'c' || c == 'C')
            a.act = GDB_ACT_CONT;
        else if (c == 's' || c == 'S')
            a.act = GDB_ACT_STEP;
        else if (c == 't')
            a.act = GDB_ACT_NONE;
        else
            goto bad;
        if ((c == 'C' || c == 'S') && !parse_hex(&p, &sig))
            goto bad;
        a.sig = from_gdb_signal((int)sig);
        if (*p == ':' && (p++, !parse_thread(&p, &a.tid)))
            goto bad;
        if (a.tid == 0)
            a.tid = -1;
        acts[n++] = a;
    }
    if (*p || !n)
        goto bad;
    return resume(acts, n);
bad:
    put("E01");
    return GDB_STAY;
}

/* c, s, C sig, S sig (optionally ";addr", or "addr" for c and s): the
 * thread of Hc steps, the others continue (c) or stay (s). */
static int legacy_resume(char op, const char *p)
{
    uint64_t sig = 0, addr;
    if ((op == 'C' || op == 'S') && (!parse_hex(&p, &sig) || (*p && *p++ != ';'))) {
        put("E01");
        return GDB_STAY;
    }
    CPUState *cpu = gdb_cpu(gdb_stub.c_tid);
    if (parse_hex(&p, &addr) && cpu)
        cpu_set_pc(cpu, addr);
    int tid = cpu ? cpu->tid : -1;
    bool step = op == 's' || op == 'S';
    GdbAction acts[2] = { { step ? GDB_ACT_STEP : GDB_ACT_CONT, from_gdb_signal((int)sig), tid },
                          { GDB_ACT_CONT, 0, -1 } };
    return resume(acts, step ? 1 : 2);
}

/* ---- host I/O (vFile): the guest's files, read-only ---- */

/* Host fds GDB opened (server thread only), closed if GDB leaves first. */
static int vfile_fds[16];
static int n_vfile_fds;

/* GDB's File-I/O errno values: Linux's, except ENAMETOOLONG; 9999 for any
 * it does not list. */
static int fileio_errno(int e)
{
    switch (e) {
    case 1: case 2: case 4: case 9: case 13: case 14: case 16: case 17: case 19: case 20:
    case 21: case 22: case 23: case 24: case 27: case 28: case 29: case 30:
        return e;
    case 36:
        return 91;
    default:
        return 9999;
    }
}

static void fileio_result(int64_t r)
{
    if (r < 0)
        putf("F-1,%x", fileio_errno((int)-r));
    else
        putf("F%" PRIx64, (uint64_t)r);
}

/* A hex-encoded file name at *p (up to ',' or the end) into buf. */
static bool vfile_name(const char **p, char *buf, size_t size)
{
    size_t n = 0;
    const char *s = *p;
    while (*s && *s != ',') {
        uint8_t c;
        if (n + 1 >= size || !unhex(s, &c, 1))
            return false;
        buf[n++] = (char)c;
        s += 2;
    }
    buf[n] = 0;
    *p = s;
    return n > 0;
}

static bool vfile_known(int fd)
{
    for (int i = 0; i < n_vfile_fds; i++)
        if (vfile_fds[i] == fd)
            return true;
    return false;
}

static void put_be(uint8_t *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8)
        p[i] = (uint8_t)v;
}

static void vfile(const char *p)
{
    char name[4096];
    uint64_t fd, count, off, flags;
    const GdbMode *m = gdb_stub.mode;
    if (!strncmp(p, "setfs:", 6)) {
        put("F0");
    } else if (!strncmp(p, "open:", 5)) {
        p += 5;
        if (!vfile_name(&p, name, sizeof(name)) || *p++ != ',' || !parse_hex(&p, &flags)) {
            put("E01");
        } else if (flags != 0 || n_vfile_fds == 16) {
            fileio_result(flags ? -13 : -24);   /* EACCES: only reading; EMFILE */
        } else {
            int r = m->open_file(name);
            if (r >= 0)
                vfile_fds[n_vfile_fds++] = r;
            fileio_result(r);
        }
    } else if (!strncmp(p, "close:", 6)) {
        p += 6;
        if (!parse_hex(&p, &fd) || !vfile_known((int)fd)) {
            fileio_result(-9);
            return;
        }
        for (int i = 0; i < n_vfile_fds; i++)
            if (vfile_fds[i] == (int)fd)
                vfile_fds[i] = vfile_fds[--n_vfile_fds];
        close((int)fd);
        put("F0");
    } else if (!strncmp(p, "pread:", 6)) {
        static uint8_t buf[GDB_PACKET_SIZE / 2 - 32];   /* server thread only */
        p += 6;
        if (!parse_hex(&p, &fd) || *p++ != ',' || !parse_hex(&p, &count) || *p++ != ',' ||
            !parse_hex(&p, &off) || !vfile_known((int)fd)) {
            fileio_result(-9);
            return;
        }
        ssize_t r = pread((int)fd, buf, count < sizeof(buf) ? count : sizeof(buf), (off_t)off);
        fileio_result(r < 0 ? -errno : r);
        if (r >= 0) {
            put(";");
            put_binary(buf, (size_t)r);
        }
    } else if (!strncmp(p, "fstat:", 6)) {
        struct stat st;
        p += 6;
        if (!parse_hex(&p, &fd) || !vfile_known((int)fd) || fstat((int)fd, &st) < 0) {
            fileio_result(-9);
            return;
        }
        /* GDB's struct stat: big-endian, 7 32-bit fields, 3 64-bit, 3 32-bit. */
        uint8_t b[64];
        const uint64_t v[13] = { st.st_dev, st.st_ino, st.st_mode, st.st_nlink, st.st_uid,
                                 st.st_gid, st.st_rdev, (uint64_t)st.st_size,
                                 (uint64_t)st.st_blksize, (uint64_t)st.st_blocks,
                                 (uint64_t)st.st_atime, (uint64_t)st.st_mtime,
                                 (uint64_t)st.st_ctime };
        for (int i = 0, at = 0; i < 13; i++) {
            int n = i >= 7 && i < 10 ? 8 : 4;
            put_be(b + at, v[i], n);
            at += n;
        }
        put("F40;");
        put_binary(b, sizeof(b));
    } else if (!strncmp(p, "readlink:", 9)) {
        char target[4096];
        p += 9;
        if (!vfile_name(&p, name, sizeof(name))) {
            put("E01");
            return;
        }
        int r = m->read_link(name, target, sizeof(target));
        fileio_result(r);
        if (r >= 0) {
            put(";");
            put_binary((const uint8_t *)target, (size_t)r);
        }
    }
}

void gdb_vfile_close_all(void)
{
    while (n_vfile_fds)
        close(vfile_fds[--n_vfile_fds]);
}

/* ---- queries ---- */

static void supported(const char *p)
{
    gdb_stub.multiprocess = strstr(p, "multiprocess+") != NULL;
    gdb_stub.swbreak = strstr(p, "swbreak+") != NULL;
    putf("PacketSize=%x;qXfer:features:read+;qXfer:auxv:read+;qXfer:exec-file:read+;"
         "QCatchSyscalls+;QStartNoAckMode+;vContSupported+;swbreak+;hwbreak+",
         GDB_PACKET_SIZE);
    if (gdb_stub.multiprocess)
        put(";multiprocess+");
}

/* qXfer:object:read:annex:offset,length of the n bytes at data. */
static void xfer_slice(const void *data, size_t n, const char *p)
{
    uint64_t off, len;
    if (!parse_range(&p, &off, &len, GDB_PACKET_SIZE - 16)) {
        put("E01");
        return;
    }
    if (!data || off >= n) {
        put("l");
        return;
    }
    size_t k = n - off < len ? n - off : len;
    put(off + k < n ? "m" : "l");
    put_binary((const uint8_t *)data + off, k);
}

static void xfer(const char *p)
{
    size_t n = 0;
    const char *rest;
    if (!strncmp(p, "features:read:target.xml:", 25)) {
        const char *xml = gdb_tdesc(gdb_stub.guest, &n);
        xfer_slice(xml, n, p + 25);
    } else if (!strncmp(p, "auxv:read::", 11)) {
        const void *a = gdb_stub.mode->auxv(&n);
        xfer_slice(a, n, p + 11);
    } else if (!strncmp(p, "exec-file:read:", 15) && (rest = strchr(p + 15, ':'))) {
        const char *path = guest_image.exec_path;
        xfer_slice(path, path ? strlen(path) : 0, rest + 1);
    } else if (!strncmp(p, "features:read:", 14)) {
        put("E00");
    }
}

static void thread_list(void)
{
    int tids[1024];
    int n = gdb_thread_ids(tids, 1024);
    put("m");
    for (int i = 0; i < n; i++) {
        if (i)
            put(",");
        put_thread(tids[i]);
    }
}

static void thread_extra(const char *p)
{
    int tid;
    CPUState *cpu;
    if (!parse_thread(&p, &tid) || !(cpu = gdb_cpu(tid))) {
        put("E01");
        return;
    }
    /* What qemu-user says of its threads. */
    char text[48];
    int k = snprintf(text, sizeof(text), "CPU#%d [running]", cpu->cpu_index);
    put_hex((const uint8_t *)text, (size_t)k);
}

static void catch_syscalls(const char *p)
{
    GdbStub *s = &gdb_stub;
    if (*p == '0' && !p[1]) {
        s->catch_syscalls = false;
        put("OK");
        return;
    }
    if (*p++ != '1') {
        put("E01");
        return;
    }
    memset(s->catch_set, 0, sizeof(s->catch_set));
    s->catch_any = !*p;
    while (*p == ';') {
        uint64_t nr;
        p++;
        if (!parse_hex(&p, &nr)) {
            put("E01");
            return;
        }
        if (nr < 512)
            s->catch_set[nr / 64] |= 1ull << (nr % 64);
    }
    s->catch_syscalls = true;
    put("OK");
}

static void query(const char *p)
{
    if (!strncmp(p, "qSupported", 10))
        supported(p);
    else if (!strncmp(p, "qXfer:", 6))
        xfer(p + 6);
    else if (!strcmp(p, "qC")) {
        put("QC");
        put_thread(gdb_stub.last.tid);
    } else if (!strncmp(p, "qAttached", 9))
        put("0");   /* the stub started the process: GDB's quit kills it */
    else if (!strcmp(p, "qfThreadInfo"))
        thread_list();
    else if (!strcmp(p, "qsThreadInfo"))
        put("l");
    else if (!strncmp(p, "qThreadExtraInfo,", 17))
        thread_extra(p + 17);
    else if (!strncmp(p, "qSymbol:", 8))
        put("OK");
}

/* ---- dispatch ---- */

int gdb_handle_packet(char *pkt, size_t len)
{
    out_len = 0;
    int r = GDB_STAY;
    const char *p = pkt + 1;
    int tid;
    switch (pkt[0]) {
    case '?': {
        char buf[128];
        out_len = gdb_stop_reply(&gdb_stub.last, buf);
        memcpy(out, buf, out_len);
        break;
    }
    case 'g': read_regs(); break;
    case 'G': write_regs(p); break;
    case 'p': read_reg(p); break;
    case 'P': write_reg(p); break;
    case 'm': read_mem(p); break;
    case 'M': write_mem(p, len - 1, false); break;
    case 'X': write_mem(p, len - 1, true); break;
    case 'Z': breakpoint(p, true); break;
    case 'z': breakpoint(p, false); break;
    case 'H':
        if ((*p == 'g' || *p == 'c') && (p++, parse_thread(&p, &tid)) &&
            (tid <= 0 || gdb_cpu(tid))) {
            *(pkt[1] == 'g' ? &gdb_stub.g_tid : &gdb_stub.c_tid) = tid;
            put("OK");
        } else {
            put("E01");
        }
        break;
    case 'T':
        put(parse_thread(&p, &tid) && tid > 0 && gdb_cpu(tid) ? "OK" : "E01");
        break;
    case 'c': case 's': case 'C': case 'S':
        return legacy_resume(pkt[0], p);
    case 'D':
        gdb_send("OK", 2);
        gdb_detach();
        return GDB_GONE;
    case 'k':
        gdb_stub.mode->kill();
        return GDB_GONE;
    case 'q':
        query(pkt);
        break;
    case 'Q':
        if (!strcmp(pkt, "QStartNoAckMode")) {
            gdb_send("OK", 2);
            gdb_stub.noack = true;
            return GDB_STAY;
        }
        if (!strncmp(pkt, "QCatchSyscalls:", 15))
            catch_syscalls(pkt + 15);
        break;
    case 'v':
        if (!strcmp(pkt, "vCont?"))
            put("vCont;c;C;s;S;t");
        else if (!strncmp(pkt, "vCont;", 5))
            r = vcont(pkt + 5);
        else if (!strncmp(pkt, "vFile:", 6))
            vfile(pkt + 6);
        else if (!strncmp(pkt, "vKill", 5)) {
            gdb_send("OK", 2);
            gdb_stub.mode->kill();
            return GDB_GONE;
        }
        break;
    default:
        break;
    }
    if (r == GDB_STAY)
        gdb_send(out, out_len);
    return r;
}
