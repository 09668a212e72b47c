/*
 * The cryptographic extension helper: AES rounds (AESE/AESD/AESMC/AESIMC),
 * SHA-1, SHA-256 and SHA-512 hash and schedule updates, the SHA-3 helpers
 * (EOR3, RAX1, XAR, BCAX) and the 64-bit polynomial multiply PMULL/PMULL2,
 * as the Arm ARM's pseudocode defines them. The AES S-box is computed (GF(2^8)
 * inverse and affine map) rather than tabled: correct first, and these are
 * one helper call per 16 bytes anyway.
 */
#include "guest/aarch64/helpers-fpsimd.h"

static uint8_t gmul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;
    while (b) {
        if (b & 1)
            r ^= a;
        a = (uint8_t)(a << 1 ^ (a & 0x80 ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}
static uint8_t ginv(uint8_t x)   /* x^254 */
{
    uint8_t r = 1;
    for (int i = 0; i < 254; i++)
        r = gmul(r, x);
    return r;
}
static uint8_t rol8(uint8_t x, int n) { return (uint8_t)(x << n | x >> (8 - n)); }
static uint8_t sbox(uint8_t x)
{
    uint8_t b = ginv(x);
    return b ^ rol8(b, 1) ^ rol8(b, 2) ^ rol8(b, 3) ^ rol8(b, 4) ^ 0x63;
}
static uint8_t inv_sbox(uint8_t x)
{
    uint8_t b = rol8(x, 1) ^ rol8(x, 3) ^ rol8(x, 6) ^ 0x05;
    return ginv(b);
}

static void aes_round(uint8_t *st, bool decrypt)
{
    uint8_t t[16];
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) {
            int from = decrypt ? (c - r + 4) % 4 : (c + r) % 4;
            t[r + 4 * c] = decrypt ? inv_sbox(st[r + 4 * from]) : sbox(st[r + 4 * from]);
        }
    memcpy(st, t, 16);
}
static void aes_mix(uint8_t *st, bool inverse)
{
    static const uint8_t fwd[4] = { 2, 3, 1, 1 }, inv[4] = { 14, 11, 13, 9 };
    const uint8_t *k = inverse ? inv : fwd;
    for (int c = 0; c < 4; c++) {
        uint8_t col[4], *p = st + 4 * c;
        for (int r = 0; r < 4; r++)
            col[r] = gmul(p[0], k[(4 - r) % 4]) ^ gmul(p[1], k[(5 - r) % 4]) ^
                     gmul(p[2], k[(6 - r) % 4]) ^ gmul(p[3], k[(7 - r) % 4]);
        memcpy(p, col, 4);
    }
}

static uint32_t ror32(uint32_t x, int n) { return x >> n | x << (32 - n); }
static uint32_t rol32(uint32_t x, int n) { return x << n | x >> (32 - n); }
static uint64_t ror64(uint64_t x, int n) { return n ? x >> n | x << (64 - n) : x; }

static void sha256_hash(uint32_t *x, uint32_t *y, const uint32_t *w)
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = (y[0] & y[1]) ^ (~y[0] & y[2]);
        uint32_t maj = (x[0] & x[1]) ^ (x[0] & x[2]) ^ (x[1] & x[2]);
        uint32_t t = y[3] + (ror32(y[0], 6) ^ ror32(y[0], 11) ^ ror32(y[0], 25)) + chs + w[e];
        x[3] += t;
        y[3] = t + (ror32(x[0], 2) ^ ror32(x[0], 13) ^ ror32(x[0], 22)) + maj;
        /* (Y:X) = ROL(Y:X, 32) */
        uint32_t y3 = y[3], x3 = x[3];
        memmove(y + 1, y, 12);
        memmove(x + 1, x, 12);
        y[0] = x3;
        x[0] = y3;
    }
}

static uint64_t sigma512(uint64_t x, int a, int b, int c, bool shift)
{
    return ror64(x, a) ^ ror64(x, b) ^ (shift ? x >> c : ror64(x, c));
}

static void helper_crypto(uint64_t env, uint64_t desc)
{
    A64State *s = A64_ENV(env);
    A64Desc d = { .raw = desc };
    union { uint8_t b[16]; uint32_t w[4]; uint64_t q[2]; } vd, vn, vm, va, r;
    memcpy(&vd, s->v[d.rd], 16);
    memcpy(&vn, s->v[d.rn], 16);
    memcpy(&vm, s->v[d.rm], 16);
    memcpy(&va, s->v[d.ra], 16);
    r = vd;
    switch (d.op) {
    case A64_OP_aese: case A64_OP_aesd:
        for (int i = 0; i < 2; i++)
            r.q[i] = vd.q[i] ^ vn.q[i];
        aes_round(r.b, d.op == A64_OP_aesd);
        break;
    case A64_OP_aesmc: case A64_OP_aesimc:
        r = vn;
        aes_mix(r.b, d.op == A64_OP_aesimc);
        break;
    case A64_OP_sha1c: case A64_OP_sha1p: case A64_OP_sha1m: {
        uint32_t y = vn.w[0], *x = r.w;
        for (int e = 0; e < 4; e++) {
            uint32_t t = d.op == A64_OP_sha1c ? (x[1] & x[2]) ^ (~x[1] & x[3])
                       : d.op == A64_OP_sha1p ? x[1] ^ x[2] ^ x[3]
                       : (x[1] & x[2]) | ((x[1] | x[2]) & x[3]);
            y += rol32(x[0], 5) + t + vm.w[e];
            x[1] = rol32(x[1], 30);
            uint32_t x3 = x[3];
            memmove(x + 1, x, 12);
            x[0] = y;
            y = x3;
        }
        break;
    }
    case A64_OP_sha1h:
        r.q[0] = rol32(vn.w[0], 30);
        r.q[1] = 0;
        break;
    case A64_OP_sha1su0:
        r.q[0] = vd.q[1] ^ vd.q[0] ^ vm.q[0];
        r.q[1] = vn.q[0] ^ vd.q[1] ^ vm.q[1];
        break;
    case A64_OP_sha1su1: {
        uint32_t t[4] = { vd.w[0] ^ vn.w[1], vd.w[1] ^ vn.w[2], vd.w[2] ^ vn.w[3], vd.w[3] };
        for (int e = 0; e < 4; e++)
            r.w[e] = rol32(t[e], 1);
        r.w[3] ^= rol32(t[0], 2);
        break;
    }
    case A64_OP_sha256h: case A64_OP_sha256h2: {
        uint32_t x[4], y[4];
        memcpy(x, d.op == A64_OP_sha256h ? vd.w : vn.w, 16);
        memcpy(y, d.op == A64_OP_sha256h ? vn.w : vd.w, 16);
        sha256_hash(x, y, vm.w);
        memcpy(r.w, d.op == A64_OP_sha256h ? x : y, 16);
        break;
    }
    case A64_OP_sha256su0: {
        uint32_t t[4] = { vd.w[1], vd.w[2], vd.w[3], vn.w[0] };
        for (int e = 0; e < 4; e++)
            r.w[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ t[e] >> 3) + vd.w[e];
        break;
    }
    case A64_OP_sha256su1: {
        uint32_t t0[4] = { vn.w[1], vn.w[2], vn.w[3], vm.w[0] };
        for (int e = 0; e < 4; e++) {
            uint32_t t1 = e < 2 ? vm.w[e + 2] : r.w[e - 2];
            r.w[e] = (ror32(t1, 17) ^ ror32(t1, 19) ^ t1 >> 10) + vd.w[e] + t0[e];
        }
        break;
    }
    case A64_OP_sha512h: {
        uint64_t hi = (vm.q[1] & vn.q[0]) ^ (~vm.q[1] & vn.q[1]);
        hi += sigma512(vm.q[1], 14, 18, 41, false) + vd.q[1];
        uint64_t tmp = hi + vm.q[0];
        uint64_t lo = (tmp & vm.q[1]) ^ (~tmp & vn.q[0]);
        lo += sigma512(tmp, 14, 18, 41, false) + vd.q[0];
        r.q[0] = lo;
        r.q[1] = hi;
        break;
    }
    case A64_OP_sha512h2: {
        uint64_t hi = (vn.q[0] & vm.q[1]) ^ (vn.q[0] & vm.q[0]) ^ (vm.q[1] & vm.q[0]);
        hi += sigma512(vm.q[0], 28, 34, 39, false) + vd.q[1];
        uint64_t lo = (hi & vm.q[0]) ^ (hi & vm.q[1]) ^ (vm.q[1] & vm.q[0]);
        lo += sigma512(hi, 28, 34, 39, false) + vd.q[0];
        r.q[0] = lo;
        r.q[1] = hi;
        break;
    }
    case A64_OP_sha512su0:
        r.q[0] = vd.q[0] + sigma512(vd.q[1], 1, 8, 7, true);
        r.q[1] = vd.q[1] + sigma512(vn.q[0], 1, 8, 7, true);
        break;
    case A64_OP_sha512su1:
        r.q[1] = vd.q[1] + sigma512(vn.q[1], 19, 61, 6, true) + vm.q[1];
        r.q[0] = vd.q[0] + sigma512(vn.q[0], 19, 61, 6, true) + vm.q[0];
        break;
    case A64_OP_eor3:
        for (int i = 0; i < 2; i++)
            r.q[i] = vn.q[i] ^ vm.q[i] ^ va.q[i];
        break;
    case A64_OP_bcax:
        for (int i = 0; i < 2; i++)
            r.q[i] = vn.q[i] ^ (vm.q[i] & ~va.q[i]);
        break;
    case A64_OP_rax1:
        for (int i = 0; i < 2; i++)
            r.q[i] = vn.q[i] ^ ror64(vm.q[i], 63);
        break;
    case A64_OP_xar:
        for (int i = 0; i < 2; i++)
            r.q[i] = ror64(vn.q[i] ^ vm.q[i], (int)d.imm & 63);
        break;
    case A64_OP_pmull_q: {
        uint64_t a = vn.q[d.q], b = vm.q[d.q], lo = 0, hi = 0;
        for (int i = 0; i < 64; i++)
            if (b >> i & 1) {
                lo ^= a << i;
                hi ^= i ? a >> (64 - i) : 0;
            }
        r.q[0] = lo;
        r.q[1] = hi;
        break;
    }
    default:
        break;
    }
    memcpy(s->v[d.rd], &r, 16);
}

const IRHelper a64_helper_crypto = { "crypto", (void *)helper_crypto, 2, 0,
                                     IR_CALL_NO_READ_GLOBALS | IR_CALL_NO_WRITE_GLOBALS };
