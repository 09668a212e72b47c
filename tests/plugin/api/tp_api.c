/*
 * The rest of the API, on hello.S: what qemu_plugin_install is told,
 * argument parsing, the program's path and layout, vCPU queries, time
 * control, instruction queries on the first block, physical-address
 * queries (user mode: none), guest memory read and write from a syscall
 * callback (the guest then prints what the plugin wrote), scoreboard
 * arithmetic, idle/resume around blocking calls, and flush callbacks.
 */
#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static qemu_plugin_id_t self;
static bool first_done;
static struct qemu_plugin_tb *stale_tb;
static uint64_t idles, resumes, flushes;

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    if (first_done)
        return;
    first_done = true;
    stale_tb = tb;
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, 0);
    uint8_t data[8] = { 0 };
    size_t n = qemu_plugin_insn_data(insn, data, sizeof(data));
    size_t n2 = qemu_plugin_insn_data(insn, data + 4, 2);
    const uint8_t *h = qemu_plugin_insn_haddr(insn);
    char *dis = qemu_plugin_insn_disas(insn);
    const char *sym = qemu_plugin_insn_symbol(insn);
    tp_out("tb: vaddr_is_entry=%d n_insns=%zu insn0_vaddr_ok=%d size=%zu data=%zu,%zu bytes_match=%d "
           "past_end_null=%d\n",
           qemu_plugin_tb_vaddr(tb) == qemu_plugin_entry_code(), qemu_plugin_tb_n_insns(tb),
           qemu_plugin_insn_vaddr(insn) == qemu_plugin_tb_vaddr(tb), qemu_plugin_insn_size(insn), n, n2,
           h && !memcmp(h, data, 4), qemu_plugin_tb_get_insn(tb, qemu_plugin_tb_n_insns(tb)) == NULL);
    tp_out("disas: %s\nsymbol: %s\n", dis, sym ? sym : "(none)");
    g_free(dis);
}

static void sys_cb(unsigned int idx, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                   uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, void *ud)
{
    if (num != 64)
        return;
    GByteArray *b = g_byte_array_new();
    bool r = qemu_plugin_read_memory_vaddr(a2, b, a3);
    tp_out("read_memory=%d '%.*s'\n", r, (int)(b->len ? b->len - 1 : 0), b->data);
    bool r0 = qemu_plugin_read_memory_vaddr(0, b, 4);
    g_byte_array_set_size(b, 0);
    g_byte_array_append(b, (const guint8 *)"HELLO", 5);
    bool w = qemu_plugin_write_memory_vaddr(a2, b);
    bool wtext = qemu_plugin_write_memory_vaddr(qemu_plugin_entry_code(), b);
    tp_out("read_null_refused=%d write_memory=%d write_text_refused=%d\n", !r0, w, !wtext);
    g_byte_array_free(b, TRUE);
}

static void idle_cb(unsigned int idx, void *ud) { idles++; }
static void resume_cb(unsigned int idx, void *ud) { resumes++; }
static void flush_cb(void *ud) { flushes++; tp_out("flush seen\n"); }

static void each_cb(unsigned int idx, void *ud) { tp_out("for_each: vcpu %u %s\n", idx, (const char *)ud); }

static void init_cb(unsigned int idx, void *ud)
{
    tp_out("init: vcpu=%u num_vcpus=%d\n", idx, qemu_plugin_num_vcpus());
}

static void noop_cb(unsigned int idx, void *ud) {}

static void at_exit(void *ud)
{
    /* Handles die with their callback: queries answer nothing, and
     * registrations are refused (with a warning on stderr). */
    tp_out("stale: n_insns=%zu insn=%p\n", qemu_plugin_tb_n_insns(stale_tb),
           (void *)qemu_plugin_tb_get_insn(stale_tb, 0));
    qemu_plugin_register_vcpu_tb_exec_cb(stale_tb, noop_cb, QEMU_PLUGIN_CB_NO_REGS, NULL);
    qemu_plugin_vcpu_for_each(self, each_cb, "ud");
    tp_out("idle=%" PRIu64 " resume=%" PRIu64 " flushes=%" PRIu64 "\n", idles, resumes, flushes);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    self = id;
    tp_out("info: target=%s min=%d cur=%d system=%d\n", info->target_name, info->version.min,
           info->version.cur, info->system_emulation);
    bool v, ok = true;
    static const char *const t[] = { "on", "yes", "true", "y" }, *const f[] = { "off", "no", "false", "n" };
    for (int i = 0; i < 4; i++) {
        ok &= qemu_plugin_bool_parse("x", t[i], &v) && v;
        ok &= qemu_plugin_bool_parse("x", f[i], &v) && !v;
    }
    ok &= !qemu_plugin_bool_parse("x", "maybe", &v) && !qemu_plugin_bool_parse(NULL, "on", &v);
    tp_out("bool_parse=%d\n", ok);
    const char *path = qemu_plugin_path_to_binary();
    tp_out("path=%s\n", path);
    g_free((void *)path);
    tp_out("code: start=0x%" PRIx64 " end=0x%" PRIx64 " entry=0x%" PRIx64 "\n", qemu_plugin_start_code(),
           qemu_plugin_end_code(), qemu_plugin_entry_code());
    tp_out("num_vcpus_at_install=%d\n", qemu_plugin_num_vcpus());
    const void *tc = qemu_plugin_request_time_control();
    qemu_plugin_update_ns(tc, 1000);
    tp_out("time: first=%d second_null=%d\n", tc != NULL, qemu_plugin_request_time_control() == NULL);
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(0, 0x1000);
    uint64_t pa = 1;
    GByteArray *b = g_byte_array_new();
    tp_out("hwaddr: null=%d io=%d phys=%" PRIu64 " device=%s read=%d write=%d translate=%d\n", hw == NULL,
           qemu_plugin_hwaddr_is_io(hw), qemu_plugin_hwaddr_phys_addr(hw), qemu_plugin_hwaddr_device_name(hw),
           qemu_plugin_read_memory_hwaddr(0, b, 4), qemu_plugin_write_memory_hwaddr(0, b),
           qemu_plugin_translate_vaddr(0x1000, &pa));
    g_byte_array_free(b, TRUE);
    struct qemu_plugin_scoreboard *sb = qemu_plugin_scoreboard_new(24);
    qemu_plugin_u64 e = { sb, 8 };
    qemu_plugin_u64_set(e, 0, 40);
    qemu_plugin_u64_add(e, 0, 2);
    tp_out("scoreboard: stride=%td get=%" PRIu64 " fresh=%" PRIu64 "\n",
           (char *)qemu_plugin_scoreboard_find(sb, 3) - (char *)qemu_plugin_scoreboard_find(sb, 0),
           qemu_plugin_u64_get(e, 0), qemu_plugin_u64_get(e, 5));
    qemu_plugin_scoreboard_free(sb);
    qemu_plugin_register_vcpu_init_cb(id, init_cb, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_vcpu_syscall_cb(id, sys_cb, NULL);
    qemu_plugin_register_vcpu_idle_cb(id, idle_cb, NULL);
    qemu_plugin_register_vcpu_resume_cb(id, resume_cb, NULL);
    qemu_plugin_register_flush_cb(id, flush_cb, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
