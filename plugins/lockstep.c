/*
 * lockstep: run two instances side by side and report where they diverge.
 *
 * Arguments:
 *   sockpath=PATH   the unix socket the two instances meet on (required).
 *                   The first instance to start listens on it and waits for
 *                   the second, which connects; the listener then removes
 *                   the socket file.
 *   verbose=on|off  also print a line for every block the peers agree on
 *
 * Before each translation block runs, each instance records the block's
 * address and its instruction count so far, and compares them with the
 * other's record of the same block. The first time they differ it prints
 *   @ 0x<ours> vs 0x<theirs> (after N blocks)
 *   Δ insn_count @ 0x<ours> (<our count>) vs 0x<theirs> (<their count>)
 *     previously @ 0x<block>/<insns> (<count before it> insns)   (up to 8)
 * and stops comparing. When the peer stops first, that is reported too.
 * At exit without divergence: "No divergence :-)" and the totals.
 *
 * Single-threaded guests only: blocks of several threads interleave
 * differently from run to run, so a second vCPU stops the comparison.
 *
 * The records go through memory the two instances share (a memfd the
 * listener passes over the socket), one ring of records per instance:
 * a block costs a store and the comparison of whatever the peer has
 * recorded so far, not a message there and back (two system calls and
 * two context switches, which made lockstep cost more than the emulation
 * itself). An instance runs ahead of the other by up to a ring; it waits
 * for the other to catch up before each system call (so that everything
 * it prints about the blocks before a call comes before what the call
 * prints), when its ring is full, and at exit. A peer that has stopped,
 * however it stopped, has closed its end of the socket: once its records
 * are all compared, that is reported as before.
 */
#include <inttypes.h>
#include <errno.h>
#include <poll.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

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

#define RING 65536                           /* records per instance */

/*
 * One instance's side of the shared memory: its records, how many it has
 * written, how many of the other's it has compared (so that the other
 * knows which of its slots it may reuse), and what it sleeps on.
 */
typedef struct {
    ExecState ring[RING];
    _Alignas(64) uint64_t written;           /* atomic */
    _Alignas(64) uint64_t compared;          /* atomic */
    _Alignas(64) uint32_t waiting;           /* atomic: asleep on wake */
    uint32_t wake;                           /* futex word */
} Side;

typedef struct {
    Side side[2];                            /* the listener's, then the other */
} Shared;

/*
 * Plugin-lifetime state, touched only by vCPU 0 once the comparison runs
 * (another vCPU only raises second_vcpu, which vCPU 0 acts on).
 */
static int sock = -1;
static Shared *shared;
static Side *mine, *theirs;
static bool comparing;
static bool diverged;
static bool verbose;
static bool second_vcpu;                     /* atomic */
static uint64_t written;                     /* == mine->written */
static uint64_t sent_insns;                  /* instructions in our records */
static HistoryEntry records[RING];           /* ours, by index mod RING */
static uint64_t block_count;                 /* blocks compared and agreed */
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

static long futex(uint32_t *word, int op, uint32_t val,
                  const struct timespec *timeout)
{
    return syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

/* After publishing written or compared: wake the peer if it sleeps. */
static void wake_peer(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (__atomic_load_n(&theirs->waiting, __ATOMIC_RELAXED)) {
        __atomic_store_n(&theirs->waiting, 0, __ATOMIC_RELAXED);
        __atomic_add_fetch(&theirs->wake, 1, __ATOMIC_SEQ_CST);
        futex(&theirs->wake, FUTEX_WAKE, 1, NULL);
    }
}

/* The peer never writes to the socket after the set-up: readable is EOF. */
static bool peer_gone(void)
{
    struct pollfd p = { .fd = sock, .events = POLLIN | POLLRDHUP };

    return sock < 0 || poll(&p, 1, 0) != 0;
}

/*
 * Sleep until *word (the peer's written or compared) is at least n: true,
 * or false if the peer is gone first.
 */
static bool wait_for(const uint64_t *word, uint64_t n)
{
    const struct timespec tick = { 0, 10 * 1000 * 1000 };

    for (;;) {
        uint32_t seq = __atomic_load_n(&mine->wake, __ATOMIC_SEQ_CST);

        __atomic_store_n(&mine->waiting, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(word, __ATOMIC_ACQUIRE) >= n) {
            break;
        }
        if (peer_gone()) {
            __atomic_store_n(&mine->waiting, 0, __ATOMIC_RELAXED);
            return __atomic_load_n(word, __ATOMIC_ACQUIRE) >= n;
        }
        /* The tick bounds a sleep whose wake-up the peer could not send. */
        futex(&mine->wake, FUTEX_WAIT, seq, &tick);
    }
    __atomic_store_n(&mine->waiting, 0, __ATOMIC_RELAXED);
    return true;
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

/*
 * Compare our records with the peer's, in order, as far as the peer has
 * written (all: as far as we have, waiting for the peer). block_count is
 * the index of the next record to compare.
 */
static void compare(bool all)
{
    while (comparing && block_count < written) {
        const HistoryEntry *r = &records[block_count % RING];
        ExecState us = { .pc = r->block->pc, .insn_count = r->insns_before };
        ExecState them;

        if (__atomic_load_n(&theirs->written, __ATOMIC_ACQUIRE) <= block_count &&
            (!all || !wait_for(&theirs->written, block_count + 1))) {
            if (all) {
                g_autofree char *msg = g_strdup_printf(
                    "lockstep: the peer stopped after %" PRIu64 " blocks; we "
                    "go on at 0x%016" PRIx64 "\n", block_count, us.pc);
                diverged = true;
                stop_comparing(msg);
            }
            return;
        }
        them = theirs->ring[block_count % RING];
        if (us.pc != them.pc || us.insn_count != them.insn_count) {
            diverged = true;
            report_divergence(&us, &them);
            stop_comparing(NULL);
            return;
        }
        if (verbose) {
            g_autofree char *msg = g_strdup_printf(
                "= 0x%016" PRIx64 " (%" PRIu64 " insns)\n", us.pc,
                us.insn_count);
            qemu_plugin_outs(msg);
        }
        history[block_count % HISTORY] = *r;
        block_count++;
        insn_count += r->block->insns;
        __atomic_store_n(&mine->compared, block_count, __ATOMIC_RELEASE);
        wake_peer();
    }
}

/* Compare everything recorded, then stop if another vCPU has started. */
static void catch_up(void)
{
    compare(true);
    if (comparing && __atomic_load_n(&second_vcpu, __ATOMIC_ACQUIRE)) {
        stop_comparing("lockstep: a second vCPU started; lockstep only "
                       "compares single-threaded programs, stopping\n");
    }
}

static void tb_exec(unsigned int vcpu, void *udata)
{
    const Block *b = udata;

    if (!comparing) {
        return;
    }
    if (vcpu != 0 || __atomic_load_n(&second_vcpu, __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&second_vcpu, true, __ATOMIC_RELEASE);
        if (vcpu == 0) {
            catch_up();
        }
        return;
    }
    /*
     * A slot is free once both of us have compared the record it held (a
     * peer that is gone compares no more, and reads no more either).
     */
    while (written - block_count >= RING ||
           written - __atomic_load_n(&theirs->compared, __ATOMIC_ACQUIRE) >= RING) {
        if (written - block_count >= RING) {
            compare(true);
            if (!comparing) {
                return;
            }
        } else if (!wait_for(&theirs->compared, written - RING + 1)) {
            break;
        }
    }
    mine->ring[written % RING] = (ExecState){ .pc = b->pc,
                                              .insn_count = sent_insns };
    records[written % RING] = (HistoryEntry){ .block = b,
                                              .insns_before = sent_insns };
    sent_insns += b->insns;
    __atomic_store_n(&mine->written, ++written, __ATOMIC_RELEASE);
    wake_peer();
    compare(false);
}

/* Before a system call, whose output must come after ours. */
static void on_syscall(unsigned int vcpu, int64_t num, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                       uint64_t a6, uint64_t a7, uint64_t a8, void *udata)
{
    if (vcpu == 0 && comparing) {
        catch_up();
    }
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

/* vCPU 0 stops comparing when it next runs (it owns the records). */
static void vcpu_init(unsigned int vcpu, void *udata)
{
    if (vcpu > 0) {
        __atomic_store_n(&second_vcpu, true, __ATOMIC_RELEASE);
    }
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);

    if (comparing) {
        catch_up();
    }
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

static int listen_and_accept(int lfd, const char *path, bool *listener)
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
    *listener = true;
    return fd;
}

/*
 * Connect if someone listens on path; otherwise listen there and wait for
 * the peer. Both instances may start at once, so binding can lose a race
 * (then we connect after all); a socket file that keeps refusing
 * connections is a leftover of an earlier run and is replaced.
 */
static int meet_peer(const char *path, bool *listener)
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
            return listen_and_accept(fd, path, listener);
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

/*
 * The listener makes the shared memory and passes it to the other over
 * the socket (SCM_RIGHTS); each maps it and takes its side.
 */
static bool share_memory(bool listener)
{
    char byte = 0;
    struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } control;
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = control.buf, .msg_controllen = sizeof(control.buf),
    };
    struct cmsghdr *c;
    int fd = -1;
    ssize_t n;

    memset(&control, 0, sizeof(control));
    if (listener) {
        fd = memfd_create("lockstep", MFD_CLOEXEC);
        if (fd < 0 || ftruncate(fd, sizeof(Shared)) < 0) {
            fprintf(stderr, "%s: shared memory: %s\n", NAME, strerror(errno));
            goto err;
        }
        c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &fd, sizeof(int));
        do {
            n = sendmsg(sock, &msg, MSG_NOSIGNAL);
        } while (n < 0 && errno == EINTR);
    } else {
        do {
            n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
        } while (n < 0 && errno == EINTR);
        c = CMSG_FIRSTHDR(&msg);
        if (n == 1 && c && c->cmsg_level == SOL_SOCKET &&
            c->cmsg_type == SCM_RIGHTS) {
            memcpy(&fd, CMSG_DATA(c), sizeof(int));
        }
    }
    if (n != 1 || fd < 0) {
        fprintf(stderr, "%s: could not share memory with the peer\n", NAME);
        goto err;
    }
    shared = mmap(NULL, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED,
                  fd, 0);
    if (shared == MAP_FAILED) {
        fprintf(stderr, "%s: mmap: %s\n", NAME, strerror(errno));
        shared = NULL;
        goto err;
    }
    close(fd);
    mine = &shared->side[listener ? 0 : 1];
    theirs = &shared->side[listener ? 1 : 0];
    return true;

err:
    if (fd >= 0) {
        close(fd);
    }
    return false;
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
    bool listener = false;

    if (parg_each(argc, argv, parse_arg, &path)) {
        return -1;
    }
    if (!path) {
        fprintf(stderr, "%s: sockpath=PATH is required (the socket both "
                "instances meet on)\n", NAME);
        return -1;
    }
    sock = meet_peer(path, &listener);
    if (sock < 0) {
        return -1;
    }
    if (!share_memory(listener)) {
        close(sock);
        sock = -1;
        return -1;
    }
    comparing = true;
    blocks = g_ptr_array_new_with_free_func(g_free);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
