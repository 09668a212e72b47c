/*
 * IR unit test: random straight-line-and-forward-branch IR programs over
 * globals and TB temps are evaluated three ways, which must agree:
 *   1. a reference evaluator written here, directly over the IROp list,
 *      with each op's semantics spelled out independently of ir_fold;
 *   2. the interpreter backend on the unoptimized list;
 *   3. the interpreter backend after ir_optimize().
 * Plus hand-computed checks of folding corner cases. Prints PASS/FAIL lines.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/cpu.h"
#include "exec/exec.h"
#include "host/interp/interp.h"
#include "ir/ir.h"
#include "user/mem.h"
#include "../lib/test-state.h"

/* The programs here never touch guest memory. */
static _Noreturn void no_mem_fault(void *env, uint64_t addr, bool misaligned) { abort(); }

#define NG 8      /* globals: TS(env)->x[1..8] */

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static uint64_t ref_op(IROpcode opc, uint64_t a, uint64_t b)
{
    unsigned sh = b & 63;
    switch (opc) {
    case IR_add: return a + b;
    case IR_sub: return a - b;
    case IR_mul: return a * b;
    case IR_and: return a & b;
    case IR_or: return a | b;
    case IR_xor: return a ^ b;
    case IR_andc: return a & ~b;
    case IR_orc: return a | ~b;
    case IR_eqv: return ~a ^ b;
    case IR_shl: return a << sh;
    case IR_shr: return a >> sh;
    case IR_sar: return sh ? (a >> sh) | ((a >> 63) ? ~0ull << (64 - sh) : 0) : a;
    case IR_rotl: return sh ? (a << sh) | (a >> (64 - sh)) : a;
    case IR_rotr: return sh ? (a >> sh) | (a << (64 - sh)) : a;
    case IR_neg: return 0 - a;
    case IR_not: return ~a;
    case IR_ext8s: return (a & 0x80) ? a | ~0xffull : a & 0xff;
    case IR_ext8u: return a & 0xff;
    case IR_ext16s: return (a & 0x8000) ? a | ~0xffffull : a & 0xffff;
    case IR_ext16u: return a & 0xffff;
    case IR_ext32s: return (a & 0x80000000u) ? a | ~0xffffffffull : a & 0xffffffffull;
    case IR_ext32u: return a & 0xffffffffull;
    case IR_ctpop: { uint64_t c = 0; for (; a; a &= a - 1) c++; return c; }
    case IR_clz: { uint64_t c = 0; while (c < 64 && !(a >> (63 - c) & 1)) c++; return c; }
    case IR_muluh: {
        uint64_t al = a & 0xffffffff, ah = a >> 32, bl = b & 0xffffffff, bh = b >> 32;
        uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
        uint64_t mid = (ll >> 32) + (lh & 0xffffffff) + (hl & 0xffffffff);
        return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    }
    case IR_divu: return b ? a / b : ~0ull;   /* programs guard divisors */
    default: abort();
    }
}

static const IROpcode bin_ops[] = { IR_add, IR_sub, IR_mul, IR_and, IR_or, IR_xor, IR_andc, IR_orc,
                                    IR_eqv, IR_shl, IR_shr, IR_sar, IR_rotl, IR_rotr, IR_muluh, IR_divu };
static const IROpcode un_ops[] = { IR_neg, IR_not, IR_ext8s, IR_ext16u, IR_ext32s, IR_ext32u, IR_ctpop, IR_clz };

static IRTemp pick(IRContext *s, IRTemp *pool, int npool)
{
    uint64_t r = rnd();
    if (r % 5 == 0) {
        static const uint64_t interesting[] = { 0, 1, 2, 63, 64, 0x80000000u, 0xffffffffu, ~0ull, 1ull << 63, 0x7fffffffffffffffull };
        return ir_const(s, r % 3 ? interesting[(r >> 8) % 10] : rnd());
    }
    return pool[(r >> 8) % npool];
}

/* Reference: evaluate the op list directly. */
static void ref_run(const IRContext *s, uint64_t *vals)
{
    for (uint32_t i = 0; i < s->nb_ops; i++) {
        const IROp *op = &s->ops[i];
        const uint64_t *a = op->args;
#define V(k) (s->temps[a[k]].kind == IR_TEMP_CONST ? s->temps[a[k]].val : vals[a[k]])
        switch (op->opc) {
        case IR_insn_start: case IR_set_label: break;
        case IR_mov: vals[a[0]] = V(1); break;
        case IR_setcond: vals[a[0]] = ir_cond_eval((IRCond)a[3], V(1), V(2)); break;
        case IR_movcond: vals[a[0]] = ir_cond_eval((IRCond)a[5], V(1), V(2)) ? V(3) : V(4); break;
        case IR_brcond:
            if (ir_cond_eval((IRCond)a[2], V(0), V(1)))
                while (!(s->ops[i].opc == IR_set_label && s->ops[i].args[0] == a[3]))
                    i++;
            break;
        case IR_exit_tb: return;
        default:
            vals[a[0]] = ref_op((IROpcode)op->opc, V(1), op->nin > 1 ? V(2) : 0);
            break;
        }
#undef V
    }
}

static int failures, passes;

static void check(bool ok, const char *name, uint64_t seed, const char *detail)
{
    if (ok) {
        passes++;
        printf("PASS %s\n", name);
    } else {
        failures++;
        printf("FAIL %s: seed %" PRIu64 " %s\n", name, seed, detail);
    }
}

static void random_program(IRContext *s, uint64_t seed, IRTemp *globals)
{
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    ir_reset(s);
    IRTemp pool[64];
    int npool = 0;
    for (int g = 0; g < NG; g++)
        pool[npool++] = globals[g];
    int nops = 5 + (int)(rnd() % 60);
    IRLabel pending[8];
    int npending = 0;
    ir_insn_start(s, 0x1000);
    /* Every TB temp is written before any branch, so no path reads an
     * undefined temp (which no backend is required to agree on). */
    for (int t = 0; t < 24; t++) {
        IRTemp x = ir_new_temp(s);
        ir_movi(s, x, rnd());
        pool[npool++] = x;
    }
    for (int k = 0; k < nops; k++) {
        uint64_t r = rnd() % 100;
        IRTemp d = pool[rnd() % npool];
        if (r < 55) {
            IROpcode o = bin_ops[rnd() % (sizeof(bin_ops) / sizeof(bin_ops[0]))];
            IRTemp x = pick(s, pool, npool), y = pick(s, pool, npool);
            if (o == IR_shl || o == IR_shr || o == IR_sar || o == IR_rotl || o == IR_rotr) {
                IRTemp m = ir_new_temp(s);
                ir_and(s, m, y, ir_const(s, 63));
                y = m;
            } else if (o == IR_divu) {
                IRTemp m = ir_new_temp(s);
                ir_movcond(s, m, y, ir_const(s, 0), ir_const(s, 7), y, IR_COND_EQ);
                y = m;
            }
            uint64_t args[] = { d, x, y };
            ir_emit(s, o, args);
        } else if (r < 70) {
            IROpcode o = un_ops[rnd() % (sizeof(un_ops) / sizeof(un_ops[0]))];
            uint64_t args[] = { d, pick(s, pool, npool) };
            ir_emit(s, o, args);
        } else if (r < 78) {
            ir_mov(s, d, pick(s, pool, npool));
        } else if (r < 86) {
            ir_setcond(s, d, pick(s, pool, npool), pick(s, pool, npool), rnd() % 10);
        } else if (r < 92) {
            ir_movcond(s, d, pick(s, pool, npool), pick(s, pool, npool), pick(s, pool, npool),
                       pick(s, pool, npool), rnd() % 10);
        } else if (npending < 8) {
            IRLabel l = ir_new_label(s);
            ir_brcond(s, pick(s, pool, npool), pick(s, pool, npool), rnd() % 12, l);
            pending[npending++] = l;
            continue;
        }
        if (npending && rnd() % 4 == 0)
            ir_set_label(s, pending[--npending]);
    }
    while (npending)
        ir_set_label(s, pending[--npending]);
    ir_exit_tb(s, 0);
}

/* Extensions as riscv code spells them, for the optimizer's rewrites
 * through the op that wrote an input ("Extensions through their inputs"
 * in docs/design-notes.md): shifts left and back right by 32, 48 or 56
 * (and by other counts, which are no extension), extensions of
 * extensions, and moves and adds that overwrite a shift's or an
 * extension's input between it and its reader, so that reading the input
 * again would be wrong. Straight-line, over few temps, so the patterns
 * meet often. */
static void ext_program(IRContext *s, uint64_t seed, IRTemp *globals)
{
    static const unsigned counts[] = { 32, 48, 56, 32, 48, 56, 30, 8 };
    static const IROpcode exts[] = { IR_ext8s, IR_ext8u, IR_ext16s, IR_ext16u, IR_ext32s, IR_ext32u };
    rng_state = seed * 0x9e3779b97f4a7c15ull + 7;
    ir_reset(s);
    IRTemp pool[NG + 6];
    int npool = 0;
    for (int g = 0; g < NG; g++)
        pool[npool++] = globals[g];
    ir_insn_start(s, 0x1000);
    for (int t = 0; t < 6; t++) {
        IRTemp x = ir_new_temp(s);
        ir_movi(s, x, rnd());
        pool[npool++] = x;
    }
    int nops = 5 + (int)(rnd() % 40);
    for (int k = 0; k < nops; k++) {
        uint64_t r = rnd() % 100;
        IRTemp d = pool[rnd() % npool], x = pool[rnd() % npool];
        if (r < 30) {
            ir_shl(s, d, x, ir_const(s, counts[rnd() % 8]));
        } else if (r < 60) {
            uint64_t args[] = { d, x, ir_const(s, counts[rnd() % 8]) };
            ir_emit(s, rnd() % 2 ? IR_shr : IR_sar, args);
        } else if (r < 85) {
            uint64_t args[] = { d, x };
            ir_emit(s, exts[rnd() % 6], args);
        } else if (r < 93) {
            ir_mov(s, d, x);
        } else {
            ir_add(s, d, x, pick(s, pool, npool));
        }
    }
    ir_exit_tb(s, 0);
}

int main(int argc, char **argv)
{
    int nprog = argc > 1 ? atoi(argv[1]) : 3000;
    static IRContext ctx;
    IREnvLayout layout = { .scratch_off = offsetof(CPUState, scratch), .insn_pc_off = offsetof(CPUState, insn_pc) };
    ir_context_init(&ctx, &layout);
    IRTemp globals[NG];
    for (int g = 0; g < NG; g++)
        globals[g] = ir_new_global(&ctx, (uint32_t)offsetof(TestState, x[g + 1]), "g");
    CPUState *cpu = calloc(1, sizeof(CPUState));
    cpu->self = cpu;
    IRIConfig icfg = {
        .env_self_off = offsetof(CPUState, self),
        .insn_pc_off = offsetof(CPUState, insn_pc),
        .mem_fault = no_mem_fault,
    };
    iri_init(&icfg);
    static uint64_t vals[IR_MAX_TEMPS];

    int bad_interp = 0, bad_opt = 0;
    for (int p = 0; p < 2 * nprog; p++) {
        /* the first nprog programs mixed, the next nprog extensions */
        uint64_t seed = (uint64_t)(p % nprog) + 1;
        if (p < nprog)
            random_program(&ctx, seed, globals);
        else
            ext_program(&ctx, seed, globals);
        ir_verify(&ctx);
        uint64_t init[NG];
        for (int g = 0; g < NG; g++)
            init[g] = rnd();
        memset(vals, 0, sizeof(vals));
        for (int g = 0; g < NG; g++)
            vals[globals[g]] = init[g];
        ref_run(&ctx, vals);

        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                ir_optimize(&ctx);
                ir_verify(&ctx);
            }
            IriCode *code = iri_compile(&ctx);
            for (int g = 0; g < NG; g++)
                TS(cpu)->x[g + 1] = init[g];
            iri_exec(cpu, code);
            iri_free(code);
            for (int g = 0; g < NG; g++) {
                if (TS(cpu)->x[g + 1] != vals[globals[g]]) {
                    char buf[128];
                    snprintf(buf, sizeof(buf), "global %d: got %016" PRIx64 " want %016" PRIx64, g,
                             TS(cpu)->x[g + 1], vals[globals[g]]);
                    if ((pass ? bad_opt++ : bad_interp++) < 3)
                        check(false, pass ? "ir-optimized-vs-reference" : "ir-interp-vs-reference", seed, buf);
                    break;
                }
            }
        }
    }
    check(bad_interp == 0, "ir-interp-vs-reference", 0, "");
    check(bad_opt == 0, "ir-optimized-vs-reference", 0, "");

    /* Folding corners, by hand. */
    check(ir_fold(IR_clz, 0, 0) == 64 && ir_fold(IR_ctz, 0, 0) == 64, "ir-fold-clz-ctz-zero", 0, "");
    check(ir_fold(IR_mulsh, (uint64_t)-1, 1) == (uint64_t)-1, "ir-fold-mulsh", 0, "(-1*1)>>64 = -1");
    check(ir_fold(IR_mulsuh, (uint64_t)-1, (uint64_t)-1) == (uint64_t)-1, "ir-fold-mulsuh", 0,
          "-1 * (2^64-1) = -(2^64-1), high word -1");
    check(ir_fold(IR_muluh, (uint64_t)-1, (uint64_t)-1) == 0xfffffffffffffffeull, "ir-fold-muluh", 0,
          "(2^64-1)^2 = 2^128 - 2^65 + 1, high word 2^64-2");
    check(ir_fold(IR_rotr, 1, 1) == 1ull << 63, "ir-fold-rotr", 0, "");
    check(ir_fold(IR_sar, 1ull << 63, 63) == ~0ull, "ir-fold-sar", 0, "");

    /* The optimizer must not fold a division that the frontend guards. */
    ir_reset(&ctx);
    IRTemp q = ir_new_temp(&ctx);
    ir_div(&ctx, q, ir_const(&ctx, 5), ir_const(&ctx, 0));
    ir_mov(&ctx, globals[0], q);
    ir_optimize(&ctx);
    check(ctx.nb_ops == 2 && ctx.ops[0].opc == IR_div, "ir-opt-keeps-div-by-zero", 0, "");

    /* DCE to the fixpoint when a temp is reused: u = t + t is dead, and
     * once it goes, so do both writes of t (the second one is further
     * down than u, which a single backward pass has already passed). By
     * hand: nothing of t or u reaches a global, so only the mov stays. */
    ir_reset(&ctx);
    IRTemp t = ir_new_temp(&ctx), u = ir_new_temp(&ctx);
    ir_add(&ctx, t, globals[0], globals[1]);
    ir_add(&ctx, u, t, t);
    ir_xor(&ctx, t, globals[2], globals[3]);
    ir_mov(&ctx, globals[0], globals[1]);
    ir_optimize(&ctx);
    check(ctx.nb_ops == 1 && ctx.ops[0].opc == IR_mov, "ir-opt-dce-reused-temp", 0, "");

    /* ir_const reuses an equal constant among the last IR_CONST_RECENT
     * (16) temps, and only there: by hand, c is reused while at most 16
     * temps (c itself and 15 more) stand from it to the end; one more
     * temp and a new one is made. Other constants in between (a ring of
     * the recent ones) must not hide it. */
    ir_reset(&ctx);
    IRTemp c = ir_const(&ctx, 5);
    bool reuse_ok = ir_const(&ctx, 5) == c;
    for (int k = 0; k < 14; k++)
        ir_const(&ctx, 100 + (uint64_t)k);
    ir_new_temp(&ctx);
    reuse_ok &= ctx.nb_temps - c == 16 && ir_const(&ctx, 5) == c;
    ir_new_temp(&ctx);
    IRTemp c2 = ir_const(&ctx, 5);
    reuse_ok &= c2 != c && ctx.temps[c2].kind == IR_TEMP_CONST && ctx.temps[c2].val == 5;
    reuse_ok &= ir_const(&ctx, 5) == c2 && ir_const(&ctx, 113) == c + 14;
    check(reuse_ok, "ir-const-reuse-window", 0, "");

    /* LeakSanitizer would end the ASan run before stdout reaches the file. */
    free(cpu);
    free(ctx.ops);
    free(ctx.opt_know);
    fflush(stdout);
    return failures != 0;
}
