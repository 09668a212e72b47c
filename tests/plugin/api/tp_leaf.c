/*
 * Callbacks small enough for the JIT to copy into the blocks
 * (-plugin-inline-cb): leaf functions that count with their arguments, and
 * one that is not a leaf (it calls a function) doing the same count.
 * Each vCPU counts in its own line of counts[]; at exit one line:
 *   leaf insns=N bytes=N tbs=N tb_insns=N watch=N mem=N vaddr=0x.. info=N called=N
 * insns/bytes: an instruction callback with the instruction's size as
 * userdata; tbs/tb_insns: a block callback with its instruction count;
 * watch: an instruction callback with the pc as userdata, counting the
 * instruction at watch=ADDR (a forward branch in the copied code); mem,
 * vaddr, info: a memory callback adding its vaddr and meminfo; called:
 * the non-leaf instruction callback. Then
 *   leaf first_pc=0x.. rare_insns=N first_vaddr=0x.. rare_mem=N
 * from an instruction and a memory callback that note the first pc or
 * vaddr they see (summed over the vCPUs) on a rare path that calls, and
 * count otherwise. Then
 *   leaf frame_insns=N frame_watch=N
 * from an instruction callback that the compiler gives a frame (it saves
 * callee-saved registers for its rare path, which calls with values the
 * common path needs afterwards): it counts instructions, and the watched
 * one on the rare path. sym=NAME instruments only the instructions of that
 * symbol (blocks are then not counted). frame_only=1 registers that
 * callback alone, on every instruction: the JIT's copies of it follow
 * each other and share one frame (X64Leaf.chain), and the watched one's
 * rare path leaves and rebuilds it.
 * The callbacks are exported, so that tests/host/x86_64/leaf-test.c can
 * check which of them the decoder accepts.
 */
#include <stdint.h>

#include <qemu-plugin.h>

#include "tp.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

typedef struct Counts {
    uint64_t insns, bytes, tbs, tb_insns, watch, mem, vaddr, info, called;
    uint64_t first_pc, first_vaddr, rare_insns, rare_mem;
    uint64_t last_pc, frame_insns, frame_watch;
} __attribute__((aligned(128))) Counts;

/* Per vCPU (index modulo 64), written by that vCPU's callbacks only. */
static Counts counts[64];
/* Set at install, read by callbacks. */
static uint64_t watch_pc;
static const char *sym;
static bool frame_only;

#define CALLBACK __attribute__((visibility("default")))

CALLBACK void tp_leaf_insn(unsigned int vcpu, void *udata)
{
    Counts *c = &counts[vcpu & 63];
    c->insns++;
    c->bytes += (uintptr_t)udata;
}

CALLBACK void tp_leaf_tb(unsigned int vcpu, void *udata)
{
    Counts *c = &counts[vcpu & 63];
    c->tbs++;
    c->tb_insns += (uintptr_t)udata;
}

CALLBACK void tp_leaf_watch(unsigned int vcpu, void *udata)
{
    if ((uintptr_t)udata == watch_pc)
        counts[vcpu & 63].watch++;
}

CALLBACK void tp_leaf_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    Counts *c = &counts[vcpu & 63];
    c->mem++;
    c->vaddr += vaddr;
    c->info += info;
}

/* Not a leaf: it calls bump (which the compiler must not fold into it). */
__attribute__((noipa)) static void bump(uint64_t *p) { ++*p; }

CALLBACK void tp_leaf_called(unsigned int vcpu, void *udata)
{
    bump(&counts[vcpu & 63].called);
}

/* Leaves with a rare path that calls (a bail-out in the copy), which
 * needs an argument the common path does not read. */
__attribute__((noipa)) static void note_pc(Counts *c, uint64_t pc)
{
    c->first_pc = pc;
    c->rare_insns++;
}

CALLBACK void tp_leaf_first_pc(unsigned int vcpu, void *udata)
{
    Counts *c = &counts[vcpu & 63];
    if (__builtin_expect(!c->first_pc, 0))
        note_pc(c, (uintptr_t)udata);
    else
        c->rare_insns++;
}

__attribute__((noipa)) static void note_vaddr(Counts *c, uint64_t vaddr)
{
    c->first_vaddr = vaddr;
    c->rare_mem++;
}

CALLBACK void tp_leaf_first_vaddr(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t vaddr, void *udata)
{
    Counts *c = &counts[vcpu & 63];
    if (__builtin_expect(!c->first_vaddr, 0))
        note_vaddr(c, vaddr);
    else
        c->rare_mem++;
}

/* A leaf with a frame: c and pc live across the call on the rare path,
 * in callee-saved registers, which GCC saves on entry (the rare path
 * joins the common one again). */
__attribute__((noipa)) static void note_watch(Counts *c, uint64_t pc)
{
    c->frame_watch += pc == watch_pc;
}

CALLBACK void tp_leaf_frame(unsigned int vcpu, void *udata)
{
    Counts *c = &counts[vcpu & 63];
    uint64_t pc = (uintptr_t)udata;
    if (__builtin_expect(pc == watch_pc, 0))
        note_watch(c, pc);
    c->last_pc = pc;
    c->frame_insns++;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *ud)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    if (frame_only) {
        for (size_t i = 0; i < n; i++) {
            struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
            qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_leaf_frame, QEMU_PLUGIN_CB_NO_REGS,
                                                   (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        }
        return;
    }
    if (!sym)
        qemu_plugin_register_vcpu_tb_exec_cb(tb, tp_leaf_tb, QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)n);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        if (sym) {
            const char *s = qemu_plugin_insn_symbol(insn);
            if (!s || strcmp(s, sym))
                continue;
        }
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_leaf_insn, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)qemu_plugin_insn_size(insn));
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_leaf_watch, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_leaf_called, QEMU_PLUGIN_CB_NO_REGS, NULL);
        qemu_plugin_register_vcpu_mem_cb(insn, tp_leaf_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_leaf_first_pc, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
        qemu_plugin_register_vcpu_mem_cb(insn, tp_leaf_first_vaddr, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                         NULL);
        qemu_plugin_register_vcpu_insn_exec_cb(insn, tp_leaf_frame, QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)qemu_plugin_insn_vaddr(insn));
    }
}

static void at_exit(void *ud)
{
    Counts t = { 0 };
    for (int i = 0; i < 64; i++) {
        t.insns += counts[i].insns;
        t.bytes += counts[i].bytes;
        t.tbs += counts[i].tbs;
        t.tb_insns += counts[i].tb_insns;
        t.watch += counts[i].watch;
        t.mem += counts[i].mem;
        t.vaddr += counts[i].vaddr;
        t.info += counts[i].info;
        t.called += counts[i].called;
        t.first_pc += counts[i].first_pc;
        t.first_vaddr += counts[i].first_vaddr;
        t.rare_insns += counts[i].rare_insns;
        t.rare_mem += counts[i].rare_mem;
        t.frame_insns += counts[i].frame_insns;
        t.frame_watch += counts[i].frame_watch;
    }
    tp_out("leaf insns=%" PRIu64 " bytes=%" PRIu64 " tbs=%" PRIu64 " tb_insns=%" PRIu64 " watch=%" PRIu64
           " mem=%" PRIu64 " vaddr=0x%" PRIx64 " info=%" PRIu64 " called=%" PRIu64 "\n",
           t.insns, t.bytes, t.tbs, t.tb_insns, t.watch, t.mem, t.vaddr, t.info, t.called);
    tp_out("leaf first_pc=0x%" PRIx64 " rare_insns=%" PRIu64 " first_vaddr=0x%" PRIx64 " rare_mem=%" PRIu64 "\n",
           t.first_pc, t.rare_insns, t.first_vaddr, t.rare_mem);
    tp_out("leaf frame_insns=%" PRIu64 " frame_watch=%" PRIu64 "\n", t.frame_insns, t.frame_watch);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv)
{
    watch_pc = tp_arg_u64(argc, argv, "watch", 0);
    sym = tp_arg(argc, argv, "sym");
    frame_only = tp_arg(argc, argv, "frame_only") != NULL;
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, at_exit, NULL);
    return 0;
}
