/*
 * A plugin written the way QEMU 11.1's are (API version 7): every
 * callback receives the userdata given at registration and none receives
 * the plugin id, so a plugin can keep its state in one struct instead of
 * globals. Built unmodified with pkg-config --cflags peek-plugin-v7 (or
 * peek-plugin). On guest/sys.S it prints
 *   qemu-11.1: insns=13 syscalls=4 returns=3 state-ok=1
 * (exit_group never returns).
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define STATE_MAGIC 0x11100111u

typedef struct {
    uint32_t magic;
    struct qemu_plugin_scoreboard *insns;
    uint64_t syscalls, returns;
} State;

/* Every callback checks that it was handed the State it registered. */
static int wrong_state;

static State *state_of(void *userdata)
{
    State *s = userdata;

    wrong_state += s->magic != STATE_MAGIC;
    return s;
}

static void vcpu_tb_trans(struct qemu_plugin_tb *tb, void *userdata)
{
    State *s = state_of(userdata);

    qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
        tb, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(s->insns),
        qemu_plugin_tb_n_insns(tb));
}

static void vcpu_syscall(unsigned int vcpu_index, int64_t num, uint64_t a1,
                         uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                         uint64_t a6, uint64_t a7, uint64_t a8, void *userdata)
{
    State *s = state_of(userdata);

    s->syscalls++;
}

static void vcpu_syscall_ret(unsigned int vcpu_index, int64_t num,
                             int64_t ret, void *userdata)
{
    State *s = state_of(userdata);

    s->returns++;
}

static void plugin_exit(void *userdata)
{
    State *s = state_of(userdata);
    g_autofree gchar *out = g_strdup_printf(
        "qemu-11.1: insns=%" PRIu64 " syscalls=%" PRIu64 " returns=%" PRIu64
        " state-ok=%d\n",
        qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(s->insns)),
        s->syscalls, s->returns, !wrong_state);
    qemu_plugin_outs(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    State *s = g_new0(State, 1);

    s->magic = STATE_MAGIC;
    s->insns = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans, s);
    qemu_plugin_register_vcpu_syscall_cb(id, vcpu_syscall, s);
    qemu_plugin_register_vcpu_syscall_ret_cb(id, vcpu_syscall_ret, s);
    qemu_plugin_register_atexit_cb(id, plugin_exit, s);
    return 0;
}
