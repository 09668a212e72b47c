/*
 * checksum64 (util/hash.c), which checks every cache file: the crc32
 * instruction's lanes and the table the other hosts use must give one
 * value (linked twice, the second built with PEEK_HASH_SOFTWARE as
 * checksum64_sw), for every tail length and seed; and a single flipped
 * bit anywhere in a 1 MB input, in any lane or the tail, must change it.
 * Prints PASS/FAIL lines for build/results/tb-cache.txt.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/hash.h"

uint64_t checksum64_sw(const void *data, size_t len, uint64_t seed);

int main(void)
{
    size_t n = 1 << 20;
    unsigned char *b = malloc(n);
    if (!b)
        return 1;
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        b[i] = (unsigned char)x;
    }
    int bad = 0;
    for (size_t len = 0; len < 100 && !bad; len++)
        for (uint64_t seed = 0; seed < 4 && !bad; seed++)
            if (checksum64(b + 1, len, seed * 0x1234567) != checksum64_sw(b + 1, len, seed * 0x1234567)) {
                printf("FAIL tb-cache-checksum-sw: crc32 and table differ at length %zu\n", len);
                bad = 1;
            }
    if (!bad && checksum64(b, n, 7) != checksum64_sw(b, n, 7)) {
        printf("FAIL tb-cache-checksum-sw: crc32 and table differ on 1 MB\n");
        bad = 1;
    }
    if (!bad)
        printf("PASS tb-cache-checksum-sw\n");
    uint64_t h = checksum64(b, n - 5, 3);
    size_t at[] = { 0, 7, 8, 16, 23, 24, 4097, n / 2 + 11, n - 30, n - 7, n - 6 };
    for (size_t k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
        b[at[k]] ^= 0x10;
        uint64_t g = checksum64(b, n - 5, 3);
        b[at[k]] ^= 0x10;
        if (g == h) {
            printf("FAIL tb-cache-checksum-bit: a flipped bit at byte %zu went unseen\n", at[k]);
            free(b);
            return 0;
        }
    }
    printf("PASS tb-cache-checksum-bit\n");
    free(b);
    return 0;
}
