/*
 * hash64: four independent lanes over 32-byte strides (so the multiplies
 * overlap instead of waiting on each other), each 8-byte word scrambled by
 * a multiply and a shift before it is mixed into its lane; the lanes, the
 * tail and the length are then folded together, with a final avalanche so
 * that every input bit reaches every output bit. Several bytes a cycle:
 * checking an 8 MB cache file costs about a millisecond.
 * checksum64, for long inputs (the cache files), does the same with three
 * CRC32C lanes, where SSE4.2's crc32 instruction takes 8 bytes a cycle.
 */
#include "util/hash.h"

#include <stdbool.h>
#include <string.h>

#define K1 0x9e3779b97f4a7c15ull
#define K2 0xc2b2ae3d27d4eb4full
#define K3 0x165667b19e3779f9ull

static inline uint64_t scramble(uint64_t w)
{
    w *= K1;
    return w ^ (w >> 31);
}

static inline uint64_t mix(uint64_t h, uint64_t w)
{
    h = (h ^ scramble(w)) * K2;
    return h ^ (h >> 27);
}

static inline uint64_t word(const unsigned char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

/* Mixes into r the words of p from i up to len and the length, and
 * spreads the result's bits: the end both hashes share. */
static uint64_t finish(uint64_t r, const unsigned char *p, size_t i, size_t len)
{
    for (; i + 8 <= len; i += 8)
        r = mix(r, word(p + i));
    uint64_t w = 0;
    memcpy(&w, p + i, len - i);
    r = mix(r, w ^ ((uint64_t)len << 56) ^ len);
    r ^= r >> 33;
    r *= K1;
    r ^= r >> 29;
    return r;
}

uint64_t hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h[4] = { seed ^ K3, seed ^ K2, seed ^ K1, ~seed };
    size_t i = 0;
    for (; i + 32 <= len; i += 32)
        for (int k = 0; k < 4; k++)
            h[k] = mix(h[k], word(p + i + 8 * k));
    uint64_t r = h[0];
    for (int k = 1; k < 4; k++)
        r = mix(r, h[k]);
    return finish(r, p, i, len);
}

/* ---- checksum64 ---- */

#define CRC32C_POLY 0x82f63b78u   /* reflected */

static uint32_t crc_table[256];   /* filled once by crc_sw's first caller (the loader is single-threaded then) */

static uint32_t crc_sw(uint32_t c, uint64_t w)
{
    if (!crc_table[1]) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t x = i;
            for (int k = 0; k < 8; k++)
                x = (x >> 1) ^ (CRC32C_POLY & -(x & 1));
            crc_table[i] = x;
        }
    }
    for (int k = 0; k < 8; k++, w >>= 8)
        c = crc_table[(c ^ (uint32_t)w) & 0xff] ^ (c >> 8);
    return c;
}

static void lanes_sw(const unsigned char *p, size_t n, uint32_t c[3])
{
    for (size_t i = 0; i < n; i += 24)
        for (int k = 0; k < 3; k++)
            c[k] = crc_sw(c[k], word(p + i + 8 * k));
}

/* PEEK_HASH_SOFTWARE: the table alone (tests/exec/tb-cache/checksum.c compares the two) */
#if defined(__x86_64__) && !defined(PEEK_HASH_SOFTWARE)
__attribute__((target("sse4.2"))) static void lanes_hw(const unsigned char *p, size_t n, uint32_t c[3])
{
    uint64_t a = c[0], b = c[1], d = c[2];
    for (size_t i = 0; i < n; i += 24) {
        a = __builtin_ia32_crc32di(a, word(p + i));
        b = __builtin_ia32_crc32di(b, word(p + i + 8));
        d = __builtin_ia32_crc32di(d, word(p + i + 16));
    }
    c[0] = (uint32_t)a;
    c[1] = (uint32_t)b;
    c[2] = (uint32_t)d;
}

static bool have_crc(void) { return __builtin_cpu_supports("sse4.2"); }
#else
static void lanes_hw(const unsigned char *p, size_t n, uint32_t c[3]) { lanes_sw(p, n, c); }
static bool have_crc(void) { return false; }
#endif

uint64_t checksum64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint32_t c[3] = { (uint32_t)seed, (uint32_t)(seed >> 32), (uint32_t)(seed ^ K1) };
    size_t body = len / 24 * 24;
    if (have_crc())
        lanes_hw(p, body, c);
    else
        lanes_sw(p, body, c);
    uint64_t r = mix(seed ^ K3, (uint64_t)c[0] << 32 | c[1]);
    r = mix(r, c[2]);
    size_t i = body;
    return finish(r, p, i, len);
}
