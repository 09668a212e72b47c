/*
 * lockstep: run two instances side by side and report where they diverge.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin lockstep,help` prints it).
 * The first instance to start listens on the socket and waits for the
 * second, which connects; the listener then removes the socket file.
 *
 * Before each translation block runs, each instance sends the block's
 * address and its instruction count so far, and reads the other's. The
 * first time they differ it prints
 *   @ 0x<ours> vs 0x<theirs> (after N blocks)
 *   Δ insn_count @ 0x<ours> (<our count>) vs 0x<theirs> (<their count>)
 *     previously @ 0x<block>/<insns> (<count before it> insns)   (up to 8)
 * and stops comparing. When the peer stops first, that is reported too.
 * At exit without divergence: "No divergence :-)" and the totals.
 *
 * Single-threaded guests only: blocks of several threads interleave
 * differently from run to run, so a second vCPU stops the comparison.
 */
#include <inttypes.h>
#include <errno.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "runs two instances side by side and reports where they diverge\n"
    "  sockpath=PATH   the unix socket the two instances meet on (required)\n"
    "  verbose=on|off  also print every block the instances agree on\n");

static const char *const NAME = "lockstep";

#define HISTORY 8

typedef struct {
    uint64_t pc;
    uint64_t insns;
} Block;

/* What the peers exchange, in host byte order (both run on this host). */
typedef struct {
    uint64_t pc;
    uint64_t insn_count;
} ExecState;

typedef struct {
    const Block *block;
    uint64_t insns_before;
} HistoryEntry;

/*
 * Plugin-lifetime state, touched only by vCPU 0 once the comparison runs
 * (a second vCPU ends the comparison before it executes anything).
 */
static int sock = -1;
static bool comparing;
static bool diverged;
static bool verbose;
static uint64_t block_count;
static uint64_t insn_count;
static HistoryEntry history[HISTORY];
static GMutex blocks_lock;
static GPtrArray *blocks;                    /* Block *, freed at exit */

static void stop_comparing(const char *why)
{
    if (why) {
        qemu_plugin_outs(why);
    }
    comparing = false;
    if (sock >= 0) {
        close(sock);
        sock = -1;
    }
}

/* Sends (out) or receives all len bytes, retrying after a signal. */
static bool transfer(bool out, void *buf, size_t len)
{
    char *p = buf;

    for (size_t done = 0; done < len;) {
        ssize_t n = out ? write(sock, p + done, len - done)
                        : read(sock, p + done, len - done);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        done += n;
    }
    return true;
}

static bool exchange(const ExecState *us, ExecState *them)
{
    return transfer(true, (void *)us, sizeof(*us)) &&
           transfer(false, them, sizeof(*them));
}

static void report_divergence(const ExecState *us, const ExecState *them)
{
    g_autoptr(GString) s = g_string_new(NULL);

    g_string_append_printf(s, "@ 0x%016" PRIx64 " vs 0x%016" PRIx64
                           " (after %" PRIu64 " blocks)\n",
                           us->pc, them->pc, block_count);
    g_string_append_printf(s, "Δ insn_count @ 0x%016" PRIx64 " (%" PRIu64
                           ") vs 0x%016" PRIx64 " (%" PRIu64 ")\n",
                           us->pc, us->insn_count, them->pc,
                           them->insn_count);
    for (uint64_t i = 0; i < HISTORY && i < block_count; i++) {
        const HistoryEntry *h = &history[(block_count - 1 - i) % HISTORY];

        g_string_append_printf(s, "  previously @ 0x%016" PRIx64 "/%" PRIu64
                               " (%" PRIu64 " insns)\n", h->block->pc,
                               h->block->insns, h->insns_before);
    }
    qemu_plugin_outs(s->str);
}

static void tb_exec(unsigned int vcpu, void *udata)
{
    const Block *b = udata;
    ExecState us = { .pc = b->pc, .insn_count = insn_count };
    ExecState them;

    if (!comparing) {
        return;
    }
    if (!exchange(&us, &them)) {
        g_autofree char *msg = g_strdup_printf(
            "lockstep: the peer stopped after %" PRIu64 " blocks; we go on "
            "at 0x%016" PRIx64 "\n", block_count, b->pc);
        diverged = true;
        stop_comparing(msg);
        return;
    }
    if (us.pc != them.pc || us.insn_count != them.insn_count) {
        diverged = true;
        report_divergence(&us, &them);
        stop_comparing(NULL);
        return;
    }
    if (verbose) {
        g_autofree char *msg = g_strdup_printf(
            "= 0x%016" PRIx64 " (%" PRIu64 " insns)\n", us.pc, us.insn_count);
        qemu_plugin_outs(msg);
    }
    history[block_count % HISTORY] = (HistoryEntry) {
        .block = b, .insns_before = insn_count,
    };
    block_count++;
    insn_count += b->insns;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    Block *b = g_new(Block, 1);

    b->pc = qemu_plugin_tb_vaddr(tb);
    b->insns = qemu_plugin_tb_n_insns(tb);
    g_mutex_lock(&blocks_lock);
    g_ptr_array_add(blocks, b);
    g_mutex_unlock(&blocks_lock);
    qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS,
                                         b);
}

static void vcpu_init(unsigned int vcpu, void *udata)
{
    if (vcpu > 0 && comparing) {
        stop_comparing("lockstep: a second vCPU started; lockstep only "
                       "compares single-threaded programs, stopping\n");
    }
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);

    if (!diverged) {
        g_string_append(s, "No divergence :-)\n");
    }
    g_string_append_printf(s, "Executed %" PRIu64 " blocks\n", block_count);
    g_string_append_printf(s, "Executed ~%" PRIu64 " instructions\n",
                           insn_count);
    qemu_plugin_outs(s->str);
    stop_comparing(NULL);
    g_ptr_array_free(blocks, TRUE);
}

static int unix_socket(const char *path, struct sockaddr_un *sa)
{
    int fd;

    if (strlen(path) >= sizeof(sa->sun_path)) {
        fprintf(stderr, "%s: sockpath too long: %s\n", NAME, path);
        return -1;
    }
    memset(sa, 0, sizeof(*sa));
    sa->sun_family = AF_UNIX;
    strcpy(sa->sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        fprintf(stderr, "%s: socket: %s\n", NAME, strerror(errno));
    }
    return fd;
}

static int listen_and_accept(int lfd, const char *path)
{
    int fd;

    if (listen(lfd, 1) < 0) {
        fprintf(stderr, "%s: cannot listen on %s: %s\n", NAME, path,
                strerror(errno));
        close(lfd);
        return -1;
    }
    do {
        fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        fprintf(stderr, "%s: accept on %s: %s\n", NAME, path, strerror(errno));
    }
    close(lfd);
    unlink(path);
    return fd;
}

/*
 * Connect if someone listens on path; otherwise listen there and wait for
 * the peer. Both instances may start at once, so binding can lose a race
 * (then we connect after all); a socket file that keeps refusing
 * connections is a leftover of an earlier run and is replaced.
 */
static int meet_peer(const char *path)
{
    struct sockaddr_un sa;
    int refused = 0;

    for (int attempt = 0; attempt < 500; attempt++) {
        int fd = unix_socket(path, &sa);

        if (fd < 0) {
            return -1;
        }
        if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            return fd;
        }
        if (errno == ECONNREFUSED && ++refused > 20) {
            unlink(path);
            refused = 0;
        }
        close(fd);
        fd = unix_socket(path, &sa);
        if (fd < 0) {
            return -1;
        }
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
            return listen_and_accept(fd, path);
        }
        if (errno != EADDRINUSE) {
            fprintf(stderr, "%s: cannot bind %s: %s\n", NAME, path,
                    strerror(errno));
            close(fd);
            return -1;
        }
        close(fd);
        g_usleep(10 * 1000);
    }
    fprintf(stderr, "%s: could not meet the peer on %s\n", NAME, path);
    return -1;
}

/* opaque: the install function's socket path. */
static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "sockpath")) {
        return parg_string(NAME, a, "a socket path", opaque);
    }
    if (parg_is(a, "verbose")) {
        return parg_bool(NAME, a, &verbose);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    g_autofree char *path = NULL;

    if (parg_each(argc, argv, parse_arg, &path)) {
        return -1;
    }
    if (!path) {
        fprintf(stderr, "%s: sockpath=PATH is required (the socket both "
                "instances meet on)\n", NAME);
        return -1;
    }
    sock = meet_peer(path);
    if (sock < 0) {
        return -1;
    }
    comparing = true;
    blocks = g_ptr_array_new_with_free_func(g_free);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
