/*
 * howvec: a histogram of the guest's instruction classes.
 *
 * Arguments: see PLUGIN_HELP below (`peek -plugin howvec,help` prints it).
 *
 * Report:
 *   Instruction Classes:
 *   Class: <name>   (<N> hits) | counted individually | not counted
 *   Individual Instructions:
 *   Instr: <disassembly>   (<N> hits)  (op=0x<encoding>/<class>)
 * The individual list holds the 50 most executed, most first.
 *
 * riscv64 classes (RV64GC with Zba/Zbb/Zbs/Zicond), decided by the major
 * opcode and funct3/funct7 fields; compressed instructions go to the class
 * of the instruction they expand to. aarch64 classes are those of QEMU's
 * howvec (names, count= names and boundaries, so reports compare line by
 * line), decided by the A64 encoding groups; NOP and UDEF are not counted
 * unless asked for. Both tables are documented in docs/plugins.md. Other
 * guests get one class, "Unclassified", counted by individual instruction.
 */
#include <inttypes.h>
#include "plugin-args.h"
#include "plugin-util.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

PLUGIN_HELP(
    "a histogram of the guest's instruction classes\n"
    "  inline=on|off   count with inline scoreboard additions (the default) or callbacks\n"
    "  verbose=on|off  list classes that never executed too\n"
    "  count=CLASS     break CLASS down by instruction; count=!CLASS stops counting it\n");

static const char *const NAME = "howvec";

#define INDIVIDUAL_LIMIT 50

typedef enum { COUNT_CLASS, COUNT_INDIVIDUAL, COUNT_NONE } CountMode;

/*
 * A counter is a scoreboard with inline=on, else a slot of the callbacks'
 * per-vCPU counters (plugin-util.h): a class's slot is its index, and
 * individual instructions get the slots after the classes'.
 */
typedef struct {
    const char *name;
    const char *opt;
    CountMode mode;
    struct qemu_plugin_scoreboard *count;    /* uint64_t per vCPU */
} InsnClass;

enum {
    RV_ALU_IMM, RV_ALU_REG, RV_UPPER, RV_MULDIV, RV_BITMANIP, RV_CZERO,
    RV_LOAD, RV_STORE, RV_ATOMIC, RV_FP_LDST, RV_FP_ARITH, RV_FP_FUSED,
    RV_BRANCH, RV_JAL, RV_JALR, RV_FENCE, RV_ECALL, RV_CSR, RV_UNCLASSIFIED,
    RV_NCLASSES
};

/* Indexed by the enum above; mode and counters are set up at install. */
static InsnClass riscv64_classes[RV_NCLASSES] = {
    [RV_ALU_IMM]      = { .name = "Int ALU (imm)", .opt = "alu-imm" },
    [RV_ALU_REG]      = { .name = "Int ALU (reg)", .opt = "alu-reg" },
    [RV_UPPER]        = { .name = "Upper imm (lui/auipc)", .opt = "upper" },
    [RV_MULDIV]       = { .name = "Mul/Div", .opt = "muldiv" },
    [RV_BITMANIP]     = { .name = "Bit manipulation", .opt = "bitmanip" },
    [RV_CZERO]        = { .name = "Cond zero", .opt = "czero" },
    [RV_LOAD]         = { .name = "Load", .opt = "load" },
    [RV_STORE]        = { .name = "Store", .opt = "store" },
    [RV_ATOMIC]       = { .name = "Atomic (lr/sc/amo)", .opt = "atomic" },
    [RV_FP_LDST]      = { .name = "FP load/store", .opt = "fpldst" },
    [RV_FP_ARITH]     = { .name = "FP arith/convert/move", .opt = "fp" },
    [RV_FP_FUSED]     = { .name = "FP fused multiply-add", .opt = "fma" },
    [RV_BRANCH]       = { .name = "Cond branch", .opt = "branch" },
    [RV_JAL]          = { .name = "Jump (jal)", .opt = "jal" },
    [RV_JALR]         = { .name = "Jump reg (jalr)", .opt = "jalr" },
    [RV_FENCE]        = { .name = "Fence", .opt = "fence" },
    [RV_ECALL]        = { .name = "Env call/break", .opt = "ecall" },
    [RV_CSR]          = { .name = "CSR access", .opt = "csr" },
    [RV_UNCLASSIFIED] = { .name = "Unclassified", .opt = "unclas",
                          .mode = COUNT_INDIVIDUAL },
};

enum {
    A_UDEF, A_SVE, A_RES, A_PCREL, A_ASIT, A_ASI, A_LOGI, A_MOVWI, A_BITF, A_EXTR, A_DPRI,
    A_CNDB, A_EXCP, A_NOP, A_HINT, A_BARR, A_PSTA, A_SINS, A_SREG, A_BREG, A_BIMM, A_CMPB,
    A_TSTB, A_BRANCH, A_ADVLSM, A_ADVLSMP, A_ADVLSS, A_ADVLSSP, A_LDSTX, A_PRFM, A_LDLIT,
    A_LDSTNAP, A_LDSTP, A_LDSTR, A_ATOMIC, A_LDSTRO, A_LDSTPA, A_LDSTI, A_LDST, A_DPRR,
    A_FPSIMD, A_UNCLAS, A_NCLASSES
};

/* QEMU's names, indented as its report indents subclasses. */
static InsnClass aarch64_classes[A_NCLASSES] = {
    [A_UDEF]    = { .name = "  UDEF", .opt = "udef", .mode = COUNT_NONE },
    [A_SVE]     = { .name = "  SVE", .opt = "sve" },
    [A_RES]     = { .name = "Reserved", .opt = "res" },
    [A_PCREL]   = { .name = "  PCrel addr", .opt = "pcrel" },
    [A_ASIT]    = { .name = "  Add/Sub (imm,tags)", .opt = "asit" },
    [A_ASI]     = { .name = "  Add/Sub (imm)", .opt = "asi" },
    [A_LOGI]    = { .name = "  Logical (imm)", .opt = "logi" },
    [A_MOVWI]   = { .name = "  Move Wide (imm)", .opt = "movwi" },
    [A_BITF]    = { .name = "  Bitfield", .opt = "bitf" },
    [A_EXTR]    = { .name = "  Extract", .opt = "extr" },
    [A_DPRI]    = { .name = "Data Proc Imm", .opt = "dpri" },
    [A_CNDB]    = { .name = "  Cond Branch (imm)", .opt = "cndb" },
    [A_EXCP]    = { .name = "  Exception Gen", .opt = "excp" },
    [A_NOP]     = { .name = "    NOP", .opt = "nop", .mode = COUNT_NONE },
    [A_HINT]    = { .name = "  Hints", .opt = "hint" },
    [A_BARR]    = { .name = "  Barriers", .opt = "barr" },
    [A_PSTA]    = { .name = "  PSTATE", .opt = "psta" },
    [A_SINS]    = { .name = "  System Insn", .opt = "sins" },
    [A_SREG]    = { .name = "  System Reg", .opt = "sreg" },
    [A_BREG]    = { .name = "  Branch (reg)", .opt = "breg" },
    [A_BIMM]    = { .name = "  Branch (imm)", .opt = "bimm" },
    [A_CMPB]    = { .name = "  Cmp & Branch", .opt = "cmpb" },
    [A_TSTB]    = { .name = "  Tst & Branch", .opt = "tstb" },
    [A_BRANCH]  = { .name = "Branches", .opt = "branch" },
    [A_ADVLSM]  = { .name = "  AdvSimd ldstmult", .opt = "advlsm" },
    [A_ADVLSMP] = { .name = "  AdvSimd ldstmult++", .opt = "advlsmp" },
    [A_ADVLSS]  = { .name = "  AdvSimd ldst", .opt = "advlss" },
    [A_ADVLSSP] = { .name = "  AdvSimd ldst++", .opt = "advlssp" },
    [A_LDSTX]   = { .name = "  ldst excl", .opt = "ldstx" },
    [A_PRFM]    = { .name = "    Prefetch", .opt = "prfm" },
    [A_LDLIT]   = { .name = "  Load Reg (lit)", .opt = "ldlit" },
    [A_LDSTNAP] = { .name = "  ldst noalloc pair", .opt = "ldstnap" },
    [A_LDSTP]   = { .name = "  ldst pair", .opt = "ldstp" },
    [A_LDSTR]   = { .name = "  ldst reg", .opt = "ldstr" },
    [A_ATOMIC]  = { .name = "  Atomic ldst", .opt = "atomic" },
    [A_LDSTRO]  = { .name = "  ldst reg (reg off)", .opt = "ldstro" },
    [A_LDSTPA]  = { .name = "  ldst reg (pac)", .opt = "ldstpa" },
    [A_LDSTI]   = { .name = "  ldst reg (imm)", .opt = "ldsti" },
    [A_LDST]    = { .name = "Loads & Stores", .opt = "ldst" },
    [A_DPRR]    = { .name = "Data Proc Reg", .opt = "dprr" },
    [A_FPSIMD]  = { .name = "Scalar FP ", .opt = "fpsimd" },
    [A_UNCLAS]  = { .name = "Unclassified", .opt = "unclas" },
};

static InsnClass default_classes[] = {
    { .name = "Unclassified", .opt = "unclas", .mode = COUNT_INDIVIDUAL },
};

typedef struct {
    uint64_t encoding;
    char *disas;
    InsnClass *cls;
    struct qemu_plugin_scoreboard *count;    /* inline=on */
    size_t slot;                             /* callbacks */
    uint64_t total;                          /* filled in at exit */
} Individual;

/*
 * Plugin-lifetime state. The class table is chosen once at install; the
 * individual table and its slot count are shared by translating threads
 * under the lock.
 */
static InsnClass *classes;
static size_t nclasses;
static bool is_riscv64, is_aarch64;
/*
 * Inline by default: the report is the same either way, and inline
 * additions cost a fifth of callbacks (crc 40: 0.11 s against 0.54 s of
 * user time; QEMU 7.2's callback-counting howvec.so in peek, 0.53 s).
 */
static bool do_inline = true;
static bool verbose;
static GHashTable *individuals;              /* encoding -> Individual */
static GMutex individuals_lock;
static PluginVcpuData cb_counts;             /* PluginSlots */

/* The classes of the 32-bit OP / OP-32 register-register group. */
static int rv_op_class(uint32_t f3, uint32_t f7, bool word)
{
    if (f7 == 0x00 || (f7 == 0x20 && (f3 == 0 || f3 == 5))) {
        return RV_ALU_REG;                   /* add sub sll ... sra */
    }
    if (f7 == 0x01) {
        return RV_MULDIV;
    }
    if (!word && f7 == 0x07 && (f3 == 5 || f3 == 7)) {
        return RV_CZERO;
    }
    switch (f7) {
    case 0x04:                               /* add.uw zext.h (OP-32) */
    case 0x05:                               /* min max minu maxu */
    case 0x10:                               /* shNadd(.uw) */
    case 0x14: case 0x24: case 0x34:         /* bset bclr/bext binv */
    case 0x20:                               /* andn orn xnor */
    case 0x30:                               /* rol ror (w) */
        return RV_BITMANIP;
    }
    return RV_UNCLASSIFIED;
}

/* OP-IMM and OP-IMM-32: shifts by immediate share funct3 with Zb* ops. */
static int rv_op_imm_class(uint32_t insn, uint32_t f3, bool word)
{
    uint32_t f6 = insn >> 26, f7 = insn >> 25;

    if (f3 == 1) {
        if (word ? f7 == 0 : f6 == 0) {
            return RV_ALU_IMM;               /* slli(w) */
        }
        return RV_BITMANIP;                  /* clz ctz cpop sext bseti... */
    }
    if (f3 == 5) {
        if (word ? (f7 == 0 || f7 == 0x20) : (f6 == 0 || f6 == 0x10)) {
            return RV_ALU_IMM;               /* srli(w) srai(w) */
        }
        return RV_BITMANIP;                  /* rori orc.b rev8 bexti... */
    }
    return RV_ALU_IMM;
}

static int rv_class32(uint32_t insn)
{
    uint32_t f3 = (insn >> 12) & 7, f7 = insn >> 25;

    switch (insn & 0x7f) {
    case 0x13: return rv_op_imm_class(insn, f3, false);
    case 0x1b: return rv_op_imm_class(insn, f3, true);
    case 0x33: return rv_op_class(f3, f7, false);
    case 0x3b: return rv_op_class(f3, f7, true);
    case 0x37: case 0x17: return RV_UPPER;
    case 0x03: return RV_LOAD;
    case 0x23: return RV_STORE;
    case 0x2f: return RV_ATOMIC;
    case 0x07: case 0x27: return RV_FP_LDST;
    case 0x53: return RV_FP_ARITH;
    case 0x43: case 0x47: case 0x4b: case 0x4f: return RV_FP_FUSED;
    case 0x63: return RV_BRANCH;
    case 0x6f: return RV_JAL;
    case 0x67: return RV_JALR;
    case 0x0f: return RV_FENCE;
    case 0x73: return f3 == 0 ? RV_ECALL : RV_CSR;
    }
    return RV_UNCLASSIFIED;
}

static int rv_class16(uint32_t insn)
{
    uint32_t f3 = (insn >> 13) & 7;
    uint32_t rd = (insn >> 7) & 31, rs2 = (insn >> 2) & 31;
    bool bit12 = insn & 0x1000;

    switch ((insn & 3) << 3 | f3) {
    case 000: return insn ? RV_ALU_IMM : RV_UNCLASSIFIED; /* c.addi4spn */
    case 001: case 005: return RV_FP_LDST;    /* c.fld c.fsd */
    case 002: case 003: return RV_LOAD;       /* c.lw c.ld */
    case 006: case 007: return RV_STORE;      /* c.sw c.sd */
    case 010: case 011: case 012: return RV_ALU_IMM; /* c.addi c.addiw c.li */
    case 013: return rd == 2 ? RV_ALU_IMM : RV_UPPER; /* c.addi16sp c.lui */
    case 014: return ((insn >> 10) & 3) == 3 ? RV_ALU_REG : RV_ALU_IMM;
    case 015: return RV_JAL;                  /* c.j */
    case 016: case 017: return RV_BRANCH;     /* c.beqz c.bnez */
    case 020: return RV_ALU_IMM;              /* c.slli */
    case 021: case 025: return RV_FP_LDST;    /* c.fldsp c.fsdsp */
    case 022: case 023: return RV_LOAD;       /* c.lwsp c.ldsp */
    case 026: case 027: return RV_STORE;      /* c.swsp c.sdsp */
    case 024:
        if (rs2 != 0) {
            return RV_ALU_REG;                /* c.mv c.add */
        }
        if (bit12 && rd == 0) {
            return RV_ECALL;                  /* c.ebreak */
        }
        return rd ? RV_JALR : RV_UNCLASSIFIED; /* c.jr c.jalr */
    }
    return RV_UNCLASSIFIED;
}

/* Data processing, immediate (bits 28:26 = 100): by bits 25:23. */
static int a64_dp_imm_class(uint32_t i)
{
    static const int by_op[8] = { A_PCREL, A_PCREL, A_ASI, A_ASIT,
                                  A_LOGI, A_MOVWI, A_BITF, A_EXTR };

    return by_op[(i >> 23) & 7];
}

/* Branches, exception generation and system (bits 28:26 = 101). */
static int a64_branch_class(uint32_t i)
{
    uint32_t top8 = i >> 24, sys = i >> 12;

    if ((i >> 25) == 0x2a) {
        return A_CNDB;                       /* b.cond */
    }
    if (top8 == 0xd4) {
        return A_EXCP;
    }
    if (i == 0xd503201f) {
        return A_NOP;
    }
    if (sys == 0xd5032) {
        return A_HINT;
    }
    if (sys == 0xd5033) {
        return A_BARR;
    }
    if ((i & 0xfff8f000) == 0xd5004000) {
        return A_PSTA;                       /* msr (immediate) */
    }
    if ((i >> 22) == 0x354 && ((i >> 19) & 3) == 1) {
        return A_SINS;                       /* sys, sysl */
    }
    if ((i >> 22) == 0x354 && ((i >> 20) & 1)) {
        return A_SREG;                       /* mrs, msr (register) */
    }
    if ((i >> 25) == 0x6b) {
        return A_BREG;
    }
    switch ((i >> 25) & 0x3f) {              /* bits 30:25, any sf/op */
    case 0x0a: case 0x0b:
        return A_BIMM;                       /* b, bl */
    case 0x1a:
        return A_CMPB;
    case 0x1b:
        return A_TSTB;
    }
    return A_BRANCH;
}

/* Loads and stores (bit 27 set, bit 25 clear). */
static int a64_ldst_class(uint32_t i)
{
    uint32_t b29_21 = (i >> 21) & 0x1ff;

    if (!(i >> 31) && ((i >> 23) & 0x7f) == 0x18 && !((i >> 16) & 0x3f)) {
        return A_ADVLSM;                     /* ld1..ld4/st1..st4 (multiple) */
    }
    if (!(i >> 31) && ((i >> 23) & 0x7f) == 0x19 && !((i >> 20) & 3)) {
        return A_ADVLSMP;                    /* the same, post-indexed */
    }
    if (!(i >> 31) && ((i >> 23) & 0x7f) == 0x1a && !((i >> 16) & 0x1f)) {
        return A_ADVLSS;                     /* single structure */
    }
    if (!(i >> 31) && ((i >> 23) & 0x7f) == 0x1b) {
        return A_ADVLSSP;
    }
    if (((i >> 24) & 0x3f) == 0x08) {
        return A_LDSTX;
    }
    if ((i >> 24) == 0xd8) {
        return A_PRFM;                       /* prfm (literal) */
    }
    if (((i >> 24) & 0x1b) == 0x18) {
        return A_LDLIT;
    }
    if (((b29_21 >> 2) & 0x77) == 0x50) {
        return A_LDSTNAP;                    /* bits 29:23 = 10x0000 */
    }
    if ((b29_21 >> 6) == 5) {
        return A_LDSTP;
    }
    if ((b29_21 & 0x1d9) == 0x1c0) {
        /* bits 29:27 = 111, 25:24 = 00: by bit 21 and bits 11:10 */
        if (!(b29_21 & 1)) {
            return A_LDSTR;
        }
        if (((i >> 10) & 3) == 0) {
            return A_ATOMIC;
        }
        if ((i & 0xb00) == 0x800) {
            return A_LDSTRO;
        }
        return A_LDST;
    }
    if ((b29_21 & 0x1d8) == 0x1c8) {
        return A_LDSTI;                      /* unsigned offset */
    }
    return A_LDST;
}

static int a64_class(uint32_t i)
{
    if ((i >> 16) == 0) {
        return A_UDEF;
    }
    switch ((i >> 25) & 0xf) {               /* op0, bits 28:25 */
    case 0x0:
        return A_RES;
    case 0x2:
        return A_SVE;
    case 0x1: case 0x3:
        return A_UNCLAS;
    case 0x8: case 0x9:
        return a64_dp_imm_class(i);
    case 0xa: case 0xb:
        return a64_branch_class(i);
    case 0x5: case 0xd: case 0x7: case 0xf:
        /* data processing, register (x101) or SIMD and FP (x111). QEMU's
         * "ldst pair" test looks only at bits 29:27, so the forms with
         * bits 29:27 = 101 (flag-setting register ops, the U=1 AdvSIMD
         * groups) count as ldst pair there, and here too, so that the
         * two reports agree */
        if (((i >> 27) & 7) == 5) {
            return A_LDSTP;
        }
        return (i >> 26) & 1 ? A_FPSIMD : A_DPRR;
    default:                                 /* x1x0 */
        return a64_ldst_class(i);
    }
}

static InsnClass *classify(uint64_t encoding, size_t size)
{
    if (is_aarch64) {
        return &classes[size == 4 ? a64_class((uint32_t)encoding) : A_UNCLAS];
    }
    if (!is_riscv64) {
        return &classes[0];
    }
    if (size == 2) {
        return &classes[rv_class16(encoding)];
    }
    if (size == 4) {
        return &classes[rv_class32(encoding)];
    }
    return &classes[RV_UNCLASSIFIED];
}

/* udata: the counter's slot. */
static void insn_exec(unsigned int vcpu, void *udata)
{
    putil_slot_add(&cb_counts, vcpu, (uintptr_t)udata, 1);
}

static void individual_free(gpointer p)
{
    Individual *ind = p;

    g_free(ind->disas);
    if (ind->count) {
        qemu_plugin_scoreboard_free(ind->count);
    }
    g_free(ind);
}

/* Count insn of class cls: false if that class is not counted. */
static bool count_insn(struct qemu_plugin_insn *insn, InsnClass *cls,
                       uint64_t encoding)
{
    struct qemu_plugin_scoreboard *count = cls->count;
    size_t slot = cls - classes;

    switch (cls->mode) {
    case COUNT_NONE:
        return false;
    case COUNT_CLASS:
        break;
    case COUNT_INDIVIDUAL: {
        Individual *ind;

        g_mutex_lock(&individuals_lock);
        ind = g_hash_table_lookup(individuals, &encoding);
        if (!ind) {
            ind = g_new0(Individual, 1);
            ind->encoding = encoding;
            ind->disas = qemu_plugin_insn_disas(insn);
            ind->cls = cls;
            if (do_inline) {
                ind->count = qemu_plugin_scoreboard_new(sizeof(uint64_t));
            }
            ind->slot = nclasses + g_hash_table_size(individuals);
            g_hash_table_insert(individuals, &ind->encoding, ind);
        }
        g_mutex_unlock(&individuals_lock);
        count = ind->count;
        slot = ind->slot;
        break;
    }
    }
    if (do_inline) {
        qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
            insn, QEMU_PLUGIN_INLINE_ADD_U64, qemu_plugin_scoreboard_u64(count),
            1);
    } else {
        qemu_plugin_register_vcpu_insn_exec_cb(insn, insn_exec,
                                               QEMU_PLUGIN_CB_NO_REGS,
                                               (void *)(uintptr_t)slot);
    }
    return true;
}

/* What a counter added up to, over every vCPU. */
static uint64_t total_of(struct qemu_plugin_scoreboard *count, size_t slot)
{
    return do_inline ? qemu_plugin_u64_sum(qemu_plugin_scoreboard_u64(count))
                     : putil_slot_sum(&cb_counts, slot);
}

static void tb_trans(struct qemu_plugin_tb *tb, void *udata)
{
    size_t n = qemu_plugin_tb_n_insns(tb);

    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        size_t size = qemu_plugin_insn_size(insn);
        uint64_t encoding = 0;               /* little-endian guests */

        qemu_plugin_insn_data(insn, &encoding,
                              size < sizeof(encoding) ? size : sizeof(encoding));
        count_insn(insn, classify(encoding, size), encoding);
    }
}

static gint by_total(gconstpointer a, gconstpointer b)
{
    const Individual *x = a, *y = b;

    return putil_cmp_hot(x->total, x->encoding, y->total, y->encoding);
}

static void plugin_exit(void *udata)
{
    g_autoptr(GString) s = g_string_new("Instruction Classes:\n");
    GList *list;
    int i = 0;

    for (size_t c = 0; c < nclasses; c++) {
        InsnClass *cls = &classes[c];
        uint64_t total;

        switch (cls->mode) {
        case COUNT_CLASS:
            total = total_of(cls->count, c);
            if (total || verbose) {
                g_string_append_printf(s, "Class: %-24s\t(%" PRIu64
                                       " hits)\n", cls->name, total);
            }
            break;
        case COUNT_INDIVIDUAL:
            g_string_append_printf(s, "Class: %-24s\tcounted individually\n",
                                   cls->name);
            break;
        case COUNT_NONE:
            g_string_append_printf(s, "Class: %-24s\tnot counted\n",
                                   cls->name);
            break;
        }
    }

    g_mutex_lock(&individuals_lock);
    list = g_hash_table_get_values(individuals);
    for (GList *l = list; l; l = l->next) {
        Individual *ind = l->data;

        ind->total = total_of(ind->count, ind->slot);
    }
    list = g_list_sort(list, by_total);
    if (list) {
        g_string_append(s, "Individual Instructions:\n");
    }
    for (GList *l = list; l && i < INDIVIDUAL_LIMIT; l = l->next, i++) {
        Individual *ind = l->data;

        g_string_append_printf(s, "Instr: %-24s\t(%" PRIu64 " hits)\t"
                               "(op=0x%08" PRIx64 "/%s)\n", ind->disas,
                               ind->total, ind->encoding, ind->cls->name);
    }
    g_list_free(list);
    g_hash_table_destroy(individuals);
    g_mutex_unlock(&individuals_lock);
    qemu_plugin_outs(s->str);

    for (size_t c = 0; do_inline && c < nclasses; c++) {
        qemu_plugin_scoreboard_free(classes[c].count);
    }
}

static bool set_count_mode(const PluginArg *a)
{
    const char *opt = a->value;
    CountMode mode = COUNT_INDIVIDUAL;

    if (!parg_need_value(NAME, a, "a class name")) {
        return false;
    }
    if (opt[0] == '!') {
        mode = COUNT_NONE;
        opt++;
    }
    for (size_t c = 0; c < nclasses; c++) {
        if (strcmp(opt, classes[c].opt) == 0) {
            classes[c].mode = mode;
            return true;
        }
    }
    {
        g_autoptr(GString) names = g_string_new("one of:");

        for (size_t c = 0; c < nclasses; c++) {
            g_string_append_printf(names, " %s", classes[c].opt);
        }
        return parg_fail(NAME, a, names->str);
    }
}

static bool parse_arg(const PluginArg *a, void *opaque)
{
    if (parg_is(a, "inline")) {
        return parg_bool(NAME, a, &do_inline);
    }
    if (parg_is(a, "verbose")) {
        return parg_bool(NAME, a, &verbose);
    }
    if (parg_is(a, "count")) {
        return set_count_mode(a);
    }
    return parg_unknown(NAME, a);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv)
{
    is_riscv64 = g_strcmp0(info->target_name, "riscv64") == 0;
    is_aarch64 = g_strcmp0(info->target_name, "aarch64") == 0;
    if (is_riscv64) {
        classes = riscv64_classes;
        nclasses = G_N_ELEMENTS(riscv64_classes);
    } else if (is_aarch64) {
        classes = aarch64_classes;
        nclasses = G_N_ELEMENTS(aarch64_classes);
    } else {
        classes = default_classes;
        nclasses = G_N_ELEMENTS(default_classes);
    }

    if (parg_each(argc, argv, parse_arg, NULL)) {
        return -1;
    }
    for (size_t c = 0; do_inline && c < nclasses; c++) {
        classes[c].count = qemu_plugin_scoreboard_new(sizeof(uint64_t));
    }
    individuals = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                        individual_free);
    qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans, NULL);
    qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
    return 0;
}
