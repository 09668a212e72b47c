/*
 * Translation counter for the translation-throughput measurement of
 * `make bench`: counts the blocks and guest instructions an emulator
 * translates and prints "translated: N blocks, M insns" at exit. It is
 * built against plugin API version 1 (tests/plugin/api/compat/v1, our own
 * text of that version's prototypes), the version Debian 12's
 * qemu-riscv64 (QEMU 7.2) loads, so the same .so counts under both
 * emulators. By default it registers nothing but tb_trans, so it adds no
 * code to the translated blocks; with the argument exec=on it also counts
 * the guest instructions executed (an inline add per block), to show how
 * much of a run is translation:
 *   translated: N blocks, M insns[, executed: E insns]
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Totals over every vCPU: tb_trans may run on several threads at once.
 * n_executed is updated by v1's global inline op, which is not atomic: the
 * workloads it is used on are single-threaded. */
static uint64_t n_blocks, n_insns, n_executed;
static bool count_executed;

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    __atomic_add_fetch(&n_blocks, 1, __ATOMIC_RELAXED);
    size_t n = qemu_plugin_tb_n_insns(tb);
    __atomic_add_fetch(&n_insns, n, __ATOMIC_RELAXED);
    if (count_executed)
        qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &n_executed, n);
}

static void at_exit(qemu_plugin_id_t id, void *userdata)
{
    char line[128];
    int len = snprintf(line, sizeof(line), "translated: %" PRIu64 " blocks, %" PRIu64 " insns",
                       __atomic_load_n(&n_blocks, __ATOMIC_RELAXED),
                       __atomic_load_n(&n_insns, __ATOMIC_RELAXED));
    if (count_executed)
        snprintf(line + len, sizeof(line) - len, ", executed: %" PRIu64 " insns", n_executed);
    qemu_plugin_outs(line);
    qemu_plugin_outs("\n");
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (!strcmp(argv[i], "exec=on")) {
            count_executed = true;
        } else {
            fprintf(stderr, "tbcount: unknown argument '%s' (the only one is exec=on)\n", argv[i]);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
