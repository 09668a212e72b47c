/*
 * uftrace: record function entries and exits as a uftrace trace.
 *
 * Arguments:
 *   trace-privilege-level=on|off  one trace per privilege level; a Linux
 *                                 user program runs entirely in user mode,
 *                                 so under peek there is always one
 *
 * Writes ./uftrace.data/ as `uftrace record` would: info, task.txt,
 * sid-0.map, a <tid>.dat per vCPU and <program>.sym with the symbols of
 * the functions that were entered, for `uftrace replay`, `uftrace report`
 * or `uftrace dump --chrome`.
 *
 * Calls and returns are found from the instructions themselves, so no
 * frame pointers are needed: on riscv64 by the return-address-stack
 * convention (a jal/jalr writing ra or t0 is a call; a jalr through ra or
 * t0 that links nothing is a return), on aarch64 by the branch kind (bl
 * and blr call, ret returns; br is a plain jump). A return pops back to
 * the frame whose return address it jumps to; one matching no frame
 * (longjmp and the like) is ignored. Frames still open at exit get their
 * exit records then. riscv64 and aarch64 guests are supported.
 */
#include <inttypes.h>
#include <time.h>
#include <sys/stat.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

static const char *const NAME = "uftrace";

#define DATA_DIR "uftrace.data"
#define MAX_DEPTH 1023                       /* 10 bits in a record */
#define FLUSH_RECORDS (1 << 20)

typedef enum { RAS_PUSH, RAS_POP, RAS_POP_PUSH } RasAction;

/* A call or return instruction, decoded once at translation. */
typedef struct {
    RasAction action;
    uint64_t pc;
    uint64_t next_pc;
    int rs1;                                 /* -1: target is static */
    int64_t imm;                             /* jalr offset, or target */
} Site;

typedef struct {
    uint64_t func;
    uint64_t ret;
} Frame;

/* uftrace's on-disk record: a timestamp and a packed word. */
typedef struct {
    uint64_t time;
    uint64_t data;
} Record;

typedef struct {
    unsigned tid;
    GArray *stack;                           /* Frame */
    GArray *records;                         /* Record, not yet written */
    GHashTable *targets;                     /* set of called addresses */
    bool file_started;
    struct qemu_plugin_register *x[32];
    GByteArray *scratch;
} Vcpu;

/*
 * Plugin-lifetime state. Each vCPU owns its Vcpu; the arrays of vCPUs and
 * of entered functions are shared under their locks.
 */
static PluginVcpus vcpus;                    /* Vcpu * */
static bool is_aarch64;                      /* else riscv64; set at install */
static GHashTable *block_syms;               /* block pc -> symbol name */
static GMutex block_syms_lock;

/* GDB's riscv target description names x8 "fp"; accept "s0" too. */
static const char *const abi_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void flush_records(Vcpu *v)
{
    g_autofree char *path = g_strdup_printf(DATA_DIR "/%u.dat", v->tid);
    FILE *f = fopen(path, v->file_started ? "ab" : "wb");

    if (!f) {
        g_autofree char *msg = g_strdup_printf("uftrace: cannot write %s: %s\n",
                                               path, g_strerror(errno));
        qemu_plugin_outs(msg);
    } else {
        fwrite(v->records->data, sizeof(Record), v->records->len, f);
        fclose(f);
        v->file_started = true;
    }
    g_array_set_size(v->records, 0);
}

/* Layout of the packed word: type:2, more:1, magic:3, depth:10, addr:48. */
static void add_record(Vcpu *v, bool is_exit, uint64_t addr, unsigned depth)
{
    Record r = {
        .time = now_ns(),
        .data = (is_exit ? 1 : 0) | (UINT64_C(5) << 3) |
                ((uint64_t)MIN(depth, MAX_DEPTH) << 6) |
                ((addr & ((UINT64_C(1) << 48) - 1)) << 16),
    };

    g_array_append_val(v->records, r);
    if (v->records->len >= FLUSH_RECORDS) {
        flush_records(v);
    }
}

static uint64_t read_x(Vcpu *v, int reg)
{
    uint64_t val = 0;

    if (!v->x[reg]) {
        return 0;
    }
    g_byte_array_set_size(v->scratch, 0);
    if (qemu_plugin_read_register(v->x[reg], v->scratch)) {
        memcpy(&val, v->scratch->data, MIN(v->scratch->len, sizeof(val)));
    }
    return val;
}

static void pop_to(Vcpu *v, uint64_t target)
{
    for (guint i = v->stack->len; i > 0; i--) {
        if (g_array_index(v->stack, Frame, i - 1).ret == target) {
            while (v->stack->len >= i) {
                Frame *f = &g_array_index(v->stack, Frame, v->stack->len - 1);

                add_record(v, true, f->func, v->stack->len - 1);
                g_array_set_size(v->stack, v->stack->len - 1);
            }
            return;
        }
    }
}

static void site_exec(unsigned int vcpu, void *udata)
{
    const Site *s = udata;
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);
    uint64_t target;
    Frame f;

    if (!v) {
        return;
    }
    target = s->rs1 < 0 ? (uint64_t)s->imm
                        : (read_x(v, s->rs1) + s->imm) & ~UINT64_C(1);
    if (s->action == RAS_POP) {
        pop_to(v, target);
        return;
    }
    if (s->action == RAS_POP_PUSH && v->stack->len) {
        Frame *top = &g_array_index(v->stack, Frame, v->stack->len - 1);

        add_record(v, true, top->func, v->stack->len - 1);
        g_array_set_size(v->stack, v->stack->len - 1);
    }
    g_hash_table_add(v->targets, g_memdup2(&target, sizeof(target)));
    f.func = target;
    f.ret = s->next_pc;
    add_record(v, false, target, v->stack->len);
    g_array_append_val(v->stack, f);
}

static bool is_link(int r)
{
    return r == 1 || r == 5;
}

/* The RAS action of a jalr-like jump, or false if it is a plain jump. */
static bool ras_action(int rd, int rs1, RasAction *out)
{
    if (is_link(rd)) {
        *out = is_link(rs1) && rd != rs1 ? RAS_POP_PUSH : RAS_PUSH;
        return true;
    }
    if (is_link(rs1)) {
        *out = RAS_POP;
        return true;
    }
    return false;
}

static int64_t sext(uint64_t v, int bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/* aarch64: bl and blr call, ret returns (to any register); br is a jump. */
static bool decode_site_a64(uint32_t insn, uint64_t pc, Site *s)
{
    s->pc = pc;
    s->next_pc = pc + 4;
    if ((insn & 0xfc000000) == 0x94000000) {             /* bl */
        s->rs1 = -1;
        s->imm = pc + sext((uint64_t)(insn & 0x3ffffff) << 2, 28);
        s->action = RAS_PUSH;
        return true;
    }
    if ((insn & 0xfffffc1f) == 0xd63f0000 || (insn & 0xfffffc1f) == 0xd65f0000) {
        s->rs1 = (insn >> 5) & 31;                        /* blr, ret */
        s->imm = 0;
        s->action = (insn & 0x00200000) ? RAS_PUSH : RAS_POP;
        return s->rs1 != 31;
    }
    return false;
}

static bool decode_site(uint32_t insn, size_t size, uint64_t pc, Site *s)
{
    int rd, rs1;

    if (is_aarch64) {
        return size == 4 && decode_site_a64(insn, pc, s);
    }
    s->pc = pc;
    s->next_pc = pc + size;
    if (size == 4 && (insn & 0x7f) == 0x6f) {            /* jal */
        uint64_t imm = ((insn >> 31) & 1) << 20 | ((insn >> 12) & 0xff) << 12 |
                       ((insn >> 20) & 1) << 11 | ((insn >> 21) & 0x3ff) << 1;

        rd = (insn >> 7) & 31;
        s->rs1 = -1;
        s->imm = pc + sext(imm, 21);
        s->action = RAS_PUSH;
        return is_link(rd);
    }
    if (size == 4 && (insn & 0x707f) == 0x67) {          /* jalr */
        rd = (insn >> 7) & 31;
        rs1 = (insn >> 15) & 31;
        s->rs1 = rs1;
        s->imm = sext(insn >> 20, 12);
        return ras_action(rd, rs1, &s->action);
    }
    if (size == 2 && (insn & 0xe07f) == 0x8002) {        /* c.jr/c.jalr */
        rs1 = (insn >> 7) & 31;
        rd = (insn & 0x1000) ? 1 : 0;
        if (rs1 == 0) {
            return false;                    /* c.ebreak or reserved */
        }
        s->rs1 = rs1;
        s->imm = 0;
        return ras_action(rd, rs1, &s->action);
    }
    return false;
}

/*
 * Symbols are known only at translation; remember each block's so that
 * the called addresses can be named at exit.
 */
static void name_block(struct qemu_plugin_tb *tb)
{
    const char *sym = qemu_plugin_insn_symbol(qemu_plugin_tb_get_insn(tb, 0));
    uint64_t pc = qemu_plugin_tb_vaddr(tb);

    if (sym) {
        g_mutex_lock(&block_syms_lock);
        if (!g_hash_table_contains(block_syms, &pc)) {
            g_hash_table_insert(block_syms, g_memdup2(&pc, sizeof(pc)),
                                g_strdup(sym));
        }
        g_mutex_unlock(&block_syms_lock);
    }
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    name_block(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        size_t size = qemu_plugin_insn_size(insn);
        uint32_t enc = 0;
        Site site, *s;

        qemu_plugin_insn_data(insn, &enc, MIN(size, sizeof(enc)));
        if (!decode_site(enc, size, qemu_plugin_insn_vaddr(insn), &site)) {
            continue;
        }
        /* Lives as long as the translation may run: never freed. */
        s = g_memdup2(&site, sizeof(site));
        qemu_plugin_register_vcpu_insn_exec_cb(
            insn, site_exec,
            s->rs1 < 0 ? QEMU_PLUGIN_CB_NO_REGS : QEMU_PLUGIN_CB_R_REGS, s);
    }
}

static void vcpu_init(unsigned int vcpu, void *udata)
{
    Vcpu *v = g_new0(Vcpu, 1);
    g_autoptr(GArray) regs = qemu_plugin_get_registers();

    v->tid = 100 * (vcpu + 1);
    v->stack = g_array_new(FALSE, FALSE, sizeof(Frame));
    v->records = g_array_new(FALSE, FALSE, sizeof(Record));
    v->scratch = g_byte_array_new();
    v->targets = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                       NULL);
    for (guint i = 0; regs && i < regs->len; i++) {
        qemu_plugin_reg_descriptor *d =
            &g_array_index(regs, qemu_plugin_reg_descriptor, i);

        for (int r = 0; r < 32; r++) {
            g_autofree char *xr = g_strdup_printf("x%d", r);

            if (is_aarch64 ? r < 31 && strcmp(d->name, xr) == 0
                           : r > 0 && (strcmp(d->name, abi_names[r]) == 0 ||
                                       (r == 8 && strcmp(d->name, "s0") == 0))) {
                v->x[r] = d->handle;
            }
        }
    }
    putil_vcpu_set(&vcpus, vcpu, v);
}

static void finish_vcpu(Vcpu *v)
{
    while (v->stack->len) {
        Frame *f = &g_array_index(v->stack, Frame, v->stack->len - 1);

        add_record(v, true, f->func, v->stack->len - 1);
        g_array_set_size(v->stack, v->stack->len - 1);
    }
    flush_records(v);
}

static void vcpu_exit(unsigned int vcpu, void *udata)
{
    Vcpu *v = putil_vcpu_get(&vcpus, vcpu);

    if (v) {
        finish_vcpu(v);
    }
}

/*
 * The info file: a 40-byte header (magic "Ftrace!", format version 4,
 * header size, little endian, 64-bit, feature and info bit masks, maximum
 * stack depth) and then one text line per info field the mask announces.
 */
static void write_info(const char *exe, GString *tids, guint ntids)
{
    static const uint8_t header[40] = {
        'F', 't', 'r', 'a', 'c', 'e', '!', 0,
        4, 0, 0, 0, 40, 0, 1, 2,
        0x63, 0x12, 0, 0, 0, 0, 0, 0,
        0xff, 0x7b, 0, 0, 0, 0, 0, 0,
        0x00, 0x04, 0, 0, 0, 0, 0, 0,
    };
    FILE *f = fopen(DATA_DIR "/info", "wb");

    if (!f) {
        return;
    }
    fwrite(header, sizeof(header), 1, f);
    fprintf(f, "exename:%s\n"
            "build_id:0000000000000000000000000000000000000000\n"
            "exit_status:0\n"
            "cmdline:%s\n"
            "cpuinfo:lines=2\ncpuinfo:nr_cpus=1 / 1 (online/possible)\n"
            "cpuinfo:desc=peek %s\n"
            "meminfo:0.0 / 0.0 GB (free / total)\n"
            "osinfo:lines=3\nosinfo:kernel=Linux\nosinfo:hostname=peek\n"
            "osinfo:distro=\"peek\"\n"
            "taskinfo:lines=2\ntaskinfo:nr_tid=%u\ntaskinfo:tids=%s\n"
            "usageinfo:lines=6\nusageinfo:systime=0.000000\n"
            "usageinfo:usrtime=0.000000\nusageinfo:ctxsw=0 / 0 "
            "(voluntary / involuntary)\nusageinfo:maxrss=0\n"
            "usageinfo:pagefault=0 / 0 (major / minor)\n"
            "usageinfo:iops=0 / 0 (read / write)\n"
            "loadinfo:0.00 / 0.00 / 0.00\n"
            "record_date:\nelapsed_time:0.000000000 sec\n"
            "pattern_type:regex\nuftrace_version:peek\nutc_offset:0\n",
            exe, exe, is_aarch64 ? "aarch64" : "riscv64", ntids, tids->str);
    fclose(f);
}

static gint by_addr(gconstpointer a, gconstpointer b)
{
    return putil_cmp_u64(**(uint64_t *const *)a, **(uint64_t *const *)b);
}

static void write_metadata(void)
{
    const char *path = qemu_plugin_path_to_binary();
    g_autofree char *exe = g_path_get_basename(path ? path : "program");
    g_autofree char *sym_path = g_strdup_printf(DATA_DIR "/%s.sym", exe);
    g_autoptr(GString) tids = g_string_new(NULL);
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    g_autoptr(GHashTable) called = g_hash_table_new(g_int64_hash,
                                                    g_int64_equal);
    guint ntids = 0;
    FILE *f;

    f = fopen(DATA_DIR "/task.txt", "w");
    for (guint i = 0; f && i < putil_vcpu_end(&vcpus); i++) {
        Vcpu *v = putil_vcpu_get(&vcpus, i);

        if (v) {
            fprintf(f, "SESS timestamp=0.0 pid=%u sid=0 exename=\"%s\"\n",
                    v->tid, exe);
            fprintf(f, "TASK timestamp=0.0 tid=%u pid=%u\n", v->tid, v->tid);
            g_string_append_printf(tids, "%s%u", ntids ? "," : "", v->tid);
            ntids++;
        }
    }
    if (f) {
        fclose(f);
    }
    write_info(exe, tids, ntids);

    f = fopen(DATA_DIR "/sid-0.map", "w");
    if (f) {
        fprintf(f, "%012" PRIx64 "-%012" PRIx64 " r-xp 00000000 00:00 0 %s\n",
                qemu_plugin_start_code(), qemu_plugin_end_code(),
                path ? path : exe);
        fprintf(f, "7ffffffff000-7ffffffff000 rw-p 00000000 00:00 0 [stack]\n");
        fclose(f);
    }

    for (guint i = 0; i < putil_vcpu_end(&vcpus); i++) {
        Vcpu *v = putil_vcpu_get(&vcpus, i);
        GHashTableIter it;
        gpointer key;

        if (!v) {
            continue;
        }
        g_hash_table_iter_init(&it, v->targets);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            g_hash_table_add(called, key);
        }
    }
    g_mutex_lock(&block_syms_lock);
    f = fopen(sym_path, "w");
    if (f) {
        GHashTableIter it;
        gpointer key;

        g_hash_table_iter_init(&it, called);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            if (g_hash_table_contains(block_syms, key)) {
                g_ptr_array_add(keys, key);
            }
        }
        g_ptr_array_sort(keys, by_addr);
        for (guint i = 0; i < keys->len; i++) {
            uint64_t *pc = g_ptr_array_index(keys, i);

            fprintf(f, "%016" PRIx64 " T %s\n", *pc,
                    (char *)g_hash_table_lookup(block_syms, pc));
        }
        fclose(f);
    }
    g_mutex_unlock(&block_syms_lock);
}

static void plugin_exit(void *udata)
{
    for (guint i = 0; i < putil_vcpu_end(&vcpus); i++) {
        Vcpu *v = putil_vcpu_get(&vcpus, i);

        if (v) {
            finish_vcpu(v);
        }
    }
    write_metadata();
}

/* opaque: the install function's per_level. */
static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "trace-privilege-level")) {
        return parg_bool(NAME, a, opaque);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    bool per_level = false;

    if (parg_each(argc, argv, parse_arg, &per_level)) {
        return -1;
    }
    is_aarch64 = g_strcmp0(info->target_name, "aarch64") == 0;
    if (!is_aarch64 && g_strcmp0(info->target_name, "riscv64") != 0) {
        fprintf(stderr, "%s: only riscv64 and aarch64 guests are supported, not %s\n",
                NAME, info->target_name);
        return -1;
    }
    if (g_mkdir_with_parents(DATA_DIR, 0755) != 0) {
        fprintf(stderr, "%s: cannot create %s: %s\n", NAME, DATA_DIR,
                g_strerror(errno));
        return -1;
    }
    block_syms = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                       g_free);
    qemu_plugin_register_vcpu_init_cb(id, vcpu_init, NULL);
    qemu_plugin_register_vcpu_exit_cb(id, vcpu_exit, NULL);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
