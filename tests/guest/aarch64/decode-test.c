/*
 * Field extraction of the aarch64 decoder on words assembled by hand from
 * the Arm ARM's encoding diagrams (the bit layouts are written out next to
 * each word, not taken from an assembler): each case names the
 * instruction, the word, the pattern it must decode to and the fields
 * a64_decode must produce. One PASS/FAIL line per case.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include "guest/aarch64/decode.h"

typedef struct Case {
    const char *name;
    bool ok;
} Case;

static void expect(Case *c, const char *what, int64_t got, int64_t want)
{
    if (c->ok && got != want) {
        printf("FAIL a64-decode/%s: %s = %" PRId64 " (0x%" PRIx64 "), want %" PRId64 " (0x%" PRIx64 ")\n",
               c->name, what, got, (uint64_t)got, want, (uint64_t)want);
        c->ok = false;
    }
}

static void finish(Case *c)
{
    if (c->ok)
        printf("PASS a64-decode/%s\n", c->name);
}

#define CASE(nm, word, opname) \
    for (Case c_ = { nm, true }; c_.name; finish(&c_), c_.name = NULL) \
        for (A64Insn d_, *d = &d_; d; d = NULL) \
            if (a64_decode(word, &d_), expect(&c_, "op", d_.op, A64_OP_##opname), 1)
#define EXPECT(field, want) expect(&c_, #field, (int64_t)d->field, (int64_t)(want))

int main(void)
{
    /* sf=1 op=0 S=0 100010 sh=1 imm12=0x123 Rn=1 Rd=0 */
    CASE("add-imm-lsl12", 0x91448c20, add_imm) {
        EXPECT(sf, 1); EXPECT(rd, 0); EXPECT(rn, 1); EXPECT(imm, 0x123000); EXPECT(amount, 12);
    }
    /* sf=0 opc=00 100100 N=0 immr=0 imms=000111 Rn=1 Rd=0: and w0, w1, #0xff */
    CASE("and-imm-bitmask", 0x12001c20, and_imm) {
        EXPECT(sf, 0); EXPECT(bimm, 0xff); EXPECT(imms, 7); EXPECT(immr, 0);
    }
    /* sf=1 opc=01 100100 N=0 immr=1 imms=111100 (2-bit element 01 -> 0x5555...
     * rotated right 1 -> 0xaaaa...): orr x2, x3, #0xaaaaaaaaaaaaaaaa */
    CASE("orr-imm-replicated", 0xb201f062, orr_imm) {
        EXPECT(bimm, 0xaaaaaaaaaaaaaaaaull); EXPECT(rd, 2); EXPECT(rn, 3);
    }
    /* N=1 immr=111111 imms=111111: an all-ones element, reserved */
    CASE("and-imm-reserved", 0x927ffc00, ILLEGAL) {}
    /* sf=1 opc=10 100101 hw=01 imm16=0xbeef Rd=7: movz x7, #0xbeef, lsl #16 */
    CASE("movz-hw1", 0xd2b7dde7, movz) {
        EXPECT(hw, 1); EXPECT(amount, 16); EXPECT(imm, 0xbeef); EXPECT(rd, 7);
    }
    /* sf=0 hw=10: reserved for 32-bit */
    CASE("movz-w-hw2", 0x52c00000, ILLEGAL) {}
    /* sf=0 opc=10 100110 N=1: ubfm with N != sf, reserved */
    CASE("ubfm-n-mismatch", 0x53400000, ILLEGAL) {}
    /* 0101010 0 imm19=-2 0 cond=0001: b.ne .-8 */
    CASE("bcond-back", 0x54ffffc1, b_cond) { EXPECT(imm, -8); EXPECT(cond, 1); }
    /* b5=1 011011 0 b40=01000 imm14=3 Rt=5: tbz x5, #40, .+12 */
    CASE("tbz-bit40", 0xb6400065, tbz) { EXPECT(imms, 40); EXPECT(imm, 12); EXPECT(rt, 5); }
    /* 1 immlo=01 10000 immhi=0x7ffff Rd=9: adrp x9, .-0x3000 page */
    CASE("adrp-neg", 0xb0ffffe9, adrp) { EXPECT(imm, -0x3000); EXPECT(rd, 9); }
    /* size=11 111 V=0 01 opc=01 imm12=2 Rn=4 Rt=3: ldr x3, [x4, #16] */
    CASE("ldr-x-uimm", 0xf9400883, ldr_x_ui) {
        EXPECT(imm, 16); EXPECT(msize, 3); EXPECT(load, 1); EXPECT(sf, 1); EXPECT(sign, 0);
    }
    /* size=00 111 0 01 opc=10 imm12=5: ldrsb x1, [x2, #5] */
    CASE("ldrsb-x", 0x39801441, ldrsb_x_ui) {
        EXPECT(imm, 5); EXPECT(msize, 0); EXPECT(sign, 1); EXPECT(sf, 1); EXPECT(rt, 1); EXPECT(rn, 2);
    }
    /* opc=10 101 0 011 L=1 imm7=-2 Rt2=30 Rn=31 Rt=29: ldp x29, x30, [sp, #-16]! */
    CASE("ldp-pre", 0xa9ff7bfd, ldp_x_pre) {
        EXPECT(imm, -16); EXPECT(wback, 1); EXPECT(post, 0); EXPECT(rt, 29); EXPECT(rt2, 30);
        EXPECT(rn, 31); EXPECT(load, 1); EXPECT(msize, 3);
    }
    /* size=10 111 0 00 01 1 Rm=3 option=011 S=1 10 Rn=2 Rt=1: ldr w1, [x2, x3, lsl #2] */
    CASE("ldr-regoff", 0xb8637841, ldr_w_r) { EXPECT(ext, A64_UXTX); EXPECT(amount, 2); EXPECT(rm, 3); }
    /* option=001 is unallocated for register offsets */
    CASE("ldr-regoff-reserved", 0xb8632841, ILLEGAL) {}
    /* size=00 111 1 00 opc=01 0 imm9=-1 post=01: ldr b0, [x1], #-1 */
    CASE("ldr-b-post", 0x3c5ff420, ldr_b_post) {
        EXPECT(fp, 1); EXPECT(imm, -1); EXPECT(post, 1); EXPECT(wback, 1); EXPECT(msize, 0);
    }
    /* size=11 001000 1 L=1 1 Rs=1 o0=1 11111 Rn=3 Rt=2: casal x1, x2, [x3] */
    CASE("casal", 0xc8e1fc62, casal_x) { EXPECT(acq, 1); EXPECT(rel, 1); EXPECT(rs, 1); EXPECT(rt, 2); }
    /* size=10 111000 A=1 R=0 1 Rs=4 o3=0 opc=000 00 Rn=5 Rt=6: ldadda w4, w6, [x5] */
    CASE("ldadda", 0xb8a400a6, ldadda_w) { EXPECT(acq, 1); EXPECT(rel, 0); EXPECT(opc, 0); EXPECT(msize, 2); }
    /* 0 sz=1 001000 0 L=0 1 Rs=3 (odd) o0=0 11111: casp with an odd pair, reserved */
    CASE("casp-odd", 0x48237c00, ILLEGAL) {}
    /* mrs x0, tpidr_el0: op0=3 (bit 19 set) op1=3 CRn=13 CRm=0 op2=2 */
    CASE("mrs-tpidr", 0xd53bd040, mrs) { EXPECT(sysreg, 3 << 14 | 3 << 11 | 13 << 7 | 2); }
    /* sf=1 0 0 01011 001 Rm=2 option=010 imm3=2 Rn=1 Rd=0: add x0, x1, w2, uxtw #2 */
    CASE("add-ext", 0x8b224820, add_ext) { EXPECT(ext, A64_UXTW); EXPECT(amount, 2); }
    /* imm3=5 is reserved */
    CASE("add-ext-reserved", 0x8b225420, ILLEGAL) {}
    /* sf=1 op=1 S=1 01011 shift=11: ror is reserved for add/sub */
    CASE("subs-ror-reserved", 0xebc20020, ILLEGAL) {}
    /* sf=1 op=1 1 11010010 imm5=31 cond=0001 1 0 Rn=1 0 nzcv=0100: ccmp x1, #31, #4, ne */
    CASE("ccmp-imm", 0xfa5f1824, ccmp_imm) { EXPECT(imm, 31); EXPECT(cond, 1); EXPECT(nzcv, 4); }
    /* 00011110 ftype=01 1 imm8=0111 0000 100 00000 Rd=0: fmov d0, #1.0 */
    CASE("fmov-d-imm", 0x1e6e1000, fmov_imm) { EXPECT(ftype, 1); EXPECT(bimm, 0x3ff0000000000000ull); }
    /* same with ftype=00, imm8=1000 0000: fmov s0, #-2.0 */
    CASE("fmov-s-imm", 0x1e301000, fmov_imm) { EXPECT(ftype, 0); EXPECT(bimm, 0xc0000000u); }
    /* sf=0 00 11110 00 0 rmode=00 opc=010 scale=48 Rn=1 Rd=0: scvtf s0, w1, #16 */
    CASE("scvtf-fixed", 0x1e02c020, scvtf_fix) { EXPECT(fbits, 16); EXPECT(sf, 0); EXPECT(rn, 1); }
    /* scale=31 with sf=0 (33 fraction bits) is reserved */
    CASE("scvtf-fixed-reserved", 0x1e027c20, ILLEGAL) {}
    /* ftype=10 is unallocated for fadd */
    CASE("fadd-ftype2", 0x1ea02800, ILLEGAL) {}
    /* 0 Q=1 op=0 0111100000 abc=000 cmode=0010 o2=0 1 defgh=10010 Rd=0:
     * movi v0.4s, #0x12, lsl #8 */
    CASE("movi-4s-lsl8", 0x4f002640, movi_s) {
        EXPECT(imm, 0x12); EXPECT(amount, 8); EXPECT(bimm, 0x0000120000001200ull); EXPECT(q, 1);
    }
    /* 0 Q=1 op=1 0111100000 abc=101 cmode=1110 0 1 defgh=00001: movi v0.2d, bytes 10100001 */
    CASE("movi-2d", 0x6f05e420, movi_2d) { EXPECT(bimm, 0xff00ff00000000ffull); }
    /* 0 Q=1 U=0 011110 immh:immb=0100 011 (s elements, 64 - 35 = 29) 00000 1: sshr v1.4s, v2.4s, #29 */
    CASE("sshr-4s", 0x4f230441, sshr_vi) { EXPECT(size, 2); EXPECT(imm, 29); EXPECT(rd, 1); EXPECT(rn, 2); }
    /* immh=1xxx with Q=0 (1d) is reserved */
    CASE("sshr-1d-reserved", 0x0f430441, ILLEGAL) {}
    /* 0 Q=1 0 01110000 imm5=00110 0 0000 1: dup v0.8h, v1.h[1] */
    CASE("dup-elem", 0x4e060420, dup_elem) { EXPECT(esize, 1); EXPECT(index, 1); }
    return 0;
}
