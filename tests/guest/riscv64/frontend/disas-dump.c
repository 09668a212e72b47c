/*
 * Runs peek's riscv64 disassembler over a raw code image (objcopy -O
 * binary), printing "address<TAB>text" per instruction, for comparison with
 * objdump in disas-check.sh.
 *
 *   disas-dump FILE.bin [BASE]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "guest/riscv64/decode.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: disas-dump FILE.bin [BASE]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    static uint8_t code[1 << 22];
    size_t n = fread(code, 1, sizeof(code), f);
    fclose(f);
    uint64_t base = argc > 2 ? strtoull(argv[2], NULL, 0) : 0;
    for (size_t off = 0; off + 2 <= n;) {
        uint32_t insn = code[off] | (uint32_t)code[off + 1] << 8;
        if (rv_insn_len(insn) == 4 && off + 4 <= n)
            insn |= (uint32_t)code[off + 2] << 16 | (uint32_t)code[off + 3] << 24;
        char text[128];
        int len = rv_disas(text, sizeof(text), base + off, insn);
        printf("%" PRIx64 "\t%s\n", base + off, text);
        off += (size_t)len;
    }
    return 0;
}
