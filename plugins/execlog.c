/*
 * execlog: a trace of executed instructions with their memory accesses.
 *
 * Arguments (all may be repeated):
 *   ifilter=PREFIX  log only instructions whose disassembly starts with
 *                   PREFIX
 *   afilter=ADDR    log only the instruction at ADDR (hex, 0x optional)
 *   reg=NAME        report changes of register NAME (a glob: reg=a*)
 *   rdisas=on|off   look for register changes only after instructions
 *                   whose disassembly names one of the registers
 *
 * One line per executed instruction:
 *   <vcpu>, 0x<vaddr>, 0x<encoding>, "<disassembly>"
 * followed, for each memory access it made, by ", load|store, 0x<address>"
 * (and the device name under system emulation), and for each watched
 * register whose value it changed, by ", <reg> -> 0x<new value>". A line
 * is printed when the vCPU's next logged instruction starts (or at exit),
 * since only then are its accesses and effects known.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "execlog";

typedef struct {
    const char *name;
    struct qemu_plugin_register *handle;
    GByteArray *last;
} WatchedReg;

typedef struct {
    GString *line;                           /* the pending instruction */
    bool check_regs;                         /* after it, compare regs */
    GPtrArray *regs;                         /* WatchedReg * */
    GByteArray *scratch;
} Vcpu;

/* What the per-instruction callback needs, made once at translation. */
typedef struct {
    char *text;                              /* 0x<vaddr>, 0x<enc>, "..." */
    bool names_reg;
} LoggedInsn;

/* Plugin-lifetime state; vcpus grows as vCPUs start (plugin-util.h). */
static PluginVcpus vcpus;                    /* Vcpu * */
static GPtrArray *ifilters;                  /* char * */
static GArray *afilters;                     /* uint64_t */
static GPtrArray *reg_globs;                 /* char * */
static bool rdisas;

static void append_reg_changes(Vcpu *v)
{
    for (guint i = 0; i < v->regs->len; i++) {
        WatchedReg *r = g_ptr_array_index(v->regs, i);

        g_byte_array_set_size(v->scratch, 0);
        if (!qemu_plugin_read_register(r->handle, v->scratch)) {
            continue;
        }
        if (v->scratch->len == r->last->len &&
            memcmp(v->scratch->data, r->last->data, r->last->len) == 0) {
            continue;
        }
        g_string_append_printf(v->line, ", %s -> 0x", r->name);
        /* Guest byte order is little-endian: print most significant first. */
        for (guint b = v->scratch->len; b > 0; b--) {
            g_string_append_printf(v->line, "%02x", v->scratch->data[b - 1]);
        }
        g_byte_array_set_size(r->last, 0);
        g_byte_array_append(r->last, v->scratch->data, v->scratch->len);
    }
}

static void flush_line(Vcpu *v)
{
    if (v->line->len) {
        if (v->check_regs) {
            append_reg_changes(v);
        }
        g_string_append_c(v->line, '\n');
        qemu_plugin_outs(v->line->str);
        g_string_truncate(v->line, 0);
    }
}

static void insn_exec(unsigned int vcpu, void *udata)
{
    const LoggedInsn *li = udata;
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);

    if (!v) {
        return;
    }
    flush_line(v);
    g_string_printf(v->line, "%u, %s", vcpu, li->text);
    v->check_regs = v->regs->len && (!rdisas || li->names_reg);
}

static void mem_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                       uint64_t vaddr, void *udata)
{
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    if (!v) {
        return;
    }
    g_string_append(v->line, qemu_plugin_mem_is_store(info) ?
                    ", store" : ", load");
    if (hw) {
        g_string_append_printf(v->line, ", 0x%08" PRIx64 ", %s",
                               qemu_plugin_hwaddr_phys_addr(hw),
                               qemu_plugin_hwaddr_device_name(hw));
    } else {
        g_string_append_printf(v->line, ", 0x%08" PRIx64, vaddr);
    }
}

static bool disas_names_reg(const char *disas)
{
    g_auto(GStrv) words = g_strsplit_set(disas, " ,()\t", -1);

    for (int w = 0; words[w]; w++) {
        for (guint i = 0; words[w][0] && i < reg_globs->len; i++) {
            if (g_pattern_match_simple(g_ptr_array_index(reg_globs, i),
                                       words[w])) {
                return true;
            }
        }
    }
    return false;
}

static bool wanted(const char *disas, uint64_t vaddr)
{
    if (!ifilters->len && !afilters->len) {
        return true;
    }
    for (guint i = 0; i < ifilters->len; i++) {
        if (g_str_has_prefix(disas, g_ptr_array_index(ifilters, i))) {
            return true;
        }
    }
    for (guint i = 0; i < afilters->len; i++) {
        if (g_array_index(afilters, uint64_t, i) == vaddr) {
            return true;
        }
    }
    return false;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        g_autofree char *disas = qemu_plugin_insn_disas(insn);
        uint64_t vaddr = qemu_plugin_insn_vaddr(insn);
        size_t size = qemu_plugin_insn_size(insn);
        uint64_t enc = 0;                    /* little-endian guests */
        LoggedInsn *li;

        if (!disas) {
            disas = g_strdup("");
        }
        if (!wanted(disas, vaddr)) {
            continue;
        }
        qemu_plugin_insn_data(insn, &enc, size < 8 ? size : 8);
        /* Kept for as long as the translation may run: never freed. */
        li = g_new(LoggedInsn, 1);
        li->text = g_strdup_printf("0x%" PRIx64 ", 0x%" PRIx64 ", \"%s\"",
                                   vaddr, enc, disas);
        li->names_reg = reg_globs->len && disas_names_reg(disas);
        qemu_plugin_register_vcpu_insn_exec_cb(
            insn, insn_exec,
            reg_globs->len ? QEMU_PLUGIN_CB_R_REGS : QEMU_PLUGIN_CB_NO_REGS,
            li);
        qemu_plugin_register_vcpu_mem_cb(insn, mem_access,
                                         QEMU_PLUGIN_CB_NO_REGS,
                                         QEMU_PLUGIN_MEM_RW, NULL);
    }
}

static void vcpu_init(unsigned int vcpu, void *udata)
{
    Vcpu *v = g_new0(Vcpu, 1);

    v->line = g_string_new(NULL);
    v->regs = g_ptr_array_new();
    v->scratch = g_byte_array_new();
    if (reg_globs->len) {
        g_autoptr(GArray) all = qemu_plugin_get_registers();

        for (guint i = 0; all && i < all->len; i++) {
            qemu_plugin_reg_descriptor *d =
                &g_array_index(all, qemu_plugin_reg_descriptor, i);

            for (guint j = 0; j < reg_globs->len; j++) {
                if (g_pattern_match_simple(g_ptr_array_index(reg_globs, j),
                                           d->name)) {
                    WatchedReg *r = g_new(WatchedReg, 1);

                    r->name = d->name;
                    r->handle = d->handle;
                    r->last = g_byte_array_new();
                    /* Start from the current value: report changes only. */
                    qemu_plugin_read_register(r->handle, r->last);
                    g_ptr_array_add(v->regs, r);
                    break;
                }
            }
        }
    }
    putil_vcpu_set(&vcpus, vcpu, v);
}

/* The last instruction of each vCPU: its accesses are in, print it. */
static void plugin_exit(void *udata)
{
    for (guint i = 0; i < putil_vcpu_end(&vcpus); i++) {
        Vcpu *v = putil_vcpu_get(&vcpus, i);

        if (v && v->line->len) {
            g_string_append_c(v->line, '\n');
            qemu_plugin_outs(v->line->str);
            g_string_truncate(v->line, 0);
        }
    }
}

static bool parse_afilter(const PluginArg *a)
{
    g_autofree char *hex = NULL;
    uint64_t addr;

    if (!parg_need_value(NAME, a, "a hexadecimal address")) {
        return false;
    }
    hex = g_str_has_prefix(a->value, "0x") || g_str_has_prefix(a->value, "0X") ?
          g_strdup(a->value) : g_strconcat("0x", a->value, NULL);
    if (!parg_parse_u64(hex, &addr)) {
        return parg_fail(NAME, a, "a hexadecimal address");
    }
    g_array_append_val(afilters, addr);
    return true;
}

/* Options that may be given several times: each adds its value to list. */
static bool add_value(const PluginArg *a, const char *expected, GPtrArray *list)
{
    if (!parg_need_value(NAME, a, expected)) {
        return false;
    }
    g_ptr_array_add(list, g_strdup(a->value));
    return true;
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "ifilter")) {
        return add_value(a, "an instruction prefix", ifilters);
    }
    if (parg_is(a, "afilter")) {
        return parse_afilter(a);
    }
    if (parg_is(a, "reg")) {
        return add_value(a, "a register name or glob", reg_globs);
    }
    if (parg_is(a, "rdisas")) {
        return parg_bool(NAME, a, &rdisas);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    ifilters = g_ptr_array_new_with_free_func(g_free);
    afilters = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    reg_globs = g_ptr_array_new_with_free_func(g_free);

    if (parg_each(argc, argv, parse_arg, NULL)) {
        return -1;
    }
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
