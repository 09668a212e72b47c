/*
 * C half of the aarch64 differential test binaries (freestanding, no
 * libc). For each sequence a64gen put in the binary it fills the scratch
 * buffer and the initial registers and NZCV from the sequence's seed,
 * runs it through a64_run_seq (harness.S), and prints x0..x30, NZCV and a
 * hash of the scratch buffer, one "s=<seed> <name>=<hex>" line each,
 * ending with "s=<seed> end". Every line carries the seed so that
 * run-diff.sh can name the failing sequence from any differing line.
 */
#include <stdint.h>

#define SCRATCH_SIZE 2048
#define INIT_OFF 2048
#define DUMP_OFF (INIT_OFF + 256)

extern const uint64_t a64_seq_count;
extern const uint64_t a64_seq_seeds[];
extern void (*const a64_seq_entries[])(void);
extern unsigned char a64_area[];
long a64_syscall3(long nr, long a, long b, long c);
void a64_run_seq(void (*entry)(void));
int a64_main(void);

/* The same mixer a64gen uses, so the state varies with the seed. */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Interesting register values: edges half of the time. */
static uint64_t pick_value(uint64_t *st)
{
	static const uint64_t edges[] = {
		0, 1, 2, 0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull, 0x7fffffff, 0x80000000,
		0xffffffff, 0x100000000ull, 0xffffffff80000000ull, 63, 64, 31, 32,
	};
	uint64_t r = splitmix64(st);
	if (r & 1)
		return splitmix64(st);
	return edges[(r >> 1) % (sizeof(edges) / sizeof(edges[0]))] + ((r >> 8) & 1);
}

static char line[64];

static void put_line(uint64_t seed, const char *name, uint64_t v)
{
	char *p = line;
	*p++ = 's';
	*p++ = '=';
	char dec[24];
	int n = 0;
	do
		dec[n++] = (char)('0' + seed % 10);
	while ((seed /= 10) != 0);
	while (n)
		*p++ = dec[--n];
	*p++ = ' ';
	while (*name)
		*p++ = *name++;
	if (v != UINT64_MAX - 1) {	/* the "end" line has no value */
		*p++ = '=';
		for (int i = 60; i >= 0; i -= 4)
			*p++ = "0123456789abcdef"[(v >> i) & 15];
	}
	*p++ = '\n';
	a64_syscall3(64, 1, (long)line, p - line);
}

int a64_main(void)
{
	static const char names[32][5] = {
		"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
		"x14", "x15", "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23", "x24", "x25",
		"x26", "x27", "x28", "x29", "x30", "nzcv",
	};
	for (uint64_t i = 0; i < a64_seq_count; i++) {
		uint64_t seed = a64_seq_seeds[i], st = seed ^ 0x5eed;
		volatile uint64_t *w = (volatile uint64_t *)a64_area;
		for (int j = 0; j < SCRATCH_SIZE / 8; j++)
			w[j] = splitmix64(&st);
		for (int r = 0; r < 31; r++)
			w[INIT_OFF / 8 + r] = pick_value(&st);
		w[INIT_OFF / 8 + 31] = (splitmix64(&st) & 15) << 28;
		a64_run_seq(a64_seq_entries[i]);
		for (int r = 0; r < 32; r++)
			put_line(seed, names[r], w[DUMP_OFF / 8 + r]);
		uint64_t h = 0xcbf29ce484222325ull;
		for (int j = 0; j < SCRATCH_SIZE / 8; j++)
			h = (h ^ w[j]) * 0x100000001b3ull;
		put_line(seed, "mem", h);
		put_line(seed, "end", UINT64_MAX - 1);
	}
	return 0;
}
