/* The quiet-comparison idiom `frflags rX; flt.d rd, fa, fb; fsflags rX`
 * (isless(), sqrt's domain check), which peek translates as one
 * instruction: rX = fflags, rd = the comparison, fflags unchanged
 * (docs/design-notes.md, "The quiet-comparison idiom"). Each function
 * below sets fflags to a known value first, runs one shape, and returns
 * the comparison's result, rX and fflags afterwards:
 *  - q1-q3: flt.d, fle.d, feq.d in the idiom (fused);
 *  - q4: flt.s in the idiom, on NaN-boxed and badly boxed singles;
 *  - q5: the comparison writes rX itself (rd = rX): no idiom, the
 *    fsflags writes the comparison's result into fflags;
 *  - q6: the fsflags restores another register: no idiom, the flags
 *    become that register's value;
 *  - q7: frflags, the comparison, then `csrs fflags, rX`, which adds
 *    the old flags to the new instead of writing them: flt's invalid
 *    flag on a NaN stays.
 * Called on every ordered pair of 10 values (zeros of both signs, ones,
 * infinities, a quiet and a signaling NaN, the smallest subnormal) with
 * 4 starting flag values, 20 rounds so that the blocks also run as
 * superblocks; each result goes into a checksum per function. The
 * expected output (quietcmp.expected) is qemu-riscv64's. riscv64 only
 * (its own assembly). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* a0 = starting fflags, fa0/fa1 = operands (bit patterns via a1/a2);
 * returns result | rX << 8 | fflags after << 16. */
#define PROLOGUE "    fsflags a0\n    fmv.d.x fa0, a1\n    fmv.d.x fa1, a2\n"
#define EPILOGUE "    frflags t2\n    slli a4, a4, 8\n    slli t2, t2, 16\n    or a0, a5, a4\n    or a0, a0, t2\n    ret\n"
__asm__(".pushsection .text\n"
        ".globl q1\nq1:\n" PROLOGUE
        "    frflags a4\n    flt.d a5, fa0, fa1\n    fsflags a4\n" EPILOGUE
        ".globl q2\nq2:\n" PROLOGUE
        "    frflags a4\n    fle.d a5, fa0, fa1\n    fsflags a4\n" EPILOGUE
        ".globl q3\nq3:\n" PROLOGUE
        "    frflags a4\n    feq.d a5, fa0, fa1\n    fsflags a4\n" EPILOGUE
        ".globl q4\nq4:\n" PROLOGUE
        "    frflags a4\n    flt.s a5, fa0, fa1\n    fsflags a4\n" EPILOGUE
        ".globl q5\nq5:\n" PROLOGUE
        "    li a5, 0\n    frflags a4\n    flt.d a4, fa0, fa1\n    fsflags a4\n" EPILOGUE
        ".globl q6\nq6:\n" PROLOGUE
        "    li t1, 5\n    frflags a4\n    fle.d a5, fa0, fa1\n    fsflags t1\n" EPILOGUE
        ".globl q7\nq7:\n" PROLOGUE
        "    frflags a4\n    flt.d a5, fa0, fa1\n    csrs fflags, a4\n" EPILOGUE
        ".popsection\n");

uint64_t q1(uint64_t, uint64_t, uint64_t);
uint64_t q2(uint64_t, uint64_t, uint64_t);
uint64_t q3(uint64_t, uint64_t, uint64_t);
uint64_t q4(uint64_t, uint64_t, uint64_t);
uint64_t q5(uint64_t, uint64_t, uint64_t);
uint64_t q6(uint64_t, uint64_t, uint64_t);
uint64_t q7(uint64_t, uint64_t, uint64_t);

int main(void)
{
    static const uint64_t v[10] = {
        0, 0x8000000000000000ull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
        0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
        0x7ff0000000000001ull, 1,
        0xffffffff3f800000ull, /* 1.0f NaN-boxed */
    };
    static const uint64_t flags[4] = { 0, 1, 0x10, 0x1f };
    uint64_t (*const fn[7])(uint64_t, uint64_t, uint64_t) = { q1, q2, q3, q4, q5, q6, q7 };
    for (int f = 0; f < 7; f++) {
        uint64_t sum = 0, nv = 0;
        for (int round = 0; round < 20; round++)
            for (int k = 0; k < 4; k++)
                for (int i = 0; i < 10; i++)
                    for (int j = 0; j < 10; j++) {
                        uint64_t r = fn[f](flags[k], v[i], v[j]);
                        if (round == 0) {
                            sum = (sum ^ r) * 0x100000001b3ull;
                            nv += r >> 20 & 1;
                        }
                    }
        printf("q%d: sum %016llx invalid after %llu\n", f + 1, (unsigned long long)sum,
               (unsigned long long)nv);
    }
    return 0;
}
