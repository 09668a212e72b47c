/*
 * The register allocator of the code generator, local to one block.
 *
 * Every temp has a home in env (globals at their own offset, TB temps in the
 * scratch area) and, while in use, possibly a host register or a known
 * constant value; mem_ok says whether the home holds the current value.
 * An op locks the registers it uses; allocation takes a free register or
 * evicts the least recently used one, preferring those that cost no store.
 * A register freed by a temp's last use is reused at once.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/x86_64/x64-gen.h"

/* Registers the allocator hands out, in order of preference: callee-saved
 * first (they survive helper calls), the ones with fixed roles (rdx, rcx,
 * rax: division, shifts by cl, call results) last. */
static const int8_t alloc_order[] = {
    X64_RBX, X64_R12, X64_R13, X64_R15, X64_RSI, X64_RDI, X64_R8, X64_R9, X64_R10, X64_RDX, X64_RCX, X64_RAX,
};

bool ra_const_of(const Gen *g, IRTemp t, uint64_t *v)
{
    const IRTempInfo *ti = &g->s->temps[t];
    if (ti->kind == IR_TEMP_CONST) {
        *v = ti->val;
        return true;
    }
    if (ra_is_var(g, t) && g->tl[t].loc == LOC_CONST) {
        *v = g->tl[t].val;
        return true;
    }
    return false;
}

/* A constant usable as a sign-extended 32-bit immediate. */
bool ra_imm_of(const Gen *g, IRTemp t, int32_t *imm)
{
    uint64_t v;
    if (!ra_const_of(g, t, &v) || !x64_fits_s32((int64_t)v))
        return false;
    *imm = (int32_t)v;
    return true;
}

/* Store a 64-bit constant at [env + disp]. */
void ra_store_const(Gen *g, int32_t disp, uint64_t v)
{
    if (x64_fits_s32((int64_t)v)) {
        x64_store_imm(&g->a, 8, (int32_t)v, X64_ENV, disp);
    } else {
        x64_mov_ri(&g->a, X64_TMP, v);
        x64_store(&g->a, 8, X64_TMP, X64_ENV, disp);
    }
}

/* Make t's home hold its value. */
void ra_sync_temp(Gen *g, IRTemp t)
{
    TempLoc *l = &g->tl[t];
    if (l->mem_ok)
        return;
    if (l->loc == LOC_REG)
        x64_store(&g->a, 8, l->reg, X64_ENV, ra_home(g, t));
    else if (l->loc == LOC_CONST)
        ra_store_const(g, ra_home(g, t), l->val);
    else
        return;
    l->mem_ok = true;
}

/* (An untouched temp is in its home: syncing it does nothing.) */
void ra_sync_globals(Gen *g)
{
    IRTemp end = g->s->nb_globals + 1;
    for (IRTemp t = ra_next_touched(g, 1, end); t < end; t = ra_next_touched(g, t + 1, end))
        ra_sync_temp(g, t);
}

/* Before a jump into another block: every global but the pc. */
void ra_sync_globals_but_pc(Gen *g)
{
    IRTemp end = g->s->nb_globals + 1;
    for (IRTemp t = ra_next_touched(g, 1, end); t < end; t = ra_next_touched(g, t + 1, end))
        if (t != g->pc)
            ra_sync_temp(g, t);
}

/* Everything a branch target may read: globals and live TB temps. */
void ra_sync_live(Gen *g)
{
    ra_sync_globals(g);
    IRTemp end = g->s->nb_temps;
    for (IRTemp t = ra_next_touched(g, g->s->nb_globals + 1, end); t < end; t = ra_next_touched(g, t + 1, end))
        if (g->s->temps[t].kind == IR_TEMP_TB && ra_needed_after(g, t))
            ra_sync_temp(g, t);
}

/* ---- registers ---- */

void ra_bind(Gen *g, IRTemp t, int r)
{
    ra_touch(g, t);
    g->reg_temp[r] = t;
    g->reg_bound |= (uint16_t)BIT(r);
    g->reg_stamp[r] = ++g->stamp;
    g->tl[t].loc = LOC_REG;
    g->tl[t].reg = (uint8_t)r;
}

/* Forget what r holds; its temp lives on in its home (or is dead). */
void ra_unbind(Gen *g, int r)
{
    IRTemp t = g->reg_temp[r];
    if (t == NONE)
        return;
    g->reg_temp[r] = NONE;
    TempLoc *l = &g->tl[t];
    assert(l->mem_ok || !ra_needed(g, t));
    l->loc = l->mem_ok ? LOC_MEM : LOC_DEAD;
}

int ra_find_free(const Gen *g, uint16_t mask)
{
    for (unsigned i = 0; i < sizeof(alloc_order); i++) {
        int r = alloc_order[i];
        if ((mask & BIT(r)) && !(g->locked & BIT(r)) && g->reg_temp[r] == NONE)
            return r;
    }
    return -1;
}

/* Empty r (not locked), keeping its temp's value: in a free register
 * outside avoid if there is one, else in its home. */
void ra_evict(Gen *g, int r, uint16_t avoid)
{
    IRTemp t = g->reg_temp[r];
    if (t == NONE)
        return;
    if (ra_needed(g, t)) {
        int n = ra_find_free(g, ALLOC_MASK & ~avoid & ~BIT(r));
        if (n >= 0) {
            x64_mov_rr(&g->a, true, n, r);
            g->reg_temp[r] = NONE;
            ra_bind(g, t, n);
            return;
        }
        ra_sync_temp(g, t);
    }
    ra_unbind(g, r);
}

/* A free register from mask, locked for this op (spilling if need be). */
int ra_alloc_reg(Gen *g, uint16_t mask)
{
    mask &= ALLOC_MASK & ~g->locked;
    int r = ra_find_free(g, mask);
    if (r < 0) {
        /* Prefer a victim that costs no store, then the least recently used. */
        int best = -1;
        bool best_cheap = false;
        for (unsigned i = 0; i < sizeof(alloc_order); i++) {
            int c = alloc_order[i];
            if (!(mask & BIT(c)))
                continue;
            IRTemp t = g->reg_temp[c];
            bool cheap = !ra_needed(g, t) || g->tl[t].mem_ok;
            if (best < 0 || (cheap && !best_cheap) ||
                (cheap == best_cheap && g->reg_stamp[c] < g->reg_stamp[best])) {
                best = c;
                best_cheap = cheap;
            }
        }
        if (best < 0) {
            fputs("peek: internal error: x86-64 JIT out of registers\n", stderr);
            abort();
        }
        r = best;
        ra_sync_temp(g, g->reg_temp[r]);
        ra_unbind(g, r);
    }
    g->locked |= BIT(r);
    return r;
}

/* Put t's value into r (which holds nothing the op needs). */
void ra_emit_value(Gen *g, int r, IRTemp t)
{
    uint64_t v;
    if (t == IR_ENV) {
        x64_lea(&g->a, r, X64_ENV, X64_NO_REG, -X64_ENV_BIAS);
    } else if (ra_const_of(g, t, &v)) {
        x64_mov_ri(&g->a, r, v);
    } else if (g->tl[t].loc == LOC_REG) {
        if (g->tl[t].reg != r)
            x64_mov_rr(&g->a, true, r, g->tl[t].reg);
    } else {
        x64_load(&g->a, true, r, X64_ENV, ra_home(g, t));
    }
}

/* A register in mask holding t's value, locked for this op. */
int ra_use_reg(Gen *g, IRTemp t, uint16_t mask)
{
    TempLoc *l = ra_is_var(g, t) ? &g->tl[t] : NULL;
    if (l && l->loc == LOC_REG) {
        int r = l->reg;
        if (mask & BIT(r)) {
            g->locked |= BIT(r);
            g->reg_stamp[r] = ++g->stamp;
            return r;
        }
        /* Move it; the old register stays locked (and valid) for this op. */
        int n = ra_alloc_reg(g, mask);
        x64_mov_rr(&g->a, true, n, r);
        g->reg_temp[r] = NONE;
        ra_bind(g, t, n);
        return n;
    }
    int r = ra_alloc_reg(g, mask);
    ra_emit_value(g, r, t);
    if (l) {
        if (l->loc != LOC_CONST)
            l->mem_ok = true;
        ra_bind(g, t, r);
    }
    return r;
}

/* Make fixed register R hold t's value for this op. */
int ra_use_fixed(Gen *g, IRTemp t, int R)
{
    if (ra_is_var(g, t) && g->tl[t].loc == LOC_REG && g->tl[t].reg == R) {
        g->locked |= BIT(R);
        return R;
    }
    assert(!(g->locked & BIT(R)));
    ra_evict(g, R, g->locked);
    g->locked |= BIT(R);
    ra_emit_value(g, R, t);
    if (ra_is_var(g, t) && g->tl[t].loc != LOC_REG) {
        if (g->tl[t].loc != LOC_CONST)
            g->tl[t].mem_ok = true;
        ra_bind(g, t, R);
    }
    return R;
}

/* Like use_fixed, for an operand the instruction overwrites: afterwards R
 * holds no temp, and t's value survives elsewhere if still needed. */
int ra_use_clobbered(Gen *g, IRTemp t, int R)
{
    ra_use_fixed(g, t, R);
    IRTemp o = g->reg_temp[R];
    if (o != NONE) {
        if (ra_needed_after(g, o) && !g->tl[o].mem_ok) {
            int n = ra_find_free(g, ALLOC_MASK);
            if (n >= 0) {
                x64_mov_rr(&g->a, true, n, R);
                g->reg_temp[R] = NONE;
                ra_bind(g, o, n);
            } else {
                ra_sync_temp(g, o);
            }
        }
        if (g->reg_temp[R] == o) {
            g->reg_temp[R] = NONE;
            g->tl[o].loc = g->tl[o].mem_ok ? LOC_MEM : LOC_DEAD;
        }
    }
    return R;
}

/* Empty fixed register R for use as a scratch of this op. */
void ra_take_reg(Gen *g, int R)
{
    assert(!(g->locked & BIT(R)));
    ra_evict(g, R, g->locked);
    g->locked |= BIT(R);
}

/* Can the op write its output (temp out) into r, an input register? Yes if
 * r is a scratch copy, holds out itself, or holds a temp dying here. */
bool ra_reusable(const Gen *g, int r, IRTemp out)
{
    IRTemp t = g->reg_temp[r];
    return t == NONE || t == out || !ra_needed_after(g, t);
}

/* t's new value is in r. */
void ra_set_output(Gen *g, IRTemp t, int r)
{
    TempLoc *l = &g->tl[t];
    if (l->loc == LOC_REG && l->reg != r)
        g->reg_temp[l->reg] = NONE;
    IRTemp old = g->reg_temp[r];
    if (old != NONE && old != t) {
        g->reg_temp[r] = NONE;
        g->tl[old].loc = g->tl[old].mem_ok ? LOC_MEM : LOC_DEAD;
    }
    ra_bind(g, t, r);
    l->mem_ok = false;
}

void ra_set_const(Gen *g, IRTemp t, uint64_t v)
{
    TempLoc *l = &g->tl[t];
    ra_touch(g, t);
    if (l->loc == LOC_REG)
        g->reg_temp[l->reg] = NONE;
    l->loc = LOC_CONST;
    l->val = v;
    l->mem_ok = false;
}

/* After each op: release registers of temps that died, and the locks. */
void ra_op_end(Gen *g)
{
    /* ra_needed_after, with what it reads loaded once: registers hold
     * globals (temps 1 .. nb_globals, always needed) and TB temps */
    const IRTemp nglobals = g->s->nb_globals;
    const int32_t *last_use = g->last_use, idx = (int32_t)g->idx;
    unsigned still = 0;
    for (unsigned m = g->reg_bound; m; m &= m - 1) {
        int r = __builtin_ctz(m);
        IRTemp t = g->reg_temp[r];
        if (t == NONE)
            continue;
        if (t > nglobals && last_use[t] <= idx) {
            g->reg_temp[r] = NONE;
            g->tl[t].loc = LOC_DEAD;
        } else {
            still |= BIT(r);
        }
    }
    g->reg_bound = (uint16_t)still;
    g->locked = 0;
}

/* At a label: nothing in registers, every live value in its home (each
 * edge into the label made it so). */
void ra_forget_all(Gen *g)
{
    for (int r = 0; r < 16; r++)
        g->reg_temp[r] = NONE;
    g->reg_bound = 0;
    IRTemp end = g->s->nb_temps;
    for (IRTemp t = ra_next_touched(g, 1, end); t < end; t = ra_next_touched(g, t + 1, end))
        if (ra_is_var(g, t))
            g->tl[t] = (TempLoc){ .loc = LOC_MEM, .mem_ok = true };
    memset(g->touched, 0, (end + 63) / 64 * sizeof(uint64_t));
}

static bool snap_wants(const Gen *g, IRTemp t)
{
    return ra_is_var(g, t) && ra_needed_after(g, t) && (g->tl[t].loc != LOC_MEM || !g->tl[t].mem_ok);
}

Snap *ra_snapshot(const Gen *g)
{
    uint32_t n = 0;
    IRTemp end = g->s->nb_temps;
    for (IRTemp t = ra_next_touched(g, 1, end); t < end; t = ra_next_touched(g, t + 1, end))
        n += snap_wants(g, t);
    Snap *snap = x64_scratch_raw(sizeof(Snap) + n * sizeof(SnapEntry));
    snap->n = 0;
    for (IRTemp t = ra_next_touched(g, 1, end); t < end; t = ra_next_touched(g, t + 1, end))
        if (snap_wants(g, t))
            snap->e[snap->n++] = (SnapEntry){ t, g->tl[t] };
    return snap;
}

void ra_join_prepare(Gen *g)
{
    IRTemp end = g->s->nb_temps;
    for (IRTemp t = ra_next_touched(g, 1, end); t < end; t = ra_next_touched(g, t + 1, end))
        if (ra_is_var(g, t) && ra_needed_after(g, t) && g->tl[t].loc == LOC_CONST) {
            ra_sync_temp(g, t);
            g->tl[t] = (TempLoc){ .loc = LOC_MEM, .mem_ok = true };
        }
}

/* Every live value to its home, then into the snapshot's registers. Where
 * the snapshot has a register whose home is stale, the home stays marked
 * stale: the branch's way in left it so. What the snapshot knew of a value's
 * high bits may not hold for the value the code falling in computed. */
void ra_conform(Gen *g, const Snap *snap)
{
    ra_sync_live(g);
    ra_forget_all(g);
    for (uint32_t i = 0; i < snap->n; i++) {
        IRTemp t = snap->e[i].t;
        ra_touch(g, t);
        g->tl[t] = snap->e[i].l;
        g->tl[t].zbits = 0;
        g->tl[t].s32 = false;
        if (g->tl[t].loc == LOC_REG) {
            x64_load(&g->a, true, g->tl[t].reg, X64_ENV, ra_home(g, t));
            ra_bind(g, t, g->tl[t].reg);
        }
    }
}

void ra_restore(Gen *g, const Snap *snap)
{
    ra_forget_all(g);
    for (uint32_t i = 0; i < snap->n; i++) {
        IRTemp t = snap->e[i].t;
        ra_touch(g, t);
        g->tl[t] = snap->e[i].l;
        if (g->tl[t].loc == LOC_REG)
            ra_bind(g, t, g->tl[t].reg);
    }
}
