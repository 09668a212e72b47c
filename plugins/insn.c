/*
 * insn: counts executed instructions per vCPU and in total.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin insn,help` prints it).
 * With match=, every execution of a matching instruction prints its
 * address, text, its own hit count, the match's hit count, the
 * instructions executed since the previous hit of the same match on that
 * vCPU ("Δ+N since last match") and the average distance; at exit a
 * summary per match lists every matching instruction. sizes=on adds
 * "len 4 bytes: N insns" lines.
 *
 * Exit report: "cpu N insns: M" per vCPU, then "total insns: M".
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "counts executed instructions per vCPU and in total\n"
    "  inline=on|off  count with inline scoreboard additions (the default) or callbacks\n"
    "  sizes=on|off   also count executed instructions by size\n"
    "  match=PREFIX   report every execution of instructions whose disassembly starts with PREFIX (repeatable)\n"
    "  trace=on|off   print the per-hit lines of match= (default on)\n");

static const char *const NAME = "insn";

/* Largest instruction size tracked by sizes=on (any ISA we might host). */
#define MAX_INSN_SIZE 16

/*
 * With sizes=on an instruction of a tracked size counts in by_size only
 * (one addition instead of two); insns counts the others. A vCPU's total
 * is their sum (vcpu_insns).
 */
typedef struct {
    uint64_t insns;
    uint64_t by_size[MAX_INSN_SIZE + 1];
} InsnCount;

/* Per-vCPU state of one match= prefix. */
typedef struct {
    uint64_t hits;
    uint64_t last_hit;
    uint64_t total_delta;
} MatchCount;

typedef struct {
    char *prefix;
    struct qemu_plugin_scoreboard *counts;  /* MatchCount */
} Match;

/* One matching instruction, shared by every translation of it. */
typedef struct {
    Match *match;
    uint64_t vaddr;
    char *disas;
    uint64_t hits;                           /* atomic: any vCPU */
} MatchedInsn;

/*
 * Plugin-lifetime state. The counts are per vCPU: in a scoreboard that
 * the inline additions update, or, with callbacks, in a table the
 * callbacks reach without a call into the emulator (plugin-util.h). The
 * records table is touched from translation (any vCPU thread) and at
 * exit, hence the lock.
 */
static struct qemu_plugin_scoreboard *counts;   /* InsnCount, inline=on */
static PluginVcpuData cb_counts;                /* InsnCount, callbacks */
static qemu_plugin_u64 insns_u64;
/*
 * Inline by default: the report is the same either way, and inline
 * additions cost an eighth of callbacks (crc 40, user time in peek: 0.09 s
 * inline, 0.74 s with callbacks, as QEMU 7.2's libinsn.so in peek; that
 * .so takes 0.73 s under qemu-riscv64).
 */
static bool do_inline = true;
static bool do_sizes;
static bool do_trace = true;
static GPtrArray *matches;                   /* Match * */
static GHashTable *records;                  /* "vaddr disas" -> MatchedInsn */
static GMutex records_lock;

static qemu_plugin_u64 size_u64(size_t size)
{
    qemu_plugin_u64 e = qemu_plugin_scoreboard_u64_in_struct(counts, InsnCount,
                                                             by_size);
    e.offset += size * sizeof(uint64_t);
    return e;
}

/* A vCPU's counts so far (all zero for a vCPU that never counted). */
static InsnCount counts_of(unsigned int vcpu)
{
    static const InsnCount none;
    const InsnCount *c = do_inline ? qemu_plugin_scoreboard_find(counts, vcpu)
                                   : PUTIL_VCPU_FIND(&cb_counts, vcpu, InsnCount);

    return c ? *c : none;
}

static uint64_t vcpu_insns(const InsnCount *c)
{
    uint64_t n = c->insns;

    for (size_t sz = 0; do_sizes && sz <= MAX_INSN_SIZE; sz++) {
        n += c->by_size[sz];
    }
    return n;
}

static void insn_exec(unsigned int vcpu, void *udata)
{
    PUTIL_VCPU(&cb_counts, vcpu, InsnCount)->insns++;
}

static __attribute__((noinline)) void insn_exec_size_first(unsigned int vcpu,
                                                            size_t size)
{
    PUTIL_VCPU(&cb_counts, vcpu, InsnCount)->by_size[size]++;
}

/*
 * sizes=on: udata is the instruction's size. The vCPU's first count goes
 * out of line, so that the others are a leaf function's work.
 */
static void insn_exec_size(unsigned int vcpu, void *udata)
{
    InsnCount *c = PUTIL_VCPU_FIND(&cb_counts, vcpu, InsnCount);

    if (G_LIKELY(c)) {
        c->by_size[(uintptr_t)udata]++;
    } else {
        insn_exec_size_first(vcpu, (uintptr_t)udata);
    }
}

static void matched_exec(unsigned int vcpu, void *udata)
{
    MatchedInsn *rec = udata;
    MatchCount *m = qemu_plugin_scoreboard_find(rec->match->counts, vcpu);
    uint64_t icount = vcpu_insns(
        do_inline ? qemu_plugin_scoreboard_find(counts, vcpu)
                  : PUTIL_VCPU(&cb_counts, vcpu, InsnCount));
    uint64_t delta = icount - m->last_hit;
    uint64_t hits = __atomic_add_fetch(&rec->hits, 1, __ATOMIC_RELAXED);

    m->hits++;
    m->total_delta += delta;
    m->last_hit = icount;
    if (do_trace) {
        g_autofree char *line = g_strdup_printf(
            "0x%" PRIx64 ", '%s', %" PRIu64 " hits, %" PRIu64 " match hits, "
            "Δ+%" PRIu64 " since last match, %" PRIu64 " avg insns/match\n",
            rec->vaddr, rec->disas, hits, m->hits, delta,
            m->total_delta / m->hits);
        qemu_plugin_outs(line);
    }
}

static MatchedInsn *record_for(Match *m, uint64_t vaddr, const char *disas)
{
    g_autofree char *key = g_strdup_printf("%" PRIx64 " %s %p", vaddr, disas,
                                           (void *)m);
    MatchedInsn *rec;

    g_mutex_lock(&records_lock);
    rec = g_hash_table_lookup(records, key);
    if (!rec) {
        rec = g_new0(MatchedInsn, 1);
        rec->match = m;
        rec->vaddr = vaddr;
        rec->disas = g_strdup(disas);
        g_hash_table_insert(records, g_steal_pointer(&key), rec);
    }
    g_mutex_unlock(&records_lock);
    return rec;
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        size_t size = qemu_plugin_insn_size(insn);

        bool sized = do_sizes && size <= MAX_INSN_SIZE;

        /* Counting first, so a matched instruction sees itself counted. */
        if (do_inline) {
            qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
                insn, QEMU_PLUGIN_INLINE_ADD_U64,
                sized ? size_u64(size) : insns_u64, 1);
        } else {
            qemu_plugin_register_vcpu_insn_exec_cb(
                insn, sized ? insn_exec_size : insn_exec,
                QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)size);
        }
        if (matches->len) {
            g_autofree char *disas = qemu_plugin_insn_disas(insn);

            for (guint j = 0; disas && j < matches->len; j++) {
                Match *m = g_ptr_array_index(matches, j);

                if (g_str_has_prefix(disas, m->prefix)) {
                    MatchedInsn *rec = record_for(
                        m, qemu_plugin_insn_vaddr(insn), disas);
                    qemu_plugin_register_vcpu_insn_exec_cb(
                        insn, matched_exec, QEMU_PLUGIN_CB_NO_REGS, rec);
                }
            }
        }
    }
}

static gint by_vaddr(gconstpointer a, gconstpointer b)
{
    const MatchedInsn *x = a, *y = b;

    return putil_cmp_u64(x->vaddr, y->vaddr);
}

static void report_match(GString *s, Match *m)
{
    qemu_plugin_u64 hits = qemu_plugin_scoreboard_u64_in_struct(
        m->counts, MatchCount, hits);
    GList *recs = g_list_sort(g_hash_table_get_values(records), by_vaddr);

    g_string_append_printf(s, "Match: %s, hits %" PRIu64 "\n", m->prefix,
                           qemu_plugin_u64_sum(hits));
    for (GList *l = recs; l; l = l->next) {
        MatchedInsn *rec = l->data;

        if (rec->match == m) {
            g_string_append_printf(s, "  %" PRIx64 ": %s (hits %" PRIu64 ")\n",
                                   rec->vaddr, rec->disas, rec->hits);
        }
    }
    g_list_free(recs);
}

static void free_record(gpointer p)
{
    MatchedInsn *rec = p;

    g_free(rec->disas);
    g_free(rec);
}

static void free_match(gpointer p)
{
    Match *m = p;

    g_free(m->prefix);
    qemu_plugin_scoreboard_free(m->counts);
    g_free(m);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new(NULL);
    int n = qemu_plugin_num_vcpus();
    InsnCount total = { 0 };

    for (int i = 0; i < n; i++) {
        InsnCount c = counts_of(i);

        g_string_append_printf(s, "cpu %d insns: %" PRIu64 "\n", i,
                               vcpu_insns(&c));
        total.insns += c.insns;
        for (size_t sz = 0; sz <= MAX_INSN_SIZE; sz++) {
            total.by_size[sz] += c.by_size[sz];
        }
    }
    g_string_append_printf(s, "total insns: %" PRIu64 "\n",
                           vcpu_insns(&total));
    if (do_sizes) {
        for (size_t sz = 0; sz <= MAX_INSN_SIZE; sz++) {
            if (total.by_size[sz]) {
                g_string_append_printf(s, "len %zu bytes: %" PRIu64
                                       " insns\n", sz, total.by_size[sz]);
            }
        }
    }
    g_mutex_lock(&records_lock);
    for (guint j = 0; j < matches->len; j++) {
        report_match(s, g_ptr_array_index(matches, j));
    }
    g_mutex_unlock(&records_lock);
    qemu_plugin_outs(s->str);

    g_hash_table_destroy(records);
    g_ptr_array_free(matches, TRUE);
    qemu_plugin_scoreboard_free(counts);
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "inline")) {
        return parg_bool(NAME, a, &do_inline);
    }
    if (parg_is(a, "sizes")) {
        return parg_bool(NAME, a, &do_sizes);
    }
    if (parg_is(a, "trace")) {
        return parg_bool(NAME, a, &do_trace);
    }
    if (parg_is(a, "match")) {
        Match *m;

        if (!parg_need_value(NAME, a, "an instruction prefix")) {
            return false;
        }
        m = g_new0(Match, 1);
        m->prefix = g_strdup(a->value);
        m->counts = qemu_plugin_scoreboard_new(sizeof(MatchCount));
        g_ptr_array_add(matches, m);
        return true;
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    matches = g_ptr_array_new_with_free_func(free_match);
    if (parg_each(argc, argv, parse_arg, NULL)) {
        g_ptr_array_free(matches, TRUE);
        return -1;
    }

    counts = qemu_plugin_scoreboard_new(sizeof(InsnCount));
    insns_u64 = qemu_plugin_scoreboard_u64_in_struct(counts, InsnCount, insns);
    records = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    free_record);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
