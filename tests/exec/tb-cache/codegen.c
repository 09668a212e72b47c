/*
 * For the persistent code cache tests: writes a two-instruction function
 * "return N" (N from argv[1], 0..255) at a fixed address, calls it and
 * prints "program P: N" where P is the build's PROG_ID. A cached
 * translation of that address from a run with another N must not be
 * used: the bytes there differ. Hand-encoded for each guest:
 *   riscv64  addi a0, zero, N   = 0x00000513 | N << 20;  ret = 0x00008067
 *   aarch64  movz x0, #N        = 0xd2800000 | N << 5;   ret = 0xd65f03c0
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
