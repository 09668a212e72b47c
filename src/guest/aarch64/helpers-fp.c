/*
 * The scalar floating-point helper: one function for the whole group
 * (arithmetic, FMA, min/max, rounding to integral, precision and integer
 * conversions, compares, FCSEL), switching on the decoded opcode; the
 * arithmetic itself is fpu.c's. It reads Vn/Vm/Va and FPCR from env, writes
 * Vd (a scalar write zeroes the rest of the register) and ORs the
 * exceptions raised into FPSR.
 */
#include "guest/aarch64/fpu.h"
#include "guest/aarch64/helpers-fpsimd.h"

#define H2(x) case A64_OP_##x: case A64_OP_##x##_h

static uint64_t fmask(int f) { return f == A64_FD ? UINT64_MAX : f == A64_FS ? 0xffffffffu : 0xffff; }

/* FRINT<x>: its rounding mode (-1 for FPCR's) and whether it is exact. */
static int frint_mode(unsigned op, bool *exact)
{
    *exact = false;
    switch (op) {
    H2(frintn): return A64_RN;
    H2(frintp): return A64_RP;
    H2(frintm): return A64_RM;
    H2(frintz): case A64_OP_frint32z: case A64_OP_frint64z: return A64_RZ;
    H2(frinta): return A64_RA;
    H2(frintx): case A64_OP_frint32x: case A64_OP_frint64x: *exact = true; return -1;
    default: return -1;
    }
}

/* FCVT<r>{S,U} (general): the rounding mode, and unsignedness. */
static unsigned cvt_mode(unsigned op, bool *uns)
{
    switch (op) {
    H2(fcvtns_g): *uns = false; return A64_RN;
    H2(fcvtnu_g): *uns = true; return A64_RN;
    H2(fcvtps_g): *uns = false; return A64_RP;
    H2(fcvtpu_g): *uns = true; return A64_RP;
    H2(fcvtms_g): *uns = false; return A64_RM;
    H2(fcvtmu_g): *uns = true; return A64_RM;
    H2(fcvtas_g): *uns = false; return A64_RA;
    H2(fcvtau_g): *uns = true; return A64_RA;
    H2(fcvtzu_g): H2(fcvtzu_fix): *uns = true; return A64_RZ;
    default: *uns = false; return A64_RZ;
    }
}

static uint64_t helper_fp(uint64_t env, uint64_t desc, uint64_t arg)
{
    A64State *s = A64_ENV(env);
    A64Desc d = { .raw = desc };
    A64FP fp = { .fpcr = s->fpcr };
    int f = a64_ftype_fmt(d.ftype);
    uint64_t mask = fmask(f), sign = a64_fp_sign(f);
    uint64_t n = s->v[d.rn][0] & mask, m = s->v[d.rm][0] & mask, a = s->v[d.ra][0] & mask;
    uint64_t r = 0, ret = 0;
    bool write = true, exact, uns;
    unsigned rm = a64_fp_rmode(&fp);
    unsigned intbits = d.sf ? 64 : 32;

    switch (d.op) {
    H2(fabs): r = n & ~sign; break;
    H2(fneg): r = n ^ sign; break;
    H2(fsqrt): r = a64_fsqrt(f, n, &fp); break;
    H2(frintn): H2(frintp): H2(frintm): H2(frintz): H2(frinta): H2(frintx): H2(frinti): {
        int mode = frint_mode(d.op, &exact);
        r = a64_frint(f, n, mode < 0 ? rm : (unsigned)mode, exact, &fp);
        break;
    }
    case A64_OP_frint32z: case A64_OP_frint32x: case A64_OP_frint64z: case A64_OP_frint64x: {
        int mode = frint_mode(d.op, &exact);
        unsigned bits = d.op == A64_OP_frint32z || d.op == A64_OP_frint32x ? 32 : 64;
        r = a64_frint_n(f, n, mode < 0 ? rm : (unsigned)mode, exact, bits, &fp);
        break;
    }
    case A64_OP_fcvt_ds: r = a64_fcvt(A64_FD, A64_FS, n, rm, &fp); break;
    case A64_OP_fcvt_hs: r = a64_fcvt(A64_FH, A64_FS, n, rm, &fp); break;
    case A64_OP_fcvt_sd: r = a64_fcvt(A64_FS, A64_FD, n, rm, &fp); break;
    case A64_OP_fcvt_hd: r = a64_fcvt(A64_FH, A64_FD, n, rm, &fp); break;
    case A64_OP_fcvt_sh: r = a64_fcvt(A64_FS, A64_FH, n, rm, &fp); break;
    case A64_OP_fcvt_dh: r = a64_fcvt(A64_FD, A64_FH, n, rm, &fp); break;
    H2(fcmp): H2(fcmpe): H2(fcmp_z): H2(fcmpe_z): {
        bool z = d.op == A64_OP_fcmp_z || d.op == A64_OP_fcmp_z_h || d.op == A64_OP_fcmpe_z ||
                 d.op == A64_OP_fcmpe_z_h;
        bool e = d.op == A64_OP_fcmpe || d.op == A64_OP_fcmpe_h || d.op == A64_OP_fcmpe_z ||
                 d.op == A64_OP_fcmpe_z_h;
        ret = a64_fcmp(f, n, z ? 0 : m, e, &fp);
        write = false;
        break;
    }
    H2(fccmp): H2(fccmpe):
        /* the flags immediate sits in the imm field (see trans-fp.c) */
        ret = arg ? a64_fcmp(f, n, m, d.op == A64_OP_fccmpe || d.op == A64_OP_fccmpe_h, &fp)
                  : (uint64_t)d.imm << 28;
        write = false;
        break;
    H2(fcsel): r = arg ? n : m; break;
    H2(fmul): r = a64_fmul(f, n, m, &fp); break;
    H2(fdiv): r = a64_fdiv(f, n, m, &fp); break;
    H2(fadd): r = a64_fadd(f, n, m, &fp); break;
    H2(fsub): r = a64_fsub(f, n, m, &fp); break;
    H2(fmax): r = a64_fmax(f, n, m, &fp); break;
    H2(fmin): r = a64_fmin(f, n, m, &fp); break;
    H2(fmaxnm): r = a64_fmaxnm(f, n, m, &fp); break;
    H2(fminnm): r = a64_fminnm(f, n, m, &fp); break;
    H2(fnmul): r = a64_fmul(f, n, m, &fp) ^ sign; break;
    H2(fmadd): r = a64_fmuladd(f, a, n, m, &fp); break;
    H2(fmsub): r = a64_fmuladd(f, a, n ^ sign, m, &fp); break;
    H2(fnmadd): r = a64_fmuladd(f, a ^ sign, n ^ sign, m, &fp); break;
    H2(fnmsub): r = a64_fmuladd(f, a ^ sign, n, m, &fp); break;
    H2(fcvtns_g): H2(fcvtnu_g): H2(fcvtps_g): H2(fcvtpu_g): H2(fcvtms_g): H2(fcvtmu_g):
    H2(fcvtas_g): H2(fcvtau_g): H2(fcvtzs_g): H2(fcvtzu_g): H2(fcvtzs_fix): H2(fcvtzu_fix): {
        unsigned mode = cvt_mode(d.op, &uns);
        ret = a64_f_to_fixed(f, n, d.fbits, uns, intbits, mode, &fp);
        write = false;
        break;
    }
    H2(scvtf_g): H2(scvtf_fix):
        r = a64_fixed_to_f(f, arg, d.fbits, false, intbits, rm, &fp);
        break;
    H2(ucvtf_g): H2(ucvtf_fix):
        r = a64_fixed_to_f(f, arg, d.fbits, true, intbits, rm, &fp);
        break;
    case A64_OP_fjcvtzs: {
        bool z;
        ret = a64_fjcvtzs(s->v[d.rn][0], &z, &fp) | (uint64_t)z << 32;
        write = false;
        break;
    }
    default:
        break;
    }
    if (write) {
        s->v[d.rd][0] = r;
        s->v[d.rd][1] = 0;
    }
    s->fpsr |= fp.flags;
    return ret;
}

const IRHelper a64_helper_fp = { "fp", (void *)helper_fp, 3, 1,
                                 IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
