/*
 * The target-independent intermediate representation.
 *
 * A frontend translates one translation block (TB) of guest code into a list
 * of IROps on 64-bit temps, through the builder functions below (one wrapper
 * per op, generated from ops.def). Temps are either globals (guest registers,
 * living at a fixed offset in the vCPU state "env"), TB temps (valid for the
 * whole TB, across labels), constants, or the env pointer itself. Backends
 * (the interpreter, the x86-64 JIT) consume the finished list.
 *
 * Guest memory is reached only through qemu_ld/qemu_st, whose IRMemOp says
 * size, sign and endianness. Helpers are C functions described by an IRHelper
 * that declares their effect on guest state, so a backend that caches
 * globals in host registers knows what to write back around the call.
 */
#ifndef PEEK_IR_H
#define PEEK_IR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum {
    IR_F_PURE = 1,    /* no side effect: dead if the output is unused */
    IR_F_SIDE = 2,    /* has a side effect */
    IR_F_BB_END = 4,  /* ends a basic block (control flow) */
    IR_F_FAULT = 8,   /* may raise a guest exception */
    IR_F_CALL = 16,
    IR_F_FLOAT = 32,  /* host FPU arithmetic: operands and result are bit patterns */
    IR_F_F32 = 64,    /* ... in binary32, on the low 32 bits (with IR_F_FLOAT) */
};

typedef enum IROpcode {
#define DEF(name, o, i, c, f) IR_##name,
#include "ir/ops.def"
#undef DEF
    IR_NB_OPS
} IROpcode;

typedef struct IROpDef {
    const char *name;
    uint8_t nout, nin, nconst;
    uint8_t flags;
} IROpDef;
extern const IROpDef ir_op_defs[IR_NB_OPS];

/* The float ops, from their flags in ops.def: binary32 or binary64, and
 * unary (sqrt) or binary by their input count. */
static inline bool ir_is_float_op(unsigned opc) { return ir_op_defs[opc].flags & IR_F_FLOAT; }
static inline bool ir_float_single(unsigned opc) { return ir_op_defs[opc].flags & IR_F_F32; }
static inline bool ir_float_unary(unsigned opc) { return ir_is_float_op(opc) && ir_op_defs[opc].nin == 1; }

typedef enum IRCond {
    IR_COND_EQ, IR_COND_NE,
    IR_COND_LT, IR_COND_GE, IR_COND_LE, IR_COND_GT,       /* signed */
    IR_COND_LTU, IR_COND_GEU, IR_COND_LEU, IR_COND_GTU,   /* unsigned */
    IR_COND_ALWAYS, IR_COND_NEVER,
} IRCond;
bool ir_cond_eval(IRCond c, uint64_t a, uint64_t b);
IRCond ir_cond_invert(IRCond c);
IRCond ir_cond_swap(IRCond c);          /* a c b  <=>  b swap(c) a */

/* Memory access description: size | sign | endianness | alignment. */
typedef enum IRMemOp {
    IR_MO_8 = 0, IR_MO_16 = 1, IR_MO_32 = 2, IR_MO_64 = 3,
    IR_MO_SIZE = 3,
    IR_MO_SIGN = 4,
    IR_MO_BE = 8,       /* big endian guest access (little is the default) */
    IR_MO_ALIGN = 16,   /* misaligned access faults (SIGBUS) */
    /* A load the guest may not make (qemu_ld only; an if-converted branch
     * loads both sides' addresses): where it would fault, the block leaves
     * instead at the start of its instruction, which then runs alone
     * (CPUState.check_step) and makes only the accesses it makes. The
     * frontend writes no guest register of that instruction before its
     * last such load. Only where merge_checks may be set. */
    IR_MO_RETRY = 32,
    IR_MO_SB = IR_MO_8 | IR_MO_SIGN, IR_MO_SW = IR_MO_16 | IR_MO_SIGN,
    IR_MO_SL = IR_MO_32 | IR_MO_SIGN,
    IR_MO_UB = IR_MO_8, IR_MO_UW = IR_MO_16, IR_MO_UL = IR_MO_32, IR_MO_UQ = IR_MO_64,
} IRMemOp;
static inline unsigned ir_memop_size(unsigned mo) { return 1u << (mo & IR_MO_SIZE); }

/* Barrier kinds for IR_mb: which earlier accesses are ordered before which later ones. */
enum { IR_MB_LD_LD = 1, IR_MB_ST_LD = 2, IR_MB_LD_ST = 4, IR_MB_ST_ST = 8, IR_MB_ALL = 15 };

/* A helper function callable from IR. Every argument and the result is a
 * uint64_t (pointers too); the env pointer is passed as the temp IR_ENV. */
enum {
    IR_CALL_NO_READ_GLOBALS = 1,   /* does not read guest registers in env */
    IR_CALL_NO_WRITE_GLOBALS = 2,  /* does not write guest registers in env */
    IR_CALL_NO_SIDE_EFFECTS = 4,   /* pure: may be removed if result unused */
    IR_CALL_PURE = 7,
    /* a backend may run a copy of the function's code in place of the call
     * if it is a small leaf (plugin callbacks; the x86-64 JIT does) */
    IR_CALL_COPY_LEAF = 8,
    /* a plugin's code (a callback, a trampoline to one): it may read the
     * plugin's counters, which must then be in memory */
    IR_CALL_PLUGIN = 16,
};
typedef struct IRHelper {
    const char *name;
    void *fn;
    uint8_t nargs;      /* 0..6 */
    uint8_t has_ret;
    uint16_t flags;
} IRHelper;
#define IR_MAX_CALL_ARGS 6
/* goto_tb slots a block may have: 0 .. IR_GOTO_TB_SLOTS - 1 (a backend
 * returns the exit code, slot + 1 for a slot, in the 3 low bits of an
 * 8-aligned tag; the execution layer keeps code 7 for itself) */
#define IR_GOTO_TB_SLOTS 6

typedef uint32_t IRTemp;
typedef uint32_t IRLabel;
#define IR_ENV ((IRTemp)0)   /* the env pointer, always temp 0 */

typedef enum IRTempKind {
    IR_TEMP_ENV,      /* the env pointer */
    IR_TEMP_GLOBAL,   /* lives at env + env_off */
    IR_TEMP_TB,       /* value valid across the whole TB */
    IR_TEMP_CONST,    /* constant value */
} IRTempKind;

typedef struct IRTempInfo {
    uint8_t kind;
    uint32_t env_off;     /* IR_TEMP_GLOBAL */
    uint64_t val;         /* IR_TEMP_CONST */
    const char *name;     /* IR_TEMP_GLOBAL */
} IRTempInfo;

#define IR_MAX_ARGS 10
typedef struct IROp {
    uint16_t opc;
    uint8_t nout, nin, nconst;
    uint64_t args[IR_MAX_ARGS];   /* outputs, inputs, then constants */
} IROp;

/* Limits of one TB. Frontends stop adding instructions when
 * ir_near_full() says so. */
#define IR_MAX_OPS   4096
#define IR_MAX_TEMPS 2048
#define IR_MAX_LABELS 512
#define IR_MAX_GLOBALS 96
#define IR_CONST_RECENT 16   /* how far back ir_const looks for an equal constant */
#define IR_NARROW_COPIES 2   /* globals set aside for ir_narrow_loops */

/* Where backends may keep their per-vCPU state inside env; filled in once by
 * the execution layer, which owns the env layout. */
typedef struct IREnvLayout {
    uint32_t scratch_off;    /* IR_MAX_TEMPS uint64_t slots for temps/spills */
    uint32_t insn_pc_off;    /* uint64_t: pc of the insn executing (interp) */
} IREnvLayout;

typedef struct IRContext {
    IROp *ops;
    uint32_t nb_ops;
    uint32_t nb_temps;
    uint32_t nb_globals;       /* temps 1..nb_globals are the globals */
    uint32_t nb_labels;
    /* [globals_lo, globals_hi): the env bytes the globals occupy, as one
     * span (ir_new_global keeps it) */
    uint32_t globals_lo, globals_hi;
    IRTempInfo temps[IR_MAX_TEMPS];
    IREnvLayout layout;
    struct TempKnow *opt_know;   /* the optimizer's table, kept across TBs */
    uint32_t opt_epoch;
    /* Non-zero: env offset of a byte counter that the block increments
     * each time it is entered; when it wraps to 0 the block leaves at once,
     * before its first op, with the backend's "hot" exit code (a backend
     * without one may ignore it). Reset per TB. */
    uint32_t heat_off;
    /* Set by exec once the IR is made: this translation will be made
     * again with everything if the block gets hot (it counts its runs),
     * so the backend may leave out what only makes the code faster (the
     * first tier, exec/tb.c). Reset per TB. */
    bool first_tier;
    /* The TB is a guest-level block only (no plugin instrumentation, no
     * debugger step, -icount or softmmu): a goto_tb back to one of its own
     * instructions after the first may re-enter it there, a loop inside
     * the block (the backend's choice). Reset per TB. */
    bool inner_loops;
    /* With inner_loops: the translator put a label before an instruction
     * a goto_tb of the TB jumps back to (ir_narrow_loops looks for those
     * only then). Reset per TB. */
    bool loop_heads;
    /* The constant temps made since the last reset, a ring of the newest
     * IR_CONST_RECENT (temp, value): ir_const reuses one of those among
     * the last IR_CONST_RECENT temps without reading the temps table. */
    uint32_t const_n;
    uint32_t const_temp[IR_CONST_RECENT];
    uint64_t const_val[IR_CONST_RECENT];
    /* The backend may check the range of several guest accesses of the
     * TB at once, before the first: when that check fails, the block
     * leaves at the first one's instruction through the flat model's
     * fault call (X64_FAULT_GROUP) and the exec loop runs that instruction
     * alone, each access checked by itself (CPUState.check_step); under
     * plugins, the rest of the block as its tail (TB_CF_TAIL), whose
     * instrumentation is the block's. Only where running an instruction
     * again from its start is unseen: no debugger step, -icount or
     * softmmu. Reset per TB. */
    bool merge_checks;
    /* Globals the frontend sets aside (0: none) for ir_narrow_loops'
     * copies of loop-carried registers, kept to their low 32 bits; their
     * env homes hold nothing the guest sees. Set once, with the globals. */
    IRTemp narrow_copy[IR_NARROW_COPIES];
} IRContext;

/* Set-up, once per thread: */
void ir_context_init(IRContext *s, const IREnvLayout *layout);
IRTemp ir_new_global(IRContext *s, uint32_t env_off, const char *name);
/* Per TB: drop every op and non-global temp. */
void ir_reset(IRContext *s);

IRTemp ir_new_temp(IRContext *s);
IRTemp ir_const(IRContext *s, uint64_t v);
IRLabel ir_new_label(IRContext *s);
bool ir_near_full(const IRContext *s);
/* A new label set before op at (ops from there on move up one); false,
 * changing nothing, when the TB has no room for it. */
bool ir_insert_label(IRContext *s, uint32_t at);
/* The loop pass of src/ir/narrow.c (after ir_optimize; see there). */
void ir_narrow_loops(IRContext *s);

static inline bool ir_is_const(const IRContext *s, IRTemp t) { return s->temps[t].kind == IR_TEMP_CONST; }
static inline bool ir_is_global(const IRContext *s, IRTemp t) { return s->temps[t].kind == IR_TEMP_GLOBAL; }

IROp *ir_emit(IRContext *s, IROpcode opc, const uint64_t *args);

/* ir_emit for the generated wrappers below, which know the op's argument
 * counts: inlined, it is a few stores. */
_Noreturn void ir_ops_full(void);
static inline void ir_emit_known(IRContext *s, IROpcode opc, unsigned no, unsigned ni, unsigned nc,
                                 const uint64_t *args)
{
    if (s->nb_ops >= IR_MAX_OPS)
        ir_ops_full();
    IROp *op = &s->ops[s->nb_ops++];
    op->opc = (uint16_t)opc;
    op->nout = (uint8_t)no;
    op->nin = (uint8_t)ni;
    op->nconst = (uint8_t)nc;
    for (unsigned k = 0; k < no + ni + nc; k++)
        op->args[k] = args[k];
}
/* A helper call: ret is ignored when the helper returns nothing; args has
 * h->nargs temps. (The generated ir_call() is the raw form of this.) */
void ir_call_helper(IRContext *s, const IRHelper *h, IRTemp ret, const IRTemp *args);

/* Generated wrappers: ir_<op>(s, outputs..., inputs..., consts...). */
#define IR_WRAP_0_0_1(n) static inline void ir_##n(IRContext *s, uint64_t c0) \
    { uint64_t a[] = { c0 }; ir_emit_known(s, IR_##n, 0, 0, 1, a); }
#define IR_WRAP_0_0_0(n) static inline void ir_##n(IRContext *s) \
    { ir_emit_known(s, IR_##n, 0, 0, 0, NULL); }
#define IR_WRAP_1_1_0(n) static inline void ir_##n(IRContext *s, IRTemp d, IRTemp a0) \
    { uint64_t a[] = { d, a0 }; ir_emit_known(s, IR_##n, 1, 1, 0, a); }
#define IR_WRAP_1_2_0(n) static inline void ir_##n(IRContext *s, IRTemp d, IRTemp a0, IRTemp a1) \
    { uint64_t a[] = { d, a0, a1 }; ir_emit_known(s, IR_##n, 1, 2, 0, a); }
#define IR_WRAP_1_2_1(n) static inline void ir_##n(IRContext *s, IRTemp d, IRTemp a0, IRTemp a1, uint64_t c0) \
    { uint64_t a[] = { d, a0, a1, c0 }; ir_emit_known(s, IR_##n, 1, 2, 1, a); }
#define IR_WRAP_1_4_1(n) static inline void ir_##n(IRContext *s, IRTemp d, IRTemp a0, IRTemp a1, IRTemp a2, IRTemp a3, uint64_t c0) \
    { uint64_t a[] = { d, a0, a1, a2, a3, c0 }; ir_emit_known(s, IR_##n, 1, 4, 1, a); }
#define IR_WRAP_0_2_2(n) static inline void ir_##n(IRContext *s, IRTemp a0, IRTemp a1, uint64_t c0, uint64_t c1) \
    { uint64_t a[] = { a0, a1, c0, c1 }; ir_emit_known(s, IR_##n, 0, 2, 2, a); }
#define IR_WRAP_1_0_2(n) static inline void ir_##n(IRContext *s, IRTemp d, uint64_t c0, uint64_t c1) \
    { uint64_t a[] = { d, c0, c1 }; ir_emit_known(s, IR_##n, 1, 0, 2, a); }
#define IR_WRAP_0_1_2(n) static inline void ir_##n(IRContext *s, IRTemp a0, uint64_t c0, uint64_t c1) \
    { uint64_t a[] = { a0, c0, c1 }; ir_emit_known(s, IR_##n, 0, 1, 2, a); }
#define IR_WRAP_1_1_1(n) static inline void ir_##n(IRContext *s, IRTemp d, IRTemp a0, uint64_t c0) \
    { uint64_t a[] = { d, a0, c0 }; ir_emit_known(s, IR_##n, 1, 1, 1, a); }
#define IR_WRAP_0_2_1(n) static inline void ir_##n(IRContext *s, IRTemp a0, IRTemp a1, uint64_t c0) \
    { uint64_t a[] = { a0, a1, c0 }; ir_emit_known(s, IR_##n, 0, 2, 1, a); }
#define DEF(name, o, i, c, f) IR_WRAP_##o##_##i##_##c(name)
#include "ir/ops.def"
#undef DEF

/* Convenience forms used by every frontend. */
static inline void ir_movi(IRContext *s, IRTemp d, uint64_t v) { ir_mov(s, d, ir_const(s, v)); }
static inline void ir_addi(IRContext *s, IRTemp d, IRTemp a, int64_t v) { ir_add(s, d, a, ir_const(s, (uint64_t)v)); }

/* Passes and tools. */
void ir_optimize(IRContext *s);          /* constant folding, copy propagation, DCE */
void ir_verify(const IRContext *s);      /* aborts with a message on a malformed list */
void ir_dump(const IRContext *s, FILE *f);
const char *ir_cond_name(IRCond c);

/* Fold one pure op on constants (shared by the optimizer and tests). */
uint64_t ir_fold(IROpcode opc, uint64_t a, uint64_t b);

#endif
