/*
 * The AdvSIMD integer helper: three same, three different, two-register
 * miscellaneous, across lanes, shifts by immediate, permutes and table
 * lookups, one function switching on the opcode. It works on copies of the
 * source registers (a destination may be a source) element by element, in
 * 64-bit or 128-bit arithmetic, and sets FPSR.QC when a saturating
 * operation saturates. A 64-bit (Q = 0) result clears the top half; the
 * "2" forms of narrowing operations write the top half and keep the bottom.
 */
#include "guest/aarch64/fpu.h"
#include "guest/aarch64/helpers-fpsimd.h"

typedef __int128 i128;

typedef struct V {
    uint8_t b[16];
} V;

static V vget(const A64State *s, unsigned r)
{
    V v;
    memcpy(v.b, s->v[r], 16);
    return v;
}

/* Saturate x to an element of bits bits, signed or not; *qc on saturation. */
static uint64_t sat(i128 x, unsigned bits, bool is_signed, bool *qc)
{
    i128 lo = is_signed ? -((i128)1 << (bits - 1)) : 0;
    i128 hi = is_signed ? ((i128)1 << (bits - 1)) - 1 : ((i128)1 << bits) - 1;
    if (x < lo || x > hi) {
        *qc = true;
        x = x < lo ? lo : hi;
    }
    return (uint64_t)x;
}

static uint64_t emask(unsigned bits) { return bits == 64 ? UINT64_MAX : (1ull << bits) - 1; }

/* Element value as signed or unsigned. */
static i128 ev(const V *v, unsigned i, unsigned es, bool is_signed)
{
    return is_signed ? (i128)a64_svelt(v->b, i, es) : (i128)a64_velt(v->b, i, es);
}

/* SSHL/USHL and their rounding and saturating forms: a shifted by the
 * signed low byte sh of the other operand (a right shift when negative). */
static uint64_t shl_reg(i128 a, int sh, unsigned bits, bool is_signed, bool round, bool satq, bool *qc)
{
    i128 r;
    if (sh >= (int)bits) {
        if (!satq || a == 0)
            return 0;
        return sat(a < 0 ? -((i128)1 << 100) : (i128)1 << 100, bits, is_signed, qc);
    }
    if (sh >= 0) {
        r = a * ((i128)1 << sh);
    } else {
        int n = -sh > (int)bits + 1 ? (int)bits + 1 : -sh;
        r = round ? (a + ((i128)1 << (n - 1))) >> n : a >> n;
    }
    return satq ? sat(r, bits, is_signed, qc) : (uint64_t)r;
}

static uint64_t pmul8(uint64_t a, uint64_t b, unsigned width)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < width; i++)
        if (b >> i & 1)
            r ^= a << i;
    return r;
}

static unsigned cls_elt(int64_t x, unsigned bits)
{
    unsigned n = 0;
    for (int i = (int)bits - 2; i >= 0 && ((x >> i) & 1) == ((x >> (bits - 1)) & 1); i--)
        n++;
    return n;
}
static unsigned clz_elt(uint64_t x, unsigned bits)
{
    unsigned n = 0;
    for (int i = (int)bits - 1; i >= 0 && !((x >> i) & 1); i--)
        n++;
    return n;
}

/* UnsignedRecipEstimate / UnsignedRSqrtEstimate on a 32-bit element. */
static uint32_t urecpe(uint32_t a)
{
    if (!(a >> 31))
        return 0xffffffff;
    unsigned x = a >> 23, r = ((1u << 19) / (x * 2 + 1) + 1) / 2;
    return r << 23;
}
static uint32_t ursqrte(uint32_t a)
{
    if (!(a >> 30))
        return 0xffffffff;
    unsigned x = a >> 23;
    if (x < 256)
        x = x * 2 + 1;
    else
        x = (((x >> 1) << 1) + 1) * 2;
    uint64_t b = 512;
    while ((uint64_t)x * (b + 1) * (b + 1) < (1ull << 28))
        b++;
    return (uint32_t)((b + 1) / 2) << 23;
}

static uint64_t rbit8(uint64_t x)
{
    uint64_t r = 0;
    for (int i = 0; i < 8; i++)
        r |= (x >> i & 1) << (7 - i);
    return r;
}

static uint64_t helper_simd_int(uint64_t env, uint64_t desc)
{
    A64State *s = A64_ENV(env);
    A64Desc d = { .raw = desc };
    V n = vget(s, d.rn), m = vget(s, d.rm), dv = vget(s, d.rd), r;
    memset(&r, 0, sizeof r);
    unsigned es = d.esize, bits = 8u << es, ne = (d.q ? 16u : 8u) >> es;
    bool qc = false;
    bool keep_low = false;              /* narrowing "2" forms */
    uint64_t ret = 0;
    uint64_t mk = emask(bits);

    switch (d.op) {
    /* three same */
    case A64_OP_shadd_v: case A64_OP_uhadd_v: case A64_OP_srhadd_v: case A64_OP_urhadd_v:
    case A64_OP_shsub_v: case A64_OP_uhsub_v: {
        bool sg = d.op == A64_OP_shadd_v || d.op == A64_OP_srhadd_v || d.op == A64_OP_shsub_v;
        bool sub = d.op == A64_OP_shsub_v || d.op == A64_OP_uhsub_v;
        bool rnd = d.op == A64_OP_srhadd_v || d.op == A64_OP_urhadd_v;
        for (unsigned i = 0; i < ne; i++) {
            i128 a = ev(&n, i, es, sg), b = ev(&m, i, es, sg);
            a64_set_velt(r.b, i, es, (uint64_t)((sub ? a - b : a + b + rnd) >> 1));
        }
        break;
    }
    case A64_OP_sqadd_v: case A64_OP_uqadd_v: case A64_OP_sqsub_v: case A64_OP_uqsub_v: {
        bool sg = d.op == A64_OP_sqadd_v || d.op == A64_OP_sqsub_v;
        bool sub = d.op == A64_OP_sqsub_v || d.op == A64_OP_uqsub_v;
        for (unsigned i = 0; i < ne; i++) {
            i128 a = ev(&n, i, es, sg), b = ev(&m, i, es, sg);
            a64_set_velt(r.b, i, es, sat(sub ? a - b : a + b, bits, sg, &qc));
        }
        break;
    }
    case A64_OP_cmgt_v: case A64_OP_cmge_v: case A64_OP_cmhi_v: case A64_OP_cmhs_v:
    case A64_OP_cmeq_v: case A64_OP_cmtst_v:
        for (unsigned i = 0; i < ne; i++) {
            bool sg = d.op == A64_OP_cmgt_v || d.op == A64_OP_cmge_v;
            i128 a = ev(&n, i, es, sg), b = ev(&m, i, es, sg);
            bool t = d.op == A64_OP_cmgt_v || d.op == A64_OP_cmhi_v ? a > b
                   : d.op == A64_OP_cmge_v || d.op == A64_OP_cmhs_v ? a >= b
                   : d.op == A64_OP_cmeq_v ? a == b : (a & b) != 0;
            a64_set_velt(r.b, i, es, t ? mk : 0);
        }
        break;
    case A64_OP_sshl_v: case A64_OP_ushl_v: case A64_OP_srshl_v: case A64_OP_urshl_v:
    case A64_OP_sqshl_v: case A64_OP_uqshl_v: case A64_OP_sqrshl_v: case A64_OP_uqrshl_v: {
        bool sg = d.op == A64_OP_sshl_v || d.op == A64_OP_srshl_v || d.op == A64_OP_sqshl_v ||
                  d.op == A64_OP_sqrshl_v;
        bool rnd = d.op == A64_OP_srshl_v || d.op == A64_OP_urshl_v || d.op == A64_OP_sqrshl_v ||
                   d.op == A64_OP_uqrshl_v;
        bool sq = d.op == A64_OP_sqshl_v || d.op == A64_OP_uqshl_v || d.op == A64_OP_sqrshl_v ||
                  d.op == A64_OP_uqrshl_v;
        for (unsigned i = 0; i < ne; i++)
            a64_set_velt(r.b, i, es, shl_reg(ev(&n, i, es, sg), (int8_t)a64_velt(m.b, i, es), bits,
                                             sg, rnd, sq, &qc));
        break;
    }
    case A64_OP_smax_v: case A64_OP_smin_v: case A64_OP_umax_v: case A64_OP_umin_v:
    case A64_OP_sabd_v: case A64_OP_uabd_v: case A64_OP_saba_v: case A64_OP_uaba_v:
    case A64_OP_add_v: case A64_OP_sub_v: case A64_OP_mla_v: case A64_OP_mls_v: case A64_OP_mul_v:
    case A64_OP_pmul_v:
        for (unsigned i = 0; i < ne; i++) {
            bool sg = d.op == A64_OP_smax_v || d.op == A64_OP_smin_v || d.op == A64_OP_sabd_v ||
                      d.op == A64_OP_saba_v;
            i128 a = ev(&n, i, es, sg), b = ev(&m, i, es, sg), acc = ev(&dv, i, es, false), x;
            switch (d.op) {
            case A64_OP_smax_v: case A64_OP_umax_v: x = a > b ? a : b; break;
            case A64_OP_smin_v: case A64_OP_umin_v: x = a < b ? a : b; break;
            case A64_OP_sabd_v: case A64_OP_uabd_v: x = a > b ? a - b : b - a; break;
            case A64_OP_saba_v: case A64_OP_uaba_v: x = acc + (a > b ? a - b : b - a); break;
            case A64_OP_add_v: x = a + b; break;
            case A64_OP_sub_v: x = a - b; break;
            case A64_OP_mla_v: x = acc + a * b; break;
            case A64_OP_mls_v: x = acc - a * b; break;
            case A64_OP_mul_v: x = a * b; break;
            default: x = (i128)pmul8((uint64_t)a, (uint64_t)b, 8); break;
            }
            a64_set_velt(r.b, i, es, (uint64_t)x);
        }
        break;
    case A64_OP_smaxp_v: case A64_OP_sminp_v: case A64_OP_umaxp_v: case A64_OP_uminp_v:
    case A64_OP_addp_v:
        for (unsigned i = 0; i < ne; i++) {
            const V *src = i < ne / 2 ? &n : &m;
            unsigned j = (i % (ne / 2)) * 2;
            bool sg = d.op == A64_OP_smaxp_v || d.op == A64_OP_sminp_v;
            i128 a = ev(src, j, es, sg), b = ev(src, j + 1, es, sg), x;
            switch (d.op) {
            case A64_OP_smaxp_v: case A64_OP_umaxp_v: x = a > b ? a : b; break;
            case A64_OP_sminp_v: case A64_OP_uminp_v: x = a < b ? a : b; break;
            default: x = a + b; break;
            }
            a64_set_velt(r.b, i, es, (uint64_t)x);
        }
        break;
    case A64_OP_sqdmulh_v: case A64_OP_sqrdmulh_v:
        for (unsigned i = 0; i < ne; i++) {
            i128 p = 2 * ev(&n, i, es, true) * ev(&m, i, es, true);
            if (d.op == A64_OP_sqrdmulh_v)
                p += (i128)1 << (bits - 1);
            a64_set_velt(r.b, i, es, sat(p >> bits, bits, true, &qc));
        }
        break;

    /* three different: es is the narrow element size */
    case A64_OP_saddl_v: case A64_OP_uaddl_v: case A64_OP_ssubl_v: case A64_OP_usubl_v:
    case A64_OP_saddw_v: case A64_OP_uaddw_v: case A64_OP_ssubw_v: case A64_OP_usubw_v:
    case A64_OP_sabal_v: case A64_OP_uabal_v: case A64_OP_sabdl_v: case A64_OP_uabdl_v:
    case A64_OP_smlal_v: case A64_OP_umlal_v: case A64_OP_smlsl_v: case A64_OP_umlsl_v:
    case A64_OP_smull_v: case A64_OP_umull_v: case A64_OP_sqdmlal_v: case A64_OP_sqdmlsl_v:
    case A64_OP_sqdmull_v: case A64_OP_pmull_v: {
        unsigned h = 8u >> es;   /* elements of the result */
        bool sg = d.op == A64_OP_saddl_v || d.op == A64_OP_ssubl_v || d.op == A64_OP_saddw_v ||
                  d.op == A64_OP_ssubw_v || d.op == A64_OP_sabal_v || d.op == A64_OP_sabdl_v ||
                  d.op == A64_OP_smlal_v || d.op == A64_OP_smlsl_v || d.op == A64_OP_smull_v ||
                  d.op == A64_OP_sqdmlal_v || d.op == A64_OP_sqdmlsl_v || d.op == A64_OP_sqdmull_v;
        bool wide = d.op == A64_OP_saddw_v || d.op == A64_OP_uaddw_v || d.op == A64_OP_ssubw_v ||
                    d.op == A64_OP_usubw_v;
        unsigned p0 = d.q ? h : 0;
        for (unsigned i = 0; i < h; i++) {
            i128 a = wide ? ev(&n, i, es + 1, sg) : ev(&n, p0 + i, es, sg);
            i128 b = ev(&m, p0 + i, es, sg), acc = ev(&dv, i, es + 1, sg), x;
            switch (d.op) {
            case A64_OP_saddl_v: case A64_OP_uaddl_v: case A64_OP_saddw_v: case A64_OP_uaddw_v: x = a + b; break;
            case A64_OP_ssubl_v: case A64_OP_usubl_v: case A64_OP_ssubw_v: case A64_OP_usubw_v: x = a - b; break;
            case A64_OP_sabal_v: case A64_OP_uabal_v: x = acc + (a > b ? a - b : b - a); break;
            case A64_OP_sabdl_v: case A64_OP_uabdl_v: x = a > b ? a - b : b - a; break;
            case A64_OP_smlal_v: case A64_OP_umlal_v: x = acc + a * b; break;
            case A64_OP_smlsl_v: case A64_OP_umlsl_v: x = acc - a * b; break;
            case A64_OP_smull_v: case A64_OP_umull_v: x = a * b; break;
            case A64_OP_sqdmull_v: x = sat(2 * a * b, 2 * bits, true, &qc); break;
            case A64_OP_sqdmlal_v: case A64_OP_sqdmlsl_v: {
                i128 p = (int64_t)sat(2 * a * b, 2 * bits, true, &qc);
                x = sat(d.op == A64_OP_sqdmlal_v ? acc + p : acc - p, 2 * bits, true, &qc);
                break;
            }
            default: x = (i128)pmul8((uint64_t)a, (uint64_t)b, 8); break;
            }
            a64_set_velt(r.b, i, es + 1, (uint64_t)x);
        }
        d.q = 1;
        break;
    }
    case A64_OP_addhn_v: case A64_OP_subhn_v: case A64_OP_raddhn_v: case A64_OP_rsubhn_v: {
        unsigned h = 8u >> es;
        for (unsigned i = 0; i < h; i++) {
            uint64_t a = a64_velt(n.b, i, es + 1), b = a64_velt(m.b, i, es + 1);
            i128 x = d.op == A64_OP_addhn_v || d.op == A64_OP_raddhn_v ? (i128)a + b : (i128)a - b;
            if (d.op == A64_OP_raddhn_v || d.op == A64_OP_rsubhn_v)
                x += (i128)1 << (bits - 1);
            a64_set_velt(r.b, i, es, (uint64_t)(x >> bits));
        }
        keep_low = true;
        break;
    }

    /* two-register miscellaneous */
    case A64_OP_rev64_v: case A64_OP_rev32_v: case A64_OP_rev16_v: {
        unsigned cont = d.op == A64_OP_rev64_v ? 8 : d.op == A64_OP_rev32_v ? 4 : 2;
        unsigned per = cont >> es;
        for (unsigned i = 0; i < ne; i++)
            a64_set_velt(r.b, i, es, a64_velt(n.b, (i / per) * per + (per - 1 - i % per), es));
        break;
    }
    case A64_OP_saddlp_v: case A64_OP_uaddlp_v: case A64_OP_sadalp_v: case A64_OP_uadalp_v: {
        bool sg = d.op == A64_OP_saddlp_v || d.op == A64_OP_sadalp_v;
        bool acc = d.op == A64_OP_sadalp_v || d.op == A64_OP_uadalp_v;
        for (unsigned i = 0; i < ne / 2; i++) {
            i128 x = ev(&n, 2 * i, es, sg) + ev(&n, 2 * i + 1, es, sg);
            if (acc)
                x += ev(&dv, i, es + 1, false);
            a64_set_velt(r.b, i, es + 1, (uint64_t)x);
        }
        break;
    }
    case A64_OP_suqadd_v: case A64_OP_usqadd_v:
        for (unsigned i = 0; i < ne; i++) {
            bool sg = d.op == A64_OP_suqadd_v;   /* result signedness */
            i128 x = ev(&n, i, es, !sg) + ev(&dv, i, es, sg);
            a64_set_velt(r.b, i, es, sat(x, bits, sg, &qc));
        }
        break;
    case A64_OP_cls_v: case A64_OP_clz_v: case A64_OP_cnt_v: case A64_OP_not_v: case A64_OP_rbit_v:
        for (unsigned i = 0; i < ne; i++) {
            uint64_t x = a64_velt(n.b, i, es);
            uint64_t y = d.op == A64_OP_cls_v ? cls_elt(a64_svelt(n.b, i, es), bits)
                       : d.op == A64_OP_clz_v ? clz_elt(x, bits)
                       : d.op == A64_OP_cnt_v ? (uint64_t)__builtin_popcountll(x)
                       : d.op == A64_OP_not_v ? ~x : rbit8(x);
            a64_set_velt(r.b, i, es, y);
        }
        break;
    case A64_OP_sqabs_v: case A64_OP_sqneg_v: case A64_OP_abs_v: case A64_OP_neg_v:
        for (unsigned i = 0; i < ne; i++) {
            i128 a = ev(&n, i, es, true);
            i128 x = d.op == A64_OP_sqneg_v || d.op == A64_OP_neg_v ? -a : a < 0 ? -a : a;
            bool sq = d.op == A64_OP_sqabs_v || d.op == A64_OP_sqneg_v;
            a64_set_velt(r.b, i, es, sq ? sat(x, bits, true, &qc) : (uint64_t)x);
        }
        break;
    case A64_OP_cmgt_vz: case A64_OP_cmeq_vz: case A64_OP_cmlt_vz: case A64_OP_cmge_vz:
    case A64_OP_cmle_vz:
        for (unsigned i = 0; i < ne; i++) {
            int64_t a = a64_svelt(n.b, i, es);
            bool t = d.op == A64_OP_cmgt_vz ? a > 0 : d.op == A64_OP_cmeq_vz ? a == 0
                   : d.op == A64_OP_cmlt_vz ? a < 0 : d.op == A64_OP_cmge_vz ? a >= 0 : a <= 0;
            a64_set_velt(r.b, i, es, t ? mk : 0);
        }
        break;
    case A64_OP_xtn_v: case A64_OP_sqxtn_v: case A64_OP_uqxtn_v: case A64_OP_sqxtun_v: {
        unsigned h = 8u >> es;
        for (unsigned i = 0; i < h; i++) {
            bool sg = d.op == A64_OP_sqxtn_v || d.op == A64_OP_sqxtun_v;
            i128 a = ev(&n, i, es + 1, sg);
            uint64_t x = d.op == A64_OP_xtn_v ? (uint64_t)a : sat(a, bits, d.op == A64_OP_sqxtn_v, &qc);
            a64_set_velt(r.b, i, es, x);
        }
        keep_low = true;
        break;
    }
    case A64_OP_shll_v: {
        unsigned h = 8u >> es;
        for (unsigned i = 0; i < h; i++)
            a64_set_velt(r.b, i, es + 1, a64_velt(n.b, (d.q ? h : 0) + i, es) << bits);
        d.q = 1;
        break;
    }
    case A64_OP_urecpe_v: case A64_OP_ursqrte_v:
        for (unsigned i = 0; i < ne; i++) {
            uint32_t a = (uint32_t)a64_velt(n.b, i, 2);
            a64_set_velt(r.b, i, 2, d.op == A64_OP_urecpe_v ? urecpe(a) : ursqrte(a));
        }
        break;

    /* across lanes */
    case A64_OP_saddlv: case A64_OP_uaddlv: case A64_OP_smaxv: case A64_OP_sminv:
    case A64_OP_addv: case A64_OP_umaxv: case A64_OP_uminv: {
        bool sg = d.op == A64_OP_saddlv || d.op == A64_OP_smaxv || d.op == A64_OP_sminv;
        i128 acc = ev(&n, 0, es, sg);
        for (unsigned i = 1; i < ne; i++) {
            i128 x = ev(&n, i, es, sg);
            switch (d.op) {
            case A64_OP_smaxv: case A64_OP_umaxv: acc = x > acc ? x : acc; break;
            case A64_OP_sminv: case A64_OP_uminv: acc = x < acc ? x : acc; break;
            default: acc += x; break;
            }
        }
        bool longer = d.op == A64_OP_saddlv || d.op == A64_OP_uaddlv;
        a64_set_velt(r.b, 0, es + longer, (uint64_t)acc);
        d.q = 1;
        break;
    }

    /* shift by immediate (imm: the shift) */
    case A64_OP_sshr_vi: case A64_OP_ssra_vi: case A64_OP_srshr_vi: case A64_OP_srsra_vi:
    case A64_OP_ushr_vi: case A64_OP_usra_vi: case A64_OP_urshr_vi: case A64_OP_ursra_vi:
        for (unsigned i = 0; i < ne; i++) {
            bool sg = d.op == A64_OP_sshr_vi || d.op == A64_OP_ssra_vi || d.op == A64_OP_srshr_vi ||
                      d.op == A64_OP_srsra_vi;
            bool rnd = d.op == A64_OP_srshr_vi || d.op == A64_OP_srsra_vi || d.op == A64_OP_urshr_vi ||
                       d.op == A64_OP_ursra_vi;
            bool acc = d.op == A64_OP_ssra_vi || d.op == A64_OP_srsra_vi || d.op == A64_OP_usra_vi ||
                       d.op == A64_OP_ursra_vi;
            i128 a = ev(&n, i, es, sg);
            i128 x = ((rnd ? a + ((i128)1 << (d.imm - 1)) : a) >> d.imm);
            if (acc)
                x += ev(&dv, i, es, false);
            a64_set_velt(r.b, i, es, (uint64_t)x);
        }
        break;
    case A64_OP_sri_vi: case A64_OP_sli_vi:
        for (unsigned i = 0; i < ne; i++) {
            uint64_t a = a64_velt(n.b, i, es), o = a64_velt(dv.b, i, es), x, keep;
            if (d.op == A64_OP_sri_vi) {
                x = d.imm >= 64 ? 0 : a >> d.imm;
                keep = d.imm >= 64 ? mk : ~(mk >> d.imm) & mk;
            } else {
                x = a << d.imm;
                keep = ~(mk << d.imm) & mk;
            }
            a64_set_velt(r.b, i, es, (o & keep) | (x & ~keep));
        }
        break;
    case A64_OP_shl_vi: case A64_OP_sqshl_vi: case A64_OP_uqshl_vi: case A64_OP_sqshlu_vi:
        for (unsigned i = 0; i < ne; i++) {
            bool sgin = d.op != A64_OP_uqshl_vi;
            i128 a = ev(&n, i, es, sgin);
            i128 x = a * ((i128)1 << d.imm);
            uint64_t y = d.op == A64_OP_shl_vi ? (uint64_t)x
                       : sat(x, bits, d.op == A64_OP_sqshl_vi, &qc);
            a64_set_velt(r.b, i, es, y);
        }
        break;
    case A64_OP_shrn_vi: case A64_OP_rshrn_vi: case A64_OP_sqshrn_vi: case A64_OP_sqrshrn_vi:
    case A64_OP_uqshrn_vi: case A64_OP_uqrshrn_vi: case A64_OP_sqshrun_vi: case A64_OP_sqrshrun_vi: {
        unsigned h = 8u >> es;
        bool sgin = d.op == A64_OP_sqshrn_vi || d.op == A64_OP_sqrshrn_vi ||
                    d.op == A64_OP_sqshrun_vi || d.op == A64_OP_sqrshrun_vi;
        bool rnd = d.op == A64_OP_rshrn_vi || d.op == A64_OP_sqrshrn_vi ||
                   d.op == A64_OP_uqrshrn_vi || d.op == A64_OP_sqrshrun_vi;
        for (unsigned i = 0; i < h; i++) {
            i128 a = ev(&n, i, es + 1, sgin);
            i128 x = (rnd ? a + ((i128)1 << (d.imm - 1)) : a) >> d.imm;
            uint64_t y = d.op == A64_OP_shrn_vi || d.op == A64_OP_rshrn_vi ? (uint64_t)x
                       : sat(x, bits, d.op == A64_OP_sqshrn_vi || d.op == A64_OP_sqrshrn_vi, &qc);
            a64_set_velt(r.b, i, es, y);
        }
        keep_low = true;
        break;
    }
    case A64_OP_sshll_vi: case A64_OP_ushll_vi: {
        unsigned h = 8u >> es;
        for (unsigned i = 0; i < h; i++) {
            i128 a = ev(&n, (d.q ? h : 0) + i, es, d.op == A64_OP_sshll_vi);
            a64_set_velt(r.b, i, es + 1, (uint64_t)(a * ((i128)1 << d.imm)));
        }
        d.q = 1;
        break;
    }

    /* permutes */
    case A64_OP_uzp1: case A64_OP_uzp2: case A64_OP_trn1: case A64_OP_trn2:
    case A64_OP_zip1: case A64_OP_zip2: {
        unsigned odd = d.op == A64_OP_uzp2 || d.op == A64_OP_trn2 || d.op == A64_OP_zip2;
        for (unsigned i = 0; i < ne; i++) {
            uint64_t x;
            if (d.op == A64_OP_uzp1 || d.op == A64_OP_uzp2) {
                unsigned j = 2 * i + odd;
                x = j < ne ? a64_velt(n.b, j, es) : a64_velt(m.b, j - ne, es);
            } else if (d.op == A64_OP_trn1 || d.op == A64_OP_trn2) {
                x = a64_velt(i & 1 ? m.b : n.b, (i & ~1u) + odd, es);
            } else {
                unsigned j = (odd ? ne / 2 : 0) + i / 2;
                x = a64_velt(i & 1 ? m.b : n.b, j, es);
            }
            a64_set_velt(r.b, i, es, x);
        }
        break;
    }
    case A64_OP_ext: {
        uint8_t cat[32];
        unsigned len = d.q ? 16 : 8;
        memcpy(cat, n.b, len);
        memcpy(cat + len, m.b, len);
        memcpy(r.b, cat + d.imm, len);
        break;
    }
    case A64_OP_tbl_1: case A64_OP_tbl_2: case A64_OP_tbl_3: case A64_OP_tbl_4:
    case A64_OP_tbx_1: case A64_OP_tbx_2: case A64_OP_tbx_3: case A64_OP_tbx_4: {
        uint8_t tab[64];
        for (unsigned k = 0; k < d.nregs; k++)
            memcpy(tab + 16 * k, s->v[(d.rn + k) % 32], 16);
        bool tbx = d.op == A64_OP_tbx_1 || d.op == A64_OP_tbx_2 || d.op == A64_OP_tbx_3 ||
                   d.op == A64_OP_tbx_4;
        for (unsigned i = 0; i < (d.q ? 16u : 8u); i++) {
            unsigned idx = m.b[i];
            r.b[i] = idx < 16u * d.nregs ? tab[idx] : tbx ? dv.b[i] : 0;
        }
        break;
    }
    case A64_OP_smov: case A64_OP_umov:
        ret = d.op == A64_OP_smov ? (uint64_t)a64_svelt(n.b, d.index, es) : a64_velt(n.b, d.index, es);
        if (d.op == A64_OP_smov && !d.q)
            ret = (uint32_t)ret;
        s->fpsr |= qc ? A64_QC : 0;
        return ret;
    default:
        break;
    }
    if (keep_low) {
        if (d.q) {
            memcpy(dv.b + 8, r.b, 8);
            r = dv;
        }
    }
    if (!d.q)
        memset(r.b + 8, 0, 8);
    memcpy(s->v[d.rd], r.b, 16);
    if (qc)
        s->fpsr |= A64_QC;
    return ret;
}

const IRHelper a64_helper_simd_int = { "simd_int", (void *)helper_simd_int, 2, 1,
                                       IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
