/* Binary64 and binary32 arithmetic in the dynamic rounding mode, as
 * compiled C code does it: peek runs these on the host FPU, which it keeps
 * in frm's mode. For
 * each mode fesetround() offers, every operation on pairs of interesting
 * and pseudo-random operands, printing the result's bits and the flags it
 * raised; then the same under round-to-max-magnitude (which the host FPU
 * lacks, so peek has to leave its fast path), and finally an invalid frm,
 * with which a dynamic-mode instruction is illegal. Compared with
 * qemu-riscv64 running the same program. */
#include <fenv.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static const uint64_t special[] = {
    0, 1ull << 63, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0x7ff4000000000001ull, 1, 0x000fffffffffffffull, 0x0010000000000000ull,
    0x3ff0000000000000ull, 0x4008000000000000ull, 0x7fefffffffffffffull,
    0xbff0000000000000ull, 0x3ff0000000000001ull, 0x3cb0000000000000ull,
};
#define NSPECIAL (sizeof(special) / sizeof(special[0]))

static const uint32_t special_s[] = {
    0, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0x7fa00001u, 1, 0x007fffffu,
    0x00800000u, 0x3f800000u, 0x40400000u, 0x7f7fffffu, 0xbf800000u, 0x3f800001u, 0x33800000u,
};
#define NSPECIAL_S (sizeof(special_s) / sizeof(special_s[0]))

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double d_of(uint64_t b)
{
    double d;
    memcpy(&d, &b, 8);
    return d;
}

static uint64_t b_of(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

static volatile double va, vb, vr;
static volatile float fa, fb, fr;

static float f_of(uint32_t b)
{
    float f;
    memcpy(&f, &b, 4);
    return f;
}

static uint32_t fb_of(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

static int flags(void)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    return f;
}

static void run_pair(uint64_t a, uint64_t b)
{
    va = d_of(a);
    vb = d_of(b);
    feclearexcept(FE_ALL_EXCEPT);
    vr = va + vb;
    printf(" %016" PRIx64 ":%02x", b_of(vr), flags());
    vr = va - vb;
    printf(" %016" PRIx64 ":%02x", b_of(vr), flags());
    vr = va * vb;
    printf(" %016" PRIx64 ":%02x", b_of(vr), flags());
    vr = va / vb;
    printf(" %016" PRIx64 ":%02x", b_of(vr), flags());
    vr = sqrt(va);
    printf(" %016" PRIx64 ":%02x\n", b_of(vr), flags());
}

static void run_pair_s(uint32_t a, uint32_t b)
{
    fa = f_of(a);
    fb = f_of(b);
    feclearexcept(FE_ALL_EXCEPT);
    fr = fa + fb;
    printf(" %08" PRIx32 ":%02x", fb_of(fr), flags());
    fr = fa - fb;
    printf(" %08" PRIx32 ":%02x", fb_of(fr), flags());
    fr = fa * fb;
    printf(" %08" PRIx32 ":%02x", fb_of(fr), flags());
    fr = fa / fb;
    printf(" %08" PRIx32 ":%02x", fb_of(fr), flags());
    fr = sqrtf(fa);
    printf(" %08" PRIx32 ":%02x\n", fb_of(fr), flags());
}

static void run_all(const char *mode)
{
    printf("mode %s\n", mode);
    for (unsigned i = 0; i < NSPECIAL; i++)
        for (unsigned j = 0; j < NSPECIAL; j++)
            run_pair(special[i], special[j]);
    for (int k = 0; k < 400; k++) {
        uint64_t a = rng(), b = rng();
        if (k & 1) {   /* ordinary magnitudes, where rounding shows */
            a = (a & 0x800fffffffffffffull) | (0x3f0ull + (a >> 60)) << 52;
            b = (b & 0x800fffffffffffffull) | (0x3f0ull + (b >> 60)) << 52;
        }
        run_pair(a, b);
    }
    for (unsigned i = 0; i < NSPECIAL_S; i++)
        for (unsigned j = 0; j < NSPECIAL_S; j++)
            run_pair_s(special_s[i], special_s[j]);
    for (int k = 0; k < 400; k++) {
        uint32_t a = (uint32_t)rng(), b = (uint32_t)rng();
        if (k & 1) {
            a = (a & 0x807fffffu) | (0x70u + (a >> 28)) << 23;
            b = (b & 0x807fffffu) | (0x70u + (b >> 28)) << 23;
        }
        run_pair_s(a, b);
    }
}

static sigjmp_buf ill_jb;
static void on_ill(int sig) { siglongjmp(ill_jb, 1); }

int main(void)
{
    static const struct { int mode; const char *name; } modes[] = {
        { FE_TONEAREST, "rne" }, { FE_TOWARDZERO, "rtz" }, { FE_DOWNWARD, "rdn" },
        { FE_UPWARD, "rup" },
    };
    for (unsigned m = 0; m < 4; m++) {
        fesetround(modes[m].mode);
        run_all(modes[m].name);
    }
    /* Round to max magnitude: no fesetround name for it. */
    __asm__ volatile("fsrmi 4");
    run_all("rmm");
    fesetround(FE_TONEAREST);
    run_all("rne again");

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_ill;
    sigaction(SIGILL, &sa, NULL);
    if (!sigsetjmp(ill_jb, 1)) {
        __asm__ volatile("fsrmi 5");
        vr = va + vb;
        printf("frm 5: no SIGILL\n");
    } else {
        printf("frm 5: SIGILL\n");
    }
    fesetround(FE_TONEAREST);
    run_pair(0x3ff0000000000000ull, 0x4008000000000000ull);
    return 0;
}
