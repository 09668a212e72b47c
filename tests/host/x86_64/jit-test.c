/*
 * JIT differential test: random IR programs (every op, forward branches and
 * loops, helper calls of every arity and flag combination, ld_env/st_env
 * aliasing globals, guest loads and stores of every memop into a buffer at a
 * fake guest_base, enough live temps to force spills, guest faults both
 * from the range/alignment checks and from host page faults) run on the
 * interpreter backend, the oracle, and on the x86-64 JIT, before and after
 * ir_optimize(). Every global, the helpers' side area, guest memory, plugin-
 * style host counters, the exit code and any fault (kind, address, guest
 * pc) must agree. The programs also copy fresh temps into globals the way
 * frontends do and chain shifts, masks and extensions, which the JIT's copy
 * coalescing and known-bits tracking rewrite; a second series ends each
 * program in a counted goto_tb back to its own start, which the JIT turns
 * into a loop inside the block, disturbed by exit requests and by
 * invalidation mid-loop.
 *
 * Then: chaining through goto_tb (to a block's entry and past its
 * exit_request check), the inline jump-cache lookup of lookup_and_goto_ptr,
 * the exit_request check at block entry, host-pc lookup, code buffer
 * flushes, and a few encodings checked against objdump. Prints PASS/FAIL;
 * JIT_TEST_SEED=n runs one program, JIT_TEST_DUMP=1 prints failing IR.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "exec/cpu.h"
#include "exec/exec.h"
#include "exec/tb.h"
#include "exec/translate.h"
#include "host/interp/interp.h"
#include "host/x86_64/x64-emit.h"
#include "host/x86_64/x64.h"
#include "ir/ir.h"
#include "exec/memory.h"
#include "../../lib/test-state.h"
#include "../../lib/result.h"

#define NG 12                 /* globals x1..x12, plus pc */
#define NT 40                 /* TB temps in the pool */
#define MEM_SIZE 0x10000      /* mapped guest bytes at guest address 0 */
#define EXCP_TEST 77          /* raised by the raising helpers */

/* The flat guest memory of exec/memory.h, which peek's linux-user mode
 * provides; here a reservation of our own. */
#define GUEST_SPACE_SIZE (1ull << 38)
uintptr_t guest_base;
uint64_t guest_space_size = GUEST_SPACE_SIZE;
static bool host_in_guest(const void *p) { return (uintptr_t)p - guest_base < GUEST_SPACE_SIZE; }

static CPUState *cpu;
static sigjmp_buf fault_jb;
static bool running_jit;
static int out_excp;
static uint64_t out_addr, out_pc;

/* The raising helpers leave through this, as in peek. */
void cpu_raise(CPUState *c, int excp, uint64_t addr, int code)
{
    out_excp = excp;
    out_addr = addr;
    siglongjmp(fault_jb, 1);
}

/* The interpreter's guest faults. */
static _Noreturn void test_iri_fault(void *env, uint64_t addr, bool misaligned)
{
    out_pc = ((CPUState *)env)->insn_pc;
    cpu_raise(env, misaligned ? EXCP_BUS : EXCP_SEGV, addr, 0);
}

/* The JIT's slow path: alignment first, then range, like the interpreter
 * (and peek's backend, exec/backend-x86_64.c). */
static void test_mem_fault(void *env, uint64_t addr, uint64_t info, uint64_t pc)
{
    unsigned mo = (unsigned)info & 0xff;
    out_excp = (mo & IR_MO_ALIGN) && (addr & (ir_memop_size(mo) - 1)) ? EXCP_BUS : EXCP_SEGV;
    out_addr = addr;
    out_pc = pc;
    siglongjmp(fault_jb, 1);
}

static uint32_t get_mxcsr(void)
{
    uint32_t m;
    __asm__ volatile("stmxcsr %0" : "=m"(m));
    return m;
}

static void set_mxcsr(uint32_t m) { __asm__ volatile("ldmxcsr %0" : : "m"(m)); }

static void host_fault(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    if (!host_in_guest(si->si_addr)) {
        static const char msg[] = "jit-test: crash outside the guest space\n";
        if (write(2, msg, sizeof(msg) - 1) < 0)
            _exit(2);
        _exit(2);
    }
    out_excp = EXCP_SEGV;
    out_addr = h2g(si->si_addr);
    if (running_jit) {
        uint64_t pc, regs[16];
        uintptr_t tag;
        x64_regs_from_ucontext(uc, regs);
        out_pc = x64_restore((uintptr_t)uc->uc_mcontext.gregs[REG_RIP], regs, cpu, &pc, &tag) ? pc : UINT64_MAX;
    } else {
        out_pc = cpu->insn_pc;
    }
    /* The handler runs with a fresh MXCSR: keep the interrupted one, whose
     * flags the float ops raised (peek's fault handler does the same). */
    if (uc->uc_mcontext.fpregs)
        set_mxcsr(uc->uc_mcontext.fpregs->mxcsr);
    siglongjmp(fault_jb, 1);
}

static uint64_t rng_state;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* ---- helpers ---- */

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdull;
}

enum { K_MATH, K_READ, K_WRITE, K_RW, K_RAISE };

static uint64_t helper_core(int kind, int n, const uint64_t *v)
{
    uint64_t h = (uint64_t)n;
    for (int i = kind == K_MATH ? 0 : 1; i < n; i++)
        h = mix(h, v[i]);
    if (kind == K_MATH)
        return h;
    CPUState *c = (CPUState *)(uintptr_t)v[0];
    if (kind == K_READ || kind == K_RW || kind == K_RAISE)
        for (int g = 1; g <= NG; g++)
            h = mix(h, TS(c)->x[g]);
    if (kind == K_RAISE && (h & 3) == 0)
        cpu_raise(c, EXCP_TEST, h, 0);
    if (kind == K_WRITE || kind == K_RW) {
        TS(c)->x[1 + h % NG] = h;
        TS(c)->f[h % 8] ^= h;
    }
    return h;
}

#define P0 void
#define P1 uint64_t a0
#define P2 P1, uint64_t a1
#define P3 P2, uint64_t a2
#define P4 P3, uint64_t a3
#define P5 P4, uint64_t a4
#define P6 P5, uint64_t a5
#define V0 0
#define V1 a0
#define V2 V1, a1
#define V3 V2, a2
#define V4 V3, a3
#define V5 V4, a4
#define V6 V5, a5
#define DEFH(k, n) static uint64_t h_##k##n(P##n) { uint64_t v[7] = { V##n }; return helper_core(K_##k, n, v); }
#define DEFH_ALL(k) DEFH(k, 1) DEFH(k, 2) DEFH(k, 3) DEFH(k, 4) DEFH(k, 5) DEFH(k, 6)
DEFH(MATH, 0)
DEFH_ALL(MATH)
DEFH_ALL(READ)
DEFH_ALL(WRITE)
DEFH_ALL(RW)
DEFH_ALL(RAISE)

static void *const helper_fns[5][7] = {
    { (void *)h_MATH0, (void *)h_MATH1, (void *)h_MATH2, (void *)h_MATH3, (void *)h_MATH4, (void *)h_MATH5, (void *)h_MATH6 },
    { NULL, (void *)h_READ1, (void *)h_READ2, (void *)h_READ3, (void *)h_READ4, (void *)h_READ5, (void *)h_READ6 },
    { NULL, (void *)h_WRITE1, (void *)h_WRITE2, (void *)h_WRITE3, (void *)h_WRITE4, (void *)h_WRITE5, (void *)h_WRITE6 },
    { NULL, (void *)h_RW1, (void *)h_RW2, (void *)h_RW3, (void *)h_RW4, (void *)h_RW5, (void *)h_RW6 },
    { NULL, (void *)h_RAISE1, (void *)h_RAISE2, (void *)h_RAISE3, (void *)h_RAISE4, (void *)h_RAISE5, (void *)h_RAISE6 },
};

/* Every kind x arity x return x flags the kind's behaviour allows. */
#define MAX_HELPERS 512
static IRHelper helpers[MAX_HELPERS];
static int helper_kind[MAX_HELPERS];
static int nhelpers;

static void make_helpers(void)
{
    for (int k = K_MATH; k <= K_RAISE; k++)
        for (int n = k == K_MATH ? 0 : 1; n <= IR_MAX_CALL_ARGS; n++)
            for (int ret = 0; ret < 2; ret++)
                for (unsigned fl = 0; fl < 8; fl++) {
                    bool rd = !(fl & IR_CALL_NO_READ_GLOBALS), wr = !(fl & IR_CALL_NO_WRITE_GLOBALS);
                    bool side = !(fl & IR_CALL_NO_SIDE_EFFECTS);
                    if ((k == K_READ || k == K_RW || k == K_RAISE) && !rd)
                        continue;
                    if ((k == K_WRITE || k == K_RW) && (!wr || !side))
                        continue;
                    if (k == K_RAISE && !side)
                        continue;
                    helpers[nhelpers] = (IRHelper){ "h", helper_fns[k][n], (uint8_t)n, (uint8_t)ret, (uint16_t)fl };
                    helper_kind[nhelpers++] = k;
                }
}

/* ---- random programs ---- */

static IRTemp globals[NG + 2];   /* x1..x12, then pc, then the loop counter */
#define PC_G NG
#define CNT_G (NG + 1)
#define ENTRY_PC 0x10000

/* Loop mode: the program ends in a counted branch back to its own start
 * (goto_tb with pc = its entry), which the JIT runs as a loop inside the
 * block; the runner re-enters the block as the execution loop would. Two
 * helpers disturb such loops: one raises exit_request, one invalidates
 * the running block. */
static bool loop_mode;
static unsigned disturb_calls;
static X64Code *running_code;

static uint64_t h_exit_request(uint64_t env)
{
    if (++disturb_calls % 3 == 0)
        ((CPUState *)(uintptr_t)env)->exit_request = 1;
    return 0;
}

static uint64_t h_invalidate(uint64_t env)
{
    if (++disturb_calls % 4 == 0 && running_code)
        x64_invalidate(running_code);
    return 0;
}

static const IRHelper disturb_helpers[2] = {
    { "exit_request", (void *)h_exit_request, 1, 0, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS },
    { "invalidate", (void *)h_invalidate, 1, 0, IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS },
};

typedef struct Gen {
    IRContext *s;
    IRTemp pool[NG + NT];
    int npool;
    uint64_t pc;
    bool faults;            /* may this program fault on purpose? */
    /* A new guest insn may start here: no branch crosses an insn_start
     * (like a real frontend), since the JIT maps host pcs to insns by
     * position in the list while the interpreter records the last one run. */
    bool may_mark;
    /* Fresh temps written in this basic block, frontend style (t = x op y;
     * g = t; more reads of t): the JIT's copy coalescing meets them. */
    IRTemp recent[8];
    int nrecent;
    IRTemp first_fresh;     /* temps from here on are not in the pool */
} Gen;

static IRTemp pick(Gen *g)
{
    uint64_t r = rnd();
    if (r % 6 == 0) {
        static const uint64_t interesting[] = {
            0, 1, 2, 7, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x80000000u, 0x7fffffff, 0xffffffffu,
            ~0ull, 1ull << 63, 0x7fffffffffffffffull, 0xffffffff80000000ull, 0x123456789abcdefull,
        };
        const unsigned ni = sizeof(interesting) / sizeof(interesting[0]);
        return ir_const(g->s, r % 3 ? interesting[(r >> 8) % ni] : rnd());
    }
    if (g->nrecent && r % 3 == 0)
        return g->recent[(r >> 8) % g->nrecent];
    return g->pool[(r >> 8) % g->npool];
}

/* Where an op's result goes: a pool temp or global, or a fresh temp that
 * is then copied to a global (and maybe read again later in the block). */
static IRTemp dest(Gen *g)
{
    if (rnd() % 3)
        return g->pool[rnd() % g->npool];
    IRTemp t = ir_new_temp(g->s);
    if (g->nrecent < 8)
        g->recent[g->nrecent++] = t;
    else
        g->recent[rnd() % 8] = t;
    return t;
}

/* After an op wrote d: a fresh temp is copied on, as frontends do. */
static void finish(Gen *g, IRTemp d)
{
    if (g->s->temps[d].kind != IR_TEMP_TB || d < g->first_fresh)
        return;
    if (rnd() % 4 == 0)
        ir_ext32s(g->s, d, d);
    ir_mov(g->s, globals[rnd() % NG], d);
}

static void forget_recent(Gen *g) { g->nrecent = 0; }

static IRTemp masked(Gen *g, IRTemp v, uint64_t mask)
{
    IRTemp m = ir_new_temp(g->s);
    ir_and(g->s, m, v, ir_const(g->s, mask));
    return m;
}

/* A guest address: mostly inside the mapped buffer; when faults are on,
 * sometimes in unmapped guest space or beyond it, or misaligned. */
static IRTemp guest_addr(Gen *g)
{
    IRContext *s = g->s;
    uint64_t r = rnd() % 100;
    IRTemp base = masked(g, pick(g), MEM_SIZE - 32);
    if (g->faults && r < 3)
        return ir_const(s, GUEST_SPACE_SIZE - (rnd() % 8));     /* straddles the end */
    if (g->faults && r < 5)
        return ir_const(s, rnd() | (1ull << 40));                /* beyond the space */
    if (g->faults && r < 7) {
        IRTemp a = ir_new_temp(s);
        ir_add(s, a, base, ir_const(s, MEM_SIZE + (rnd() % 0x100000)));   /* unmapped */
        return a;
    }
    IRTemp a = ir_new_temp(s);
    ir_add(s, a, base, ir_const(s, rnd() % 8));
    return a;
}

static void insn_mark(Gen *g)
{
    g->pc += 4;
    ir_insn_start(g->s, g->pc);
}

static const IROpcode bin_ops[] = {
    IR_add, IR_sub, IR_mul, IR_mulsh, IR_muluh, IR_mulsuh, IR_and, IR_or, IR_xor, IR_andc, IR_orc, IR_eqv,
    IR_shl, IR_shr, IR_sar, IR_rotl, IR_rotr, IR_div, IR_divu, IR_rem, IR_remu,
};
static const IROpcode un_ops[] = {
    IR_mov, IR_neg, IR_not, IR_ext8s, IR_ext8u, IR_ext16s, IR_ext16u, IR_ext32s, IR_ext32u,
    IR_clz, IR_ctz, IR_ctpop, IR_bswap64,
};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Float operands: often a value of some interest (zeros, infinities, NaNs,
 * subnormals, ordinary numbers), else whatever is in the pool. */
static IRTemp float_operand(Gen *g)
{
    static const uint64_t special[] = {
        0, 1ull << 63, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
        0x7ff4000000000001ull, 0xfff8000000000123ull, 1, 0x000fffffffffffffull, 0x0010000000000000ull,
        0x3ff0000000000000ull, 0x4008000000000000ull, 0x7fefffffffffffffull, 0xbff0000000000000ull,
    };
    static const uint32_t special32[] = {
        0, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00001u, 1, 0x007fffffu,
        0x00800000u, 0x3f800000u, 0x40400000u, 0x7f7fffffu, 0xbf800000u,
    };
    uint64_t r = rnd() % 10;
    if (r == 8)
        return ir_const(g->s, 0xffffffff00000000ull | special32[rnd() % N_OF(special32)]);
    if (r == 9) {
        float v = (float)(int64_t)(rnd() % 20000 - 10000) / (float)(1 + rnd() % 97);
        uint32_t bits;
        memcpy(&bits, &v, 4);
        return ir_const(g->s, 0xffffffff00000000ull | bits);
    }
    if (r < 2)
        return ir_const(g->s, special[rnd() % N_OF(special)]);
    if (r < 5) {
        double v = (double)(int64_t)(rnd() % 20000 - 10000) / (double)(1 + rnd() % 97);
        uint64_t bits;
        memcpy(&bits, &v, 8);
        return ir_const(g->s, bits);
    }
    return pick(g);
}

/* A random op of those ops.def flags IR_F_FLOAT, so that a new float op is
 * tested without a list here to update. */
static IROpcode random_float_op(void)
{
    unsigned n = 0;
    for (unsigned o = 0; o < IR_NB_OPS; o++)
        n += ir_is_float_op(o);
    unsigned k = (unsigned)(rnd() % n);
    for (unsigned o = 0;; o++)
        if (ir_is_float_op(o) && k-- == 0)
            return (IROpcode)o;
}

static void random_float(Gen *g)
{
    IROpcode o = random_float_op();
    IRTemp x = float_operand(g), y = float_operand(g), d = dest(g);
    if (ir_float_unary(o)) {
        uint64_t args[] = { d, x };
        ir_emit(g->s, o, args);
    } else {
        uint64_t args[] = { d, x, y };
        ir_emit(g->s, o, args);
    }
    finish(g, d);
}

static void random_call(Gen *g)
{
    IRContext *s = g->s;
    int h = (int)(rnd() % (uint64_t)nhelpers);
    if (helper_kind[h] == K_RAISE && !g->faults)
        h = 0;
    const IRHelper *d = &helpers[h];
    IRTemp args[IR_MAX_CALL_ARGS];
    for (int i = 0; i < d->nargs; i++)
        args[i] = pick(g);
    if (helper_kind[h] != K_MATH)
        args[0] = IR_ENV;
    IRTemp ret = d->has_ret ? dest(g) : 0;
    ir_call_helper(s, d, ret, args);
    if (d->has_ret)
        finish(g, ret);
}

static void random_env_access(Gen *g)
{
    IRContext *s = g->s;
    static const unsigned mos[] = { IR_MO_UB, IR_MO_SB, IR_MO_UW, IR_MO_SW, IR_MO_UL, IR_MO_SL, IR_MO_UQ };
    unsigned mo = mos[rnd() % N_OF(mos)];
    unsigned size = ir_memop_size(mo);
    /* naturally aligned, as the interpreter's host accesses need */
    uint32_t off;
    if (rnd() % 2)   /* the helpers' side area */
        off = (uint32_t)offsetof(TestState, f[0]) + (uint32_t)(rnd() % (64 / size)) * size;
    else             /* a piece of some global: aliasing */
        off = (uint32_t)offsetof(TestState, x[1]) + (uint32_t)(rnd() % (8 * NG / size)) * size;
    if (rnd() % 2)
        ir_ld_env(s, dest(g), off, mo);
    else
        ir_st_env(s, pick(g), off, mo);
}

/* Plugin-style counters in host memory: base constant or in a temp. */
static uint64_t host_area[8], host_init[8], host_result[8];

static void random_host_access(Gen *g)
{
    IRContext *s = g->s;
    uint64_t k = rnd() % 8, split = rnd() % 2 ? 0 : k * 8;
    IRTemp base = ir_const(s, (uint64_t)(uintptr_t)host_area + split);
    if (rnd() % 2) {
        IRTemp t = ir_new_temp(s);
        ir_mov(s, t, base);
        base = t;
    }
    uint64_t r = rnd() % 4;
    if (r == 0) {
        ir_ld_host(s, dest(g), base, k * 8 - split);
    } else if (r == 1) {
        ir_st_host(s, pick(g), base, k * 8 - split);
    } else if (r == 2) {
        /* A plugin counter update as one op: an add to memory, or to a
         * counter lane when plugins are loaded; a signed 32-bit amount. */
        ir_add_host(s, base, k * 8 - split,
                    (uint64_t)(int64_t)(int32_t)(rnd() % 2 ? rnd() % 1000 : rnd()));
    } else {
        /* The same in three ops, as a counter whose value a temp holds. */
        IRTemp v = rnd() % 4 ? ir_new_temp(s) : dest(g);
        ir_ld_host(s, v, base, k * 8 - split);
        ir_add(s, v, v, ir_const(s, rnd() % 2 ? rnd() % 1000 : rnd()));
        ir_st_host(s, v, base, k * 8 - split);
    }
}

static void random_mem_access(Gen *g)
{
    IRContext *s = g->s;
    unsigned mo = (unsigned)(rnd() % 16);   /* size, sign, BE */
    if (g->faults && rnd() % 4 == 0)
        mo |= IR_MO_ALIGN;
    IRTemp addr = guest_addr(g);
    if (rnd() % 2) {
        IRTemp d = dest(g);
        ir_qemu_ld(s, d, addr, mo);
        finish(g, d);
    } else
        ir_qemu_st(s, pick(g), addr, mo & ~IR_MO_SIGN);
}

/* Shifts, masks and extensions in a row, as W instructions make them: the
 * JIT drops extensions it can prove change nothing, so every edge of what
 * it knows about high bits gets tried. */
static void random_ext_chain(Gen *g)
{
    static const IROpcode exts[] = { IR_ext8s, IR_ext8u, IR_ext16s, IR_ext16u, IR_ext32s, IR_ext32u };
    IRContext *s = g->s;
    IRTemp v = pick(g);
    int n = 1 + (int)(rnd() % 4);
    for (int i = 0; i < n; i++) {
        IRTemp d = ir_new_temp(s);
        uint64_t r = rnd() % 9;
        if (r == 8) {
            /* slli; srli/srai by 32, 48 or 56: an extension in two insns,
             * through a global or a temp */
            static const uint64_t cs[] = { 32, 48, 56, 31 };
            uint64_t c = cs[rnd() % 4];
            IRTemp mid = rnd() % 2 ? globals[rnd() % NG] : ir_new_temp(s);
            ir_shl(s, mid, v, ir_const(s, c));
            if (g->may_mark && rnd() % 2)
                insn_mark(g);
            if (s->temps[mid].kind == IR_TEMP_GLOBAL && rnd() % 2)
                d = mid;
            uint64_t args[] = { d, mid, ir_const(s, c) };
            ir_emit(s, rnd() % 2 ? IR_shr : IR_sar, args);
        } else if (r < 3) {
            uint64_t args[] = { d, v };
            ir_emit(s, exts[rnd() % N_OF(exts)], args);
        } else if (r < 6) {
            static const IROpcode sh[] = { IR_shr, IR_sar, IR_shl };
            uint64_t c = rnd() % 3 ? 24 + rnd() % 17 : rnd() % 64;
            uint64_t args[] = { d, v, ir_const(s, c) };
            ir_emit(s, sh[rnd() % 3], args);
        } else {
            static const IROpcode lg[] = { IR_and, IR_or, IR_xor, IR_not };
            IROpcode o = lg[rnd() % 4];
            uint64_t m = rnd() % 2 ? (1ull << (rnd() % 64)) - 1 : pick(g);
            uint64_t args[] = { d, v, rnd() % 2 ? ir_const(s, m) : pick(g) };
            ir_emit(s, o, args);
        }
        v = d;
    }
    IRTemp d = dest(g);
    ir_mov(s, d, v);
    finish(g, d);
}

static void random_op(Gen *g)
{
    IRContext *s = g->s;
    uint64_t r = rnd() % 100;
    if (r < 8) {
        random_ext_chain(g);
    } else if (r < 12) {
        random_float(g);
    } else if (r < 35) {
        IROpcode o = bin_ops[rnd() % N_OF(bin_ops)];
        IRTemp x = pick(g), y = pick(g);
        if (o == IR_shl || o == IR_shr || o == IR_sar || o == IR_rotl || o == IR_rotr) {
            y = masked(g, y, 63);
        } else if (o == IR_div || o == IR_divu || o == IR_rem || o == IR_remu) {
            /* no zero divisor, no INT64_MIN / -1 */
            IRTemp m = ir_new_temp(s), m2 = ir_new_temp(s);
            ir_movcond(s, m, y, ir_const(s, 0), ir_const(s, 7), y, IR_COND_EQ);
            ir_movcond(s, m2, m, ir_const(s, ~0ull), ir_const(s, 3), m, IR_COND_EQ);
            y = m2;
        }
        IRTemp d = dest(g);
        uint64_t args[] = { d, x, y };
        ir_emit(s, o, args);
        finish(g, d);
    } else if (r < 50) {
        IRTemp x = pick(g), d = dest(g);
        uint64_t args[] = { d, x };
        ir_emit(s, un_ops[rnd() % N_OF(un_ops)], args);
        finish(g, d);
    } else if (r < 57) {
        IRTemp x = pick(g), y = pick(g), d = dest(g);
        ir_setcond(s, d, x, y, (IRCond)(rnd() % 12));
        finish(g, d);
    } else if (r < 63) {
        IRTemp c1 = pick(g), c2 = pick(g), v1 = pick(g), v2 = pick(g), d = dest(g);
        ir_movcond(s, d, c1, c2, v1, v2, (IRCond)(rnd() % 12));
        finish(g, d);
    } else if (r < 75) {
        random_mem_access(g);
    } else if (r < 80) {
        random_env_access(g);
    } else if (r < 82) {
        random_host_access(g);
    } else if (r < 90) {
        random_call(g);
    } else if (r < 93) {
        if (loop_mode && rnd() % 2) {
            IRTemp env = IR_ENV;
            ir_call_helper(s, &disturb_helpers[rnd() % 2], 0, &env);
        } else {
            ir_mb(s, rnd() % 16);
        }
    } else if (g->may_mark) {
        insn_mark(g);
    }
}

/* Straight-line ops with nested forward branches, all resolved inside. */
static void random_block(Gen *g, int nops, int depth)
{
    IRContext *s = g->s;
    IRLabel pending[8];
    int npending = 0;
    for (int k = 0; k < nops; k++) {
        uint64_t r = rnd() % 100;
        if (r < 6 && npending < 8) {
            IRLabel l = ir_new_label(s);
            forget_recent(g);
            if (rnd() % 5 == 0)
                ir_br(s, l);
            else
                ir_brcond(s, pick(g), pick(g), (IRCond)(rnd() % 12), l);
            pending[npending++] = l;
            g->may_mark = false;
        } else if (r < 9 && depth < 2) {
            g->may_mark = false;
            /* a counted loop: the counter is no pool temp, so the body
             * cannot change it */
            IRTemp c = ir_new_temp(s);
            ir_movi(s, c, 1 + rnd() % 4);
            IRLabel top = ir_new_label(s);
            forget_recent(g);
            ir_set_label(s, top);
            random_block(g, 3 + (int)(rnd() % 12), depth + 1);
            forget_recent(g);
            ir_sub(s, c, c, ir_const(s, 1));
            ir_brcond(s, c, ir_const(s, 0), rnd() % 2 ? IR_COND_NE : IR_COND_GTU, top);
        } else {
            random_op(g);
        }
        if (npending && rnd() % 4 == 0) {
            forget_recent(g);
            ir_set_label(s, pending[--npending]);
        }
        g->may_mark = depth == 0 && npending == 0;
    }
    forget_recent(g);
    while (npending)
        ir_set_label(s, pending[--npending]);
}

static void random_program(IRContext *s, uint64_t seed, bool faults)
{
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    ir_reset(s);
    Gen g = { .s = s, .pc = ENTRY_PC, .faults = faults, .may_mark = true };
    for (int i = 0; i < NG; i++)
        g.pool[g.npool++] = globals[i];
    ir_insn_start(s, g.pc);
    /* Every pool temp is written before any branch: no path reads an
     * undefined temp. */
    for (int t = 0; t < NT; t++) {
        IRTemp x = ir_new_temp(s);
        ir_movi(s, x, rnd() % 3 ? rnd() : rnd() % 100);
        g.pool[g.npool++] = x;
    }
    g.first_fresh = s->nb_temps;
    random_block(&g, 10 + (int)(rnd() % 120), 0);
    /* Sum every pool temp into a global so spilled values are checked. */
    if (rnd() % 2) {
        for (int t = NG; t < g.npool; t++)
            ir_xor(s, globals[t % NG], globals[t % NG], g.pool[t]);
    }
    if (loop_mode) {
        IRLabel again = ir_new_label(s);
        ir_sub(s, globals[CNT_G], globals[CNT_G], ir_const(s, 1));
        ir_brcond(s, globals[CNT_G], ir_const(s, 0), IR_COND_NE, again);
        ir_movi(s, globals[PC_G], 0x20000);
        gen_goto_tb(s, 1);
        ir_set_label(s, again);
        ir_movi(s, globals[PC_G], ENTRY_PC);
        gen_goto_tb(s, 0);
        return;
    }
    switch (rnd() % 3) {
    case 0: ir_exit_tb(s, rnd() % 3); break;
    case 1: gen_goto_tb(s, (int)(rnd() % 2)); break;
    default: ir_mov(s, globals[PC_G], pick(&g)); gen_goto_ptr(s); break;
    }
}

/* ---- running both ways ---- */

typedef struct Outcome {
    uint64_t code;
    int excp;
    uint64_t addr, pc;
    uint64_t x[NG + 2];
    uint64_t side[8];
    uint32_t mxcsr;      /* after the run: the float ops' flags */
} Outcome;

static uint8_t *mem;
static uint8_t mem_init_copy[MEM_SIZE], mem_result[MEM_SIZE];
/* The last guest page (mapped, see main) starts zeroed on every run. */
#define LAST_PAGE ((uint8_t *)g2h(GUEST_SPACE_SIZE - 4096))
static uint8_t last_result[4096];
static uint64_t init_x[NG + 2], init_side[8];

/* Each program runs in a random rounding mode with no flags set. */
static uint32_t init_mxcsr = 0x1f80;

static void load_state(void)
{
    for (int i = 0; i < NG; i++)
        TS(cpu)->x[i + 1] = init_x[i];
    TS(cpu)->pc = init_x[PC_G];
    TS(cpu)->x[NG + 1] = init_x[CNT_G];
    cpu->exit_request = 0;
    disturb_calls = 0;
    memcpy(TS(cpu)->f, init_side, sizeof(init_side));
    memcpy(mem, mem_init_copy, MEM_SIZE);
    memset(LAST_PAGE, 0, 4096);
    memcpy(host_area, host_init, sizeof(host_area));
    cpu->insn_pc = 0;
    set_mxcsr(init_mxcsr);
}

static void save_state(Outcome *o)
{
    for (int i = 0; i < NG; i++)
        o->x[i] = TS(cpu)->x[i + 1];
    o->x[PC_G] = TS(cpu)->pc;
    o->x[CNT_G] = TS(cpu)->x[NG + 1];
    memcpy(o->side, TS(cpu)->f, sizeof(o->side));
    o->mxcsr = get_mxcsr() & ~2u;   /* DE, denormal operand: not an IEEE flag */
}

#define TAG 0x5a5a000

static void run_interp(const IRContext *s, Outcome *o)
{
    IriCode *code = iri_compile(s);
    load_state();
    running_jit = false;
    out_excp = 0;
    out_addr = out_pc = 0;
    if (!sigsetjmp(fault_jb, 1)) {
        do {
            cpu->exit_request = 0;
            o->code = iri_exec(cpu, code);
        } while (loop_mode && (o->code == TB_EXIT_SLOT0 || o->code == TB_EXIT_PLAIN) &&
                 TS(cpu)->pc == ENTRY_PC);
    } else {
        o->code = UINT64_MAX;
    }
    iri_free(code);
    o->excp = out_excp;
    o->addr = out_addr;
    o->pc = out_pc;
    save_state(o);
}

static bool run_jit(const IRContext *s, Outcome *o)
{
    X64Code *c = x64_gen_code(s, TAG, 0x10000, 0);
    if (!c) {
        x64_flush();
        c = x64_gen_code(s, TAG, 0x10000, 0);
        if (!c)
            return false;
    }
    load_state();
    running_jit = true;
    out_excp = 0;
    out_addr = out_pc = 0;
    running_code = c;
    if (!sigsetjmp(fault_jb, 1)) {
        do {
            cpu->exit_request = 0;
            uintptr_t r = x64_exec(cpu, c->entry);
            o->code = (r & ~(uintptr_t)7) == TAG ? (r & 7) : UINT64_MAX - 1;
        } while (loop_mode && (o->code == TB_EXIT_SLOT0 || o->code == TB_EXIT_PLAIN) &&
                 TS(cpu)->pc == ENTRY_PC);
    } else {
        o->code = UINT64_MAX;
    }
    running_jit = false;
    running_code = NULL;
    o->excp = out_excp;
    o->addr = out_addr;
    o->pc = out_pc;
    save_state(o);
    return true;
}



/* Where the two runs differ, or NULL. */
static const char *differ(const Outcome *a, const Outcome *b, char *buf, size_t n)
{
    if (a->code != b->code)
        snprintf(buf, n, "exit code %" PRIx64 " vs %" PRIx64, a->code, b->code);
    else if (a->excp != b->excp || a->addr != b->addr)
        snprintf(buf, n, "fault %d@%" PRIx64 " vs %d@%" PRIx64, a->excp, a->addr, b->excp, b->addr);
    else if (a->excp != EXCP_TEST && a->pc != b->pc)
        snprintf(buf, n, "fault pc %" PRIx64 " vs %" PRIx64, a->pc, b->pc);
    else if (a->mxcsr != b->mxcsr)
        snprintf(buf, n, "MXCSR %#x vs %#x", a->mxcsr, b->mxcsr);
    else if (memcmp(a->side, b->side, sizeof(a->side)))
        { int k = 0; while (a->side[k] == b->side[k]) k++; snprintf(buf, n, "side area differs at %d: %016llx vs %016llx", k, (unsigned long long)a->side[k], (unsigned long long)b->side[k]); }
    else if (memcmp(mem_result, mem, MEM_SIZE) || memcmp(last_result, LAST_PAGE, 4096))
        snprintf(buf, n, "guest memory differs");
    else if (memcmp(host_result, host_area, sizeof(host_area)))
        snprintf(buf, n, "host area differs");
    else {
        /* After a fault the pc global is whatever the fault handling sets
         * (the JIT leaves it behind inside a block: see x64.h). */
        for (int i = 0; i <= CNT_G; i++)
            if (a->x[i] != b->x[i] && !(i == PC_G && a->excp)) {
                snprintf(buf, n, "global %d: %016" PRIx64 " vs %016" PRIx64, i, a->x[i], b->x[i]);
                return buf;
            }
        return NULL;
    }
    return buf;
}

static bool dump_on_fail;
static uint64_t only_seed;      /* JIT_TEST_SEED: run just this program */
static volatile uint64_t current_seed;

/* A program that never ends is a failure too (a lost loop counter). */
static void watchdog(int sig)
{
    char buf[80];
    int n = snprintf(buf, sizeof(buf), "FAIL jit-test: seed %" PRIu64 " did not finish\n", current_seed);
    if (write(1, buf, (size_t)n) < 0)
        _exit(1);
    _exit(1);
}

static void random_tests(IRContext *s, int nprog, bool faults, const char *name)
{
    int bad = 0, faulted = 0;
    for (int p = 0; p < nprog && bad < 3; p++) {
        uint64_t seed = (uint64_t)p + 1 + (faults ? 1000000 : 0) + (loop_mode ? 2000000 : 0);
        if (only_seed && seed != only_seed)
            continue;
        current_seed = seed;
        alarm(10);
        random_program(s, seed, faults);
        ir_verify(s);
        for (int i = 0; i <= CNT_G; i++)
            init_x[i] = rnd() % 4 ? rnd() : rnd() % 64;
        init_x[CNT_G] = 1 + rnd() % 5;
        init_mxcsr = 0x1f80 | (uint32_t)(rnd() % 4) << 13;
        for (int i = 0; i < 8; i++) {
            init_side[i] = rnd();
            host_init[i] = rnd();
        }
        for (int i = 0; i < MEM_SIZE; i += 8) {
            uint64_t v = rnd();
            memcpy(mem_init_copy + i, &v, 8);
        }
        for (int pass = 0; pass < 2; pass++) {
            if (pass) {
                ir_optimize(s);
                ir_verify(s);
            }
            Outcome oi, oj;
            run_interp(s, &oi);
            memcpy(mem_result, mem, MEM_SIZE);
            memcpy(last_result, LAST_PAGE, 4096);
            memcpy(host_result, host_area, sizeof(host_area));
            if (!run_jit(s, &oj)) {
                result(false, name, "seed %" PRIu64 ": code buffer overflow", seed);
                bad++;
                break;
            }
            faulted += oi.excp != 0;
            char buf[160];
            const char *why = differ(&oi, &oj, buf, sizeof(buf));
            if (why) {
                result(false, name, "seed %" PRIu64 "%s: %s", seed, pass ? " (optimized)" : "", why);
                if (dump_on_fail)
                    ir_dump(s, stdout);
                bad++;
                break;
            }
        }
    }
    alarm(0);
    if (!bad)
        result(true, name, "%s", "");
    if (faults) {
        char what[80];
        snprintf(what, sizeof(what), "%s-exercised", name);
        result(faulted > nprog / 20, what, "only %d of %d programs faulted", faulted, nprog);
    }
}

/* ---- chaining, indirect jumps, exit requests ---- */

static X64Code *compile_or_die(IRContext *s, uintptr_t tag, uint64_t pc)
{
    X64Code *c = x64_gen_code(s, tag, pc, 0);
    if (!c) {
        fputs("jit-test: code buffer full\n", stderr);
        exit(1);
    }
    return c;
}

static void control_tests(IRContext *s)
{
    static TB tb_a, tb_b;
    /* B: x1 += 5; exit_tb 2 */
    ir_reset(s);
    ir_insn_start(s, 0x2000);
    ir_add(s, globals[0], globals[0], ir_const(s, 5));
    ir_exit_tb(s, 2);
    X64Code *b = compile_or_die(s, (uintptr_t)&tb_b, 0x2000);
    tb_b.pc = 0x2000;
    tb_b.code = b->entry;
    /* A: x2 = x1 * 3; pc = 0x2000; goto_tb 1 */
    ir_reset(s);
    ir_insn_start(s, 0x1000);
    ir_mul(s, globals[1], globals[0], ir_const(s, 3));
    ir_movi(s, globals[NG], 0x2000);
    gen_goto_tb(s, 1);
    X64Code *a = compile_or_die(s, (uintptr_t)&tb_a, 0x1000);

    memset(cpu, 0, sizeof(*cpu));
    cpu->self = cpu;
    TS(cpu)->x[1] = 10;
    uintptr_t r = x64_exec(cpu, a->entry);
    result(r == ((uintptr_t)&tb_a | TB_EXIT_SLOT1) && TS(cpu)->x[2] == 30 && TS(cpu)->pc == 0x2000 &&
           TS(cpu)->x[1] == 10, "jit-goto-tb-unchained", "r=%lx", (unsigned long)r);

    x64_set_jump(a, 1, b->entry);
    r = x64_exec(cpu, a->entry);
    result(r == ((uintptr_t)&tb_b | 2) && TS(cpu)->x[1] == 15 && TS(cpu)->x[2] == 30,
           "jit-goto-tb-chained", "r=%lx x1=%" PRIu64, (unsigned long)r, TS(cpu)->x[1]);

    cpu->exit_request = 1;
    TS(cpu)->pc = 0x9999;
    r = x64_exec(cpu, a->entry);
    result(r == ((uintptr_t)&tb_a | TB_EXIT_PLAIN) && TS(cpu)->x[1] == 15 && TS(cpu)->pc == 0x1000,
           "jit-exit-request-entry", "r=%lx pc=%" PRIx64, (unsigned long)r, TS(cpu)->pc);
    cpu->exit_request = 0;

    /* A forward jump may land after B's exit_request check. */
    x64_set_jump(a, 1, b->body);
    cpu->exit_request = 1;
    r = x64_exec(cpu, a->body);
    result(r == ((uintptr_t)&tb_b | 2) && TS(cpu)->x[1] == 20, "jit-goto-tb-to-body", "r=%lx x1=%" PRIu64,
           (unsigned long)r, TS(cpu)->x[1]);
    cpu->exit_request = 0;
    TS(cpu)->x[1] = 15;

    x64_set_jump(a, 1, NULL);
    r = x64_exec(cpu, a->entry);
    result(r == ((uintptr_t)&tb_a | TB_EXIT_SLOT1) && TS(cpu)->x[1] == 15, "jit-goto-tb-unchain", "r=%lx",
           (unsigned long)r);

    /* C: pc = x3; lookup_and_goto_ptr */
    ir_reset(s);
    ir_insn_start(s, 0x3000);
    ir_mov(s, globals[NG], globals[2]);
    gen_goto_ptr(s);
    static TB tb_c;
    X64Code *c = compile_or_die(s, (uintptr_t)&tb_c, 0x3000);
    unsigned j = (unsigned)((0x2000 >> 1) ^ (0x2000 >> 13)) & (CPU_JC_SIZE - 1);
    cpu->jmp_cache[j] = &tb_b;
    TS(cpu)->x[3] = 0x2000;
    r = x64_exec(cpu, c->entry);
    result(r == ((uintptr_t)&tb_b | 2) && TS(cpu)->x[1] == 20, "jit-lookup-hit", "r=%lx", (unsigned long)r);
    tb_b.invalid = 1;
    r = x64_exec(cpu, c->entry);
    result(r == ((uintptr_t)&tb_c | TB_EXIT_PLAIN) && TS(cpu)->x[1] == 20 && TS(cpu)->pc == 0x2000,
           "jit-lookup-invalid", "r=%lx", (unsigned long)r);
    tb_b.invalid = 0;
    TS(cpu)->x[3] = 0x2000 + (CPU_JC_SIZE << 1);   /* same slot, other pc */
    r = x64_exec(cpu, c->entry);
    result(r == ((uintptr_t)&tb_c | TB_EXIT_PLAIN) && TS(cpu)->x[1] == 20, "jit-lookup-pc-mismatch", "r=%lx",
           (unsigned long)r);
    cpu->jmp_cache[j] = NULL;
    TS(cpu)->x[3] = 0x2000;
    r = x64_exec(cpu, c->entry);
    result(r == ((uintptr_t)&tb_c | TB_EXIT_PLAIN), "jit-lookup-empty", "r=%lx", (unsigned long)r);

    /* A chained self-loop stops on exit_request. */
    ir_reset(s);
    ir_insn_start(s, 0x4000);
    ir_add(s, globals[4], globals[4], ir_const(s, 1));
    IRLabel done = ir_new_label(s);
    ir_brcond(s, globals[4], ir_const(s, 1000), IR_COND_GEU, done);
    gen_goto_tb(s, 0);
    ir_set_label(s, done);
    ir_exit_tb(s, TB_EXIT_PLAIN);
    static TB tb_d;
    X64Code *d = compile_or_die(s, (uintptr_t)&tb_d, 0x4000);
    x64_set_jump(d, 0, d->entry);
    TS(cpu)->x[5] = 0;
    r = x64_exec(cpu, d->entry);
    result(r == ((uintptr_t)&tb_d | TB_EXIT_PLAIN) && TS(cpu)->x[5] == 1000, "jit-chained-loop", "x5=%" PRIu64,
           TS(cpu)->x[5]);

    /* Superblocks: the last goto_tb slot, and a block that counts its
     * runs (IRContext.heat_off) leaves with the hot exit on the 256th,
     * before doing anything, with its own pc stored. */
    ir_reset(s);
    ir_insn_start(s, 0x5000);
    ir_add(s, globals[5], globals[5], ir_const(s, 1));
    ir_movi(s, globals[NG], 0x5100);
    gen_goto_tb(s, IR_GOTO_TB_SLOTS - 1);
    s->heat_off = (uint32_t)offsetof(CPUState, tb_heat) + 77;
    static TB tb_h;
    X64Code *h = compile_or_die(s, (uintptr_t)&tb_h, 0x5000);
    TS(cpu)->x[6] = 0;
    cpu->tb_heat[77] = 0;
    unsigned normal = 0;
    for (int k = 0; k < 255; k++)
        normal += x64_exec(cpu, h->entry) == ((uintptr_t)&tb_h | (TB_EXIT_SLOT0 + IR_GOTO_TB_SLOTS - 1));
    TS(cpu)->pc = 0x9999;
    r = x64_exec(cpu, h->entry);
    uint64_t hot_pc = TS(cpu)->pc, runs = TS(cpu)->x[6];
    uintptr_t r2 = x64_exec(cpu, h->entry);
    result(normal == 255 && runs == 255 && hot_pc == 0x5000 && r == ((uintptr_t)&tb_h | TB_EXIT_HOT) &&
               r2 != r && TS(cpu)->x[6] == 256,
           "jit-heat-exit", "normal=%u runs=%" PRIu64 " pc=%" PRIx64 " r=%lx", normal, runs, hot_pc,
           (unsigned long)r);

    /* slli; add as one lea, either operand order, the shifted temp dead */
    for (int order = 0; order < 2; order++) {
        ir_reset(s);
        ir_insn_start(s, 0x6000);
        IRTemp t = ir_new_temp(s);
        ir_shl(s, t, globals[0], ir_const(s, 3));
        ir_insn_start(s, 0x6004);
        if (order)
            ir_add(s, globals[6], globals[1], t);
        else
            ir_add(s, globals[6], t, globals[1]);
        ir_exit_tb(s, TB_EXIT_PLAIN);
        static TB tb_l;
        X64Code *l = compile_or_die(s, (uintptr_t)&tb_l, 0x6000);
        TS(cpu)->x[1] = 0x123456789;
        TS(cpu)->x[2] = 1000;
        x64_exec(cpu, l->entry);
        result(TS(cpu)->x[7] == 0x123456789ull * 8 + 1000 && TS(cpu)->x[1] == 0x123456789 &&
                   TS(cpu)->x[2] == 1000,
               order ? "jit-shl-add-lea-swapped" : "jit-shl-add-lea", "x7=%" PRIx64, TS(cpu)->x[7]);
    }

    /* A host pc in the middle of a block maps to its insn. */
    uint64_t pc = 0;
    uintptr_t tag;
    bool found = x64_restore((uintptr_t)d->entry + d->size - 1, NULL, NULL, &pc, &tag);
    result(found && pc == 0x4000 && tag == (uintptr_t)&tb_d &&
               !x64_restore((uintptr_t)d->entry + d->size + 4096, NULL, NULL, &pc, &tag),
           "jit-lookup-host-pc", "found=%d pc=%" PRIx64, found, pc);

    size_t before = x64_code_used();
    uintptr_t entry = (uintptr_t)d->entry;
    x64_flush();
    uint64_t dummy;
    result(x64_code_used() < before && !x64_restore(entry, NULL, NULL, &dummy, &tag), "jit-flush", "%s", "");
}

/* ---- encodings against objdump ---- */

typedef struct EncCase {
    const char *want;
    void (*emit)(X64Asm *a);
} EncCase;

static void e_shlx(X64Asm *a) { x64_shlx(a, X64_R9, X64_RBX, X64_R12); }
static void e_shrx(X64Asm *a) { x64_shrx(a, X64_RAX, X64_R15, X64_RCX); }
static void e_sarx(X64Asm *a) { x64_sarx(a, X64_R10, X64_RSI, X64_RDI); }
static void e_rorx(X64Asm *a) { x64_rorx(a, X64_R13, X64_RDX, 17); }
static void e_mulx(X64Asm *a) { x64_mulx(a, X64_R8, X64_R8, X64_RBX); }
static void e_andn(X64Asm *a) { x64_andn(a, X64_RAX, X64_R11, X64_R12); }
static void e_lzcnt(X64Asm *a) { x64_bitcount(a, X64_LZCNT, X64_R12, X64_RAX); }
static void e_popcnt(X64Asm *a) { x64_bitcount(a, X64_POPCNT, X64_RDX, X64_R9); }
static void e_movzb(X64Asm *a) { x64_ext_rr(a, 1, false, X64_RAX, X64_RSI); }
static void e_movsb(X64Asm *a) { x64_ext_rr(a, 1, true, X64_R10, X64_RDI); }
static void e_setcc(X64Asm *a) { x64_setcc(a, X64_CC_L, X64_RDI); }
static void e_cmov(X64Asm *a) { x64_cmov(a, X64_CC_A, X64_R13, X64_RCX); }
static void e_ld_r12(X64Asm *a) { x64_load(a, true, X64_RAX, X64_R12, 0); }
static void e_ld_r13(X64Asm *a) { x64_load(a, true, X64_RAX, X64_R13, 0); }
static void e_ld_sib(X64Asm *a) { x64_load_ext_sib(a, 2, true, X64_RBX, X64_R14, X64_R12, 0); }
static void e_st_byte(X64Asm *a) { x64_store_sib(a, 1, X64_RSI, X64_R14, X64_RAX, 0); }
static void e_st_imm16(X64Asm *a) { x64_store_imm_sib(a, 2, 0x1234, X64_R14, X64_R13, 0); }
static void e_bswap(X64Asm *a) { x64_bswap(a, true, X64_R9); }
static void e_movsxd(X64Asm *a) { x64_ext_rr(a, 4, true, X64_R8, X64_R15); }
static void e_imul(X64Asm *a) { x64_imul_rri(a, X64_RBX, X64_R12, 1000); }
static void e_movabs(X64Asm *a) { x64_mov_ri(a, X64_R11, 0x123456789abcull); }
static void e_movneg(X64Asm *a) { x64_mov_ri(a, X64_RDX, (uint64_t)-2); }
static void e_cmpenv(X64Asm *a) { x64_alu_mi(a, X64_CMP, false, X64_RBP, 0x4000, 0); }
static void e_cmp_sib(X64Asm *a) { x64_alu_rm_sib(a, X64_CMP, true, X64_R13, X64_RBP, X64_R11, 0x3fe0); }
static void e_ror16(X64Asm *a) { x64_bswap16(a, X64_R10); }
static void e_testb(X64Asm *a) { x64_test_ri(a, X64_RCX, 7); }
static void e_jmpmem(X64Asm *a) { x64_jmp_mem(a, X64_R11, 0x30); }
static void e_lea(X64Asm *a) { x64_lea(a, X64_RCX, X64_RBP, X64_R8, -8); }
static void e_storeq(X64Asm *a) { x64_store(a, 8, X64_R15, X64_RBP, 0x10); }
static void e_movq_xr(X64Asm *a) { x64_movq_xr(a, 1, X64_R13); }
static void e_movq_rx(X64Asm *a) { x64_movq_rx(a, X64_R10, 0); }
static void e_addsd(X64Asm *a) { x64_sse_sd(a, X64_ADDSD, 0, 1); }
static void e_sqrtsd(X64Asm *a) { x64_sse_sd(a, X64_SQRTSD, 1, 0); }
static void e_ucomisd(X64Asm *a) { x64_ucomisd(a, 0, 1); }
static void e_movd_xr(X64Asm *a) { x64_movd_xr(a, 1, X64_R9); }
static void e_movd_rx(X64Asm *a) { x64_movd_rx(a, X64_RBX, 0); }
static void e_mulss(X64Asm *a) { x64_sse_ss(a, X64_MULSD, 0, 1); }
static void e_ucomiss(X64Asm *a) { x64_ucomiss(a, 0, 0); }

static const EncCase enc_cases[] = {
    { "shlx   %r12,%rbx,%r9", e_shlx },
    { "shrx   %rcx,%r15,%rax", e_shrx },
    { "sarx   %rdi,%rsi,%r10", e_sarx },
    { "rorx   $0x11,%rdx,%r13", e_rorx },
    { "mulx   %rbx,%r8,%r8", e_mulx },
    { "andn   %r12,%r11,%rax", e_andn },
    { "lzcnt  %rax,%r12", e_lzcnt },
    { "popcnt %r9,%rdx", e_popcnt },
    { "movzbl %sil,%eax", e_movzb },
    { "movsbq %dil,%r10", e_movsb },
    { "setl   %dil", e_setcc },
    { "cmova  %rcx,%r13", e_cmov },
    { "mov    (%r12),%rax", e_ld_r12 },
    { "mov    0x0(%r13),%rax", e_ld_r13 },
    { "movswq (%r14,%r12,1),%rbx", e_ld_sib },
    { "mov    %sil,(%r14,%rax,1)", e_st_byte },
    { "movw   $0x1234,(%r14,%r13,1)", e_st_imm16 },
    { "bswap  %r9", e_bswap },
    { "movslq %r15d,%r8", e_movsxd },
    { "imul   $0x3e8,%r12,%rbx", e_imul },
    { "movabs $0x123456789abc,%r11", e_movabs },
    { "mov    $0xfffffffffffffffe,%rdx", e_movneg },
    { "cmpl   $0x0,0x4000(%rbp)", e_cmpenv },
    { "cmp    0x3fe0(%rbp,%r11,1),%r13", e_cmp_sib },
    { "rol    $0x8,%r10w", e_ror16 },
    { "test   $0x7,%cl", e_testb },
    { "jmp    *0x30(%r11)", e_jmpmem },
    { "lea    -0x8(%rbp,%r8,1),%rcx", e_lea },
    { "mov    %r15,0x10(%rbp)", e_storeq },
    { "movq   %r13,%xmm1", e_movq_xr },
    { "movq   %xmm0,%r10", e_movq_rx },
    { "addsd  %xmm1,%xmm0", e_addsd },
    { "sqrtsd %xmm0,%xmm1", e_sqrtsd },
    { "ucomisd %xmm1,%xmm0", e_ucomisd },
    { "movd   %r9d,%xmm1", e_movd_xr },
    { "movd   %xmm0,%ebx", e_movd_rx },
    { "mulss  %xmm1,%xmm0", e_mulss },
    { "ucomiss %xmm0,%xmm0", e_ucomiss },
};

/* Normalize one objdump line to "mnemonic operands" with single spaces
 * between the mnemonic and operands as objdump pads them. */
static void encoder_tests(void)
{
    char bin[] = "/tmp/jit-enc-XXXXXX";
    int fd = mkstemp(bin);
    if (fd < 0) {
        result(false, "jit-encoder-objdump", "mkstemp failed");
        return;
    }
    uint8_t code[64 * 32];
    X64Asm a = { .p = code, .start = code, .limit = code + sizeof(code) };
    const unsigned n = N_OF(enc_cases);
    for (unsigned i = 0; i < n; i++)
        enc_cases[i].emit(&a);
    if (write(fd, code, (size_t)(a.p - code)) != a.p - code) {
        close(fd);
        unlink(bin);
        result(false, "jit-encoder-objdump", "write failed");
        return;
    }
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "objdump -D -b binary -m i386:x86-64 %s 2>/dev/null", bin);
    FILE *f = popen(cmd, "r");
    char line[256];
    unsigned k = 0;
    int bad = 0;
    while (f && fgets(line, sizeof(line), f)) {
        /* "   0:\t48 89 d8             \tmov    %rbx,%rax" */
        char *tab1 = strchr(line, '\t');
        char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab2 || !strstr(line, ":\t"))
            continue;
        char *insn = tab2 + 1;
        insn[strcspn(insn, "\n")] = 0;
        for (size_t len = strlen(insn); len && insn[len - 1] == ' '; len--)
            insn[len - 1] = 0;
        if (k < n && strcmp(insn, enc_cases[k].want) != 0) {
            char name[64];
            snprintf(name, sizeof(name), "jit-encoder-%u", k);
            result(false, name, "objdump says \"%s\", want \"%s\"", insn, enc_cases[k].want);
            bad++;
        }
        k++;
    }
    if (f)
        pclose(f);
    unlink(bin);
    if (k == 0)
        printf("SKIP jit-encoder-objdump: objdump not available\n");
    else
        result(!bad && k == n, "jit-encoder-objdump", "%u instructions decoded, want %u", k, n);
}

int main(int argc, char **argv)
{
    int nprog = argc > 1 ? atoi(argv[1]) : 3000;
    dump_on_fail = getenv("JIT_TEST_DUMP") != NULL;
    if (getenv("JIT_TEST_SEED"))
        only_seed = strtoull(getenv("JIT_TEST_SEED"), NULL, 0);
    setvbuf(stdout, NULL, _IOLBF, 0);

    /* The whole guest space is reserved, so any address below its end is
     * either our buffer or a host fault, as under peek. */
    void *space = mmap(NULL, GUEST_SPACE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    /* The last guest page is mapped too: an access straddling the end of
     * the space must be stopped by the range check, not by the host. */
    if (space == MAP_FAILED || mprotect(space, MEM_SIZE, PROT_READ | PROT_WRITE) ||
        mprotect((char *)space + GUEST_SPACE_SIZE - 4096, 4096, PROT_READ | PROT_WRITE)) {
        perror("jit-test: guest space");
        return 1;
    }
    guest_base = (uintptr_t)space;
    mem = space;

    struct sigaction sa = { .sa_sigaction = host_fault, .sa_flags = SA_SIGINFO };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    signal(SIGALRM, watchdog);

    if (posix_memalign((void **)&cpu, 64, sizeof(CPUState)))
        return 1;
    memset(cpu, 0, sizeof(*cpu));
    cpu->self = cpu;

    X64Config cfg = {
        .guest_base = guest_base,
        .guest_space_size = GUEST_SPACE_SIZE,
        .code_size = 64u << 20,
        .exit_request_off = offsetof(CPUState, exit_request),
        .pc_off = offsetof(TestState, pc),
        .jc_off = offsetof(CPUState, jmp_cache),
        .jc_mask = CPU_JC_SIZE - 1,
        .jc_shift1 = 1,
        .jc_shift2 = 13,
        .tb_pc_off = offsetof(TB, pc),
        .tb_invalid_off = offsetof(TB, invalid),
        .tb_code_off = offsetof(TB, code),
        .exit_plain = TB_EXIT_PLAIN,
        .exit_slot0 = TB_EXIT_SLOT0,
        .exit_hot = TB_EXIT_HOT,
        .mem_fault = test_mem_fault,
    };
    IRIConfig icfg = {
        .guest_base = guest_base,
        .guest_space_size = GUEST_SPACE_SIZE,
        .env_self_off = offsetof(CPUState, self),
        .insn_pc_off = offsetof(CPUState, insn_pc),
        .exit_plain = TB_EXIT_PLAIN,
        .exit_slot0 = TB_EXIT_SLOT0,
        .mem_fault = test_iri_fault,
    };
    iri_init(&icfg);
    if (!x64_init(&cfg)) {
        printf("SKIP jit: host not supported\n");
        return 0;
    }
    make_helpers();

    static IRContext ctx;
    IREnvLayout layout = { .scratch_off = offsetof(CPUState, scratch), .insn_pc_off = offsetof(CPUState, insn_pc) };
    ir_context_init(&ctx, &layout);
    static const char *const names[NG] = { "g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9", "g10", "g11" };
    for (int i = 0; i < NG; i++)
        globals[i] = ir_new_global(&ctx, (uint32_t)offsetof(TestState, x[i + 1]), names[i]);
    globals[PC_G] = ir_new_global(&ctx, (uint32_t)offsetof(TestState, pc), "pc");
    globals[CNT_G] = ir_new_global(&ctx, (uint32_t)offsetof(TestState, x[NG + 1]), "cnt");

    encoder_tests();
    random_tests(&ctx, nprog, false, "jit-vs-interp");
    random_tests(&ctx, nprog, true, "jit-vs-interp-faults");
    loop_mode = true;
    random_tests(&ctx, nprog / 2, false, "jit-vs-interp-self-loop");
    random_tests(&ctx, nprog / 2, true, "jit-vs-interp-self-loop-faults");
    loop_mode = false;
    control_tests(&ctx);
    printf("# %d passed, %d failed\n", passes, failures);
    return 0;
}
