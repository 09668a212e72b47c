/*
 * Shared by the two halves of the code generator: x64-ra.c, the register
 * allocator local to one block (where each temp's value is: a host
 * register, a known constant, its home in env), and x64-gen.c, which
 * translates IR ops with it. One Gen lives for one x64_gen_code() call.
 */
#ifndef PEEK_X64_GEN_H
#define PEEK_X64_GEN_H

#include "host/x86_64/x64-internal.h"

#define NONE UINT32_MAX
#define BIT(r) (1u << (r))

/* The registers the allocator hands out (see alloc_order in x64-ra.c). */
#define ALLOC_MASK (BIT(X64_RBX) | BIT(X64_R12) | BIT(X64_R13) | BIT(X64_R15) | BIT(X64_RSI) | BIT(X64_RDI) | \
                    BIT(X64_R8) | BIT(X64_R9) | BIT(X64_R10) | BIT(X64_RDX) | BIT(X64_RCX) | BIT(X64_RAX))
#define CALLEE_SAVED (BIT(X64_RBX) | BIT(X64_R12) | BIT(X64_R13) | BIT(X64_R15))
#define CALLER_SAVED (ALLOC_MASK & ~CALLEE_SAVED)

enum { LOC_DEAD, LOC_MEM, LOC_REG, LOC_CONST };

typedef struct TempLoc {
    uint8_t loc;
    uint8_t reg;       /* LOC_REG */
    bool mem_ok;       /* the env home holds the current value */
    /* What is known of the value's high bits, to drop extensions that
     * change nothing: its top zbits bits are zero; s32: it is the sign
     * extension of its low 32 bits (an IRKnown's facts, ir/analysis.h). */
    uint8_t zbits;
    bool s32;
    uint64_t val;      /* LOC_CONST */
} TempLoc;

typedef struct Fixup {
    uint8_t *field;    /* rel32 of a forward branch */
    uint32_t label;
} Fixup;

/* The out-of-line code of a guest access: a call of mem_fault (flat
 * model), or of the softmmu load/store after a TLB miss, which returns;
 * or of a copied leaf function's bail-outs (SLOW_CALL: a call of fn with
 * the arguments in place). */
enum { SLOW_FAULT, SLOW_LOAD, SLOW_STORE, SLOW_CALL };

/* SLOW_CALL: where an argument's value is at the copy: in a register the
 * copy does not write, a constant, its home in env, or env itself. */
enum { ARG_REG, ARG_CONST, ARG_HOME, ARG_ENV };
typedef struct CallArg {
    uint8_t kind;
    int8_t reg;        /* ARG_REG */
    int64_t val;       /* ARG_CONST: the value; ARG_HOME: the displacement from env */
} CallArg;
typedef struct SlowPath {
    uint8_t *field[2]; /* rel32s of the failed-check branches */
    uint8_t kind;
    int8_t addr_reg;
    int8_t val_reg;    /* SLOW_LOAD: the result's; SLOW_STORE: the value's, or -1: imm */
    uint16_t keep;     /* softmmu, SLOW_CALL: caller-saved registers live across the call */
    int32_t imm;
    uint32_t info;     /* IRMemOp, | X64_FAULT_STORE for a flat store */
    uint64_t pc;
    uint32_t save_first, nsave;   /* dirty globals to store first */
    uint8_t *resume;   /* softmmu, SLOW_CALL: where the block goes on */
    const void *fn;    /* SLOW_CALL: the function and its nargs arguments */
    CallArg *args;
    uint8_t nargs;
    /* softmmu, a load through its site slot (ir/softmmu.h): the slot's
     * env offset (0: none), the scratch register and the access insn,
     * where the TLB lookup that refills the slot returns to */
    int32_t site_off;
    int8_t tag_reg;
    uint8_t *access;
    const struct X64Leaf *leaf;  /* SLOW_CALL: the copy, whose frame comes down first */
    bool reopen;       /* SLOW_CALL: and is built again after the call (X64_LEAF_OPEN_OUT) */
    bool flush_lanes;  /* SLOW_CALL: the lanes go to memory before the call (a lane took the copy's addition) */
} SlowPath;

/* The last lea that computed an address, rd = base + index * 2^scale + disp
 * (x64-gen.c's address folding); end: the code position right after it. */
typedef struct AddrLea {
    uint8_t *end;
    int8_t rd, base, index, scale;
    int32_t disp;
} AddrLea;

/* The allocator state a branch leaves for a single-predecessor label: every
 * temp not simply in its home. */
typedef struct SnapEntry {
    IRTemp t;
    TempLoc l;
} SnapEntry;
typedef struct Snap {
    uint32_t n;
    SnapEntry e[];
} Snap;

/* Globals a block that loops to itself carries around the loop in fixed
 * registers, at most this many. */
#define X64_LOOP_REGS 8

/* The 16 bytes a lane addition adds (one per lane), and its rel32. */
typedef struct LaneConst {
    uint8_t *field;
    uint64_t v[X64_N_LANES];
} LaneConst;

/* A guest access whose range a check before it covers with others'
 * (x64-gen.c, plan_groups): at base (a global) + off, its address add not
 * made; the first of a group makes the check of [base + lo, base + lo +
 * 2^lg). */
typedef struct GroupedAccess {
    uint8_t role;      /* 0: checked alone, 1: covered, 2: covered, checks */
    uint8_t lg;
    IRTemp base;
    int32_t off, lo;
} GroupedAccess;

typedef struct Gen {
    const IRContext *s;
    X64Asm a;
    uintptr_t tag;
    uint32_t idx;            /* index of the op being translated */
    TempLoc *tl;
    int32_t *last_use;       /* per TB temp: last op reading it (-1: none) */
    uint32_t *rename;        /* per temp: the temp it is computed as (coalescing) */
    uint8_t *skip;           /* per op: dead, not translated */
    uint32_t reg_temp[16];   /* the temp a register holds, or NONE */
    uint16_t reg_bound;      /* a register outside it holds NONE (ra_bind sets, ra_op_end clears) */
    uint32_t reg_stamp[16];  /* last use, for choosing what to spill */
    uint32_t stamp;
    uint16_t locked;         /* registers the current op is using */
    IRTemp xmm0_temp;        /* the temp whose value xmm0 still holds, or NONE */
    bool xmm0_single;        /* ... as a binary32 in its low bits */
    bool reachable;
    uint8_t **label_at;
    Fixup *fix;
    uint32_t nfix;
    SlowPath *slow;
    uint32_t nslow;
    uint32_t n_insns;
    uint32_t *insn_off;
    uint64_t *insn_pc;
    X64FaultPoint *faults;
    uint32_t nfaults;
    X64FaultSave *saves;
    uint32_t nsaves, saves_cap;
    X64Reloc *relocs;        /* with keep_relocs (grown like saves) */
    uint32_t nrelocs, relocs_cap;
    bool unportable;         /* a host address no relocation can say */
    uint64_t cur_pc;
    AddrLea addr;            /* the last address lea, for the access after it */
    /* The last brcond's compare, whose flags the next brcond may test
     * again when nothing was emitted in between (cmp_end: the end of its
     * jcc, NULL at labels and loop heads): rx against ry, or against
     * cmp_imm when ry is X64_NO_REG. */
    uint8_t *cmp_end;
    int8_t cmp_rx, cmp_ry;
    int32_t cmp_imm;
    uint32_t jmp_field[IR_GOTO_TB_SLOTS];
    uint8_t *exit_check;     /* rel32 of the entry's exit_request branch */
    uint8_t *body;           /* after the entry's check */
    uint8_t *label_single;   /* per label: reached by one forward branch only */
    const uint32_t *gotos;   /* the goto_tb ops liveness saw (IRLive.gotos) */
    uint32_t ngotos;
    Snap **snap;             /* per such label: the state that branch left */
    /* Loops inside the block: goto_tbs back to its start or to one of its
     * instructions after it (a loop head), where the loop globals are in
     * their registers and every other global in env: */
    unsigned nhead;
    uint32_t head_op[X64_BACK_EDGES];     /* the head's op (0: the block's start) */
    uint64_t head_pc[X64_BACK_EDGES];
    uint8_t *head_at[X64_BACK_EDGES];     /* its code, once placed */
    uint32_t head_label[X64_BACK_EDGES];  /* the label just before it that nothing branches to, or NONE */
    unsigned nback;
    uint32_t back_op[X64_BACK_EDGES];     /* goto_tb ops that jump to a head */
    uint8_t back_head[X64_BACK_EDGES];    /* ... to which */
    unsigned nloop;          /* globals carried in registers: */
    IRTemp loop_g[X64_LOOP_REGS];
    int8_t loop_r[X64_LOOP_REGS];
    unsigned nself;          /* back edges made, in code order: */
    uint8_t *loop_exit[X64_BACK_EDGES];   /* rel32s of their exit_request checks */
    uint32_t self_field[X64_BACK_EDGES];  /* offsets of their jump rel32s */
    uint64_t self_pc[X64_BACK_EDGES];     /* the guest pc each goes back to */
    uint32_t loop_exit_off[X64_BACK_EDGES];   /* offsets of their exit paths */
    uint64_t entry_pc;       /* guest pc of the block */
    uint32_t entry_flags;    /* the guest flags it was translated with */
    IRTemp pc;               /* the pc global, or NONE */
    /* Counter lanes (x64-internal.h): */
    GroupedAccess *grouped;  /* per op, or NULL: no group */
    uint8_t *lane_op;        /* per op: 1 + the lane its counter update adds to, 0: none (NULL: none at all) */
    uint32_t *def_op;        /* per temp (renamed): 1 + the op that alone writes it, 0: none,
                              * UINT32_MAX: several (NULL: not yet built; lane_key) */
    bool lanes_dirty;        /* the lanes may hold counts here */
    uint8_t *lane_add_end;   /* end of the last lane addition, which the next may join */
    LaneConst *lane_consts;  /* what each lane addition adds, placed after the code */
    uint32_t nlane_consts;
    /* A copied leaf whose frame its copy left built for the copy of the
     * same function at op open_next (X64_LEAF_OPEN_OUT), or NULL. */
    const struct X64Leaf *open_leaf;
    uint32_t open_next;
    /* Temps whose TempLoc may differ from the default (in its home, which
     * is current, nothing known of its bits): every change of a TempLoc
     * goes through ra_touch, so the walks over globals and temps at calls,
     * exits, guest accesses and labels visit these few instead of them all.
     * ra_forget_all empties it. */
    uint64_t touched[IR_MAX_TEMPS / 64];
} Gen;

static inline bool ra_is_global(const Gen *g, IRTemp t) { return g->s->temps[t].kind == IR_TEMP_GLOBAL; }
/* A temp with a home and state (not env, not a constant). */
static inline bool ra_is_var(const Gen *g, IRTemp t)
{
    unsigned k = g->s->temps[t].kind;
    return k == IR_TEMP_GLOBAL || k == IR_TEMP_TB;
}

/* The temp t is computed as (ir_live_analyze's renaming, kept for the
 * temps above the globals). */
static inline IRTemp ra_renamed(const Gen *g, uint64_t t)
{
    return t > g->s->nb_globals ? g->rename[t] : (IRTemp)t;
}

static inline void ra_touch(Gen *g, IRTemp t) { g->touched[t / 64] |= 1ull << (t % 64); }

/* The first touched temp in [t, end), or end: walk them with
 * for (t = ra_next_touched(g, lo, end); t < end; t = ra_next_touched(g, t + 1, end)). */
static inline IRTemp ra_next_touched(const Gen *g, IRTemp t, IRTemp end)
{
    while (t < end) {
        uint64_t w = g->touched[t / 64] >> (t % 64);
        if (w) {
            t += (IRTemp)__builtin_ctzll(w);
            return t < end ? t : end;
        }
        t = (t | 63) + 1;
    }
    return end;
}

static inline int32_t ra_home(const Gen *g, IRTemp t)
{
    const IRTempInfo *ti = &g->s->temps[t];
    uint32_t off = ti->kind == IR_TEMP_GLOBAL ? ti->env_off : g->s->layout.scratch_off + t * 8;
    return (int32_t)off - X64_ENV_BIAS;
}

/* Is t's value still needed by this op or a later one / by a later one? */
static inline bool ra_needed(const Gen *g, IRTemp t) { return ra_is_global(g, t) || g->last_use[t] >= (int32_t)g->idx; }
static inline bool ra_needed_after(const Gen *g, IRTemp t) { return ra_is_global(g, t) || g->last_use[t] > (int32_t)g->idx; }

/* Constants: a constant temp or a temp known to hold one; imm_of only if it
 * fits a sign-extended 32-bit immediate. */
bool ra_const_of(const Gen *g, IRTemp t, uint64_t *v);
bool ra_imm_of(const Gen *g, IRTemp t, int32_t *imm);
void ra_store_const(Gen *g, int32_t disp, uint64_t v);

/* Writing values back to their homes. */
void ra_sync_temp(Gen *g, IRTemp t);
void ra_sync_globals(Gen *g);
void ra_sync_globals_but_pc(Gen *g);
void ra_sync_live(Gen *g);

/* Registers: binding, eviction, allocation (locked for the current op). */
void ra_bind(Gen *g, IRTemp t, int r);
void ra_unbind(Gen *g, int r);
int ra_find_free(const Gen *g, uint16_t mask);
void ra_evict(Gen *g, int r, uint16_t avoid);
int ra_alloc_reg(Gen *g, uint16_t mask);

/* Operands and results of the current op. */
void ra_emit_value(Gen *g, int r, IRTemp t);
int ra_use_reg(Gen *g, IRTemp t, uint16_t mask);
int ra_use_fixed(Gen *g, IRTemp t, int R);
int ra_use_clobbered(Gen *g, IRTemp t, int R);
void ra_take_reg(Gen *g, int R);
bool ra_reusable(const Gen *g, int r, IRTemp out);
void ra_set_output(Gen *g, IRTemp t, int r);
void ra_set_const(Gen *g, IRTemp t, uint64_t v);
void ra_op_end(Gen *g);
void ra_forget_all(Gen *g);
/* Branch state for a single-predecessor label (malloc'd), and taking it on. */
Snap *ra_snapshot(const Gen *g);
void ra_restore(Gen *g, const Snap *snap);
/* For a label also fallen into: before the branch's snapshot, constants
 * go to memory (the code falling in may give the temp another value);
 * at the label, the fall-through state is made the snapshot's. */
void ra_join_prepare(Gen *g);
void ra_conform(Gen *g, const Snap *snap);

#endif
