/* If-conversion (docs/design-notes.md, "If-conversion of a branch between
 * two loads"): a conditional branch whose two ways are the same but for a
 * load's offset, each ending in opposite tests of the loaded value that
 * lead to the same two places, becomes both loads and a select. Each
 * function below has that shape (chase's tree walk):
 *
 *   f:  li   a3, 0; j 3f
 *   1:  LOAD a5, OFFT(a2)      <- taken way (label f_lt)
 *       addi a3, a3, 1
 *       beqz a5, 2f
 *   4:  add  a0, a5, a3; ret   (the loaded value, + 1)
 *   3:  BR   a0, a1, 1b        <- the branch
 *       LOAD a5, OFFF(a2)      <- fall-through way (label f_lf)
 *       addi a3, a3, 1
 *       bnez a5, 4b
 *   2:  addi a0, a3, 1000; ret (zero loaded: 1001)
 *
 * for the six branches and seven loads, on every ordered pair of nine edge
 * values (equal, signed and unsigned order disagreeing, the 32- and 64-bit
 * edges) and on rows whose loads read zero, the sign bit of each size, or
 * all ones (sign and zero extension). Then the faults, with one way's
 * address on a PROT_NONE page: the way not taken must not fault (the
 * select reads both, so the branch must run alone instead), the way taken
 * must raise SIGSEGV at its own load (f_lt or f_lf) with si_addr its
 * address; also for an address far beyond any mapping (the JIT's range
 * check instead of a host fault). The expected output (ifconv.expected)
 * is qemu-riscv64's; the mismatch counts against C's answer are 0 by
 * construction. riscv64 only (its own assembly). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#define IFCONV(name, br, ld, offt, offf)   \
    ".balign 64\n"                          \
    ".globl " #name "\n"                    \
    #name ":\n"                             \
    "    li   a3, 0\n"                      \
    "    j    3f\n"                         \
    ".globl " #name "_lt\n"                 \
    #name "_lt:\n"                          \
    "1:  " #ld " a5, " #offt "(a2)\n"       \
    "    addi a3, a3, 1\n"                  \
    "    beqz a5, 2f\n"                     \
    "4:  add  a0, a5, a3\n"                 \
    "    ret\n"                             \
    "3:  " #br " a0, a1, 1b\n"              \
    ".globl " #name "_lf\n"                 \
    #name "_lf:\n"                          \
    "    " #ld " a5, " #offf "(a2)\n"       \
    "    addi a3, a3, 1\n"                  \
    "    bnez a5, 4b\n"                     \
    "2:  addi a0, a3, 1000\n"               \
    "    ret\n"

/* loads: ld lw lwu lh lhu lb lbu; branches: beq bne blt bge bltu bgeu */
#define FOR_BRANCH(ld, tag, offt, offf) \
    IFCONV(tag##_beq, beq, ld, offt, offf) IFCONV(tag##_bne, bne, ld, offt, offf) \
    IFCONV(tag##_blt, blt, ld, offt, offf) IFCONV(tag##_bge, bge, ld, offt, offf) \
    IFCONV(tag##_bltu, bltu, ld, offt, offf) IFCONV(tag##_bgeu, bgeu, ld, offt, offf)

__asm__(".pushsection .text\n"
        FOR_BRANCH(ld, f_ld, 0, 8)
        FOR_BRANCH(lw, f_lw, 16, -8)
        FOR_BRANCH(lwu, f_lwu, 4, 12)
        FOR_BRANCH(lh, f_lh, 6, 2)
        FOR_BRANCH(lhu, f_lhu, 10, 14)
        FOR_BRANCH(lb, f_lb, 1, 9)
        FOR_BRANCH(lbu, f_lbu, 15, 7)
        ".popsection\n");

typedef long Fn(long a, long b, const void *p);
#define DECL(tag) \
    Fn tag##_beq, tag##_bne, tag##_blt, tag##_bge, tag##_bltu, tag##_bgeu; \
    extern const char tag##_beq_lt[], tag##_bne_lt[], tag##_blt_lt[], tag##_bge_lt[], \
        tag##_bltu_lt[], tag##_bgeu_lt[], tag##_beq_lf[], tag##_bne_lf[], tag##_blt_lf[], \
        tag##_bge_lf[], tag##_bltu_lf[], tag##_bgeu_lf[];
DECL(f_ld) DECL(f_lw) DECL(f_lwu) DECL(f_lh) DECL(f_lhu) DECL(f_lb) DECL(f_lbu)

typedef struct Load {
    const char *name;
    int size, sign, offt, offf;
    Fn *fn[6];
    const char *lt[6], *lf[6];
} Load;

#define LOAD(tag, nm, sz, sg, ot, of)                                                         \
    { nm, sz, sg, ot, of,                                                                      \
      { tag##_beq, tag##_bne, tag##_blt, tag##_bge, tag##_bltu, tag##_bgeu },                  \
      { tag##_beq_lt, tag##_bne_lt, tag##_blt_lt, tag##_bge_lt, tag##_bltu_lt, tag##_bgeu_lt }, \
      { tag##_beq_lf, tag##_bne_lf, tag##_blt_lf, tag##_bge_lf, tag##_bltu_lf, tag##_bgeu_lf } }

static const Load loads[] = {
    LOAD(f_ld, "ld", 8, 1, 0, 8),      LOAD(f_lw, "lw", 4, 1, 16, -8),
    LOAD(f_lwu, "lwu", 4, 0, 4, 12),   LOAD(f_lh, "lh", 2, 1, 6, 2),
    LOAD(f_lhu, "lhu", 2, 0, 10, 14),  LOAD(f_lb, "lb", 1, 1, 1, 9),
    LOAD(f_lbu, "lbu", 1, 0, 15, 7),
};
static const char *const brname[6] = { "beq", "bne", "blt", "bge", "bltu", "bgeu" };

static int taken(int br, int64_t a, int64_t b)
{
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    switch (br) {
    case 0: return a == b;
    case 1: return a != b;
    case 2: return a < b;
    case 3: return a >= b;
    case 4: return ua < ub;
    default: return ua >= ub;
    }
}

static long want(const Load *l, int br, int64_t a, int64_t b, const uint8_t *p)
{
    int off = taken(br, a, b) ? l->offt : l->offf;
    uint64_t v = 0;
    memcpy(&v, p + off, (size_t)l->size);
    if (l->sign && l->size < 8 && (v >> (8 * l->size - 1) & 1))
        v |= ~0ull << (8 * l->size);
    return v ? (long)(v + 1) : 1001;
}

static const uint8_t *const far = (const uint8_t *)(uintptr_t)0xffff000000000000ull;
static sigjmp_buf jb;
static volatile uintptr_t fault_pc, fault_addr;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    fault_pc = (uintptr_t)uc->uc_mcontext.__gregs[REG_PC];
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(jb, 1);
}

/* One call that may fault: its result, or where it faulted. */
static void try_call(const char *what, const Load *l, int br, long a, long b, const uint8_t *p)
{
    fault_pc = fault_addr = 0;
    if (sigsetjmp(jb, 1) == 0) {
        long r = l->fn[br](a, b, p);
        printf("%s %s %s: %ld\n", what, l->name, brname[br], r);
        return;
    }
    const char *at = fault_pc == (uintptr_t)l->lt[br] ? "taken way's load"
                     : fault_pc == (uintptr_t)l->lf[br] ? "fall-through way's load" : "elsewhere";
    /* (far beyond the guest space, qemu-riscv64 7.2 gives si_addr 0) */
    if (p == far)
        printf("%s %s %s: SIGSEGV at the %s\n", what, l->name, brname[br], at);
    else
        printf("%s %s %s: SIGSEGV at the %s, address p%+ld\n", what, l->name, brname[br], at,
               (long)(fault_addr - (uintptr_t)p));
}

int main(void)
{
    static const int64_t vals[] = {
        0, 1, -1, 2, INT64_MIN, INT64_MAX, 0x7fffffff, (int64_t)0x80000000u, -0x80000000ll,
    };
    enum { NV = sizeof(vals) / sizeof(vals[0]), ROWS = 5 };
    /* 32 bytes a row, read from its 8th byte (offsets -8 to 16) */
    static uint8_t rows[ROWS][40];
    for (int r = 0; r < ROWS; r++)
        for (int i = 0; i < 40; i++)
            rows[r][i] = r == 0   ? 0                                       /* all zero */
                         : r == 1 ? 0xff                                    /* all ones */
                         : r == 2 ? (uint8_t)(0x80 >> (i % 8 == 7 ? 0 : 8)) /* sign bits */
                         : r == 3 ? (uint8_t)(i * 37 + 11)                  /* mixed */
                                  : (uint8_t)(i % 3 ? 0 : 0x80 | i);        /* zero on one side */
    for (unsigned li = 0; li < sizeof(loads) / sizeof(loads[0]); li++) {
        const Load *l = &loads[li];
        for (int br = 0; br < 6; br++) {
            unsigned bad = 0;
            uint64_t sum = 0;
            for (int rep = 0; rep < 3; rep++)
                for (int r = 0; r < ROWS; r++)
                    for (int i = 0; i < NV; i++)
                        for (int j = 0; j < NV; j++) {
                            const uint8_t *p = rows[r] + 8;
                            long got = l->fn[br](vals[i], vals[j], p);
                            bad += got != want(l, br, vals[i], vals[j], p);
                            sum = sum * 31 + (uint64_t)got;
                        }
            printf("%s %s: mismatches %u sum %016llx\n", l->name, brname[br], bad,
                   (unsigned long long)sum);
        }
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    /* two pages, the second PROT_NONE: p 8 bytes before the boundary */
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED || mprotect(m + pg, (size_t)pg, PROT_NONE) != 0) {
        printf("mmap failed\n");
        return 1;
    }
    memset(m, 0x5a, (size_t)pg);
    for (unsigned li = 0; li < sizeof(loads) / sizeof(loads[0]); li++) {
        const Load *l = &loads[li];
        /* the way with the higher offset crosses into the PROT_NONE page */
        int hi = l->offt > l->offf ? l->offt : l->offf;
        const uint8_t *p = m + pg - hi;
        for (int br = 0; br < 6; br++) {
            /* taken, then not taken; a few times, so that a block gets hot */
            for (int rep = 0; rep < 300; rep++) {
                fault_pc = 0;
                if (sigsetjmp(jb, 1) == 0)
                    (void)l->fn[br](rep & 1, 1, p);
            }
            try_call("edge, equal", l, br, 5, 5, p);
            try_call("edge, less", l, br, -3, 4, p);
            try_call("edge, greater", l, br, 4, -3, p);
        }
        /* both ways far beyond any mapping */
        try_call("far, equal", l, 0, 7, 7, far);
        try_call("far, differ", l, 0, 7, 8, far);
    }
    return 0;
}
