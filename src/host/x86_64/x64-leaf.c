/*
 * Copying small leaf functions into generated code (x64-leaf.h). A plugin
 * callback such as "count one more" is a handful of instructions, and its
 * call and return cost more than the instructions; the code generator asks
 * x64_leaf_of() whether a callback can instead be copied into the block.
 *
 * The decoder knows only what such functions are made of: moves,
 * extensions, lea, the ALU group, shifts, multiplication by imul, cmov,
 * setcc, xadd/cmpxchg (lock prefix allowed on a memory destination), nops
 * and endbr64, SSE2 moves and integer vector arithmetic (which compilers
 * make of two adjacent counters), forward jcc/jmp and ret, and a frame:
 * callee-saved registers pushed and popped, rsp lowered and raised by a
 * constant, in the same order on every path and undone before each ret
 * (the copy runs on the block's stack, which the JIT keeps nothing below;
 * rsp moves before anything is stored there, so a signal cannot clobber
 * it). Any other byte, a segment or address-size prefix, any other
 * reference to rsp (the red zone, locals), rbp or a write to a
 * callee-saved register outside the frame's save of it, floating
 * point (MXCSR holds the guest's flags), AVX and loops mean "not a leaf we
 * copy", and the block calls the function as before, unless they lie on
 * a path that a conditional jump leads to after the last ret: what
 * follows is then not copied, and the jumps there (or out of the
 * function) become bail-outs, which call the function from its start. That
 * is the same call as long as no path to a bail-out writes memory or the
 * registers of the arguments: the rare path of a counter that finds its
 * record, say. The bail-outs go to code that takes the frame down first
 * (x64_leaf_emit_undo), so every one must have the same. The copy executes exactly
 * the instructions the function would, with the same memory operands
 * (RIP-relative ones re-aimed at what they addressed), so what it does to
 * memory, and to other threads, is what the call did.
 */
#include "host/x86_64/x64-leaf.h"

#include <string.h>

#include "util/util.h"

#define R(r) (1u << (r))
/* Callee-saved registers, which the copy may change only while their
 * value is saved in its frame (the JIT keeps env, the guest base and
 * values there); rbp is read only then too, as it may be a frame pointer. */
#define CALLEE_SAVED (R(X64_RBX) | R(X64_RBP) | R(X64_R12) | R(X64_R13) | R(X64_R14) | R(X64_R15))

/* What an instruction does to the frame: push or pop a register, lower
 * or raise rsp by a number of bytes. Any other use of rsp is refused. */
enum { FR_NONE, FR_PUSH, FR_POP, FR_SUB, FR_ADD };

/* One instruction being decoded. */
typedef struct Dec {
    const uint8_t *p;       /* its first byte */
    unsigned i, limit;      /* next byte; bytes it may take */
    bool osize, rep, lock, cs;
    bool rep_ok, lock_ok;   /* the instruction allows the prefix */
    uint8_t rex;
    uint16_t reads, writes;
    bool store;             /* writes memory */
    int disp_at;            /* a RIP-relative disp32, or -1 */
    bool mem;               /* ModRM: the r/m operand is memory */
    uint8_t reg, rm;        /* ModRM fields with their REX bits */
    int32_t rel;            /* jumps: the displacement */
    uint8_t frame_op;       /* FR_* */
    bool no_access;         /* lea: a ModRM memory operand that is not accessed */
    uint32_t frame_arg;     /* its register or byte count */
} Dec;

static bool take(Dec *d, uint8_t *b)
{
    if (d->i >= d->limit)
        return false;
    *b = d->p[d->i++];
    return true;
}

static bool skip(Dec *d, unsigned n)
{
    if (d->i + n > d->limit)
        return false;
    d->i += n;
    return true;
}

static bool take_rel(Dec *d, unsigned n)
{
    if (d->i + n > d->limit)
        return false;
    if (n == 1) {
        d->rel = (int8_t)d->p[d->i];
    } else {
        int32_t v;
        memcpy(&v, d->p + d->i, 4);
        d->rel = v;
    }
    d->i += n;
    return true;
}

/* Operand size of a non-byte form, and of its full-size immediate. */
static unsigned osz(const Dec *d) { return (d->rex & 8) ? 8 : d->osize ? 2 : 4; }
static unsigned imm_z(const Dec *d) { return d->osize ? 2 : 4; }

/* Byte register n: without REX, 4-7 are ah, ch, dh, bh. */
static unsigned breg(const Dec *d, unsigned n) { return !d->rex && n >= 4 && n < 8 ? n - 4 : n; }

static void use(Dec *d, unsigned r) { d->reads |= (uint16_t)R(r); }
/* A write of size bytes: below 4 the rest of the register stays, which
 * makes it a read as well. */
static void def(Dec *d, unsigned r, unsigned size)
{
    d->writes |= (uint16_t)R(r);
    if (size < 4)
        use(d, r);
}
static void use_reg(Dec *d, unsigned size) { use(d, size == 1 ? breg(d, d->reg) : d->reg); }
static void def_reg(Dec *d, unsigned size) { def(d, size == 1 ? breg(d, d->reg) : d->reg, size); }
static void use_rm(Dec *d, unsigned size)
{
    if (!d->mem)
        use(d, size == 1 ? breg(d, d->rm) : d->rm);
}
static void def_rm(Dec *d, unsigned size)
{
    if (d->mem)
        d->store = true;
    else
        def(d, size == 1 ? breg(d, d->rm) : d->rm, size);
}

/* ModRM, SIB and displacement. A nop's address is never formed, so its
 * registers do not count. */
static bool modrm(Dec *d, bool nop)
{
    uint8_t m;
    if (!take(d, &m))
        return false;
    unsigned mod = m >> 6, rm = m & 7;
    d->reg = (uint8_t)((m >> 3 & 7) | ((d->rex & 4) << 1));
    d->mem = mod != 3;
    if (!d->mem) {
        d->rm = (uint8_t)(rm | ((d->rex & 1) << 3));
        return true;
    }
    uint16_t addr = 0;
    if (rm == 4) {
        uint8_t sib;
        if (!take(d, &sib))
            return false;
        unsigned index = (sib >> 3 & 7) | ((d->rex & 2) << 2);
        if (index != X64_RSP)
            addr |= (uint16_t)R(index);
        if ((sib & 7) == 5 && mod == 0) {
            if (!skip(d, 4))        /* no base: disp32 */
                return false;
        } else {
            addr |= (uint16_t)R((sib & 7) | ((d->rex & 1) << 3));
        }
    } else if (rm == 5 && mod == 0) {
        d->disp_at = (int)d->i;
        return skip(d, 4);
    } else {
        addr |= (uint16_t)R(rm | ((d->rex & 1) << 3));
    }
    if (!skip(d, mod == 1 ? 1 : mod == 2 ? 4 : 0))
        return false;
    if (nop)
        return true;
    if (addr & R(X64_RSP))
        return false;               /* the red zone, a local: not copied */
    d->reads |= addr;
    return true;
}

/* The ALU group's op field: 7 is cmp, which writes nothing. */
enum { ALU_CMP = 7 };

/* SSE2 moves and integer arithmetic (0f b, ModRM decoded), which leave
 * MXCSR alone (the guest's accrued FP flags live there); what a vector
 * register held is dead at a call, but for xmm15, the counter lanes
 * (x64-internal.h), which the copy must not touch. */
static bool decode_sse(Dec *d, uint8_t b)
{
    static const uint8_t with_66[] = { 0x62, 0x6a, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x7e, 0x7f,
                                       0xd4, 0xd6, 0xdb, 0xeb, 0xef, 0xfa, 0xfb, 0xfe };
    bool ok;
    if (b == 0x10 || b == 0x11 || b == 0x28 || b == 0x29) {    /* movups, movaps (pd with 66) */
        ok = !d->rep;
    } else if (d->rep) {                /* movdqu; movq xmm, xmm/m64 */
        ok = !d->osize && (b == 0x6f || b == 0x7f || b == 0x7e);
        d->rep_ok = true;
    } else {
        ok = d->osize && memchr(with_66, b, sizeof(with_66));
    }
    if (!ok || d->reg == 15)
        return false;
    if (b == 0x6e && !d->rep) {         /* movd/movq xmm, r/m */
        use_rm(d, 8);
    } else if (b == 0x7e && !d->rep) {  /* movd/movq r/m, xmm */
        def_rm(d, osz(d));
    } else if (!d->mem && d->rm == 15) {
        return false;
    }
    if (d->mem && (b == 0x11 || b == 0x29 || b == 0x7f || b == 0xd6))
        d->store = true;
    return b != 0x70 || skip(d, 1);     /* pshufd's imm8 */
}

static bool decode_0f(Dec *d, X64LeafInsn *ins)
{
    uint8_t b;
    if (!take(d, &b))
        return false;
    unsigned sz = osz(d);
    if (b == 0x1e) {                    /* f3 0f 1e fa: endbr64 */
        if (!take(d, &b) || b != 0xfa || !d->rep)
            return false;
        d->rep_ok = true;
        ins->kind = X64_LEAF_NOP;
        return true;
    }
    if (b == 0x1f) {                    /* nop r/m */
        ins->kind = X64_LEAF_NOP;
        return modrm(d, true) && (d->reg & 7) == 0;
    }
    if (b >= 0x80 && b <= 0x8f) {       /* jcc rel32 */
        ins->kind = X64_LEAF_JCC;
        ins->cc = b & 15;
        return take_rel(d, 4);
    }
    if (b >= 0xc8 && b <= 0xcf) {       /* bswap */
        unsigned r = (b & 7) | ((d->rex & 1) << 3);
        use(d, r);
        def(d, r, sz);
        return true;
    }
    if (!modrm(d, false))
        return false;
    if (b >= 0x40 && b <= 0x4f) {       /* cmovcc: the destination may stay */
        use_rm(d, sz);
        use_reg(d, sz);
        def_reg(d, sz);
    } else if (b >= 0x90 && b <= 0x9f) {    /* setcc r/m8 */
        def_rm(d, 1);
    } else if (b == 0xaf) {             /* imul r, r/m */
        use_rm(d, sz);
        use_reg(d, sz);
        def_reg(d, sz);
    } else if (b == 0xb6 || b == 0xbe || b == 0xb7 || b == 0xbf) {  /* movzx, movsx */
        use_rm(d, (b & 1) ? 2 : 1);
        def_reg(d, sz);
    } else if ((b >= 0x10 && b <= 0x11) || (b >= 0x28 && b <= 0x29) || (b >= 0x60 && b <= 0x7f) ||
               b >= 0xd0) {
        return decode_sse(d, b);
    } else if (b == 0xb0 || b == 0xb1 || b == 0xc0 || b == 0xc1) {  /* cmpxchg, xadd */
        unsigned s = (b & 1) ? sz : 1;
        use_reg(d, s);
        use_rm(d, s);
        def_rm(d, s);
        if (b < 0xc0) {
            use(d, X64_RAX);
            def(d, X64_RAX, s);
        } else {
            def_reg(d, s);
        }
        d->lock_ok = d->mem;
    } else {
        return false;
    }
    return true;
}

static bool decode_1(Dec *d, uint8_t b, X64LeafInsn *ins)
{
    /* In the pairs below the even opcode is the byte form. */
    unsigned sz = (b & 1) ? osz(d) : 1;
    if (b < 0x40 && (b & 7) < 6) {      /* add or adc sbb and sub xor cmp */
        unsigned op = b >> 3;
        if ((b & 7) >= 4) {             /* al/eax, imm */
            use(d, X64_RAX);
            if (op != ALU_CMP)
                def(d, X64_RAX, sz);
            return skip(d, (b & 1) ? imm_z(d) : 1);
        }
        if (!modrm(d, false))
            return false;
        use_reg(d, sz);
        use_rm(d, sz);
        if (op == ALU_CMP)
            return true;
        if ((b & 7) < 2) {
            def_rm(d, sz);
            d->lock_ok = d->mem;
        } else {
            def_reg(d, sz);
        }
        return true;
    }
    if (b >= 0x70 && b <= 0x7f) {       /* jcc rel8 */
        ins->kind = X64_LEAF_JCC;
        ins->cc = b & 15;
        return take_rel(d, 1);
    }
    if (b >= 0x50 && b <= 0x5f) {       /* push, pop */
        d->frame_op = b < 0x58 ? FR_PUSH : FR_POP;
        d->frame_arg = (b & 7) | ((d->rex & 1) << 3);
        return !d->osize;
    }
    if (b >= 0xb0 && b <= 0xbf) {       /* mov r, imm */
        unsigned r = (b & 7) | ((d->rex & 1) << 3);
        if (b < 0xb8) {
            def(d, breg(d, r), 1);
            return skip(d, 1);
        }
        def(d, r, osz(d));
        return skip(d, (d->rex & 8) ? 8 : imm_z(d));
    }
    switch (b) {
    case 0x90:                          /* nop; with REX.B xchg r8, rax */
        ins->kind = X64_LEAF_NOP;
        return !(d->rex & 1);
    case 0x98:                          /* cwde, cdqe */
        use(d, X64_RAX);
        def(d, X64_RAX, osz(d));
        return true;
    case 0x99:                          /* cdq, cqo */
        use(d, X64_RAX);
        def(d, X64_RDX, osz(d));
        return true;
    case 0xa8: case 0xa9:               /* test al/eax, imm */
        use(d, X64_RAX);
        return skip(d, (b & 1) ? imm_z(d) : 1);
    case 0xc3:
        ins->kind = X64_LEAF_RET;
        d->rep_ok = true;               /* rep ret */
        return true;
    case 0xe9:
        ins->kind = X64_LEAF_JMP;
        return take_rel(d, 4);
    case 0xeb:
        ins->kind = X64_LEAF_JMP;
        return take_rel(d, 1);
    default:
        break;
    }
    if (!modrm(d, false))
        return false;
    unsigned op = d->reg & 7;
    switch (b) {
    case 0x63:                          /* movsxd */
        use_rm(d, 4);
        def_reg(d, osz(d));
        return true;
    case 0x69: case 0x6b:               /* imul r, r/m, imm */
        use_rm(d, osz(d));
        def_reg(d, osz(d));
        return skip(d, b == 0x69 ? imm_z(d) : 1);
    case 0x80: case 0x81: case 0x83:    /* ALU r/m, imm */
        if (b != 0x80 && !d->mem && d->rm == X64_RSP && (op == 0 || op == 5) && (d->rex & 8)) {
            /* add/sub $n, %rsp: a frame of n bytes (a multiple of 8) */
            int32_t n = 0;
            if (b == 0x83 && d->i < d->limit)
                n = (int8_t)d->p[d->i];
            else if (b == 0x81 && d->i + 4 <= d->limit)
                memcpy(&n, d->p + d->i, 4);
            d->frame_op = op == 5 ? FR_SUB : FR_ADD;
            d->frame_arg = (uint32_t)n;
            return n > 0 && n % 8 == 0 && n <= 1024 && skip(d, b == 0x81 ? 4 : 1);
        }
        sz = b == 0x80 ? 1 : osz(d);
        use_rm(d, sz);
        if (op != ALU_CMP) {
            def_rm(d, sz);
            d->lock_ok = d->mem;
        }
        return skip(d, b == 0x81 ? imm_z(d) : 1);
    case 0x84: case 0x85:               /* test */
        use_reg(d, sz);
        use_rm(d, sz);
        return true;
    case 0x86: case 0x87:               /* xchg (with memory: atomic, as in the function) */
        use_reg(d, sz);
        use_rm(d, sz);
        def_reg(d, sz);
        def_rm(d, sz);
        return true;
    case 0x88: case 0x89:               /* mov r/m, r */
        use_reg(d, sz);
        def_rm(d, sz);
        return true;
    case 0x8a: case 0x8b:               /* mov r, r/m */
        use_rm(d, sz);
        def_reg(d, sz);
        return true;
    case 0x8d:                          /* lea */
        d->no_access = true;
        def_reg(d, osz(d));
        return d->mem;
    case 0xc0: case 0xc1: case 0xd0: case 0xd1: case 0xd2: case 0xd3:  /* shifts, rotates */
        if (op == 6)
            return false;
        use_rm(d, sz);
        def_rm(d, sz);
        if (b >= 0xd2)
            use(d, X64_RCX);
        return skip(d, b <= 0xc1 ? 1 : 0);
    case 0xc6: case 0xc7:               /* mov r/m, imm */
        def_rm(d, sz);
        return op == 0 && skip(d, (b & 1) ? imm_z(d) : 1);
    case 0xf6: case 0xf7:               /* test imm, not, neg (not mul, div) */
        use_rm(d, sz);
        if (op == 0)
            return skip(d, (b & 1) ? imm_z(d) : 1);
        if (op != 2 && op != 3)
            return false;
        def_rm(d, sz);
        d->lock_ok = d->mem;
        return true;
    case 0xfe: case 0xff:               /* inc, dec (not call, jmp, push) */
        if (op > 1)
            return false;
        use_rm(d, sz);
        def_rm(d, sz);
        d->lock_ok = d->mem;
        return true;
    default:
        return false;
    }
}

/* One instruction at d->p: its kind (and jump displacement in d->rel),
 * length in d->i and register effects; false if it is not one we copy. */
static bool decode_one(Dec *d, X64LeafInsn *ins)
{
    uint8_t b;
    for (;;) {
        if (!take(d, &b))
            return false;
        if (b == 0x66)
            d->osize = true;
        else if (b == 0xf3)
            d->rep = true;
        else if (b == 0xf0)
            d->lock = true;
        else if (b == 0x2e)
            d->cs = true;               /* only in nop padding */
        else
            break;
    }
    if ((b & 0xf0) == 0x40) {
        d->rex = b;
        if (!take(d, &b))
            return false;
    }
    ins->kind = X64_LEAF_PLAIN;
    if (!(b == 0x0f ? decode_0f(d, ins) : decode_1(d, b, ins)))
        return false;
    if (d->cs && ins->kind != X64_LEAF_NOP)
        return false;
    if (d->osize && ins->kind != X64_LEAF_PLAIN && ins->kind != X64_LEAF_NOP)
        return false;
    return (!d->rep || d->rep_ok) && (!d->lock || d->lock_ok);
}

/* A frame (see X64Leaf's bail_frame), built up as the copy runs. */
typedef struct Frame {
    uint8_t n;
    uint8_t e[X64_LEAF_MAX_FRAME];
} Frame;

static uint16_t frame_saved(const Frame *f)
{
    uint16_t m = 0;
    for (unsigned k = 0; k < f->n; k++)
        if (f->e[k] < 16)
            m |= (uint16_t)R(f->e[k]);
    return m;
}

/* The frame after an instruction with frame effect op (FR_*) and arg;
 * false if it is not one we copy: a push of a register that is not
 * callee-saved or is saved already, a pop or raise that does not undo
 * the last push or lowering. */
static bool frame_step(Frame *f, uint8_t op, uint32_t arg)
{
    uint8_t e = op == FR_PUSH || op == FR_POP ? (uint8_t)arg : (uint8_t)(16 + arg / 8);
    switch (op) {
    case FR_PUSH:
        if (!(CALLEE_SAVED & R(arg)) || (frame_saved(f) & R(arg)))
            return false;
        /* fall through */
    case FR_SUB:
        if (f->n == X64_LEAF_MAX_FRAME)
            return false;
        f->e[f->n++] = e;
        return true;
    case FR_POP:
    case FR_ADD:
        if (!f->n || f->e[f->n - 1] != e)
            return false;
        f->n--;
        return true;
    default:
        return true;
    }
}

/* With the frame f built by the entry (the instructions before e: the
 * first jump, ret or take-down), may copies in a row share it? Nothing after the
 * entry builds it; it is taken down only by a run of instructions that
 * do nothing else, from the whole frame, right before a ret, and no jump
 * goes into such a run; the bail-outs have the whole frame. */
static bool chain_ok(const X64Leaf *l, unsigned e, const Frame *f)
{
    if (l->n_bail && (l->bail_depth != f->n || memcmp(l->bail_frame, f->e, f->n)))
        return false;
    for (unsigned i = 0; i < l->n; i++) {
        const X64LeafInsn *ins = &l->insn[i];
        if (ins->dead)
            continue;
        if (ins->frame > 0 && i >= e)
            return false;
        if ((ins->kind == X64_LEAF_JCC || ins->kind == X64_LEAF_JMP) && !ins->bail &&
            ins->target > 0 && l->insn[ins->target].frame < 0 && l->insn[ins->target - 1].frame < 0)
            return false;
        if (ins->frame >= 0 || (i > 0 && l->insn[i - 1].frame < 0))
            continue;
        /* the start of a run that takes the frame down */
        unsigned j = i, n = 0;
        while (j < l->n && l->insn[j].frame < 0) {
            n++;
            j++;
        }
        if (j == l->n || l->insn[j].kind != X64_LEAF_RET || n != f->n)
            return false;
    }
    return true;
}

bool x64_leaf_decode(const uint8_t *code, X64Leaf *l)
{
    memset(l, 0, sizeof(*l));
    l->code = code;
    uint16_t rd[X64_LEAF_MAX_INSNS], wr[X64_LEAF_MAX_INSNS];
    bool st[X64_LEAF_MAX_INSNS];
    uint8_t fop[X64_LEAF_MAX_INSNS];
    uint32_t farg[X64_LEAF_MAX_INSNS];
    unsigned off = 0, far = 0;      /* far: the furthest jump target so far */
    unsigned cold = 0;              /* the first instruction after the last ret or jmp */
    bool whole = false;
    while (l->n < X64_LEAF_MAX_INSNS && off < X64_LEAF_MAX_BYTES) {
        Dec d = { .p = code + off, .limit = X64_LEAF_MAX_BYTES - off, .disp_at = -1 };
        X64LeafInsn *ins = &l->insn[l->n];
        if (!decode_one(&d, ins) || ((d.reads | d.writes) & R(X64_RSP)))
            break;
        ins->off = (uint8_t)off;
        ins->len = (uint8_t)d.i;
        ins->disp_at = (int8_t)d.disp_at;
        ins->access = (uint8_t)(ins->kind != X64_LEAF_PLAIN || !d.mem || d.no_access ? 0
                                : d.disp_at >= 0                                     ? 1
                                                                                     : 2);
        ins->frame = (int8_t)(d.frame_op == FR_PUSH || d.frame_op == FR_SUB   ? 1
                              : d.frame_op == FR_POP || d.frame_op == FR_ADD ? -1
                                                                             : 0);
        rd[l->n] = d.reads;
        wr[l->n] = d.writes;
        st[l->n] = d.store;
        fop[l->n] = d.frame_op;
        farg[l->n] = d.frame_arg;
        l->n++;
        off += d.i;
        if (ins->kind == X64_LEAF_JCC || ins->kind == X64_LEAF_JMP) {
            int64_t t = (int64_t)off + d.rel;
            /* A jump back: a loop, or, after a ret, a cold path that
             * joins the common one again (the records of vCPUs past the
             * first 64 in plugin-util.h): not copied, as below. */
            if (t >= 0 && d.rel < 0) {
                if (!cold)
                    return false;
                break;
            }
            ins->bail = t < 0 || t >= X64_LEAF_MAX_BYTES;
            if (!ins->bail) {
                ins->target = (uint8_t)t;
                if (t > far)
                    far = (unsigned)t;
            }
        }
        if (ins->kind == X64_LEAF_RET || ins->kind == X64_LEAF_JMP) {
            if (far < off) {            /* no jump goes further: the end */
                whole = true;
                break;
            }
            cold = l->n;
        }
    }
    if (!whole) {
        /* What follows the last ret or jmp is not copied (a cold path that
         * calls, say): jumps there bail out. */
        if (!cold)
            return false;
        l->n = (uint8_t)cold;
    }
    /* Jump targets become instruction indexes; a target that starts no
     * copied instruction makes the jump a bail-out. */
    for (unsigned i = 0; i < l->n; i++) {
        X64LeafInsn *ins = &l->insn[i];
        if ((ins->kind != X64_LEAF_JCC && ins->kind != X64_LEAF_JMP) || ins->bail)
            continue;
        unsigned j = i + 1;
        while (j < l->n && l->insn[j].off != ins->target)
            j++;
        ins->bail = j == l->n;
        ins->target = (uint8_t)j;
    }
    /* A jump to code from which no path returns (a cold path that ends in
     * a tail call) bails out at once: that code is not copied. */
    bool returns_from[X64_LEAF_MAX_INSNS + 1];
    returns_from[l->n] = false;
    for (unsigned i = l->n; i-- > 0;) {
        X64LeafInsn *ins = &l->insn[i];
        bool jump = ins->kind == X64_LEAF_JCC || ins->kind == X64_LEAF_JMP;
        if (jump && !ins->bail && !returns_from[ins->target])
            ins->bail = true;
        returns_from[i] = ins->kind == X64_LEAF_RET ||
                          (ins->kind != X64_LEAF_JMP && returns_from[i + 1]) ||
                          (jump && !ins->bail && returns_from[ins->target]);
    }
    if (!returns_from[0])
        return false;                   /* it always bails out */
    /* Which registers a path reads before writing them: in[i] is what
     * every path to instruction i has written (jumps go forward, so all of
     * an instruction's predecessors come before it); stored[i] whether one
     * has written memory, which a bail-out must not follow: the function
     * then runs from its start. fr[i] is the frame at i, which every path
     * to i must agree on; a ret needs it empty, and every bail-out has the
     * same (the bail-outs go to one call, which takes the frame down
     * first). */
    uint16_t in[X64_LEAF_MAX_INSNS];
    Frame fr[X64_LEAF_MAX_INSNS];
    memset(fr, 0, sizeof(fr));
    bool stored[X64_LEAF_MAX_INSNS];
    bool reached[X64_LEAF_MAX_INSNS] = { true };
    in[0] = 0;
    stored[0] = false;
    for (unsigned i = 0; i < l->n; i++) {
        X64LeafInsn *ins = &l->insn[i];
        ins->dead = !reached[i];        /* padding, a cold path: not copied */
        if (ins->dead)
            continue;
        Frame out = fr[i];
        uint16_t saved = frame_saved(&fr[i]);
        if ((wr[i] & CALLEE_SAVED & ~saved) || (rd[i] & R(X64_RBP) & ~saved) ||
            !frame_step(&out, fop[i], farg[i]) || (ins->kind == X64_LEAF_RET && fr[i].n))
            return false;
        l->reads |= rd[i] & ~in[i];
        l->writes |= wr[i] & ~CALLEE_SAVED;     /* the frame restores them */
        if (ins->bail) {
            if (stored[i])
                return false;
            if (l->n_bail && (l->bail_depth != fr[i].n || memcmp(l->bail_frame, fr[i].e, fr[i].n)))
                return false;
            l->bail_depth = fr[i].n;
            memcpy(l->bail_frame, fr[i].e, fr[i].n);
            l->n_bail++;
        }
        unsigned succ[2], ns = 0;
        if (ins->kind != X64_LEAF_RET && ins->kind != X64_LEAF_JMP)
            succ[ns++] = i + 1;
        if ((ins->kind == X64_LEAF_JCC || ins->kind == X64_LEAF_JMP) && !ins->bail)
            succ[ns++] = ins->target;
        for (unsigned k = 0; k < ns; k++) {
            unsigned j = succ[k];
            if (j >= l->n)
                return false;           /* falls off what is copied */
            if (reached[j] && (fr[j].n != out.n || memcmp(fr[j].e, out.e, out.n)))
                return false;           /* paths that meet with different frames */
            fr[j] = out;
            in[j] = reached[j] ? in[j] & (in[i] | wr[i]) : in[i] | wr[i];
            stored[j] = (reached[j] && stored[j]) || stored[i] || st[i];
            reached[j] = true;
        }
    }
    /* The entry, up to the first jump, ret or instruction that takes the
     * frame down, builds the frame copies in a row may share
     * (X64Leaf.chain). */
    unsigned e = 0;
    while (e < l->n && (l->insn[e].kind == X64_LEAF_PLAIN || l->insn[e].kind == X64_LEAF_NOP) &&
           l->insn[e].frame >= 0)
        e++;
    if (e < l->n && fr[e].n && !(l->reads & CALLEE_SAVED))
        l->chain = chain_ok(l, e, &fr[e]);
    if (l->chain) {
        l->frame_depth = fr[e].n;
        memcpy(l->frame, fr[e].e, fr[e].n);
    }
    return true;
}

/* Where a RIP-relative operand of instruction ins points. */
static const uint8_t *rip_target(const X64Leaf *l, const X64LeafInsn *ins)
{
    const uint8_t *src = l->code + ins->off;
    int32_t disp;
    memcpy(&disp, src + ins->disp_at, 4);
    return src + ins->len + disp;
}

/* An instruction of a counter leaf (x64_leaf_counter): REX.W and no other
 * prefix, a one-byte opcode, ModRM (reg and rm with their REX bits), what
 * follows ModRM and its displacement, and a RIP-relative operand's
 * target (NULL if r/m is not one). */
typedef struct CounterInsn {
    uint8_t op, mod, reg, rm;
    const uint8_t *after;
    int32_t disp;           /* mod 1 or 2: the displacement */
    const void *target;
} CounterInsn;

static bool counter_insn(const X64Leaf *l, const X64LeafInsn *ins, CounterInsn *c)
{
    const uint8_t *p = l->code + ins->off;
    if (ins->kind != X64_LEAF_PLAIN || ins->len < 3 || (p[0] & 0xf8) != 0x48 || p[1] == 0x0f)
        return false;
    c->op = p[1];
    c->mod = p[2] >> 6;
    c->reg = (uint8_t)((p[2] >> 3 & 7) | (p[0] & 4) << 1);
    c->rm = (uint8_t)((p[2] & 7) | (p[0] & 1) << 3);
    c->after = p + 3;
    c->disp = 0;
    c->target = NULL;
    if (c->mod == 0 && (p[2] & 7) == 5) {
        if (ins->disp_at != 3)
            return false;
        c->target = rip_target(l, ins);
        c->after = p + 7;
    } else if (c->mod == 1 || c->mod == 2) {
        if ((p[2] & 7) == 4)
            return false;           /* a SIB byte */
        if (c->mod == 1) {
            c->disp = (int8_t)p[3];
        } else {
            memcpy(&c->disp, p + 3, 4);
        }
        c->after = p + 3 + (c->mod == 1 ? 1 : 4);
    } else if (c->mod == 0) {
        return false;
    }
    return true;
}

/* The argument a register holds at entry (System V), or -1. */
static int arg_of(unsigned r)
{
    static const int8_t arg[16] = { -1, 3, 2, -1, -1, -1, 1, 0, 4, 5, -1, -1, -1, -1, -1, -1 };
    return arg[r & 15];
}

/* What an addition to c's r/m adds: add/sub of an immediate, inc/dec, or
 * add of an argument's register (01 /r). */
static bool counter_add(const CounterInsn *c, int64_t *imm, int *arg)
{
    *arg = -1;
    *imm = 0;
    switch (c->op) {
    case 0x81: case 0x83: {
        if ((c->reg & 7) != 0 && (c->reg & 7) != 5)
            return false;
        int32_t v;
        if (c->op == 0x83)
            v = (int8_t)c->after[0];
        else
            memcpy(&v, c->after, 4);
        *imm = (c->reg & 7) == 5 ? -(int64_t)v : v;
        return true;
    }
    case 0xff:
        if ((c->reg & 7) > 1)
            return false;
        *imm = (c->reg & 7) == 0 ? 1 : -1;
        return true;
    case 0x01:
        *arg = arg_of(c->reg);
        return *arg >= 0;
    default:
        return false;
    }
}

/* The instruction after ins (the first if NULL) on the path to the
 * first ret, skipping dead ones and nops; NULL at the ret or the end. */
static const X64LeafInsn *path_next(const X64Leaf *l, const X64LeafInsn *ins)
{
    for (ins = ins ? ins + 1 : l->insn; ins < l->insn + l->n; ins++) {
        if (ins->kind == X64_LEAF_RET && !ins->dead)
            return NULL;
        if (!ins->dead && ins->kind != X64_LEAF_NOP)
            return ins;
    }
    return NULL;
}

bool x64_leaf_counter(const X64Leaf *l, X64LeafCounter *out)
{
    CounterInsn c[4];
    unsigned n = 0;
    if (l->n_bail || l->bail_depth)
        return false;
    /* no jumps (below): what follows the ret is dead */
    for (const X64LeafInsn *ins = NULL; (ins = path_next(l, ins));) {
        if (n == 3 || !counter_insn(l, ins, &c[n]))
            return false;
        n++;
    }
    int64_t imm;
    int arg;
    if (n == 1) {
        /* add/sub/inc/dec x(%rip); add %reg, x(%rip) */
        if (!c[0].target || !counter_add(&c[0], &imm, &arg))
            return false;
        *out = (X64LeafCounter){ .addr = c[0].target, .imm = imm, .arg = arg };
        return true;
    }
    if (n != 3)
        return false;
    /* mov x(%rip), %r; r' = r + something; mov %r', x(%rip) */
    unsigned r = c[0].reg, stored = r;
    if (c[0].op != 0x8b || !c[0].target || c[1].target || c[2].op != 0x89 ||
        c[2].target != c[0].target)
        return false;
    if (c[1].op == 0x8d) {          /* lea disp(%r), %r' */
        if (c[1].mod == 3 || c[1].rm != r)
            return false;
        imm = c[1].disp;
        arg = -1;
        stored = c[1].reg;
    } else if (c[1].op == 0x03) {   /* add %arg, %r */
        if (c[1].mod != 3 || c[1].reg != r)
            return false;
        imm = 0;
        arg = arg_of(c[1].rm);
        if (arg < 0)
            return false;
    } else if (c[1].mod != 3 || c[1].rm != r || !counter_add(&c[1], &imm, &arg)) {
        return false;
    }
    if (c[2].reg != stored)
        return false;
    *out = (X64LeafCounter){ .addr = c[0].target, .imm = imm, .arg = arg };
    return true;
}

/* ---- per-vCPU counters (x64_leaf_vcpu_counter) ---- */

/* The vCPU index is below this (PLUGIN_MAX_VCPUS): what bounds the
 * values the code computes from it. */
#define VCPU_INDEX_END 65536

/* A register's value on the one path, as a function of the vCPU index v:
 * sym + coef * v + c, where sym is an address in the function's object
 * (a RIP-relative operand) or NULL. low32: only the low 32 bits are that
 * value (an unsigned int argument: the ABI leaves the high half undefined). */
typedef struct Aff {
    bool known, low32;
    const uint8_t *sym;
    int64_t coef, c;
} Aff;

/* Values of x within [0, 2^32) for every index (so that a 32-bit
 * operation computes it exactly); coefficients are kept small, so no
 * product overflows. */
static bool aff_fits32(Aff x)
{
    if (!x.known || x.sym || x.coef < -(1 << 20) || x.coef > (1 << 20) ||
        x.c < -((int64_t)1 << 40) || x.c > ((int64_t)1 << 40))
        return false;
    int64_t top = x.c + x.coef * (VCPU_INDEX_END - 1);
    return x.c >= 0 && top >= 0 && x.c <= UINT32_MAX && top <= UINT32_MAX;
}

static bool aff_small(Aff x)
{
    return x.known && x.coef >= -(1 << 20) && x.coef <= (1 << 20) &&
           x.c >= -((int64_t)1 << 40) && x.c <= ((int64_t)1 << 40);
}

/* The result of an operation of width w64 (else 32 bits, zero-extended),
 * its inputs read at that width. */
static Aff aff_result(Aff x, bool w64)
{
    Aff u = { 0 };
    if (!aff_small(x) || (w64 && x.low32) || (!w64 && !aff_fits32(x)))
        return u;
    x.low32 = false;
    return x;
}

static Aff aff_sum(Aff a, Aff b, int sign, bool w64)
{
    Aff u = { 0 };
    if (!a.known || !b.known || (a.sym && b.sym) || (sign < 0 && b.sym) ||
        (w64 && (a.low32 || b.low32)))
        return u;
    if (!w64) {
        /* the low halves of both, then the sum's low half */
        a.low32 = b.low32 = false;
        if (!aff_fits32(a) || !aff_fits32(b))
            return u;
    }
    Aff r = { .known = true, .sym = a.sym ? a.sym : b.sym,
              .coef = a.coef + sign * b.coef, .c = a.c + sign * b.c };
    return aff_result(r, w64);
}

static Aff aff_scale(Aff a, int64_t k, bool w64)
{
    Aff u = { 0 };
    if (!a.known || a.sym || k < -(1 << 20) || k > (1 << 20) || !aff_small(a) ||
        (w64 && a.low32))
        return u;
    if (!w64) {
        a.low32 = false;
        if (!aff_fits32(a))
            return u;
    }
    Aff r = { .known = true, .coef = a.coef * k, .c = a.c * k };
    return aff_result(r, w64);
}

static Aff aff_const(int64_t c)
{
    return (Aff){ .known = true, .c = c };
}

/* The address a ModRM memory operand of ins names (REX in rex, ModRM at
 * m), or unknown. */
static Aff aff_address(const X64Leaf *l, const X64LeafInsn *ins, uint8_t rex, const uint8_t *m,
                       const Aff *regs)
{
    Aff u = { 0 }, a = aff_const(0);
    unsigned mod = m[0] >> 6, rm = m[0] & 7;
    const uint8_t *d = m + 1;
    if (mod == 0 && rm == 5) {
        if (ins->disp_at < 0)
            return u;
        return (Aff){ .known = true, .sym = rip_target(l, ins) };
    }
    if (rm == 4) {
        uint8_t sib = *d++;
        unsigned index = (sib >> 3 & 7) | (rex & 2) << 2, base = (sib & 7) | (rex & 1) << 3;
        if (index != X64_RSP)
            a = aff_scale(regs[index], (int64_t)1 << (sib >> 6), true);
        if (mod == 0 && (sib & 7) == 5) {
            int32_t v;
            memcpy(&v, d, 4);
            return aff_sum(a, aff_const(v), 1, true);
        }
        a = aff_sum(a, regs[base], 1, true);
    } else {
        a = regs[rm | (rex & 1) << 3];
    }
    if (mod == 1)
        return aff_sum(a, aff_const((int8_t)d[0]), 1, true);
    if (mod == 2) {
        int32_t v;
        memcpy(&v, d, 4);
        return aff_sum(a, aff_const(v), 1, true);
    }
    return aff_sum(a, aff_const(0), 1, true);
}

/* Bytes of a ModRM operand and its SIB and displacement. */
static unsigned modrm_len(const uint8_t *m)
{
    unsigned mod = m[0] >> 6, rm = m[0] & 7, n = 1;
    if (mod == 3)
        return n;
    if (rm == 4) {
        n++;
        if (mod == 0 && (m[1] & 7) == 5)
            return n + 4;
    }
    if (mod == 0)
        return rm == 5 ? n + 4 : n;
    return n + (mod == 1 ? 1 : 4);
}

bool x64_leaf_vcpu_counter(const X64Leaf *l, X64LeafVcpuCounter *out)
{
    Aff regs[16] = { 0 };
    regs[X64_RDI] = (Aff){ .known = true, .low32 = true, .coef = 1 };
    uint64_t limit = VCPU_INDEX_END;
    int64_t guard = -1;          /* the flags: v compared with this, or -1 */
    bool found = false;
    if (l->bail_depth || l->frame_depth)
        return false;
    for (const X64LeafInsn *ins = NULL; (ins = path_next(l, ins));) {
        if (ins->kind == X64_LEAF_JCC) {
            /* only out of the path, on v > g (ja) or v >= g (jae) */
            if (!ins->bail || guard < 0 || (ins->cc != 0x7 && ins->cc != 0x3))
                return false;
            uint64_t end = ins->cc == 0x7 ? (uint64_t)guard + 1 : (uint64_t)guard;
            if (end < limit)
                limit = end;
            continue;
        }
        if (ins->kind != X64_LEAF_PLAIN || found)
            return false;
        const uint8_t *p = l->code + ins->off, *end = p + ins->len;
        uint8_t rex = 0;
        if ((p[0] & 0xf0) == 0x40)
            rex = *p++;
        bool w64 = rex & 8;
        uint8_t op = *p++;
        if (op >= 0xb8 && op <= 0xbf) {         /* mov $imm, %r */
            unsigned r = (op & 7) | (rex & 1) << 3;
            if (w64) {
                int64_t v;
                memcpy(&v, p, 8);
                regs[r] = aff_const(v);
            } else {
                uint32_t v;
                memcpy(&v, p, 4);
                regs[r] = aff_const(v);
            }
            continue;
        }
        if (p >= end)
            return false;
        const uint8_t *m = p;
        unsigned mod = m[0] >> 6;
        unsigned reg = (m[0] >> 3 & 7) | (rex & 4) << 1, rm = (m[0] & 7) | (rex & 1) << 3;
        const uint8_t *imm = m + modrm_len(m);
        int64_t iv = 0;
        if (op == 0x83 || op == 0x6b || op == 0xc1)
            iv = op == 0xc1 ? imm[0] : (int8_t)imm[0];
        else if (op == 0x81 || op == 0x69 || op == 0xc7)
            iv = (int32_t)(imm[0] | imm[1] << 8 | imm[2] << 16 | (uint32_t)imm[3] << 24);
        if (mod != 3) {
            if (op == 0x8d) {                   /* lea */
                Aff a = aff_address(l, ins, rex, m, regs);
                regs[reg] = w64 ? a : aff_result(a, false);
                continue;
            }
            /* the one access: add/sub $imm or inc/dec of a 64-bit word */
            bool addsub = (op == 0x83 || op == 0x81) && ((reg & 7) == 0 || (reg & 7) == 5);
            bool incdec = op == 0xff && (reg & 7) <= 1;
            if (!w64 || !(addsub || incdec))
                return false;
            Aff a = aff_address(l, ins, rex, m, regs);
            if (!a.known || a.low32 || !a.sym || a.coef < 8 || a.coef % 8)
                return false;
            int64_t add = op == 0xff ? ((reg & 7) ? -1 : 1) : ((reg & 7) == 5 ? -iv : iv);
            *out = (X64LeafVcpuCounter){ .base = a.sym + a.c, .stride = (uint64_t)a.coef,
                                         .imm = add };
            found = true;
            guard = -1;
            continue;
        }
        Aff *dst = &regs[rm];
        guard = -1;
        switch (op) {
        case 0x89:                              /* mov %reg, %rm */
            *dst = w64 ? regs[reg] : aff_result(regs[reg], false);
            break;
        case 0x8b:                              /* mov %rm, %reg */
            regs[reg] = w64 ? regs[rm] : aff_result(regs[rm], false);
            break;
        case 0x01: case 0x29:                   /* add, sub %reg, %rm */
            *dst = aff_sum(*dst, regs[reg], op == 0x01 ? 1 : -1, w64);
            break;
        case 0x03: case 0x2b:                   /* add, sub %rm, %reg */
            regs[reg] = aff_sum(regs[reg], regs[rm], op == 0x03 ? 1 : -1, w64);
            break;
        case 0x31: case 0x33:                   /* xor %r, %r */
            if (reg != rm)
                return false;
            *dst = aff_const(0);
            break;
        case 0x83: case 0x81:
            if ((reg & 7) == 7) {               /* cmp $imm, %rm: v itself */
                Aff v = *dst;
                if (!v.known || v.sym || v.coef != 1 || v.c || (w64 && v.low32) || iv < 0)
                    return false;
                guard = iv;
            } else if ((reg & 7) == 0 || (reg & 7) == 5) {
                *dst = aff_sum(*dst, aff_const(iv), (reg & 7) ? -1 : 1, w64);
            } else {
                return false;
            }
            break;
        case 0xc1:                              /* shl $imm, %rm */
            if ((reg & 7) != 4 || iv >= 21)
                return false;
            *dst = aff_scale(*dst, (int64_t)1 << iv, w64);
            break;
        case 0x6b: case 0x69:                   /* imul $imm, %rm, %reg */
            regs[reg] = aff_scale(regs[rm], iv, w64);
            break;
        case 0xc7:                              /* mov $imm, %rm */
            if ((reg & 7) != 0)
                return false;
            *dst = w64 ? aff_const(iv) : aff_const((uint32_t)iv);
            break;
        default:
            return false;
        }
    }
    if (!found || limit == 0)
        return false;
    out->limit = (uint32_t)limit;
    return true;
}

int x64_leaf_lane_add(const X64Leaf *l, const void **addr, int64_t *imm)
{
    int found = -1;
    for (unsigned i = 0; i < l->n; i++) {
        const X64LeafInsn *ins = &l->insn[i];
        if (ins->dead)
            continue;
        if (ins->frame || ins->access == 2)
            return -1;
        CounterInsn c;
        int64_t v;
        int arg;
        if (ins->access == 1 && counter_insn(l, ins, &c) && counter_add(&c, &v, &arg) && arg < 0) {
            if (found >= 0)
                return -1;
            found = (int)i;
            *addr = c.target;
            *imm = v;
        }
    }
    if (found < 0)
        return -1;
    /* any other access at least 16 bytes below or 8 above the word */
    const uint8_t *w = *addr;
    for (unsigned i = 0; i < l->n; i++) {
        const X64LeafInsn *ins = &l->insn[i];
        if (ins->dead || ins->access != 1 || (int)i == found)
            continue;
        const uint8_t *t = rip_target(l, ins);
        if (t < w + 8 && t + 16 > w)
            return -1;
    }
    return found;
}

bool x64_leaf_reaches(const X64Leaf *l, const uint8_t *at, uint32_t span)
{
    for (unsigned i = 0; i < l->n; i++) {
        const X64LeafInsn *ins = &l->insn[i];
        if (ins->kind != X64_LEAF_PLAIN || ins->disp_at < 0 || ins->dead)
            continue;
        const uint8_t *t = rip_target(l, ins);
        if (!x64_rel32_reaches(at, t) || !x64_rel32_reaches(at + span, t))
            return false;
    }
    return true;
}

void x64_leaf_emit(X64Asm *a, const X64Leaf *l, uint8_t **bail, unsigned open)
{
    x64_leaf_emit_replacing(a, l, bail, open, -1, NULL, NULL);
}

void x64_leaf_emit_replacing(X64Asm *a, const X64Leaf *l, uint8_t **bail, unsigned open, int at_insn,
                             void (*emit)(void *ctx), void *ctx)
{
    uint8_t *at[X64_LEAF_MAX_INSNS + 1];    /* where each instruction went; [n]: the end */
    uint8_t *field[X64_LEAF_MAX_INSNS];     /* a jump's rel32 */
    for (unsigned i = 0; i < l->n; i++) {
        const X64LeafInsn *ins = &l->insn[i];
        at[i] = a->p;
        field[i] = NULL;
        if (ins->dead || (ins->frame > 0 && (open & X64_LEAF_OPEN_IN)) ||
            (ins->frame < 0 && (open & X64_LEAF_OPEN_OUT)))
            continue;
        if ((int)i == at_insn) {
            emit(ctx);
            continue;
        }
        switch (ins->kind) {
        case X64_LEAF_PLAIN:
            memcpy(a->p, l->code + ins->off, ins->len);
            if (ins->disp_at >= 0) {
                int32_t disp = (int32_t)(rip_target(l, ins) - (a->p + ins->len));
                memcpy(a->p + ins->disp_at, &disp, 4);
            }
            a->p += ins->len;
            break;
        case X64_LEAF_JCC:
            field[i] = x64_jcc32(a, ins->cc);
            break;
        case X64_LEAF_JMP:
            field[i] = x64_jmp32(a);
            break;
        case X64_LEAF_RET:
            if (i + 1 < l->n)
                field[i] = x64_jmp32(a);
            break;
        default:                        /* nops and endbr64 go */
            break;
        }
    }
    at[l->n] = a->p;
    for (unsigned i = 0; i < l->n; i++) {
        if (!field[i])
            continue;
        if (l->insn[i].bail)
            *bail++ = field[i];
        else
            x64_set_rel32(field[i], at[l->insn[i].kind == X64_LEAF_RET ? l->n : l->insn[i].target]);
    }
}

void x64_leaf_emit_frame(X64Asm *a, const X64Leaf *l, bool build)
{
    for (unsigned k = 0; k < l->frame_depth; k++) {
        uint8_t e = l->frame[build ? k : l->frame_depth - 1 - k];
        if (e < 16) {
            if (build)
                x64_push(a, e);
            else
                x64_pop(a, e);
        } else {
            x64_alu_ri(a, build ? X64_SUB : X64_ADD, true, X64_RSP, 8 * (e - 16));
        }
    }
}

void x64_leaf_emit_undo(X64Asm *a, const X64Leaf *l)
{
    for (unsigned k = l->bail_depth; k-- > 0;) {
        uint8_t e = l->bail_frame[k];
        if (e < 16)
            x64_pop(a, e);
        else
            x64_alu_ri(a, X64_ADD, true, X64_RSP, 8 * (e - 16));
    }
}

/* The analyses made so far, by function: plugins have few callbacks, and
 * a plugin's code stays mapped while blocks that copied it exist (an
 * uninstall flushes the code cache first, and no plugin is loaded after
 * start-up, so an address never names another function). Entries never
 * move; the table grows under the translation lock, which every caller
 * holds. */
typedef struct LeafEntry {
    const void *fn;
    bool ok, counter, vcpu_counter;
    X64Leaf l;
    X64LeafCounter c;       /* if counter */
    X64LeafVcpuCounter vc;  /* if vcpu_counter */
} LeafEntry;
static LeafEntry **leaf_cache;
static size_t leaf_n, leaf_cap;

static const LeafEntry *leaf_entry(const void *fn)
{
    for (size_t i = 0; i < leaf_n; i++)
        if (leaf_cache[i]->fn == fn)
            return leaf_cache[i];
    if (leaf_n == leaf_cap) {
        leaf_cap = leaf_cap ? 2 * leaf_cap : 16;
        leaf_cache = xrealloc(leaf_cache, leaf_cap * sizeof(*leaf_cache));
    }
    LeafEntry *e = xmalloc(sizeof(*e));
    e->fn = fn;
    e->ok = x64_leaf_decode(fn, &e->l);
    e->counter = e->ok && x64_leaf_counter(&e->l, &e->c);
    e->vcpu_counter = e->ok && !e->counter && x64_leaf_vcpu_counter(&e->l, &e->vc);
    leaf_cache[leaf_n++] = e;
    return e;
}

const X64Leaf *x64_leaf_of(const void *fn)
{
    const LeafEntry *e = leaf_entry(fn);
    return e->ok ? &e->l : NULL;
}

bool x64_leaf_counter_of(const void *fn, X64LeafCounter *c)
{
    const LeafEntry *e = leaf_entry(fn);
    if (e->counter)
        *c = e->c;
    return e->counter;
}

bool x64_leaf_vcpu_counter_of(const void *fn, X64LeafVcpuCounter *c)
{
    const LeafEntry *e = leaf_entry(fn);
    if (e->vcpu_counter)
        *c = e->vc;
    return e->vcpu_counter;
}
