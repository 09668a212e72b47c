/*
 * The riscv64 decoder, driven by insns.def. Patterns are sorted once into
 * buckets keyed by the bits every pattern tests (major opcode and funct3 for
 * 32-bit instructions, quadrant and funct3 for compressed ones), so a lookup
 * scans only the few patterns of its bucket, in table order. Operand
 * extraction is one case per format; the compressed formats undo their
 * immediate scramblings here and fill in the implied registers of the
 * 32-bit expansion.
 */
#include "guest/riscv64/decode.h"

#include <pthread.h>
#include <string.h>

const RVInsnInfo rv_insn_info[RV_OP_COUNT] = {
#define RV_INSN(name, mask, match, fmt, cons, syntax, trans, ext) \
    [RV_OP_##name] = { #name, mask, match, RV_FMT_##fmt, RV_CONS_##cons, RV_EXT_##ext, syntax },
#include "guest/riscv64/insns.def"
#undef RV_INSN
};

const char *const rv_xreg_name[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

const char *const rv_freg_name[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* Bucket keys: 256 for 32-bit words (opcode[6:2], funct3), then 32 for
 * compressed ones (quadrant, funct3). */
#define KEY_BITS32 0x0000707cu
#define KEY_BITS16 0x0000e003u
#define NB_BUCKETS (256 + 32)
#define MAX_ENTRIES (RV_OP_COUNT * 8)

static unsigned bucket_of(uint32_t raw)
{
    if ((raw & 3) == 3)
        return ((raw >> 2) & 31) | ((raw >> 12) & 7) << 5;
    return 256 + ((raw & 3) << 3 | ((raw >> 13) & 7));
}

/* A representative word for bucket b: its key bits, everything else 0. */
static uint32_t bucket_word(unsigned b)
{
    if (b < 256)
        return 3u | (b & 31) << 2 | (b >> 5) << 12;
    b -= 256;
    return (b >> 3) | (b & 7) << 13;
}

/* The bucket index, built once on first use and read-only afterwards;
 * translation runs on any thread, hence pthread_once. */
static uint16_t bucket_start[NB_BUCKETS + 1];
static uint16_t bucket_ops[MAX_ENTRIES];
static pthread_once_t buckets_once = PTHREAD_ONCE_INIT;

static void build_buckets(void)
{
    unsigned n = 0;
    for (unsigned b = 0; b < NB_BUCKETS; b++) {
        uint32_t w = bucket_word(b);
        uint32_t keybits = b < 256 ? KEY_BITS32 : KEY_BITS16;
        bucket_start[b] = (uint16_t)n;
        for (unsigned op = 0; op < RV_OP_COUNT; op++) {
            const RVInsnInfo *in = &rv_insn_info[op];
            bool wide = (in->match & 3) == 3;
            if (wide != (b < 256))
                continue;
            if (((w ^ in->match) & in->mask & keybits) == 0)
                bucket_ops[n++] = (uint16_t)op;
        }
    }
    bucket_start[NB_BUCKETS] = (uint16_t)n;
}

static inline uint32_t bits(uint32_t x, unsigned hi, unsigned lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static inline int64_t sext(uint64_t v, unsigned width)
{
    return (int64_t)(v << (64 - width)) >> (64 - width);
}

/* Compressed 3-bit register fields name x8..x15 / f8..f15. */
static inline uint8_t creg(uint32_t x, unsigned lo) { return (uint8_t)(8 + bits(x, lo + 2, lo)); }

static void extract(RVFormat fmt, uint32_t x, RVInsn *d)
{
    uint8_t rd = (uint8_t)bits(x, 11, 7), rs1 = (uint8_t)bits(x, 19, 15), rs2 = (uint8_t)bits(x, 24, 20);
    uint8_t crs2 = (uint8_t)bits(x, 6, 2);
    int64_t ci_imm = sext(bits(x, 12, 12) << 5 | bits(x, 6, 2), 6);

    switch (fmt) {
    case RV_FMT_R4:
        d->rs3 = (uint8_t)bits(x, 31, 27);
        /* fall through */
    case RV_FMT_R:
    case RV_FMT_AMO:
        d->rd = rd, d->rs1 = rs1, d->rs2 = rs2;
        d->rm = (uint8_t)bits(x, 14, 12);
        d->aq = (uint8_t)bits(x, 26, 26), d->rl = (uint8_t)bits(x, 25, 25);
        break;
    case RV_FMT_I:
        d->rd = rd, d->rs1 = rs1;
        d->imm = (int32_t)x >> 20;
        break;
    case RV_FMT_S:
        d->rs1 = rs1, d->rs2 = rs2;
        d->imm = sext(bits(x, 31, 25) << 5 | bits(x, 11, 7), 12);
        break;
    case RV_FMT_B:
        d->rs1 = rs1, d->rs2 = rs2;
        d->imm = sext(bits(x, 31, 31) << 12 | bits(x, 7, 7) << 11 | bits(x, 30, 25) << 5 |
                      bits(x, 11, 8) << 1, 13);
        break;
    case RV_FMT_U:
        d->rd = rd;
        d->imm = (int32_t)(x & 0xfffff000u);
        break;
    case RV_FMT_J:
        d->rd = rd;
        d->imm = sext(bits(x, 31, 31) << 20 | bits(x, 19, 12) << 12 | bits(x, 20, 20) << 11 |
                      bits(x, 30, 21) << 1, 21);
        break;
    case RV_FMT_SH6:
        d->rd = rd, d->rs1 = rs1;
        d->imm = bits(x, 25, 20);
        break;
    case RV_FMT_SH5:
        d->rd = rd, d->rs1 = rs1;
        d->imm = bits(x, 24, 20);
        break;
    case RV_FMT_CSR:
        d->rd = rd, d->rs1 = rs1;
        d->csr = (uint16_t)bits(x, 31, 20);
        d->imm = rs1;
        break;
    case RV_FMT_NONE:
    case RV_FMT_C0:
        break;
    case RV_FMT_CR:           /* c.add: add rd, rd, rs2 */
        d->rd = d->rs1 = rd, d->rs2 = crs2;
        break;
    case RV_FMT_CR_MV:        /* c.mv: add rd, x0, rs2 */
        d->rd = rd, d->rs2 = crs2;
        break;
    case RV_FMT_CR_JR:        /* c.jr: jalr x0, 0(rs1) */
        d->rs1 = rd;
        break;
    case RV_FMT_CR_JALR:      /* c.jalr: jalr ra, 0(rs1) */
        d->rd = 1, d->rs1 = rd;
        break;
    case RV_FMT_CI:           /* c.addi, c.addiw: op rd, rd, imm */
        d->rd = d->rs1 = rd, d->imm = ci_imm;
        break;
    case RV_FMT_CI_LI:        /* c.li: addi rd, x0, imm */
        d->rd = rd, d->imm = ci_imm;
        break;
    case RV_FMT_CI_LUI:
        d->rd = rd, d->imm = ci_imm * 4096;
        break;
    case RV_FMT_CI_16SP:      /* addi sp, sp, nzimm[9|4|6|8:7|5] */
        d->rd = d->rs1 = 2;
        d->imm = sext(bits(x, 12, 12) << 9 | bits(x, 6, 6) << 4 | bits(x, 5, 5) << 6 |
                      bits(x, 4, 3) << 7 | bits(x, 2, 2) << 5, 10);
        break;
    case RV_FMT_CI_SH:
        d->rd = d->rs1 = rd, d->imm = bits(x, 12, 12) << 5 | bits(x, 6, 2);
        break;
    case RV_FMT_CI_LWSP:      /* uimm[5] at 12, [4:2|7:6] at 6:2 */
        d->rd = rd, d->rs1 = 2;
        d->imm = bits(x, 12, 12) << 5 | bits(x, 6, 4) << 2 | bits(x, 3, 2) << 6;
        break;
    case RV_FMT_CI_LDSP:      /* uimm[5] at 12, [4:3|8:6] at 6:2 */
        d->rd = rd, d->rs1 = 2;
        d->imm = bits(x, 12, 12) << 5 | bits(x, 6, 5) << 3 | bits(x, 4, 2) << 6;
        break;
    case RV_FMT_CSS_W:        /* uimm[5:2|7:6] at 12:7 */
        d->rs1 = 2, d->rs2 = crs2;
        d->imm = bits(x, 12, 9) << 2 | bits(x, 8, 7) << 6;
        break;
    case RV_FMT_CSS_D:        /* uimm[5:3|8:6] at 12:7 */
        d->rs1 = 2, d->rs2 = crs2;
        d->imm = bits(x, 12, 10) << 3 | bits(x, 9, 7) << 6;
        break;
    case RV_FMT_CIW:          /* addi rd', sp, nzuimm[5:4|9:6|2|3] */
        d->rd = creg(x, 2), d->rs1 = 2;
        d->imm = bits(x, 12, 11) << 4 | bits(x, 10, 7) << 6 | bits(x, 6, 6) << 2 | bits(x, 5, 5) << 3;
        break;
    case RV_FMT_CL_W:         /* uimm[5:3] at 12:10, [2|6] at 6:5 */
        d->rd = creg(x, 2), d->rs1 = creg(x, 7);
        d->imm = bits(x, 12, 10) << 3 | bits(x, 6, 6) << 2 | bits(x, 5, 5) << 6;
        break;
    case RV_FMT_CL_D:         /* uimm[5:3] at 12:10, [7:6] at 6:5 */
        d->rd = creg(x, 2), d->rs1 = creg(x, 7);
        d->imm = bits(x, 12, 10) << 3 | bits(x, 6, 5) << 6;
        break;
    case RV_FMT_CS_W:
        d->rs2 = creg(x, 2), d->rs1 = creg(x, 7);
        d->imm = bits(x, 12, 10) << 3 | bits(x, 6, 6) << 2 | bits(x, 5, 5) << 6;
        break;
    case RV_FMT_CS_D:
        d->rs2 = creg(x, 2), d->rs1 = creg(x, 7);
        d->imm = bits(x, 12, 10) << 3 | bits(x, 6, 5) << 6;
        break;
    case RV_FMT_CA:
        d->rd = d->rs1 = creg(x, 7), d->rs2 = creg(x, 2);
        break;
    case RV_FMT_CB_BR:        /* beq/bne rs1', x0, offset[8|4:3] [7:6|2:1|5] */
        d->rs1 = creg(x, 7);
        d->imm = sext(bits(x, 12, 12) << 8 | bits(x, 11, 10) << 3 | bits(x, 6, 5) << 6 |
                      bits(x, 4, 3) << 1 | bits(x, 2, 2) << 5, 9);
        break;
    case RV_FMT_CB_SH:
        d->rd = d->rs1 = creg(x, 7), d->imm = bits(x, 12, 12) << 5 | bits(x, 6, 2);
        break;
    case RV_FMT_CB_ANDI:
        d->rd = d->rs1 = creg(x, 7), d->imm = ci_imm;
        break;
    case RV_FMT_CJ:           /* jal x0, offset[11|4|9:8|10|6|7|3:1|5] */
        d->imm = sext(bits(x, 12, 12) << 11 | bits(x, 11, 11) << 4 | bits(x, 10, 9) << 8 |
                      bits(x, 8, 8) << 10 | bits(x, 7, 7) << 6 | bits(x, 6, 6) << 7 |
                      bits(x, 5, 3) << 1 | bits(x, 2, 2) << 5, 12);
        break;
    }
}

static bool constraints_hold(unsigned cons, const RVInsn *d)
{
    if ((cons & RV_CONS_NZIMM) && d->imm == 0)
        return false;
    if ((cons & RV_CONS_NZRD) && d->rd == 0)
        return false;
    if ((cons & RV_CONS_NZRS1) && d->rs1 == 0)
        return false;
    return true;
}

bool rv_decode(uint32_t raw, RVInsn *out)
{
    pthread_once(&buckets_once, build_buckets);
    unsigned len = rv_insn_len(raw);
    if (len == 2)
        raw &= 0xffff;

    unsigned b = bucket_of(raw);
    for (unsigned i = bucket_start[b]; i < bucket_start[b + 1]; i++) {
        const RVInsnInfo *in = &rv_insn_info[bucket_ops[i]];
        if ((raw & in->mask) != in->match)
            continue;
        memset(out, 0, sizeof(*out));
        extract((RVFormat)in->fmt, raw, out);
        out->len = (uint8_t)len;
        out->raw = raw;
        out->op = bucket_ops[i];
        if (constraints_hold(in->cons, out))
            return true;
        break;      /* a reserved corner of this pattern, not another insn */
    }
    memset(out, 0, sizeof(*out));
    out->len = (uint8_t)len;
    out->raw = raw;
    out->op = RV_OP_ILLEGAL;
    return false;
}

void rv_insn_mnemonic(RVOp op, char *buf, size_t n)
{
    if (n == 0)
        return;
    const char *s = op < RV_OP_COUNT ? rv_insn_info[op].name : "illegal";
    size_t i = 0;
    for (; s[i] && i + 1 < n; i++)
        buf[i] = s[i] == '_' ? '.' : s[i];
    buf[i] = 0;
}
