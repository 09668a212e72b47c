/*
 * Known high bits of IR values (see analysis.h): for each op, what its
 * result is known to look like given what is known of its inputs, and the
 * two uses a backend makes of it: an extension of a value that already has
 * the extension's shape is a move, and "shl; shr" by the same 32, 48 or 56
 * is one extension.
 *
 * Two facts are tracked, the ones guest code makes common: how many top
 * bits are zero (after zero-extensions, unsigned loads, shifts right,
 * setcond) and whether the value is the sign extension of its low 32 bits
 * (every W-suffixed instruction's result, signed 32-bit loads). The rules
 * are conservative: an op not listed gives nothing.
 */
#include "ir/analysis.h"

IRKnown ir_known_const(uint64_t v)
{
    return (IRKnown){ (uint8_t)(v ? __builtin_clzll(v) : 64), (uint64_t)(int64_t)(int32_t)v == v, true, v };
}

/* A value whose top zbits bits are zero; past 32 it is a sign extension too. */
static IRKnown known_z(unsigned zbits)
{
    return (IRKnown){ (uint8_t)(zbits > 64 ? 64 : zbits), zbits >= 33, false, 0 };
}

static IRKnown known_s32(void) { return (IRKnown){ 0, true, false, 0 }; }

static IRKnown input(const IROp *op, unsigned k, const IRKnownView *v)
{
    return v->known(v->ctx, (IRTemp)op->args[op->nout + k]);
}

/* Either of two values: what both have. */
static IRKnown known_either(IRKnown a, IRKnown b)
{
    IRKnown k = known_z(a.zbits < b.zbits ? a.zbits : b.zbits);
    k.s32 |= a.s32 && b.s32;
    return k;
}

IRKnown ir_known_result(const IROp *op, const IRKnownView *v)
{
    switch (op->opc) {
    case IR_mov: {
        IRKnown x = input(op, 0, v);
        x.is_const = false;
        return x;
    }
    case IR_ext8u: case IR_ext16u: case IR_ext32u: {
        unsigned z = op->opc == IR_ext8u ? 56 : op->opc == IR_ext16u ? 48 : 32, xz = input(op, 0, v).zbits;
        return known_z(xz > z ? xz : z);
    }
    case IR_ext8s: case IR_ext16s: return known_s32();
    case IR_ext32s: {
        IRKnown x = input(op, 0, v);
        return (IRKnown){ x.zbits >= 33 ? x.zbits : 0, true, false, 0 };
    }
    case IR_and: {
        IRKnown x = input(op, 0, v), y = input(op, 1, v);
        IRKnown k = known_z(x.zbits > y.zbits ? x.zbits : y.zbits);
        k.s32 |= x.s32 && y.s32;
        return k;
    }
    case IR_or: case IR_xor: return known_either(input(op, 0, v), input(op, 1, v));
    case IR_not: return (IRKnown){ 0, input(op, 0, v).s32, false, 0 };
    case IR_shr: {
        IRKnown x = input(op, 0, v), c = input(op, 1, v);
        return c.is_const ? known_z(x.zbits + (unsigned)(c.val & 63)) : ir_known_nothing();
    }
    case IR_sar: {
        IRKnown x = input(op, 0, v), c = input(op, 1, v);
        if (c.is_const && x.zbits)
            return known_z(x.zbits + (unsigned)(c.val & 63));
        return (IRKnown){ 0, x.s32, false, 0 };
    }
    case IR_setcond: return known_z(63);
    case IR_clz: case IR_ctz: case IR_ctpop: return known_z(57);
    case IR_movcond: return known_either(input(op, 2, v), input(op, 3, v));
    case IR_qemu_ld: case IR_ld_env: {
        /* the memop: qemu_ld's one constant, ld_env's second */
        unsigned mo = (unsigned)op->args[2], bits = 8 * ir_memop_size(mo);
        if (bits == 64)
            return ir_known_nothing();
        if (mo & IR_MO_SIGN)
            return known_s32();
        return known_z(64 - bits);
    }
    default:
        return ir_known_nothing();
    }
}

bool ir_ext_is_noop(IROpcode opc, IRKnown x)
{
    switch (opc) {
    case IR_ext32s: return x.s32;
    case IR_ext32u: return x.zbits >= 32;
    case IR_ext16u: return x.zbits >= 48;
    case IR_ext8u: return x.zbits >= 56;
    case IR_ext16s: return x.zbits >= 49;
    case IR_ext8s: return x.zbits >= 57;
    default: return false;
    }
}

IROpcode ir_ext_pair(const IROp *shl, const IROp *next, const IRKnownView *v)
{
    static const IROpcode zext[] = { [32] = IR_ext32u, [48] = IR_ext16u, [56] = IR_ext8u };
    static const IROpcode sext[] = { [32] = IR_ext32s, [48] = IR_ext16s, [56] = IR_ext8s };
    if (shl->opc != IR_shl || (next->opc != IR_shr && next->opc != IR_sar) || next->args[1] != shl->args[0])
        return IR_NB_OPS;
    IRKnown c = input(shl, 1, v), c2 = input(next, 1, v);
    if (!c.is_const || (c.val != 32 && c.val != 48 && c.val != 56) || !c2.is_const || c2.val != c.val)
        return IR_NB_OPS;
    return next->opc == IR_shr ? zext[c.val] : sext[c.val];
}
