/*
 * The SHA-1 of QEMU's plugin documentation examples, written for these
 * tests: hashes "abc" (FIPS 180 test vector a9993e36...) and then a
 * 64 KiB buffer many times, printing both digests; the first is checked
 * against the standard's value, so a wrong translation shows too.
 *   sha1 [rounds]   (default 20)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rol(uint32_t x, int n) { return x << n | x >> (32 - n); }

static void block(uint32_t h[5], const uint8_t *p)
{
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 | p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 80; i++)
        w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = t;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

static void sha1(const uint8_t *msg, size_t len, uint8_t out[20])
{
    uint32_t h[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    size_t i = 0;
    for (; i + 64 <= len; i += 64)
        block(h, msg + i);
    uint8_t tail[128] = { 0 };
    size_t rest = len - i;
    memcpy(tail, msg + i, rest);
    tail[rest] = 0x80;
    size_t n = rest + 1 + 8 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int k = 0; k < 8; k++)
        tail[n - 1 - k] = (uint8_t)(bits >> (8 * k));
    for (size_t j = 0; j < n; j += 64)
        block(h, tail + j);
    for (int k = 0; k < 20; k++)
        out[k] = (uint8_t)(h[k / 4] >> (24 - 8 * (k % 4)));
}

static void print(const char *what, const uint8_t d[20])
{
    printf("%s ", what);
    for (int k = 0; k < 20; k++)
        printf("%02x", d[k]);
    printf("\n");
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 20;
    uint8_t d[20];
    sha1((const uint8_t *)"abc", 3, d);
    print("abc", d);
    static uint8_t buf[65536];
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 7 + 3);
    for (int r = 0; r < rounds; r++) {
        sha1(buf, sizeof(buf), d);
        buf[r % sizeof(buf)] ^= d[0];
    }
    print("buf", d);
    return 0;
}
