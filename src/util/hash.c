/*
 * hash64: four independent lanes over 32-byte strides (so the multiplies
 * overlap instead of waiting on each other), each 8-byte word scrambled by
 * a multiply and a shift before it is mixed into its lane; the lanes, the
 * tail and the length are then folded together, with a final avalanche so
 * that every input bit reaches every output bit. Several bytes a cycle:
 * checking an 8 MB cache file costs about a millisecond.
 */
#include "util/hash.h"

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
