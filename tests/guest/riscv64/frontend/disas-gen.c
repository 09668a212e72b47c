/*
 * Writes the input of the disassembler check (disas-check.sh): an assembly
 * file with several instances of every instruction in insns.def, operands
 * drawn at random (fixed seed) within each format's legal ranges, plus a
 * listing that names, line by line, the pattern each instruction came from.
 * The instructions are spelled for GNU as from the pattern's operand
 * syntax; whether as accepts them and what objdump prints back is the
 * independent part of the check.
 *
 * Then, so that the alias names objdump picks (mv, li, ret, beqz, not,
 * sext.w, csrr, ...) are all reached, every pattern again as raw words
 * (.insn) with random operand fields biased towards x0, ra, sp, rs1 == rs2
 * and the immediates 0, 1, -1 and 255; and every 16-bit word that is a
 * compressed instruction, plus the all-zero one ("unimp"). Each is listed
 * under the pattern it decodes to. Fields that objdump 2.40 wants zero
 * where the decoder ignores them (fence's rd/rs1/fm, fence.i's, the rm of
 * conversions that cannot round) stay zero, and csr numbers come from the
 * unprivileged ones the disassembler names.
 *
 * objdump 2.40 does not know Zicond: those are emitted as .insn with the
 * spec's funct fields, and the listing carries the text expected for them.
 *
 *   disas-gen FILE.S FILE.list
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/riscv64/decode.h"

#define VARIANTS 8
#define RAW_VARIANTS 40

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint32_t)(rng_state >> 33) % n;
}

/* A value in [lo, hi] that is a multiple of step, biased towards the ends. */
static int64_t pick(int64_t lo, int64_t hi, int64_t step, bool nonzero)
{
    for (;;) {
        int64_t v;
        switch (rnd(4)) {
        case 0: v = lo; break;
        case 1: v = hi; break;
        default: v = lo + (int64_t)rnd((uint32_t)((hi - lo) / step + 1)) * step; break;
        }
        v -= v % step;
        if (v >= lo && v <= hi && !(nonzero && v == 0))
            return v;
    }
}

/* Register number for an operand letter, respecting compressed fields. */
static unsigned pick_reg(RVFormat fmt, char which)
{
    switch (fmt) {
    case RV_FMT_CIW: case RV_FMT_CL_W: case RV_FMT_CL_D: case RV_FMT_CS_W:
    case RV_FMT_CS_D: case RV_FMT_CA: case RV_FMT_CB_BR: case RV_FMT_CB_SH:
    case RV_FMT_CB_ANDI:
        if (which == 's' && fmt == RV_FMT_CIW)
            return 2;
        return 8 + rnd(8);
    case RV_FMT_CI_16SP:
        return 2;
    case RV_FMT_CI_LWSP: case RV_FMT_CI_LDSP: case RV_FMT_CSS_W: case RV_FMT_CSS_D:
        if (which == 's')
            return 2;
        return 1 + rnd(31);
    case RV_FMT_CI_LUI: {
        unsigned r;
        do
            r = 1 + rnd(31);
        while (r == 2);
        return r;
    }
    case RV_FMT_CR: case RV_FMT_CR_MV: case RV_FMT_CR_JR: case RV_FMT_CR_JALR:
    case RV_FMT_CI: case RV_FMT_CI_LI: case RV_FMT_CI_SH:
        return 1 + rnd(31);     /* x0 forms are hints or reserved */
    default:
        return rnd(32);
    }
}

/* The immediate operand ('i', 'x', 'u', 'z') for a format. */
static int64_t pick_imm(RVFormat fmt, char letter)
{
    switch (fmt) {
    case RV_FMT_I: case RV_FMT_S: return pick(-2048, 2047, 1, false);
    case RV_FMT_U: return pick(0, 0xfffff, 1, false);
    case RV_FMT_SH6: return pick(0, 63, 1, false);
    case RV_FMT_SH5: return pick(0, 31, 1, false);
    case RV_FMT_CSR: return pick(0, 31, 1, false);
    case RV_FMT_CI: case RV_FMT_CI_LI: case RV_FMT_CB_ANDI: return pick(-32, 31, 1, true);
    case RV_FMT_CI_LUI: {
        int64_t v = pick(-32, 31, 1, true);
        return v < 0 ? v + 0x100000 : v;
    }
    case RV_FMT_CI_16SP: return pick(-512, 496, 16, true);
    case RV_FMT_CI_SH: case RV_FMT_CB_SH: return pick(1, 63, 1, false);
    case RV_FMT_CIW: return pick(4, 1020, 4, true);
    case RV_FMT_CL_W: case RV_FMT_CS_W: return pick(0, 124, 4, false);
    case RV_FMT_CL_D: case RV_FMT_CS_D: return pick(0, 248, 8, false);
    case RV_FMT_CI_LWSP: case RV_FMT_CSS_W: return pick(0, 252, 4, false);
    case RV_FMT_CI_LDSP: case RV_FMT_CSS_D: return pick(0, 504, 8, false);
    default:
        fprintf(stderr, "disas-gen: no immediate range for format %d ('%c')\n", fmt, letter);
        exit(1);
    }
}

/* A branch offset such that the target stays at or above address 0. */
static int64_t pick_target(RVFormat fmt, uint64_t pc)
{
    int64_t lo, hi;
    switch (fmt) {
    case RV_FMT_B: lo = -4096, hi = 4094; break;
    case RV_FMT_J: lo = -(1 << 20), hi = (1 << 20) - 2; break;
    case RV_FMT_CB_BR: lo = -256, hi = 254; break;
    case RV_FMT_CJ: lo = -2048, hi = 2046; break;
    default:
        fprintf(stderr, "disas-gen: no branch range for format %d\n", fmt);
        exit(1);
    }
    if (lo < -(int64_t)pc)
        lo = -(int64_t)pc & ~1ll;
    return pick(lo, hi, 2, false);
}

static const char *const csr_choices[] = {
    "fflags", "frm", "fcsr", "cycle", "time", "instret", "hpmcounter7", "instreth",
    "0x7c0", "0x800",
};
static const uint16_t csr_numbers[] = { 0x001, 0x002, 0x003, 0xc00, 0xc01, 0xc02, 0xc07, 0xc82,
                                        0x7c0, 0x800 };
static const char *const rm_choices[] = { "rne", "rtz", "rdn", "rup", "rmm", NULL };
static const char *const aqrl_choices[] = { "", ".aq", ".rl", ".aqrl" };

static void fence_set(char *buf)
{
    unsigned set = 1 + rnd(15);
    for (int b = 3; b >= 0; b--)
        if (set & (1u << b))
            *buf++ = "iorw"[3 - b];
    *buf = 0;
}

/* One instruction at pc, spelled as GNU as wants it. */
static void render(RVOp op, uint64_t pc, char *out, size_t n)
{
    const RVInsnInfo *in = &rv_insn_info[op];
    RVFormat fmt = (RVFormat)in->fmt;
    size_t len = 0;
    char mn[32];
    rv_insn_mnemonic(op, mn, sizeof(mn));
    len += (size_t)snprintf(out + len, n - len, "%s", mn);
    if (fmt == RV_FMT_AMO)
        len += (size_t)snprintf(out + len, n - len, "%s", aqrl_choices[rnd(4)]);
    if (*in->syntax)
        len += (size_t)snprintf(out + len, n - len, " ");
    for (const char *p = in->syntax; *p && len < n; p++) {
        char tmp[16];
        const char *rm;
        switch (*p) {
        case 'd': case 's': case 't':
            len += (size_t)snprintf(out + len, n - len, "%s", rv_xreg_name[pick_reg(fmt, *p)]);
            break;
        case 'D': case 'S': case 'T': case 'R':
            len += (size_t)snprintf(out + len, n - len, "%s",
                                    rv_freg_name[pick_reg(fmt, (char)(*p - 'A' + 'a'))]);
            break;
        case 'i': case 'z':
            len += (size_t)snprintf(out + len, n - len, "%lld", (long long)pick_imm(fmt, *p));
            break;
        case 'x': case 'u':
            len += (size_t)snprintf(out + len, n - len, "0x%llx", (long long)pick_imm(fmt, *p));
            break;
        case 'p':
            len += (size_t)snprintf(out + len, n - len, ".%+lld", (long long)pick_target(fmt, pc));
            break;
        case 'c':
            len += (size_t)snprintf(out + len, n - len, "%s", csr_choices[rnd(10)]);
            break;
        case 'm':
            rm = rm_choices[rnd(6)];
            if (rm)
                len += (size_t)snprintf(out + len, n - len, ",%s", rm);
            break;
        case 'f':
            fence_set(tmp);
            len += (size_t)snprintf(out + len, n - len, "%s,", tmp);
            fence_set(tmp);
            len += (size_t)snprintf(out + len, n - len, "%s", tmp);
            break;
        default:
            len += (size_t)snprintf(out + len, n - len, "%c", *p);
            break;
        }
    }
}

/* w with the bits of field [lo, lo + width) that mask leaves free set to v. */
static uint32_t set_field(uint32_t w, uint32_t mask, unsigned lo, unsigned width, uint32_t v)
{
    uint32_t f = (((1u << width) - 1) << lo) & ~mask;
    return (w & ~f) | ((v << lo) & f);
}

static uint32_t raw_word(const RVInsnInfo *in)
{
    static const uint32_t regs[] = { 0, 1, 2 };
    static const uint32_t imms[] = { 0, 0xfff, 1, 0xff, 2, 0x800 };
    uint32_t w = ((rnd(1u << 16) << 16 | rnd(1u << 16)) & ~in->mask) | in->match;
    if (rnd(5) < 2)
        w = set_field(w, in->mask, 7, 5, regs[rnd(3)]);
    if (rnd(5) < 2)
        w = set_field(w, in->mask, 15, 5, regs[rnd(3)]);
    if (rnd(5) < 2)
        w = set_field(w, in->mask, 20, 5, rnd(2) ? regs[rnd(3)] : (w >> 15) & 31);
    if (rnd(5) < 2)
        w = set_field(w, in->mask, 20, 12, imms[rnd(6)]);
    if (in->fmt == RV_FMT_CSR)
        w = set_field(w, in->mask, 20, 12, csr_numbers[rnd(10)]);
    if (!strcmp(in->name, "fence") || !strcmp(in->name, "fence_tso") ||
        !strcmp(in->name, "fence_i"))
        w &= !strcmp(in->name, "fence") ? 0x0ff0007fu : 0xfff0707fu;
    if (!strcmp(in->name, "fence_i"))
        w &= 0x0000707fu;
    if (!strcmp(in->name, "fcvt_d_s") || !strcmp(in->name, "fcvt_d_w") ||
        !strcmp(in->name, "fcvt_d_wu"))
        w &= ~0x7000u;
    return w;
}

/* One raw instruction word and its listing line: "-" (objdump's text is
 * the expectation), or the text for what objdump does not know. */
static void emit_raw(FILE *as, FILE *list, uint32_t w, unsigned len)
{
    RVInsn d;
    if (!rv_decode(w, &d)) {
        if (len == 2 && w == 0) {
            fprintf(as, "\t.insn 2, 0x0000\n");
            fprintf(list, "unimp\t-\n");
        }
        return;
    }
    char mn[32];
    rv_insn_mnemonic((RVOp)d.op, mn, sizeof(mn));
    fprintf(as, len == 2 ? "\t.insn 2, 0x%04x\n" : "\t.insn 4, 0x%08x\n", (unsigned)w);
    if (rv_insn_info[d.op].ext == RV_EXT_ZICOND)
        fprintf(list, "%s\t%s %s,%s,%s\n", mn, mn, rv_xreg_name[d.rd], rv_xreg_name[d.rs1],
                rv_xreg_name[d.rs2]);
    else
        fprintf(list, "%s\t-\n", mn);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: disas-gen FILE.S FILE.list\n");
        return 2;
    }
    FILE *as = fopen(argv[1], "w"), *list = fopen(argv[2], "w");
    if (!as || !list) {
        perror("disas-gen");
        return 1;
    }
    fprintf(as, "# generated by disas-gen: every insns.def pattern, %d times\n", VARIANTS);
    fprintf(as, "\t.option norelax\n\t.text\n");
    uint64_t pc = 0;
    int rvc = -1;
    for (unsigned op = 0; op < RV_OP_COUNT; op++) {
        const RVInsnInfo *in = &rv_insn_info[op];
        bool compressed = (in->match & 3) != 3;
        for (int v = 0; v < VARIANTS; v++) {
            char text[128], mn[32];
            rv_insn_mnemonic((RVOp)op, mn, sizeof(mn));
            if (rvc != compressed) {
                rvc = compressed;
                fprintf(as, "\t.option %s\n", compressed ? "rvc" : "norvc");
            }
            if (in->ext == RV_EXT_ZICOND) {
                /* Zicond: OP opcode, funct7 0000111, funct3 101 (eqz) / 111 (nez). */
                unsigned rd = rnd(32), rs1 = rnd(32), rs2 = rnd(32);
                unsigned f3 = strcmp(mn, "czero.eqz") == 0 ? 5 : 7;
                fprintf(as, "\t.insn r 0x33, %u, 7, %s, %s, %s\n", f3, rv_xreg_name[rd],
                        rv_xreg_name[rs1], rv_xreg_name[rs2]);
                fprintf(list, "%s\t%s %s,%s,%s\n", mn, mn, rv_xreg_name[rd],
                        rv_xreg_name[rs1], rv_xreg_name[rs2]);
            } else {
                render((RVOp)op, pc, text, sizeof(text));
                fprintf(as, "\t%s\n", text);
                fprintf(list, "%s\t-\n", mn);
            }
            pc += compressed ? 2 : 4;
        }
    }
    fprintf(as, "\t.option rvc\n");
    for (unsigned op = 0; op < RV_OP_COUNT; op++)
        if ((rv_insn_info[op].match & 3) == 3)
            for (int v = 0; v < RAW_VARIANTS; v++)
                emit_raw(as, list, raw_word(&rv_insn_info[op]), 4);
    for (uint32_t h = 0; h < 0x10000; h++)
        if ((h & 3) != 3)
            emit_raw(as, list, h, 2);
    if (fclose(as) || fclose(list)) {
        perror("disas-gen");
        return 1;
    }
    return 0;
}
