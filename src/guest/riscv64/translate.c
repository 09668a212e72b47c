/*
 * The riscv64 translation loop: forms one TB starting at tb->pc, feeding
 * each fetched and decoded instruction to its rv_trans_<insn>() (looked up
 * through the table generated from insns.def). An instruction of an
 * extension the -cpu model leaves out is illegal. A TB ends at a control
 * transfer, a trap, fence.i, after max_insns instructions, when the IR is
 * nearly full, or at the end of the guest page (an instruction straddling
 * the page end may be the last one).
 */
#include "guest/riscv64/trans.h"
#include "user/mem.h"

typedef bool TransFn(DisasContext *ctx, const RVInsn *a);

static TransFn *const trans_table[RV_OP_COUNT] = {
#define RV_INSN(name, mask, match, fmt, cons, syntax, trans, ext) [RV_OP_##name] = rv_trans_##trans,
#include "guest/riscv64/insns.def"
#undef RV_INSN
};

/* Fetch the instruction at pc; false if any of its bytes cannot be. */
/* Fetch the insn at pc; on failure *bad is the address that faulted. */
static bool fetch_insn(uint64_t pc, uint32_t *raw, uint64_t *bad)
{
    uint16_t lo, hi;
    *bad = pc;
    if (!translate_fetch16(pc, &lo))
        return false;
    if (rv_insn_len(lo) == 2) {
        *raw = lo;
        return true;
    }
    *bad = pc + 2;
    if (!translate_fetch16(pc + 2, &hi))
        return false;
    *raw = lo | (uint32_t)hi << 16;
    return true;
}

void rv_translate(IRContext *s, CPUState *cpu, TBInfo *tb)
{
    DisasContext ctx = { .s = s, .pc = tb->pc };
    const uint64_t page = tb->pc & GUEST_PAGE_MASK;
    uint32_t n = 0;

    for (;;) {
        uint32_t raw;
        uint64_t bad;
        if (!fetch_insn(ctx.pc, &raw, &bad)) {
            /* The insn faults only once it is the first of a TB, so what
             * precedes it runs. The guest pc stays at the insn's start
             * (where it resumes); si_addr is the unfetchable address. */
            if (n == 0)
                translate_fetch_fault(ctx.pc, bad);
            break;
        }
        RVInsn insn;
        rv_decode(raw, &insn);
        ctx.pc_next = ctx.pc + insn.len;
        ir_insn_start(s, ctx.pc);
        if (insn.op == RV_OP_ILLEGAL || (rv_insn_info[insn.op].ext & ~rv_ext_enabled) ||
            !trans_table[insn.op](&ctx, &insn))
            gen_trap(&ctx, EXCP_ILLEGAL);
        n++;
        ctx.pc = ctx.pc_next;
        if (ctx.tb_ended || n >= tb->max_insns || ir_near_full(s) ||
            (ctx.pc & GUEST_PAGE_MASK) != page)
            break;
    }
    if (!ctx.tb_ended) {
        ir_movi(s, RV_T_PC, ctx.pc);
        gen_goto_tb(s, 0);
    }
    tb->size = (uint32_t)(ctx.pc - tb->pc);
    tb->n_insns = n;
}
