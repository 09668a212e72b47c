/*
 * C half of the differential test binaries (riscv64, freestanding, no
 * libc).  For each sequence that rvgen put in the binary it fills the
 * scratch buffer from the sequence's seed, runs the sequence through
 * rv_run_seq (harness.S), and prints the saved registers, fcsr and a hash
 * of the scratch buffer, one "s=<seed> <name>=<hex>" line each, ending with
 * "s=<seed> end".  Every line carries the seed so that run-diff.sh can name
 * the failing sequence from any differing line.
 */
#include <stdint.h>

#define SCRATCH_SIZE 2048

extern const uint64_t rv_seq_count;
extern const uint64_t rv_seq_seeds[];
extern void (*const rv_seq_entries[])(void);
extern uint64_t rv_save[128];
extern unsigned char rv_scratch[SCRATCH_SIZE];
void rv_run_seq(void (*entry)(void));
int rv_main(void);

static long sys_write(int fd, const void *buf, unsigned long len)
{
	register long a0 __asm__("a0") = fd;
	register long a1 __asm__("a1") = (long)buf;
	register long a2 __asm__("a2") = (long)len;
	register long a7 __asm__("a7") = 64;
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
	return a0;
}

/* The same mixer rvgen uses, so buffer contents vary with the seed. */
static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static char out[8192];
static unsigned out_len;

static void put_str(const char *s)
{
	while (*s)
		out[out_len++] = *s++;
}

static void put_dec(uint64_t v)
{
	char tmp[24];
	int n = 0;
	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		out[out_len++] = tmp[--n];
}

static void put_line(uint64_t seed, const char *name, unsigned idx,
		     int with_idx, uint64_t value)
{
	static const char hex[] = "0123456789abcdef";
	put_str("s=");
	put_dec(seed);
	out[out_len++] = ' ';
	put_str(name);
	if (with_idx)
		put_dec(idx);
	out[out_len++] = '=';
	for (int sh = 60; sh >= 0; sh -= 4)
		out[out_len++] = hex[(value >> sh) & 15];
	out[out_len++] = '\n';
}

int rv_main(void)
{
	for (uint64_t i = 0; i < rv_seq_count; i++) {
		uint64_t seed = rv_seq_seeds[i];
		uint64_t st = seed ^ 0x5ca1ab1e0ddba11ull;
		for (unsigned j = 0; j < SCRATCH_SIZE; j += 8) {
			uint64_t v = splitmix64(&st);
			for (unsigned k = 0; k < 8; k++)
				rv_scratch[j + k] = v >> (8 * k);
		}
		rv_run_seq(rv_seq_entries[i]);

		/* FNV-1a over the buffer */
		uint64_t h = 0xcbf29ce484222325ull;
		for (unsigned j = 0; j < SCRATCH_SIZE; j++)
			h = (h ^ rv_scratch[j]) * 0x100000001b3ull;

		out_len = 0;
		for (unsigned r = 1; r < 32; r++)
			put_line(seed, "x", r, 1, rv_save[r]);
		for (unsigned r = 0; r < 32; r++)
			put_line(seed, "f", r, 1, rv_save[32 + r]);
		put_line(seed, "fcsr", 0, 0, rv_save[64]);
		put_line(seed, "mem", 0, 0, h);
		put_str("s=");
		put_dec(seed);
		put_str(" end\n");
		sys_write(1, out, out_len);
	}
	return 0;
}
