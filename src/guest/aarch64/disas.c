/*
 * The aarch64 disassembler behind GuestArch.disas and -d in_asm. It prints
 * what GNU objdump -d prints (so tests/guest/aarch64 can check it against
 * objdump): the preferred alias where the Arm ARM defines one (mov, cmp,
 * lsl, cset, ...), hex immediates where objdump uses them, decimal offsets,
 * absolute branch targets, system register names.
 *
 * The operands of an instruction, and their order, are the syntax string
 * of its insns.def line; operands are separated by ',' and printed joined
 * by ", " (an operand that prints nothing, such as an absent shift, takes
 * its separator with it). Within an operand:
 *   register: a field letter then a class letter
 *     fields  d bits 4:0, n 9:5, m 20:16, a 14:10;
 *             D, M: the second register of a CASP pair (d + 1, m + 1)
 *     classes x w: X/W with 31 = zr;  X W: with 31 = sp;  r R: X or W by
 *             sf, with 31 = zr / sp;  b h s d q: FP/SIMD scalar;
 *             f: FP scalar by ftype;  T: the top half of a vector, v0.d[1];
 *             v: vector with arrangement;  e: vector element [index];
 *             v V Y N B L P K Q 1 4 2 S U E G: vector forms, l t k:
 *             register lists, see put_vreg()
 *   P  branch / literal target            I  addsub imm, ", lsl #12"
 *   B  logical immediate (hex)            H  move wide imm, ", lsl #hw"
 *   R T  immr / imms, decimal             i j  imm decimal / hex
 *   J  tbz bit number                     k  ccmp 5-bit immediate
 *   Z  nzcv                               c C  condition / inverted
 *   S  ", shift #amount" of a shifted register (nothing for lsl #0)
 *   E  extended register with its extend
 *   M  [Xn|SP{, #imm}]    <  [Xn|SP, #imm]!    >  [Xn|SP], #imm
 *   G  [Xn|SP, Rm{, extend {#amount}}]        p  prefetch operation
 *   D  barrier option     K  clrex/isb option   F  PSTATE field
 *   Y  system register / sys operands
 *   Q  fixed-point fraction bits     O  #0.0     L  FMOV immediate, %.18e
 *   z  shll's implied shift          W  LD1.. post-index amount or register
 *   m  modified immediate with its lsl/msl
 * anything else is copied as is. A syntax starting with '.' appends
 * ".<cond>" to the mnemonic (b.cond). FP/SIMD codes are listed at
 * put_fpsimd_code().
 */
#include "guest/aarch64/decode.h"
#include "util/strbuf.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>


static inline unsigned bits(uint32_t x, unsigned hi, unsigned lo)
{
    return (x >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static const char *const cond_name[16] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
};

/* One general register: sp_ok says whether 31 names sp. */
static void put_xreg(StrBuf *o, unsigned r, bool x64, bool sp_ok)
{
    if (r == 31)
        sb_printf(o, "%s", sp_ok ? (x64 ? "sp" : "wsp") : (x64 ? "xzr" : "wzr"));
    else
        sb_printf(o, "%c%u", x64 ? 'x' : 'w', r);
}

/* The preferred-alias state of one instruction: the mnemonic and syntax to
 * print, and a copy of the operands the alias may have recomputed. */
typedef struct View {
    char mn[24];
    const char *syntax;
    A64Insn d;
    uint64_t pc;
} View;

typedef struct SysName {
    uint16_t enc;
    const char *name;
} SysName;

#define SR(op0, op1, crn, crm, op2) (uint16_t)((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2))

/* The system registers user-mode code meets, by op0:op1:CRn:CRm:op2. */
static const SysName sysregs[] = {
    { SR(3, 3, 4, 2, 0), "nzcv" },          { SR(3, 3, 4, 2, 1), "daif" },
    { SR(3, 3, 4, 4, 0), "fpcr" },          { SR(3, 3, 4, 4, 1), "fpsr" },
    { SR(3, 3, 4, 2, 5), "dit" },           { SR(3, 3, 4, 2, 6), "ssbs" },
    { SR(3, 3, 4, 2, 7), "tco" },           { SR(3, 0, 4, 2, 3), "pan" },
    { SR(3, 0, 4, 2, 4), "uao" },           { SR(3, 0, 4, 2, 2), "currentel" },
    { SR(3, 0, 4, 2, 0), "spsel" },         { SR(3, 0, 4, 1, 0), "sp_el0" },
    { SR(3, 0, 4, 0, 0), "spsr_el1" },      { SR(3, 0, 4, 0, 1), "elr_el1" },
    { SR(3, 3, 13, 0, 2), "tpidr_el0" },    { SR(3, 3, 13, 0, 3), "tpidrro_el0" },
    { SR(3, 0, 13, 0, 4), "tpidr_el1" },
    { SR(3, 3, 0, 0, 7), "dczid_el0" },     { SR(3, 3, 0, 0, 1), "ctr_el0" },
    { SR(3, 3, 14, 0, 0), "cntfrq_el0" },   { SR(3, 3, 14, 0, 1), "cntpct_el0" },
    { SR(3, 3, 14, 0, 2), "cntvct_el0" },
    { SR(3, 3, 2, 4, 0), "rndr" },          { SR(3, 3, 2, 4, 1), "rndrrs" },
    { SR(3, 0, 0, 0, 0), "midr_el1" },      { SR(3, 0, 0, 0, 5), "mpidr_el1" },
    { SR(3, 0, 0, 0, 6), "revidr_el1" },
    { SR(3, 0, 0, 4, 0), "id_aa64pfr0_el1" },  { SR(3, 0, 0, 4, 1), "id_aa64pfr1_el1" },
    { SR(3, 0, 0, 4, 4), "id_aa64zfr0_el1" },  { SR(3, 0, 0, 4, 5), "id_aa64smfr0_el1" },
    { SR(3, 0, 0, 5, 0), "id_aa64dfr0_el1" },  { SR(3, 0, 0, 5, 1), "id_aa64dfr1_el1" },
    { SR(3, 0, 0, 5, 4), "id_aa64afr0_el1" },  { SR(3, 0, 0, 5, 5), "id_aa64afr1_el1" },
    { SR(3, 0, 0, 6, 0), "id_aa64isar0_el1" }, { SR(3, 0, 0, 6, 1), "id_aa64isar1_el1" },
    { SR(3, 0, 0, 6, 2), "id_aa64isar2_el1" },
    { SR(3, 0, 0, 7, 0), "id_aa64mmfr0_el1" }, { SR(3, 0, 0, 7, 1), "id_aa64mmfr1_el1" },
    { SR(3, 0, 0, 7, 2), "id_aa64mmfr2_el1" },
};

/* SYS operations with a name: op1:CRn:CRm:op2 (op0 = 1). */
static const SysName sysops[] = {
    { SR(1, 3, 7, 4, 1), "dc\tzva" },   { SR(1, 3, 7, 11, 1), "dc\tcvau" },
    { SR(1, 3, 7, 14, 1), "dc\tcivac" }, { SR(1, 3, 7, 10, 1), "dc\tcvac" },
    { SR(1, 3, 7, 12, 1), "dc\tcvap" },  { SR(1, 3, 7, 13, 1), "dc\tcvadp" },
    { SR(1, 0, 7, 6, 1), "dc\tivac" },   { SR(1, 3, 7, 5, 1), "ic\tivau" },
    { SR(1, 0, 7, 5, 0), "ic\tiallu" },  { SR(1, 0, 7, 1, 0), "ic\tialluis" },
};

static const char *sys_lookup(const SysName *t, size_t n, unsigned enc)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].enc == enc)
            return t[i].name;
    return NULL;
}

static void put_sysreg(StrBuf *o, unsigned enc)
{
    const char *s = sys_lookup(sysregs, sizeof(sysregs) / sizeof(sysregs[0]), enc);
    if (s)
        sb_printf(o, "%s", s);
    else
        sb_printf(o, "s%u_%u_c%u_c%u_%u", enc >> 14, (enc >> 11) & 7, (enc >> 7) & 15, (enc >> 3) & 15, enc & 7);
}

static const char *pstate_name(unsigned op1, unsigned op2)
{
    switch (op1 << 3 | op2) {
    case 0 << 3 | 5: return "spsel";
    case 3 << 3 | 6: return "daifset";
    case 3 << 3 | 7: return "daifclr";
    case 0 << 3 | 3: return "uao";
    case 0 << 3 | 4: return "pan";
    case 3 << 3 | 1: return "ssbs";
    case 3 << 3 | 2: return "dit";
    case 3 << 3 | 4: return "tco";
    }
    return NULL;
}

static const char *const barrier_name[16] = {
    NULL, "oshld", "oshst", "osh", NULL, "nshld", "nshst", "nsh",
    NULL, "ishld", "ishst", "ish", NULL, "ld", "st", "sy",
};

static void put_prfop(StrBuf *o, unsigned rt)
{
    static const char *const type[4] = { "pld", "pli", "pst", NULL };
    unsigned t = rt >> 3, target = (rt >> 1) & 3;
    if (type[t] && target < 3)
        sb_printf(o, "%sl%u%s", type[t], target + 1, (rt & 1) ? "strm" : "keep");
    else
        sb_printf(o, "#0x%02x", rt);
}

static const char *const ext_name[8] = { "uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx" };
static const char *const shift_name[4] = { "lsl", "lsr", "asr", "ror" };

static void put_imm_offset(StrBuf *o, int64_t imm)
{
    sb_printf(o, "#%" PRId64, imm);
}

static void put_vreg(StrBuf *o, const A64Insn *d, unsigned r, char c);

/* A register operand: field letter f, class letter c. */
static void put_reg(StrBuf *o, const View *v, char f, char c)
{
    const A64Insn *d = &v->d;
    unsigned r;
    switch (f) {
    case 'd': r = bits(d->raw, 4, 0); break;
    case 'n': r = bits(d->raw, 9, 5); break;
    case 'm': r = bits(d->raw, 20, 16); break;
    case 'a': r = bits(d->raw, 14, 10); break;
    case 'D': r = (bits(d->raw, 4, 0) + 1) & 31; break;
    default:  r = (bits(d->raw, 20, 16) + 1) & 31; break;    /* 'M' */
    }
    switch (c) {
    case 'x': put_xreg(o, r, true, false); break;
    case 'w': put_xreg(o, r, false, false); break;
    case 'r': put_xreg(o, r, d->sf, false); break;
    case 'X': put_xreg(o, r, true, true); break;
    case 'W': put_xreg(o, r, false, true); break;
    case 'R': put_xreg(o, r, d->sf, true); break;
    case 'f': sb_printf(o, "%c%u", d->ftype == 0 ? 's' : d->ftype == 1 ? 'd' : 'h', r); break;
    case 'T': sb_printf(o, "v%u.d[1]", r); break;
    default:
        put_vreg(o, d, r, c);
        break;
    }
}

/* A SIMD&FP register operand of class c:
 *   v  arrangement from size and Q (8b .. 2d)   V  FP: 2s/4s/2d from sz, Q
 *   Y  FP, 128-bit: 4s/2d from sz               N  FP narrow: 4h/8h/2s/4s
 *   H  the halves of FMLAL: 2h/4h from Q
 *   B  8b/16b from Q                            L  long: size + 1, 128-bit
 *   P  pairwise long: size + 1 with Q           K  1d/2d   Q  1q
 *   1 4 2  fixed 16b / 4s / 2d                  S U  scalar b..d of size / size + 1
 *   E G  element [index] / [index2]             l t k  lists: size/Q, 16b, lane
 *   p  the 2-element vector of a scalar pairwise op (2h / 2s / 2d by esize)
 *   I  Vm's element [index] of a by-element op (d->rm: 4 bits for halfwords)
 *   J  Vm's 4-byte group [index] of SDOT/UDOT (by element) */
static void put_vreg(StrBuf *o, const A64Insn *d, unsigned r, char c)
{
    static const char *const arr[8] = { "8b", "16b", "4h", "8h", "2s", "4s", "1d", "2d" };
    static const char esz[4] = { 'b', 'h', 's', 'd' };
    unsigned size = d->size, sz = bits(d->raw, 22, 22), q = d->q;
    switch (c) {
    case 'v': sb_printf(o, "v%u.%s", r, arr[size * 2 + q]); break;
    case 'V': sb_printf(o, "v%u.%s", r, arr[(2 + sz) * 2 + q]); break;
    case 'Y': sb_printf(o, "v%u.%s", r, sz ? "2d" : "4s"); break;
    case 'N': sb_printf(o, "v%u.%s", r, arr[(1 + sz) * 2 + q]); break;
    case 'H': sb_printf(o, "v%u.%s", r, q ? "4h" : "2h"); break;
    case 'B': sb_printf(o, "v%u.%s", r, q ? "16b" : "8b"); break;
    case 'L': sb_printf(o, "v%u.%s", r, arr[(size + 1) * 2 + 1]); break;
    case 'P': sb_printf(o, "v%u.%s", r, arr[(size + 1) * 2 + q]); break;
    case 'K': sb_printf(o, "v%u.%s", r, q ? "2d" : "1d"); break;
    case 'Q': sb_printf(o, "v%u.1q", r); break;
    case '1': sb_printf(o, "v%u.16b", r); break;
    case '4': sb_printf(o, "v%u.4s", r); break;
    case '2': sb_printf(o, "v%u.2d", r); break;
    case 'S': sb_printf(o, "%c%u", esz[size], r); break;
    case 'U': sb_printf(o, "%c%u", esz[size + 1], r); break;
    case 'E': sb_printf(o, "v%u.%c[%u]", r, esz[d->esize], d->index); break;
    case 'p': sb_printf(o, "v%u.2%c", r, esz[d->esize]); break;
    case 'I': sb_printf(o, "v%u.%c[%u]", d->rm, esz[d->esize], d->index); break;
    case 'J': sb_printf(o, "v%u.4b[%u]", d->rm, d->index); break;
    case 'G': sb_printf(o, "v%u.%c[%u]", r, esz[d->esize], d->index2); break;
    case 'k':                         /* one lane of nregs registers */
        if (d->nregs >= 3 && r + d->nregs <= 32)
            sb_printf(o, "{v%u.%c-v%u.%c}", r, esz[d->esize], (r + d->nregs - 1) & 31, esz[d->esize]);
        else
            for (unsigned i = 0; i < d->nregs; i++)
                sb_printf(o, "%sv%u.%c%s", i ? ", " : "{", (r + i) & 31, esz[d->esize], i + 1 == d->nregs ? "}" : "");
        sb_printf(o, "[%u]", d->index);
        break;
    case 't':
    case 'l': {
        const char *a = c == 't' ? "16b" : arr[d->size * 2 + q];
        if (d->nregs >= 3 && r + d->nregs <= 32) {   /* objdump: a range, unless it wraps */
            sb_printf(o, "{v%u.%s-v%u.%s}", r, a, (r + d->nregs - 1) & 31, a);
            break;
        }
        sb_printf(o, "{");
        for (unsigned i = 0; i < d->nregs; i++)
            sb_printf(o, "%sv%u.%s", i ? ", " : "", (r + i) & 31, a);
        sb_printf(o, "}");
        break;
    }
    default:  sb_printf(o, "%c%u", c, r); break;                    /* b h s d q */
    }
}

static void put_mem_base(StrBuf *o, const A64Insn *d)
{
    sb_printf(o, "[");
    put_xreg(o, bits(d->raw, 9, 5), true, true);
}

/* One single-character code; returns false if c is not one. */
static bool put_code(StrBuf *o, const View *v, char c)
{
    const A64Insn *d = &v->d;
    switch (c) {
    case 'P':
        if (d->op == A64_OP_adrp)
            sb_printf(o, "0x%" PRIx64, (v->pc & ~(uint64_t)0xfff) + (uint64_t)d->imm);
        else
            sb_printf(o, "0x%" PRIx64, v->pc + (uint64_t)d->imm);
        return true;
    case 'I':
        sb_printf(o, "#0x%" PRIx64, (uint64_t)d->imm >> d->amount);
        if (d->amount)
            sb_printf(o, ", lsl #%u", d->amount);
        return true;
    case 'B': sb_printf(o, "#0x%" PRIx64, d->bimm); return true;
    case 'H':
        sb_printf(o, "#0x%" PRIx64, (uint64_t)d->imm);
        if (d->amount)
            sb_printf(o, ", lsl #%u", d->amount);
        return true;
    case 'R': sb_printf(o, "#%u", d->immr); return true;
    case 'T': sb_printf(o, "#%u", d->imms); return true;
    case 'i': sb_printf(o, "#%" PRId64, d->imm); return true;
    case 'j': sb_printf(o, "#0x%" PRIx64, (uint64_t)d->imm); return true;
    case 'J': sb_printf(o, "#%u", d->imms); return true;
    case 'k': sb_printf(o, "#0x%" PRIx64, (uint64_t)d->imm); return true;
    case 'Z': sb_printf(o, "#0x%x", d->nzcv); return true;
    case 'c': sb_printf(o, "%s", cond_name[d->cond]); return true;
    case 'C': sb_printf(o, "%s", cond_name[d->cond ^ 1]); return true;
    case 'S':
        if (d->shift != A64_LSL || d->amount)
            sb_printf(o, "%s #%u", shift_name[d->shift], d->amount);
        return true;
    case 'E': {
        bool x64 = d->sf && (d->ext & 3) == 3;
        put_xreg(o, bits(d->raw, 20, 16), x64, false);
        bool sp = bits(d->raw, 9, 5) == 31 ||
                  (bits(d->raw, 4, 0) == 31 && !(d->raw & (1u << 29)));
        if (sp && d->ext == (d->sf ? A64_UXTX : A64_UXTW)) {
            if (d->amount)
                sb_printf(o, ", lsl #%u", d->amount);
        } else {
            sb_printf(o, ", %s", ext_name[d->ext]);
            if (d->amount)
                sb_printf(o, " #%u", d->amount);
        }
        return true;
    }
    case 'M':
        put_mem_base(o, d);
        if (d->imm)
            sb_printf(o, ", "), put_imm_offset(o, d->imm);
        sb_printf(o, "]");
        return true;
    case '<':
        put_mem_base(o, d);
        sb_printf(o, ", "), put_imm_offset(o, d->imm);
        sb_printf(o, "]!");
        return true;
    case '>':
        put_mem_base(o, d);
        sb_printf(o, "], "), put_imm_offset(o, d->imm);
        return true;
    case 'G': {
        put_mem_base(o, d);
        sb_printf(o, ", ");
        put_xreg(o, bits(d->raw, 20, 16), d->ext & 1, false);
        bool s = bits(d->raw, 12, 12);
        if (d->ext == A64_UXTX) {
            if (s)
                sb_printf(o, ", lsl #%u", d->amount);
        } else {
            sb_printf(o, ", %s", ext_name[d->ext]);
            if (s)
                sb_printf(o, " #%u", d->amount);
        }
        sb_printf(o, "]");
        return true;
    }
    case 'p': put_prfop(o, bits(d->raw, 4, 0)); return true;
    case 'Q': sb_printf(o, "#%u", d->fbits); return true;
    case 'z': sb_printf(o, "#%u", 8u << d->size); return true;
    case 'm':
        sb_printf(o, "#0x%" PRIx64, (uint64_t)d->imm);
        if ((d->opc & 14) == 12)
            sb_printf(o, ", msl #%u", d->amount);
        else if (d->amount)
            sb_printf(o, ", lsl #%u", d->amount);
        return true;
    case 'W':
        if (bits(d->raw, 20, 16) == 31)
            sb_printf(o, "#%" PRId64, d->imm);
        else
            put_xreg(o, bits(d->raw, 20, 16), true, false);
        return true;
    case 'O': sb_printf(o, "#0.0"); return true;
    case 'L': {
        /* VFPExpandImm as a value: (16 + frac) / 16 * 2^exp, exp in -3..4 */
        unsigned imm8 = (unsigned)d->imm;
        double val = (16 + (imm8 & 15)) / 16.0;
        int e = (int)(((imm8 >> 4) & 7) ^ 4) - 3;
        for (; e > 0; e--)
            val *= 2;
        for (; e < 0; e++)
            val /= 2;
        sb_printf(o, "#%.18e", (imm8 & 0x80) ? -val : val);
        return true;
    }
    case 'D':
        if (barrier_name[d->sysop])
            sb_printf(o, "%s", barrier_name[d->sysop]);
        else
            sb_printf(o, "#0x%02x", d->sysop);
        return true;
    case 'K':
        if (d->sysop != 15)
            sb_printf(o, "#0x%x", d->sysop);
        return true;
    case 'F': {
        const char *s = pstate_name(bits(d->raw, 18, 16), bits(d->raw, 7, 5));
        sb_printf(o, "%s", s ? s : "?");
        return true;
    }
    case 'Y':
        if (d->op == A64_OP_sys || d->op == A64_OP_sysl) {
            sb_printf(o, "#%u, C%u, C%u, #%u", bits(d->raw, 18, 16), bits(d->raw, 15, 12),
                bits(d->raw, 11, 8), bits(d->raw, 7, 5));
            if (d->op == A64_OP_sys && bits(d->raw, 4, 0) != 31)
                sb_printf(o, ", "), put_xreg(o, bits(d->raw, 4, 0), true, false);
        } else {
            put_sysreg(o, d->sysreg);
        }
        return true;
    }
    return false;
}

static bool is_reg_field(char c)
{
    return c == 'd' || c == 'n' || c == 'm' || c == 'a' || c == 'D' || c == 'M';
}

/* ---- preferred aliases ------------------------------------------------ */

static void set_alias(View *v, const char *mn, const char *syntax)
{
    snprintf(v->mn, sizeof(v->mn), "%s", mn);
    v->syntax = syntax;
}

/* Whether MOVZ or MOVN can make value v of a 64- or 32-bit (sf) ORR
 * (immediate), in which case objdump keeps "orr" and the MOV alias
 * belongs to those: at most one halfword differs from all-zeros or from
 * all-ones. */
static bool move_wide_can(unsigned sf, uint64_t v)
{
    uint64_t mask = sf ? ~0ull : 0xffffffffull;
    for (int inv = 0; inv < 2; inv++) {
        uint64_t x = (inv ? ~v : v) & mask;
        unsigned nonzero = 0;
        for (unsigned i = 0; i < (sf ? 64u : 32u); i += 16)
            nonzero += ((x >> i) & 0xffff) != 0;
        if (nonzero <= 1)
            return true;
    }
    return false;
}

/* Arm ARM BFXPreferred: whether UBFM/SBFM prints as ubfx/sbfx. */
static bool bfx_preferred(unsigned sf, unsigned uns, unsigned imms, unsigned immr)
{
    if (imms < immr)
        return false;
    if (imms == (sf ? 63u : 31u))
        return false;
    if (immr == 0) {
        if (!sf && (imms == 7 || imms == 15))
            return false;
        if (sf && !uns && (imms == 7 || imms == 15 || imms == 31))
            return false;
    }
    return true;
}

static void alias_bitfield(View *v)
{
    A64Insn *d = &v->d;
    unsigned size = d->sf ? 64 : 32, immr = d->immr, imms = d->imms;
    unsigned rn = bits(d->raw, 9, 5);
    bool insert = imms < immr;
    unsigned lsb = insert ? (size - immr) & (size - 1) : immr;
    unsigned width = insert ? imms + 1 : imms - immr + 1;
    const char *mn = NULL, *syn = "dr,nr,R,T";

    if (d->op == A64_OP_sbfm) {
        if (imms == size - 1)
            mn = "asr", syn = "dr,nr,R";
        else if (insert)
            mn = "sbfiz";
        else if (bfx_preferred(d->sf, 0, imms, immr))
            mn = "sbfx";
        else if (immr == 0 && (imms == 7 || imms == 15 || imms == 31))
            mn = imms == 7 ? "sxtb" : imms == 15 ? "sxth" : "sxtw", syn = "dr,nw";
    } else if (d->op == A64_OP_ubfm) {
        if (imms != size - 1 && imms + 1 == immr)
            mn = "lsl", syn = "dr,nr,R", lsb = size - 1 - imms;
        else if (imms == size - 1)
            mn = "lsr", syn = "dr,nr,R";
        else if (insert)
            mn = "ubfiz";
        else if (bfx_preferred(d->sf, 1, imms, immr))
            mn = "ubfx";
        else if (immr == 0 && (imms == 7 || imms == 15))
            mn = imms == 7 ? "uxtb" : "uxth", syn = "dw,nw";
    } else {
        if (insert && rn == 31)
            mn = "bfc", syn = "dr,R,T";
        else if (insert)
            mn = "bfi";
        else
            mn = "bfxil";
    }
    if (!mn)
        return;
    d->immr = (uint8_t)lsb;
    d->imms = (uint8_t)width;
    set_alias(v, mn, syn);
}

static const char *hint_name(unsigned h)
{
    static const char *const names[] = {
        [0] = "nop", [1] = "yield", [2] = "wfe", [3] = "wfi", [4] = "sev", [5] = "sevl",
        [7] = "xpaclri", [8] = "pacia1716", [10] = "pacib1716",
        [12] = "autia1716", [14] = "autib1716", [16] = "esb", [17] = "psb\tcsync",
        [18] = "tsb\tcsync", [20] = "csdb", [24] = "paciaz", [25] = "paciasp",
        [26] = "pacibz", [27] = "pacibsp", [28] = "autiaz", [29] = "autiasp",
        [30] = "autibz", [31] = "autibsp", [32] = "bti", [34] = "bti\tc",
        [36] = "bti\tj", [38] = "bti\tjc",
    };
    return h < sizeof(names) / sizeof(names[0]) ? names[h] : NULL;
}

/* Replaces v's mnemonic and syntax by the preferred alias, if any. */
static void choose_alias(View *v)
{
    A64Insn *d = &v->d;
    unsigned rd = bits(d->raw, 4, 0), rn = bits(d->raw, 9, 5), rm = bits(d->raw, 20, 16);
    unsigned ra = bits(d->raw, 14, 10);
    bool plain_shift = d->shift == A64_LSL && d->amount == 0;

    switch (d->op) {
    case A64_OP_add_imm:
        if (d->imm == 0 && (rd == 31 || rn == 31))
            set_alias(v, "mov", "dR,nR");
        break;
    case A64_OP_adds_imm: if (rd == 31) set_alias(v, "cmn", "nR,I"); break;
    case A64_OP_subs_imm: if (rd == 31) set_alias(v, "cmp", "nR,I"); break;
    case A64_OP_orr_imm:
        if (rn == 31 && (rd == 31 || !move_wide_can(d->sf, d->bimm)))
            set_alias(v, "mov", "dR,B");
        break;
    case A64_OP_ands_imm: if (rd == 31) set_alias(v, "tst", "nr,B"); break;
    case A64_OP_movz:
    case A64_OP_movn:
        if (d->imm == 0 && d->hw != 0)
            break;
        if (d->op == A64_OP_movn && !d->sf && d->imm == 0xffff)
            break;
        d->bimm = (uint64_t)d->imm << d->amount;
        if (d->op == A64_OP_movn)
            d->bimm = ~d->bimm;
        if (!d->sf)
            d->bimm &= 0xffffffffu;
        set_alias(v, "mov", "dr,B");
        break;
    case A64_OP_sbfm: case A64_OP_ubfm: case A64_OP_bfm:
        alias_bitfield(v);
        break;
    case A64_OP_extr: if (rn == rm) set_alias(v, "ror", "dr,nr,i"); break;
    case A64_OP_ret: if (rn == 30) set_alias(v, "ret", ""); break;
    case A64_OP_hint: {
        const char *s = hint_name(d->sysop);
        d->imm = d->sysop;
        if (s)
            set_alias(v, s, "");
        else
            set_alias(v, "hint", "j");
        break;
    }
    case A64_OP_dsb:
        if (d->sysop == 0)
            set_alias(v, "ssbb", "");
        else if (d->sysop == 4)
            set_alias(v, "pssbb", "");
        break;
    case A64_OP_sys: {
        const char *s = sys_lookup(sysops, sizeof(sysops) / sizeof(sysops[0]), d->sysreg);
        if (s)
            set_alias(v, s, strncmp(s, "ic\tiall", 7) == 0 ? "" : "dx");
        break;
    }
    case A64_OP_lslv: set_alias(v, "lsl", v->syntax); break;
    case A64_OP_lsrv: set_alias(v, "lsr", v->syntax); break;
    case A64_OP_asrv: set_alias(v, "asr", v->syntax); break;
    case A64_OP_rorv: set_alias(v, "ror", v->syntax); break;
    case A64_OP_orr_reg: if (rn == 31 && plain_shift) set_alias(v, "mov", "dr,mr"); break;
    case A64_OP_orn_reg: if (rn == 31) set_alias(v, "mvn", "dr,mr,S"); break;
    case A64_OP_ands_reg: if (rd == 31) set_alias(v, "tst", "nr,mr,S"); break;
    case A64_OP_adds_reg: if (rd == 31) set_alias(v, "cmn", "nr,mr,S"); break;
    case A64_OP_sub_reg: if (rn == 31) set_alias(v, "neg", "dr,mr,S"); break;
    case A64_OP_subs_reg:
        if (rd == 31)
            set_alias(v, "cmp", "nr,mr,S");
        else if (rn == 31)
            set_alias(v, "negs", "dr,mr,S");
        break;
    case A64_OP_adds_ext: if (rd == 31) set_alias(v, "cmn", "nR,E"); break;
    case A64_OP_subs_ext: if (rd == 31) set_alias(v, "cmp", "nR,E"); break;
    case A64_OP_sbc: if (rn == 31) set_alias(v, "ngc", "dr,mr"); break;
    case A64_OP_sbcs: if (rn == 31) set_alias(v, "ngcs", "dr,mr"); break;
    case A64_OP_csinc:
    case A64_OP_csinv:
        if ((d->cond >> 1) == 7 || rn != rm)
            break;
        if (rn == 31)
            set_alias(v, d->op == A64_OP_csinc ? "cset" : "csetm", "dr,C");
        else
            set_alias(v, d->op == A64_OP_csinc ? "cinc" : "cinv", "dr,nr,C");
        break;
    case A64_OP_csneg:
        if ((d->cond >> 1) != 7 && rn == rm)
            set_alias(v, "cneg", "dr,nr,C");
        break;
    case A64_OP_orr_v: if (rn == rm) set_alias(v, "mov", "dB,nB"); break;
    case A64_OP_not_v: set_alias(v, "mvn", v->syntax); break;
    case A64_OP_sshll_vi: if (d->imm == 0) set_alias(v, "sxtl", "2dL,nv"); break;
    case A64_OP_ushll_vi: if (d->imm == 0) set_alias(v, "uxtl", "2dL,nv"); break;
    case A64_OP_umov:
        if ((d->esize == 2 && !d->q) || d->esize == 3)
            set_alias(v, "mov", v->syntax);
        break;
    case A64_OP_ins_gen: case A64_OP_ins_elem: case A64_OP_dup_s: set_alias(v, "mov", v->syntax); break;
    case A64_OP_madd: if (ra == 31) set_alias(v, "mul", "dr,nr,mr"); break;
    case A64_OP_msub: if (ra == 31) set_alias(v, "mneg", "dr,nr,mr"); break;
    case A64_OP_smaddl: if (ra == 31) set_alias(v, "smull", "dx,nw,mw"); break;
    case A64_OP_smsubl: if (ra == 31) set_alias(v, "smnegl", "dx,nw,mw"); break;
    case A64_OP_umaddl: if (ra == 31) set_alias(v, "umull", "dx,nw,mw"); break;
    case A64_OP_umsubl: if (ra == 31) set_alias(v, "umnegl", "dx,nw,mw"); break;
    default:
        /* LSE: ld<op> without acquire and with rt = zr is st<op>. */
        if (a64_insn_info[d->op].fmt == A64_FMT_LDST_ATOMIC && !d->acq && rd == 31 &&
            strncmp(v->mn, "ld", 2) == 0 && strncmp(v->mn, "ldapr", 5) != 0) {
            char mn[24];
            snprintf(mn, sizeof(mn), "st%s", v->mn + 2);
            set_alias(v, mn, d->sf ? "mx,[nX]" : "mw,[nX]");
        }
        break;
    }
}

int a64_disas(char *buf, size_t n, uint64_t pc, uint32_t insn)
{
    StrBuf o = { buf, n, 0 };
    View v;

    if (n)
        buf[0] = 0;
    if (!a64_decode(insn, &v.d)) {
        sb_printf(&o, ".inst\t0x%08x ; undefined", insn);
        return 4;
    }
    v.pc = pc;
    v.syntax = a64_insn_info[v.d.op].syntax;
    a64_insn_mnemonic((A64Op)v.d.op, v.mn, sizeof(v.mn));
    choose_alias(&v);

    const char *p = v.syntax;
    sb_printf(&o, "%s", v.mn);
    if (*p == '2') {          /* the upper-half form of a widening/narrowing op */
        if (v.d.q)
            sb_printf(&o, "2");
        p++;
    }
    if (*p == '.') {
        sb_printf(&o, ".%s", cond_name[v.d.cond]);
        p++;
    }
    /* "dc\tzva" and the like already hold their first operand */
    bool first = strchr(v.mn, '\t') == NULL;
    while (*p) {
        /* One operand, into a scratch buffer so that an empty one can
         * drop its separator. */
        char tmp[96];
        StrBuf t = { tmp, sizeof(tmp), 0 };
        tmp[0] = 0;
        for (; *p && *p != ','; p++) {
            if (is_reg_field(*p) && p[1] && p[1] != ',' && p[1] != ']') {
                put_reg(&t, &v, p[0], p[1]);
                p++;
            } else if (!put_code(&t, &v, *p)) {
                sb_printf(&t, "%c", *p);
            }
        }
        if (*p == ',')
            p++;
        if (t.len) {
            sb_printf(&o, "%s%s", first ? "\t" : ", ", tmp);
            first = false;
        }
    }
    return 4;
}
