/*
 * a64gen: seeded random aarch64 instruction sequences for differential
 * testing (host program).
 *
 *   a64gen [-n LEN] SEED COUNT > batch.S
 *
 * writes an assembly file holding COUNT independent sequences, for seeds
 * SEED .. SEED+COUNT-1, each LEN random steps long (default 200), plus the
 * tables harness.c walks. Each sequence starts by loading NZCV and x0..x30
 * from the init area that harness.c filled from the seed, runs its steps
 * with sp pointing at the scratch buffer, and ends in a64_seq_done
 * (harness.S), which saves the registers and NZCV for harness.c to print.
 * A sequence depends only on its seed and LEN, so a failing seed can be
 * regenerated alone.
 *
 * Steps come from the table `classes` below: one generator function per
 * instruction class with a weight. Adding a class (FP, AdvSIMD, ...) is
 * one function and one table line; a class that needs registers of its
 * own initialised adds them to the prologue and to the harness's dump.
 *
 * Nothing is generated whose result the architecture leaves open or that
 * qemu-aarch64 models differently on purpose: sp is never written, no
 * writeback to a register the instruction also loads or stores, no ID or
 * timer registers, no FPCR, no DC ZVA (its block size is the CPU's: qemu's
 * "max" zeroes 512 bytes, peek 64), and only ALU steps between a
 * load-exclusive and its store-exclusive.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SCRATCH_SIZE 2048     /* bytes at sp the sequence may access */
#define INIT_OFF 2048         /* x0..x30 then NZCV, written by harness.c */

typedef struct Gen {
	uint64_t rng;
	unsigned label;		/* next local label number */
	int in_block;		/* inside a forward-branch block: no nesting */
} Gen;

/* splitmix64, the same as harness.c's */
static uint64_t rnd(Gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(Gen *g, unsigned n) { return (unsigned)(rnd(g) % n); }
static int chance(Gen *g, unsigned percent) { return below(g, 100) < percent; }
#define PICK(g, arr) ((arr)[below((g), sizeof(arr) / sizeof((arr)[0]))])

static const char *const conds[] = { "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
				     "hi", "ls", "ge", "lt", "gt", "le", "al", "nv" };

/* A general register 0..30 as x or w. */
static const char *reg(unsigned r, int x)
{
	static char buf[8][8];
	static unsigned slot;
	char *b = buf[slot++ % 8];
	snprintf(b, 8, "%c%u", x ? 'x' : 'w', r);
	return b;
}
static unsigned rr(Gen *g) { return below(g, 31); }
/* A source that may be the zero register. */
static const char *src(Gen *g, int x)
{
	return chance(g, 5) ? (x ? "xzr" : "wzr") : reg(rr(g), x);
}

/* A register (not 'avoid') pointing into scratch at an offset aligned to
 * align, with room for span bytes after it; the offset in *offp. */
static unsigned gen_base_off(Gen *g, unsigned avoid1, unsigned avoid2, unsigned align, unsigned span,
			     unsigned *offp)
{
	unsigned b;
	do
		b = rr(g);
	while (b == avoid1 || b == avoid2);
	unsigned off = below(g, (SCRATCH_SIZE - span - 256) / align) * align + 256;
	printf("\tadd %s, sp, #%u\n", reg(b, 1), off);
	*offp = off;
	return b;
}

static unsigned gen_base(Gen *g, unsigned avoid1, unsigned avoid2, unsigned align, unsigned span)
{
	unsigned off;
	return gen_base_off(g, avoid1, avoid2, align, span, &off);
}

static void g_addsub_imm(Gen *g)
{
	static const char *const ops[] = { "add", "adds", "sub", "subs" };
	int x = chance(g, 60);
	printf("\t%s %s, %s, #%u%s\n", PICK(g, ops), reg(rr(g), x), reg(rr(g), x), below(g, 4096),
	       chance(g, 30) ? ", lsl #12" : "");
}

static void g_addsub_reg(Gen *g)
{
	static const char *const ops[] = { "add", "adds", "sub", "subs" };
	static const char *const sh[] = { "lsl", "lsr", "asr" };
	int x = chance(g, 60);
	printf("\t%s %s, %s, %s, %s #%u\n", PICK(g, ops), reg(rr(g), x), src(g, x), src(g, x), PICK(g, sh),
	       below(g, x ? 64 : 32));
}

static void g_addsub_ext(Gen *g)
{
	static const char *const ops[] = { "add", "adds", "sub", "subs" };
	static const char *const ext[] = { "uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx" };
	int x = chance(g, 60);
	unsigned e = below(g, 8);
	/* the 64-bit form takes a W register except for uxtx/sxtx */
	int mx = x && (e & 3) == 3;
	printf("\t%s %s, %s, %s, %s #%u\n", PICK(g, ops), reg(rr(g), x), reg(rr(g), x), reg(rr(g), mx), ext[e],
	       below(g, 5));
}

static void g_adc(Gen *g)
{
	static const char *const ops[] = { "adc", "adcs", "sbc", "sbcs", "ngc", "ngcs" };
	int x = chance(g, 60);
	unsigned op = below(g, 6);
	if (op >= 4)
		printf("\t%s %s, %s\n", ops[op], reg(rr(g), x), src(g, x));
	else
		printf("\t%s %s, %s, %s\n", ops[op], reg(rr(g), x), src(g, x), src(g, x));
}

/* DecodeBitMasks, to print a valid logical immediate. */
static int bitmask(int x, unsigned n, unsigned immr, unsigned imms, uint64_t *out)
{
	unsigned combined = n << 6 | (~imms & 0x3f);
	if (!combined || (!x && n))
		return 0;
	unsigned len = 31 - (unsigned)__builtin_clz(combined);
	if (len < 1)
		return 0;
	unsigned levels = (1u << len) - 1, esize = 1u << len;
	if ((imms & levels) == levels)
		return 0;
	unsigned s = imms & levels, r = immr & levels;
	uint64_t emask = esize == 64 ? ~0ull : (1ull << esize) - 1;
	uint64_t w = (s + 1 == 64) ? ~0ull : (1ull << (s + 1)) - 1;
	if (r)
		w = ((w >> r) | (w << (esize - r))) & emask;
	uint64_t v = 0;
	for (unsigned i = 0; i < 64; i += esize)
		v |= w << i;
	*out = x ? v : v & 0xffffffffu;
	return 1;
}

static void g_logic_imm(Gen *g)
{
	static const char *const ops[] = { "and", "orr", "eor", "ands" };
	int x = chance(g, 60);
	uint64_t v;
	while (!bitmask(x, x ? below(g, 2) : 0, below(g, 64), below(g, 64), &v))
		;
	printf("\t%s %s, %s, #0x%" PRIx64 "\n", PICK(g, ops), reg(rr(g), x), src(g, x), v);
}

static void g_logic_reg(Gen *g)
{
	static const char *const ops[] = { "and", "bic", "orr", "orn", "eor", "eon", "ands", "bics" };
	static const char *const sh[] = { "lsl", "lsr", "asr", "ror" };
	int x = chance(g, 60);
	printf("\t%s %s, %s, %s, %s #%u\n", PICK(g, ops), reg(rr(g), x), src(g, x), src(g, x), PICK(g, sh),
	       below(g, x ? 64 : 32));
}

static void g_movew(Gen *g)
{
	static const char *const ops[] = { "movz", "movn", "movk" };
	int x = chance(g, 60);
	printf("\t%s %s, #%u, lsl #%u\n", PICK(g, ops), reg(rr(g), x), below(g, 65536), 16 * below(g, x ? 4 : 2));
}

static void g_bitfield(Gen *g)
{
	static const char *const ops[] = { "sbfm", "bfm", "ubfm" };
	int x = chance(g, 60);
	unsigned w = x ? 64 : 32;
	printf("\t%s %s, %s, #%u, #%u\n", PICK(g, ops), reg(rr(g), x), src(g, x), below(g, w), below(g, w));
}

static void g_extr(Gen *g)
{
	int x = chance(g, 60);
	printf("\textr %s, %s, %s, #%u\n", reg(rr(g), x), src(g, x), src(g, x), below(g, x ? 64 : 32));
}

static void g_shiftv(Gen *g)
{
	static const char *const ops[] = { "lslv", "lsrv", "asrv", "rorv" };
	int x = chance(g, 60);
	printf("\t%s %s, %s, %s\n", PICK(g, ops), reg(rr(g), x), src(g, x), src(g, x));
}

static void g_mul(Gen *g)
{
	static const char *const ops3[] = { "madd", "msub" };
	static const char *const opsl[] = { "smaddl", "smsubl", "umaddl", "umsubl" };
	static const char *const opsh[] = { "smulh", "umulh" };
	int x = chance(g, 60);
	switch (below(g, 3)) {
	case 0:
		printf("\t%s %s, %s, %s, %s\n", PICK(g, ops3), reg(rr(g), x), src(g, x), src(g, x), src(g, x));
		break;
	case 1:
		printf("\t%s %s, %s, %s, %s\n", PICK(g, opsl), reg(rr(g), 1), src(g, 0), src(g, 0), src(g, 1));
		break;
	default:
		printf("\t%s %s, %s, %s\n", PICK(g, opsh), reg(rr(g), 1), src(g, 1), src(g, 1));
		break;
	}
}

/* Division, with the divisor forced to 0, -1 or 1 now and then. */
static void g_div(Gen *g)
{
	static const char *const special[] = { "#0", "#-1", "#1" };
	int x = chance(g, 60);
	unsigned m = below(g, 30);	/* m ^ 1 stays a register too */
	if (chance(g, 30))
		printf("\tmov %s, %s\n", reg(m, x), PICK(g, special));
	if (chance(g, 15))
		printf("\tmov %s, #%s\n", reg(m ^ 1, 1), x ? "0x8000000000000000" : "0x80000000");
	printf("\t%s %s, %s, %s\n", chance(g, 50) ? "sdiv" : "udiv", reg(rr(g), x),
	       chance(g, 20) ? reg(m ^ 1, x) : src(g, x), reg(m, x));
}

static void g_dp1(Gen *g)
{
	static const char *const ops[] = { "rbit", "rev16", "rev", "clz", "cls", "rev32" };
	unsigned op = below(g, 6);
	int x = op == 5 || chance(g, 60);
	printf("\t%s %s, %s\n", ops[op], reg(rr(g), x), src(g, x));
}

static void g_crc32(Gen *g)
{
	static const char *const ops[] = { "crc32b", "crc32h", "crc32w", "crc32x",
					   "crc32cb", "crc32ch", "crc32cw", "crc32cx" };
	unsigned op = below(g, 8);
	printf("\t%s %s, %s, %s\n", ops[op], reg(rr(g), 0), src(g, 0), src(g, (op & 3) == 3));
}

static void g_csel(Gen *g)
{
	static const char *const ops[] = { "csel", "csinc", "csinv", "csneg" };
	int x = chance(g, 60);
	if (chance(g, 25))
		printf("\t%s %s, %s\n", chance(g, 50) ? "cset" : "csetm", reg(rr(g), x), conds[below(g, 14)]);
	else
		printf("\t%s %s, %s, %s, %s\n", PICK(g, ops), reg(rr(g), x), src(g, x), src(g, x),
		       PICK(g, conds));
}

static void g_ccmp(Gen *g)
{
	int x = chance(g, 60);
	const char *op = chance(g, 50) ? "ccmp" : "ccmn";
	if (chance(g, 50))
		printf("\t%s %s, #%u, #%u, %s\n", op, src(g, x), below(g, 32), below(g, 16), PICK(g, conds));
	else
		printf("\t%s %s, %s, #%u, %s\n", op, src(g, x), src(g, x), below(g, 16), PICK(g, conds));
}

static void g_cmp(Gen *g)
{
	static const char *const ops[] = { "cmp", "cmn", "tst" };
	int x = chance(g, 60);
	printf("\t%s %s, %s\n", PICK(g, ops), src(g, x), src(g, x));
}

static void g_nzcv(Gen *g)
{
	unsigned r = rr(g);
	if (chance(g, 50))
		printf("\tmrs %s, nzcv\n", reg(r, 1));
	else
		printf("\tmov %s, #0x%x0000000\n\tmsr nzcv, %s\n", reg(r, 1), below(g, 16), reg(r, 1));
}

static void g_adr(Gen *g)
{
	printf("\t%s %s, .\n", chance(g, 50) ? "adr" : "adrp", reg(rr(g), 1));
}

/* Single-register loads and stores: sp + immediate, a base register
 * with pre/post-index writeback, or sp + an index register. */
static void g_ldst(Gen *g)
{
	static const struct { const char *op; unsigned size; int x; } forms[] = {
		{ "ldrb", 0, 0 }, { "ldrh", 1, 0 }, { "ldr", 2, 0 }, { "ldr", 3, 1 },
		{ "ldrsb", 0, 0 }, { "ldrsb", 0, 1 }, { "ldrsh", 1, 0 }, { "ldrsh", 1, 1 }, { "ldrsw", 2, 1 },
		{ "strb", 0, 0 }, { "strh", 1, 0 }, { "str", 2, 0 }, { "str", 3, 1 },
	};
	unsigned f = below(g, sizeof(forms) / sizeof(forms[0]));
	unsigned size = forms[f].size, t = rr(g);
	const char *rt = reg(t, forms[f].x);
	switch (below(g, 4)) {
	case 0:
		printf("\t%s %s, [sp, #%u]\n", forms[f].op, rt, below(g, (SCRATCH_SIZE - 8) >> size) << size);
		break;
	case 1: {
		char op[8];
		snprintf(op, sizeof(op), "%.2su%s", forms[f].op, forms[f].op + 2);
		printf("\t%s %s, [sp, #%u]\n", op, rt, below(g, 256));
		break;
	}
	case 2: {
		unsigned b = gen_base(g, t, 99, 1, 512);
		int imm = (int)below(g, 512) - 256;
		printf(chance(g, 50) ? "\t%s %s, [%s, #%d]!\n" : "\t%s %s, [%s], #%d\n", forms[f].op, rt,
		       reg(b, 1), imm);
		break;
	}
	default: {
		static const char *const ext[] = { "lsl", "uxtw", "sxtw", "sxtx" };
		unsigned i = rr(g), e = below(g, 4);
		printf("\tmov %s, #%u\n", reg(i, 1), below(g, (SCRATCH_SIZE - 8) >> size));
		printf("\t%s %s, [sp, %s, %s #%u]\n", forms[f].op, reg(t == i ? (t + 1) % 31 : t, forms[f].x),
		       reg(i, e == 1 || e == 2 ? 0 : 1), ext[e], chance(g, 50) ? size : 0);
		break;
	}
	}
}

static void g_ldst_pair(Gen *g)
{
	static const struct { const char *op; unsigned size; int x; } forms[] = {
		{ "ldp", 2, 0 }, { "ldp", 3, 1 }, { "ldpsw", 2, 1 }, { "stp", 2, 0 }, { "stp", 3, 1 },
		{ "ldnp", 3, 1 }, { "stnp", 2, 0 },
	};
	unsigned f = below(g, sizeof(forms) / sizeof(forms[0]));
	unsigned t1 = rr(g), t2 = rr(g), size = forms[f].size;
	if (t2 == t1)
		t2 = (t1 + 1) % 31;
	int imm = ((int)below(g, 64) - 32) << size;
	if (chance(g, 50) || forms[f].op[2] == 'n') {
		printf("\t%s %s, %s, [sp, #%u]\n", forms[f].op, reg(t1, forms[f].x), reg(t2, forms[f].x),
		       below(g, 64) << size);
		return;
	}
	unsigned b = gen_base(g, t1, t2, 1, 512);
	printf(chance(g, 50) ? "\t%s %s, %s, [%s, #%d]!\n" : "\t%s %s, %s, [%s], #%d\n", forms[f].op,
	       reg(t1, forms[f].x), reg(t2, forms[f].x), reg(b, 1), imm);
}

/* Load-acquire/store-release and a load/store-exclusive pair around ALU
 * steps, on an aligned address. */
static void g_alu(Gen *g);
static void g_excl(Gen *g)
{
	static const char *const sfx[] = { "b", "h", "", "" };
	unsigned size = below(g, 4), t = rr(g), v = rr(g), st = rr(g), off;
	int x = size == 3;
	unsigned b = gen_base_off(g, 99, 99, 16, 16, &off);
	if (t == b) t = (b + 1) % 31;
	if (v == b) v = (b + 2) % 31;
	while (st == b || st == v || st == t)
		st = (st + 1) % 31;
	if (chance(g, 30)) {
		printf("\t%s%s %s, [%s]\n", chance(g, 50) ? "ldar" : "stlr", sfx[size], reg(t, x), reg(b, 1));
		return;
	}
	if (chance(g, 25)) {
		unsigned t2 = (t + 3) % 31;
		while (t2 == b || t2 == t) t2 = (t2 + 1) % 31;
		printf("\tldxp %s, %s, [%s]\n", reg(t, x), reg(t2, x), reg(b, 1));
		printf("\tstxp %s, %s, %s, [%s]\n", reg(st, 0), reg(v, x), reg(t, x), reg(b, 1));
		return;
	}
	printf("\tld%sxr%s %s, [%s]\n", chance(g, 50) ? "a" : "", sfx[size], reg(t, x), reg(b, 1));
	for (unsigned n = below(g, 3); n; n--)
		g_alu(g);
	/* the steps may have overwritten the base: set it again */
	printf("\tadd %s, sp, #%u\n", reg(b, 1), off);
	printf("\tst%sxr%s %s, %s, [%s]\n", chance(g, 50) ? "l" : "", sfx[size], reg(st, 0), reg(v, x),
	       reg(b, 1));
}

static void g_lse(Gen *g)
{
	static const char *const ops[] = { "ldadd", "ldclr", "ldeor", "ldset", "ldsmax", "ldsmin",
					   "ldumax", "ldumin", "swp" };
	static const char *const ord[] = { "", "a", "l", "al" };
	static const char *const sfx[] = { "b", "h", "", "" };
	unsigned size = below(g, 4), b = gen_base(g, 99, 99, 16, 16);
	int x = size == 3;
	unsigned s = rr(g), t = rr(g);
	switch (below(g, 3)) {
	case 0:
		printf("\t%s%s%s %s, %s, [%s]\n", PICK(g, ops), PICK(g, ord), sfx[size], reg(s, x), reg(t, x),
		       reg(b, 1));
		break;
	case 1:
		printf("\tcas%s%s %s, %s, [%s]\n", PICK(g, ord), sfx[size], reg(s, x), reg(t, x), reg(b, 1));
		break;
	default:
		s = below(g, 15) * 2, t = below(g, 15) * 2;
		x = chance(g, 50);
		printf("\tcasp%s %s, %s, %s, %s, [%s]\n", PICK(g, ord), reg(s, x), reg(s + 1, x), reg(t, x),
		       reg(t + 1, x), reg(b, 1));
		break;
	}
}

/* A forward branch over 1..3 steps, or an indirect one. */
static void g_step(Gen *g);
static void g_branch(Gen *g)
{
	if (g->in_block) {
		g_alu(g);
		return;
	}
	unsigned l = g->label++, r = rr(g);
	int x = chance(g, 60);
	switch (below(g, 7)) {
	case 0: printf("\tb.%s .L%u\n", PICK(g, conds), l); break;
	case 1: printf("\tcbz %s, .L%u\n", src(g, x), l); break;
	case 2: printf("\tcbnz %s, .L%u\n", src(g, x), l); break;
	case 3: printf("\ttbz %s, #%u, .L%u\n", reg(r, x), below(g, x ? 64 : 32), l); break;
	case 4: printf("\ttbnz %s, #%u, .L%u\n", reg(r, x), below(g, x ? 64 : 32), l); break;
	case 5: printf("\t%s .L%u\n", chance(g, 50) ? "b" : "bl", l); break;
	default: {
		static const char *const ops[] = { "br", "blr", "ret" };
		printf("\tadr %s, .L%u\n\t%s %s\n", reg(r, 1), l, PICK(g, ops), reg(r, 1));
		break;
	}
	}
	g->in_block = 1;
	for (unsigned n = below(g, 3) + 1; n; n--)
		g_step(g);
	g->in_block = 0;
	printf(".L%u:\n", l);
}

/* The instruction classes and their weights: add FP/SIMD classes here. */
typedef struct Class {
	const char *name;
	unsigned weight;
	void (*gen)(Gen *g);
	int alu;	/* register-only: allowed inside a load/store-exclusive pair */
} Class;

static const Class classes[] = {
	{ "addsub_imm", 6, g_addsub_imm, 1 }, { "addsub_reg", 6, g_addsub_reg, 1 },
	{ "addsub_ext", 4, g_addsub_ext, 1 }, { "adc", 4, g_adc, 1 },
	{ "logic_imm", 5, g_logic_imm, 1 }, { "logic_reg", 5, g_logic_reg, 1 },
	{ "movew", 4, g_movew, 1 }, { "bitfield", 6, g_bitfield, 1 }, { "extr", 2, g_extr, 1 },
	{ "shiftv", 3, g_shiftv, 1 }, { "mul", 4, g_mul, 1 }, { "div", 3, g_div, 1 },
	{ "dp1", 4, g_dp1, 1 }, { "crc32", 2, g_crc32, 1 }, { "csel", 5, g_csel, 1 },
	{ "ccmp", 4, g_ccmp, 1 }, { "cmp", 4, g_cmp, 1 }, { "nzcv", 1, g_nzcv, 1 },
	{ "adr", 1, g_adr, 1 },
	{ "ldst", 10, g_ldst, 0 }, { "ldst_pair", 5, g_ldst_pair, 0 }, { "excl", 3, g_excl, 0 },
	{ "lse", 4, g_lse, 0 }, { "branch", 8, g_branch, 0 },
};
#define N_CLASSES (sizeof(classes) / sizeof(classes[0]))

static const Class *pick_class(Gen *g, int alu_only)
{
	unsigned total = 0;
	for (unsigned i = 0; i < N_CLASSES; i++)
		total += (!alu_only || classes[i].alu) ? classes[i].weight : 0;
	unsigned n = below(g, total);
	for (unsigned i = 0;; i++) {
		unsigned w = (!alu_only || classes[i].alu) ? classes[i].weight : 0;
		if (n < w)
			return &classes[i];
		n -= w;
	}
}

static void g_alu(Gen *g) { pick_class(g, 1)->gen(g); }
static void g_step(Gen *g) { pick_class(g, 0)->gen(g); }

static void gen_sequence(Gen *g, uint64_t seed, unsigned len)
{
	g->rng = seed * 0x2545f4914f6cdd1dull + 1;
	printf("\n\t.balign 4\nseq_%" PRIu64 ":\n", seed);
	printf("\tldr x0, [sp, #%u]\n\tmsr nzcv, x0\n", INIT_OFF + 31 * 8);
	for (unsigned r = 0; r < 31; r++)
		printf("\tldr x%u, [sp, #%u]\n", r, INIT_OFF + 8 * r);
	for (unsigned i = 0; i < len; i++)
		g_step(g);
	printf("\tb a64_seq_done\n");
}

int main(int argc, char **argv)
{
	unsigned len = 200;
	int opt;
	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n') {
			fprintf(stderr, "usage: a64gen [-n LEN] SEED COUNT\n");
			return 2;
		}
		len = (unsigned)strtoul(optarg, NULL, 0);
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: a64gen [-n LEN] SEED COUNT\n");
		return 2;
	}
	uint64_t first = strtoull(argv[optind], NULL, 0);
	unsigned count = (unsigned)strtoul(argv[optind + 1], NULL, 0);
	Gen g = { 0 };
	printf("/* a64gen -n %u %" PRIu64 " %u */\n\t.arch armv8.1-a+crc\n\t.text\n", len, first, count);
	for (unsigned i = 0; i < count; i++)
		gen_sequence(&g, first + i, len);
	printf("\n\t.section .rodata\n\t.balign 8\n\t.globl a64_seq_count, a64_seq_seeds, a64_seq_entries\n");
	printf("a64_seq_count:\n\t.quad %u\na64_seq_seeds:\n", count);
	for (unsigned i = 0; i < count; i++)
		printf("\t.quad %" PRIu64 "\n", first + i);
	printf("a64_seq_entries:\n");
	for (unsigned i = 0; i < count; i++)
		printf("\t.quad seq_%" PRIu64 "\n", first + i);
	return 0;
}
