/*
 * A plugin for system-check: the hardware-address API on the accesses to
 * one guest virtual page (argument va=ADDR). It reports, for the last
 * store there, the physical address qemu_plugin_get_hwaddr gives, whether
 * it is I/O and the device name, what qemu_plugin_translate_vaddr says,
 * and the 8 bytes qemu_plugin_read_memory_hwaddr reads at that physical
 * address at exit; for the UART's page, the device seen; and (code=ADDR)
 * the first instruction word qemu_plugin_insn_haddr shows at ADDR.
 * With log=on it only prints, for each store to the page, the physical
 * address qemu_plugin_get_hwaddr gives, and asks about no other access
 * (so that nothing between two stores there refreshes what the emulator
 * may remember of the last answer).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static uint64_t watch_va, last_phys, last_translated, io_count, code_va;
static uint32_t code_word;
static int last_io = -1, log_stores;
static const char *last_name = "-", *io_name = "-";

static void mem_cb(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud)
{
    if (log_stores) {
        if ((va & ~0xfffull) != watch_va || !qemu_plugin_mem_is_store(info))
            return;
        struct qemu_plugin_hwaddr *h = qemu_plugin_get_hwaddr(info, va);
        char line[64];
        snprintf(line, sizeof(line), "store 0x%" PRIx64 "\n", h ? qemu_plugin_hwaddr_phys_addr(h) : 0);
        qemu_plugin_outs(line);
        return;
    }
    struct qemu_plugin_hwaddr *h = qemu_plugin_get_hwaddr(info, va);
    if (!h)
        return;
    if (qemu_plugin_hwaddr_is_io(h)) {
        io_count++;
        io_name = qemu_plugin_hwaddr_device_name(h);
    }
    if ((va & ~0xfffull) != watch_va || !qemu_plugin_mem_is_store(info))
        return;
    last_phys = qemu_plugin_hwaddr_phys_addr(h);
    last_io = qemu_plugin_hwaddr_is_io(h);
    last_name = qemu_plugin_hwaddr_device_name(h);
    if (!qemu_plugin_translate_vaddr(va, &last_translated))
        last_translated = 0;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        const void *h = qemu_plugin_insn_haddr(insn);
        if (!code_word && code_va && qemu_plugin_insn_vaddr(insn) == code_va && h)
            memcpy(&code_word, h, 4);
        qemu_plugin_register_vcpu_mem_cb(insn, mem_cb, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
    }
}

static void at_exit(void *ud)
{
    if (log_stores)
        return;
    GByteArray *b = g_byte_array_new();
    uint64_t v = 0;
    if (last_phys && qemu_plugin_read_memory_hwaddr(last_phys & ~7ull, b, 8) == QEMU_PLUGIN_HWADDR_OPERATION_OK)
        memcpy(&v, b->data, 8);
    g_byte_array_free(b, TRUE);
    char line[256];
    snprintf(line, sizeof(line), "phys 0x%" PRIx64 " io %d name %s translated 0x%" PRIx64 " value 0x%" PRIx64
             " io-accesses>0 %d io-name %s code-word 0x%08" PRIx32 "\n", last_phys, last_io, last_name,
             last_translated, v, io_count > 0, io_name, code_word);
    qemu_plugin_outs(line);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strncmp(argv[i], "va=", 3))
            watch_va = strtoull(argv[i] + 3, NULL, 0);
        else if (!strncmp(argv[i], "code=", 5))
            code_va = strtoull(argv[i] + 5, NULL, 0);
        else if (!strcmp(argv[i], "log=on"))
            log_stores = 1;
    if (!info->system_emulation || info->system.smp_vcpus < 1)
        return 1;
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
