/*
 * The stub's server: the connection to GDB, the server thread that owns
 * it, and the handshake between that thread and the vCPUs.
 *
 * While the target runs, the server thread waits for either a vCPU's
 * report (through a pipe) or a Ctrl-C byte from GDB. Either way it holds
 * every vCPU (CPUDebug.hold, then an exclusive section pushes the running
 * ones out of guest code; a vCPU outside it meets the hold or one of the
 * hooks before it touches guest state again), sends the stop reply, and
 * serves packets until GDB resumes the target.
 *
 * A vCPU reports by claiming the one event slot (which also marks the
 * target stopped) and waits until it is resumed. If the target is stopped
 * or stopping already, a breakpoint, watchpoint or finished step is
 * dropped (running the instruction again meets the breakpoint again; a
 * step of a thread GDB did not stop for is cancelled as natively), while
 * a signal, a syscall stop or an exit waits and is reported after the
 * resume, so that none is lost.
 */
#include "gdb/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "exec/debug.h"
#include "exec/exclusive.h"
#include "util/hostfd.h"
#include "util/util.h"

GdbStub gdb_stub;
volatile bool gdb_attached;

/* The handshake with the vCPUs, process-wide like the connection: under
 * lock; cond is broadcast when the target resumes or GDB goes away.
 * stopped: the target is stopped or a report is stopping it. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static bool stopped;
static bool event_pending;
static GdbEvent event;
static int new_action;          /* for vCPUs created while the target runs */
static int wake_pipe[2] = { -1, -1 };

/* The connection and its input, the server thread's alone. */
static int conn = -1;
static char inbuf[2 * GDB_PACKET_SIZE];
static size_t in_pos, in_len;
static char *last_sent;         /* for a resend when GDB answers '-' */
static size_t last_len;

/* ---- the connection ---- */

static void send_all(const char *p, size_t n)
{
    while (n && conn >= 0) {
        ssize_t k = send(conn, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;     /* GDB went away: the reader sees it */
        p += k;
        n -= (size_t)k;
    }
}

void gdb_send(const char *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    last_sent = xrealloc(last_sent, len + 4);
    unsigned sum = 0;
    last_sent[0] = '$';
    for (size_t i = 0; i < len; i++) {
        last_sent[1 + i] = data[i];
        sum += (unsigned char)data[i];
    }
    last_sent[1 + len] = '#';
    last_sent[2 + len] = hex[(sum >> 4) & 15];
    last_sent[3 + len] = hex[sum & 15];
    last_len = len + 4;
    send_all(last_sent, last_len);
}

/* More input; false at the end of the connection. */
static bool fill(void)
{
    if (in_pos == in_len)
        in_pos = in_len = 0;
    for (;;) {
        ssize_t k = read(conn, inbuf + in_len, sizeof(inbuf) - in_len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        in_len += (size_t)k;
        return true;
    }
}

static int next_byte(void)
{
    if (in_pos == in_len && !fill())
        return -1;
    return (unsigned char)inbuf[in_pos++];
}

/* The next packet's contents into pkt (NUL-terminated); its length, or -1
 * at the end of the connection. Acks and stray bytes are consumed. */
static ssize_t read_packet(char *pkt, size_t cap)
{
    for (;;) {
        int c = next_byte();
        if (c < 0)
            return -1;
        if (c == '-' && last_sent)
            send_all(last_sent, last_len);
        if (c != '$')
            continue;
        size_t n = 0;
        unsigned sum = 0;
        bool overflow = false;
        while ((c = next_byte()) >= 0 && c != '#') {
            sum += (unsigned)c;
            if (n + 1 < cap)
                pkt[n++] = (char)c;
            else
                overflow = true;
        }
        int h = next_byte(), l = next_byte();
        if (c < 0 || h < 0 || l < 0)
            return -1;
        bool ok = !overflow && gdb_hex_digit(h) >= 0 && gdb_hex_digit(l) >= 0 &&
                  (unsigned)(gdb_hex_digit(h) << 4 | gdb_hex_digit(l)) == (sum & 0xff);
        if (!gdb_stub.noack)
            send_all(ok ? "+" : "-", 1);
        if (ok) {
            pkt[n] = 0;
            return (ssize_t)n;
        }
    }
}

/* ---- vCPUs ---- */

typedef struct Lookup {
    int tid;
    CPUState *found;
} Lookup;

static void find_one(CPUState *cpu, void *arg)
{
    Lookup *l = arg;
    if (cpu->tid && cpu->debug.action != GDB_ACT_GONE && !l->found &&
        (l->tid <= 0 || cpu->tid == l->tid))
        l->found = cpu;
}

CPUState *gdb_cpu(int tid)
{
    /* Any thread: preferably the one that stopped last. */
    Lookup l = { tid > 0 ? tid : gdb_stub.last.tid, NULL };
    if (l.tid > 0)
        cpu_list_foreach(find_one, &l);
    if (!l.found && tid <= 0) {
        l.tid = 0;
        cpu_list_foreach(find_one, &l);
    }
    return l.found;
}

typedef struct IdList {
    int *tids;
    int n, max;
} IdList;

static void add_id(CPUState *cpu, void *arg)
{
    IdList *l = arg;
    if (!cpu->tid || cpu->debug.action == GDB_ACT_GONE || l->n == l->max)
        return;
    int i = l->n++;
    while (i > 0 && l->tids[i - 1] > cpu->tid) {
        l->tids[i] = l->tids[i - 1];
        i--;
    }
    l->tids[i] = cpu->tid;
}

int gdb_thread_ids(int *tids, int max)
{
    IdList l = { tids, 0, max };
    cpu_list_foreach(add_id, &l);
    return l.n;
}

static void hold_one(CPUState *cpu, void *arg)
{
    if (cpu->debug.action != GDB_ACT_GONE)
        cpu->debug.action = GDB_ACT_NONE;
    __atomic_store_n(&cpu->debug.hold, 1, __ATOMIC_RELEASE);
}

/* Keep every vCPU out of guest code (stopped is already set): those in it
 * leave through the exclusive section's exit request. */
static void hold_all(void)
{
    pthread_mutex_lock(&lock);
    cpu_list_foreach(hold_one, NULL);
    pthread_mutex_unlock(&lock);
    start_exclusive();
    end_exclusive();
}

typedef struct Resume {
    const GdbAction *acts;
    int n;
} Resume;

static void resume_one(CPUState *cpu, void *arg)
{
    const Resume *r = arg;
    if (cpu->debug.action == GDB_ACT_GONE)
        return;
    int act = GDB_ACT_NONE, sig = 0;
    for (int i = 0; i < r->n; i++) {
        if (r->acts[i].tid == -1 || r->acts[i].tid == cpu->tid) {
            act = r->acts[i].act;
            sig = r->acts[i].sig;
            break;
        }
    }
    cpu->debug.action = act;
    cpu->debug.signal = sig;
    cpu->debug.step = act == GDB_ACT_STEP;
    __atomic_store_n(&cpu->debug.hold, act == GDB_ACT_NONE, __ATOMIC_RELEASE);
}

void gdb_resume(const GdbAction *acts, int n)
{
    debug_wp_sync();
    Resume r = { acts, n };
    pthread_mutex_lock(&lock);
    new_action = GDB_ACT_NONE;
    for (int i = 0; i < n; i++)
        if (acts[i].tid == -1 && acts[i].act == GDB_ACT_CONT)
            new_action = GDB_ACT_CONT;
    cpu_list_foreach(resume_one, &r);
    stopped = false;
    pthread_cond_broadcast(&cond);
    pthread_mutex_unlock(&lock);
}

static void release_one(CPUState *cpu, void *arg)
{
    if (cpu->debug.action != GDB_ACT_GONE)
        cpu->debug.action = GDB_ACT_CONT;
    cpu->debug.step = false;
    cpu->debug.signal = 0;
    __atomic_store_n(&cpu->debug.hold, 0, __ATOMIC_RELEASE);
}

/* Let every vCPU run free of GDB (lock held). */
static void release_all__locked(void)
{
    gdb_attached = false;
    gdb_stub.catch_syscalls = false;
    cpu_list_foreach(release_one, NULL);
    stopped = false;
    pthread_cond_broadcast(&cond);
}

void gdb_detach(void)
{
    debug_bp_remove_all();
    debug_wp_remove_all();
    debug_wp_sync();
    pthread_mutex_lock(&lock);
    release_all__locked();
    pthread_mutex_unlock(&lock);
}

/* ---- the server thread ---- */

/* The target stopped for ev: hold everything and tell GDB. False when the
 * process is gone (the exit was reported). */
static bool stop(const GdbEvent *ev)
{
    char reply[128];
    size_t n = gdb_stop_reply(ev, reply);
    if (ev->kind == GDB_EV_EXITED || ev->kind == GDB_EV_KILLED) {
        gdb_send(reply, n);
        pthread_mutex_lock(&lock);
        release_all__locked();
        pthread_mutex_unlock(&lock);
        return false;
    }
    hold_all();
    gdb_stub.last = *ev;
    gdb_stub.g_tid = gdb_stub.c_tid = ev->tid;
    gdb_send(reply, n);
    return true;
}

/* While the target runs: until a vCPU reports or GDB interrupts (true, the
 * target is stopped now), or the connection or process ends (false). */
static bool wait_running(void)
{
    for (;;) {
        struct pollfd p[2] = { { wake_pipe[0], POLLIN, 0 }, { conn, POLLIN, 0 } };
        if (in_pos == in_len && poll(p, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            fatal("gdb stub: poll: %s", strerror(errno));
        }
        if (p[0].revents) {
            char drain[16];
            if (read(wake_pipe[0], drain, sizeof(drain)) < 0 && errno != EAGAIN)
                fatal("gdb stub: wake pipe: %s", strerror(errno));
        }
        bool interrupt = false;
        if (in_pos < in_len || p[1].revents) {
            /* In all-stop mode GDB sends nothing else while the target
             * runs but acks. */
            int c = next_byte();
            if (c < 0) {
                gdb_detach();
                return false;
            }
            interrupt = c == 3;
        }
        pthread_mutex_lock(&lock);
        GdbEvent ev = { .kind = -1 };
        if (event_pending) {
            ev = event;
            event_pending = false;
        } else if (interrupt && !stopped) {
            stopped = true;
            CPUState *cpu = gdb_cpu(gdb_stub.c_tid > 0 ? gdb_stub.c_tid : gdb_stub.g_tid);
            if (!cpu)
                cpu = gdb_cpu(0);
            ev = (GdbEvent){ .kind = GDB_EV_INTERRUPT, .tid = cpu ? cpu->tid : 0 };
        }
        pthread_mutex_unlock(&lock);
        if (ev.kind >= 0)
            return stop(&ev);
    }
}

static void *server_main(void *arg)
{
    char *pkt = xmalloc(GDB_PACKET_SIZE + 1);
    for (;;) {
        ssize_t n = read_packet(pkt, GDB_PACKET_SIZE + 1);
        if (n < 0) {
            gdb_detach();
            break;
        }
        int r = gdb_handle_packet(pkt, (size_t)n);
        if (r == GDB_GONE)
            break;
        if (r == GDB_RESUMED && !wait_running())
            break;
    }
    gdb_vfile_close_all();
    close(conn);
    conn = -1;
    free(pkt);
    return NULL;
}

/* A fork while the server thread holds lock must not leave the child with
 * it locked. */
static void prefork(void) { pthread_mutex_lock(&lock); }
static void postfork(void) { pthread_mutex_unlock(&lock); }

void gdb_wait_connection(int port)
{
    if (port <= 0 || port > 65535)
        fatal("-g: invalid port %d", port);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (ls < 0)
        fatal("-g: cannot create a socket: %s", strerror(errno));
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                              .sin_addr.s_addr = htonl(INADDR_ANY) };
    if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(ls, 1) < 0)
        fatal("-g: cannot listen on port %d: %s", port, strerror(errno));
    do
        conn = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
    while (conn < 0 && errno == EINTR);
    if (conn < 0)
        fatal("-g: accept: %s", strerror(errno));
    close(ls);
    /* Out of the guest's reach, in one of peek's own descriptor slots
     * (peek is still single-threaded here). */
    conn = hostfd_keep(conn);
    if (conn < 0)
        fatal("-g: cannot keep the connection: %s", strerror(errno));
    setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

void gdb_start(const GuestArch *g, const GdbMode *mode)
{
    if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0 ||
        (wake_pipe[0] = hostfd_keep(wake_pipe[0])) < 0 || (wake_pipe[1] = hostfd_keep(wake_pipe[1])) < 0)
        fatal("-g: pipe: %s", strerror(errno));

    gdb_stub.mode = mode;
    gdb_stub.guest = g;
    pthread_atfork(prefork, postfork, postfork);
    stopped = true;
    gdb_attached = true;
    pthread_mutex_lock(&lock);
    cpu_list_foreach(hold_one, NULL);
    pthread_mutex_unlock(&lock);
    CPUState *first = gdb_cpu(0);
    gdb_stub.last = (GdbEvent){ .kind = GDB_EV_START, .tid = first ? first->tid : 0 };
    gdb_stub.g_tid = gdb_stub.c_tid = gdb_stub.last.tid;

    /* The server thread takes no signal: they are the guest's. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t th;
    int e = pthread_create(&th, &attr, server_main, NULL);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e)
        fatal("-g: cannot start the gdb server thread: %s", strerror(e));
}

/* ---- the vCPUs' side ---- */

/* Wait while the target is stopped or cpu is held (lock held). */
static void park__locked(CPUState *cpu)
{
    while (gdb_attached && (stopped || cpu->debug.action == GDB_ACT_NONE))
        pthread_cond_wait(&cond, &lock);
}

static int take_signal__locked(CPUState *cpu)
{
    int sig = cpu->debug.signal;
    cpu->debug.signal = 0;
    return sig;
}

/* Report ev for cpu and wait until GDB resumes it (see the top). */
static int report(CPUState *cpu, GdbEvent ev, bool droppable)
{
    pthread_mutex_lock(&lock);
    cpu->debug.stepped = 0;
    for (;;) {
        if (!gdb_attached)
            break;
        if (!stopped && cpu->debug.action != GDB_ACT_NONE)
            break;
        park__locked(cpu);
        if (droppable) {
            int sig = take_signal__locked(cpu);
            pthread_mutex_unlock(&lock);
            return sig;
        }
    }
    if (gdb_attached) {
        stopped = true;
        cpu->debug.action = GDB_ACT_NONE;
        ev.tid = cpu->tid;
        event = ev;
        event_pending = true;
        if (write(wake_pipe[1], "e", 1) < 0 && errno != EAGAIN)
            fatal("gdb stub: wake pipe: %s", strerror(errno));
        park__locked(cpu);
    }
    int sig = take_signal__locked(cpu);
    /* GDB went away before it could decide: the signal goes on. */
    if (!gdb_attached && ev.kind == GDB_EV_SIGNAL)
        sig = ev.sig;
    pthread_mutex_unlock(&lock);
    return sig;
}

/* Not reporting anything: just wait if held. */
static int gate(CPUState *cpu)
{
    pthread_mutex_lock(&lock);
    park__locked(cpu);
    int sig = take_signal__locked(cpu);
    pthread_mutex_unlock(&lock);
    return sig;
}

void gdb_cpu_new(CPUState *cpu)
{
    if (!gdb_attached)
        return;
    pthread_mutex_lock(&lock);
    cpu->debug.action = stopped ? GDB_ACT_NONE : new_action;
    cpu->debug.hold = cpu->debug.action == GDB_ACT_NONE;
    pthread_mutex_unlock(&lock);
}

void gdb_cpu_exit(CPUState *cpu)
{
    if (!gdb_attached)
        return;
    pthread_mutex_lock(&lock);
    while (gdb_attached && stopped)
        pthread_cond_wait(&cond, &lock);
    cpu->debug.action = GDB_ACT_GONE;
    pthread_mutex_unlock(&lock);
}

int gdb_debug_exception(CPUState *cpu)
{
    if (!gdb_attached)
        return 0;
    CPUDebug *d = &cpu->debug;
    if (d->reason == DEBUG_HOLD)
        return gate(cpu);
    GdbEvent ev = { .kind = GDB_EV_DEBUG, .reason = d->reason, .wp_kind = d->wp_kind,
                    .wp_addr = d->wp_addr };
    return report(cpu, ev, true);
}

int gdb_step_done(CPUState *cpu)
{
    if (!gdb_attached || !cpu->debug.step || !cpu->debug.stepped)
        return 0;
    return report(cpu, (GdbEvent){ .kind = GDB_EV_DEBUG, .reason = DEBUG_STEP }, true);
}

int gdb_syscall(CPUState *cpu, int64_t nr, bool entry)
{
    if (!gdb_attached)
        return 0;
    const GdbStub *s = &gdb_stub;
    bool caught = s->catch_syscalls &&
                  (s->catch_any || (nr >= 0 && nr < 512 && (s->catch_set[nr / 64] >> (nr % 64)) & 1));
    if (!caught)
        return gate(cpu);
    GdbEvent ev = { .kind = entry ? GDB_EV_SYSCALL_ENTRY : GDB_EV_SYSCALL_RETURN, .nr = nr };
    return report(cpu, ev, false);
}

int gdb_signal(CPUState *cpu, int sig)
{
    if (!gdb_attached)
        return sig;
    return report(cpu, (GdbEvent){ .kind = GDB_EV_SIGNAL, .sig = sig }, false);
}

void gdb_exit(int code)
{
    CPUState *cpu = current_cpu;
    if (gdb_attached && cpu)
        report(cpu, (GdbEvent){ .kind = GDB_EV_EXITED, .sig = code }, false);
}

void gdb_exit_signal(int sig)
{
    CPUState *cpu = current_cpu;
    if (gdb_attached && cpu)
        report(cpu, (GdbEvent){ .kind = GDB_EV_KILLED, .sig = sig }, false);
}

void gdb_fork_child(void)
{
    if (!gdb_attached)
        return;
    /* Only this thread exists here; the server thread, and any vCPU that
     * waited on cond, stayed behind. */
    pthread_cond_init(&cond, NULL);
    if (conn >= 0)
        close(conn);
    close(wake_pipe[0]);
    close(wake_pipe[1]);
    conn = wake_pipe[0] = wake_pipe[1] = -1;
    debug_bp_remove_all();
    debug_wp_remove_all();
    debug_wp_sync();
    pthread_mutex_lock(&lock);
    event_pending = false;
    release_all__locked();
    pthread_mutex_unlock(&lock);
}
