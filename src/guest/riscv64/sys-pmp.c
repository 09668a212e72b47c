/*
 * riscv64 physical memory protection (priv spec 1.12, 3.7): the 16 entries
 * of QEMU's virt CPU (pmpcfg0 and pmpcfg2, pmpaddr0..15, 4-byte grain, so
 * NA4 exists) checked on every fetch, load and store after translation,
 * and on the page table walk's reads (as S-mode accesses).
 *
 * The lowest-numbered entry that matches any byte of an access decides:
 * if it does not match every byte the access fails; M-mode passes an
 * unlocked entry; otherwise the entry's R, W, X rights apply. With no
 * entry matching, M-mode passes and S and U fail.
 *
 * The TLB caches a page's rights. When one entry decides for the whole
 * page (the common case: OpenSBI's and Linux's regions are page-aligned)
 * the rights are narrowed by it and cached; otherwise the translation is
 * used for the one access and not cached (TLB_FILL_ONCE), so that every
 * access to such a page is checked. A write to any PMP csr flushes the
 * hart's TLB (sys-csr.c).
 */
#include "exec/memory.h"
#include "guest/riscv64/sys-priv.h"

enum { PMP_R = 1, PMP_W = 2, PMP_X = 4, PMP_L = 0x80 };
enum { PMP_OFF, PMP_TOR, PMP_NA4, PMP_NAPOT };
#define RWX (PAGE_READ | PAGE_WRITE | PAGE_EXEC)

static unsigned pmp_cfg(const RVState *env, unsigned i) { return env->pmpcfg[i / 8] >> (8 * (i % 8)) & 0xff; }

bool rv_pmp_locked(const RVState *env, unsigned i) { return pmp_cfg(env, i) & PMP_L; }

bool rv_pmp_is_tor(const RVState *env, unsigned i) { return (pmp_cfg(env, i) >> 3 & 3) == PMP_TOR; }

/* Entry i's byte range [*lo, *hi); false if it matches nothing. */
static bool pmp_range(const RVState *env, unsigned i, uint64_t *lo, uint64_t *hi)
{
    uint64_t a = env->pmpaddr[i];
    switch (pmp_cfg(env, i) >> 3 & 3) {
    case PMP_TOR:
        *lo = i ? env->pmpaddr[i - 1] << 2 : 0;
        *hi = a << 2;
        return *lo < *hi;
    case PMP_NA4:
        *lo = a << 2;
        *hi = *lo + 4;
        return true;
    case PMP_NAPOT: {
        /* trailing ones t: 2^(t+3) bytes; pmpaddr has 54 bits, so t <= 54 */
        unsigned t = (unsigned)__builtin_ctzll(~a);
        *lo = (a & ~((1ull << t) - 1)) << 2;
        *hi = *lo + (8ull << t);
        return true;
    }
    }
    return false;
}

/* The PAGE_* rights PMP gives an access by priv to [a, a + n), or -1 if
 * the deciding entry does not cover all of it. */
static int pmp_rights(const RVState *env, unsigned priv, uint64_t a, uint64_t n)
{
    for (unsigned i = 0; i < RV_PMP_COUNT; i++) {
        uint64_t lo, hi;
        if (!pmp_range(env, i, &lo, &hi) || a >= hi || a + n <= lo)
            continue;
        if (a < lo || a + n > hi)
            return -1;
        unsigned c = pmp_cfg(env, i);
        if (priv == RV_PRIV_M && !(c & PMP_L))
            return RWX;
        return ((c & PMP_R) ? PAGE_READ : 0) | ((c & PMP_W) ? PAGE_WRITE : 0) | ((c & PMP_X) ? PAGE_EXEC : 0);
    }
    return priv == RV_PRIV_M ? RWX : 0;
}

bool rv_pmp_walk_ok(const RVState *env, uint64_t pa, unsigned n)
{
    int r = pmp_rights(env, RV_PRIV_S, pa, n);
    return r >= 0 && (r & PAGE_READ);
}

int rv_pmp_check(const RVState *env, unsigned priv, uint64_t pa, unsigned size, int access, unsigned *prot)
{
    unsigned need = access == MMU_INST_FETCH ? PAGE_EXEC : access == MMU_DATA_STORE ? PAGE_WRITE : PAGE_READ;
    int r = pmp_rights(env, priv, pa & GUEST_PAGE_MASK, GUEST_PAGE_SIZE);
    if (r >= 0) {
        *prot &= (unsigned)r;
        return ((unsigned)r & need) ? -1 : rv_access_fault_cause(access);
    }
    r = pmp_rights(env, priv, pa, size ? size : 1);
    if (r < 0 || !((unsigned)r & need))
        return rv_access_fault_cause(access);
    *prot = (*prot & need) | TLB_FILL_ONCE;
    return -1;
}
