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
 *
 * A line is most of the plugin's cost, so it is assembled from parts made
 * in advance (the vCPU's "<vcpu>, ", the instruction's text, made at
 * translation) and hexadecimal written by hand, without printf; loads and
 * stores have callbacks of their own. Each vCPU keeps its finished lines
 * and hands them to qemu_plugin_outs 16 KiB at a time, and before each
 * of its system calls, so that what the guest prints keeps its place
 * after them; the lines of several vCPUs interleave by batch.
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

#define OUT_BATCH 16384

typedef struct {
    GString *line;                           /* finished lines, then the */
    size_t pending;                          /* pending one from here */
    bool check_regs;                         /* after it, compare regs */
    GPtrArray *regs;                         /* WatchedReg * */
    GByteArray *scratch;
    char prefix[16];                         /* "<vcpu>, " */
    size_t prefix_len;
} Vcpu;

/* What the per-instruction callback needs, made once at translation. */
typedef struct {
    char *text;                              /* 0x<vaddr>, 0x<enc>, "..." */
    size_t len;
    bool names_reg;
} LoggedInsn;

/* Plugin-lifetime state; vcpus grows as vCPUs start (plugin-util.h). */
static PluginVcpus vcpus;                    /* Vcpu * */
static bool system_emulation;
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

/* Output the finished lines. */
static void output(Vcpu *v)
{
    if (v->pending) {
        char c = v->line->str[v->pending];

        v->line->str[v->pending] = '\0';
        qemu_plugin_outs(v->line->str);
        v->line->str[v->pending] = c;
        g_string_erase(v->line, 0, v->pending);
        v->pending = 0;
    }
}

/* Finish the pending line, if any (check_regs: with register changes). */
static void finish_line(Vcpu *v, bool check_regs)
{
    if (v->line->len > v->pending) {
        if (check_regs) {
            append_reg_changes(v);
        }
        g_string_append_c(v->line, '\n');
        v->pending = v->line->len;
    }
}

static void insn_exec(unsigned int vcpu, void *udata)
{
    const LoggedInsn *li = udata;
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);

    if (!v) {
        return;
    }
    finish_line(v, v->check_regs);
    if (v->pending >= OUT_BATCH) {
        output(v);
    }
    g_string_append_len(v->line, v->prefix, v->prefix_len);
    g_string_append_len(v->line, li->text, li->len);
    v->check_regs = v->regs->len && (!rdisas || li->names_reg);
}

/* ", load, 0x<addr>" or ", store, ...": at least 8 hex digits, as %08x. */
static void append_access(GString *line, bool store, uint64_t addr)
{
    static const char hex[] = "0123456789abcdef";
    char buf[32];
    int n = 0, digits = 8;

    while (digits < 16 && (addr >> (4 * digits))) {
        digits++;
    }
    memcpy(buf, store ? ", store, 0x" : ", load, 0x", store ? 11 : 10);
    n = store ? 11 : 10;
    for (int d = digits - 1; d >= 0; d--) {
        buf[n++] = hex[(addr >> (4 * d)) & 0xf];
    }
    g_string_append_len(line, buf, n);
}

static void log_access(unsigned int vcpu, bool store, uint64_t vaddr)
{
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);

    if (v) {
        append_access(v->line, store, vaddr);
    }
}

/* User mode: loads and stores, by virtual address. */
static void load(unsigned int vcpu, qemu_plugin_meminfo_t info,
                 uint64_t vaddr, void *udata)
{
    log_access(vcpu, false, vaddr);
}

static void store(unsigned int vcpu, qemu_plugin_meminfo_t info,
                  uint64_t vaddr, void *udata)
{
    log_access(vcpu, true, vaddr);
}

/* System mode: the physical address and the device, when there is one. */
static void system_access(unsigned int vcpu, qemu_plugin_meminfo_t info,
                          uint64_t vaddr, void *udata)
{
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);
    struct qemu_plugin_hwaddr *hw = qemu_plugin_get_hwaddr(info, vaddr);

    if (!v) {
        return;
    }
    if (!hw) {
        append_access(v->line, qemu_plugin_mem_is_store(info), vaddr);
        return;
    }
    append_access(v->line, qemu_plugin_mem_is_store(info),
                  qemu_plugin_hwaddr_phys_addr(hw));
    g_string_append_printf(v->line, ", %s", qemu_plugin_hwaddr_device_name(hw));
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
        li->len = strlen(li->text);
        li->names_reg = reg_globs->len && disas_names_reg(disas);
        qemu_plugin_register_vcpu_insn_exec_cb(
            insn, insn_exec,
            reg_globs->len ? QEMU_PLUGIN_CB_R_REGS : QEMU_PLUGIN_CB_NO_REGS,
            li);
        if (system_emulation) {
            qemu_plugin_register_vcpu_mem_cb(insn, system_access,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_RW, NULL);
        } else {
            qemu_plugin_register_vcpu_mem_cb(insn, load, QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_R, NULL);
            qemu_plugin_register_vcpu_mem_cb(insn, store,
                                             QEMU_PLUGIN_CB_NO_REGS,
                                             QEMU_PLUGIN_MEM_W, NULL);
        }
    }
}

static void vcpu_init(unsigned int vcpu, void *udata)
{
    Vcpu *v = g_new0(Vcpu, 1);

    v->line = g_string_sized_new(256);
    v->prefix_len = g_snprintf(v->prefix, sizeof(v->prefix), "%u, ", vcpu);
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

/* Before a system call, which may print, fork or exec. */
static void on_syscall(unsigned int vcpu, int64_t num, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
                       uint64_t a6, uint64_t a7, uint64_t a8, void *udata)
{
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);

    if (v) {
        output(v);
    }
}

/*
 * The vCPU's last instruction is done too, and a later vCPU may get its
 * index (and a Vcpu of its own).
 */
static void vcpu_exit(unsigned int vcpu, void *udata)
{
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);

    if (v) {
        finish_line(v, false);
        output(v);
    }
}

/* The last instruction of each vCPU: its accesses are in, print it. */
static void plugin_exit(void *udata)
{
    for (guint i = 0; i < putil_vcpu_end(&vcpus); i++) {
        Vcpu *v = putil_vcpu_get(&vcpus, i);

        if (v) {
            finish_line(v, false);
            output(v);
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
    system_emulation = info->system_emulation;
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit, NULL);
    qemu_plugin_register_vcpu_syscall_cb(id, on_syscall, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
