/*
 * What the two halves of the x86-64 backend share: the code generator
 * (x64-gen.c, IR to host code for one block) and the code buffer
 * (x64-code.c: memory, trampoline, block index, jump patching).
 */
#ifndef PEEK_X64_INTERNAL_H
#define PEEK_X64_INTERNAL_H

#include "host/x86_64/x64-emit.h"
#include "host/x86_64/x64.h"
#include "ir/analysis.h"

/* Fixed registers of generated code. TMP is never allocated: it is the
 * scratch of a single emission sequence (far calls, 64-bit constants being
 * stored, the jump-cache probe) and holds nothing across sequences. */
#define X64_ENV X64_RBP
#define X64_GBASE X64_R14
#define X64_TMP X64_R11

/* Set once by x64_init(), read-only afterwards. */
extern X64Config x64_cfg;
/* The shared exit path: returns rax to x64_exec's caller. */
extern uint8_t *x64_epilogue;
/* x64_range_limit[k]: the largest guest address at which an access of
 * 1 << k bytes still fits in the guest space (RIP-relative compare operand);
 * k above 3 for the combined check of several accesses (x64-gen.c). */
#define X64_RANGE_LIMITS 16
extern uint64_t *x64_range_limit;

/* Counter lanes (X64Config.counter_lanes): a plugin's inline additions to
 * a counter are summed in a lane of xmm15 instead of memory, so that a
 * chain of blocks does not wait for each block's read-modify-write of
 * the same word. A lane counts at a fixed address
 * or at a vCPU's scoreboard entry, whose base the vCPU keeps in env
 * (X64LaneKey); x64_lane_env[k] and x64_lane_val[k], in the buffer's
 * head, say which for lane k (a sink while it has none).
 * x64_lane_flush (a call that keeps every register but the flags) adds
 * the lanes to their counters and zeroes them; it runs at the shared exit
 * and before each call a block makes (whatever the callee does, it sees
 * the counters exact), and x64_lanes_from_ucontext does the same for a
 * host fault inside a block. Blocks zero xmm15 after each of their calls
 * (the callee may use it); but across a call of a helper that cannot
 * raise (IR_CALL_NO_READ_GLOBALS) and is no plugin's (IR_CALL_PLUGIN),
 * a block keeps xmm15 in env (call_keep_off) and neither flushes nor
 * zeroes it; x64_exec zeroes it on entry. Blocks made while
 * no lane is in use have none of this around their calls, which costs a
 * callback-only plugin nothing; a lane is then given out only if no such
 * block calls out (x64_lanes_note_call). A lane addition is a paddq of
 * 16 bytes that the blocks adding the same amounts share
 * (x64_lane_const). */
#define X64_LANES 15
#define X64_N_LANES 2
/* The counter at addr if env_off < 0, else at *(env + env_off) + addr. */
typedef struct X64LaneKey {
    int64_t env_off;
    uint64_t addr;
} X64LaneKey;
extern int64_t *x64_lane_env;
extern uint64_t *x64_lane_val;
extern uint8_t *x64_lane_flush;
/* The lane counting at key, or -1; with assign, a free lane is given to
 * it unless it was stored to (x64_lane_stored). Under tb_lock. */
int x64_lane_of(X64LaneKey key, bool assign);
/* Is any lane given out? Until one is, blocks make their calls without
 * lane code and report each (x64_lanes_note_call). */
bool x64_lanes_in_use(void);
void x64_lanes_note_call(void);
/* A block stores to key's word other than by a lane's addition: a lane
 * could not keep that store's order, so the word never gets one. */
void x64_lane_stored(X64LaneKey key);
/* The shared copy of what one lane addition adds to each lane (not both
 * zero), or NULL when the pool is full. Under tb_lock. */
const uint64_t *x64_lane_const(const uint64_t v[2]);

static inline void x64_pxor_lanes(X64Asm *a) { x64_pxor(a, X64_LANES, X64_LANES); }
static inline void x64_ptest_lanes(X64Asm *a) { x64_ptest(a, X64_LANES, X64_LANES); }
static inline void x64_lane_to_reg(X64Asm *a, int r, int k)
{
    if (k == 0)
        x64_movq_rx(a, r, X64_LANES);
    else
        x64_pextrq_rx(a, r, X64_LANES, (uint8_t)k);
}
/* [base] += r, 64 bits */
static inline void x64_store_op(X64Asm *a, unsigned op, int r, int base)
{
    x64_op_mem(a, (op << 3 | 1) | X64_P_W, r, base, 0);
}

/* Memory for the tables of the block being generated, all released at
 * once by the next x64_scratch_reset() (x64_gen_code starts with it), so
 * that a block costs no malloc/free pairs. Zero-filled; x64_scratch_raw's
 * is not (for tables filled before they are read). */
void *x64_scratch(size_t n);
void x64_scratch_reset(void);
/* the block's free part (x64-code.c), and the way out when it is full */
extern char *x64_scratch_at, *x64_scratch_end;
void *x64_scratch_overflow(size_t n);
static inline void *x64_scratch_raw(size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    if ((size_t)(x64_scratch_end - x64_scratch_at) < n)
        return x64_scratch_overflow(n);
    void *p = x64_scratch_at;
    x64_scratch_at += n;
    return p;
}

/* n bytes for a block's X64Code and its tables, until x64_flush(). */
X64Code *x64_code_alloc(size_t n);

/* Open the free part of the code buffer for writing one block into a. */
void x64_code_open(X64Asm *a);
/* Which base a host address target is relative to (X64_RB_IMAGE,
 * X64_RB_BUF or X64_RB_EPILOGUE) and its addend; false if none. */
bool x64_reloc_base(uintptr_t target, uint8_t *base, int64_t *addend);
/* Make the block c (code from a->start up to end) findable and claim its bytes. */
void x64_code_commit(X64Code *c, uint8_t *end);

#endif
