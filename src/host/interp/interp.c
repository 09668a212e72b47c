/*
 * The IR interpreter: compilation of an IR list into IriInsns, and the
 * dispatch loop that runs them.
 *
 * Every operand is a byte offset from env, so one TB's code serves every
 * vCPU thread. A constant second operand becomes the op's immediate (the
 * "_i" form of each binary op); any other constant operand is first
 * materialized into a scratch slot by a movi at the point of use. Helper
 * calls take a second slot holding the argument offsets. Guest memory is
 * guest_base + address after a range check; a fault inside the range is a
 * host SIGSEGV that the signal layer turns into a guest one, using the pc
 * that insn_start stored.
 */
#include "host/interp/interp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Set once by iri_init() before the first compilation, read-only after. */
static IRIConfig iri_cfg;

void iri_init(const IRIConfig *cfg) { iri_cfg = *cfg; }

typedef struct IriInsn {
    uint16_t opc;      /* IR opcode * 2 + (1 if the second input is imm) */
    uint8_t cond;      /* IRCond or IRMemOp */
    uint8_t nargs;     /* call: number of arguments */
    uint32_t d, a, b;  /* env offsets of output and inputs */
    uint64_t imm;      /* immediate, branch target index, helper, pc, ... */
} IriInsn;

struct IriCode {
    uint32_t n;
    IriInsn insn[];
};

enum { IRI_MOVI = IR_NB_OPS * 2 };   /* d = imm */

typedef struct IriBuild {
    const IRContext *s;
    IriInsn *out;
    uint32_t n, cap;
    uint32_t *label_at;   /* label -> insn index */
    uint32_t next_scratch;
} IriBuild;

static IriInsn *iri_push(IriBuild *b)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        b->out = xrealloc(b->out, b->cap * sizeof(IriInsn));
    }
    IriInsn *i = &b->out[b->n++];
    memset(i, 0, sizeof(*i));
    return i;
}

static uint32_t temp_off(const IRContext *s, IRTemp t)
{
    const IRTempInfo *ti = &s->temps[t];
    if (ti->kind == IR_TEMP_GLOBAL)
        return ti->env_off;
    if (ti->kind == IR_TEMP_ENV)
        return iri_cfg.env_self_off;
    return s->layout.scratch_off + t * 8;
}

/* Offset of a temp, materializing a constant into a fresh scratch slot.
 * Constant temps have their own slot numbers already, so their slot is free. */
static uint32_t operand(IriBuild *b, IRTemp t)
{
    const IRContext *s = b->s;
    if (s->temps[t].kind == IR_TEMP_CONST) {
        IriInsn *m = iri_push(b);
        m->opc = IRI_MOVI;
        m->d = temp_off(s, t);
        m->imm = s->temps[t].val;
    }
    return temp_off(s, t);
}

IriCode *iri_compile(const IRContext *s)
{
    IriBuild b = { .s = s };
    b.label_at = calloc(s->nb_labels ? s->nb_labels : 1, sizeof(uint32_t));
    uint32_t *fixups = calloc(s->nb_ops ? s->nb_ops : 1, sizeof(uint32_t));
    uint32_t nfix = 0;
    if (!b.label_at || !fixups)
        abort();

    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        const uint64_t *a = op->args;
        switch (op->opc) {
        case IR_set_label:
            b.label_at[a[0]] = b.n;
            break;
        case IR_br: {
            IriInsn *x = iri_push(&b);
            x->opc = IR_br * 2;
            x->imm = a[0];
            fixups[nfix++] = b.n - 1;
            break;
        }
        case IR_brcond: {
            uint32_t oa = operand(&b, (IRTemp)a[0]);
            bool bi = ir_is_const(s, (IRTemp)a[1]);
            uint32_t ob = bi ? 0 : operand(&b, (IRTemp)a[1]);
            IriInsn *x = iri_push(&b);
            x->opc = IR_brcond * 2 + bi;
            x->a = oa;
            x->b = ob;
            x->cond = (uint8_t)a[2];
            /* target index goes in d (fixed up), the immediate operand in imm */
            x->d = (uint32_t)a[3];
            x->imm = bi ? s->temps[a[1]].val : 0;
            fixups[nfix++] = b.n - 1;
            break;
        }
        case IR_call: {
            const IRHelper *h = (const IRHelper *)(uintptr_t)a[op->nout + op->nin];
            uint32_t args[IR_MAX_CALL_ARGS] = { 0 };
            for (unsigned k = 0; k < op->nin; k++)
                args[k] = operand(&b, (IRTemp)a[op->nout + k]);
            IriInsn *x = iri_push(&b);
            x->opc = IR_call * 2;
            x->nargs = h->nargs;
            x->d = op->nout ? temp_off(s, (IRTemp)a[0]) : UINT32_MAX;
            x->imm = (uint64_t)(uintptr_t)h->fn;
            IriInsn *ext = iri_push(&b);
            memcpy(ext, args, sizeof(args));
            break;
        }
        case IR_insn_start: case IR_goto_tb: case IR_exit_tb: case IR_mb: {
            IriInsn *x = iri_push(&b);
            x->opc = op->opc * 2;
            x->imm = a[0];
            break;
        }
        case IR_lookup_and_goto_ptr: {
            IriInsn *x = iri_push(&b);
            x->opc = IR_exit_tb * 2;
            x->imm = iri_cfg.exit_plain;
            break;
        }
        case IR_ld_env: {
            IriInsn *x = iri_push(&b);
            x->opc = IR_ld_env * 2;
            x->d = temp_off(s, (IRTemp)a[0]);
            x->a = (uint32_t)a[1];
            x->cond = (uint8_t)a[2];
            break;
        }
        case IR_st_env: {
            uint32_t ov = operand(&b, (IRTemp)a[0]);
            IriInsn *x = iri_push(&b);
            x->opc = IR_st_env * 2;
            x->a = ov;
            x->b = (uint32_t)a[1];
            x->cond = (uint8_t)a[2];
            break;
        }
        case IR_ld_host: {
            uint32_t oa = operand(&b, (IRTemp)a[1]);
            IriInsn *x = iri_push(&b);
            x->opc = IR_ld_host * 2;
            x->d = temp_off(s, (IRTemp)a[0]);
            x->a = oa;
            x->imm = a[2];
            break;
        }
        case IR_st_host: {
            uint32_t ov = operand(&b, (IRTemp)a[0]);
            uint32_t oa = operand(&b, (IRTemp)a[1]);
            IriInsn *x = iri_push(&b);
            x->opc = IR_st_host * 2;
            x->a = ov;
            x->b = oa;
            x->imm = a[2];
            break;
        }
        case IR_add_host: {
            uint32_t oa = operand(&b, (IRTemp)a[0]);
            IriInsn *x = iri_push(&b);
            x->opc = IR_add_host * 2;
            x->a = oa;
            x->b = (uint32_t)a[2];     /* the addend, 32 bits (ops.def) */
            x->imm = a[1];
            break;
        }
        default: {
            /* Generic: outputs, up to four inputs, optional const (cond/memop). */
            uint32_t in[4] = { 0 };
            bool bi = false;
            for (unsigned k = 0; k < op->nin; k++) {
                IRTemp t = (IRTemp)a[op->nout + k];
                if (k == 1 && op->nin == 2 && ir_is_const(s, t) && op->opc != IR_qemu_st)
                    bi = true;
                else
                    in[k] = operand(&b, t);
            }
            IriInsn *x = iri_push(&b);
            x->opc = op->opc * 2 + bi;
            x->d = op->nout ? temp_off(s, (IRTemp)a[0]) : 0;
            x->a = in[0];
            x->b = in[1];
            if (bi)
                x->imm = s->temps[a[op->nout + 1]].val;
            if (op->nconst)
                x->cond = (uint8_t)a[op->nout + op->nin];
            if (op->opc == IR_qemu_ld || op->opc == IR_qemu_st)
                x->imm = a[op->nout + op->nin];   /* the whole IRMemOp, mmu index included */
            if (op->nin == 4) {
                /* movcond: v1, v2 offsets travel in imm */
                x->imm = (uint64_t)in[2] | ((uint64_t)in[3] << 32);
            }
            break;
        }
        }
    }
    for (uint32_t f = 0; f < nfix; f++) {
        IriInsn *x = &b.out[fixups[f]];
        if (x->opc == IR_br * 2)
            x->imm = b.label_at[x->imm];
        else
            x->d = b.label_at[x->d];
    }
    free(fixups);
    free(b.label_at);

    IriCode *c = malloc(sizeof(IriCode) + b.n * sizeof(IriInsn));
    if (!c)
        abort();
    c->n = b.n;
    memcpy(c->insn, b.out, b.n * sizeof(IriInsn));
    free(b.out);
    return c;
}

void iri_free(IriCode *code) { free(code); }

/* The persistent code cache's form: the instruction array with each
 * helper's address as an offset into peek's image. Host addresses of any
 * other kind (plugins' ld_host/st_host bases) make a block unexportable. */
size_t iri_export(const IriCode *c, void *out, size_t cap)
{
    size_t need = sizeof(uint32_t) * 2 + c->n * sizeof(IriInsn);
    for (uint32_t i = 0; i < c->n; i++) {
        const IriInsn *x = &c->insn[i];
        if (x->opc == IR_ld_host * 2 || x->opc == IR_st_host * 2 || x->opc == IR_add_host * 2)
            return 0;
        if (x->opc == IR_call * 2) {
            if (x->imm < iri_cfg.image_lo || x->imm >= iri_cfg.image_hi)
                return 0;
            i++;    /* its arguments */
        }
    }
    if (need > cap)
        return need;
    uint32_t hdr[2] = { c->n, 0 };
    memcpy(out, hdr, sizeof(hdr));
    IriInsn *o = (IriInsn *)((char *)out + sizeof(hdr));
    memcpy(o, c->insn, c->n * sizeof(IriInsn));
    for (uint32_t i = 0; i < c->n; i++)
        if (o[i].opc == IR_call * 2)
            o[i++].imm -= iri_cfg.image_lo;
    return need;
}

/* Every offset stays inside env and every jump inside the block: a damaged
 * blob is refused, not run. */
static bool iri_sane(const IriInsn *insn, uint32_t n)
{
    const uint32_t lim = iri_cfg.env_size - 8;
    for (uint32_t i = 0; i < n; i++) {
        const IriInsn *x = &insn[i];
        unsigned op = x->opc >> 1;
        if (x->opc > IRI_MOVI || x->a > lim || x->b > lim)
            return false;
        if (x->opc == IRI_MOVI)
            op = IR_mov;
        switch (op) {
        case IR_br:
            if (x->imm >= n)
                return false;
            break;
        case IR_brcond:
            if (x->d >= n)
                return false;
            break;
        case IR_call: {
            if (i + 1 >= n || x->nargs > IR_MAX_CALL_ARGS || (x->d != UINT32_MAX && x->d > lim))
                return false;
            uint32_t args[IR_MAX_CALL_ARGS];
            memcpy(args, &insn[++i], sizeof(args));
            for (unsigned k = 0; k < IR_MAX_CALL_ARGS; k++)
                if (args[k] > lim)
                    return false;
            break;
        }
        case IR_movcond:
            if ((uint32_t)x->imm > lim || (uint32_t)(x->imm >> 32) > lim || x->d > lim)
                return false;
            break;
        case IR_ld_host: case IR_st_host: case IR_add_host:
            return false;
        default:
            if (x->d > lim)
                return false;
        }
    }
    return n > 0;
}

IriCode *iri_import(const void *blob, size_t len)
{
    uint32_t hdr[2];
    if (len < sizeof(hdr))
        return NULL;
    memcpy(hdr, blob, sizeof(hdr));
    if (hdr[0] > (1u << 24) || len != sizeof(hdr) + (size_t)hdr[0] * sizeof(IriInsn))
        return NULL;
    IriCode *c = xmalloc(sizeof(IriCode) + hdr[0] * sizeof(IriInsn));
    c->n = hdr[0];
    memcpy(c->insn, (const char *)blob + sizeof(hdr), hdr[0] * sizeof(IriInsn));
    if (!iri_sane(c->insn, c->n)) {
        free(c);
        return NULL;
    }
    for (uint32_t i = 0; i < c->n; i++)
        if (c->insn[i].opc == IR_call * 2)
            c->insn[i++].imm += iri_cfg.image_lo;
    return c;
}

typedef uint64_t (*HelperFn0)(void);
typedef uint64_t (*HelperFn1)(uint64_t);
typedef uint64_t (*HelperFn2)(uint64_t, uint64_t);
typedef uint64_t (*HelperFn3)(uint64_t, uint64_t, uint64_t);
typedef uint64_t (*HelperFn4)(uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*HelperFn5)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef uint64_t (*HelperFn6)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

static inline void *iri_guest_addr(void *env, uint64_t addr, unsigned mo)
{
    unsigned size = ir_memop_size(mo);
    /* alignment before range, as the JIT reports them */
    if ((mo & IR_MO_ALIGN) && (addr & (size - 1)))
        iri_cfg.mem_fault(env, addr, true);
    if (__builtin_expect(addr >= iri_cfg.guest_space_size || size > iri_cfg.guest_space_size - addr, 0))
        iri_cfg.mem_fault(env, addr, false);
    return (void *)(iri_cfg.guest_base + addr);
}

/* Softmmu: the host address of a TLB hit, or NULL. */
static inline void *iri_tlb_hit(void *env, uint64_t addr, unsigned mo, bool store)
{
    const SoftmmuConfig *sm = iri_cfg.softmmu;
    unsigned size = ir_memop_size(mo);
    const TLBEntry *e = &((const CPUTLB *)((char *)env + sm->tlb_off))
                             ->e[ir_memop_mmu(mo)][(addr >> TLB_PAGE_BITS) & (TLB_SIZE - 1)];
    uint64_t align = (mo & IR_MO_ALIGN) ? size - 1 : 0;
    uint64_t cmp = store ? e->addr_write : e->addr_read;
    if (((addr + size - 1 - align) & (TLB_PAGE_MASK | align)) != cmp)
        return NULL;
    return (void *)(uintptr_t)(addr + e->addend);
}

static uint64_t iri_load(void *env, uint64_t addr, unsigned mo)
{
    void *p;
    if (iri_cfg.softmmu) {
        p = iri_tlb_hit(env, addr, mo, false);
        if (!p)
            return iri_cfg.softmmu->load(env, addr, mo, *(uint64_t *)((char *)env + iri_cfg.insn_pc_off));
    } else {
        p = iri_guest_addr(env, addr, mo);
    }
    uint64_t v;
    switch (mo & (IR_MO_SIZE | IR_MO_SIGN)) {
    case IR_MO_UB: v = *(volatile uint8_t *)p; break;
    case IR_MO_SB: v = (uint64_t)(int64_t)*(volatile int8_t *)p; break;
    case IR_MO_UW: { uint16_t t; memcpy(&t, p, 2); v = t; break; }
    case IR_MO_SW: { int16_t t; memcpy(&t, p, 2); v = (uint64_t)(int64_t)t; break; }
    case IR_MO_UL: { uint32_t t; memcpy(&t, p, 4); v = t; break; }
    case IR_MO_SL: { int32_t t; memcpy(&t, p, 4); v = (uint64_t)(int64_t)t; break; }
    default: memcpy(&v, p, 8); break;
    }
    if (mo & IR_MO_BE) {
        unsigned sz = ir_memop_size(mo);
        v = __builtin_bswap64(v) >> (64 - 8 * sz);
        if ((mo & IR_MO_SIGN) && sz < 8)
            v = (uint64_t)((int64_t)(v << (64 - 8 * sz)) >> (64 - 8 * sz));
    }
    return v;
}

static void iri_store(void *env, uint64_t addr, uint64_t v, unsigned mo)
{
    void *p;
    if (iri_cfg.softmmu) {
        p = iri_tlb_hit(env, addr, mo, true);
        if (!p) {
            iri_cfg.softmmu->store(env, addr, v, mo, *(uint64_t *)((char *)env + iri_cfg.insn_pc_off));
            return;
        }
    } else {
        p = iri_guest_addr(env, addr, mo);
    }
    unsigned sz = ir_memop_size(mo);
    if (mo & IR_MO_BE)
        v = __builtin_bswap64(v) >> (64 - 8 * sz);
    memcpy(p, &v, sz);
}

static uint64_t iri_ld_env(void *env, uint32_t off, unsigned mo)
{
    char *p = (char *)env + off;
    switch (mo & (IR_MO_SIZE | IR_MO_SIGN)) {
    case IR_MO_UB: return *(uint8_t *)p;
    case IR_MO_SB: return (uint64_t)(int64_t)*(int8_t *)p;
    case IR_MO_UW: return *(uint16_t *)p;
    case IR_MO_SW: return (uint64_t)(int64_t)*(int16_t *)p;
    case IR_MO_UL: return *(uint32_t *)p;
    case IR_MO_SL: return (uint64_t)(int64_t)*(int32_t *)p;
    default: return *(uint64_t *)p;
    }
}

static void iri_st_env(void *env, uint32_t off, uint64_t v, unsigned mo)
{
    memcpy((char *)env + off, &v, ir_memop_size(mo));
}

static uint64_t iri_call(const IriInsn *x, char *env)
{
    const uint32_t *ao = (const uint32_t *)(x + 1);
    uint64_t v[IR_MAX_CALL_ARGS];
    for (unsigned k = 0; k < x->nargs; k++)
        v[k] = *(uint64_t *)(env + ao[k]);
    void *fn = (void *)(uintptr_t)x->imm;
    switch (x->nargs) {
    case 0: return ((HelperFn0)fn)();
    case 1: return ((HelperFn1)fn)(v[0]);
    case 2: return ((HelperFn2)fn)(v[0], v[1]);
    case 3: return ((HelperFn3)fn)(v[0], v[1], v[2]);
    case 4: return ((HelperFn4)fn)(v[0], v[1], v[2], v[3]);
    case 5: return ((HelperFn5)fn)(v[0], v[1], v[2], v[3], v[4]);
    default: return ((HelperFn6)fn)(v[0], v[1], v[2], v[3], v[4], v[5]);
    }
}

/* The float ops, in C: x86-64 does float and double arithmetic with SSE,
 * in MXCSR's rounding mode and raising its flags, as the IR asks. One
 * function per width: T the C type, U its bits, W the ops' suffix. */
#define IRI_FLOAT(name, T, U, W, sqrt_fn, default_nan)                   \
    static uint64_t name(unsigned opc, uint64_t a, uint64_t b)          \
    {                                                                    \
        U ua = (U)a, ub = (U)b, ur;                                      \
        T x, y, r;                                                       \
        memcpy(&x, &ua, sizeof(x));                                      \
        memcpy(&y, &ub, sizeof(y));                                      \
        switch (opc) {                                                   \
        case IR_fadd##W: r = x + y; break;                               \
        case IR_fsub##W: r = x - y; break;                               \
        case IR_fmul##W: r = x * y; break;                               \
        case IR_fdiv##W: r = x / y; break;                               \
        default: r = sqrt_fn(x); break;                                  \
        }                                                                \
        if (r != r)                                                      \
            return default_nan;                                          \
        memcpy(&ur, &r, sizeof(ur));                                     \
        return ur;                                                       \
    }
IRI_FLOAT(iri_float, double, uint64_t, 64, __builtin_sqrt, 0x7ff8000000000000ull)
IRI_FLOAT(iri_float32, float, uint32_t, 32, __builtin_sqrtf, 0x7fc00000u)

uintptr_t iri_exec(void *envp, const IriCode *code)
{
    char *env = envp;
    const IriInsn *x = code->insn;
#define R(off) (*(uint64_t *)(env + (off)))
#define A R(x->a)
#define B R(x->b)
#define BI x->imm
    for (;; x++) {
        switch (x->opc) {
#define BIN(name, expr_b, expr_i) \
        case IR_##name * 2: { uint64_t a = A, b = B; (void)a; (void)b; R(x->d) = (expr_b); break; } \
        case IR_##name * 2 + 1: { uint64_t a = A, b = BI; (void)a; (void)b; R(x->d) = (expr_i); break; }
#define UN(name, expr) case IR_##name * 2: { uint64_t a = A; R(x->d) = (expr); break; }
        case IRI_MOVI: R(x->d) = x->imm; break;
        UN(mov, a)
        BIN(add, a + b, a + b)
        BIN(sub, a - b, a - b)
        UN(neg, -a)
        BIN(mul, a * b, a * b)
        BIN(mulsh, ir_fold(IR_mulsh, a, b), ir_fold(IR_mulsh, a, b))
        BIN(muluh, ir_fold(IR_muluh, a, b), ir_fold(IR_muluh, a, b))
        BIN(mulsuh, ir_fold(IR_mulsuh, a, b), ir_fold(IR_mulsuh, a, b))
        BIN(div, (uint64_t)((int64_t)a / (int64_t)b), (uint64_t)((int64_t)a / (int64_t)b))
        BIN(divu, a / b, a / b)
        BIN(rem, (uint64_t)((int64_t)a % (int64_t)b), (uint64_t)((int64_t)a % (int64_t)b))
        BIN(remu, a % b, a % b)
        BIN(and, a & b, a & b)
        BIN(or, a | b, a | b)
        BIN(xor, a ^ b, a ^ b)
        BIN(andc, a & ~b, a & ~b)
        BIN(orc, a | ~b, a | ~b)
        BIN(eqv, ~(a ^ b), ~(a ^ b))
        UN(not, ~a)
        BIN(shl, a << (b & 63), a << (b & 63))
        BIN(shr, a >> (b & 63), a >> (b & 63))
        BIN(sar, (uint64_t)((int64_t)a >> (b & 63)), (uint64_t)((int64_t)a >> (b & 63)))
        BIN(rotl, ir_fold(IR_rotl, a, b), ir_fold(IR_rotl, a, b))
        BIN(rotr, ir_fold(IR_rotr, a, b), ir_fold(IR_rotr, a, b))
        UN(ext8s, (uint64_t)(int64_t)(int8_t)a)
        UN(ext8u, (uint8_t)a)
        UN(ext16s, (uint64_t)(int64_t)(int16_t)a)
        UN(ext16u, (uint16_t)a)
        UN(ext32s, (uint64_t)(int64_t)(int32_t)a)
        UN(ext32u, (uint32_t)a)
        UN(clz, a ? (uint64_t)__builtin_clzll(a) : 64)
        UN(ctz, a ? (uint64_t)__builtin_ctzll(a) : 64)
        UN(ctpop, (uint64_t)__builtin_popcountll(a))
        UN(bswap64, __builtin_bswap64(a))
        BIN(fadd64, iri_float(IR_fadd64, a, b), iri_float(IR_fadd64, a, b))
        BIN(fsub64, iri_float(IR_fsub64, a, b), iri_float(IR_fsub64, a, b))
        BIN(fmul64, iri_float(IR_fmul64, a, b), iri_float(IR_fmul64, a, b))
        BIN(fdiv64, iri_float(IR_fdiv64, a, b), iri_float(IR_fdiv64, a, b))
        UN(fsqrt64, iri_float(IR_fsqrt64, a, 0))
        BIN(fadd32, iri_float32(IR_fadd32, a, b), iri_float32(IR_fadd32, a, b))
        BIN(fsub32, iri_float32(IR_fsub32, a, b), iri_float32(IR_fsub32, a, b))
        BIN(fmul32, iri_float32(IR_fmul32, a, b), iri_float32(IR_fmul32, a, b))
        BIN(fdiv32, iri_float32(IR_fdiv32, a, b), iri_float32(IR_fdiv32, a, b))
        UN(fsqrt32, iri_float32(IR_fsqrt32, a, 0))
        BIN(setcond, ir_cond_eval((IRCond)x->cond, a, b), ir_cond_eval((IRCond)x->cond, a, b))
        case IR_movcond * 2:
            R(x->d) = ir_cond_eval((IRCond)x->cond, A, B) ? R((uint32_t)x->imm) : R((uint32_t)(x->imm >> 32));
            break;
        case IR_br * 2:
            x = &code->insn[x->imm] - 1;
            break;
        case IR_brcond * 2:
            if (ir_cond_eval((IRCond)x->cond, A, B))
                x = &code->insn[x->d] - 1;
            break;
        case IR_brcond * 2 + 1:
            if (ir_cond_eval((IRCond)x->cond, A, BI))
                x = &code->insn[x->d] - 1;
            break;
        case IR_ld_env * 2:
            R(x->d) = iri_ld_env(env, x->a, x->cond);
            break;
        case IR_st_env * 2:
            iri_st_env(env, x->b, A, x->cond);
            break;
        case IR_ld_host * 2:
            memcpy(&R(x->d), (char *)(uintptr_t)A + x->imm, 8);
            break;
        case IR_st_host * 2:
            memcpy((char *)(uintptr_t)B + x->imm, &R(x->a), 8);
            break;
        case IR_add_host * 2: {
            uint64_t v;
            memcpy(&v, (char *)(uintptr_t)A + x->imm, 8);
            v += (uint64_t)(int64_t)(int32_t)x->b;
            memcpy((char *)(uintptr_t)A + x->imm, &v, 8);
            break;
        }
        case IR_qemu_ld * 2:
            if (x->imm & IR_MO_RETRY) {
                bool *in_retry = (bool *)((char *)env + iri_cfg.in_retry_off);
                *in_retry = true;
                R(x->d) = iri_load(env, A, (unsigned)x->imm);
                *in_retry = false;
            } else {
                R(x->d) = iri_load(env, A, (unsigned)x->imm);
            }
            break;
        case IR_qemu_st * 2:
            iri_store(env, B, A, (unsigned)x->imm);
            break;
        case IR_mb * 2:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        case IR_call * 2: {
            uint64_t r = iri_call(x, env);
            if (x->d != UINT32_MAX)
                R(x->d) = r;
            x++;
            break;
        }
        case IR_insn_start * 2:
            R(iri_cfg.insn_pc_off) = x->imm;
            break;
        case IR_goto_tb * 2:
            return (uintptr_t)(iri_cfg.exit_slot0 + x->imm);
        case IR_exit_tb * 2:
            return (uintptr_t)x->imm;
        default:
            fprintf(stderr, "peek: internal error: interpreter: bad op %u\n", x->opc);
            abort();
        }
    }
#undef R
#undef A
#undef B
#undef BI
#undef BIN
#undef UN
}
