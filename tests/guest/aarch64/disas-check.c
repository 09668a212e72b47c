/*
 * The aarch64 disassembler check: for every pattern of insns.def, many
 * encodings (the pattern's fixed bits, the other bits random with a fixed
 * seed, biased towards the register-31 and equal-register corners where
 * aliases live, plus all-zero and all-one fillings) go into one raw image;
 * GNU objdump -D -b binary -m aarch64 disassembles it as the independent
 * oracle and peek's a64_disas the same words. Texts are compared with
 * whitespace normalised and objdump's "// ..." comments dropped; since
 * objdump prints unallocated words as ".inst ... ; undefined" and
 * a64_disas does the same exactly when a64_decode rejects a word, the
 * comparison also checks that both reject the same encodings.
 *
 * System register and system operation fields are drawn from the names
 * peek knows plus the IMPLEMENTATION DEFINED space (which objdump prints
 * generically), not at random: objdump knows hundreds of EL1-3 registers
 * user code never touches. MSR (immediate) to a 1-bit PSTATE field with
 * CRm > 1 is unallocated, which peek decodes as such while objdump prints
 * it as an MSR to a generic register; those are not drawn either.
 *
 *   disas-check WORKDIR > results      one PASS/FAIL line per pattern
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/aarch64/decode.h"

#define VARIANTS 96
#define BASE 0x10000000ull

typedef struct Rng {
    uint64_t s;
} Rng;

static uint32_t rnd(Rng *r)
{
    r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(r->s >> 32);
}

#define SRE(op0, op1, crn, crm, op2) ((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

/* op0:op1:CRn:CRm:op2 of the registers disas.c names. */
static const uint16_t known_sysregs[] = {
    SRE(3, 3, 4, 2, 0), SRE(3, 3, 4, 2, 1), SRE(3, 3, 4, 4, 0), SRE(3, 3, 4, 4, 1),
    SRE(3, 3, 4, 2, 5), SRE(3, 3, 4, 2, 6), SRE(3, 3, 4, 2, 7), SRE(3, 0, 4, 2, 3),
    SRE(3, 0, 4, 2, 4), SRE(3, 0, 4, 2, 2), SRE(3, 0, 4, 2, 0), SRE(3, 0, 4, 1, 0),
    SRE(3, 0, 4, 0, 0), SRE(3, 0, 4, 0, 1), SRE(3, 3, 13, 0, 2), SRE(3, 3, 13, 0, 3),
    SRE(3, 0, 13, 0, 4), SRE(3, 3, 0, 0, 7), SRE(3, 3, 0, 0, 1), SRE(3, 3, 14, 0, 0),
    SRE(3, 3, 14, 0, 1), SRE(3, 3, 14, 0, 2), SRE(3, 3, 2, 4, 0), SRE(3, 3, 2, 4, 1),
    SRE(3, 0, 0, 0, 0), SRE(3, 0, 0, 0, 5), SRE(3, 0, 0, 0, 6), SRE(3, 0, 0, 4, 0),
    SRE(3, 0, 0, 4, 1), SRE(3, 0, 0, 4, 4), SRE(3, 0, 0, 4, 5), SRE(3, 0, 0, 5, 0),
    SRE(3, 0, 0, 5, 1), SRE(3, 0, 0, 5, 4), SRE(3, 0, 0, 5, 5), SRE(3, 0, 0, 6, 0),
    SRE(3, 0, 0, 6, 1), SRE(3, 0, 0, 6, 2), SRE(3, 0, 0, 7, 0), SRE(3, 0, 0, 7, 1),
    SRE(3, 0, 0, 7, 2),
};

/* SYS operations disas.c names (op0 = 1). */
static const uint16_t known_sysops[] = {
    SRE(1, 3, 7, 4, 1), SRE(1, 3, 7, 11, 1), SRE(1, 3, 7, 14, 1), SRE(1, 3, 7, 10, 1),
    SRE(1, 3, 7, 12, 1), SRE(1, 3, 7, 13, 1), SRE(1, 0, 7, 6, 1), SRE(1, 3, 7, 5, 1),
    SRE(1, 0, 7, 5, 0), SRE(1, 0, 7, 1, 0),
};

/* PSTATE fields disas.c names, op1 << 3 | op2. */
static const uint8_t known_pstate[] = { 0x05, 0x1e, 0x1f, 0x03, 0x04, 0x19, 0x1a, 0x1c };

/* Redraws the system-register bits 20:5 of word w for the MRS/MSR/SYS
 * patterns, keeping the pattern's fixed bits; sets LDAR's should-be-one
 * Rs and Rt2 (objdump calls other values undefined; peek executes them,
 * as qemu does: see insns.def). */
static uint32_t fix_system(A64Op op, uint32_t w, Rng *r)
{
    uint32_t enc;
    switch (op) {
    case A64_OP_mrs:
    case A64_OP_msr:
        if (rnd(r) & 1)
            enc = known_sysregs[rnd(r) % (sizeof(known_sysregs) / sizeof(known_sysregs[0]))];
        else          /* IMPLEMENTATION DEFINED: op0 3, CRn 11 or 15 */
            enc = SRE(3, rnd(r) & 7, (rnd(r) & 1) ? 15 : 11, rnd(r) & 15, rnd(r) & 7);
        return (w & ~(0xffffu << 5)) | enc << 5;
    case A64_OP_sys:
        if (rnd(r) & 1)
            enc = known_sysops[rnd(r) % (sizeof(known_sysops) / sizeof(known_sysops[0]))];
        else
            enc = SRE(1, rnd(r) & 7, (rnd(r) & 1) ? 15 : 11, rnd(r) & 15, rnd(r) & 7);
        return (w & ~(0xffffu << 5)) | enc << 5;
    case A64_OP_sysl:
        enc = SRE(1, rnd(r) & 7, (rnd(r) & 1) ? 15 : 11, rnd(r) & 15, rnd(r) & 7);
        return (w & ~(0xffffu << 5)) | enc << 5;
    case A64_OP_msr_imm: {
        unsigned f = known_pstate[rnd(r) % sizeof(known_pstate)];
        w = (w & ~(7u << 16 | 7u << 5)) | (f >> 3) << 16 | (f & 7) << 5;
        if (f != 0x1e && f != 0x1f)      /* 1-bit fields: CRm 0 or 1 */
            w &= ~(14u << 8);
        return w;
    }
    case A64_OP_ldarb:
    case A64_OP_ldarh:
    case A64_OP_ldar_w:
    case A64_OP_ldar_x:
        return w | 31u << 16 | 31u << 10;
    default:
        return w;
    }
}

/* Variant k of pattern op. */
static uint32_t make_word(A64Op op, unsigned k, Rng *r)
{
    const A64InsnInfo *in = &a64_insn_info[op];
    uint32_t free_bits = ~in->mask;
    uint32_t w;
    if (k == 0)
        w = in->match;
    else if (k == 1)
        w = in->match | free_bits;
    else {
        w = in->match | (rnd(r) & free_bits);
        /* Aliases depend on register 31 and on equal registers. */
        static const unsigned reg_lo[4] = { 0, 5, 16, 10 };
        for (unsigned i = 0; i < 4; i++) {
            uint32_t field = 31u << reg_lo[i];
            if ((free_bits & field) == field && rnd(r) % 4 == 0)
                w |= field;
        }
        uint32_t rn = 31u << 5, rm = 31u << 16;
        if ((free_bits & rn) == rn && (free_bits & rm) == rm && rnd(r) % 4 == 0)
            w = (w & ~rm) | ((w >> 5) & 31) << 16;
        /* Small immediates and zero shifts, where aliases also live. */
        if (rnd(r) % 4 == 0)
            w &= ~(free_bits & 0x0000fc00u);
    }
    return fix_system(op, w, r);
}

/* Collapses runs of whitespace, drops a trailing "// comment". */
static void normalise(char *s)
{
    char *c = strstr(s, "//");
    if (c)
        *c = 0;
    char *o = s;
    bool space = false;
    for (char *p = s; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n') {
            space = o != s;
            continue;
        }
        if (space)
            *o++ = ' ';
        space = false;
        *o++ = *p;
    }
    *o = 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: disas-check WORKDIR\n");
        return 2;
    }
    const char *objdump = getenv("OBJDUMP") ? getenv("OBJDUMP") : "aarch64-linux-gnu-objdump";
    size_t total = (size_t)A64_OP_COUNT * VARIANTS;
    uint32_t *words = malloc(total * sizeof(*words));
    char **oracle = calloc(total, sizeof(*oracle));
    if (!words || !oracle)
        return 1;

    Rng r = { 0x9e3779b97f4a7c15ull };
    for (unsigned op = 0; op < A64_OP_COUNT; op++)
        for (unsigned k = 0; k < VARIANTS; k++)
            words[op * VARIANTS + k] = make_word((A64Op)op, k, &r);

    char path[4096], cmd[8192];
    snprintf(path, sizeof(path), "%s/a64-words.bin", argv[1]);
    FILE *f = fopen(path, "wb");
    if (!f) {
        printf("FAIL a64-disas/setup: cannot write %s\n", path);
        return 0;
    }
    for (size_t i = 0; i < total; i++) {
        uint8_t b[4] = { (uint8_t)words[i], (uint8_t)(words[i] >> 8), (uint8_t)(words[i] >> 16),
                         (uint8_t)(words[i] >> 24) };
        fwrite(b, 1, 4, f);
    }
    fclose(f);

    snprintf(cmd, sizeof(cmd), "%s -D -z -b binary -m aarch64 --adjust-vma=0x%llx %s", objdump,
             (unsigned long long)BASE, path);
    FILE *p = popen(cmd, "r");
    if (!p) {
        printf("FAIL a64-disas/setup: cannot run %s\n", objdump);
        return 0;
    }
    char line[512];
    while (fgets(line, sizeof(line), p)) {
        /* "  addr:<TAB>word <TAB>text" */
        char *colon = strchr(line, ':');
        if (!colon || colon[1] != '\t')
            continue;
        uint64_t addr = strtoull(line, NULL, 16);
        char *text = strchr(colon + 2, '\t');
        if (!text || addr < BASE || (addr - BASE) / 4 >= total)
            continue;
        normalise(++text);
        oracle[(addr - BASE) / 4] = strdup(text);
    }
    if (pclose(p) != 0) {
        printf("FAIL a64-disas/setup: %s failed\n", objdump);
        return 0;
    }

    unsigned pass = 0, fail = 0;
    for (unsigned op = 0; op < A64_OP_COUNT; op++) {
        bool ok = true;
        for (unsigned k = 0; k < VARIANTS && ok; k++) {
            size_t i = op * VARIANTS + k;
            char ours[160];
            a64_disas(ours, sizeof(ours), BASE + i * 4, words[i]);
            normalise(ours);
            const char *want = oracle[i] ? oracle[i] : "(missing)";
            if (strcmp(ours, want) != 0) {
                printf("FAIL a64-disas/%s: word 0x%08x: objdump \"%s\", peek \"%s\"\n",
                       a64_insn_info[op].name, words[i], want, ours);
                ok = false;
            }
        }
        if (ok)
            printf("PASS a64-disas/%s\n", a64_insn_info[op].name);
        ok ? pass++ : fail++;
    }
    fprintf(stderr, "a64-disas: %u passed, %u failed\n", pass, fail);
    for (size_t i = 0; i < total; i++)
        free(oracle[i]);
    free(oracle);
    free(words);
    return 0;
}
