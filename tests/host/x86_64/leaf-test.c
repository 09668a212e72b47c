/*
 * The leaf-function decoder and copier (x64-leaf.c), on its own.
 *
 * Byte sequences assembled by hand from the Intel SDM's encodings (each
 * with its assembly beside it, as GNU as writes it) that x64_leaf_decode
 * must accept, with the registers they read before writing and those they
 * write, or reject (stack, calls, indirect and out-of-range jumps, loops,
 * system calls, TLS, callee-saved writes, floating point, xmm15, size
 * bounds, a store before a bail-out; frames: pushes of callee-saved
 * registers and rsp lowered, balanced on every path, or refused). Copies made by x64_leaf_emit run at
 * another address than the original and must do what the original does:
 * a RIP-relative compare and add, forward branches turned into rel32
 * jumps, a bail-out to a cold path that uses the stack, and one from
 * inside a frame, which must be taken down before the original runs.
 * "leaf-test PLUGIN.so": also the callbacks the C compiler made of
 * tests/plugin/api/tp_leaf.c: its leaf callbacks are accepted (those
 * with a rare path that calls with a bail-out), the one that calls a
 * function is not. x64_leaf_counter on hand-assembled counters (each
 * form it takes, and leaves that are not one: atomic, 32-bit, through a
 * pointer, two words, a store, a test first); "leaf-test TP_LEAF.so
 * CNT.so": also tp_cnt.c's compiled counters. Copies in a row sharing
 * one frame (X64Leaf.chain): which leaves may, and three chained copies
 * of one with a bail-out, run against the original run three times.
 * x64_leaf_lane_add: the addition a counter lane may take in a copy
 * (libmem.so's shape) and leaves where it may not. x64_leaf_vcpu_counter
 * on hand-assembled per-vCPU counters (a table, SIB, imul; refused: the
 * index's undefined high half, lock, a signed guard, 32 bits, an
 * overlapping stride, a store, a base from an argument, two additions,
 * a guard on another register, a mask); "leaf-test TP_LEAF.so CNT.so
 * TP_VCNT.so": also tp_vcnt.c's compiled ones. Prints PASS/FAIL lines.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "host/x86_64/x64-leaf.h"
#include "../../lib/result.h"

#define R(r) (1u << (r))
#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Where decode() puts the code (counter targets are relative to it). */
static uint8_t buf[X64_LEAF_MAX_BYTES + 16];

/* Decode len bytes followed by filler that is never read as code (0xcc:
 * int3, which the decoder rejects, so reading past the function shows). */
static bool decode(const uint8_t *bytes, size_t len, X64Leaf *l)
{
    memset(buf, 0xcc, sizeof(buf));
    memcpy(buf, bytes, len);
    return x64_leaf_decode(buf, l);
}

static void accept(const char *name, const uint8_t *bytes, size_t len, uint16_t reads, uint16_t writes)
{
    X64Leaf l;
    bool ok = decode(bytes, len, &l);
    result(ok && l.reads == reads && l.writes == writes, name, "accepted %d reads %#x (want %#x) writes %#x (want %#x)",
           ok, ok ? l.reads : 0, reads, ok ? l.writes : 0, writes);
}

static void reject(const char *name, const uint8_t *bytes, size_t len)
{
    X64Leaf l;
    result(!decode(bytes, len, &l), name, "accepted");
}

static void test_decode(void)
{
    accept("leaf-ret", BYTES(0xc3), 0, 0);
    accept("leaf-rep-ret", BYTES(0xf3, 0xc3), 0, 0);
    /* endbr64; nopl 0(%rax); nopw %cs:0(%rax,%rax,1); ret */
    accept("leaf-endbr-nops", BYTES(0xf3, 0x0f, 0x1e, 0xfa, 0x0f, 0x1f, 0x40, 0x00,
                                     0x66, 0x2e, 0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc3), 0, 0);
    /* addq $1, 0x10(%rip); ret */
    accept("leaf-add-rip", BYTES(0x48, 0x83, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0xc3), 0, 0);
    /* lock addq $1, 0x10(%rip); ret */
    accept("leaf-lock-add", BYTES(0xf0, 0x48, 0x83, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0xc3), 0, 0);
    /* mov %edi,%eax; and $0x3f,%eax; add %rsi,0x1000(,%rax,8); ret */
    accept("leaf-index-arg", BYTES(0x89, 0xf8, 0x83, 0xe0, 0x3f, 0x48, 0x01, 0x34, 0xc5, 0x00, 0x10, 0x00, 0x00, 0xc3),
           R(X64_RDI) | R(X64_RSI), R(X64_RAX));
    /* cmp 0x10(%rip),%rsi; je +1; ret; addq $1,(%rdi); ret */
    accept("leaf-forward-jcc", BYTES(0x48, 0x3b, 0x35, 0x10, 0x00, 0x00, 0x00, 0x74, 0x01, 0xc3,
                                      0x48, 0x83, 0x07, 0x01, 0xc3), R(X64_RSI) | R(X64_RDI), 0);
    /* test %edi,%edi; je +5; mov $1,%eax; add %rax,(%rsi); ret: rax is
     * read on the path that skips its write */
    accept("leaf-read-on-one-path", BYTES(0x85, 0xff, 0x74, 0x05, 0xb8, 0x01, 0x00, 0x00, 0x00,
                                           0x48, 0x01, 0x06, 0xc3), R(X64_RDI) | R(X64_RSI) | R(X64_RAX), R(X64_RAX));
    /* movzbl %ah,%eax; ret (ah is rax without REX) */
    accept("leaf-byte-ah", BYTES(0x0f, 0xb6, 0xc4, 0xc3), R(X64_RAX), R(X64_RAX));
    /* movzbl %dil,%eax; ret (with REX it is dil) */
    accept("leaf-byte-dil", BYTES(0x40, 0x0f, 0xb6, 0xc7, 0xc3), R(X64_RDI), R(X64_RAX));
    /* movq %rsi,%xmm1; paddq (%rdi),%xmm1; movups %xmm1,(%rdi); ret */
    accept("leaf-sse2", BYTES(0x66, 0x48, 0x0f, 0x6e, 0xce, 0x66, 0x0f, 0xd4, 0x0f, 0x0f, 0x11, 0x0f, 0xc3),
           R(X64_RSI) | R(X64_RDI), 0);
    /* imul $0x18,%rdi,%r8; shl %cl,%r8; cmovne %rdx,%r8; setb %r9b; ret */
    accept("leaf-imul-shift-cmov-setcc", BYTES(0x4c, 0x6b, 0xc7, 0x18, 0x49, 0xd3, 0xe0, 0x4c, 0x0f, 0x45, 0xc2,
                                                0x41, 0x0f, 0x92, 0xc1, 0xc3),
           R(X64_RDI) | R(X64_RCX) | R(X64_RDX) | R(X64_R9), R(X64_R8) | R(X64_R9));

    /* push %rbx; push %r12; sub $8,%rsp; mov %rdi,%rbx; mov %rsi,%r12;
     * add %r12,(%rbx); add $8,%rsp; pop %r12; pop %rbx; ret: the saved
     * registers it writes are restored, so not counted as written */
    accept("leaf-frame", BYTES(0x53, 0x41, 0x54, 0x48, 0x83, 0xec, 0x08, 0x48, 0x89, 0xfb, 0x49, 0x89, 0xf4,
                                0x4c, 0x01, 0x23, 0x48, 0x83, 0xc4, 0x08, 0x41, 0x5c, 0x5b, 0xc3),
           R(X64_RDI) | R(X64_RSI), 0);
    /* push %rbp; mov %edi,%ebp; add %rsi,0(%rbp); pop %rbp; ret */
    accept("leaf-frame-rbp", BYTES(0x55, 0x89, 0xfd, 0x48, 0x01, 0x75, 0x00, 0x5d, 0xc3), R(X64_RDI) | R(X64_RSI), 0);

    reject("leaf-reject-push", BYTES(0x50, 0xc3));                                  /* push %rax */
    reject("leaf-reject-push-caller-saved", BYTES(0x50, 0x58, 0xc3));               /* push %rax; pop %rax */
    reject("leaf-reject-push-unbalanced", BYTES(0x53, 0xc3));                       /* push %rbx */
    reject("leaf-reject-pop-other", BYTES(0x53, 0x5d, 0xc3));                       /* push %rbx; pop %rbp */
    reject("leaf-reject-rsp-not-restored", BYTES(0x48, 0x83, 0xec, 0x08, 0xc3));    /* sub $8,%rsp */
    /* sub $16,%rsp; add $8,%rsp; ret */
    reject("leaf-reject-rsp-mismatch", BYTES(0x48, 0x83, 0xec, 0x10, 0x48, 0x83, 0xc4, 0x08, 0xc3));
    /* push %rbx; pop %rbx; mov %rax,%rbx; ret: written once restored */
    reject("leaf-reject-write-after-pop", BYTES(0x53, 0x5b, 0x48, 0x89, 0xc3, 0xc3));
    /* test %edi,%edi; je +1; push %rbx; pop %rbx; ret: the pop is reached
     * with and without the push */
    reject("leaf-reject-frames-differ", BYTES(0x85, 0xff, 0x74, 0x01, 0x53, 0x5b, 0xc3));
    /* push %rbx; sub $8,%rsp; mov %rdi,(%rsp); add $8,%rsp; pop %rbx; ret:
     * locals are not copied */
    reject("leaf-reject-local", BYTES(0x53, 0x48, 0x83, 0xec, 0x08, 0x48, 0x89, 0x3c, 0x24,
                                       0x48, 0x83, 0xc4, 0x08, 0x5b, 0xc3));
    /* cmp $1,%rsi; je .+0x106 (out); push %rbx; cmp $2,%rsi; je out;
     * pop %rbx; ret: bail-outs with different frames */
    reject("leaf-reject-bails-differ", BYTES(0x48, 0x83, 0xfe, 0x01, 0x0f, 0x84, 0x00, 0x01, 0x00, 0x00, 0x53,
                                              0x48, 0x83, 0xfe, 0x02, 0x0f, 0x84, 0x00, 0x01, 0x00, 0x00, 0x5b, 0xc3));
    reject("leaf-reject-red-zone", BYTES(0x48, 0x89, 0x44, 0x24, 0xf8, 0xc3));      /* mov %rax,-8(%rsp) */
    reject("leaf-reject-rbp", BYTES(0x48, 0x8b, 0x45, 0x00, 0xc3));                 /* mov 0(%rbp),%rax */
    reject("leaf-reject-call", BYTES(0xe8, 0x00, 0x00, 0x00, 0x00, 0xc3));          /* call .+5 */
    reject("leaf-reject-tail-call", BYTES(0xe9, 0x00, 0x01, 0x00, 0x00));           /* jmp .+0x105: always bails */
    reject("leaf-reject-indirect", BYTES(0xff, 0xe0));                              /* jmp *%rax */
    reject("leaf-reject-loop", BYTES(0xff, 0xc8, 0x75, 0xfc, 0xc3));                /* dec %eax; jne .-2 */
    reject("leaf-reject-syscall", BYTES(0x0f, 0x05, 0xc3));
    reject("leaf-reject-tls", BYTES(0x64, 0x48, 0x8b, 0x04, 0x25, 0x28, 0x00, 0x00, 0x00, 0xc3)); /* mov %fs:0x28,%rax */
    reject("leaf-reject-callee-saved", BYTES(0x48, 0x89, 0xc3, 0xc3));              /* mov %rax,%rbx */
    reject("leaf-reject-float", BYTES(0xf2, 0x0f, 0x58, 0xc1, 0xc3));               /* addsd %xmm1,%xmm0 */
    reject("leaf-reject-xmm15", BYTES(0x66, 0x44, 0x0f, 0xd4, 0xf8, 0xc3));         /* paddq %xmm0,%xmm15 */
    reject("leaf-reject-div", BYTES(0xf7, 0xf1, 0xc3));                             /* div %ecx */
    /* addq $1,(%rdi); cmp $1,%rsi; je .+0x100 (out); ret: a store on the
     * way to a bail-out */
    reject("leaf-reject-store-then-bail", BYTES(0x48, 0x83, 0x07, 0x01, 0x48, 0x83, 0xfe, 0x01,
                                                 0x0f, 0x84, 0x00, 0x01, 0x00, 0x00, 0xc3));
    reject("leaf-reject-lock-reg", BYTES(0xf0, 0x48, 0x01, 0xc0, 0xc3));            /* lock add %rax,%rax */
    reject("leaf-reject-no-ret", BYTES(0x48, 0x83, 0x07, 0x01));                    /* addq $1,(%rdi); int3 */
    uint8_t nops[X64_LEAF_MAX_BYTES + 1];
    memset(nops, 0x90, sizeof(nops) - 1);
    nops[sizeof(nops) - 1] = 0xc3;
    X64Leaf l;
    result(!decode(nops, sizeof(nops), &l), "leaf-reject-too-long", "accepted");
}

/* The copy runs elsewhere and does what the original does. Layout of one
 * executable mapping: the original at 0, its data word at 0x100, the copy
 * at 0x800 (made into a function by a ret). */
typedef void (*Fn)(uint64_t *counter, uint64_t value);

/* Run the original and the copy on a counter of 100 for each v in
 * [from, to): both must leave expect(v) in it. */
static void runs_as_original(Fn orig, Fn copy, const char *what, uint64_t from, uint64_t to,
                             uint64_t (*expect)(uint64_t))
{
    for (uint64_t v = from; v < to; v++) {
        uint64_t c0 = 100, c1 = 100;
        orig(&c0, v);
        copy(&c1, v);
        char name[64];
        snprintf(name, sizeof(name), "%s-runs-as-original-%" PRIu64, what, v);
        result(c0 == c1 && c1 == expect(v), name, "original %" PRIu64 " copy %" PRIu64, c0, c1);
    }
}

/* The function thrice() calls three times (set by test_emit). */
static Fn thrice_fn;
static void thrice(uint64_t *counter, uint64_t value)
{
    for (int k = 0; k < 3; k++)
        thrice_fn(counter, value);
}
static uint64_t expect_thrice(uint64_t v) { return v > 10 ? 400 : 103; }

static uint64_t expect_emit(uint64_t v) { return v == 42 ? 103 : 102; }
static uint64_t expect_bail(uint64_t v) { return v > 10 ? 200 : 101; }

static void test_emit(void)
{
    uint8_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        result(false, "leaf-emit", "no executable mapping");
        return;
    }
    /* cmp 0xf9(%rip),%rsi (the word at 0x100); jne +4; addq $1,(%rdi);
     * je +4 (never taken: ZF comes from the compare, clear, or from the
     * add, whose result is not zero); addq $2,(%rdi); ret */
    static const uint8_t code[] = { 0x48, 0x3b, 0x35, 0xf9, 0x00, 0x00, 0x00, 0x75, 0x04, 0x48, 0x83, 0x07,
                                    0x01, 0x74, 0x04, 0x48, 0x83, 0x07, 0x02, 0xc3, 0xcc, 0xcc, 0xcc, 0xcc };
    memcpy(m, code, sizeof(code));
    uint64_t *word = (uint64_t *)(m + 0x100);
    *word = 42;
    X64Leaf l;
    bool ok = x64_leaf_decode(m, &l);
    result(ok && l.n == 6, "leaf-emit-decode", "ok %d n %u", ok, ok ? l.n : 0);
    if (!ok)
        return;
    result(x64_leaf_reaches(&l, m + 0x800, 256), "leaf-emit-reaches", "not");
    X64Asm a = { .p = m + 0x800, .start = m + 0x800, .limit = m + 4096 };
    x64_leaf_emit(&a, &l, NULL, 0);
    x64_ret(&a);
    Fn orig = (Fn)(uintptr_t)m, copy = (Fn)(uintptr_t)(m + 0x800);
    /* by hand: 42 adds 1 then 2; others add 2 */
    runs_as_original(orig, copy, "leaf-emit", 40, 45, expect_emit);
    /* A bail-out: cmp $0xa,%rsi; ja cold; addq $1,(%rdi); ret;
     * cold: lfence (not copied); sub $8,%rsp; addq $100,(%rdi);
     * add $8,%rsp; ret. The copy's bail-out is aimed at the original, a
     * tail call with the arguments as they came. */
    static const uint8_t cold[] = { 0x48, 0x83, 0xfe, 0x0a, 0x77, 0x05, 0x48, 0x83, 0x07, 0x01, 0xc3,
                                    0x0f, 0xae, 0xe8, 0x48, 0x83, 0xec, 0x08, 0x48, 0x83, 0x07, 0x64,
                                    0x48, 0x83, 0xc4, 0x08, 0xc3 };
    memcpy(m, cold, sizeof(cold));
    ok = x64_leaf_decode(m, &l);
    result(ok && l.n == 4 && l.n_bail == 1, "leaf-bail-decode", "ok %d n %u bails %u",
           ok, ok ? l.n : 0, ok ? l.n_bail : 0);
    if (ok && l.n_bail == 1) {
        a = (X64Asm){ .p = m + 0x800, .start = m + 0x800, .limit = m + 4096 };
        uint8_t *bail[1];
        x64_leaf_emit(&a, &l, bail, 0);
        x64_ret(&a);
        x64_set_rel32(bail[0], m);
        /* by hand: above 10 the cold path adds 100, else 1 */
        runs_as_original(orig, copy, "leaf-bail", 9, 12, expect_bail);
    }
    /* A bail-out inside a frame: push %rbx; mov %rsi,%rbx; sub $8,%rsp;
     * cmp $0xa,%rbx; ja cold; addq $1,(%rdi); add $8,%rsp; pop %rbx; ret;
     * cold: lfence (not copied); addq $100,(%rdi); add $8,%rsp; pop %rbx;
     * ret. The bail-out goes to the undo code, then to the original. */
    static const uint8_t framed[] = { 0x53, 0x48, 0x89, 0xf3, 0x48, 0x83, 0xec, 0x08, 0x48, 0x83, 0xfb, 0x0a,
                                      0x77, 0x0a, 0x48, 0x83, 0x07, 0x01, 0x48, 0x83, 0xc4, 0x08, 0x5b, 0xc3,
                                      0x0f, 0xae, 0xe8, 0x48, 0x83, 0x07, 0x64, 0x48, 0x83, 0xc4, 0x08, 0x5b, 0xc3 };
    memcpy(m, framed, sizeof(framed));
    ok = x64_leaf_decode(m, &l);
    result(ok && l.n == 9 && l.n_bail == 1 && l.bail_depth == 2 && l.writes == 0, "leaf-frame-bail-decode",
           "ok %d n %u bails %u depth %u writes %#x", ok, ok ? l.n : 0, ok ? l.n_bail : 0, ok ? l.bail_depth : 0,
           ok ? l.writes : 0);
    if (ok && l.n_bail == 1) {
        a = (X64Asm){ .p = m + 0x800, .start = m + 0x800, .limit = m + 4096 };
        uint8_t *bail[1];
        x64_leaf_emit(&a, &l, bail, 0);
        x64_ret(&a);
        a.p = m + 0xa00;
        x64_set_rel32(bail[0], a.p);
        x64_leaf_emit_undo(&a, &l);
        x64_set_rel32(x64_jmp32(&a), m);
        /* as above (and a frame left up would make the copy return to nowhere) */
        runs_as_original(orig, copy, "leaf-frame-bail", 9, 12, expect_bail);
    }
    /* Three copies of it in a row share one frame (X64Leaf.chain): the
     * first builds it, the last takes it down; each bail-out takes it
     * down, calls the original and builds it again before going on. */
    result(ok && l.chain && l.frame_depth == 2, "leaf-chain-decode", "chain %d depth %u", ok && l.chain,
           ok ? l.frame_depth : 0);
    if (ok && l.chain) {
        a = (X64Asm){ .p = m + 0x800, .start = m + 0x800, .limit = m + 0xc00 };
        X64Asm out = { .p = m + 0xc00, .start = m + 0xc00, .limit = m + 4096 };
        for (int k = 0; k < 3; k++) {
            unsigned open = (k ? X64_LEAF_OPEN_IN : 0) | (k < 2 ? X64_LEAF_OPEN_OUT : 0);
            uint8_t *bail[1];
            x64_leaf_emit(&a, &l, bail, open);
            x64_set_rel32(bail[0], out.p);
            x64_leaf_emit_undo(&out, &l);
            x64_byte(&out, 0xe8);           /* call the original */
            x64_set_rel32(out.p, m);
            out.p += 4;
            if (open & X64_LEAF_OPEN_OUT)
                x64_leaf_emit_frame(&out, &l, true);
            x64_set_rel32(x64_jmp32(&out), a.p);
        }
        x64_ret(&a);
        thrice_fn = orig;
        runs_as_original(thrice, copy, "leaf-chain", 9, 12, expect_thrice);
    }
    munmap(m, 4096);
}

/* x64_leaf_lane_add: the instruction a counter lane may take (want: its
 * index, or -1), adding imm to buf + at. */
static void lane(const char *name, const uint8_t *bytes, size_t len, int want, long at, int64_t imm)
{
    X64Leaf l;
    const void *addr = NULL;
    int64_t v = 0;
    int got = decode(bytes, len, &l) ? x64_leaf_lane_add(&l, &addr, &v) : -2;
    result(got == want && (want < 0 || (addr == buf + at && v == imm)), name,
           "instruction %d (want %d) at %+td adds %" PRId64, got, want,
           got >= 0 ? (const uint8_t *)addr - buf : 0, v);
}

static void test_lane(void)
{
    /* cmpb $0, 0x10(%rip); jne out; addq $1, 0x20(%rip); ret; out: jmp elsewhere (libmem.so's) */
    lane("lane-guarded-add", BYTES(0x80, 0x3d, 0x10, 0x00, 0x00, 0x00, 0x00, 0x75, 0x09,
                                   0x48, 0x83, 0x05, 0x20, 0x00, 0x00, 0x00, 0x01, 0xc3,
                                   0xe9, 0x00, 0x10, 0x00, 0x00), 2, 17 + 0x20, 1);
    /* the test reads the counted word itself */
    lane("lane-not-read-word", BYTES(0x80, 0x3d, 0x15, 0x00, 0x00, 0x00, 0x00, 0x75, 0x09,
                                     0x48, 0x83, 0x05, 0x08, 0x00, 0x00, 0x00, 0x01, 0xc3,
                                     0xe9, 0x00, 0x10, 0x00, 0x00), -1, 0, 0);
    /* mov %edi,%eax; addq $1, (%rsi); addq $1, 0x20(%rip); ret: another access through a pointer */
    lane("lane-not-pointer-access", BYTES(0x89, 0xf8, 0x48, 0x83, 0x06, 0x01,
                                          0x48, 0x83, 0x05, 0x20, 0x00, 0x00, 0x00, 0x01, 0xc3), -1, 0, 0);
    /* push %rbx; addq $1, 0x20(%rip); pop %rbx; ret: a frame */
    lane("lane-not-frame", BYTES(0x53, 0x48, 0x83, 0x05, 0x20, 0x00, 0x00, 0x00, 0x01, 0x5b, 0xc3), -1, 0, 0);
    /* addq $1, 0x10(%rip); addq $1, 0x20(%rip); ret: two */
    lane("lane-not-two", BYTES(0x48, 0x83, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01,
                               0x48, 0x83, 0x05, 0x20, 0x00, 0x00, 0x00, 0x01, 0xc3), -1, 0, 0);
    /* lock addq $1, 0x10(%rip); ret: atomic */
    lane("lane-not-lock", BYTES(0xf0, 0x48, 0x83, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0xc3), -1, 0, 0);
}

/* Copies in a row sharing one frame (X64Leaf.chain), or not. */
static void chain(const char *name, const uint8_t *bytes, size_t len, bool want)
{
    X64Leaf l;
    bool ok = decode(bytes, len, &l);
    result(ok && l.chain == want, name, "decoded %d chain %d", ok, ok && l.chain);
}

static void test_chain(void)
{
    /* push %rbx; mov %rdi,%rbx; add $1,%rbx; mov %rbx,%rax; pop %rbx; ret */
    chain("chain-push-pop", BYTES(0x53, 0x48, 0x89, 0xfb, 0x48, 0x83, 0xc3, 0x01, 0x48, 0x89, 0xd8, 0x5b, 0xc3), true);
    /* addq $1, (%rdi); ret: no frame to share */
    chain("chain-not-frameless", BYTES(0x48, 0x83, 0x07, 0x01, 0xc3), false);
    /* push %rbx; mov %rbx,%rax; pop %rbx; ret: reads the block's rbx */
    chain("chain-not-reading-saved", BYTES(0x53, 0x48, 0x89, 0xd8, 0x5b, 0xc3), false);
    /* push %rbx; push %rbp; xor %eax,%eax; pop %rbp; inc %eax; pop %rbx; ret: work between the pops */
    chain("chain-not-between-pops", BYTES(0x53, 0x55, 0x31, 0xc0, 0x5d, 0xff, 0xc0, 0x5b, 0xc3), false);
    /* test %rdi,%rdi; je +2; push %rbx; pop %rbx; ret: the frame after a branch */
    chain("chain-not-after-branch", BYTES(0x48, 0x85, 0xff, 0x74, 0x02, 0x53, 0x5b, 0xc3), false);
}

/* x64_leaf_counter on a leaf: what it adds (imm, or argument arg >= 0)
 * to the word at buf + at; want false: not a counter. */
static void counter(const char *name, const uint8_t *bytes, size_t len, bool want, long at,
                    int64_t imm, int arg)
{
    X64Leaf l;
    X64LeafCounter c = { 0 };
    bool ok = decode(bytes, len, &l) && x64_leaf_counter(&l, &c);
    if (!want) {
        result(!ok, name, "taken for a counter");
        return;
    }
    result(ok && c.addr == buf + at && c.arg == arg && (arg >= 0 || c.imm == imm), name,
           "counter %d at %+td (want %+ld) adds %" PRId64 " arg %d (want %" PRId64 " arg %d)", ok,
           ok ? (const uint8_t *)c.addr - buf : 0, at, c.imm, c.arg, imm, arg);
}

static void test_counter(void)
{
    /* addq $1, 0x100(%rip); ret */
    counter("counter-addq", BYTES(0x48, 0x83, 0x05, 0x00, 0x01, 0x00, 0x00, 0x01, 0xc3), true, 8 + 0x100, 1, -1);
    /* endbr64; subq $3, 0x100(%rip); ret; nopl 0(%rax) */
    counter("counter-endbr-subq", BYTES(0xf3, 0x0f, 0x1e, 0xfa, 0x48, 0x83, 0x2d, 0x00, 0x01, 0x00, 0x00, 0x03,
                                        0xc3, 0x0f, 0x1f, 0x40, 0x00), true, 12 + 0x100, -3, -1);
    /* addq $0x12345, -0x20(%rip); ret */
    counter("counter-addq-imm32", BYTES(0x48, 0x81, 0x05, 0xe0, 0xff, 0xff, 0xff, 0x45, 0x23, 0x01, 0x00, 0xc3), true,
            11 - 0x20, 0x12345, -1);
    /* incq 0x40(%rip); ret */
    counter("counter-incq", BYTES(0x48, 0xff, 0x05, 0x40, 0x00, 0x00, 0x00, 0xc3), true, 7 + 0x40, 1, -1);
    /* decq 0x40(%rip); ret */
    counter("counter-decq", BYTES(0x48, 0xff, 0x0d, 0x40, 0x00, 0x00, 0x00, 0xc3), true, 7 + 0x40, -1, -1);
    /* add %rsi, 0x40(%rip); ret */
    counter("counter-add-rsi", BYTES(0x48, 0x01, 0x35, 0x40, 0x00, 0x00, 0x00, 0xc3), true, 7 + 0x40, 0, 1);
    /* add %rcx, 0x40(%rip); ret */
    counter("counter-add-rcx", BYTES(0x48, 0x01, 0x0d, 0x40, 0x00, 0x00, 0x00, 0xc3), true, 7 + 0x40, 0, 3);
    /* mov 0x100(%rip), %rax; add $1, %rax; mov %rax, 0xf5(%rip); ret (a volatile's ++) */
    counter("counter-through-rax", BYTES(0x48, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00, 0x48, 0x83, 0xc0, 0x01,
                                         0x48, 0x89, 0x05, 0xf5, 0x00, 0x00, 0x00, 0xc3), true, 7 + 0x100, 1, -1);
    /* mov 0x100(%rip), %rax; lea 5(%rax), %rdx; mov %rdx, 0xf5(%rip); ret */
    counter("counter-through-lea", BYTES(0x48, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00, 0x48, 0x8d, 0x50, 0x05,
                                         0x48, 0x89, 0x15, 0xf5, 0x00, 0x00, 0x00, 0xc3), true, 7 + 0x100, 5, -1);
    /* mov 0x100(%rip), %rax; add %rsi, %rax; mov %rax, 0xf6(%rip); ret */
    counter("counter-through-add-rsi", BYTES(0x48, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00, 0x48, 0x01, 0xf0,
                                             0x48, 0x89, 0x05, 0xf6, 0x00, 0x00, 0x00, 0xc3), true, 7 + 0x100, 0, 1);
    /* lock addq $1, 0x10(%rip); ret: atomic, not what an inline addition is */
    counter("counter-not-lock", BYTES(0xf0, 0x48, 0x83, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0xc3), false, 0, 0, -1);
    /* addl $1, 0x10(%rip); ret: 32 bits */
    counter("counter-not-32bit", BYTES(0x83, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0xc3), false, 0, 0, -1);
    /* addq $1, (%rdi); ret: not a fixed address */
    counter("counter-not-pointer", BYTES(0x48, 0x83, 0x07, 0x01, 0xc3), false, 0, 0, -1);
    /* add %rax, 0x40(%rip); ret: rax is no argument */
    counter("counter-not-rax", BYTES(0x48, 0x01, 0x05, 0x40, 0x00, 0x00, 0x00, 0xc3), false, 0, 0, -1);
    /* addq $1, 0x10(%rip); addq $1, 0x20(%rip); ret: two counters */
    counter("counter-not-two", BYTES(0x48, 0x83, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01,
                                     0x48, 0x83, 0x05, 0x20, 0x00, 0x00, 0x00, 0x01, 0xc3), false, 0, 0, -1);
    /* movq $1, 0x10(%rip); ret: a store, not an addition */
    counter("counter-not-store", BYTES(0x48, 0xc7, 0x05, 0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0xc3), false,
            0, 0, -1);
    /* mov 0x100(%rip), %rax; add $1, %rax; mov %rax, 0xf0(%rip); ret: another word */
    counter("counter-not-other-word", BYTES(0x48, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00, 0x48, 0x83, 0xc0, 0x01,
                                            0x48, 0x89, 0x05, 0xf0, 0x00, 0x00, 0x00, 0xc3), false, 0, 0, -1);
    /* mov 0x100(%rip), %rax; add $1, %rax; mov %rdx, 0xf5(%rip); ret: another value */
    counter("counter-not-other-reg", BYTES(0x48, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00, 0x48, 0x83, 0xc0, 0x01,
                                           0x48, 0x89, 0x15, 0xf5, 0x00, 0x00, 0x00, 0xc3), false, 0, 0, -1);
    /* cmpb $0, 0x10(%rip); jne out; addq $1, 0x20(%rip); ret (libmem.so's shape): a test first */
    counter("counter-not-guarded", BYTES(0x80, 0x3d, 0x10, 0x00, 0x00, 0x00, 0x00, 0x75, 0x09,
                                         0x48, 0x83, 0x05, 0x20, 0x00, 0x00, 0x00, 0x01, 0xc3), false, 0, 0, -1);
}

/* The C compiler's callbacks of tp_cnt.c: each adds to a variable of the
 * plugin (where, dladdr says: in the plugin's object). */
static void test_counter_plugin(const char *path)
{
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (!h) {
        result(false, "counter-plugin-open", "%s", dlerror());
        return;
    }
    static const struct {
        const char *sym;
        int64_t imm;
        int arg;
    } fns[] = {
        { "tp_cnt_insn", 1, -1 }, { "tp_cnt_down", -3, -1 }, { "tp_cnt_bytes", 0, 1 },
        { "tp_cnt_tb", 1, -1 },   { "tp_cnt_mem", 1, -1 },   { "tp_cnt_mem_ud", 0, 3 },
    };
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        char name[64];
        snprintf(name, sizeof(name), "counter-plugin-%s", fns[i].sym);
        const void *fn = dlsym(h, fns[i].sym);
        X64LeafCounter c = { 0 };
        Dl_info fi, ci;
        bool ok = fn && x64_leaf_counter_of(fn, &c) && dladdr(fn, &fi) && dladdr(c.addr, &ci) &&
                  fi.dli_fbase == ci.dli_fbase;
        result(ok && c.arg == fns[i].arg && (c.arg >= 0 || c.imm == fns[i].imm), name,
               "counter %d adds %" PRId64 " arg %d", ok, c.imm, c.arg);
    }
    dlclose(h);
}

/* A per-vCPU counter: decoded, and its word, stride, vCPU limit and
 * addition (want: taken at all). */
static void vcpu_counter(const char *name, const uint8_t *bytes, size_t len, bool want, long at,
                         uint64_t stride, uint32_t limit, int64_t imm)
{
    X64Leaf l;
    X64LeafVcpuCounter c = { 0 };
    bool ok = decode(bytes, len, &l) && x64_leaf_vcpu_counter(&l, &c);
    if (!want) {
        result(!ok, name, "taken for a per-vCPU counter");
        return;
    }
    result(ok && c.base == buf + at && c.stride == stride && c.limit == limit && c.imm == imm, name,
           "counter %d at %+td (want %+ld), stride %" PRIu64 " limit %u adds %" PRId64, ok,
           ok ? (const uint8_t *)c.base - buf : 0, at, c.stride, c.limit, c.imm);
}

static void test_vcpu_counter(void)
{
    /* cmp $0x3f,%edi; ja out; shl $6,%edi; lea 0x100(%rip),%rdx; mov %edi,%eax;
     * add %rdx,%rax; addq $1,(%rax); ret (plugin-util.h's record) */
    vcpu_counter("vcounter-table", BYTES(0x83, 0xff, 0x3f, 0x77, 0x14, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15, 0x00,
                                         0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x48, 0x83, 0x00, 0x01,
                                         0xc3), true, 15 + 0x100, 64, 64, 1);
    /* cmp $4,%edi; jae out; mov %edi,%edi; lea 0x200(%rip),%rax; shl $7,%rdi;
     * addq $5,0x10(%rax,%rdi,1); ret */
    vcpu_counter("vcounter-sib-jae", BYTES(0x83, 0xff, 0x04, 0x73, 0x14, 0x89, 0xff, 0x48, 0x8d, 0x05, 0x00, 0x02,
                                           0x00, 0x00, 0x48, 0xc1, 0xe7, 0x07, 0x48, 0x83, 0x44, 0x38, 0x10, 0x05,
                                           0xc3), true, 14 + 0x210, 128, 4, 5);
    /* cmp $7,%edi; ja out; imul $24,%edi,%eax; lea 0x80(%rip),%rcx; add %rcx,%rax;
     * subq $2,(%rax); ret */
    vcpu_counter("vcounter-imul-subq", BYTES(0x83, 0xff, 0x07, 0x77, 0x12, 0x6b, 0xc7, 0x18, 0x48, 0x8d, 0x0d, 0x80,
                                             0x00, 0x00, 0x00, 0x48, 0x01, 0xc8, 0x48, 0x83, 0x28, 0x02, 0xc3),
                 true, 15 + 0x80, 24, 8, -2);
    /* the index as 64 bits without a 32-bit move first (its high half is undefined) */
    vcpu_counter("vcounter-not-rdi-high", BYTES(0x83, 0xff, 0x3f, 0x77, 0x13, 0x48, 0x8d, 0x05, 0x00, 0x01, 0x00,
                                                0x00, 0x48, 0xc1, 0xe7, 0x06, 0x48, 0x01, 0xf8, 0x48, 0x83, 0x00,
                                                0x01, 0xc3), false, 0, 0, 0, 0);
    /* lock addq */
    vcpu_counter("vcounter-not-lock", BYTES(0x83, 0xff, 0x3f, 0x77, 0x15, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15, 0x00,
                                            0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0xf0, 0x48, 0x83, 0x00,
                                            0x01, 0xc3), false, 0, 0, 0, 0);
    /* jg: a signed compare */
    vcpu_counter("vcounter-not-signed-guard", BYTES(0x83, 0xff, 0x3f, 0x7f, 0x14, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15,
                                                    0x00, 0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x48, 0x83,
                                                    0x00, 0x01, 0xc3), false, 0, 0, 0, 0);
    /* addl: 32 bits */
    vcpu_counter("vcounter-not-32bit", BYTES(0x83, 0xff, 0x3f, 0x77, 0x13, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15, 0x00,
                                             0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x83, 0x00, 0x01, 0xc3),
                 false, 0, 0, 0, 0);
    /* stride 4: two vCPUs' words overlap */
    vcpu_counter("vcounter-not-stride-4", BYTES(0x83, 0xff, 0x3f, 0x77, 0x14, 0xc1, 0xe7, 0x02, 0x48, 0x8d, 0x15,
                                                0x00, 0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x48, 0x83,
                                                0x00, 0x01, 0xc3), false, 0, 0, 0, 0);
    /* movq $1,(%rax): a store */
    vcpu_counter("vcounter-not-store", BYTES(0x83, 0xff, 0x3f, 0x77, 0x17, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15, 0x00,
                                             0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x48, 0xc7, 0x00, 0x01,
                                             0x00, 0x00, 0x00, 0xc3), false, 0, 0, 0, 0);
    /* the base from an argument (%rsi), not the function's object */
    vcpu_counter("vcounter-not-arg-base", BYTES(0x83, 0xff, 0x3f, 0x77, 0x0d, 0xc1, 0xe7, 0x06, 0x89, 0xf8, 0x48,
                                                0x01, 0xf0, 0x48, 0x83, 0x00, 0x01, 0xc3), false, 0, 0, 0, 0);
    /* two additions */
    vcpu_counter("vcounter-not-two", BYTES(0x83, 0xff, 0x3f, 0x77, 0x19, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15, 0x00,
                                           0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x48, 0x83, 0x00, 0x01,
                                           0x48, 0x83, 0x40, 0x08, 0x01, 0xc3), false, 0, 0, 0, 0);
    /* the guard compares another argument */
    vcpu_counter("vcounter-not-other-guard", BYTES(0x83, 0xfe, 0x3f, 0x77, 0x14, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15,
                                                   0x00, 0x01, 0x00, 0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x48, 0x83,
                                                   0x00, 0x01, 0xc3), false, 0, 0, 0, 0);
    /* and $0x3f,%edi: the index masked, not bounded */
    vcpu_counter("vcounter-not-masked", BYTES(0x83, 0xe7, 0x3f, 0xc1, 0xe7, 0x06, 0x48, 0x8d, 0x15, 0x00, 0x01, 0x00,
                                              0x00, 0x89, 0xf8, 0x48, 0x01, 0xd0, 0x48, 0x83, 0x00, 0x01, 0xc3),
                 false, 0, 0, 0, 0);
}

/* The C compiler's callbacks of tp_vcnt.c: plugin-util.h's table (64
 * vCPUs, 64-byte records; the insn count first, the memory one after)
 * and rec4[] (4 vCPUs), each in the plugin's object. */
static void test_vcpu_counter_plugin(const char *path)
{
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (!h) {
        result(false, "vcounter-plugin-open", "%s", dlerror());
        return;
    }
    static const struct {
        const char *sym;
        uint32_t limit;
    } fns[] = { { "tp_vcnt_insn", 64 }, { "tp_vcnt_mem", 64 }, { "tp_vcnt_insn4", 4 } };
    const uint8_t *base[3] = { NULL };
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        char name[64];
        snprintf(name, sizeof(name), "vcounter-plugin-%s", fns[i].sym);
        const void *fn = dlsym(h, fns[i].sym);
        X64LeafVcpuCounter c = { 0 };
        Dl_info fi, ci;
        bool ok = fn && x64_leaf_vcpu_counter_of(fn, &c) && dladdr(fn, &fi) && dladdr(c.base, &ci) &&
                  fi.dli_fbase == ci.dli_fbase;
        base[i] = c.base;
        result(ok && c.stride == 64 && c.limit == fns[i].limit && c.imm == 1, name,
               "counter %d stride %" PRIu64 " limit %u adds %" PRId64, ok, c.stride, c.limit, c.imm);
    }
    result(base[1] == base[0] + 8, "vcounter-plugin-fields", "mem's word %+td from insn's",
           base[1] - base[0]);
    dlclose(h);
}

/* The C compiler's callbacks of tp_leaf.c. */
static void test_plugin(const char *path)
{
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);   /* the API functions it calls are not here */
    if (!h) {
        result(false, "leaf-plugin-open", "%s", dlerror());
        return;
    }
    static const struct {
        const char *sym;
        bool leaf;
        bool bail;      /* with a bail-out */
        bool frame;     /* pushing registers */
    } fns[] = {
        { "tp_leaf_insn", true, false, false }, { "tp_leaf_tb", true, false, false },
        { "tp_leaf_watch", true, false, false }, { "tp_leaf_mem", true, false, false },
        { "tp_leaf_called", false, false, false },
        { "tp_leaf_first_pc", true, true, false }, { "tp_leaf_first_vaddr", true, true, false },
        { "tp_leaf_frame", true, true, true },
    };
    const uint16_t args = R(X64_RDI) | R(X64_RSI) | R(X64_RDX) | R(X64_RCX);
    for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
        char name[64];
        snprintf(name, sizeof(name), "leaf-plugin-%s", fns[i].sym);
        const uint8_t *fn = dlsym(h, fns[i].sym);
        X64Leaf l;
        bool ok = fn && x64_leaf_decode(fn, &l);
        /* a leaf reads nothing but its arguments */
        /* and none adds to one fixed word: each vCPU counts in its own;
         * the copies of the one with a frame may share it */
        X64LeafCounter c;
        result(ok == fns[i].leaf && !(ok && x64_leaf_counter(&l, &c)) && (!ok || l.chain == fns[i].frame) &&
                   (!ok || (!(l.reads & ~args) && (l.n_bail > 0) == fns[i].bail &&
                            (l.bail_depth > 0) == fns[i].frame)),
               name, "accepted %d, want %d; %u bail-outs, frame of %u", ok, fns[i].leaf, ok ? l.n_bail : 0,
               ok ? l.bail_depth : 0);
    }
    dlclose(h);
}

int main(int argc, char **argv)
{
    test_decode();
    test_emit();
    test_counter();
    test_chain();
    test_lane();
    if (argc > 1)
        test_plugin(argv[1]);
    if (argc > 2)
        test_counter_plugin(argv[2]);
    test_vcpu_counter();
    if (argc > 3)
        test_vcpu_counter_plugin(argv[3]);
    printf("# leaf: %d failed\n", failures);
    return 0;
}
