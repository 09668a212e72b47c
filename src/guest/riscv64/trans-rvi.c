/*
 * Translation of the RV64I base instructions and Zifencei: integer ALU ops,
 * loads and stores, jumps and branches, fences, ecall and ebreak. Loads and
 * stores are little-endian qemu_ld/qemu_st; misaligned plain accesses are
 * allowed, as Linux emulates them for user programs.
 */
#include "guest/riscv64/helpers.h"
#include "guest/riscv64/trans.h"

TRANS(lui)
{
    gen_set_x(ctx, a->rd, gen_imm(ctx, a->imm));
    return true;
}

TRANS(auipc)
{
    gen_set_x(ctx, a->rd, gen_imm(ctx, (int64_t)ctx->pc + a->imm));
    return true;
}

/* Targets are always even: with C, a 2-byte alignment is all that's needed.
 * Without C (-cpu rv64,c=off) a target must be 4-byte aligned, and one
 * that is not faults at the jump. */
static bool target_misaligned(uint64_t target)
{
    return !(rv_ext_enabled & RV_EXT_C) && (target & 2);
}

static void gen_jump_misaligned(DisasContext *ctx)
{
    IRTemp env[1] = { IR_ENV };
    gen_sync_pc(ctx);
    ir_call_helper(ctx->s, &rv_helper_jump_misaligned, 0, env);
    ctx->tb_ended = true;
}

TRANS(jal)
{
    if (target_misaligned(ctx->pc + (uint64_t)a->imm)) {
        gen_jump_misaligned(ctx);
        return true;
    }
    gen_set_x(ctx, a->rd, gen_imm(ctx, (int64_t)ctx->pc_next));
    ir_movi(ctx->s, RV_T_PC, ctx->pc + (uint64_t)a->imm);
    gen_goto_tb(ctx->s, 0);
    ctx->tb_ended = true;
    return true;
}

TRANS(jalr)
{
    IRContext *s = ctx->s;
    IRTemp sum = gen_tmp(ctx), target = gen_tmp(ctx);
    ir_addi(s, sum, gen_x(ctx, a->rs1), a->imm);
    ir_and(s, target, sum, gen_imm(ctx, ~(int64_t)1));
    if (!(rv_ext_enabled & RV_EXT_C)) {
        IRLabel aligned = ir_new_label(s);
        IRTemp bit = gen_tmp(ctx);
        ir_and(s, bit, target, gen_imm(ctx, 2));
        ir_brcond(s, bit, gen_imm(ctx, 0), IR_COND_EQ, aligned);
        gen_jump_misaligned(ctx);
        ir_set_label(s, aligned);
    }
    gen_set_x(ctx, a->rd, gen_imm(ctx, (int64_t)ctx->pc_next));
    ir_mov(s, RV_T_PC, target);
    gen_goto_ptr(s);
    ctx->tb_ended = true;
    return true;
}

/* Taken and fall-through each get a chaining slot; or, in a superblock,
 * the taken side leaves by a side exit and the TB goes on. */
static bool gen_branch(DisasContext *ctx, const RVInsn *a, IRCond cond)
{
    IRContext *s = ctx->s;
    uint64_t target = ctx->pc + (uint64_t)a->imm;
    IRLabel taken;
    if (!target_misaligned(target) && rv_if_convert(ctx, a, cond))
        return true;
    if (!target_misaligned(target) && translator_side_exit(ctx, target, &taken)) {
        ir_brcond(s, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), cond, taken);
        return true;
    }
    taken = ir_new_label(s);
    ir_brcond(s, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), cond, taken);
    ir_movi(s, RV_T_PC, ctx->pc_next);
    gen_goto_tb(s, 1);
    ir_set_label(s, taken);
    if (target_misaligned(ctx->pc + (uint64_t)a->imm)) {
        gen_jump_misaligned(ctx);
    } else {
        ir_movi(s, RV_T_PC, ctx->pc + (uint64_t)a->imm);
        gen_goto_tb(s, 0);
    }
    ctx->tb_ended = true;
    return true;
}

TRANS(beq) { return gen_branch(ctx, a, IR_COND_EQ); }
TRANS(bne) { return gen_branch(ctx, a, IR_COND_NE); }
TRANS(blt) { return gen_branch(ctx, a, IR_COND_LT); }
TRANS(bge) { return gen_branch(ctx, a, IR_COND_GE); }
TRANS(bltu) { return gen_branch(ctx, a, IR_COND_LTU); }
TRANS(bgeu) { return gen_branch(ctx, a, IR_COND_GEU); }

/* The load happens even for rd = x0: it may fault. */
static bool gen_load(DisasContext *ctx, const RVInsn *a, IRMemOp mo)
{
    IRTemp d = gen_tmp(ctx);
    ir_qemu_ld(ctx->s, d, gen_addr(ctx, a), gen_memop(ctx, mo));
    gen_set_x(ctx, a->rd, d);
    return true;
}

static bool gen_store(DisasContext *ctx, const RVInsn *a, IRMemOp mo)
{
    ir_qemu_st(ctx->s, gen_x(ctx, a->rs2), gen_addr(ctx, a), gen_memop(ctx, mo));
    return true;
}

TRANS(lb) { return gen_load(ctx, a, IR_MO_SB); }
TRANS(lh) { return gen_load(ctx, a, IR_MO_SW); }
TRANS(lw) { return gen_load(ctx, a, IR_MO_SL); }
TRANS(ld) { return gen_load(ctx, a, IR_MO_UQ); }
TRANS(lbu) { return gen_load(ctx, a, IR_MO_UB); }
TRANS(lhu) { return gen_load(ctx, a, IR_MO_UW); }
TRANS(lwu) { return gen_load(ctx, a, IR_MO_UL); }
TRANS(sb) { return gen_store(ctx, a, IR_MO_UB); }
TRANS(sh) { return gen_store(ctx, a, IR_MO_UW); }
TRANS(sw) { return gen_store(ctx, a, IR_MO_UL); }
TRANS(sd) { return gen_store(ctx, a, IR_MO_UQ); }

/* mv and li, the commonest idioms, become plain moves. */
TRANS(addi)
{
    if (a->rs1 == 0 || a->imm == 0) {
        gen_set_x(ctx, a->rd, a->rs1 ? gen_x(ctx, a->rs1) : gen_imm(ctx, a->imm));
        return true;
    }
    return gen_i(ctx, a, ir_add);
}

TRANS(xori) { return gen_i(ctx, a, ir_xor); }
TRANS(ori) { return gen_i(ctx, a, ir_or); }
TRANS(andi) { return gen_i(ctx, a, ir_and); }
TRANS(slli) { return gen_i(ctx, a, ir_shl); }
TRANS(srli) { return gen_i(ctx, a, ir_shr); }
TRANS(srai) { return gen_i(ctx, a, ir_sar); }

static bool gen_slt(DisasContext *ctx, unsigned rd, IRTemp x, IRTemp y, IRCond cond)
{
    IRTemp d = gen_tmp(ctx);
    ir_setcond(ctx->s, d, x, y, cond);
    gen_set_x(ctx, rd, d);
    return true;
}

TRANS(slti) { return gen_slt(ctx, a->rd, gen_x(ctx, a->rs1), gen_imm(ctx, a->imm), IR_COND_LT); }
TRANS(sltiu) { return gen_slt(ctx, a->rd, gen_x(ctx, a->rs1), gen_imm(ctx, a->imm), IR_COND_LTU); }
TRANS(slt) { return gen_slt(ctx, a->rd, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), IR_COND_LT); }
TRANS(sltu) { return gen_slt(ctx, a->rd, gen_x(ctx, a->rs1), gen_x(ctx, a->rs2), IR_COND_LTU); }

TRANS(add)
{
    if (a->rs1 == 0 || a->rs2 == 0) {
        gen_set_x(ctx, a->rd, gen_x(ctx, a->rs1 ? a->rs1 : a->rs2));
        return true;
    }
    return gen_r(ctx, a, ir_add);
}

TRANS(sub) { return gen_r(ctx, a, ir_sub); }
TRANS(xor) { return gen_r(ctx, a, ir_xor); }
TRANS(or) { return gen_r(ctx, a, ir_or); }
TRANS(and) { return gen_r(ctx, a, ir_and); }

/* Register shift counts use the low 6 bits (5 for the W forms). */
TRANS(sll) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_masked(ctx, a->rs2, 63), ir_shl, false); }
TRANS(srl) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_masked(ctx, a->rs2, 63), ir_shr, false); }
TRANS(sra) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_masked(ctx, a->rs2, 63), ir_sar, false); }

TRANS(addiw) { return gen_i_w(ctx, a, ir_add); }
TRANS(slliw) { return gen_i_w(ctx, a, ir_shl); }
TRANS(addw) { return gen_r_w(ctx, a, ir_add); }
TRANS(subw) { return gen_r_w(ctx, a, ir_sub); }
TRANS(sllw) { return gen_binop(ctx, a->rd, gen_x(ctx, a->rs1), gen_masked(ctx, a->rs2, 31), ir_shl, true); }

/* Right shifts of a word first bring the word's own bits into place. */
static IRTemp gen_word(DisasContext *ctx, unsigned rs, IRUnFn *ext)
{
    IRTemp t = gen_tmp(ctx);
    ext(ctx->s, t, gen_x(ctx, rs));
    return t;
}

TRANS(srliw) { return gen_binop(ctx, a->rd, gen_word(ctx, a->rs1, ir_ext32u), gen_imm(ctx, a->imm), ir_shr, true); }
TRANS(sraiw) { return gen_binop(ctx, a->rd, gen_word(ctx, a->rs1, ir_ext32s), gen_imm(ctx, a->imm), ir_sar, true); }
TRANS(srlw)
{
    return gen_binop(ctx, a->rd, gen_word(ctx, a->rs1, ir_ext32u), gen_masked(ctx, a->rs2, 31), ir_shr, true);
}
TRANS(sraw)
{
    return gen_binop(ctx, a->rd, gen_word(ctx, a->rs1, ir_ext32s), gen_masked(ctx, a->rs2, 31), ir_sar, true);
}

/* I and O (device input/output) order like R and W in user space. */
TRANS(fence)
{
    unsigned pred = (unsigned)(a->imm >> 4) & 15, succ = (unsigned)a->imm & 15;
    unsigned fm = (unsigned)(a->imm >> 8) & 15;
    bool pr = pred & 0xa, pw = pred & 0x5, sr = succ & 0xa, sw = succ & 0x5;
    unsigned mb = (pr && sr ? IR_MB_LD_LD : 0) | (pw && sr ? IR_MB_ST_LD : 0) |
                  (pr && sw ? IR_MB_LD_ST : 0) | (pw && sw ? IR_MB_ST_ST : 0);
    /* pause (Zihintpause: a fence w,0, which orders nothing): with harts
     * on several host threads the hart yields its own (sys-csr.c) */
    if (rv_sys && rv_sys->pause && pred == 1 && succ == 0 && fm == 0 && a->rd == 0 && a->rs1 == 0) {
        gen_call(ctx, rv_sys->pause, (IRTemp[]){ 0 });
        return true;
    }
    if (fm == 8)        /* fence.tso: everything but store -> load */
        mb &= ~(unsigned)IR_MB_ST_LD;
    if (mb)
        ir_mb(ctx->s, mb);
    return true;
}

/* Code writes were already caught by the write-protection of translated
 * pages; returning to the loop makes the next TB come from fresh lookup. */
TRANS(fence_i)
{
    ir_movi(ctx->s, RV_T_PC, ctx->pc_next);
    gen_exit_tb(ctx->s);
    ctx->tb_ended = true;
    return true;
}

TRANS(ecall)
{
    gen_trap(ctx, EXCP_SYSCALL);
    return true;
}

TRANS(ebreak)
{
    gen_trap(ctx, EXCP_BREAKPOINT);
    return true;
}
