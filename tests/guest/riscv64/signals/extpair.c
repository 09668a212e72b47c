/* Zero and sign extensions as riscv code spells them, which peek's IR
 * optimizer folds through the op that wrote their input (docs/design-notes.md,
 * "Extensions through their inputs"): `slli; srli` and `slli; srai` by 32,
 * 48 or 56 become one extension, also when another pair is interleaved, and
 * an extension of an extension at least as wide reads the inner one's input
 * (zext.w of an addw's result). Each function below is one such shape:
 *  - g1: zext.w of addw and of addiw, the two pairs interleaved (bzip2's
 *    mainGtU);
 *  - g2: a 16-bit sign extension and an 8-bit zero extension, interleaved;
 *  - g3: the shift's input register is written between the two shifts:
 *    the extension must use the value the slli read, not the new one;
 *  - g4: an 8-bit sign extension of an addw's result (the inner extension
 *    is wider: it may be skipped);
 *  - g5: sext.w of an 8-bit zero extension (the inner one is narrower: it
 *    must stay), and shifts by 16, which are no extension.
 * Each is called on every ordered pair of 12 values (zero, one, small,
 * negative, the 8-, 16-, 32- and 64-bit edges), 30 rounds so that every
 * block also runs as a superblock. The program counts results that differ
 * from what C computes and prints a checksum per function; the expected
 * output (extpair.expected) is qemu-riscv64's, the mismatch counts are 0
 * by construction. riscv64 only (its own assembly). */
#include <stdint.h>
#include <stdio.h>

__asm__(".pushsection .text\n"
        ".globl g1\n"
        "g1: addw  a5, a0, a1\n"
        "    addiw a4, a0, 1\n"
        "    slli  a5, a5, 32\n"
        "    slli  a4, a4, 32\n"
        "    srli  a5, a5, 32\n"
        "    srli  a4, a4, 32\n"
        "    slli  a4, a4, 7\n"
        "    xor   a0, a5, a4\n"
        "    ret\n"
        ".globl g2\n"
        "g2: slli  a5, a0, 48\n"
        "    slli  a4, a1, 56\n"
        "    srai  a5, a5, 48\n"
        "    srli  a4, a4, 56\n"
        "    slli  a4, a4, 9\n"
        "    xor   a0, a5, a4\n"
        "    ret\n"
        ".globl g3\n"
        "g3: slli  a5, a0, 32\n"
        "    addi  a0, a0, 77\n"
        "    srai  a5, a5, 32\n"
        "    slli  a4, a1, 48\n"
        "    xori  a1, a1, 1365\n"
        "    srli  a4, a4, 48\n"
        "    add   a0, a0, a5\n"
        "    slli  a1, a1, 3\n"
        "    add   a0, a0, a1\n"
        "    xor   a0, a0, a4\n"
        "    ret\n"
        ".globl g4\n"
        "g4: addw  a5, a0, a1\n"
        "    slli  a5, a5, 56\n"
        "    srai  a5, a5, 56\n"
        "    mv    a0, a5\n"
        "    ret\n"
        ".globl g5\n"
        "g5: slli  a5, a0, 56\n"
        "    srli  a5, a5, 56\n"
        "    addiw a5, a5, 0\n"
        "    slli  a4, a1, 16\n"
        "    srai  a4, a4, 16\n"
        "    slli  a4, a4, 1\n"
        "    xor   a0, a5, a4\n"
        "    ret\n"
        ".popsection\n");

uint64_t g1(uint64_t, uint64_t);
uint64_t g2(uint64_t, uint64_t);
uint64_t g3(uint64_t, uint64_t);
uint64_t g4(uint64_t, uint64_t);
uint64_t g5(uint64_t, uint64_t);

static uint64_t c1(uint64_t a, uint64_t b)
{
    uint64_t x = (uint32_t)(a + b), y = (uint32_t)(a + 1);
    return x ^ y << 7;
}
static uint64_t c2(uint64_t a, uint64_t b)
{
    return (uint64_t)(int64_t)(int16_t)a ^ (uint64_t)(uint8_t)b << 9;
}
static uint64_t c3(uint64_t a, uint64_t b)
{
    return ((a + 77) + (uint64_t)(int64_t)(int32_t)a + ((b ^ 1365) << 3)) ^ (uint16_t)b;
}
static uint64_t c4(uint64_t a, uint64_t b)
{
    return (uint64_t)(int64_t)(int8_t)(a + b);
}
static uint64_t c5(uint64_t a, uint64_t b)
{
    return (uint64_t)(uint8_t)a ^ (uint64_t)((int64_t)(b << 16) >> 16) << 1;
}

int main(void)
{
    static const uint64_t v[12] = { 0, 1, 5, 0x7f, 0x80, 0xffff, 0x8000, 0x7fffffff, 0x80000000,
                                    0xffffffff, 0x123456789abcdef0, UINT64_MAX };
    uint64_t (*const asm_fn[5])(uint64_t, uint64_t) = { g1, g2, g3, g4, g5 };
    uint64_t (*const c_fn[5])(uint64_t, uint64_t) = { c1, c2, c3, c4, c5 };
    for (int f = 0; f < 5; f++) {
        uint64_t sum = 0;
        unsigned bad = 0;
        for (int round = 0; round < 30; round++)
            for (int i = 0; i < 12; i++)
                for (int j = 0; j < 12; j++) {
                    uint64_t r = asm_fn[f](v[i], v[j]);
                    bad += r != c_fn[f](v[i], v[j]);
                    if (round == 0)
                        sum = (sum ^ r) * 0x100000001b3ull;
                }
        printf("g%d: mismatches %u sum %016llx\n", f + 1, bad, (unsigned long long)sum);
    }
    return 0;
}
