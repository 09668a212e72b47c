/*
 * Hand-checked cases for the F/D library, independent of any emulator:
 * each expected result and flag set below was worked out from the
 * RISC-V spec and IEEE 754 by hand (the derivation is in the comment next
 * to it). Prints one PASS/FAIL line per case, named <argv[1]>/<case>, so
 * the same source checks both the host-FPU and the software-only builds.
 */
#include <inttypes.h>
#include <stdio.h>

#include "guest/riscv64/fpu.h"

enum { RNE, RTZ, RDN, RUP, RMM };
enum { NX = 1, UF = 2, OF = 4, DZ = 8, NV = 16 };

#define S(x) (0xffffffff00000000ull | (uint32_t)(x))
#define QNAN_S S(0x7fc00000)
#define QNAN_D 0x7ff8000000000000ull

/* The name prefix from argv[1], global so that check() needs no extra
 * argument at every one of its call sites. */
static const char *suite;

/* Case names read best with spaces; result lines want one word. */
static void check(const char *text, uint64_t got, uint64_t got_fl, uint64_t want,
                  uint64_t want_fl)
{
    char name[64];
    unsigned i;

    for (i = 0; text[i] && i < sizeof(name) - 1; i++)
        name[i] = text[i] == ' ' ? '_' : text[i];
    name[i] = 0;
    if (got == want && got_fl == want_fl)
        printf("PASS %s/%s\n", suite, name);
    else
        printf("FAIL %s/%s: got %016" PRIx64 " flags %02" PRIx64 ", want %016" PRIx64
               " flags %02" PRIx64 "\n",
               suite, name, got, got_fl, want, want_fl);
}

/* Evaluates call with a fresh flag word named fl. */
#define CHECK(name, call, want, want_fl)                 \
    do {                                                 \
        uint64_t fl = 0;                                 \
        rv_fp_flags_sync(&fl);                           \
        fl = 0;                                          \
        uint64_t got = (call);                           \
        rv_fp_flags_sync(&fl);                           \
        check(name, got, fl, want, want_fl);             \
    } while (0)

int main(int argc, char **argv)
{
    const uint64_t one_s = S(0x3f800000), three_s = S(0x40400000);
    const uint64_t one_d = 0x3ff0000000000000ull, three_d = 0x4008000000000000ull;

    suite = argc > 1 ? argv[1] : "fpu-unit";

    /* 1/3 = 1.0101...b * 2^-2. Single keeps 23 fraction bits 0x2aaaaa and
     * drops 0.1010...b = 2/3 ulp: up for RNE/RMM/RUP. Double keeps
     * 0x5555555555555 and drops 1/3 ulp: up only for RUP. */
    CHECK("fdiv.s 1/3 rne", rv_fdiv_s(one_s, three_s, RNE, &fl), S(0x3eaaaaab), NX);
    CHECK("fdiv.s 1/3 rtz", rv_fdiv_s(one_s, three_s, RTZ, &fl), S(0x3eaaaaaa), NX);
    CHECK("fdiv.s 1/3 rdn", rv_fdiv_s(one_s, three_s, RDN, &fl), S(0x3eaaaaaa), NX);
    CHECK("fdiv.s 1/3 rup", rv_fdiv_s(one_s, three_s, RUP, &fl), S(0x3eaaaaab), NX);
    CHECK("fdiv.s 1/3 rmm", rv_fdiv_s(one_s, three_s, RMM, &fl), S(0x3eaaaaab), NX);
    CHECK("fdiv.s -1/3 rdn", rv_fdiv_s(S(0xbf800000), three_s, RDN, &fl), S(0xbeaaaaab), NX);
    CHECK("fdiv.s -1/3 rup", rv_fdiv_s(S(0xbf800000), three_s, RUP, &fl), S(0xbeaaaaaa), NX);
    CHECK("fdiv.d 1/3 rne", rv_fdiv_d(one_d, three_d, RNE, &fl), 0x3fd5555555555555ull, NX);
    CHECK("fdiv.d 1/3 rtz", rv_fdiv_d(one_d, three_d, RTZ, &fl), 0x3fd5555555555555ull, NX);
    CHECK("fdiv.d 1/3 rdn", rv_fdiv_d(one_d, three_d, RDN, &fl), 0x3fd5555555555555ull, NX);
    CHECK("fdiv.d 1/3 rup", rv_fdiv_d(one_d, three_d, RUP, &fl), 0x3fd5555555555556ull, NX);
    CHECK("fdiv.d 1/3 rmm", rv_fdiv_d(one_d, three_d, RMM, &fl), 0x3fd5555555555555ull, NX);
    CHECK("fdiv.s 1/0", rv_fdiv_s(one_s, S(0), RNE, &fl), S(0x7f800000), DZ);
    CHECK("fdiv.d 0/0", rv_fdiv_d(0, 0, RNE, &fl), QNAN_D, NV);

    /* 1 + 2^-24 is exactly half an ulp above 1: a tie. */
    CHECK("fadd.s tie rne", rv_fadd_s(one_s, S(0x33800000), RNE, &fl), one_s, NX);
    CHECK("fadd.s tie rmm", rv_fadd_s(one_s, S(0x33800000), RMM, &fl), S(0x3f800001), NX);
    CHECK("fadd.s tie rtz", rv_fadd_s(one_s, S(0x33800000), RTZ, &fl), one_s, NX);
    CHECK("fadd.s tie rup", rv_fadd_s(one_s, S(0x33800000), RUP, &fl), S(0x3f800001), NX);
    /* (1 + 2^-23) + 2^-24: a tie whose even neighbour is above. */
    CHECK("fadd.s odd tie rne", rv_fadd_s(S(0x3f800001), S(0x33800000), RNE, &fl),
          S(0x3f800002), NX);
    CHECK("fsub.s x-x rne", rv_fsub_s(three_s, three_s, RNE, &fl), S(0), 0);
    CHECK("fsub.s x-x rdn", rv_fsub_s(three_s, three_s, RDN, &fl), S(0x80000000), 0);
    CHECK("fcvt.s.d tie rne", rv_fcvt_s_d(0x3ff0000010000000ull, RNE, &fl), one_s, NX);
    CHECK("fcvt.s.d tie rmm", rv_fcvt_s_d(0x3ff0000010000000ull, RMM, &fl), S(0x3f800001), NX);

    /* Max finite doubled overflows: to inf in RNE/RMM and away from the
     * sign's infinity direction, else to the largest finite value. */
    CHECK("fmul.s max*2 rne", rv_fmul_s(S(0x7f7fffff), S(0x40000000), RNE, &fl),
          S(0x7f800000), OF | NX);
    CHECK("fmul.s max*2 rtz", rv_fmul_s(S(0x7f7fffff), S(0x40000000), RTZ, &fl),
          S(0x7f7fffff), OF | NX);
    CHECK("fmul.s -max*2 rup", rv_fmul_s(S(0xff7fffff), S(0x40000000), RUP, &fl),
          S(0xff7fffff), OF | NX);
    CHECK("fmul.s -max*2 rdn", rv_fmul_s(S(0xff7fffff), S(0x40000000), RDN, &fl),
          S(0xff800000), OF | NX);

    /* (1 - 2^-23)(1 + 2^-23) 2^-126 = (1 - 2^-46) 2^-126: tiny before
     * rounding, but rounding to 24 bits gives 2^-126, so RISC-V's
     * after-rounding rule says not tiny: no underflow in RNE. RTZ keeps it
     * below 2^-126, tiny and inexact: underflow. */
    CHECK("fmul.s tininess rne", rv_fmul_s(S(0x3f7ffffe), S(0x00800001), RNE, &fl),
          S(0x00800000), NX);
    CHECK("fmul.s tininess rtz", rv_fmul_s(S(0x3f7ffffe), S(0x00800001), RTZ, &fl),
          S(0x007fffff), NX | UF);
    /* 2^-149 / 2 is half the smallest subnormal: RNE ties to 0. */
    CHECK("fmul.s min/2 rne", rv_fmul_s(S(0x00000001), S(0x3f000000), RNE, &fl), S(0), NX | UF);
    CHECK("fmul.s min/2 rmm", rv_fmul_s(S(0x00000001), S(0x3f000000), RMM, &fl),
          S(0x00000001), NX | UF);
    /* A subnormal times 2 is exact: no flags at all. */
    CHECK("fmul.d sub*2", rv_fmul_d(1, 0x4000000000000000ull, RNE, &fl), 2, 0);

    /* Square roots: sqrt(2) is the familiar 0x3ff6a09e667f3bcd; negative
     * is invalid, -0 stays -0. */
    CHECK("fsqrt.d 2", rv_fsqrt_d(0x4000000000000000ull, RNE, &fl), 0x3ff6a09e667f3bcdull, NX);
    CHECK("fsqrt.s 9", rv_fsqrt_s(S(0x41100000), RMM, &fl), three_s, 0);
    CHECK("fsqrt.s -1", rv_fsqrt_s(S(0xbf800000), RNE, &fl), QNAN_S, NV);
    CHECK("fsqrt.s -0", rv_fsqrt_s(S(0x80000000), RNE, &fl), S(0x80000000), 0);

    /* Conversions to integers saturate, NV without NX, NaN to max. */
    CHECK("fcvt.w.s 2^31", rv_fcvt_w_s(S(0x4f000000), RNE, &fl), 0x7fffffff, NV);
    CHECK("fcvt.w.s -2^31", rv_fcvt_w_s(S(0xcf000000), RNE, &fl), 0xffffffff80000000ull, 0);
    CHECK("fcvt.w.s nan", rv_fcvt_w_s(S(0xffc00000), RNE, &fl), 0x7fffffff, NV);
    CHECK("fcvt.w.s -inf", rv_fcvt_w_s(S(0xff800000), RNE, &fl), 0xffffffff80000000ull, NV);
    CHECK("fcvt.wu.s -1", rv_fcvt_wu_s(S(0xbf800000), RNE, &fl), 0, NV);
    /* -0.5 rounds to -0 in RNE (valid, inexact) but to -1 in RDN. */
    CHECK("fcvt.wu.s -0.5 rne", rv_fcvt_wu_s(S(0xbf000000), RNE, &fl), 0, NX);
    CHECK("fcvt.wu.s -0.5 rdn", rv_fcvt_wu_s(S(0xbf000000), RDN, &fl), 0, NV);
    /* 0x4f7fffff = 2^32 - 256, sign-extended as a W result. */
    CHECK("fcvt.wu.s big", rv_fcvt_wu_s(S(0x4f7fffff), RNE, &fl), 0xffffffffffffff00ull, 0);
    CHECK("fcvt.w.s 2.5 rne", rv_fcvt_w_s(S(0x40200000), RNE, &fl), 2, NX);
    CHECK("fcvt.w.s 2.5 rmm", rv_fcvt_w_s(S(0x40200000), RMM, &fl), 3, NX);
    CHECK("fcvt.w.s -2.5 rdn", rv_fcvt_w_s(S(0xc0200000), RDN, &fl), (uint64_t)-3, NX);
    CHECK("fcvt.w.s -2.5 rup", rv_fcvt_w_s(S(0xc0200000), RUP, &fl), (uint64_t)-2, NX);
    CHECK("fcvt.l.d 2^63", rv_fcvt_l_d(0x43e0000000000000ull, RNE, &fl), INT64_MAX, NV);
    CHECK("fcvt.lu.d 2^64-2048", rv_fcvt_lu_d(0x43efffffffffffffull, RNE, &fl),
          0xfffffffffffff800ull, 0);
    CHECK("fcvt.lu.d -0", rv_fcvt_lu_d(0x8000000000000000ull, RNE, &fl), 0, 0);

    /* From integers: 2^64 - 1 needs 64 bits; single keeps 24. */
    CHECK("fcvt.s.lu max rne", rv_fcvt_s_lu(UINT64_MAX, RNE, &fl), S(0x5f800000), NX);
    CHECK("fcvt.s.lu max rtz", rv_fcvt_s_lu(UINT64_MAX, RTZ, &fl), S(0x5f7fffff), NX);
    CHECK("fcvt.s.w -1", rv_fcvt_s_w(0x00000000ffffffffull, RNE, &fl), S(0xbf800000), 0);
    CHECK("fcvt.s.wu 2^32-1", rv_fcvt_s_wu(0xffffffffffffffffull, RNE, &fl), S(0x4f800000), NX);
    /* 2^24 + 1 is a tie between 2^24 and 2^24 + 2. */
    CHECK("fcvt.s.w 2^24+1 rmm", rv_fcvt_s_w(0x1000001, RMM, &fl), S(0x4b800001), NX);
    CHECK("fcvt.s.w 2^24+1 rne", rv_fcvt_s_w(0x1000001, RNE, &fl), S(0x4b800000), NX);
    CHECK("fcvt.d.l min", rv_fcvt_d_l(0x8000000000000000ull, RNE, &fl), 0xc3e0000000000000ull, 0);

    /* NaN boxing: an improperly boxed single reads as the canonical NaN. */
    CHECK("fadd.s unboxed", rv_fadd_s(0x000000003f800000ull, one_s, RNE, &fl), QNAN_S, 0);
    CHECK("fclass.s unboxed", rv_fclass_s(0xfffffffe3f800000ull), 1u << 9, 0);
    CHECK("fsgnj.s unboxed", rv_fsgnj_s(one_s, 0x00000000bf800000ull), one_s, 0);
    CHECK("fcvt.d.s unboxed", rv_fcvt_d_s(0x3f800000ull, RNE, &fl), QNAN_D, 0);
    CHECK("fmv.x.w", rv_fmv_x_w(0x12345678c0000000ull), 0xffffffffc0000000ull, 0);
    CHECK("fmv.w.x", rv_fmv_w_x(0x123456783f800000ull), one_s, 0);
    CHECK("fadd.s nan payload", rv_fadd_s(S(0xffc12345), one_s, RNE, &fl), QNAN_S, 0);
    CHECK("fadd.d snan", rv_fadd_d(0x7ff0000000000001ull, one_d, RNE, &fl), QNAN_D, NV);

    /* minimumNumber/maximumNumber, and comparisons. */
    CHECK("fmin.s snan,1", rv_fmin_s(S(0x7f800001), one_s, &fl), one_s, NV);
    CHECK("fmax.s qnan,1", rv_fmax_s(S(0x7fc00000), one_s, &fl), one_s, 0);
    CHECK("fmin.s nan,nan", rv_fmin_s(S(0xffc00001), S(0x7f800001), &fl), QNAN_S, NV);
    CHECK("fmin.d -0,+0", rv_fmin_d(0, 0x8000000000000000ull, &fl), 0x8000000000000000ull, 0);
    CHECK("fmax.d -0,+0", rv_fmax_d(0x8000000000000000ull, 0, &fl), 0, 0);
    CHECK("feq.s -0,+0", rv_feq_s(S(0x80000000), S(0), &fl), 1, 0);
    CHECK("feq.s qnan", rv_feq_s(S(0x7fc00000), S(0x7fc00000), &fl), 0, 0);
    CHECK("feq.s snan", rv_feq_s(S(0x7f800001), one_s, &fl), 0, NV);
    CHECK("flt.s qnan", rv_flt_s(S(0x7fc00000), one_s, &fl), 0, NV);
    CHECK("flt.d -0,+0", rv_flt_d(0x8000000000000000ull, 0, &fl), 0, 0);
    CHECK("fle.d -0,+0", rv_fle_d(0x8000000000000000ull, 0, &fl), 1, 0);
    CHECK("flt.d -1,-0", rv_flt_d(0xbff0000000000000ull, 0x8000000000000000ull, &fl), 1, 0);

    /* Fused: inf * 0 + qNaN is still invalid; 1 * 1 - 1 is an exact zero,
     * negative only in RDN; fnmadd negates both terms. */
    CHECK("fmadd.s inf*0+qnan", rv_fmadd_s(S(0x7f800000), S(0), QNAN_S, RNE, &fl), QNAN_S, NV);
    CHECK("fmadd.d 0*1+qnan", rv_fmadd_d(0, one_d, QNAN_D, RNE, &fl), QNAN_D, 0);
    CHECK("fmsub.d 1*1-1 rne", rv_fmsub_d(one_d, one_d, one_d, RNE, &fl), 0, 0);
    CHECK("fmsub.d 1*1-1 rdn", rv_fmsub_d(one_d, one_d, one_d, RDN, &fl),
          0x8000000000000000ull, 0);
    CHECK("fnmadd.s 1*3+1", rv_fnmadd_s(one_s, three_s, one_s, RNE, &fl), S(0xc0800000), 0);
    CHECK("fnmsub.s 1*3-1", rv_fnmsub_s(one_s, three_s, one_s, RNE, &fl), S(0xc0000000), 0);
    /* (1 + 2^-12)^2 - 1 = 2^-11 + 2^-24 exactly, 0x3a000400; rounding the
     * product first would tie 1 + 2^-11 + 2^-24 down and give 2^-11. */
    CHECK("fmsub.s single rounding",
          rv_fmsub_s(S(0x3f800800), S(0x3f800800), one_s, RNE, &fl), S(0x3a000400), 0);
    CHECK("fnmadd.d +0*+0-(+0) rne", rv_fnmadd_d(0, 0, 0, RNE, &fl), 0x8000000000000000ull, 0);

    /* fclass bits, one of each. */
    CHECK("fclass.d -inf", rv_fclass_d(0xfff0000000000000ull), 1u << 0, 0);
    CHECK("fclass.d -normal", rv_fclass_d(0xbff0000000000000ull), 1u << 1, 0);
    CHECK("fclass.d -subnormal", rv_fclass_d(0x8000000000000001ull), 1u << 2, 0);
    CHECK("fclass.d -0", rv_fclass_d(0x8000000000000000ull), 1u << 3, 0);
    CHECK("fclass.d +0", rv_fclass_d(0), 1u << 4, 0);
    CHECK("fclass.d +subnormal", rv_fclass_d(0x000fffffffffffffull), 1u << 5, 0);
    CHECK("fclass.d +normal", rv_fclass_d(0x0010000000000000ull), 1u << 6, 0);
    CHECK("fclass.d +inf", rv_fclass_d(0x7ff0000000000000ull), 1u << 7, 0);
    CHECK("fclass.d snan", rv_fclass_d(0x7ff4000000000000ull), 1u << 8, 0);
    CHECK("fclass.d qnan", rv_fclass_d(0xfff8000000000000ull), 1u << 9, 0);
    return 0;
}
