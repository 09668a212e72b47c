/*
 * For the persistent code cache tests: writes a two-instruction function
 * "return N" (N from argv[1], 0..255) at a fixed address, calls it and
 * prints "program P: N" where P is the build's PROG_ID. A cached
 * translation of that address from a run with another N must not be
 * used: the bytes there differ. Hand-encoded for each guest:
 *   riscv64  addi a0, zero, N   = 0x00000513 | N << 20;  ret = 0x00008067
 *   aarch64  movz x0, #N        = 0xd2800000 | N << 5;   ret = 0xd65f03c0
 * With a second argument, riscv64 also writes a branch between two loads
 * that peek turns into a
 * select (docs/design-notes.md, "If-conversion of a branch between two
 * loads"), whose taken way lies before the block's start, and prints what
 * it picks: the taken way's load reads offset 0 (100) for an odd N, 8
 * (200) for an even one, while the block's own bytes stay the same. A
 * block cached from a run with the other N would pick the other word.
 *   D:      ld a5, 0 or 8(a0); addi a3, a3, 1; beqz a5, D+36
 *   D+12:   mv a0, a5; ret
 *   D+20:   bltu a1, a2, D; ld a5, 16(a0); addi a3, a3, 1; bnez a5, D+12
 *   D+36:   li a0, 0; ret
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef PROG_ID
#define PROG_ID 1
#endif
#define CODE_AT ((void *)0x20000000)

int main(int argc, char **argv)
{
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) & 255 : 7;
    uint32_t *code = mmap(CODE_AT, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (code != CODE_AT) {
        perror("mmap");
        return 1;
    }
#if defined(__riscv)
    code[0] = 0x00000513u | n << 20;
    code[1] = 0x00008067u;
#elif defined(__aarch64__)
    code[0] = 0xd2800000u | n << 5;
    code[1] = 0xd65f03c0u;
#else
#error "a guest this test does not know"
#endif
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    unsigned (*fn)(void) = (unsigned (*)(void))(uintptr_t)code;
    printf("program %d: %u\n", PROG_ID, fn());
#if defined(__riscv)
    if (argc > 2) {
        static const uint32_t ways[] = {
            0x00053783u, 0x00168693u, 0x00078e63u, 0x00078513u, 0x00008067u, 0xfec5e6e3u,
            0x01053783u, 0x00168693u, 0xfe0796e3u, 0x00000513u, 0x00008067u,
        };
        static const uint64_t words[3] = { 100, 200, 300 };
        uint32_t *d = code + 64;
        memcpy(d, ways, sizeof(ways));
        d[0] |= (n & 1 ? 0u : 8u) << 20;
        __builtin___clear_cache((char *)d, (char *)(d + 11));
        uint64_t (*pick)(const uint64_t *, long, long) =
            (uint64_t (*)(const uint64_t *, long, long))(uintptr_t)(d + 5);
        printf("picked %llu\n", (unsigned long long)pick(words, 0, 1));
    }
#endif
    /* some ordinary work, so that a run translates a few hundred blocks */
    char buf[64];
    unsigned long sum = 0;
    for (int i = 0; i < 200; i++) {
        snprintf(buf, sizeof(buf), "%d %x %s", i, i * 31, i & 1 ? "odd" : "even");
        sum += strlen(buf) * (unsigned)i;
    }
    printf("sum %lu\n", sum);
    return 0;
}
