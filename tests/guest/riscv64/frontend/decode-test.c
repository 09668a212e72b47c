/*
 * Host unit test of the riscv64 decoder's compressed instructions. Every
 * one of the 49152 compressed halfwords is run through a reference
 * expansion written here from the RVC tables of the ISA manual (RV64C: a
 * 32-bit instruction, or "reserved"), and the decoder must agree: reserved
 * encodings decode as illegal, every other one decodes to a pattern whose
 * trans function is that of the expansion, with the same operands as the
 * expansion decoded as a 32-bit word. Results are reported per
 * instruction class and per reserved corner. A list of hand-picked words
 * then checks the disassembly of the corners (expected text from the
 * spec, or from objdump for the legal ones).
 *
 *   decode-test > results.txt
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "guest/riscv64/decode.h"

/* The trans column of insns.def, to compare a compressed pattern with the
 * 32-bit pattern its expansion decodes to. */
static const char *const trans_of[RV_OP_COUNT] = {
#define RV_INSN(name, mask, match, fmt, cons, syntax, trans, ext) [RV_OP_##name] = #trans,
#include "guest/riscv64/insns.def"
#undef RV_INSN
};

/* 32-bit encoders, straight from the base formats. */
static uint32_t enc_r(unsigned f7, unsigned rs2, unsigned rs1, unsigned f3, unsigned rd, unsigned op)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t enc_i(int32_t imm, unsigned rs1, unsigned f3, unsigned rd, unsigned op)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
}
static uint32_t enc_s(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3, unsigned op)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (u & 31) << 7 | op;
}
static uint32_t enc_b(int32_t imm, unsigned rs2, unsigned rs1, unsigned f3, unsigned op)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           ((u >> 1) & 15) << 8 | ((u >> 11) & 1) << 7 | op;
}
static uint32_t enc_j(int32_t imm, unsigned rd, unsigned op)
{
    uint32_t u = (uint32_t)imm;
    return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 | ((u >> 11) & 1) << 20 |
           ((u >> 12) & 0xff) << 12 | rd << 7 | op;
}
static uint32_t enc_u(uint32_t imm20, unsigned rd, unsigned op) { return (imm20 & 0xfffff) << 12 | rd << 7 | op; }

static int32_t sx(uint32_t v, unsigned bits) { return (int32_t)(v << (32 - bits)) >> (32 - bits); }

typedef struct Ref {
    uint32_t insn;      /* 0: reserved */
    const char *cls;    /* the spec's name, or the reserved corner */
} Ref;

/* The RV64C expansion of halfword c (bits 1:0 != 11). */
static Ref ref_expand(uint32_t c)
{
#define B(n) ((c >> (n)) & 1u)
#define F(hi, lo) ((c >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
    unsigned rd = F(11, 7), rs2 = F(6, 2);
    unsigned rdq = 8 + F(4, 2), rs1q = 8 + F(9, 7);
    int32_t imm6 = sx(B(12) << 5 | F(6, 2), 6);
    uint32_t u;

    switch ((c & 3) << 3 | F(15, 13)) {
    case 000:
        u = F(12, 11) << 4 | F(10, 7) << 6 | B(6) << 2 | B(5) << 3;
        if (!u)
            return (Ref){ 0, "c.addi4spn/nzuimm=0" };
        return (Ref){ enc_i((int32_t)u, 2, 0, rdq, 0x13), "c.addi4spn" };
    case 001:
        return (Ref){ enc_i((int32_t)(F(12, 10) << 3 | F(6, 5) << 6), rs1q, 3, rdq, 0x07), "c.fld" };
    case 002:
        u = F(12, 10) << 3 | B(6) << 2 | B(5) << 6;
        return (Ref){ enc_i((int32_t)u, rs1q, 2, rdq, 0x03), "c.lw" };
    case 003:
        return (Ref){ enc_i((int32_t)(F(12, 10) << 3 | F(6, 5) << 6), rs1q, 3, rdq, 0x03), "c.ld" };
    case 004:
        return (Ref){ 0, "q0/funct3=100" };
    case 005:
        return (Ref){ enc_s((int32_t)(F(12, 10) << 3 | F(6, 5) << 6), rdq, rs1q, 3, 0x27), "c.fsd" };
    case 006:
        u = F(12, 10) << 3 | B(6) << 2 | B(5) << 6;
        return (Ref){ enc_s((int32_t)u, rdq, rs1q, 2, 0x23), "c.sw" };
    case 007:
        return (Ref){ enc_s((int32_t)(F(12, 10) << 3 | F(6, 5) << 6), rdq, rs1q, 3, 0x23), "c.sd" };

    case 010:
        return (Ref){ enc_i(imm6, rd, 0, rd, 0x13), "c.addi" };
    case 011:
        if (rd == 0)
            return (Ref){ 0, "c.addiw/rd=0" };
        return (Ref){ enc_i(imm6, rd, 0, rd, 0x1b), "c.addiw" };
    case 012:
        return (Ref){ enc_i(imm6, 0, 0, rd, 0x13), "c.li" };
    case 013:
        if (rd == 2) {
            int32_t nz = sx(B(12) << 9 | B(6) << 4 | B(5) << 6 | B(4) << 8 | B(3) << 7 | B(2) << 5, 10);
            if (!nz)
                return (Ref){ 0, "c.addi16sp/nzimm=0" };
            return (Ref){ enc_i(nz, 2, 0, 2, 0x13), "c.addi16sp" };
        }
        if (!imm6)
            return (Ref){ 0, "c.lui/nzimm=0" };
        return (Ref){ enc_u((uint32_t)imm6, rd, 0x37), "c.lui" };
    case 014:
        switch (F(11, 10)) {
        case 0: return (Ref){ enc_i((int32_t)(B(12) << 5 | rs2), rs1q, 5, rs1q, 0x13), "c.srli" };
        case 1: return (Ref){ enc_i((int32_t)(0x400 | B(12) << 5 | rs2), rs1q, 5, rs1q, 0x13), "c.srai" };
        case 2: return (Ref){ enc_i(imm6, rs1q, 7, rs1q, 0x13), "c.andi" };
        }
        if (!B(12)) {
            static const unsigned f3[4] = { 0, 4, 6, 7 };
            static const char *const name[4] = { "c.sub", "c.xor", "c.or", "c.and" };
            unsigned sel = F(6, 5);
            return (Ref){ enc_r(sel == 0 ? 0x20 : 0, rdq, rs1q, f3[sel], rs1q, 0x33), name[sel] };
        }
        switch (F(6, 5)) {
        case 0: return (Ref){ enc_r(0x20, rdq, rs1q, 0, rs1q, 0x3b), "c.subw" };
        case 1: return (Ref){ enc_r(0, rdq, rs1q, 0, rs1q, 0x3b), "c.addw" };
        }
        return (Ref){ 0, "q1/100-11-1-1x" };
    case 015:
        return (Ref){ enc_j(sx(B(12) << 11 | B(11) << 4 | F(10, 9) << 8 | B(8) << 10 | B(7) << 6 |
                               B(6) << 7 | F(5, 3) << 1 | B(2) << 5, 12), 0, 0x6f), "c.j" };
    case 016:
    case 017:
        return (Ref){ enc_b(sx(B(12) << 8 | F(11, 10) << 3 | F(6, 5) << 6 | F(4, 3) << 1 | B(2) << 5, 9),
                            0, rs1q, F(15, 13) == 6 ? 0 : 1, 0x63),
                      F(15, 13) == 6 ? "c.beqz" : "c.bnez" };

    case 020:
        return (Ref){ enc_i((int32_t)(B(12) << 5 | rs2), rd, 1, rd, 0x13), "c.slli" };
    case 021:
        return (Ref){ enc_i((int32_t)(B(12) << 5 | F(6, 5) << 3 | F(4, 2) << 6), 2, 3, rd, 0x07), "c.fldsp" };
    case 022:
        if (rd == 0)
            return (Ref){ 0, "c.lwsp/rd=0" };
        return (Ref){ enc_i((int32_t)(B(12) << 5 | F(6, 4) << 2 | F(3, 2) << 6), 2, 2, rd, 0x03), "c.lwsp" };
    case 023:
        if (rd == 0)
            return (Ref){ 0, "c.ldsp/rd=0" };
        return (Ref){ enc_i((int32_t)(B(12) << 5 | F(6, 5) << 3 | F(4, 2) << 6), 2, 3, rd, 0x03), "c.ldsp" };
    case 024:
        if (!B(12)) {
            if (rs2)
                return (Ref){ enc_r(0, rs2, 0, 0, rd, 0x33), "c.mv" };
            if (!rd)
                return (Ref){ 0, "c.jr/rs1=0" };
            return (Ref){ enc_i(0, rd, 0, 0, 0x67), "c.jr" };
        }
        if (rs2)
            return (Ref){ enc_r(0, rs2, rd, 0, rd, 0x33), "c.add" };
        if (!rd)
            return (Ref){ 0x00100073, "c.ebreak" };
        return (Ref){ enc_i(0, rd, 0, 1, 0x67), "c.jalr" };
    case 025:
        return (Ref){ enc_s((int32_t)(F(12, 10) << 3 | F(9, 7) << 6), rs2, 2, 3, 0x27), "c.fsdsp" };
    case 026:
        return (Ref){ enc_s((int32_t)(F(12, 9) << 2 | F(8, 7) << 6), rs2, 2, 2, 0x23), "c.swsp" };
    case 027:
        return (Ref){ enc_s((int32_t)(F(12, 10) << 3 | F(9, 7) << 6), rs2, 2, 3, 0x23), "c.sdsp" };
    }
#undef B
#undef F
    return (Ref){ 0, "impossible" };
}

/* Per-class tally, first failure kept. */
#define MAX_CLASSES 64
static struct {
    const char *cls;
    unsigned n;
    char first_fail[160];
} classes[MAX_CLASSES];
static unsigned nb_classes;

static unsigned class_index(const char *cls)
{
    for (unsigned i = 0; i < nb_classes; i++)
        if (strcmp(classes[i].cls, cls) == 0)
            return i;
    classes[nb_classes].cls = cls;
    return nb_classes++;
}

static void check_halfword(uint32_t c)
{
    Ref ref = ref_expand(c);
    unsigned k = class_index(ref.cls);
    char *why = classes[k].first_fail;
    RVInsn d16, d32;
    bool ok16 = rv_decode(c, &d16);
    classes[k].n++;
    if (*why)
        return;
    if (d16.len != 2) {
        snprintf(why, sizeof(classes[k].first_fail), "0x%04x: length %u", c, d16.len);
        return;
    }
    if (!ref.insn) {
        if (ok16)
            snprintf(why, sizeof(classes[k].first_fail), "0x%04x: reserved, decoded as %s", c,
                     rv_insn_info[d16.op].name);
        return;
    }
    if (!ok16) {
        snprintf(why, sizeof(classes[k].first_fail), "0x%04x: decoded as illegal", c);
        return;
    }
    if (!rv_decode(ref.insn, &d32)) {
        snprintf(why, sizeof(classes[k].first_fail), "0x%04x: expansion 0x%08x does not decode", c, ref.insn);
        return;
    }
    if (strcmp(trans_of[d16.op], rv_insn_info[d32.op].name) != 0 || d16.rd != d32.rd ||
        d16.rs1 != d32.rs1 || d16.rs2 != d32.rs2 || d16.imm != d32.imm)
        snprintf(why, sizeof(classes[k].first_fail),
                 "0x%04x: %s rd=%u rs1=%u rs2=%u imm=%lld, expansion %s rd=%u rs1=%u rs2=%u imm=%lld",
                 c, trans_of[d16.op], d16.rd, d16.rs1, d16.rs2, (long long)d16.imm,
                 rv_insn_info[d32.op].name, d32.rd, d32.rs1, d32.rs2, (long long)d32.imm);
}

/* Single words: reserved corners, legal neighbours, and 32-bit cases. The
 * legal texts are what objdump 2.40 prints for them (its default aliases). */
static const struct {
    uint32_t insn;
    uint64_t pc;
    const char *text;
} words[] = {
    { 0x0000, 0, "unimp" },                        /* all-zero halfword */
    { 0x0004, 0, ".2byte 0x4" },                   /* c.addi4spn s1,sp,0 */
    { 0x1fe8, 0, "add a0,sp,1020" },
    { 0x8000, 0, ".2byte 0x8000" },                /* quadrant 0 funct3 100 */
    { 0x0001, 0, "nop" },                          /* c.nop */
    { 0x2001, 0, ".2byte 0x2001" },                /* c.addiw x0 */
    { 0x6101, 0, ".2byte 0x6101" },                /* c.addi16sp 0 */
    { 0x7101, 0, "add sp,sp,-512" },
    { 0x713d, 0, "add sp,sp,-32" },
    { 0x6001, 0, ".2byte 0x6001" },                /* c.lui x0,0 */
    { 0x6501, 0, ".2byte 0x6501" },                /* c.lui a0,0 */
    { 0x757d, 0, "lui a0,0xfffff" },
    { 0x7581, 0, "lui a1,0xfffe0" },
    { 0x8005, 0, "srl s0,s0,0x1" },
    { 0x957d, 0, "sra a0,a0,0x3f" },
    { 0x9975, 0, "and a0,a0,-3" },
    { 0x9c41, 0, ".2byte 0x9c41" },                /* 100-11-1-10 */
    { 0x9c61, 0, ".2byte 0x9c61" },                /* 100-11-1-11 */
    { 0xd541, 0x78, "beqz a0,0" },
    { 0xb769, 0x76, "j 0" },
    { 0x4002, 0, ".2byte 0x4002" },                /* c.lwsp x0 */
    { 0x6002, 0, ".2byte 0x6002" },                /* c.ldsp x0 */
    { 0x4532, 0, "lw a0,12(sp)" },
    { 0x8002, 0, ".2byte 0x8002" },                /* c.jr x0 */
    { 0x8082, 0, "ret" },
    { 0x852e, 0, "mv a0,a1" },
    { 0x9002, 0, "ebreak" },
    { 0x9502, 0, "jalr a0" },
    { 0x2588, 0, "fld fa0,8(a1)" },
    { 0xbfaa, 0, "fsd fa0,504(sp)" },
    { 0xffffffff, 0, ".4byte 0xffffffff" },
    { 0x0000007f, 0, ".4byte 0x7f" },              /* a longer-than-32-bit prefix */
    { 0x0000001f, 0, ".4byte 0x1f" },              /* a 48-bit prefix */
    { 0x8330000f, 0, "fence.tso" },
    { 0x0ff0000f, 0, "fence" },
    { 0x00c5d553, 0, "fadd.s fa0,fa1,fa2,unknown" },   /* decodes; SIGILL when run */
    { 0x0ec5d533, 0, "czero.eqz a0,a1,a2" },
    { 0x0ec5f533, 0, "czero.nez a0,a1,a2" },
    { 0x0e05d533, 0, "czero.eqz a0,a1,zero" },
    { 0x0ec5c533, 0, ".4byte 0xec5c533" },         /* funct3 100 of that group */
};

int main(void)
{
    for (uint32_t c = 0; c < 0x10000; c++)
        if ((c & 3) != 3)
            check_halfword(c);
    for (unsigned i = 0; i < nb_classes; i++) {
        if (classes[i].first_fail[0])
            printf("FAIL decode/%s: %s\n", classes[i].cls, classes[i].first_fail);
        else
            printf("PASS decode/%s (%u encodings)\n", classes[i].cls, classes[i].n);
    }
    for (unsigned i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        char text[128];
        rv_disas(text, sizeof(text), words[i].pc, words[i].insn);
        if (strcmp(text, words[i].text) == 0)
            printf("PASS decode/word-0x%x\n", words[i].insn);
        else
            printf("FAIL decode/word-0x%x: expected \"%s\", got \"%s\"\n", words[i].insn,
                   words[i].text, text);
    }
    return 0;
}
