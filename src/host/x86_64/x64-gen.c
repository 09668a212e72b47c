/*
 * Code generation for one TB: a single forward pass over the IR list with a
 * register allocator local to the block.
 *
 * The allocator (x64-ra.c) keeps each temp's value in a register, as a known
 * constant or in its home in env. Globals are loaded on first use and
 * written back (kept in their register, now clean) at every block exit and
 * before helper calls that may read or write guest state. A helper that can
 * raise must therefore not claim IR_CALL_NO_READ_GLOBALS. After a call that
 * may write globals, their registers are forgotten. qemu_ld/qemu_st can
 * fault but write nothing back: each records where the dirty globals are
 * (X64FaultSave), for its out-of-line slow path and for x64_restore after a
 * host fault.
 *
 * Control flow: a label that only one forward branch leads to starts in the
 * state that branch left (the usual "brcond; exit; label: exit" shape costs
 * no write-back). Any other label starts with nothing in registers, and
 * every branch to it first makes the live values coherent in env, so any
 * number of edges, forward or backward, can meet there. A block whose
 * goto_tb returns to its own start, or to one of its instructions before
 * the branch (a loop head, after a label the translator put there), becomes
 * a loop inside the block that keeps its globals in registers. How long TB
 * temps live, which of them are computed directly into a global, and which
 * ops are dead comes from ir_live_analyze; what is known of each value's
 * high bits (the allocator keeps the facts, ir_known_result derives them)
 * lets extensions that change nothing become moves.
 *
 * Guest memory, flat model: accessed at guest_base (r14) + address after
 * comparing the address with the last valid start for the access size;
 * misaligned IR_MO_ALIGN accesses and out-of-range ones go to an out-of-line
 * call of x64_cfg.mem_fault with the insn's guest pc. Host faults inside the
 * range are mapped back to the insn through the insn_start offsets recorded
 * here. Full-system mode (x64_cfg.softmmu): the software TLB is looked up
 * inline (seven instructions before the access itself); a miss calls the
 * mode's slow path out of line, which stores the dirty globals, keeps the
 * live caller-saved registers on the stack and comes back after the access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/x86_64/x64-gen.h"
#include "host/x86_64/x64-leaf.h"
#include "util/util.h"

static const int8_t arg_regs[IR_MAX_CALL_ARGS] = { X64_RDI, X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9 };

static void renamed(const Gen *g, uint32_t i, IROp *r);
static uint32_t next_op(const Gen *g, uint32_t i);

/* ---- ops ---- */

static const uint8_t cc_of[] = {
    [IR_COND_EQ] = X64_CC_E, [IR_COND_NE] = X64_CC_NE,
    [IR_COND_LT] = X64_CC_L, [IR_COND_GE] = X64_CC_GE, [IR_COND_LE] = X64_CC_LE, [IR_COND_GT] = X64_CC_G,
    [IR_COND_LTU] = X64_CC_B, [IR_COND_GEU] = X64_CC_AE, [IR_COND_LEU] = X64_CC_BE, [IR_COND_GTU] = X64_CC_A,
};

static void gen_mov(Gen *g, IRTemp d, IRTemp s)
{
    uint64_t v;
    if (d == s)
        return;
    if (ra_const_of(g, s, &v)) {
        ra_set_const(g, d, v);
        return;
    }
    if (ra_is_var(g, s) && g->tl[s].loc == LOC_REG) {
        int r = g->tl[s].reg;
        if (!ra_needed_after(g, s)) {
            g->locked |= BIT(r);
            ra_set_output(g, d, r);
            return;
        }
        int n = ra_alloc_reg(g, ALLOC_MASK);
        x64_mov_rr(&g->a, true, n, r);
        ra_set_output(g, d, n);
        return;
    }
    int n = ra_alloc_reg(g, ALLOC_MASK);
    ra_emit_value(g, n, s);
    ra_set_output(g, d, n);
}

/* Puts a constant operand second: swaps x and y, and the condition, when
 * only x is one. */
static void imm_second(Gen *g, IRTemp *x, IRTemp *y, IRCond *cond)
{
    int32_t imm;
    if (ra_imm_of(g, *x, &imm) && !ra_imm_of(g, *y, &imm)) {
        IRTemp t = *x;
        *x = *y;
        *y = t;
        *cond = ir_cond_swap(*cond);
    }
}

/* Compare x with y for cond; returns the condition code to test. */
static unsigned gen_cmp(Gen *g, IRTemp x, IRTemp y, IRCond cond)
{
    int32_t imm;
    imm_second(g, &x, &y, &cond);
    int rx = ra_use_reg(g, x, ALLOC_MASK);
    g->cmp_rx = (int8_t)rx;
    g->cmp_ry = X64_NO_REG;
    if (ra_imm_of(g, y, &imm)) {
        g->cmp_imm = imm;
        if (imm == 0)
            x64_test_rr(&g->a, true, rx, rx);
        else
            x64_alu_ri(&g->a, X64_CMP, true, rx, imm);
    } else {
        int ry = ra_use_reg(g, y, ALLOC_MASK);
        g->cmp_ry = (int8_t)ry;
        x64_alu_rr(&g->a, X64_CMP, true, rx, ry);
    }
    return cc_of[cond];
}

/* A brcond right after another (riscv's beq a, b; bltu b, a, the three-way
 * compare of a search or a sort): when nothing was emitted since that
 * one's jcc, every host register and the flags are as its compare left
 * them, so if x and y are the registers (or immediate) it compared, in
 * either order, the flags answer cond too. Sets *cc and returns true
 * then; emits nothing. */
static bool reuse_flags(Gen *g, IRTemp x, IRTemp y, IRCond cond, unsigned *cc)
{
    int32_t imm;
    if (g->a.p != g->cmp_end)
        return false;
    imm_second(g, &x, &y, &cond);
    if (!ra_is_var(g, x) || g->tl[x].loc != LOC_REG)
        return false;
    int rx = g->tl[x].reg;
    if (ra_imm_of(g, y, &imm)) {
        if (g->cmp_ry != X64_NO_REG || rx != g->cmp_rx || imm != g->cmp_imm)
            return false;
        *cc = cc_of[cond];
        return true;
    }
    if (!ra_is_var(g, y) || g->tl[y].loc != LOC_REG || g->cmp_ry == X64_NO_REG)
        return false;
    int ry = g->tl[y].reg;
    if (rx == g->cmp_rx && ry == g->cmp_ry)
        *cc = cc_of[cond];
    else if (rx == g->cmp_ry && ry == g->cmp_rx)
        *cc = cc_of[ir_cond_swap(cond)];
    else
        return false;
    return true;
}

/* An output register for an op whose result may go in place of input r
 * (pass -1 when no input can be overwritten). */
static int out_reg(Gen *g, int r, IRTemp out)
{
    return r >= 0 && ra_reusable(g, r, out) ? r : ra_alloc_reg(g, ALLOC_MASK);
}

static bool fold2(Gen *g, IROpcode opc, IRTemp d, IRTemp x, IRTemp y)
{
    uint64_t a, b;
    if (!ra_const_of(g, x, &a) || !ra_const_of(g, y, &b))
        return false;
    ra_set_const(g, d, ir_fold(opc, a, b));
    return true;
}

/* ---- address folding ----
 * A guest address is mostly computed right before its access (a base
 * register plus an offset, or plus a scaled index). With the flat model
 * and guest_base below 2 GiB (mem_init puts it there when it can), the
 * access right after that lea addresses [base + index * 2^scale + disp +
 * guest_base] itself instead of [r14 + the lea's result]: the load no
 * longer waits for the lea, whose result only the range check and a fault
 * need, and those are off the dependency chain of a loop like
 * crc = table[(crc ^ *p) & 0xff] ^ (crc >> 8). Only when nothing was
 * emitted between the two (the lea's inputs still hold what it read) and
 * the lea does not overwrite an input. */

/* guest_base + disp as the 32-bit displacement of a folded access (not
 * one that fits in 8 bits, whose relocation would not fit the field). */
static bool gbase_disp(int64_t disp, int32_t *out)
{
    int64_t d = (int64_t)x64_cfg.guest_base + disp;
    if (x64_cfg.softmmu || x64_cfg.guest_base > INT32_MAX || d != (int32_t)d || x64_fits_s8((int32_t)d))
        return false;
    *out = (int32_t)d;
    return true;
}

/* Is d the address of the guest access that comes next? Then its lea
 * goes to a register of its own, so that the access can fold it. */
static bool addresses_next_access(const Gen *g, IRTemp d)
{
    int32_t disp;
    if (!gbase_disp(0, &disp))
        return false;
    uint32_t j = next_op(g, g->idx);
    if (j == g->s->nb_ops || (g->s->ops[j].opc != IR_qemu_ld && g->s->ops[j].opc != IR_qemu_st))
        return false;
    IROp r;
    renamed(g, j, &r);
    return r.args[1] == d;
}

static void note_addr_lea(Gen *g, int rd, int base, int index, int scale, int32_t disp)
{
    g->addr = (AddrLea){ .end = g->a.p, .rd = (int8_t)rd, .base = (int8_t)base, .index = (int8_t)index,
                         .scale = (int8_t)scale, .disp = disp };
    if (rd == base || rd == index)
        g->addr.end = NULL;
}

/* May the access whose address is in ra, about to be emitted here, use
 * the lea before it instead? Its displacement then goes to *disp. */
static bool addr_folds(const Gen *g, int ra, int32_t *disp)
{
    return g->addr.end == g->a.p && g->addr.rd == ra && gbase_disp(g->addr.disp, disp);
}

/* d = x op y for the two-address ALU group (lea when add or sub by a
 * constant would otherwise need a copy). */
static void gen_alu(Gen *g, unsigned op, bool comm, IRTemp d, IRTemp x, IRTemp y)
{
    int32_t imm = 0;
    if (comm && ra_imm_of(g, x, &imm)) {
        IRTemp t = x;
        x = y;
        y = t;
    }
    int rx = ra_use_reg(g, x, ALLOC_MASK);
    bool yimm = ra_imm_of(g, y, &imm);
    int ry = yimm ? -1 : ra_use_reg(g, y, ALLOC_MASK);
    if (comm && ry >= 0 && !ra_reusable(g, rx, d) && ra_reusable(g, ry, d)) {
        int t = rx;
        rx = ry;
        ry = t;
    }
    int rd;
    bool lea_ok = op == X64_ADD || (op == X64_SUB && yimm && imm != INT32_MIN);
    if (ra_reusable(g, rx, d) && !(lea_ok && addresses_next_access(g, d))) {
        rd = rx;
    } else if (lea_ok) {
        rd = ra_alloc_reg(g, ALLOC_MASK);
        int32_t disp = yimm ? (op == X64_ADD ? imm : -imm) : 0;
        x64_lea(&g->a, rd, rx, yimm ? X64_NO_REG : ry, disp);
        note_addr_lea(g, rd, rx, yimm ? X64_NO_REG : ry, 0, disp);
        ra_set_output(g, d, rd);
        return;
    } else {
        rd = ra_alloc_reg(g, ALLOC_MASK);
        x64_mov_rr(&g->a, true, rd, rx);
    }
    if (yimm)
        x64_alu_ri(&g->a, op, true, rd, imm);
    else
        x64_alu_rr(&g->a, op, true, rd, ry);
    ra_set_output(g, d, rd);
}

/* Logic with an inverted second operand: andc, orc, eqv. */
static void gen_logic_inv(Gen *g, IROpcode opc, IRTemp d, IRTemp x, IRTemp y)
{
    unsigned op = opc == IR_andc ? X64_AND : opc == IR_orc ? X64_OR : X64_XOR;
    uint64_t c;
    if (ra_const_of(g, y, &c) && x64_fits_s32((int64_t)~c)) {
        int rx = ra_use_reg(g, x, ALLOC_MASK);
        int rd = out_reg(g, rx, d);
        if (rd != rx)
            x64_mov_rr(&g->a, true, rd, rx);
        x64_alu_ri(&g->a, op, true, rd, (int32_t)~c);
        ra_set_output(g, d, rd);
        return;
    }
    int rx = ra_use_reg(g, x, ALLOC_MASK), ry = ra_use_reg(g, y, ALLOC_MASK);
    if (opc == IR_andc) {
        int rd = ra_reusable(g, rx, d) ? rx : out_reg(g, ry, d);
        x64_andn(&g->a, rd, ry, rx);
        ra_set_output(g, d, rd);
    } else if (opc == IR_eqv) {
        int rd = out_reg(g, rx, d);
        if (rd != rx)
            x64_mov_rr(&g->a, true, rd, rx);
        x64_alu_rr(&g->a, X64_XOR, true, rd, ry);
        x64_unary(&g->a, X64_NOT, true, rd);
        ra_set_output(g, d, rd);
    } else {
        int rd = out_reg(g, rx, d);
        x64_mov_rr(&g->a, true, X64_TMP, ry);
        x64_unary(&g->a, X64_NOT, true, X64_TMP);
        if (rd != rx)
            x64_mov_rr(&g->a, true, rd, rx);
        x64_alu_rr(&g->a, X64_OR, true, rd, X64_TMP);
        ra_set_output(g, d, rd);
    }
}

static void gen_mul(Gen *g, IRTemp d, IRTemp x, IRTemp y)
{
    int32_t imm;
    if (ra_imm_of(g, x, &imm)) {
        IRTemp t = x;
        x = y;
        y = t;
    }
    int rx = ra_use_reg(g, x, ALLOC_MASK);
    if (ra_imm_of(g, y, &imm)) {
        int rd = out_reg(g, rx, d);
        x64_imul_rri(&g->a, rd, rx, imm);
        ra_set_output(g, d, rd);
        return;
    }
    int ry = ra_use_reg(g, y, ALLOC_MASK);
    if (!ra_reusable(g, rx, d) && ra_reusable(g, ry, d)) {
        int t = rx;
        rx = ry;
        ry = t;
    }
    int rd = out_reg(g, rx, d);
    if (rd != rx)
        x64_mov_rr(&g->a, true, rd, rx);
    x64_imul_rr(&g->a, rd, ry);
    ra_set_output(g, d, rd);
}

/* High halves of products. */
static void gen_mulh(Gen *g, IROpcode opc, IRTemp d, IRTemp x, IRTemp y)
{
    if (opc == IR_mulsh) {
        /* imul r/m: rdx:rax = rax * r/m, signed */
        g->locked |= BIT(X64_RAX) | BIT(X64_RDX);
        int ry = ra_use_reg(g, y, ALLOC_MASK & ~(BIT(X64_RAX) | BIT(X64_RDX)));
        g->locked &= ~(BIT(X64_RAX) | BIT(X64_RDX));
        g->locked |= BIT(X64_RDX);
        ra_use_clobbered(g, x, X64_RAX);
        g->locked &= ~BIT(X64_RDX);
        ra_take_reg(g, X64_RDX);
        x64_unary(&g->a, X64_IMUL1, true, ry);
        ra_set_output(g, d, X64_RDX);
        return;
    }
    /* mulx: hi = rdx * r/m, unsigned, flags untouched */
    g->locked |= BIT(X64_RDX);
    int ry = ra_use_reg(g, y, ALLOC_MASK & ~BIT(X64_RDX));
    g->locked &= ~BIT(X64_RDX);
    ra_use_clobbered(g, x, X64_RDX);
    int rd = ra_alloc_reg(g, ALLOC_MASK);
    x64_mulx(&g->a, rd, rd, ry);
    if (opc == IR_mulsuh) {
        /* x signed: x * y = unsigned(x) * y - (x < 0 ? y << 64 : 0) */
        x64_shift_ri(&g->a, X64_SAR, true, X64_RDX, 63);
        x64_alu_rr(&g->a, X64_AND, true, X64_RDX, ry);
        x64_alu_rr(&g->a, X64_SUB, true, rd, X64_RDX);
    }
    ra_set_output(g, d, rd);
}

static void gen_div(Gen *g, IROpcode opc, IRTemp d, IRTemp x, IRTemp y)
{
    bool sign = opc == IR_div || opc == IR_rem;
    uint16_t fixed = BIT(X64_RAX) | BIT(X64_RDX);
    g->locked |= fixed;
    int ry = ra_use_reg(g, y, ALLOC_MASK & ~fixed);
    g->locked &= ~fixed;
    g->locked |= BIT(X64_RDX);
    ra_use_clobbered(g, x, X64_RAX);
    g->locked &= ~BIT(X64_RDX);
    ra_take_reg(g, X64_RDX);
    if (sign) {
        x64_cqo(&g->a);
        x64_unary(&g->a, X64_IDIV, true, ry);
    } else {
        x64_zero(&g->a, X64_RDX);
        x64_unary(&g->a, X64_DIV, true, ry);
    }
    ra_set_output(g, d, opc == IR_div || opc == IR_divu ? X64_RAX : X64_RDX);
}

static void gen_shift(Gen *g, IROpcode opc, IRTemp d, IRTemp x, IRTemp y)
{
    uint64_t c;
    if (ra_const_of(g, y, &c)) {
        unsigned n = (unsigned)c & 63;
        if (n == 0) {
            gen_mov(g, d, x);
            return;
        }
        int rx = ra_use_reg(g, x, ALLOC_MASK);
        int rd = out_reg(g, rx, d);
        if (opc == IR_rotl || opc == IR_rotr) {
            x64_rorx(&g->a, rd, rx, opc == IR_rotr ? n : 64 - n);
        } else {
            if (rd != rx)
                x64_mov_rr(&g->a, true, rd, rx);
            x64_shift_ri(&g->a, opc == IR_shl ? X64_SHL : opc == IR_shr ? X64_SHR : X64_SAR, true, rd, n);
        }
        ra_set_output(g, d, rd);
        return;
    }
    if (opc == IR_rotl || opc == IR_rotr) {
        ra_use_fixed(g, y, X64_RCX);
        int rx = ra_use_reg(g, x, ALLOC_MASK & ~BIT(X64_RCX));
        int rd = out_reg(g, rx, d);
        if (rd != rx)
            x64_mov_rr(&g->a, true, rd, rx);
        x64_shift_rcl(&g->a, opc == IR_rotl ? X64_ROL : X64_ROR, rd);
        ra_set_output(g, d, rd);
        return;
    }
    int rx = ra_use_reg(g, x, ALLOC_MASK), ry = ra_use_reg(g, y, ALLOC_MASK);
    int rd = ra_reusable(g, rx, d) ? rx : out_reg(g, ry, d);
    if (opc == IR_shl)
        x64_shlx(&g->a, rd, rx, ry);
    else if (opc == IR_shr)
        x64_shrx(&g->a, rd, rx, ry);
    else
        x64_sarx(&g->a, rd, rx, ry);
    ra_set_output(g, d, rd);
}

/* ---- known high bits ---- */

/* What the allocator knows of t now: a constant, or the high-bit facts
 * recorded when t was last written. */
static IRKnown known_of(const void *ctx, IRTemp t)
{
    const Gen *g = ctx;
    uint64_t v;
    if (ra_const_of(g, t, &v))
        return ir_known_const(v);
    if (ra_is_var(g, t))
        return (IRKnown){ g->tl[t].zbits, g->tl[t].s32, false, 0 };
    return ir_known_nothing();
}

static IRKnownView known_view(const Gen *g) { return (IRKnownView){ known_of, g }; }

static void gen_unary(Gen *g, IROpcode opc, IRTemp d, IRTemp x)
{
    uint64_t c;
    if (ra_const_of(g, x, &c)) {
        ra_set_const(g, d, ir_fold(opc, c, 0));
        return;
    }
    if (ir_ext_is_noop(opc, known_of(g, x))) {
        gen_mov(g, d, x);
        return;
    }
    int rx = ra_use_reg(g, x, ALLOC_MASK);
    int rd = out_reg(g, rx, d);
    switch (opc) {
    case IR_neg: case IR_not: case IR_bswap64:
        if (rd != rx)
            x64_mov_rr(&g->a, true, rd, rx);
        if (opc == IR_bswap64)
            x64_bswap(&g->a, true, rd);
        else
            x64_unary(&g->a, opc == IR_neg ? X64_NEG : X64_NOT, true, rd);
        break;
    case IR_ext8s: x64_ext_rr(&g->a, 1, true, rd, rx); break;
    case IR_ext8u: x64_ext_rr(&g->a, 1, false, rd, rx); break;
    case IR_ext16s: x64_ext_rr(&g->a, 2, true, rd, rx); break;
    case IR_ext16u: x64_ext_rr(&g->a, 2, false, rd, rx); break;
    case IR_ext32s: x64_ext_rr(&g->a, 4, true, rd, rx); break;
    case IR_ext32u: x64_ext_rr(&g->a, 4, false, rd, rx); break;
    case IR_clz: x64_bitcount(&g->a, X64_LZCNT, rd, rx); break;
    case IR_ctz: x64_bitcount(&g->a, X64_TZCNT, rd, rx); break;
    default: x64_bitcount(&g->a, X64_POPCNT, rd, rx); break;
    }
    ra_set_output(g, d, rd);
}

/* A float op in xmm0 and xmm1, which nothing else keeps values in; a NaN
 * result (unordered with itself) becomes the default NaN. The result stays
 * in xmm0 for a float op that uses it next (xmm0_temp), saving the trip
 * through a general register on dependent chains. xmm0 may then hold a
 * NaN whose payload the fix-up did not touch; any float op with a NaN
 * operand gives a NaN result, canonicalized again, with the same flags. */
static void gen_float(Gen *g, IROpcode opc, IRTemp d, IRTemp x, IRTemp y)
{
    static const uint8_t sse[] = {
        [IR_fadd64] = X64_ADDSD, [IR_fsub64] = X64_SUBSD, [IR_fmul64] = X64_MULSD,
        [IR_fdiv64] = X64_DIVSD, [IR_fsqrt64] = X64_SQRTSD,
        [IR_fadd32] = X64_ADDSD, [IR_fsub32] = X64_SUBSD, [IR_fmul32] = X64_MULSD,
        [IR_fdiv32] = X64_DIVSD, [IR_fsqrt32] = X64_SQRTSD,
    };
    bool single = ir_float_single(opc), sqrt = ir_float_unary(opc);
    void (*to_x)(X64Asm *, int, int) = single ? x64_movd_xr : x64_movq_xr;
    bool cached = g->xmm0_temp != NONE && g->xmm0_single == single;
    int rx = -1;
    if (!sqrt) {
        if (cached && g->xmm0_temp == y)
            x64_movapd(&g->a, 1, 0);
        else
            to_x(&g->a, 1, ra_use_reg(g, y, ALLOC_MASK));
    }
    if (!cached || g->xmm0_temp != x) {
        rx = ra_use_reg(g, x, ALLOC_MASK);
        to_x(&g->a, 0, rx);
    }
    (single ? x64_sse_ss : x64_sse_sd)(&g->a, sse[opc], 0, sqrt ? 0 : 1);
    int rd = out_reg(g, rx, d);
    (single ? x64_movd_rx : x64_movq_rx)(&g->a, rd, 0);
    (single ? x64_ucomiss : x64_ucomisd)(&g->a, 0, 0);
    uint8_t *ordered = x64_jcc32(&g->a, X64_CC_NP);
    x64_mov_ri(&g->a, rd, single ? 0x7fc00000u : 0x7ff8000000000000ull);
    x64_set_rel32(ordered, g->a.p);
    ra_set_output(g, d, rd);
    g->xmm0_temp = d;
    g->xmm0_single = single;
}

/* After op r: does xmm0 still hold xmm0_temp's value? Only pure ops and
 * flat guest memory accesses (whose out-of-line paths never come back, and
 * a host fault that does returns through the kernel, which restores xmm0)
 * keep it, unless they write that temp; a softmmu slow path calls C. */
static void track_xmm0(Gen *g, const IROp *r)
{
    if (g->xmm0_temp == NONE || ir_is_float_op(r->opc))
        return;
    bool keeps = (ir_op_defs[r->opc].flags & IR_F_PURE) ||
                 (!x64_cfg.softmmu && (r->opc == IR_qemu_ld || r->opc == IR_qemu_st));
    for (unsigned k = 0; k < r->nout; k++)
        keeps &= r->args[k] != g->xmm0_temp;
    if (!keeps)
        g->xmm0_temp = NONE;
}

static void gen_setcond(Gen *g, IRTemp d, IRTemp x, IRTemp y, IRCond cond)
{
    uint64_t a, b;
    if (cond == IR_COND_ALWAYS || cond == IR_COND_NEVER || (ra_const_of(g, x, &a) && ra_const_of(g, y, &b))) {
        bool v = cond == IR_COND_ALWAYS || (cond != IR_COND_NEVER && ir_cond_eval(cond, a, b));
        ra_set_const(g, d, v);
        return;
    }
    unsigned cc = gen_cmp(g, x, y, cond);
    /* Any register will do: the flags are already computed. */
    int rd = ra_alloc_reg(g, ALLOC_MASK);
    x64_setcc(&g->a, cc, rd);
    x64_ext_rr(&g->a, 1, false, rd, rd);
    ra_set_output(g, d, rd);
}

static void gen_movcond(Gen *g, IRTemp d, IRTemp c1, IRTemp c2, IRTemp v1, IRTemp v2, IRCond cond)
{
    uint64_t a, b;
    if (cond == IR_COND_ALWAYS || cond == IR_COND_NEVER || (ra_const_of(g, c1, &a) && ra_const_of(g, c2, &b))) {
        bool v = cond == IR_COND_ALWAYS || (cond != IR_COND_NEVER && ir_cond_eval(cond, a, b));
        gen_mov(g, d, v ? v1 : v2);
        return;
    }
    /* cmov takes no immediates, and materializing a constant must not come
     * between the compare and the cmov: load the values first. */
    int r1 = ra_use_reg(g, v1, ALLOC_MASK), r2 = ra_use_reg(g, v2, ALLOC_MASK);
    int rd = ra_reusable(g, r1, d) ? r1 : ra_reusable(g, r2, d) ? r2 : ra_alloc_reg(g, ALLOC_MASK);
    unsigned cc = gen_cmp(g, c1, c2, cond);
    if (rd == r1) {
        if (r2 != r1)
            x64_cmov(&g->a, cc ^ 1, rd, r2);
    } else if (rd == r2) {
        x64_cmov(&g->a, cc, rd, r1);
    } else {
        x64_mov_rr(&g->a, true, rd, r2);
        x64_cmov(&g->a, cc, rd, r1);
    }
    ra_set_output(g, d, rd);
}

static void branch_to(Gen *g, unsigned cc, uint32_t label, bool uncond)
{
    uint8_t *target = g->label_at[label];
    if (target) {
        if (uncond)
            x64_jmp_to(&g->a, target);
        else
            x64_jcc_to(&g->a, cc, target);
        return;
    }
    Fixup *f = &g->fix[g->nfix++];
    f->field = uncond ? x64_jmp32(&g->a) : x64_jcc32(&g->a, cc);
    f->label = label;
}

/* A label only this branch leads to starts in the state the branch leaves,
 * and so does one that code also falls into (that code conforms to it at
 * the label: the if-then shape of a rarely taken slow path, where the
 * branch around it is the hot way); any other label starts with every
 * live value in its home. */
static bool branch_keeps_state(Gen *g, uint32_t label)
{
    if (!g->label_single[label] || g->label_at[label])
        return false;
    if (g->label_single[label] == IR_LABEL_JOIN)
        ra_join_prepare(g);
    return true;
}

static void gen_br(Gen *g, uint32_t label)
{
    if (branch_keeps_state(g, label))
        g->snap[label] = ra_snapshot(g);
    else
        ra_sync_live(g);
    branch_to(g, 0, label, true);
    g->reachable = false;
}

static void gen_brcond(Gen *g, IRTemp x, IRTemp y, IRCond cond, uint32_t label)
{
    uint64_t a, b;
    if (cond == IR_COND_NEVER)
        return;
    bool known = cond == IR_COND_ALWAYS || (ra_const_of(g, x, &a) && ra_const_of(g, y, &b));
    if (known) {
        if (cond == IR_COND_ALWAYS || ir_cond_eval(cond, a, b))
            gen_br(g, label);
        return;
    }
    bool keep = branch_keeps_state(g, label);
    if (!keep)
        ra_sync_live(g);
    unsigned cc;
    if (!reuse_flags(g, x, y, cond, &cc))
        cc = gen_cmp(g, x, y, cond);
    if (keep)
        g->snap[label] = ra_snapshot(g);
    branch_to(g, cc, label, false);
    g->cmp_end = g->a.p;
}

/* Globals overlapping env bytes [off, off + size). */
static bool overlaps_global(const Gen *g, IRTemp t, uint32_t off, unsigned size)
{
    uint32_t go = g->s->temps[t].env_off;
    return go < off + size && off < go + 8;
}

static void gen_ld_env(Gen *g, IRTemp d, uint32_t off, unsigned mo)
{
    unsigned size = ir_memop_size(mo);
    IRTemp gend = g->s->nb_globals + 1;
    for (IRTemp t = ra_next_touched(g, 1, gend); t < gend; t = ra_next_touched(g, t + 1, gend))
        if (overlaps_global(g, t, off, size))
            ra_sync_temp(g, t);
    int rd = ra_alloc_reg(g, ALLOC_MASK);
    x64_load_ext_sib(&g->a, size, (mo & IR_MO_SIGN) != 0, rd, X64_ENV, X64_NO_REG, (int32_t)off - X64_ENV_BIAS);
    ra_set_output(g, d, rd);
}

static void gen_st_env(Gen *g, IRTemp v, uint32_t off, unsigned mo)
{
    unsigned size = ir_memop_size(mo);
    IRTemp gend = g->s->nb_globals + 1;
    for (IRTemp t = ra_next_touched(g, 1, gend); t < gend; t = ra_next_touched(g, t + 1, gend))
        if (overlaps_global(g, t, off, size))
            ra_sync_temp(g, t);
    int32_t imm;
    int32_t disp = (int32_t)off - X64_ENV_BIAS;
    if (ra_imm_of(g, v, &imm))
        x64_store_imm(&g->a, size, imm, X64_ENV, disp);
    else
        x64_store(&g->a, size, ra_use_reg(g, v, ALLOC_MASK), X64_ENV, disp);
    /* The store changed those globals behind their registers. */
    for (IRTemp t = ra_next_touched(g, 1, gend); t < gend; t = ra_next_touched(g, t + 1, gend)) {
        if (!overlaps_global(g, t, off, size))
            continue;
        TempLoc *l = &g->tl[t];
        if (l->loc == LOC_REG)
            g->reg_temp[l->reg] = NONE;
        *l = (TempLoc){ .loc = LOC_MEM, .mem_ok = true };
    }
}

/* Host memory at a computed address (plugin counters): a register base
 * plus a displacement, folded into the constant when the base is one. */
static int host_base(Gen *g, IRTemp base, uint64_t *off)
{
    uint64_t c;
    if (ra_const_of(g, base, &c)) {
        int r = ra_alloc_reg(g, ALLOC_MASK);
        x64_mov_ri(&g->a, r, c + *off);
        *off = 0;
        return r;
    }
    int r = ra_use_reg(g, base, ALLOC_MASK);
    if (!x64_fits_s32((int64_t)*off)) {
        int n = ra_alloc_reg(g, ALLOC_MASK);
        x64_mov_ri(&g->a, n, *off);
        x64_alu_rr(&g->a, X64_ADD, true, n, r);
        *off = 0;
        return n;
    }
    return r;
}

/* The constant address base + off, if an instruction emitted now can
 * reach it RIP-relative (a plugin's counter: the code buffer is near the
 * plugins when they are loaded, see x64_init). */
static bool host_rip(Gen *g, IRTemp base, uint64_t off, const void **target)
{
    uint64_t c;
    if (!ra_const_of(g, base, &c))
        return false;
    *target = (const void *)(uintptr_t)(c + off);
    /* The instruction ends at most 16 bytes on. */
    return x64_rel32_reaches(g->a.p, *target) && x64_rel32_reaches(g->a.p + 16, *target);
}

static void gen_lanes_flush(Gen *g);

/* The host word at base + off as a lane would name it: base a constant,
 * or a pointer loaded from env by the block's only write of it (a
 * vCPU's scoreboard entry, see plugin/inject.c). */
static bool lane_key(Gen *g, IRTemp base, uint64_t off, X64LaneKey *key)
{
    uint64_t c;
    if (ra_const_of(g, base, &c)) {
        *key = (X64LaneKey){ -1, c + off };
        return true;
    }
    if (ra_is_global(g, base))
        return false;
    const IRContext *s = g->s;
    /* Which op writes each temp, found once per block: a block of n
     * counter updates asks n times (a walk over all its ops each was a
     * third of the translation time of bb inline=on's blocks). */
    if (!g->def_op) {
        g->def_op = x64_scratch(s->nb_temps * sizeof(uint32_t));
        for (uint32_t i = 0; i < s->nb_ops; i++) {
            if (!s->ops[i].nout)
                continue;
            IRTemp t = ra_renamed(g, s->ops[i].args[0]);
            g->def_op[t] = g->def_op[t] ? UINT32_MAX : i + 1;
        }
    }
    uint32_t d = g->def_op[base];
    if (d == 0 || d == UINT32_MAX)
        return false;
    IROp r;
    renamed(g, d - 1, &r);
    if (r.opc != IR_ld_env || ir_memop_size((unsigned)r.args[2]) != 8)
        return false;
    *key = (X64LaneKey){ (int64_t)r.args[1], off };
    return true;
}

/* Before anything but a lane's addition reads or writes the host word
 * at base + off: if a lane counts there, its counts go to memory first;
 * a store to a word no lane counts keeps it from ever getting one. */
static void lanes_before_host_access(Gen *g, IRTemp base, uint64_t off, bool store)
{
    X64LaneKey key;
    if (!x64_cfg.counter_lanes || !lane_key(g, base, off, &key))
        return;
    if (x64_lane_of(key, false) >= 0)
        gen_lanes_flush(g);
    else if (store)
        x64_lane_stored(key);
}

static void gen_ld_host(Gen *g, IRTemp d, IRTemp base, uint64_t off)
{
    g->unportable = true;   /* a host address of this process */
    lanes_before_host_access(g, base, off, false);
    const void *target;
    if (host_rip(g, base, off, &target)) {
        int rd = ra_alloc_reg(g, ALLOC_MASK);
        x64_op_rip(&g->a, 0x8b | X64_P_W, rd, target, 0);
        ra_set_output(g, d, rd);
        return;
    }
    int rb = host_base(g, base, &off);
    int rd = out_reg(g, rb, d);
    x64_load(&g->a, true, rd, rb, (int32_t)off);
    ra_set_output(g, d, rd);
}

static void gen_st_host(Gen *g, IRTemp v, IRTemp base, uint64_t off)
{
    g->unportable = true;
    lanes_before_host_access(g, base, off, true);
    int32_t imm;
    bool vimm = ra_imm_of(g, v, &imm);
    int rv = vimm ? -1 : ra_use_reg(g, v, ALLOC_MASK);
    const void *target;
    if (host_rip(g, base, off, &target)) {
        if (vimm) {
            x64_op_rip(&g->a, 0xc7 | X64_P_W, 0, target, 4);
            x64_u32(&g->a, (uint32_t)imm);
        } else {
            x64_op_rip(&g->a, 0x89 | X64_P_W, rv, target, 0);
        }
        return;
    }
    int rb = host_base(g, base, &off);
    if (vimm)
        x64_store_imm(&g->a, 8, imm, rb, (int32_t)off);
    else
        x64_store(&g->a, 8, rv, rb, (int32_t)off);
}

/* Relocations (X64Config.keep_relocs): the fields of this block holding
 * addresses that differ from one process to the next. */
static void note_reloc(Gen *g, uint8_t *field, uint8_t form, uint8_t base, int64_t addend)
{
    if (!x64_cfg.keep_relocs)
        return;
    if (g->nrelocs == g->relocs_cap) {
        g->relocs_cap = g->relocs_cap ? g->relocs_cap * 2 : 32;
        g->relocs = xrealloc(g->relocs, g->relocs_cap * sizeof(X64Reloc));
    }
    g->relocs[g->nrelocs++] = (X64Reloc){
        .off = (uint32_t)(field - g->a.start), .form = form, .base = base, .addend = addend,
    };
}

static void note_host_addr(Gen *g, uint8_t *field, uint8_t form, const void *target)
{
    uint8_t base;
    int64_t addend;
    if (!x64_cfg.keep_relocs)
        return;
    if (x64_reloc_base((uintptr_t)target, &base, &addend))
        note_reloc(g, field, form, base, addend);
    else
        g->unportable = true;
}

/* call target: a rel32 when it reaches, else through TMP with the address
 * in the 10-byte form, so that a relocation can put any address there. */
static void gen_call_to(Gen *g, const void *target)
{
    if (x64_rel32_reaches(g->a.p + 5, target)) {
        x64_byte(&g->a, 0xe8);
        uint8_t *field = g->a.p;
        x64_set_rel32(field, target);
        g->a.p += 4;
        note_host_addr(g, field, X64_REL32, target);
    } else {
        uint8_t *field = x64_mov_ri64(&g->a, X64_TMP, (uint64_t)(uintptr_t)target);
        x64_call_r(&g->a, X64_TMP);
        note_host_addr(g, field, X64_ABS64, target);
    }
}

/* The lanes' counts to memory, if they may hold any (x64-internal.h):
 * before a call, whose callee may look at the counters or never return. */
static void gen_lanes_flush(Gen *g)
{
    if (!x64_cfg.counter_lanes || !g->lanes_dirty)
        return;
    if (!x64_lanes_in_use()) {
        x64_lanes_note_call();
        return;
    }
    x64_ptest_lanes(&g->a);
    x64_byte(&g->a, 0x74);              /* jz over the call */
    uint8_t *skip = g->a.p++;
    gen_call_to(g, x64_lane_flush);
    *skip = (uint8_t)(g->a.p - (skip + 1));
    g->lanes_dirty = false;
}

/* Where the dirty globals are at a guest access (see X64FaultSave). */
static void record_saves(Gen *g, SlowPath *sp)
{
    sp->save_first = g->nsaves;
    IRTemp gend = g->s->nb_globals + 1;
    for (IRTemp t = ra_next_touched(g, 1, gend); t < gend; t = ra_next_touched(g, t + 1, gend)) {
        const TempLoc *l = &g->tl[t];
        if (l->mem_ok || (l->loc != LOC_REG && l->loc != LOC_CONST))
            continue;
        if (g->nsaves == g->saves_cap) {
            g->saves_cap = g->saves_cap ? g->saves_cap * 2 : 64;
            g->saves = xrealloc(g->saves, g->saves_cap * sizeof(X64FaultSave));
        }
        g->saves[g->nsaves++] = (X64FaultSave){
            .env_off = g->s->temps[t].env_off,
            .reg = l->loc == LOC_REG ? l->reg : -1,
            .val = l->val,
        };
    }
    sp->nsave = g->nsaves - sp->save_first;
}

/* The access instruction of mo comes next: a host fault there is a guest
 * one (or, for an IR_MO_RETRY load, a retry of its instruction alone). */
static void mark_access(Gen *g, const SlowPath *sp, unsigned mo)
{
    g->faults[g->nfaults++] = (X64FaultPoint){
        .host_off = (uint32_t)(g->a.p - g->a.start),
        .first = sp->save_first,
        .n = sp->nsave,
        .retry = (mo & IR_MO_RETRY) != 0,
    };
}

/* The range and alignment checks of a guest access at ra, made once every
 * register the access needs is allocated. */
static SlowPath *gen_mem_checks(Gen *g, int ra, unsigned mo, bool store)
{
    SlowPath *sp = &g->slow[g->nslow++];
    record_saves(g, sp);
    unsigned lg = mo & IR_MO_SIZE;
    sp->field[1] = NULL;
    sp->site_off = 0;
    if ((mo & IR_MO_ALIGN) && lg) {
        x64_test_ri(&g->a, ra, (1u << lg) - 1);
        sp->field[1] = x64_jcc32(&g->a, X64_CC_NE);
    }
    x64_cmp_rip(&g->a, ra, &x64_range_limit[lg]);
    note_host_addr(g, g->a.p - 4, X64_REL32, &x64_range_limit[lg]);
    sp->field[0] = x64_jcc32(&g->a, X64_CC_A);
    sp->kind = SLOW_FAULT;
    sp->addr_reg = (int8_t)ra;
    /* a load the guest may not make: its instruction runs again alone */
    sp->info = (mo & IR_MO_RETRY) ? X64_FAULT_GROUP : mo | (store ? X64_FAULT_STORE : 0);
    sp->pc = g->cur_pc;
    return sp;
}

/* Reverse the low size bytes of r and extend them as mo says. */
static void gen_bswap_value(Gen *g, int r, unsigned mo)
{
    switch (mo & IR_MO_SIZE) {
    case IR_MO_16:
        x64_bswap16(&g->a, r);
        x64_ext_rr(&g->a, 2, (mo & IR_MO_SIGN) != 0, r, r);
        break;
    case IR_MO_32:
        x64_bswap(&g->a, false, r);
        if (mo & IR_MO_SIGN)
            x64_ext_rr(&g->a, 4, true, r, r);
        break;
    case IR_MO_64:
        x64_bswap(&g->a, true, r);
        break;
    }
}

/* The register holding what a store of mo writes: rv, or for a
 * big-endian store of more than a byte, rv's bytes swapped into scratch. */
static int store_value(Gen *g, unsigned mo, int rv, int scratch)
{
    unsigned size = ir_memop_size(mo);
    if (!(mo & IR_MO_BE) || size == 1)
        return rv;
    x64_mov_rr(&g->a, true, scratch, rv);
    if (size == 2)
        x64_bswap16(&g->a, scratch);
    else
        x64_bswap(&g->a, size == 8, scratch);
    return scratch;
}

/* ---- full-system mode: the inline software TLB ---- */

/* The caller-saved registers a slow path's call must preserve: those
 * holding a value needed after the access (but out, the load's result). */
static uint16_t live_caller_saved(const Gen *g, int out)
{
    uint16_t keep = 0;
    for (int r = 0; r < 16; r++) {
        IRTemp t = g->reg_temp[r];
        if ((CALLER_SAVED & BIT(r)) && r != out && t != NONE && ra_needed_after(g, t))
            keep |= BIT(r);
    }
    return keep;
}

/* The TLB's hit test (ir/softmmu.h) of the access at ra, with rs and r11
 * as scratch: on a hit r11 ends up holding the entry's addend and rs the
 * page, on a miss the returned rel32 (of a jne) is taken. */
static uint8_t *gen_tlb_probe(Gen *g, int ra, int rs, unsigned mo, bool store)
{
    _Static_assert(sizeof(TLBEntry) == 1u << 5 && TLB_PAGE_BITS >= 5, "index = addr >> (page bits - 5)");
    unsigned size = ir_memop_size(mo);
    uint32_t align = (mo & IR_MO_ALIGN) ? size - 1 : 0;
    int32_t table = (int32_t)(x64_cfg.softmmu->tlb_off + offsetof(CPUTLB, e[ir_memop_mmu(mo)])) - X64_ENV_BIAS;
    /* r11 = the entry's offset in the table */
    x64_rorx(&g->a, X64_TMP, ra, TLB_PAGE_BITS - 5);
    x64_alu_ri(&g->a, X64_AND, false, X64_TMP, (TLB_SIZE - 1) << 5);
    /* rs = the page of the last byte, or of the first with its alignment bits */
    if (size - 1 - align)
        x64_lea(&g->a, rs, ra, X64_NO_REG, (int32_t)(size - 1 - align));
    else
        x64_mov_rr(&g->a, true, rs, ra);
    x64_alu_ri(&g->a, X64_AND, true, rs, (int32_t)(TLB_PAGE_MASK | align));
    int32_t cmp = store ? offsetof(TLBEntry, addr_write) : offsetof(TLBEntry, addr_read);
    x64_alu_rm_sib(&g->a, X64_CMP, true, rs, X64_ENV, X64_TMP, table + cmp);
    uint8_t *miss = x64_jcc32(&g->a, X64_CC_NE);
    x64_load_sib(&g->a, true, X64_TMP, X64_ENV, X64_TMP, table + (int32_t)offsetof(TLBEntry, addend));
    return miss;
}

/* Look the access at ra up, with rs and r11 as scratch; on a hit r11 ends
 * up holding the host addend, on a miss the new slow path is taken. The
 * access compares the page with its site slot's (ir/softmmu.h: a load's
 * or a store's) and leaves the TLB to the slow path's code, which refills
 * the slot on a TLB hit. */
static SlowPath *gen_tlb_lookup(Gen *g, int ra, int rs, unsigned mo, bool store)
{
    SlowPath *sp = &g->slow[g->nslow++];
    record_saves(g, sp);
    sp->field[1] = NULL;
    unsigned mmu = ir_memop_mmu(mo), size = ir_memop_size(mo), k = tlb_site_of(g->cur_pc);
    sp->site_off = (int32_t)(x64_cfg.softmmu->tlb_off +
                             (store ? offsetof(CPUTLB, wsite[mmu][k]) : offsetof(CPUTLB, site[mmu][k]))) -
                   X64_ENV_BIAS;
    sp->tag_reg = (int8_t)rs;
    x64_mov_rr(&g->a, true, rs, ra);
    x64_alu_ri(&g->a, X64_AND, true, rs, (int32_t)(TLB_PAGE_MASK | (size - 1)));
    x64_alu_rm(&g->a, X64_CMP, true, rs, X64_ENV, sp->site_off + (int32_t)offsetof(TLBSite, tag));
    sp->field[0] = x64_jcc32(&g->a, X64_CC_NE);
    x64_load(&g->a, true, X64_TMP, X64_ENV, sp->site_off + (int32_t)offsetof(TLBSite, addend));
    sp->access = g->a.p;
    sp->kind = store ? SLOW_STORE : SLOW_LOAD;
    sp->addr_reg = (int8_t)ra;
    sp->info = mo;
    sp->pc = g->cur_pc;
    return sp;
}

static void gen_qemu_ld_softmmu(Gen *g, IRTemp d, IRTemp addr, unsigned mo)
{
    int ra = ra_use_reg(g, addr, ALLOC_MASK);
    int rd = out_reg(g, ra, d);
    /* The compare's scratch: the result's register unless that is ra. */
    int rs = rd != ra ? rd : ra_alloc_reg(g, ALLOC_MASK);
    uint16_t keep = live_caller_saved(g, rd);
    SlowPath *sp = gen_tlb_lookup(g, ra, rs, mo, false);
    unsigned size = ir_memop_size(mo);
    bool swap = (mo & IR_MO_BE) && size > 1;
    x64_load_ext_sib(&g->a, size, (mo & IR_MO_SIGN) && !swap, rd, X64_TMP, ra, 0);
    if (swap)
        gen_bswap_value(g, rd, mo);
    sp->val_reg = (int8_t)rd;
    sp->keep = keep;
    sp->resume = g->a.p;
    ra_set_output(g, d, rd);
}

static void gen_qemu_st_softmmu(Gen *g, IRTemp v, IRTemp addr, unsigned mo)
{
    unsigned size = ir_memop_size(mo);
    int32_t imm = 0;
    bool vimm = !(mo & IR_MO_BE) && ra_imm_of(g, v, &imm);
    int rv = vimm ? -1 : ra_use_reg(g, v, ALLOC_MASK);
    int ra = ra_use_reg(g, addr, ALLOC_MASK);
    int rs = ra_alloc_reg(g, ALLOC_MASK);
    uint16_t keep = live_caller_saved(g, -1);
    SlowPath *sp = gen_tlb_lookup(g, ra, rs, mo, true);
    sp->val_reg = (int8_t)rv;
    sp->imm = imm;
    sp->keep = keep;
    if (vimm) {
        x64_store_imm_sib(&g->a, size, imm, X64_TMP, ra, 0);
    } else {
        rv = store_value(g, mo, rv, rs);
        x64_store_sib(&g->a, size, rv, X64_TMP, ra, 0);
    }
    sp->resume = g->a.p;
}

/* ---- guest memory ---- */

/* Before the first access of a group (plan_groups), base in rb: its range
 * check, whose failure leaves at this instruction (X64_FAULT_GROUP). */
static SlowPath *gen_group_check(Gen *g, const GroupedAccess *ga, int rb)
{
    SlowPath *sp = &g->slow[g->nslow++];
    record_saves(g, sp);
    int rc = rb;
    if (ga->lo) {
        x64_lea(&g->a, X64_TMP, rb, X64_NO_REG, ga->lo);
        rc = X64_TMP;
    }
    x64_cmp_rip(&g->a, rc, &x64_range_limit[ga->lg]);
    note_host_addr(g, g->a.p - 4, X64_REL32, &x64_range_limit[ga->lg]);
    sp->field[0] = x64_jcc32(&g->a, X64_CC_A);
    sp->field[1] = NULL;
    sp->site_off = 0;
    sp->kind = SLOW_FAULT;
    sp->addr_reg = (int8_t)rb;
    sp->info = X64_FAULT_GROUP;
    sp->pc = g->cur_pc;
    return sp;
}

/* Where the dirty globals are at an access of a group (to rec), after
 * the range check if it is the group's first. */
static void group_access_checks(Gen *g, const GroupedAccess *ga, int rb, SlowPath *rec)
{
    if (ga->role == 2)
        *rec = *gen_group_check(g, ga, rb);
    else
        record_saves(g, rec);
}

static void gen_grouped_ld(Gen *g, IRTemp d, unsigned mo)
{
    const GroupedAccess *ga = &g->grouped[g->idx];
    int rb = ra_use_reg(g, ga->base, ALLOC_MASK);
    int rd = out_reg(g, rb, d);
    int32_t disp = 0;
    gbase_disp(ga->off, &disp);   /* plan_groups made sure it fits */
    SlowPath rec;
    group_access_checks(g, ga, rb, &rec);
    mark_access(g, &rec, mo);
    unsigned size = ir_memop_size(mo);
    bool swap = (mo & IR_MO_BE) && size > 1;
    x64_load_ext_scaled(&g->a, size, (mo & IR_MO_SIGN) && !swap, rd, rb, X64_NO_REG, 0, disp);
    note_reloc(g, g->a.p - 4, X64_ABS32, X64_RB_GBASE, ga->off);
    if (swap)
        gen_bswap_value(g, rd, mo);
    ra_set_output(g, d, rd);
}

static void gen_grouped_st(Gen *g, IRTemp v, unsigned mo)
{
    const GroupedAccess *ga = &g->grouped[g->idx];
    unsigned size = ir_memop_size(mo);
    int rv = ra_use_reg(g, v, ALLOC_MASK);
    int rb = ra_use_reg(g, ga->base, ALLOC_MASK);
    int32_t disp = 0;
    gbase_disp(ga->off, &disp);   /* plan_groups made sure it fits */
    SlowPath rec;
    group_access_checks(g, ga, rb, &rec);   /* before the swap: its lea may use TMP */
    rv = store_value(g, mo, rv, X64_TMP);
    mark_access(g, &rec, mo);
    x64_store_scaled(&g->a, size, rv, rb, X64_NO_REG, 0, disp);
    note_reloc(g, g->a.p - 4, X64_ABS32, X64_RB_GBASE, ga->off);
}

static void gen_qemu_ld(Gen *g, IRTemp d, IRTemp addr, unsigned mo)
{
    if (x64_cfg.softmmu) {
        gen_qemu_ld_softmmu(g, d, addr, mo);
        return;
    }
    if (g->grouped && g->grouped[g->idx].role) {
        gen_grouped_ld(g, d, mo);
        return;
    }
    int ra = ra_use_reg(g, addr, ALLOC_MASK);
    int rd = out_reg(g, ra, d);
    int32_t disp;
    bool fold = addr_folds(g, ra, &disp);
    AddrLea f = g->addr;
    mark_access(g, gen_mem_checks(g, ra, mo, false), mo);
    unsigned size = ir_memop_size(mo);
    bool swap = (mo & IR_MO_BE) && size > 1;
    if (fold) {
        x64_load_ext_scaled(&g->a, size, (mo & IR_MO_SIGN) && !swap, rd, f.base, f.index, f.scale, disp);
        note_reloc(g, g->a.p - 4, X64_ABS32, X64_RB_GBASE, f.disp);
    } else {
        x64_load_ext_sib(&g->a, size, (mo & IR_MO_SIGN) && !swap, rd, X64_GBASE, ra, 0);
    }
    if (swap)
        gen_bswap_value(g, rd, mo);
    ra_set_output(g, d, rd);
}

static void gen_qemu_st(Gen *g, IRTemp v, IRTemp addr, unsigned mo)
{
    if (x64_cfg.softmmu) {
        gen_qemu_st_softmmu(g, v, addr, mo);
        return;
    }
    if (g->grouped && g->grouped[g->idx].role) {
        gen_grouped_st(g, v, mo);
        return;
    }
    unsigned size = ir_memop_size(mo);
    int32_t imm;
    bool vimm = !(mo & IR_MO_BE) && ra_imm_of(g, v, &imm);
    int rv = vimm ? -1 : ra_use_reg(g, v, ALLOC_MASK);
    int ra = ra_use_reg(g, addr, ALLOC_MASK);
    int32_t disp;
    bool fold = !vimm && addr_folds(g, ra, &disp);
    AddrLea f = g->addr;
    SlowPath *sp = gen_mem_checks(g, ra, mo, true);
    if (vimm) {
        mark_access(g, sp, mo);
        x64_store_imm_sib(&g->a, size, imm, X64_GBASE, ra, 0);
        return;
    }
    rv = store_value(g, mo, rv, X64_TMP);
    mark_access(g, sp, mo);
    if (fold) {
        x64_store_scaled(&g->a, size, rv, f.base, f.index, f.scale, disp);
        note_reloc(g, g->a.p - 4, X64_ABS32, X64_RB_GBASE, f.disp);
    } else {
        x64_store_sib(&g->a, size, rv, X64_GBASE, ra, 0);
    }
}

/* Register moves src[k] -> dst[k] done as one parallel assignment (src[k]
 * < 0: nothing to move); the destinations are distinct. A move runs once
 * no pending move still reads its destination; what is left are cycles,
 * broken by exchanges. */
static void parallel_move(Gen *g, int *src, const int8_t *dst, unsigned n)
{
    bool pending[16];
    unsigned npending = 0;
    for (unsigned k = 0; k < n; k++) {
        pending[k] = src[k] >= 0 && src[k] != dst[k];
        npending += pending[k];
    }
    while (npending) {
        bool progress = false;
        for (unsigned k = 0; k < n; k++) {
            if (!pending[k])
                continue;
            bool blocked = false;
            for (unsigned j = 0; j < n; j++)
                if (j != k && pending[j] && src[j] == dst[k])
                    blocked = true;
            if (blocked)
                continue;
            x64_mov_rr(&g->a, true, dst[k], src[k]);
            pending[k] = false;
            npending--;
            progress = true;
        }
        if (progress)
            continue;
        for (unsigned k = 0; k < n; k++) {
            if (!pending[k])
                continue;
            int s = src[k], d = dst[k];
            x64_op_rr(&g->a, 0x87 | X64_P_W, s, d);   /* xchg */
            pending[k] = false;
            npending--;
            for (unsigned j = 0; j < n; j++) {
                if (!pending[j])
                    continue;
                if (src[j] == d)
                    src[j] = s;
                else if (src[j] == s)
                    src[j] = d;
                if (src[j] == dst[j]) {
                    pending[j] = false;
                    npending--;
                }
            }
            break;
        }
    }
}

/* Temps into the registers dst: those in registers by a parallel move,
 * then constants, env and values from their homes. flags_dead: nothing
 * reads the host flags afterwards (a call follows), so a zero may be
 * made by xor. */
static void load_regs(Gen *g, const IRTemp *t, const int8_t *dst, unsigned n, bool flags_dead)
{
    int src[16];
    for (unsigned k = 0; k < n; k++)
        src[k] = ra_is_var(g, t[k]) && g->tl[t[k]].loc == LOC_REG ? g->tl[t[k]].reg : -1;
    int moved[16];
    memcpy(moved, src, sizeof(int) * n);
    parallel_move(g, moved, dst, n);
    for (unsigned k = 0; k < n; k++) {
        uint64_t v;
        if (src[k] >= 0)
            continue;
        if (flags_dead && ra_const_of(g, t[k], &v) && v == 0)
            x64_alu_rr(&g->a, X64_XOR, false, dst[k], dst[k]);
        else
            ra_emit_value(g, dst[k], t[k]);
    }
}

/* A call of a small leaf function made by running a copy of its code
 * (x64-leaf.c): only the registers the copy writes, and those of the
 * arguments it reads, are taken; what they held that is still needed moves
 * to another free register or its home. Nothing else changes: the copy
 * touches no register but those and xmm0-xmm14 (dead at a call), and the
 * callee-saved ones it saves in its frame on the stack, and the flags are
 * dead at a call. The copy's bail-outs go to an out-of-line call of the
 * function, which takes the copy's frame down first, loads the arguments from where their values are
 * at the copy (a register it does not write, a constant, a home), and
 * keeps the live caller-saved registers on the stack around the call.
 * False if the function is not copied (or its memory operands would not
 * reach from here): the caller then calls it. */
static bool copies_leaf(const IRHelper *h, const IROp *op)
{
    return (h->flags & (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_COPY_LEAF)) ==
               (IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS | IR_CALL_COPY_LEAF) &&
           !op->nout;
}

/* Take down the frame a copy left built (Gen.open_leaf). */
static void leaf_close(Gen *g)
{
    if (!g->open_leaf)
        return;
    x64_leaf_emit_frame(&g->a, g->open_leaf, false);
    g->open_leaf = NULL;
}

/* The registers l's frame saves. */
static uint16_t leaf_frame_regs(const X64Leaf *l)
{
    uint16_t m = 0;
    for (unsigned k = 0; k < l->frame_depth; k++)
        if (l->frame[k] < 16)
            m |= (uint16_t)BIT(l->frame[k]);
    return m;
}

/* May the copy of l at op go on in the frame the copy before it left
 * built? Its code between the two must not touch the saved registers,
 * which hold the copies' values until the frame comes down: no lane
 * flush (it finds scoreboards through env), and the arguments it reads
 * from constants or registers outside the frame (not from their homes,
 * through env). */
static bool leaf_goes_on(Gen *g, const IROp *op, const X64Leaf *l)
{
    uint16_t saved = leaf_frame_regs(l);
    if (x64_cfg.counter_lanes && g->lanes_dirty && x64_lanes_in_use())
        return false;
    /* nothing to move out of the registers the copy takes (the copy
     * before took them, and nothing since held a value there) */
    for (int r = 0; r < 16; r++)
        if ((l->writes & BIT(r)) && g->reg_temp[r] != NONE)
            return false;
    for (unsigned k = 0; k < op->nin; k++) {
        IRTemp t = (IRTemp)op->args[op->nout + k];
        uint64_t v;
        if (!(l->reads & BIT(arg_regs[k])) || (t != IR_ENV && ra_const_of(g, t, &v)))
            continue;
        if (t == IR_ENV || g->tl[t].loc != LOC_REG || (saved & BIT(g->tl[t].reg)) ||
            (g->reg_temp[arg_regs[k]] != NONE && g->reg_temp[arg_regs[k]] != t))
            return false;
    }
    return true;
}

/* Does the op after this one (i) copy the same leaf, so that this copy
 * may leave its frame built for it? */
static bool leaf_next_same(const Gen *g, uint32_t i, const IRHelper *h)
{
    const IRContext *s = g->s;
    if (i + 1 >= s->nb_ops || g->skip[i + 1] || s->ops[i + 1].opc != IR_call)
        return false;
    const IROp *n = &s->ops[i + 1];
    const IRHelper *nh = (const IRHelper *)(uintptr_t)n->args[n->nout + n->nin];
    return nh->fn == h->fn && copies_leaf(nh, n);
}

/* A copy's addition that a counter lane takes (x64_leaf_lane_add). */
typedef struct LeafLane {
    Gen *g;
    int k;
    const void *addr;
    int64_t imm;
} LeafLane;

static void emit_lane_add(Gen *g, int k, int32_t imm);

static void leaf_lane_add(void *ctx)
{
    LeafLane *ll = ctx;
    emit_lane_add(ll->g, ll->k, (int32_t)ll->imm);
}

/* Does no memory operand of l but its instruction at read a word that a
 * lane counts? */
static bool leaf_reads_no_lane(const X64Leaf *l, int at)
{
    for (unsigned i = 0; i < l->n; i++) {
        const X64LeafInsn *ins = &l->insn[i];
        if (ins->dead || ins->access != 1 || (int)i == at)
            continue;
        const uint8_t *src = l->code + ins->off;
        int32_t disp;
        memcpy(&disp, src + ins->disp_at, 4);
        for (int b = -7; b < 16; b++)   /* any word the access may overlap */
            if (x64_lane_of((X64LaneKey){ -1, (uint64_t)(uintptr_t)(src + ins->len + disp + b) }, false) >= 0)
                return false;
    }
    return true;
}

static bool gen_leaf_call(Gen *g, const IROp *op, const IRHelper *h)
{
    const X64Leaf *l = copies_leaf(h, op) ? x64_leaf_of(h->fn) : NULL;
    if (!l || !x64_leaf_reaches(l, g->a.p, X64_OP_MAX_BYTES) || l->n_bail > 2 ||
        (g->open_leaf && (g->open_leaf != l || !leaf_goes_on(g, op, l))))
        leaf_close(g);
    if (!l || !x64_leaf_reaches(l, g->a.p, X64_OP_MAX_BYTES) || l->n_bail > 2)
        return false;
    unsigned open = g->open_leaf ? X64_LEAF_OPEN_IN : 0;
    uint16_t avoid = g->open_leaf ? leaf_frame_regs(l) : 0;
    g->open_leaf = NULL;
    if (l->chain && leaf_next_same(g, g->idx, h))
        open |= X64_LEAF_OPEN_OUT;
    IRTemp args[IR_MAX_CALL_ARGS];
    int8_t dst[IR_MAX_CALL_ARGS];
    unsigned n = 0;
    uint16_t taken = l->writes;
    for (unsigned k = 0; k < op->nin; k++) {
        if (l->reads & BIT(arg_regs[k])) {
            args[n] = (IRTemp)op->args[op->nout + k];
            dst[n++] = arg_regs[k];
            taken |= BIT(arg_regs[k]);
        }
    }
    if (open & X64_LEAF_OPEN_OUT) {
        /* The next copy's arguments in registers the frame saves move
         * out of them, so that it can go on in this copy's frame. */
        uint16_t saved = leaf_frame_regs(l);
        IROp next;
        renamed(g, g->idx + 1, &next);
        for (unsigned k = 0; k < next.nin; k++) {
            IRTemp t = (IRTemp)next.args[next.nout + k];
            if ((l->reads & BIT(arg_regs[k])) && t != IR_ENV && ra_is_var(g, t) &&
                g->tl[t].loc == LOC_REG && (saved & BIT(g->tl[t].reg)))
                ra_evict(g, g->tl[t].reg, taken | saved);
        }
    }
    for (int r = 0; r < 16; r++)
        if (taken & BIT(r))
            ra_evict(g, r, taken | avoid);
    CallArg *where = NULL;
    if (l->n_bail) {
        where = x64_scratch(sizeof(CallArg) * op->nin);
        for (unsigned k = 0; k < op->nin; k++) {
            IRTemp t = (IRTemp)op->args[op->nout + k];
            uint64_t v;
            if (t == IR_ENV)
                where[k].kind = ARG_ENV;
            else if (ra_const_of(g, t, &v))
                where[k] = (CallArg){ .kind = ARG_CONST, .val = (int64_t)v };
            else if (g->tl[t].loc == LOC_REG)
                where[k] = (CallArg){ .kind = ARG_REG, .reg = (int8_t)g->tl[t].reg };
            else
                where[k] = (CallArg){ .kind = ARG_HOME, .val = ra_home(g, t) };
        }
    }
    load_regs(g, args, dst, n, true);
    /* The copy's one addition to a fixed word may go to a counter lane
     * (libmem.so's); then nothing else in it reads a lane's counter and
     * the lanes need flushing only on its bail-outs, before their call. */
    LeafLane ll = { .g = g, .k = -1 };
    int lane_at = x64_cfg.counter_lanes ? x64_leaf_lane_add(l, &ll.addr, &ll.imm) : -1;
    if (lane_at >= 0 && ll.imm == (int32_t)ll.imm && leaf_reads_no_lane(l, lane_at))
        ll.k = x64_lane_of((X64LaneKey){ -1, (uint64_t)(uintptr_t)ll.addr }, true);
    if (ll.k < 0)
        gen_lanes_flush(g);
    uint16_t keep = live_caller_saved(g, -1) & ~taken;
    uint8_t *bail[2] = { NULL, NULL };
    x64_leaf_emit_replacing(&g->a, l, bail, open, ll.k >= 0 ? lane_at : -1, leaf_lane_add, &ll);
    if (l->n_bail) {
        SlowPath *sp = &g->slow[g->nslow++];
        *sp = (SlowPath){ .field = { bail[0], bail[1] }, .kind = SLOW_CALL, .keep = keep,
                          .resume = g->a.p, .fn = h->fn, .args = where, .nargs = (uint8_t)op->nin,
                          .leaf = l, .reopen = (open & X64_LEAF_OPEN_OUT) != 0,
                          .flush_lanes = ll.k >= 0 };
    }
    if (open & X64_LEAF_OPEN_OUT) {
        g->open_leaf = l;
        g->open_next = g->idx + 1;
    }
    if (x64_cfg.keep_relocs)
        g->unportable = true;       /* the copy addresses the plugin's data */
    return true;
}

/* A slow path's call keeps the live caller-saved registers (keep) on the
 * stack, which stays 16-byte aligned for the call; returns how many. */
static unsigned slow_push_kept(Gen *g, uint32_t keep)
{
    unsigned n = 0;
    for (int r = 0; r < 16; r++) {
        if (keep & BIT(r)) {
            x64_push(&g->a, r);
            n++;
        }
    }
    if (n & 1)
        x64_alu_ri(&g->a, X64_SUB, true, X64_RSP, 8);
    return n;
}

/* Undo slow_push_kept after the call and go back into the block. */
static void slow_pop_kept_and_resume(Gen *g, const SlowPath *sp, unsigned n)
{
    if (n & 1)
        x64_alu_ri(&g->a, X64_ADD, true, X64_RSP, 8);
    for (int r = 16; r-- > 0;)
        if (sp->keep & BIT(r))
            x64_pop(&g->a, r);
    /* A copy that left its frame built for the next copy: build it again
     * (with the block's registers, which it saved). */
    if (sp->kind == SLOW_CALL && sp->reopen)
        x64_leaf_emit_frame(&g->a, sp->leaf, true);
    x64_jmp_to(&g->a, sp->resume);
}

/* A copied leaf's bail-out: the call it stands for. */
static void gen_slow_call(Gen *g, const SlowPath *sp)
{
    x64_leaf_emit_undo(&g->a, sp->leaf);
    unsigned n = slow_push_kept(g, sp->keep);
    int src[IR_MAX_CALL_ARGS];
    for (unsigned k = 0; k < sp->nargs; k++)
        src[k] = sp->args[k].kind == ARG_REG ? sp->args[k].reg : -1;
    if (sp->flush_lanes)
        gen_call_to(g, x64_lane_flush);     /* the function reads what the copy counted */
    parallel_move(g, src, arg_regs, sp->nargs);
    for (unsigned k = 0; k < sp->nargs; k++) {
        const CallArg *a = &sp->args[k];
        if (a->kind == ARG_CONST)
            x64_mov_ri(&g->a, arg_regs[k], (uint64_t)a->val);
        else if (a->kind == ARG_HOME)
            x64_load(&g->a, true, arg_regs[k], X64_ENV, (int32_t)a->val);
        else if (a->kind == ARG_ENV)
            x64_lea(&g->a, arg_regs[k], X64_ENV, X64_NO_REG, -X64_ENV_BIAS);
    }
    gen_call_to(g, sp->fn);
    if (x64_cfg.counter_lanes && x64_lanes_in_use())
        x64_pxor_lanes(&g->a);      /* whatever the callee left there */
    slow_pop_kept_and_resume(g, sp, n);
}

static void gen_call(Gen *g, const IROp *op)
{
    const IRHelper *h = (const IRHelper *)(uintptr_t)op->args[op->nout + op->nin];
    if ((h->flags & IR_CALL_COPY_LEAF) && gen_leaf_call(g, op, h))
        return;
    bool no_read = h->flags & IR_CALL_NO_READ_GLOBALS, no_write = h->flags & IR_CALL_NO_WRITE_GLOBALS;
    if (!no_read || !no_write)
        ra_sync_globals(g);
    /* Values in caller-saved registers that outlive the call move to a free
     * callee-saved register or their home; the registers keep their
     * contents until the argument moves below. */
    for (int r = 0; r < 16; r++) {
        IRTemp t = g->reg_temp[r];
        if (!(CALLER_SAVED & BIT(r)) || t == NONE || !ra_needed_after(g, t) || g->tl[t].mem_ok)
            continue;
        int n = ra_find_free(g, CALLEE_SAVED);
        if (n >= 0) {
            x64_mov_rr(&g->a, true, n, r);
            g->reg_temp[r] = NONE;
            ra_bind(g, t, n);
        } else {
            ra_sync_temp(g, t);
        }
    }
    IRTemp args[IR_MAX_CALL_ARGS];
    for (unsigned k = 0; k < op->nin; k++)
        args[k] = (IRTemp)op->args[op->nout + k];
    load_regs(g, args, arg_regs, op->nin, true);
    for (int r = 0; r < 16; r++) {
        IRTemp t = g->reg_temp[r];
        if ((CALLER_SAVED & BIT(r)) && t != NONE) {
            g->reg_temp[r] = NONE;
            g->tl[t].loc = g->tl[t].mem_ok ? LOC_MEM : LOC_DEAD;
        }
    }
    /* A helper that cannot raise (it reads no guest register) and is no
     * plugin's code cannot lose or look at the lanes' counts: they wait
     * in env across it rather than go to memory. */
    bool keep = x64_cfg.counter_lanes && g->lanes_dirty && x64_lanes_in_use() &&
                (h->flags & IR_CALL_NO_READ_GLOBALS) && !(h->flags & IR_CALL_PLUGIN);
    int32_t keep_at = (int32_t)x64_cfg.call_keep_off - X64_ENV_BIAS;
    if (keep)
        x64_op_mem(&g->a, 0x7f | X64_P_F3 | X64_P_0F, X64_LANES, X64_ENV, keep_at);    /* movdqu */
    else
        gen_lanes_flush(g);
    gen_call_to(g, h->fn);
    if (keep)
        x64_op_mem(&g->a, 0x6f | X64_P_F3 | X64_P_0F, X64_LANES, X64_ENV, keep_at);
    else if (x64_cfg.counter_lanes && x64_lanes_in_use())
        x64_pxor_lanes(&g->a);      /* whatever the callee left there */
    if (!no_write) {
        IRTemp gend = g->s->nb_globals + 1;
        for (IRTemp t = ra_next_touched(g, 1, gend); t < gend; t = ra_next_touched(g, t + 1, gend)) {
            TempLoc *l = &g->tl[t];
            if (l->loc == LOC_REG)
                g->reg_temp[l->reg] = NONE;
            *l = (TempLoc){ .loc = LOC_MEM, .mem_ok = true };
        }
    }
    if (op->nout) {
        g->locked |= BIT(X64_RAX);
        ra_set_output(g, (IRTemp)op->args[0], X64_RAX);
    }
}

static void gen_exit(Gen *g, uint64_t code)
{
    uint8_t *tag = x64_mov_ri64(&g->a, X64_RAX, g->tag | code);
    note_reloc(g, tag, X64_ABS64, X64_RB_TAG, (int64_t)code);
    uint8_t *field = x64_jmp32(&g->a);
    x64_set_rel32(field, x64_epilogue);
    note_host_addr(g, field, X64_REL32, x64_epilogue);
}

static bool is_loop_global(const Gen *g, IRTemp t)
{
    for (unsigned i = 0; i < g->nloop; i++)
        if (g->loop_g[i] == t)
            return true;
    return false;
}

/* Sync every global but the pc and the loop globals to env, then the loop
 * globals into their registers: the state at a loop head. */
static void enter_loop_state(Gen *g)
{
    IRTemp gend = g->s->nb_globals + 1;
    for (IRTemp t = ra_next_touched(g, 1, gend); t < gend; t = ra_next_touched(g, t + 1, gend))
        if (t != g->pc && !is_loop_global(g, t))
            ra_sync_temp(g, t);
    load_regs(g, g->loop_g, g->loop_r, g->nloop, false);
}

/* goto_tb back to loop head h of this block: carry the loop globals in
 * their registers there, everything else in env, after an exit_request
 * check. The jump is patched to this edge's own loop exit (which leaves
 * with the head's pc) when the block is invalidated (x64_invalidate). */
static void gen_loop_back(Gen *g, unsigned h)
{
    enter_loop_state(g);
    x64_alu_mi(&g->a, X64_CMP, false, X64_ENV, (int32_t)x64_cfg.exit_request_off - X64_ENV_BIAS, 0);
    g->loop_exit[g->nself] = x64_jcc32(&g->a, X64_CC_NE);
    x64_nops(&g->a, (4 - ((uintptr_t)(g->a.p + 1) & 3)) & 3);
    uint8_t *field = x64_jmp32(&g->a);
    x64_set_rel32(field, g->head_at[h]);
    g->self_pc[g->nself] = g->head_pc[h];
    g->self_field[g->nself++] = (uint32_t)(field - g->a.start);
    g->reachable = false;
}

/* The jump cache's TB for the pc in register rp (at index jc if known,
 * else hashed from rp here): jump to it
 * if it is valid, has that pc and, under softmmu, this block's flags; fall
 * through on a miss. Clobbers X64_TMP. */
static void gen_jc_probe(Gen *g, int rp, bool known, uint32_t jc)
{
    const X64Config *c = &x64_cfg;
    int h = X64_TMP;
    if (known) {
        x64_load(&g->a, true, h, X64_ENV, (int32_t)(c->jc_off + 8 * jc) - X64_ENV_BIAS);
    } else {
        x64_mov_rr(&g->a, true, h, rp);
        if (c->jc_shift2 > c->jc_shift1) {
            x64_shift_ri(&g->a, X64_SHR, true, h, c->jc_shift2 - c->jc_shift1);
            x64_alu_rr(&g->a, X64_XOR, true, h, rp);
        }
        if (c->jc_shift1)
            x64_shift_ri(&g->a, X64_SHR, true, h, c->jc_shift1);
        x64_alu_ri(&g->a, X64_AND, false, h, (int32_t)c->jc_mask);
        x64_op_mem_sib(&g->a, 0x8b | X64_P_W, h, X64_ENV, h, 3, (int32_t)c->jc_off - X64_ENV_BIAS);
    }
    uint8_t *miss[4];
    unsigned n = 0;
    x64_test_rr(&g->a, true, h, h);
    miss[n++] = x64_jcc32(&g->a, X64_CC_E);
    x64_alu_rm(&g->a, X64_CMP, true, rp, h, (int32_t)c->tb_pc_off);
    miss[n++] = x64_jcc32(&g->a, X64_CC_NE);
    if (c->softmmu) {
        x64_alu_mi(&g->a, X64_CMP, false, h, (int32_t)c->tb_flags_off, (int32_t)g->entry_flags);
        miss[n++] = x64_jcc32(&g->a, X64_CC_NE);
    }
    x64_alu_mi(&g->a, X64_CMP, false, h, (int32_t)c->tb_invalid_off, 0);
    miss[n++] = x64_jcc32(&g->a, X64_CC_NE);
    x64_jmp_mem(&g->a, h, (int32_t)c->tb_code_off);
    for (unsigned i = 0; i < n; i++)
        x64_set_rel32(miss[i], g->a.p);
}

static void gen_goto_tb(Gen *g, unsigned slot)
{
    for (unsigned k = 0; k < g->nback; k++) {
        unsigned h = g->back_head[k];
        if (g->back_op[k] == g->idx && g->head_at[h] && g->tl[g->pc].loc == LOC_CONST &&
            g->tl[g->pc].val == g->head_pc[h]) {
            gen_loop_back(g, h);
            return;
        }
    }
    ra_sync_globals_but_pc(g);
    /* Align the rel32 so a patch is one atomic 4-byte store. */
    x64_nops(&g->a, (4 - ((uintptr_t)(g->a.p + 1) & 3)) & 3);
    uint8_t *field = x64_jmp32(&g->a);
    g->jmp_field[slot] = (uint32_t)(field - g->a.start);
    /* Softmmu never chains to another page, whose mapping may differ the
     * next time round: such a jump probes the jump cache (emptied whenever
     * the mapping may change) instead of going back to the loop. */
    if (x64_cfg.softmmu && g->pc != NONE && g->tl[g->pc].loc == LOC_CONST &&
        ((g->tl[g->pc].val ^ g->entry_pc) & TLB_PAGE_MASK)) {
        const X64Config *c = &x64_cfg;
        uint64_t to = g->tl[g->pc].val;
        uint32_t jc = (uint32_t)((to >> c->jc_shift1) ^ (to >> c->jc_shift2)) & c->jc_mask;
        x64_mov_ri(&g->a, X64_RAX, to);
        gen_jc_probe(g, X64_RAX, true, jc);
    }
    /* Not chained (yet): back to the loop, which reads the pc. */
    if (g->pc != NONE)
        ra_sync_temp(g, g->pc);
    gen_exit(g, x64_cfg.exit_slot0 + slot);
    g->reachable = false;
}

/* Jump straight to the TB for the pc global if the jump cache has a valid
 * one, else return to the loop. */
static void gen_lookup_and_goto_ptr(Gen *g)
{
    const X64Config *c = &x64_cfg;
    IRTemp pc = g->pc;
    g->reachable = false;
    if (pc == NONE) {
        ra_sync_globals(g);
        gen_exit(g, c->exit_plain);
        return;
    }
    /* The pc is stored only on the way back to the loop (if it is in a
     * register; a constant is simply stored first). */
    ra_sync_globals_but_pc(g);
    if (g->tl[pc].loc != LOC_REG)
        ra_sync_temp(g, pc);
    int rp = X64_RAX;
    if (g->tl[pc].loc == LOC_REG)
        rp = g->tl[pc].reg;
    else
        x64_load(&g->a, true, rp, X64_ENV, (int32_t)c->pc_off - X64_ENV_BIAS);
    gen_jc_probe(g, rp, false, 0);
    ra_sync_temp(g, pc);
    gen_exit(g, c->exit_plain);
}

static void gen_op(Gen *g, const IROp *op)
{
    const uint64_t *a = op->args;
    IRTemp d = (IRTemp)a[0], x = (IRTemp)a[1], y = (IRTemp)a[2];
    IROpcode opc = (IROpcode)op->opc;
    switch (opc) {
    case IR_mov: gen_mov(g, d, x); break;
    case IR_add: if (!fold2(g, opc, d, x, y)) gen_alu(g, X64_ADD, true, d, x, y); break;
    case IR_sub: if (!fold2(g, opc, d, x, y)) gen_alu(g, X64_SUB, false, d, x, y); break;
    case IR_and: if (!fold2(g, opc, d, x, y)) gen_alu(g, X64_AND, true, d, x, y); break;
    case IR_or: if (!fold2(g, opc, d, x, y)) gen_alu(g, X64_OR, true, d, x, y); break;
    case IR_xor: if (!fold2(g, opc, d, x, y)) gen_alu(g, X64_XOR, true, d, x, y); break;
    case IR_andc: case IR_orc: case IR_eqv:
        if (!fold2(g, opc, d, x, y))
            gen_logic_inv(g, opc, d, x, y);
        break;
    case IR_mul: if (!fold2(g, opc, d, x, y)) gen_mul(g, d, x, y); break;
    case IR_mulsh: case IR_muluh: case IR_mulsuh:
        if (!fold2(g, opc, d, x, y))
            gen_mulh(g, opc, d, x, y);
        break;
    case IR_div: case IR_divu: case IR_rem: case IR_remu:
        /* Constant operands are not folded: a zero divisor may sit on a
         * path the frontend's guard never takes. */
        gen_div(g, opc, d, x, y);
        break;
    case IR_shl: case IR_shr: case IR_sar: case IR_rotl: case IR_rotr:
        if (!fold2(g, opc, d, x, y))
            gen_shift(g, opc, d, x, y);
        break;
    case IR_neg: case IR_not: case IR_ext8s: case IR_ext8u: case IR_ext16s: case IR_ext16u:
    case IR_ext32s: case IR_ext32u: case IR_clz: case IR_ctz: case IR_ctpop: case IR_bswap64:
        gen_unary(g, opc, d, x);
        break;
    case IR_fadd64: case IR_fsub64: case IR_fmul64: case IR_fdiv64: case IR_fsqrt64:
    case IR_fadd32: case IR_fsub32: case IR_fmul32: case IR_fdiv32: case IR_fsqrt32:
        gen_float(g, opc, d, x, y);
        break;
    case IR_setcond: gen_setcond(g, d, x, y, (IRCond)a[3]); break;
    case IR_movcond: gen_movcond(g, d, x, y, (IRTemp)a[3], (IRTemp)a[4], (IRCond)a[5]); break;
    case IR_br: gen_br(g, (uint32_t)a[0]); break;
    case IR_brcond: gen_brcond(g, (IRTemp)a[0], (IRTemp)a[1], (IRCond)a[2], (uint32_t)a[3]); break;
    case IR_ld_env: gen_ld_env(g, d, (uint32_t)a[1], (unsigned)a[2]); break;
    case IR_st_env: gen_st_env(g, (IRTemp)a[0], (uint32_t)a[1], (unsigned)a[2]); break;
    case IR_ld_host: gen_ld_host(g, d, x, a[2]); break;
    case IR_st_host: gen_st_host(g, (IRTemp)a[0], (IRTemp)a[1], a[2]); break;
    case IR_qemu_ld: gen_qemu_ld(g, d, x, (unsigned)a[2]); break;
    case IR_qemu_st: gen_qemu_st(g, (IRTemp)a[0], (IRTemp)a[1], (unsigned)a[2]); break;
    case IR_mb:
        /* x86 is TSO: only a store followed by a load can be reordered. */
        if (a[0] & IR_MB_ST_LD)
            x64_mfence(&g->a);
        break;
    case IR_call: gen_call(g, op); break;
    case IR_goto_tb: gen_goto_tb(g, (unsigned)a[0]); break;
    case IR_exit_tb:
        ra_sync_globals(g);
        gen_exit(g, a[0]);
        g->reachable = false;
        break;
    case IR_lookup_and_goto_ptr: gen_lookup_and_goto_ptr(g); break;
    case IR_plugin_mem:
        fputs("peek: internal error: plugin_mem reached the JIT\n", stderr);
        abort();
    case IR_set_label: case IR_insn_start: case IR_NB_OPS:
    case IR_add_host:   /* made by the block's loop (gen_add_host), which knows its lane */
        break;
    }
}

/* ---- the block ---- */

/* Give loop registers to the globals ops [start, end] read before writing
 * them, in order, then (writes) to those they only write (no store on the
 * way around either); state (per global: 1 written, 2 carried) goes on
 * from one call to the next. */
static void choose_loop_globals(Gen *g, uint8_t *state, uint32_t start, uint32_t end, bool writes)
{
    static const int8_t regs[X64_LOOP_REGS] = {
        X64_RBX, X64_R12, X64_R13, X64_R15, X64_RSI, X64_RDI, X64_R8, X64_R9,
    };
    const IRContext *s = g->s;
    for (uint32_t i = start; i <= end && g->nloop < X64_LOOP_REGS; i++) {
        const IROp *op = &s->ops[i];
        if (g->skip[i])
            continue;
        for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin) && g->nloop < X64_LOOP_REGS; k++) {
            IRTemp t = ra_renamed(g, op->args[k]);
            if (ra_is_global(g, t) && t != g->pc && !state[t]) {
                state[t] = 2;
                g->loop_r[g->nloop] = regs[g->nloop];
                g->loop_g[g->nloop++] = t;
            }
        }
        for (unsigned k = 0; k < op->nout; k++) {
            IRTemp t = ra_renamed(g, op->args[k]);
            if (ra_is_global(g, t) && !state[t])
                state[t] = 1;
        }
    }
    for (IRTemp t = 1; writes && t <= s->nb_globals && g->nloop < X64_LOOP_REGS; t++) {
        if (state[t] == 1 && t != g->pc) {
            state[t] = 2;
            g->loop_r[g->nloop] = regs[g->nloop];
            g->loop_g[g->nloop++] = t;
        }
    }
}

/* May the code from op h (an insn_start) on be entered with nothing but
 * the globals, as a loop head? Not if an op from there on reads a TB temp
 * set before it: a value carried from one instruction to the next, like
 * the operands of aarch64's compare kept for the conditional branch after
 * it, which a jump back to the branch would not have. set: scratch bits,
 * one per temp. */
static bool head_ok(const Gen *g, uint32_t h, uint64_t *set)
{
    const IRContext *s = g->s;
    memset(set, 0, (s->nb_temps + 63) / 64 * sizeof(uint64_t));
    for (uint32_t j = h; j < s->nb_ops; j++) {
        const IROp *op = &s->ops[j];
        if (g->skip[j])
            continue;
        for (unsigned k = op->nout; k < (unsigned)(op->nout + op->nin); k++) {
            IRTemp t = (IRTemp)op->args[k];
            if (s->temps[t].kind == IR_TEMP_TB && !(set[t / 64] >> (t % 64) & 1))
                return false;
        }
        for (unsigned k = 0; k < op->nout; k++)
            set[op->args[k] / 64] |= 1ull << (op->args[k] % 64);
    }
    return true;
}

/* Is label l (set at op at) one no op branches to? */
static bool label_unused(const IRContext *s, uint32_t at)
{
    uint64_t l = s->ops[at].args[0];
    for (uint32_t j = 0; j < s->nb_ops; j++)
        if ((s->ops[j].opc == IR_br && s->ops[j].args[0] == l) ||
            (s->ops[j].opc == IR_brcond && s->ops[j].args[3] == l))
            return false;
    return true;
}

/* The loop head for a jump to guest pc to from op from: the block's start,
 * or (IRContext.inner_loops) an instruction after it and before from
 * with a label just before it (the optimizer knows nothing there); -1 if
 * there is none (or no room for another). */
static int find_head(Gen *g, uint64_t to, uint32_t from, uint64_t **set)
{
    const IRContext *s = g->s;
    for (unsigned k = 0; k < g->nhead; k++)
        if (g->head_pc[k] == to)
            return (int)k;
    if (g->nhead == X64_BACK_EDGES)
        return -1;
    uint32_t h = 0;
    if (to != g->entry_pc) {
        if (!s->inner_loops)
            return -1;
        while (h < from && !(s->ops[h].opc == IR_insn_start && s->ops[h].args[0] == to))
            h++;
        if (h == 0 || h >= from || s->ops[h - 1].opc != IR_set_label)
            return -1;
        if (!*set)
            *set = x64_scratch_raw((s->nb_temps + 63) / 64 * sizeof(uint64_t));
        if (!head_ok(g, h, *set))
            return -1;
    }
    g->head_op[g->nhead] = h;
    g->head_pc[g->nhead] = to;
    g->head_label[g->nhead] = h && label_unused(s, h - 1) ? (uint32_t)s->ops[h - 1].args[0] : NONE;
    return (int)g->nhead++;
}

/* The op before i that plan_loop looks at (not an insn_start, not
 * skipped), or NULL. */
static const IROp *loop_prev(const Gen *g, uint32_t i)
{
    while (i-- > 0)
        if (g->s->ops[i].opc != IR_insn_start && !g->skip[i])
            return &g->s->ops[i];
    return NULL;
}

/* How many ops back edge k's loop spans, from its head to its branch. */
static uint32_t back_span(const Gen *g, const uint32_t *back_from, uint8_t k)
{
    return back_from[k] - g->head_op[g->back_head[k]];
}

/* Between choose_loop_globals calls over different loops: a global one
 * loop writes first may be read first in the next. */
static void forget_writes(const Gen *g, uint8_t *state)
{
    for (IRTemp t = 1; t <= g->s->nb_globals; t++)
        if (state[t] == 1)
            state[t] = 0;
}

/* Which goto_tbs (mov pc, $c; goto_tb) jump back into the block: to its
 * start, or to an instruction of it before the branch that leads there
 * (a loop head). Those loop inside the block, carrying globals in
 * registers from one iteration to the next without a trip through env:
 * first those of each loop by itself, innermost (fewest ops) first, then
 * those of all of them (from the first head to the last back edge: a
 * superblock goes on after its loop, and a superblock's back edge is a
 * branch to a side exit placed after the block's end), then, while
 * registers last, those of the rest. */
static void plan_loop(Gen *g)
{
    const IRContext *s = g->s;
    /* A first-tier block (IRContext.first_tier, one that counts its
     * runs) makes no loop inside itself: a jump back to its start chains
     * to its entry until the block is hot and translated again. It ends
     * at its first conditional branch, if any, and only at a forward one. */
    if (g->pc == NONE || x64_cfg.no_self_loops || s->first_tier)
        return;
    uint32_t loop_end = 0, first = UINT32_MAX;
    uint32_t back_from[X64_BACK_EDGES];
    uint64_t *set = NULL;
    /* only a goto_tb can close a loop (liveness listed them, in order);
     * the ops before one are looked up backward */
    for (uint32_t n = 0; n < g->ngotos && g->nback < X64_BACK_EDGES; n++) {
        uint32_t i = g->gotos[n];
        const IROp *prev = loop_prev(g, i);
        if (prev && prev->opc == IR_mov && prev->args[0] == g->pc &&
            ir_is_const(s, (IRTemp)prev->args[1])) {
            const IROp *prev2 = loop_prev(g, (uint32_t)(prev - s->ops));
            /* a side exit's stub: the jump is taken at the last branch to it */
            uint32_t from = i;
            for (uint32_t j = 0; prev2 && prev2->opc == IR_set_label && j < i; j++) {
                const IROp *b = &s->ops[j];
                if ((b->opc == IR_brcond && b->args[3] == prev2->args[0]) ||
                    (b->opc == IR_br && b->args[0] == prev2->args[0]))
                    from = j;
            }
            int h = find_head(g, s->temps[prev->args[1]].val, from, &set);
            if (h >= 0) {
                back_from[g->nback] = from;
                g->back_op[g->nback] = i;
                g->back_head[g->nback++] = (uint8_t)h;
                if (from > loop_end)
                    loop_end = from;
                if (g->head_op[h] < first)
                    first = g->head_op[h];
            }
        }
    }
    if (!g->nback)
        return;
    /* Innermost first: the globals each back edge's own loop reads before
     * writing, from its head to the branch that takes it, the shortest
     * loop first (the bytewise CRC inside a region that also holds the
     * bitwise one kept its CRC in env when the registers went to the
     * globals in op order). Not yet those it only writes: given registers
     * there, threads' hash loop took 0.8 s instead of 0.59 (its three
     * temporaries moved between registers at the back edge instead of
     * stored, and the rare path's globals went to env). */
    uint8_t order[X64_BACK_EDGES];
    for (unsigned k = 0; k < g->nback; k++) {
        unsigned j = k;
        for (; j > 0 && back_span(g, back_from, order[j - 1]) > back_span(g, back_from, (uint8_t)k); j--)
            order[j] = order[j - 1];
        order[j] = (uint8_t)k;
    }
    uint8_t state[IR_MAX_GLOBALS + 1] = { 0 };
    for (unsigned k = 0; k < g->nback; k++) {
        choose_loop_globals(g, state, g->head_op[g->back_head[order[k]]], back_from[order[k]], false);
        forget_writes(g, state);
    }
    choose_loop_globals(g, state, first, loop_end, true);
    choose_loop_globals(g, state, 0, s->nb_ops - 1, true);
}

/* Loop head h, here: from the code falling in, the globals as the back
 * edges leave them (the loop globals in their registers, treated as dirty:
 * the back edges do not store them; the rest in env). */
static void place_head(Gen *g, unsigned h)
{
    if (g->reachable)
        enter_loop_state(g);
    ra_forget_all(g);
    for (unsigned i = 0; i < g->nloop; i++) {
        IRTemp t = g->loop_g[i];
        ra_bind(g, t, g->loop_r[i]);
        g->tl[t].mem_ok = false;
    }
    g->head_at[h] = g->a.p;
    g->reachable = true;
    g->addr.end = NULL;
    g->cmp_end = NULL;
    g->xmm0_temp = NONE;
    g->lanes_dirty = true;
}

static bool is_head_label(const Gen *g, uint32_t l)
{
    for (unsigned h = 0; h < g->nhead; h++)
        if (g->head_label[h] == l)
            return true;
    return false;
}

/* Leaving a loop (exit request, or the block was invalidated): each back
 * edge's way out stores the loop globals and the pc of its head (edges to
 * the same head share one). */
static void gen_loop_exit(Gen *g)
{
    for (unsigned k = 0; k < g->nself; k++) {
        unsigned e = 0;
        while (g->self_pc[e] != g->self_pc[k])
            e++;
        if (e < k) {
            x64_set_rel32(g->loop_exit[k], g->a.start + g->loop_exit_off[e]);
            g->loop_exit_off[k] = g->loop_exit_off[e];
            continue;
        }
        if (!x64_room(&g->a))
            return;
        x64_set_rel32(g->loop_exit[k], g->a.p);
        g->loop_exit_off[k] = (uint32_t)(g->a.p - g->a.start);
        for (unsigned i = 0; i < g->nloop; i++)
            x64_store(&g->a, 8, g->loop_r[i], X64_ENV, ra_home(g, g->loop_g[i]));
        ra_store_const(g, ra_home(g, g->pc), g->self_pc[k]);
        gen_exit(g, x64_cfg.exit_plain);
    }
}

/* A TLB miss: preserve the live caller-saved registers (keeping the stack
 * 16-byte aligned for the call), pass env, address, [value,] memop and pc
 * to the mode's slow path, take a load's result and go on after the
 * access. */
static void gen_softmmu_call(Gen *g, const SlowPath *sp)
{
    static const int8_t arg_dst[2] = { X64_RSI, X64_RDX };
    bool store = sp->kind == SLOW_STORE;
    unsigned n = slow_push_kept(g, sp->keep);
    int src[2] = { sp->addr_reg, store ? sp->val_reg : -1 };
    parallel_move(g, src, arg_dst, 2);
    if (store && sp->val_reg < 0)
        x64_mov_ri(&g->a, X64_RDX, (uint64_t)(int64_t)sp->imm);
    x64_lea(&g->a, X64_RDI, X64_ENV, X64_NO_REG, -X64_ENV_BIAS);
    x64_mov_ri(&g->a, store ? X64_RCX : X64_RDX, sp->info);
    x64_mov_ri(&g->a, store ? X64_R8 : X64_RCX, sp->pc);
    if (store)
        gen_call_to(g, (const void *)x64_cfg.softmmu->store);
    else
        gen_call_to(g, (const void *)x64_cfg.softmmu->load);
    if (!store && sp->val_reg != X64_RAX)
        x64_mov_rr(&g->a, true, sp->val_reg, X64_RAX);
    slow_pop_kept_and_resume(g, sp, n);
}

/* A site's slot missed (gen_tlb_lookup): the TLB, and on a hit the slot's
 * refill and back to the access; on a miss this falls through to the slow
 * path. A store slot filled while another hart may be marking its page
 * as code (fill_fence) is checked again after a fence: the mark sets
 * TLB_NOTDIRTY in the entry, then empties the slots it finds, so if the
 * entry still matches the scan comes after and sees the slot. */
static void gen_slot_refill(Gen *g, const SlowPath *sp)
{
    bool store = sp->kind == SLOW_STORE;
    int32_t tag = sp->site_off + (int32_t)offsetof(TLBSite, tag);
    int32_t addend = sp->site_off + (int32_t)offsetof(TLBSite, addend);
    uint8_t *miss = gen_tlb_probe(g, sp->addr_reg, sp->tag_reg, sp->info, store);
    x64_store(&g->a, 8, X64_TMP, X64_ENV, addend);
    x64_store(&g->a, 8, sp->tag_reg, X64_ENV, tag);
    if (store && x64_cfg.softmmu->fill_fence) {
        int32_t table =
            (int32_t)(x64_cfg.softmmu->tlb_off + offsetof(CPUTLB, e[ir_memop_mmu(sp->info)])) - X64_ENV_BIAS;
        x64_mfence(&g->a);
        x64_rorx(&g->a, X64_TMP, sp->addr_reg, TLB_PAGE_BITS - 5);
        x64_alu_ri(&g->a, X64_AND, false, X64_TMP, (TLB_SIZE - 1) << 5);
        x64_alu_rm_sib(&g->a, X64_CMP, true, sp->tag_reg, X64_ENV, X64_TMP,
                       table + (int32_t)offsetof(TLBEntry, addr_write));
        uint8_t *marked = x64_jcc32(&g->a, X64_CC_NE);
        x64_load(&g->a, true, X64_TMP, X64_ENV, addend);
        x64_jmp_to(&g->a, sp->access);
        x64_set_rel32(marked, g->a.p);
        x64_store_imm(&g->a, 8, -1, X64_ENV, tag);
    } else {
        x64_jmp_to(&g->a, sp->access);
    }
    x64_set_rel32(miss, g->a.p);
}

static void gen_slow_paths(Gen *g)
{
    for (uint32_t i = 0; i < g->nslow; i++) {
        const SlowPath *sp = &g->slow[i];
        x64_set_rel32(sp->field[0], g->a.p);
        if (sp->field[1])
            x64_set_rel32(sp->field[1], g->a.p);
        if (sp->site_off)
            gen_slot_refill(g, sp);
        for (uint32_t k = 0; k < sp->nsave; k++) {
            const X64FaultSave *sv = &g->saves[sp->save_first + k];
            if (sv->reg >= 0)
                x64_store(&g->a, 8, sv->reg, X64_ENV, (int32_t)sv->env_off - X64_ENV_BIAS);
            else
                ra_store_const(g, (int32_t)sv->env_off - X64_ENV_BIAS, sv->val);
        }
        if (sp->kind == SLOW_CALL) {
            gen_slow_call(g, sp);
            if (!x64_room(&g->a))
                return;
            continue;
        }
        if (sp->kind != SLOW_FAULT) {
            gen_softmmu_call(g, sp);
            if (!x64_room(&g->a))
                return;
            continue;
        }
        if (sp->addr_reg != X64_RSI)
            x64_mov_rr(&g->a, true, X64_RSI, sp->addr_reg);
        x64_lea(&g->a, X64_RDI, X64_ENV, X64_NO_REG, -X64_ENV_BIAS);
        x64_mov_ri(&g->a, X64_RDX, sp->info);
        x64_mov_ri(&g->a, X64_RCX, sp->pc);
        if (x64_cfg.counter_lanes)
            gen_call_to(g, x64_lane_flush);    /* it tests the lanes itself */
        gen_call_to(g, (const void *)x64_cfg.mem_fault);
        if (!x64_room(&g->a))
            return;
    }
}

static void renamed(const Gen *g, uint32_t i, IROp *r)
{
    /* Only the arguments the op has: the whole IROp is 88 bytes. */
    const IROp *o = &g->s->ops[i];
    r->opc = o->opc;
    r->nout = o->nout;
    r->nin = o->nin;
    r->nconst = o->nconst;
    unsigned nt = (unsigned)(o->nout + o->nin), k;
    for (k = 0; k < nt; k++)
        r->args[k] = ra_renamed(g, o->args[k]);
    for (; k < nt + o->nconst; k++)
        r->args[k] = o->args[k];
}

/* The next op after i that generates code, or s->nb_ops. */
static uint32_t next_op(const Gen *g, uint32_t i)
{
    uint32_t j = i + 1;
    while (j < g->s->nb_ops && (g->s->ops[j].opc == IR_insn_start || g->skip[j]))
        j++;
    return j;
}

/* shl x, y, $c then shr/sar d, x, $c, the way guests zero- and sign-extend
 * (slli; srli): one extension, when nothing after the pair reads x. */
static bool fuse_ext_pair(Gen *g, uint32_t i, IROp *r)
{
    /* Only a shl starts a pair: spare every other op the look-ahead. */
    if (r->opc != IR_shl)
        return false;
    uint32_t j = next_op(g, i);
    if (j == g->s->nb_ops)
        return false;
    IROp n;
    renamed(g, j, &n);
    IRKnownView v = known_view(g);
    IROpcode ext = ir_ext_pair(r, &n, &v);
    IRTemp x = (IRTemp)r->args[0], d = (IRTemp)n.args[0];
    if (ext == IR_NB_OPS || (x != d && (ra_is_global(g, x) || g->last_use[x] != (int32_t)j)))
        return false;
    r->opc = ext;
    r->nin = 1;
    r->nconst = 0;
    r->args[0] = d;
    g->skip[j] = 1;
    return true;
}

/* "shl t, x, $1..3; add d, t, y" (or y + t) with t read nowhere else: the
 * way guests index an array (slli; add), as one lea d, [y + x * 2^c].
 * It saves an instruction on the address's dependency chain. */
static bool fuse_shl_add(Gen *g, uint32_t i, const IROp *r)
{
    uint64_t c;
    if (r->opc != IR_shl || !ra_const_of(g, (IRTemp)r->args[2], &c) || c < 1 || c > 3)
        return false;
    uint32_t j = next_op(g, i);
    if (j == g->s->nb_ops || g->s->ops[j].opc != IR_add)
        return false;
    IROp n;
    renamed(g, j, &n);
    IRTemp t = (IRTemp)r->args[0], x = (IRTemp)r->args[1], d = (IRTemp)n.args[0];
    IRTemp y = n.args[1] == t ? (IRTemp)n.args[2] : (IRTemp)n.args[1];
    uint64_t yc;
    if ((n.args[1] != t && n.args[2] != t) || y == t || ra_is_global(g, t) ||
        g->last_use[t] != (int32_t)j || ra_const_of(g, y, &yc) || ra_const_of(g, x, &yc))
        return false;
    int rx = ra_use_reg(g, x, ALLOC_MASK), ry = ra_use_reg(g, y, ALLOC_MASK);
    int rd = ra_alloc_reg(g, ALLOC_MASK);
    x64_op_mem_sib(&g->a, 0x8d | X64_P_W, rd, ry, rx, (int)c, 0);
    note_addr_lea(g, rd, ry, rx, (int)c, 0);
    ra_set_output(g, d, rd);
    IRKnown k = ir_known_nothing();
    ra_touch(g, d);
    g->tl[d].zbits = k.zbits;
    g->tl[d].s32 = k.s32;
    g->skip[j] = 1;
    return true;
}

/* An addition of imm to lane k, joined to the one just before it if
 * there is one. */
static void emit_lane_add(Gen *g, int k, int32_t imm)
{
    g->unportable = true;
    if (g->lane_add_end != g->a.p || g->nlane_consts == 0) {
        LaneConst *lc = &g->lane_consts[g->nlane_consts++];
        *lc = (LaneConst){ .field = x64_paddq_rip(&g->a, X64_LANES, g->a.p) };
        g->lane_add_end = g->a.p;
    }
    g->lane_consts[g->nlane_consts - 1].v[k] += (uint64_t)(int64_t)imm;
    g->lanes_dirty = true;
}

/* The lane additions' constants: in the shared pool, else after the
 * block's code. */
static void place_lane_consts(Gen *g)
{
    if (!g->nlane_consts)
        return;
    bool aligned = false;
    for (uint32_t i = 0; i < g->nlane_consts; i++) {
        const uint64_t *c = x64_lane_const(g->lane_consts[i].v);
        if (c && x64_rel32_reaches(g->lane_consts[i].field + 4, c)) {
            x64_set_rel32(g->lane_consts[i].field, c);
            continue;
        }
        while (!aligned && ((uintptr_t)g->a.p & 15))
            x64_byte(&g->a, 0xcc);
        aligned = true;
        x64_set_rel32(g->lane_consts[i].field, g->a.p);
        memcpy(g->a.p, g->lane_consts[i].v, sizeof(g->lane_consts[i].v));
        g->a.p += sizeof(g->lane_consts[i].v);
    }
}

/* A plugin counter update (add_host): an addition to its counter lane if
 * plan_lanes gave it one, else one add to memory. */
static void gen_add_host(Gen *g, uint32_t i, const IROp *r)
{
    IRTemp base = (IRTemp)r->args[0];
    uint64_t off = r->args[1];
    int32_t imm = (int32_t)r->args[2];
    if (g->lane_op && g->lane_op[i]) {
        emit_lane_add(g, g->lane_op[i] - 1, imm);
        return;
    }
    g->unportable = true;
    const void *target;
    if (host_rip(g, base, off, &target)) {
        bool imm8 = x64_fits_s8(imm);
        x64_op_rip(&g->a, (imm8 ? 0x83 : 0x81) | X64_P_W, X64_ADD, target, imm8 ? 1 : 4);
        if (imm8)
            x64_byte(&g->a, (uint8_t)imm);
        else
            x64_u32(&g->a, (uint32_t)imm);
    } else {
        int rb = host_base(g, base, &off);
        x64_alu_mi(&g->a, X64_ADD, true, rb, (int32_t)off, imm);
    }
}

/* Which counter updates become lane additions, decided before the code
 * is made: an env load of a scoreboard base that only they read is then
 * not made at all (the flush finds the base itself). */
static void plan_lanes(Gen *g)
{
    const IRContext *s = g->s;
    if (!x64_cfg.counter_lanes)
        return;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        if (s->ops[i].opc != IR_add_host || g->skip[i])
            continue;
        IROp r;
        renamed(g, i, &r);
        X64LaneKey key;
        if (!lane_key(g, (IRTemp)r.args[0], r.args[1], &key))
            continue;
        int k = x64_lane_of(key, true);
        if (k >= 0) {
            if (!g->lane_op)
                g->lane_op = x64_scratch(s->nb_ops);
            g->lane_op[i] = (uint8_t)(k + 1);
        }
    }
    if (!g->lane_op)
        return;
    /* An 8-byte env load into a TB temp that lane additions alone read.
     * The reads of every temp are counted in one walk at the first such
     * load, not one walk per load. */
    uint32_t *reads = NULL, *lane_reads = NULL;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        if (g->skip[i] || s->ops[i].opc != IR_ld_env)
            continue;
        IROp d;
        renamed(g, i, &d);
        IRTemp t = (IRTemp)d.args[0];
        if (ra_is_global(g, t) || ir_memop_size((unsigned)d.args[2]) != 8)
            continue;
        if (!reads) {
            reads = x64_scratch(s->nb_temps * sizeof(uint32_t));
            lane_reads = x64_scratch(s->nb_temps * sizeof(uint32_t));
            for (uint32_t j = 0; j < s->nb_ops; j++) {
                if (g->skip[j])
                    continue;
                const IROp *o = &s->ops[j];
                for (unsigned a = o->nout; a < (unsigned)(o->nout + o->nin); a++)
                    reads[ra_renamed(g, o->args[a])]++;
                if (g->lane_op[j])
                    lane_reads[ra_renamed(g, o->args[0])]++;
            }
        }
        if (reads[t] && reads[t] == lane_reads[t])
            g->skip[i] = 1;
    }
}

/* ---- one range check for several accesses ----
 * Accesses off one guest register at constant offsets, with no branch,
 * label, call or write of that register between them (crc's hash64: eight
 * byte loads at 0..7 off one pointer), are covered by one compare before
 * the first: base + lo against the last start of an access of 2^lg bytes,
 * 2^lg at least the span from the lowest offset to the end of the highest
 * access. It passing, each address is in [base + lo, base + lo + 2^lg)
 * and below the guest space's end, with no wrap-around (an unsigned
 * compare of the lowest address; the span is a constant). Each access
 * then addresses [base + guest_base + off] itself, its add not made. The
 * check failing is not a fault yet: the block leaves at the first access's
 * instruction, as a fault there would (the dirty globals stored, the
 * guest pc that instruction's), and the exec loop runs it alone, each of
 * its accesses checked by itself (IRContext.merge_checks); the next
 * instruction starts a new block, whose group begins there (under
 * plugins the rest of the block runs instead, as its tail). Host faults
 * inside the range are each access's own, as before. */

#define GROUP_SCAN 128         /* ops looked at after a group's first access */
#define GROUP_MAX_SPAN (1 << (X64_RANGE_LIMITS - 1))

/* Is op i a guest access at a constant offset from a global: its address
 * that global, or the add just before it, which only it reads? */
static bool access_off_global(const Gen *g, uint32_t i, IRTemp *base, int32_t *off)
{
    const IRContext *s = g->s;
    unsigned opc = s->ops[i].opc;
    if ((opc != IR_qemu_ld && opc != IR_qemu_st) || g->skip[i])
        return false;
    IROp r;
    renamed(g, i, &r);
    IRTemp a = (IRTemp)r.args[1];
    int32_t disp;
    if ((r.args[2] & IR_MO_ALIGN) || !gbase_disp(0, &disp))
        return false;
    if (ra_is_global(g, a)) {
        *base = a;
        *off = 0;
        return true;
    }
    if (i == 0 || g->skip[i - 1] || s->ops[i - 1].opc != IR_add || s->temps[a].kind != IR_TEMP_TB ||
        g->last_use[a] != (int32_t)i || (opc == IR_qemu_st && r.args[0] == a))
        return false;
    IROp d;
    renamed(g, i - 1, &d);
    IRTemp x = (IRTemp)d.args[1], y = (IRTemp)d.args[2];
    if (ir_is_const(s, x)) {
        IRTemp t = x;
        x = y;
        y = t;
    }
    if (d.args[0] != a || !ra_is_global(g, x) || !ir_is_const(s, y))
        return false;
    int64_t v = (int64_t)s->temps[y].val;
    if (v < -(1 << 20) || v > (1 << 20) || !gbase_disp(v, &disp))
        return false;
    *base = x;
    *off = (int32_t)v;
    return true;
}

/* May op j stand between two accesses of a group off base? */
static bool group_passes(const Gen *g, uint32_t j, IRTemp base)
{
    const IROp *o = &g->s->ops[j];
    if (o->opc == IR_insn_start || g->skip[j])
        return true;
    if (!(ir_op_defs[o->opc].flags & IR_F_PURE) && o->opc != IR_ld_env && o->opc != IR_qemu_ld &&
        o->opc != IR_qemu_st)
        return false;
    for (unsigned k = 0; k < o->nout; k++)
        if (ra_renamed(g, o->args[k]) == base)
            return false;
    return true;
}

static void plan_groups(Gen *g)
{
    const IRContext *s = g->s;
    /* A first-tier block (IRContext.first_tier) is translated again once
     * hot: until then each access checks its own range. */
    if (!s->merge_checks || s->first_tier)
        return;
    /* Each access's base and offset, found once: the scan below looks at
     * an op once for every access up to GROUP_SCAN ops before it. Grouping
     * marks only ops before a group's last access skipped, and neither
     * answer of an op after it depends on those. */
    IRTemp *acc_base = NULL;
    int32_t *acc_off = NULL;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        IRTemp b;
        int32_t o;
        if (!access_off_global(g, i, &b, &o))
            continue;
        if (!acc_base) {
            acc_base = x64_scratch_raw(sizeof(IRTemp) * s->nb_ops);
            acc_off = x64_scratch_raw(sizeof(int32_t) * s->nb_ops);
            for (uint32_t k = 0; k < s->nb_ops; k++)
                acc_base[k] = NONE;
        }
        acc_base[i] = b;
        acc_off[i] = o;
    }
    if (!acc_base)
        return;
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        IRTemp base = acc_base[i];
        if (base == NONE)
            continue;
        int32_t off = acc_off[i];
        int64_t lo = off, hi = off + ir_memop_size((unsigned)s->ops[i].args[2]);
        uint32_t last = i;
        if (group_passes(g, i, base)) {
            for (uint32_t j = i + 1; j < s->nb_ops && j - i <= GROUP_SCAN; j++) {
                if (acc_base[j] == base) {
                    int32_t o = acc_off[j];
                    int64_t l = o < lo ? o : lo, e = o + (int64_t)ir_memop_size((unsigned)s->ops[j].args[2]);
                    int64_t h = e > hi ? e : hi;
                    if (h - l > GROUP_MAX_SPAN)
                        break;
                    lo = l;
                    hi = h;
                    last = j;
                }
                if (!group_passes(g, j, base))
                    break;
            }
        }
        if (last == i)
            continue;
        if (!g->grouped)
            g->grouped = x64_scratch(sizeof(GroupedAccess) * s->nb_ops);
        unsigned lg = 0;
        while ((1 << lg) < hi - lo)
            lg++;
        for (uint32_t j = i; j <= last; j++) {
            if (acc_base[j] != base)
                continue;
            g->grouped[j] = (GroupedAccess){ .role = j == i ? 2 : 1, .lg = (uint8_t)lg, .base = base,
                                             .off = acc_off[j], .lo = (int32_t)lo };
            if (!ra_is_global(g, ra_renamed(g, s->ops[j].args[1])))
                g->skip[j - 1] = 1;
        }
        i = last;
    }
}

static bool gen_block(Gen *g)
{
    const IRContext *s = g->s;
    if (!x64_room(&g->a))
        return false;
    /* A chained loop must still notice exit requests. */
    x64_alu_mi(&g->a, X64_CMP, false, X64_ENV, (int32_t)x64_cfg.exit_request_off - X64_ENV_BIAS, 0);
    g->exit_check = x64_jcc32(&g->a, X64_CC_NE);
    g->body = g->a.p;
    /* Count the runs of a block that asks: add byte [env + off], 1; jc hot */
    uint8_t *heat_jump = NULL;
    if (s->heat_off) {
        x64_op_mem(&g->a, 0x80, X64_ADD, X64_ENV, (int32_t)s->heat_off - X64_ENV_BIAS);
        x64_byte(&g->a, 1);
        heat_jump = x64_jcc32(&g->a, X64_CC_B);
    }
    g->reachable = true;
    g->lanes_dirty = true;      /* counts of the blocks before */
    for (unsigned h = 0; h < g->nhead; h++)
        if (g->head_op[h] == 0)
            place_head(g, h);
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        if (!x64_room(&g->a))
            return false;
        g->idx = i;
        if (g->open_leaf && i != g->open_next)
            leaf_close(g);
        if (op->opc == IR_insn_start) {
            for (unsigned h = 0; h < g->nhead; h++)
                if (g->head_op[h] == i && i)
                    place_head(g, h);
            g->cur_pc = op->args[0];
            g->insn_off[g->n_insns] = (uint32_t)(g->a.p - g->a.start);
            g->insn_pc[g->n_insns++] = op->args[0];
            continue;
        }
        if (op->opc == IR_set_label) {
            uint32_t l = (uint32_t)op->args[0];
            if (is_head_label(g, l))
                continue;   /* place_head, next, takes the values as they are */
            if (g->label_single[l] == IR_LABEL_JOIN && g->snap[l] && g->reachable) {
                ra_conform(g, g->snap[l]);
            } else if (g->label_single[l] && g->snap[l]) {
                ra_restore(g, g->snap[l]);
            } else {
                if (g->reachable)
                    ra_sync_live(g);
                ra_forget_all(g);
            }
            g->label_at[l] = g->a.p;
            g->addr.end = NULL;     /* other ways in leave other registers */
            g->cmp_end = NULL;      /* ... and other flags */
            g->reachable = true;
            g->xmm0_temp = NONE;
            g->lanes_dirty = true;
            continue;
        }
        if (!g->reachable || g->skip[i])
            continue;
        IROp r;
        renamed(g, i, &r);
        if (r.opc == IR_mov && r.args[0] == r.args[1])
            continue;
        if (r.opc == IR_add_host) {
            gen_add_host(g, i, &r);
            ra_op_end(g);
            continue;
        }
        if (r.opc == IR_shl && fuse_shl_add(g, i, &r)) {
            ra_op_end(g);
            continue;
        }
        fuse_ext_pair(g, i, &r);
        /* A first-tier block (IRContext.first_tier) keeps no facts of
         * high bits: nothing known is always true, the extensions they
         * would drop stay. */
        IRKnownView v = known_view(g);
        IRKnown k = r.nout == 1 && !s->first_tier ? ir_known_result(&r, &v) : ir_known_nothing();
        gen_op(g, &r);
        track_xmm0(g, &r);
        if (r.nout == 1) {
            TempLoc *l = &g->tl[r.args[0]];
            ra_touch(g, (IRTemp)r.args[0]);
            if (l->loc == LOC_CONST)
                k = ir_known_const(l->val);
            l->zbits = k.zbits;
            l->s32 = k.s32;
        }
        ra_op_end(g);
    }
    if (g->reachable) {
        /* Falling off the end of the list returns to the loop. */
        ra_sync_globals(g);
        gen_exit(g, x64_cfg.exit_plain);
    }
    for (uint32_t f = 0; f < g->nfix; f++)
        x64_set_rel32(g->fix[f].field, g->label_at[g->fix[f].label]);
    gen_slow_paths(g);
    if (!x64_room(&g->a))
        return false;
    gen_loop_exit(g);
    if (!x64_room(&g->a))
        return false;
    x64_set_rel32(g->exit_check, g->a.p);
    /* Entered with the pc in env left behind by the block jumping here. */
    if (g->pc != NONE)
        ra_store_const(g, ra_home(g, g->pc), g->entry_pc);
    gen_exit(g, x64_cfg.exit_plain);
    if (heat_jump) {
        if (!x64_room(&g->a))
            return false;
        x64_set_rel32(heat_jump, g->a.p);
        if (g->pc != NONE)
            ra_store_const(g, ra_home(g, g->pc), g->entry_pc);
        gen_exit(g, x64_cfg.exit_hot);
    }
    if (g->nlane_consts) {
        if (g->a.p + 16 * (g->nlane_consts + 1) > g->a.limit)
            return false;
        place_lane_consts(g);
    }
    return x64_room(&g->a);
}

/* The TempLocs of the block being generated, kept between blocks with
 * every entry in its default state (in its home, which is current), so
 * that a block resets only the entries it touched. Like the scratch
 * arena, only the translating thread uses it (the caller serializes code
 * generation). */
static TempLoc temp_locs[IR_MAX_TEMPS];
static bool temp_locs_ready;

/* The pc global found for the last block: checked, and looked for among
 * all the globals only when it does not fit (a guest has one). Same
 * serialization as above. */
static IRTemp pc_hint;

static IRTemp find_pc(const IRContext *s)
{
    if (pc_hint && pc_hint <= s->nb_globals && s->temps[pc_hint].kind == IR_TEMP_GLOBAL &&
        s->temps[pc_hint].env_off == x64_cfg.pc_off)
        return pc_hint;
    IRTemp pc = NONE;
    for (IRTemp t = 1; t <= s->nb_globals; t++)
        if (s->temps[t].env_off == x64_cfg.pc_off)
            pc = t;
    pc_hint = pc == NONE ? 0 : pc;
    return pc;
}

X64Code *x64_gen_code(const IRContext *s, uintptr_t tag, uint64_t pc, uint32_t flags)
{
    Gen g = { .s = s, .tag = tag, .entry_pc = pc, .entry_flags = flags, .pc = find_pc(s), .xmm0_temp = NONE };
    uint32_t nops = s->nb_ops ? s->nb_ops : 1;
    x64_scratch_reset();
    if (!temp_locs_ready) {
        for (uint32_t t = 0; t < IR_MAX_TEMPS; t++)
            temp_locs[t] = (TempLoc){ .loc = LOC_MEM, .mem_ok = true };
        temp_locs_ready = true;
    }
    g.tl = temp_locs;
    g.label_at = x64_scratch(sizeof(uint8_t *) * (s->nb_labels ? s->nb_labels : 1));
    g.fix = x64_scratch_raw(sizeof(Fixup) * nops);
    g.slow = x64_scratch_raw(sizeof(SlowPath) * nops);
    g.insn_off = x64_scratch_raw(sizeof(uint32_t) * nops);
    g.insn_pc = x64_scratch_raw(sizeof(uint64_t) * nops);
    g.faults = x64_scratch_raw(sizeof(X64FaultPoint) * nops);
    g.snap = x64_scratch(sizeof(Snap *) * (s->nb_labels ? s->nb_labels : 1));
    g.lane_consts = x64_scratch_raw(sizeof(LaneConst) * nops);
    for (int r = 0; r < 16; r++)
        g.reg_temp[r] = NONE;
    IRLive lv;
    ir_live_analyze(s, &lv, x64_scratch_raw);
    g.skip = lv.skip;
    g.last_use = lv.last_use;
    g.rename = lv.rename;
    g.label_single = lv.label_single;
    g.gotos = lv.gotos;
    g.ngotos = lv.ngotos;
    plan_loop(&g);
    plan_lanes(&g);
    plan_groups(&g);

    x64_code_open(&g.a);
    X64Code *c = NULL;
    if (gen_block(&g)) {
        c = x64_code_alloc(sizeof(X64Code) + g.n_insns * (sizeof(uint32_t) + sizeof(uint64_t)) +
                    g.nfaults * sizeof(X64FaultPoint) + g.nsaves * sizeof(X64FaultSave) +
                    g.nrelocs * sizeof(X64Reloc));
        c->entry = g.a.start;
        c->body = g.body;
        c->tag = tag;
        c->size = (uint32_t)(g.a.p - g.a.start);
        c->n_insns = g.n_insns;
        memcpy(c->jmp_field, g.jmp_field, sizeof(c->jmp_field));
        for (unsigned k = 0; k < X64_BACK_EDGES; k++) {
            c->self_field[k] = k < g.nself ? g.self_field[k] : 0;
            c->loop_exit[k] = k < g.nself ? g.loop_exit_off[k] : 0;
        }
        c->in_head = 0;
        memset(c->in_next, 0, sizeof(c->in_next));
        /* 8-byte members first, then the 4-byte ones */
        c->insn_pc = (uint64_t *)(c + 1);
        c->saves = (X64FaultSave *)(c->insn_pc + g.n_insns);
        c->relocs = (X64Reloc *)(c->saves + g.nsaves);
        c->faults = (X64FaultPoint *)(c->relocs + g.nrelocs);
        c->insn_off = (uint32_t *)(c->faults + g.nfaults);
        c->n_faults = g.nfaults;
        c->n_relocs = g.nrelocs;
        c->portable = x64_cfg.keep_relocs && !g.unportable;
        if (g.nrelocs)
            memcpy(c->relocs, g.relocs, g.nrelocs * sizeof(X64Reloc));
        memcpy(c->insn_pc, g.insn_pc, g.n_insns * sizeof(uint64_t));
        memcpy(c->insn_off, g.insn_off, g.n_insns * sizeof(uint32_t));
        memcpy(c->faults, g.faults, g.nfaults * sizeof(X64FaultPoint));
        if (g.nsaves)
            memcpy(c->saves, g.saves, g.nsaves * sizeof(X64FaultSave));
        x64_code_commit(c, g.a.p);
    }
    free(g.saves);
    free(g.relocs);
    ra_forget_all(&g);      /* temp_locs back to their defaults */
    return c;
}

