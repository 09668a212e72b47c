/*
 * The AdvSIMD floating-point helper: three same, two-register
 * miscellaneous (conversions, rounding, compares against zero, estimates),
 * the fixed-point conversions by immediate and the FP reductions, element
 * by element through fpu.c under the current FPCR, with the exceptions of
 * all elements ORed into FPSR.
 */
#include "guest/aarch64/fpu.h"
#include "guest/aarch64/helpers-fpsimd.h"

static uint64_t helper_simd_fp(uint64_t env, uint64_t desc)
{
    A64State *s = A64_ENV(env);
    A64Desc d = { .raw = desc };
    A64FP fp = { .fpcr = s->fpcr };
    uint8_t n[16], m[16], dv[16], r[16] = { 0 };
    memcpy(n, s->v[d.rn], 16);
    memcpy(m, s->v[d.rm], 16);
    memcpy(dv, s->v[d.rd], 16);
    unsigned es = d.esize, bits = 8u << es, ne = (d.q ? 16u : 8u) >> es;
    int f = a64_esize_fmt(es);
    uint64_t sign = a64_fp_sign(f), ones = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
    unsigned rm = a64_fp_rmode(&fp);
    bool keep_low = false;

    switch (d.op) {
    case A64_OP_fcvtn_v: case A64_OP_fcvtxn_v: {
        /* size bit 0: double to single, else single to half */
        bool dbl = d.size & 1;
        unsigned h = dbl ? 2 : 4;
        for (unsigned i = 0; i < h; i++) {
            uint64_t x = a64_velt(n, i, dbl ? 3 : 2);
            uint64_t y = a64_fcvt(dbl ? A64_FS : A64_FH, dbl ? A64_FD : A64_FS, x,
                                  d.op == A64_OP_fcvtxn_v ? A64_RO : rm, &fp);
            a64_set_velt(r, i, dbl ? 2 : 1, y);
        }
        keep_low = true;
        break;
    }
    case A64_OP_fcvtl_v: {
        bool dbl = d.size & 1;
        unsigned h = dbl ? 2 : 4, first = d.q ? h : 0;
        for (unsigned i = 0; i < h; i++) {
            uint64_t x = a64_velt(n, first + i, dbl ? 2 : 1);
            a64_set_velt(r, i, dbl ? 3 : 2,
                         a64_fcvt(dbl ? A64_FD : A64_FS, dbl ? A64_FS : A64_FH, x, rm, &fp));
        }
        d.q = 1;
        break;
    }
    case A64_OP_fmaxnmv: case A64_OP_fmaxv: case A64_OP_fminnmv: case A64_OP_fminv:
    case A64_OP_fmaxnmv_h: case A64_OP_fmaxv_h: case A64_OP_fminnmv_h: case A64_OP_fminv_h: {
        uint64_t (*op)(int, uint64_t, uint64_t, A64FP *) =
            d.op == A64_OP_fmaxnmv || d.op == A64_OP_fmaxnmv_h ? a64_fmaxnm
            : d.op == A64_OP_fmaxv || d.op == A64_OP_fmaxv_h ? a64_fmax
            : d.op == A64_OP_fminnmv || d.op == A64_OP_fminnmv_h ? a64_fminnm : a64_fmin;
        /* the single forms' pattern fixes 4s, and their decode leaves esize 0 */
        bool half = d.op == A64_OP_fmaxnmv_h || d.op == A64_OP_fmaxv_h ||
                    d.op == A64_OP_fminnmv_h || d.op == A64_OP_fminv_h;
        unsigned ves = half ? 1 : 2, nv = half && d.q ? 8 : 4;
        int vf = half ? A64_FH : A64_FS;
        /* Reduce(): each half reduced first, so neighbours pair upwards */
        uint64_t e[8];
        for (unsigned i = 0; i < nv; i++)
            e[i] = a64_velt(n, i, ves);
        for (unsigned w = nv; w > 1; w /= 2)
            for (unsigned i = 0; i < w / 2; i++)
                e[i] = op(vf, e[2 * i], e[2 * i + 1], &fp);
        a64_set_velt(r, 0, ves, e[0]);
        d.q = 1;
        break;
    }
    default:
        for (unsigned i = 0; i < ne; i++) {
            uint64_t a = a64_velt(n, i, es), b = a64_velt(m, i, es), acc = a64_velt(dv, i, es), x;
            /* pairwise forms: the pairs of n, then of m */
            const uint8_t *src = i < ne / 2 ? n : m;
            unsigned j = (i % (ne / 2)) * 2;
            uint64_t p0 = a64_velt(src, j, es), p1 = a64_velt(src, j + 1, es);
            switch (d.op) {
            case A64_OP_fmaxnm_v: x = a64_fmaxnm(f, a, b, &fp); break;
            case A64_OP_fminnm_v: x = a64_fminnm(f, a, b, &fp); break;
            case A64_OP_fmax_v: x = a64_fmax(f, a, b, &fp); break;
            case A64_OP_fmin_v: x = a64_fmin(f, a, b, &fp); break;
            case A64_OP_fmla_v: x = a64_fmuladd(f, acc, a, b, &fp); break;
            case A64_OP_fmls_v: x = a64_fmuladd(f, acc, a ^ sign, b, &fp); break;
            case A64_OP_fadd_v: x = a64_fadd(f, a, b, &fp); break;
            case A64_OP_fsub_v: x = a64_fsub(f, a, b, &fp); break;
            case A64_OP_fmul_v: x = a64_fmul(f, a, b, &fp); break;
            case A64_OP_fmulx_v: x = a64_fmulx(f, a, b, &fp); break;
            case A64_OP_fdiv_v: x = a64_fdiv(f, a, b, &fp); break;
            case A64_OP_fabd_v: x = a64_fabd(f, a, b, &fp); break;
            case A64_OP_frecps_v: x = a64_frecps(f, a, b, &fp); break;
            case A64_OP_frsqrts_v: x = a64_frsqrts(f, a, b, &fp); break;
            case A64_OP_fcmeq_v: x = a64_fcmp_eq(f, a, b, &fp) ? ones : 0; break;
            case A64_OP_fcmge_v: x = a64_fcmp_ge(f, a, b, &fp) ? ones : 0; break;
            case A64_OP_fcmgt_v: x = a64_fcmp_gt(f, a, b, &fp) ? ones : 0; break;
            case A64_OP_facge_v: x = a64_fcmp_ge(f, a & ~sign, b & ~sign, &fp) ? ones : 0; break;
            case A64_OP_facgt_v: x = a64_fcmp_gt(f, a & ~sign, b & ~sign, &fp) ? ones : 0; break;
            case A64_OP_fmaxnmp_v: x = a64_fmaxnm(f, p0, p1, &fp); break;
            case A64_OP_fminnmp_v: x = a64_fminnm(f, p0, p1, &fp); break;
            case A64_OP_fmaxp_v: x = a64_fmax(f, p0, p1, &fp); break;
            case A64_OP_fminp_v: x = a64_fmin(f, p0, p1, &fp); break;
            case A64_OP_faddp_v: x = a64_fadd(f, p0, p1, &fp); break;
            case A64_OP_frintn_v: x = a64_frint(f, a, A64_RN, false, &fp); break;
            case A64_OP_frintm_v: x = a64_frint(f, a, A64_RM, false, &fp); break;
            case A64_OP_frintp_v: x = a64_frint(f, a, A64_RP, false, &fp); break;
            case A64_OP_frintz_v: x = a64_frint(f, a, A64_RZ, false, &fp); break;
            case A64_OP_frinta_v: x = a64_frint(f, a, A64_RA, false, &fp); break;
            case A64_OP_frintx_v: x = a64_frint(f, a, rm, true, &fp); break;
            case A64_OP_frinti_v: x = a64_frint(f, a, rm, false, &fp); break;
            case A64_OP_fcvtns_v: x = a64_f_to_fixed(f, a, 0, false, bits, A64_RN, &fp); break;
            case A64_OP_fcvtnu_v: x = a64_f_to_fixed(f, a, 0, true, bits, A64_RN, &fp); break;
            case A64_OP_fcvtms_v: x = a64_f_to_fixed(f, a, 0, false, bits, A64_RM, &fp); break;
            case A64_OP_fcvtmu_v: x = a64_f_to_fixed(f, a, 0, true, bits, A64_RM, &fp); break;
            case A64_OP_fcvtps_v: x = a64_f_to_fixed(f, a, 0, false, bits, A64_RP, &fp); break;
            case A64_OP_fcvtpu_v: x = a64_f_to_fixed(f, a, 0, true, bits, A64_RP, &fp); break;
            case A64_OP_fcvtas_v: x = a64_f_to_fixed(f, a, 0, false, bits, A64_RA, &fp); break;
            case A64_OP_fcvtau_v: x = a64_f_to_fixed(f, a, 0, true, bits, A64_RA, &fp); break;
            case A64_OP_fcvtzs_v: x = a64_f_to_fixed(f, a, 0, false, bits, A64_RZ, &fp); break;
            case A64_OP_fcvtzu_v: x = a64_f_to_fixed(f, a, 0, true, bits, A64_RZ, &fp); break;
            case A64_OP_fcvtzs_vfix: case A64_OP_fcvtzs_vfix_h:
                x = a64_f_to_fixed(f, a, d.fbits, false, bits, A64_RZ, &fp);
                break;
            case A64_OP_fcvtzu_vfix: case A64_OP_fcvtzu_vfix_h:
                x = a64_f_to_fixed(f, a, d.fbits, true, bits, A64_RZ, &fp);
                break;
            case A64_OP_scvtf_v: x = a64_fixed_to_f(f, a, 0, false, bits, rm, &fp); break;
            case A64_OP_ucvtf_v: x = a64_fixed_to_f(f, a, 0, true, bits, rm, &fp); break;
            case A64_OP_scvtf_vfix: case A64_OP_scvtf_vfix_h:
                x = a64_fixed_to_f(f, a, d.fbits, false, bits, rm, &fp);
                break;
            case A64_OP_ucvtf_vfix: case A64_OP_ucvtf_vfix_h:
                x = a64_fixed_to_f(f, a, d.fbits, true, bits, rm, &fp);
                break;
            case A64_OP_fcmgt_vz: x = a64_fcmp_gt(f, a, 0, &fp) ? ones : 0; break;
            case A64_OP_fcmge_vz: x = a64_fcmp_ge(f, a, 0, &fp) ? ones : 0; break;
            case A64_OP_fcmeq_vz: x = a64_fcmp_eq(f, a, 0, &fp) ? ones : 0; break;
            case A64_OP_fcmlt_vz: x = a64_fcmp_gt(f, 0, a, &fp) ? ones : 0; break;
            case A64_OP_fcmle_vz: x = a64_fcmp_ge(f, 0, a, &fp) ? ones : 0; break;
            case A64_OP_fabs_v: x = a & ~sign; break;
            case A64_OP_fneg_v: x = a ^ sign; break;
            case A64_OP_frecpe_v: x = a64_frecpe(f, a, &fp); break;
            case A64_OP_frsqrte_v: x = a64_frsqrte(f, a, &fp); break;
            case A64_OP_fsqrt_v: x = a64_fsqrt(f, a, &fp); break;
            default: x = 0; break;
            }
            a64_set_velt(r, i, es, x);
        }
        break;
    }
    if (keep_low && d.q) {
        memcpy(dv + 8, r, 8);
        memcpy(r, dv, 16);
    } else if (!d.q) {
        memset(r + 8, 0, 8);
    }
    memcpy(s->v[d.rd], r, 16);
    s->fpsr |= fp.flags;
    return 0;
}

const IRHelper a64_helper_simd_fp = { "simd_fp", (void *)helper_simd_fp, 2, 1,
                                      IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
