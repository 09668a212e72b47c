/*
 * The AdvSIMD integer instructions that peek runs as SWAR IR on 64-bit
 * halves (src/guest/aarch64/trans-simd-swar.c), on operands built so that
 * the cases a lane-crossing carry or borrow would get wrong are common:
 * lanes made of 0, 1, 0x7f, 0x80, 0xff... at every element size, equal
 * lanes and equal registers, every element size and Q, the shift limits
 * and a destination that is also a source. Prints each result;
 * a64-swar-check compares the output with qemu-aarch64's.
 *   swar-diff [ITERATIONS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct V {
    uint64_t lo, hi;
} V;

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* 64 bits of random bits, or of chunks of 1, 2, 4 or 8 bytes taken from
 * the values at the edges of a lane (sign-extended or shifted to the top of
 * the chunk at random). */
static uint64_t half(void)
{
    static const uint8_t edge[] = { 0, 1, 2, 0x7f, 0x80, 0x81, 0xfe, 0xff };
    if (rnd() % 4 == 0)
        return rnd();
    unsigned gran = 1u << (rnd() % 4);
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i += gran) {
        unsigned k = rnd() % 8;
        uint64_t c = edge[k];
        if (gran > 1 && rnd() % 2)
            c = (uint64_t)(int64_t)(int8_t)edge[k];
        if (gran > 1 && rnd() % 3 == 0)
            c = (uint64_t)edge[k] << (8 * gran - 8);
        if (gran < 8)
            c &= (1ull << (8 * gran)) - 1;
        v |= c << (8 * i);
    }
    return v;
}

/* Runs one instruction on v1 = a, v2 = b, v0 = c and prints v0. */
#define X(insn)                                                                        \
    do {                                                                               \
        V r;                                                                           \
        __asm__ volatile("ldr q1, %1\n ldr q2, %2\n ldr q0, %3\n" insn "\n str q0, %0" \
                         : "=m"(r) : "m"(a), "m"(b), "m"(c) : "v0", "v1", "v2");       \
        printf("%s %016llx:%016llx\n", insn, (unsigned long long)r.hi,                 \
               (unsigned long long)r.lo);                                              \
    } while (0)
#define SZ(op) X(op " v0.16b, v1.16b, v2.16b"); X(op " v0.8b, v1.8b, v2.8b"); \
    X(op " v0.8h, v1.8h, v2.8h"); X(op " v0.4h, v1.4h, v2.4h");               \
    X(op " v0.4s, v1.4s, v2.4s"); X(op " v0.2s, v1.2s, v2.2s")
#define SZD(op) SZ(op); X(op " v0.2d, v1.2d, v2.2d")
#define SZ0(op) X(op " v0.16b, v1.16b, #0"); X(op " v0.8b, v1.8b, #0"); \
    X(op " v0.8h, v1.8h, #0"); X(op " v0.4h, v1.4h, #0");               \
    X(op " v0.4s, v1.4s, #0"); X(op " v0.2s, v1.2s, #0"); X(op " v0.2d, v1.2d, #0")

int main(int argc, char **argv)
{
    int iters = argc > 1 ? atoi(argv[1]) : 3000;
    for (int it = 0; it < iters; it++) {
        V a = { half(), half() }, b = { half(), half() }, c = { half(), half() };
        if (rnd() % 4 == 0)
            b = a;
        if (rnd() % 4 == 0)
            b.lo = a.lo;
        printf("in %016llx:%016llx %016llx:%016llx\n", (unsigned long long)a.hi,
               (unsigned long long)a.lo, (unsigned long long)b.hi, (unsigned long long)b.lo);
        SZD("cmeq"); SZD("cmtst"); SZD("cmhs"); SZD("cmhi"); SZD("cmge"); SZD("cmgt");
        SZD("add"); SZD("sub"); SZD("addp"); SZ("umaxp"); SZ("uminp");
        SZ0("cmeq"); SZ0("cmge"); SZ0("cmgt"); SZ0("cmle"); SZ0("cmlt");
        X("xtn v0.8b, v1.8h"); X("xtn2 v0.16b, v1.8h"); X("xtn v0.4h, v1.4s");
        X("xtn2 v0.8h, v1.4s"); X("xtn v0.2s, v1.2d"); X("xtn2 v0.4s, v1.2d");
        X("xtn v1.8b, v1.8h"); X("xtn2 v1.16b, v1.8h");
        X("shrn v0.8b, v1.8h, #1"); X("shrn v0.8b, v1.8h, #4"); X("shrn v0.8b, v1.8h, #8");
        X("shrn2 v0.16b, v1.8h, #3"); X("shrn v0.4h, v1.4s, #1"); X("shrn v0.4h, v1.4s, #16");
        X("shrn2 v0.8h, v1.4s, #9"); X("shrn v0.2s, v1.2d, #32"); X("shrn v0.2s, v1.2d, #5");
        X("shrn2 v0.4s, v1.2d, #17");
        X("ushr v0.16b, v1.16b, #1"); X("ushr v0.16b, v1.16b, #8"); X("ushr v0.8b, v1.8b, #3");
        X("ushr v0.8h, v1.8h, #16"); X("ushr v0.4h, v1.4h, #5"); X("ushr v0.4s, v1.4s, #7");
        X("ushr v0.2s, v1.2s, #32"); X("ushr v0.2d, v1.2d, #64"); X("ushr v0.2d, v1.2d, #13");
        X("shl v0.16b, v1.16b, #1"); X("shl v0.16b, v1.16b, #7"); X("shl v0.8b, v1.8b, #0");
        X("shl v0.8h, v1.8h, #15"); X("shl v0.4h, v1.4h, #5"); X("shl v0.4s, v1.4s, #31");
        X("shl v0.2s, v1.2s, #3"); X("shl v0.2d, v1.2d, #63"); X("shl v0.2d, v1.2d, #0");
        X("ext v0.16b, v1.16b, v2.16b, #0"); X("ext v0.16b, v1.16b, v2.16b, #1");
        X("ext v0.16b, v1.16b, v2.16b, #7"); X("ext v0.16b, v1.16b, v2.16b, #8");
        X("ext v0.16b, v1.16b, v2.16b, #9"); X("ext v0.16b, v1.16b, v2.16b, #15");
        X("ext v0.8b, v1.8b, v2.8b, #0"); X("ext v0.8b, v1.8b, v2.8b, #3");
        X("ext v0.8b, v1.8b, v2.8b, #7"); X("ext v1.16b, v1.16b, v1.16b, #5");
        X("ext v2.16b, v1.16b, v2.16b, #12");
        X("cmeq v1.16b, v1.16b, v2.16b"); X("addp v2.16b, v1.16b, v2.16b");
        X("umaxp v1.16b, v2.16b, v1.16b"); X("addp v0.2d, v1.2d, v1.2d");
    }
    return 0;
}
