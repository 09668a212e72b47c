/* Two conditional branches in a row on the same operands (docs/design-notes.md,
 * "Flags for the next branch"): in a superblock, peek tests the flags of
 * the first branch's compare again for the second when nothing was emitted
 * in between and the second compares the same host registers (or the same
 * register and immediate), in either order. Each function below is such a
 * pair; called 1,728 times on every ordered pair of 12 values (zero, one,
 * small, negative, the 32-bit and 64-bit edges), each becomes hot and
 * runs as a superblock after its first 256 calls:
 *  - f1: beq a0, a1; bltu a1, a0 (operands swapped, chase's tree walk);
 *  - f2: bltu a0, a1; blt a0, a1 (unsigned, then signed, same order);
 *  - f3: beqz a0; blez a0 (against zero, bzip2's sort);
 *  - f4: blt a1, a0; bgeu a0, a1 (signed then unsigned, swapped);
 *  - f5: t0 = 5; beq a0, t0; blt t0, a0 (an immediate, swapped);
 *  - f6: t0 = 5; beq a0, t0; t0 = 7; blt a0, t0 (no code between, but
 *    another immediate: the flags must not be reused).
 * Each returns 1, 2 or 3 for the path taken. Then two where the value both
 * branches test is also a guest register's new value ("Copies coalesced
 * past a branch"): the temp the frontend computed it in becomes the guest
 * register itself, which must hold it on every way out:
 *  - f7: a5 = (int32_t)(a0 - a1) (subw); beqz a5; blez a5; each of the
 *    three paths returns a5 + 1000, 1500 or 2000, the taken ones reading
 *    a5 in the next block;
 *  - f8: a5 = (int32_t)(a5 + a1) with a5 = a0 first (addw reading its own
 *    destination); bltz a5; beqz a5; the same.
 * The program counts the results that differ from what C computes and
 * prints a checksum per function. The expected output (brpair.expected) is
 * qemu-riscv64's; the mismatch counts are 0 by construction. riscv64 only
 * (its own assembly). */
#include <stdint.h>
#include <stdio.h>

__asm__(".pushsection .text\n"
        ".globl f1\n"
        "f1: beq  a0, a1, 1f\n"
        "    bltu a1, a0, 2f\n"
        "    li   a0, 3\n"
        "    ret\n"
        "1:  li   a0, 1\n"
        "    ret\n"
        "2:  li   a0, 2\n"
        "    ret\n"
        ".globl f2\n"
        "f2: bltu a0, a1, 1f\n"
        "    blt  a0, a1, 2f\n"
        "    li   a0, 3\n"
        "    ret\n"
        "1:  li   a0, 1\n"
        "    ret\n"
        "2:  li   a0, 2\n"
        "    ret\n"
        ".globl f3\n"
        "f3: beqz a0, 1f\n"
        "    blez a0, 2f\n"
        "    li   a0, 3\n"
        "    ret\n"
        "1:  li   a0, 1\n"
        "    ret\n"
        "2:  li   a0, 2\n"
        "    ret\n"
        ".globl f4\n"
        "f4: blt  a1, a0, 1f\n"
        "    bgeu a0, a1, 2f\n"
        "    li   a0, 3\n"
        "    ret\n"
        "1:  li   a0, 1\n"
        "    ret\n"
        "2:  li   a0, 2\n"
        "    ret\n"
        ".globl f5\n"
        "f5: li   t0, 5\n"
        "    beq  a0, t0, 1f\n"
        "    blt  t0, a0, 2f\n"
        "    li   a0, 3\n"
        "    ret\n"
        "1:  li   a0, 1\n"
        "    ret\n"
        "2:  li   a0, 2\n"
        "    ret\n"
        ".globl f6\n"
        "f6: li   t0, 5\n"
        "    beq  a0, t0, 1f\n"
        "    li   t0, 7\n"
        "    blt  a0, t0, 2f\n"
        "    li   a0, 3\n"
        "    ret\n"
        "1:  li   a0, 1\n"
        "    ret\n"
        "2:  li   a0, 2\n"
        "    ret\n"
        ".globl f7\n"
        "f7: subw a5, a0, a1\n"
        "    beqz a5, 1f\n"
        "    blez a5, 2f\n"
        "    addi a0, a5, 1000\n"
        "    ret\n"
        "1:  addi a0, a5, 1500\n"
        "    ret\n"
        "2:  addi a0, a5, 2000\n"
        "    ret\n"
        ".globl f8\n"
        "f8: mv   a5, a0\n"
        "    addw a5, a5, a1\n"
        "    bltz a5, 1f\n"
        "    beqz a5, 2f\n"
        "    addi a0, a5, 1000\n"
        "    ret\n"
        "1:  addi a0, a5, 1500\n"
        "    ret\n"
        "2:  addi a0, a5, 2000\n"
        "    ret\n"
        ".popsection\n");

long f1(long a, long b);
long f2(long a, long b);
long f3(long a, long b);
long f4(long a, long b);
long f5(long a, long b);
long f6(long a, long b);
long f7(long a, long b);
long f8(long a, long b);

static long want(int f, int64_t a, int64_t b)
{
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    switch (f) {
    case 1: return a == b ? 1 : ub < ua ? 2 : 3;
    case 2: return ua < ub ? 1 : a < b ? 2 : 3;
    case 3: return a == 0 ? 1 : a <= 0 ? 2 : 3;
    case 4: return b < a ? 1 : ua >= ub ? 2 : 3;
    case 5: return a == 5 ? 1 : 5 < a ? 2 : 3;
    case 6: return a == 5 ? 1 : a < 7 ? 2 : 3;
    case 7: {
        int64_t d = (int32_t)(uint32_t)(ua - ub);
        return d + (d == 0 ? 1500 : d < 0 ? 2000 : 1000);
    }
    default: {
        int64_t d = (int32_t)(uint32_t)(ua + ub);
        return d + (d < 0 ? 1500 : d == 0 ? 2000 : 1000);
    }
    }
}

int main(void)
{
    static const int64_t v[] = {
        0, 1, -1, 2, 5, 6, 7, -5, INT64_MIN, INT64_MAX, 0x7fffffff, (int64_t)0x80000000u,
    };
    long (*const fn[])(long, long) = { f1, f2, f3, f4, f5, f6, f7, f8 };
    const int n = sizeof(v) / sizeof(v[0]);
    for (int f = 0; f < 8; f++) {
        unsigned long sum = 0, bad = 0;
        for (int round = 0; round < 12; round++)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) {
                    long r = fn[f](v[i], v[j]);
                    sum = sum * 31 + (unsigned long)r;
                    bad += r != want(f + 1, v[i], v[j]);
                }
        printf("f%d: mismatches %lu sum %016lx\n", f + 1, bad, sum);
    }
    return 0;
}
