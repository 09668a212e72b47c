/*
 * The IR builder: op definitions derived from ops.def, temp/label
 * allocation, op emission, condition arithmetic, the verifier and the
 * -d op dump. A frontend fills one IRContext per TB; backends read it.
 */
#include "ir/ir.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

const IROpDef ir_op_defs[IR_NB_OPS] = {
#define DEF(n, o, i, c, f) [IR_##n] = { #n, o, i, c, f },
#include "ir/ops.def"
#undef DEF
};

static _Noreturn void ir_fatal(const char *what)
{
    fprintf(stderr, "peek: internal error: IR: %s\n", what);
    abort();
}

void ir_context_init(IRContext *s, const IREnvLayout *layout)
{
    memset(s, 0, sizeof(*s));
    s->ops = xcalloc(IR_MAX_OPS, sizeof(IROp));
    s->layout = *layout;
    s->temps[IR_ENV].kind = IR_TEMP_ENV;
    s->temps[IR_ENV].name = "env";
    s->nb_temps = 1;
}

IRTemp ir_new_global(IRContext *s, uint32_t env_off, const char *name)
{
    if (s->nb_temps != s->nb_globals + 1 || s->nb_globals >= IR_MAX_GLOBALS)
        ir_fatal("globals must be registered first, and at most IR_MAX_GLOBALS");
    IRTemp t = s->nb_temps++;
    s->temps[t] = (IRTempInfo){ .kind = IR_TEMP_GLOBAL, .env_off = env_off, .name = name };
    if (!s->nb_globals || env_off < s->globals_lo)
        s->globals_lo = env_off;
    if (!s->nb_globals || env_off + 8 > s->globals_hi)
        s->globals_hi = env_off + 8;
    s->nb_globals++;
    return t;
}

void ir_reset(IRContext *s)
{
    s->nb_ops = 0;
    s->nb_temps = s->nb_globals + 1;
    s->const_n = 0;
    s->nb_labels = 0;
    s->heat_off = 0;
    s->first_tier = false;
    s->inner_loops = false;
    s->loop_heads = false;
    s->merge_checks = false;
}

static IRTemp ir_alloc_temp(IRContext *s, IRTempKind kind, uint64_t val)
{
    if (s->nb_temps >= IR_MAX_TEMPS)
        ir_fatal("too many temps in one TB");
    IRTemp t = s->nb_temps++;
    s->temps[t] = (IRTempInfo){ .kind = kind, .val = val };
    return t;
}

IRTemp ir_new_temp(IRContext *s) { return ir_alloc_temp(s, IR_TEMP_TB, 0); }

IRTemp ir_const(IRContext *s, uint64_t v)
{
    /* Reuse a recent equal constant, the newest among the last
     * IR_CONST_RECENT temps: TBs use few distinct values. The ring holds
     * every constant temp that can be one of those. */
    uint32_t n = s->const_n, oldest = n > IR_CONST_RECENT ? n - IR_CONST_RECENT : 0;
    for (uint32_t j = n; j > oldest; j--) {
        uint32_t slot = (j - 1) % IR_CONST_RECENT, t = s->const_temp[slot];
        if (s->nb_temps - t > IR_CONST_RECENT)
            break;      /* older ones are further back still */
        if (s->const_val[slot] == v)
            return t;
    }
    IRTemp t = ir_alloc_temp(s, IR_TEMP_CONST, v);
    s->const_temp[n % IR_CONST_RECENT] = t;
    s->const_val[n % IR_CONST_RECENT] = v;
    s->const_n = n + 1;
    return t;
}

IRLabel ir_new_label(IRContext *s)
{
    if (s->nb_labels >= IR_MAX_LABELS)
        ir_fatal("too many labels in one TB");
    return s->nb_labels++;
}

bool ir_near_full(const IRContext *s)
{
    return s->nb_ops > IR_MAX_OPS - 256 || s->nb_temps > IR_MAX_TEMPS - 128 ||
           s->nb_labels > IR_MAX_LABELS - 16;
}

bool ir_insert_label(IRContext *s, uint32_t at)
{
    if (s->nb_ops >= IR_MAX_OPS || s->nb_labels >= IR_MAX_LABELS || at > s->nb_ops)
        return false;
    memmove(&s->ops[at + 1], &s->ops[at], (s->nb_ops - at) * sizeof(IROp));
    s->nb_ops++;
    IROp *op = &s->ops[at];
    op->opc = IR_set_label;
    op->nout = op->nin = 0;
    op->nconst = 1;
    op->args[0] = s->nb_labels++;
    return true;
}

_Noreturn void ir_ops_full(void) { ir_fatal("too many ops in one TB"); }

IROp *ir_emit(IRContext *s, IROpcode opc, const uint64_t *args)
{
    if (s->nb_ops >= IR_MAX_OPS)
        ir_ops_full();
    const IROpDef *d = &ir_op_defs[opc];
    IROp *op = &s->ops[s->nb_ops++];
    op->opc = opc;
    op->nout = d->nout;
    op->nin = d->nin;
    op->nconst = d->nconst;
    unsigned n = d->nout + d->nin + d->nconst;
    for (unsigned k = 0; k < n; k++)    /* a few: cheaper than a memcpy call */
        op->args[k] = args[k];
    return op;
}

void ir_call_helper(IRContext *s, const IRHelper *h, IRTemp ret, const IRTemp *args)
{
    if (h->nargs > IR_MAX_CALL_ARGS)
        ir_fatal("helper with too many arguments");
    if (s->nb_ops >= IR_MAX_OPS)
        ir_fatal("too many ops in one TB");
    IROp *op = &s->ops[s->nb_ops++];
    op->opc = IR_call;
    op->nout = h->has_ret ? 1 : 0;
    op->nin = h->nargs;
    op->nconst = 1;
    unsigned k = 0;
    if (h->has_ret)
        op->args[k++] = ret;
    for (unsigned i = 0; i < h->nargs; i++)
        op->args[k++] = args[i];
    op->args[k] = (uint64_t)(uintptr_t)h;
}

bool ir_cond_eval(IRCond c, uint64_t a, uint64_t b)
{
    switch (c) {
    case IR_COND_EQ: return a == b;
    case IR_COND_NE: return a != b;
    case IR_COND_LT: return (int64_t)a < (int64_t)b;
    case IR_COND_GE: return (int64_t)a >= (int64_t)b;
    case IR_COND_LE: return (int64_t)a <= (int64_t)b;
    case IR_COND_GT: return (int64_t)a > (int64_t)b;
    case IR_COND_LTU: return a < b;
    case IR_COND_GEU: return a >= b;
    case IR_COND_LEU: return a <= b;
    case IR_COND_GTU: return a > b;
    case IR_COND_ALWAYS: return true;
    case IR_COND_NEVER: return false;
    }
    ir_fatal("bad condition");
}

IRCond ir_cond_invert(IRCond c)
{
    static const IRCond inv[] = {
        [IR_COND_EQ] = IR_COND_NE, [IR_COND_NE] = IR_COND_EQ,
        [IR_COND_LT] = IR_COND_GE, [IR_COND_GE] = IR_COND_LT,
        [IR_COND_LE] = IR_COND_GT, [IR_COND_GT] = IR_COND_LE,
        [IR_COND_LTU] = IR_COND_GEU, [IR_COND_GEU] = IR_COND_LTU,
        [IR_COND_LEU] = IR_COND_GTU, [IR_COND_GTU] = IR_COND_LEU,
        [IR_COND_ALWAYS] = IR_COND_NEVER, [IR_COND_NEVER] = IR_COND_ALWAYS,
    };
    return inv[c];
}

IRCond ir_cond_swap(IRCond c)
{
    static const IRCond sw[] = {
        [IR_COND_EQ] = IR_COND_EQ, [IR_COND_NE] = IR_COND_NE,
        [IR_COND_LT] = IR_COND_GT, [IR_COND_GT] = IR_COND_LT,
        [IR_COND_LE] = IR_COND_GE, [IR_COND_GE] = IR_COND_LE,
        [IR_COND_LTU] = IR_COND_GTU, [IR_COND_GTU] = IR_COND_LTU,
        [IR_COND_LEU] = IR_COND_GEU, [IR_COND_GEU] = IR_COND_LEU,
        [IR_COND_ALWAYS] = IR_COND_ALWAYS, [IR_COND_NEVER] = IR_COND_NEVER,
    };
    return sw[c];
}

const char *ir_cond_name(IRCond c)
{
    static const char *const names[] = {
        "eq", "ne", "lt", "ge", "le", "gt", "ltu", "geu", "leu", "gtu", "always", "never",
    };
    return (unsigned)c < sizeof(names) / sizeof(names[0]) ? names[c] : "?";
}

/* Pure ops on constants; unary ops ignore b. Shift counts are 0..63 by the
 * IR's contract, so masking here only keeps C well-defined. */
uint64_t ir_fold(IROpcode opc, uint64_t a, uint64_t b)
{
    switch (opc) {
    case IR_mov: return a;
    case IR_add: return a + b;
    case IR_sub: return a - b;
    case IR_neg: return -a;
    case IR_mul: return a * b;
    case IR_mulsh: return (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
    case IR_muluh: return (uint64_t)(((unsigned __int128)a * b) >> 64);
    case IR_mulsuh: return (uint64_t)(((__int128)(int64_t)a * (unsigned __int128)b) >> 64);
    case IR_div: return (uint64_t)((int64_t)a / (int64_t)b);
    case IR_divu: return a / b;
    case IR_rem: return (uint64_t)((int64_t)a % (int64_t)b);
    case IR_remu: return a % b;
    case IR_and: return a & b;
    case IR_or: return a | b;
    case IR_xor: return a ^ b;
    case IR_andc: return a & ~b;
    case IR_orc: return a | ~b;
    case IR_eqv: return ~(a ^ b);
    case IR_not: return ~a;
    case IR_shl: return a << (b & 63);
    case IR_shr: return a >> (b & 63);
    case IR_sar: return (uint64_t)((int64_t)a >> (b & 63));
    case IR_rotl: return (b & 63) ? (a << (b & 63)) | (a >> (64 - (b & 63))) : a;
    case IR_rotr: return (b & 63) ? (a >> (b & 63)) | (a << (64 - (b & 63))) : a;
    case IR_ext8s: return (uint64_t)(int64_t)(int8_t)a;
    case IR_ext8u: return (uint8_t)a;
    case IR_ext16s: return (uint64_t)(int64_t)(int16_t)a;
    case IR_ext16u: return (uint16_t)a;
    case IR_ext32s: return (uint64_t)(int64_t)(int32_t)a;
    case IR_ext32u: return (uint32_t)a;
    case IR_clz: return a ? (uint64_t)__builtin_clzll(a) : 64;
    case IR_ctz: return a ? (uint64_t)__builtin_ctzll(a) : 64;
    case IR_ctpop: return (uint64_t)__builtin_popcountll(a);
    case IR_bswap64: return __builtin_bswap64(a);
    default: ir_fatal("ir_fold on an op that does not fold");
    }
}

void ir_verify(const IRContext *s)
{
    /* per label: 1 set, 2 branched to, 3 both */
    uint8_t seen[IR_MAX_LABELS];
    if (s->nb_labels > IR_MAX_LABELS)
        ir_fatal("too many labels");
    memset(seen, 0, s->nb_labels);
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        if (op->opc >= IR_NB_OPS)
            ir_fatal("bad opcode");
        unsigned nt = op->nout + op->nin;
        for (unsigned k = 0; k < nt; k++) {
            if (op->args[k] >= s->nb_temps)
                ir_fatal("temp out of range");
            if (k < op->nout && s->temps[op->args[k]].kind != IR_TEMP_GLOBAL &&
                s->temps[op->args[k]].kind != IR_TEMP_TB)
                ir_fatal("output is not a writable temp");
        }
        if (op->opc == IR_set_label) {
            if (op->args[0] >= s->nb_labels || (seen[op->args[0]] & 1))
                ir_fatal("label set twice or out of range");
            seen[op->args[0]] |= 1;
        }
        uint64_t lab = op->opc == IR_br ? op->args[0] : op->opc == IR_brcond ? op->args[3] : UINT64_MAX;
        if (lab != UINT64_MAX) {
            if (lab >= s->nb_labels)
                ir_fatal("branch to a label that is never set");
            seen[lab] |= 2;
        }
    }
    for (uint32_t l = 0; l < s->nb_labels; l++)
        if (seen[l] == 2)
            ir_fatal("branch to a label that is never set");
}

static void dump_temp(const IRContext *s, FILE *f, IRTemp t)
{
    const IRTempInfo *ti = &s->temps[t];
    switch (ti->kind) {
    case IR_TEMP_ENV: fputs("env", f); break;
    case IR_TEMP_GLOBAL: fputs(ti->name ? ti->name : "g?", f); break;
    case IR_TEMP_CONST: fprintf(f, "$0x%" PRIx64, ti->val); break;
    default: fprintf(f, "t%u", t); break;
    }
}

void ir_dump(const IRContext *s, FILE *f)
{
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        if (op->opc == IR_insn_start) {
            fprintf(f, " ---- %016" PRIx64 "\n", op->args[0]);
            continue;
        }
        if (op->opc == IR_set_label) {
            fprintf(f, " L%" PRIu64 ":\n", op->args[0]);
            continue;
        }
        fprintf(f, " %-10s ", op->opc == IR_call ? ((const IRHelper *)(uintptr_t)op->args[op->nout + op->nin])->name
                                                  : ir_op_defs[op->opc].name);
        unsigned nt = op->nout + op->nin, k;
        for (k = 0; k < nt; k++) {
            if (k)
                fputc(',', f);
            dump_temp(s, f, (IRTemp)op->args[k]);
        }
        for (unsigned c = 0; c < op->nconst && op->opc != IR_call; c++, k++) {
            fputc(k ? ',' : ' ', f);
            if ((op->opc == IR_setcond || op->opc == IR_movcond || op->opc == IR_brcond) && c == 0)
                fputs(ir_cond_name((IRCond)op->args[k]), f);
            else if (op->opc == IR_br || (op->opc == IR_brcond && c == 1))
                fprintf(f, "L%" PRIu64, op->args[k]);
            else
                fprintf(f, "0x%" PRIx64, op->args[k]);
        }
        fputc('\n', f);
    }
}
