/* Integer benchmark: CRC-32 computed bit by bit and by table, and a 64-bit
 * multiply-xorshift hash, over a buffer filled by xorshift64, repeated.
 * Loads, shifts, xors, multiplies and short data-dependent branches: the
 * bread and butter of translated integer code. Prints the checksums so the
 * runner can tell a wrong answer from a fast one.
 *   crc [ROUNDS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define BUF_SIZE (64 * 1024)

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc_bitwise(const uint8_t *p, size_t n, uint32_t crc)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    return ~crc;
}

static uint32_t crc_bytewise(const uint8_t *p, size_t n, uint32_t crc)
{
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint64_t hash64(const uint8_t *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i + 8 <= n; i += 8) {
        uint64_t w = (uint64_t)p[i] | (uint64_t)p[i + 1] << 8 | (uint64_t)p[i + 2] << 16 |
                     (uint64_t)p[i + 3] << 24 | (uint64_t)p[i + 4] << 32 |
                     (uint64_t)p[i + 5] << 40 | (uint64_t)p[i + 6] << 48 | (uint64_t)p[i + 7] << 56;
        h ^= w * 0x9e3779b97f4a7c15ull;
        h = (h << 27 | h >> 37) * 0xbf58476d1ce4e5b9ull;
        h ^= h >> 31;
    }
    return h;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 500;
    static uint8_t buf[BUF_SIZE];
    uint64_t x = 0x123456789abcdefull;
    for (size_t i = 0; i < BUF_SIZE; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        buf[i] = (uint8_t)x;
    }
    crc_init();
    uint32_t c1 = 0, c2 = 0;
    uint64_t h = 0;
    for (int r = 0; r < rounds; r++) {
        buf[r % BUF_SIZE] ^= (uint8_t)r;
        if (r % 8 == 0)
            c1 = crc_bitwise(buf, BUF_SIZE, c1);
        for (int k = 0; k < 8; k++)
            c2 = crc_bytewise(buf, BUF_SIZE, c2);
        for (int k = 0; k < 8; k++)
            h = hash64(buf, BUF_SIZE, h);
    }
    printf("crc bitwise %08x bytewise %08x hash %016llx\n", c1, c2, (unsigned long long)h);
    return 0;
}
