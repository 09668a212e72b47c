/*
 * The riscv64 disassembler behind GuestArch.disas, -d in_asm and the
 * plugins' qemu_plugin_insn_disas. It prints what GNU objdump 2.40 prints
 * by default, so that what users read in objdump is what they match in
 * plugins' filters: the alias names of aliases.def (ret, mv, li, j, nop,
 * not, neg, sext.w, beqz, ...), compressed instructions as their expansion,
 * ABI register names, decimal offsets and immediates, hex shift amounts and
 * upper immediates, absolute branch targets. Which operands an instruction
 * prints, and in what order, is the syntax string of its aliases.def or
 * insns.def line:
 *   d D   rd as x / f register        s S   rs1 as x / f register
 *   t T   rs2 as x / f register       R     rs3 as f register
 *   i     imm, decimal                x     imm, hex
 *   u     upper immediate, hex        p     branch target pc + imm
 *   c     csr name (hex if unnamed)   z     csr uimm, decimal
 *   m     ",<rm>" unless rm is dyn    f     fence pred,succ sets
 * anything else is copied as is.
 */
#include "guest/riscv64/decode.h"
#include "util/strbuf.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>


static const char *csr_name(unsigned csr, char *tmp, size_t n)
{
    switch (csr) {
    case 0x001: return "fflags";
    case 0x002: return "frm";
    case 0x003: return "fcsr";
    case 0xc00: return "cycle";
    case 0xc01: return "time";
    case 0xc02: return "instret";
    case 0xc80: return "cycleh";
    case 0xc81: return "timeh";
    case 0xc82: return "instreth";
    }
    if (csr >= 0xc03 && csr <= 0xc1f)
        snprintf(tmp, n, "hpmcounter%u", csr - 0xc00);
    else if (csr >= 0xc83 && csr <= 0xc9f)
        snprintf(tmp, n, "hpmcounter%uh", csr - 0xc80);
    else
        snprintf(tmp, n, "0x%x", csr);
    return tmp;
}

static void put_fence_set(StrBuf *o, unsigned set)
{
    if (!set) {
        sb_printf(o, "unknown");
        return;
    }
    static const char letters[] = "iorw";   /* bits 3..0 */
    for (int b = 3; b >= 0; b--)
        if (set & (1u << b))
            sb_printf(o, "%c", letters[3 - b]);
}

/* objdump's words, "unknown" for the reserved encodings */
static const char *const rm_name[8] = { "rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown",
                                        "dyn" };

/* Operand conditions of an aliases.def line. */
enum {
    RVA_RD0 = 1 << 0,        /* rd is x0 */
    RVA_RDRA = 1 << 1,       /* rd is ra */
    RVA_RS1_0 = 1 << 2,
    RVA_RS1RA = 1 << 3,
    RVA_RS2_0 = 1 << 4,
    RVA_RS1EQRS2 = 1 << 5,
    RVA_IMM0 = 1 << 6,
    RVA_IMM1 = 1 << 7,
    RVA_IMMM1 = 1 << 8,      /* imm is -1 */
    RVA_IMMFF = 1 << 9,      /* imm is 255 */
    RVA_FENCE_ALL = 1 << 10, /* fence iorw,iorw */
};

typedef struct RVAlias {
    uint16_t op;
    uint16_t when;
    int16_t csr;
    const char *mnemonic, *syntax;
} RVAlias;

static const RVAlias rv_aliases[] = {
#define RV_ALIAS(name, when, csr, mnemonic, syntax) { RV_OP_##name, when, csr, mnemonic, syntax },
#include "guest/riscv64/aliases.def"
#undef RV_ALIAS
};

static bool alias_holds(const RVAlias *a, const RVInsn *d)
{
    unsigned w = a->when;
    return (!(w & RVA_RD0) || d->rd == 0) && (!(w & RVA_RDRA) || d->rd == 1) &&
           (!(w & RVA_RS1_0) || d->rs1 == 0) && (!(w & RVA_RS1RA) || d->rs1 == 1) &&
           (!(w & RVA_RS2_0) || d->rs2 == 0) && (!(w & RVA_RS1EQRS2) || d->rs1 == d->rs2) &&
           (!(w & RVA_IMM0) || d->imm == 0) && (!(w & RVA_IMM1) || d->imm == 1) &&
           (!(w & RVA_IMMM1) || d->imm == -1) && (!(w & RVA_IMMFF) || d->imm == 255) &&
           (!(w & RVA_FENCE_ALL) || d->imm == 0xff) && (a->csr < 0 || a->csr == d->csr);
}

/* The first aliases.def line for d that holds, or NULL. */
static const RVAlias *find_alias(const RVInsn *d)
{
    for (size_t i = 0; i < sizeof(rv_aliases) / sizeof(rv_aliases[0]); i++)
        if (rv_aliases[i].op == d->op && alias_holds(&rv_aliases[i], d))
            return &rv_aliases[i];
    return NULL;
}

int rv_disas(char *buf, size_t n, uint64_t pc, uint32_t insn)
{
    StrBuf o = { buf, n, 0 };
    RVInsn d;
    char tmp[24];

    if (n)
        buf[0] = 0;
    if (!rv_decode(insn, &d)) {
        /* the all-zero halfword is the defined illegal instruction */
        if (d.len == 2 && d.raw == 0)
            sb_printf(&o, "unimp");
        else
            sb_printf(&o, d.len == 2 ? ".2byte 0x%x" : ".4byte 0x%x", (unsigned)d.raw);
        return d.len;
    }
    const RVInsnInfo *in = &rv_insn_info[d.op];
    const RVAlias *alias = find_alias(&d);
    const char *syntax = alias ? alias->syntax : in->syntax;
    char mn[24];
    if (alias)
        sb_printf(&o, "%s", alias->mnemonic);
    else {
        rv_insn_mnemonic((RVOp)d.op, mn, sizeof(mn));
        sb_printf(&o, "%s", mn);
    }
    if (in->fmt == RV_FMT_AMO && (d.aq || d.rl))
        sb_printf(&o, ".%s%s", d.aq ? "aq" : "", d.rl ? "rl" : "");
    if (*syntax)
        sb_printf(&o, " ");

    for (const char *p = syntax; *p; p++) {
        switch (*p) {
        case 'd': sb_printf(&o, "%s", rv_xreg_name[d.rd]); break;
        case 'D': sb_printf(&o, "%s", rv_freg_name[d.rd]); break;
        case 's': sb_printf(&o, "%s", rv_xreg_name[d.rs1]); break;
        case 'S': sb_printf(&o, "%s", rv_freg_name[d.rs1]); break;
        case 't': sb_printf(&o, "%s", rv_xreg_name[d.rs2]); break;
        case 'T': sb_printf(&o, "%s", rv_freg_name[d.rs2]); break;
        case 'R': sb_printf(&o, "%s", rv_freg_name[d.rs3]); break;
        case 'i':
        case 'z': sb_printf(&o, "%" PRId64, d.imm); break;
        case 'x': sb_printf(&o, "0x%" PRIx64, (uint64_t)d.imm); break;
        case 'u': sb_printf(&o, "0x%" PRIx64, ((uint64_t)d.imm >> 12) & 0xfffff); break;
        case 'p': sb_printf(&o, "%" PRIx64, pc + (uint64_t)d.imm); break;
        case 'c': sb_printf(&o, "%s", csr_name(d.csr, tmp, sizeof(tmp))); break;
        case 'm':
            if (d.rm != 7)
                sb_printf(&o, ",%s", rm_name[d.rm]);
            break;
        case 'f':
            put_fence_set(&o, (unsigned)(d.imm >> 4) & 15);
            sb_printf(&o, ",");
            put_fence_set(&o, (unsigned)d.imm & 15);
            break;
        default: sb_printf(&o, "%c", *p); break;
        }
    }
    return d.len;
}
