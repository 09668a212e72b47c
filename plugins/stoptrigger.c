/*
 * stoptrigger: end the emulation after N instructions or at an address.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin stoptrigger,help` prints it).
 * Each argument may be given several times; the first to fire wins. CODE
 * is the exit status (default 0). The reason is logged first:
 *   "icount reached at 0x<pc>, exiting" or "0x<addr> reached, exiting".
 */
#include <inttypes.h>
#include <stdlib.h>
#include "plugin-args.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "ends the emulation after N instructions or at an address\n"
    "  icount=N[:CODE]  stop once N instructions have executed on a vCPU (exit status CODE)\n"
    "  addr=A[:CODE]    stop when the instruction at A is about to execute\n");

static const char *const NAME = "stoptrigger";

typedef struct {
    uint64_t addr;
    int code;
} AddrTrigger;

/* Plugin-lifetime state, read-only once installed (scoreboard aside). */
static struct qemu_plugin_scoreboard *icount_sb;   /* uint64_t per vCPU */
static uint64_t icount_limit;
static int icount_code;
static GHashTable *addr_triggers;                  /* addr -> AddrTrigger */

/* Takes msg: freed here, since exit() never returns to the caller. */
static void stop(int code, char *msg)
{
    qemu_plugin_outs(msg);
    g_free(msg);
    exit(code);
}

static void icount_reached(unsigned int vcpu, void *udata)
{
    stop(icount_code, g_strdup_printf("icount reached at 0x%" PRIx64
                                      ", exiting\n", (uint64_t)(uintptr_t)udata));
}

static void addr_reached(unsigned int vcpu, void *udata)
{
    const AddrTrigger *t = udata;
    stop(t->code, g_strdup_printf("0x%" PRIx64 " reached, exiting\n",
                                  t->addr));
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
        AddrTrigger *t = g_hash_table_lookup(addr_triggers, &vaddr);

        if (t) {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, addr_reached, QEMU_PLUGIN_CB_NO_REGS, t);
        }
        if (icount_sb) {
            /*
             * Callbacks of one instruction run in registration order, so
             * the count already includes this instruction when checked:
             * reaching N+1 means N have run and this one has not.
             */
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64,
                qemu_plugin_scoreboard_u64(icount_sb), 1);
            qemu_plugin_register_vcpu_insn_exec_cond_cb(
                insn, icount_reached, QEMU_PLUGIN_CB_NO_REGS,
                QEMU_PLUGIN_COND_EQ, qemu_plugin_scoreboard_u64(icount_sb),
                icount_limit + 1, (void *)(uintptr_t)vaddr);
        }
    }
}

/* "VALUE[:CODE]" with VALUE >= min and CODE in 0..255. */
static bool parse_trigger(const PluginArg *a, uint64_t min, uint64_t *value,
                          int *code)
{
    g_auto(GStrv) parts = NULL;
    uint64_t c = 0;

    if (!parg_need_value(NAME, a, "VALUE[:EXIT_CODE]")) {
        return false;
    }
    parts = g_strsplit(a->value, ":", 2);
    if (!parg_parse_u64(parts[0], value) || *value < min ||
        (parts[1] && (!parg_parse_u64(parts[1], &c) || c > 255))) {
        g_autofree char *what = g_strdup_printf(
            "a number >= %" PRIu64 ", optionally :EXIT_CODE (0-255)", min);
        return parg_fail(NAME, a, what);
    }
    *code = (int)c;
    return true;
}

/* opaque: the install function's have_icount. */
static bool parse_arg(const PluginArg *a, void *opaque)
{
    bool *have_icount = opaque;

    if (parg_is(a, "icount")) {
        uint64_t n;
        int code;

        if (!parse_trigger(a, 1, &n, &code)) {
            return false;
        }
        /* Several icount= triggers: the smallest fires first. */
        if (!*have_icount || n < icount_limit) {
            icount_limit = n;
            icount_code = code;
            *have_icount = true;
        }
        return true;
    }
    if (parg_is(a, "addr")) {
        AddrTrigger *t = g_new(AddrTrigger, 1);

        if (!parse_trigger(a, 0, &t->addr, &t->code)) {
            g_free(t);
            return false;
        }
        g_hash_table_insert(addr_triggers, &t->addr, t);
        return true;
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    bool have_icount = false;

    addr_triggers = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                          g_free);
    if (parg_each(argc, argv, parse_arg, &have_icount)) {
        g_hash_table_destroy(addr_triggers);
        return -1;
    }
    if (!have_icount && g_hash_table_size(addr_triggers) == 0) {
        fprintf(stderr, "%s: give at least one icount=N[:CODE] or "
                "addr=A[:CODE]\n", NAME);
        g_hash_table_destroy(addr_triggers);
        return -1;
    }
    if (have_icount) {
        icount_sb = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    return 0;
}
