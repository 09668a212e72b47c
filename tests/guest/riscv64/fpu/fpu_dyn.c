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

static volatile double va = 1.0, vb = 3.0, vr;

static int flags(void)
{
    int f = fetestexcept(FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    return f;
}

/* run_pair (binary64) and run_pair_s (binary32): a+b, a-b, a*b, a/b and
 * sqrt(a), each with the result's bits and the flags it raised. The
 * operands go through volatiles, so nothing is computed at compile time. */
#define RUN_PAIR(name, T, U, digits, sqrt_fn)                                          \
    static void name(U a, U b)                                                         \
    {                                                                                  \
        T x, y;                                                                        \
        memcpy(&x, &a, sizeof(x));                                                     \
        memcpy(&y, &b, sizeof(y));                                                     \
        volatile T vx = x, vy = y;                                                     \
        feclearexcept(FE_ALL_EXCEPT);                                                  \
        for (int op = 0; op < 5; op++) {                                               \
            volatile T r = op == 0 ? vx + vy : op == 1 ? vx - vy : op == 2 ? vx * vy  \
                         : op == 3 ? vx / vy : sqrt_fn(vx);                            \
            T rr = r;                                                                  \
            U bits;                                                                    \
            memcpy(&bits, &rr, sizeof(bits));                                          \
            int f = flags();                                                           \
            printf(" %0*" PRIx64 ":%02x", digits, (uint64_t)bits, f);                  \
        }                                                                              \
        printf("\n");                                                                  \
    }
RUN_PAIR(run_pair, double, uint64_t, 16, sqrt)
RUN_PAIR(run_pair_s, float, uint32_t, 8, sqrtf)

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
