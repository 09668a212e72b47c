/*
 * riscv64 address translation: the mmu index of an access (privilege,
 * MPRV, SUM, MXR) and the Sv39/Sv48/Sv57 page table walk (its reads and
 * the resulting physical address then checked by PMP, sys-pmp.c), with the
 * accessed and dirty bits set by the walk (as QEMU does: no fault for
 * them) with a compare-and-swap, so a walk on another hart or the guest's
 * own update of the entry is never lost.
 */
#include "exec/memory.h"
#include "guest/riscv64/sys-priv.h"

enum { PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_G = 32, PTE_A = 64, PTE_D = 128 };
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ull << 44) - 1)
#define PTE_RESERVED (0x3ffull << 54)   /* N, PBMT and reserved: none implemented */

unsigned rv_mmu_index(CPUState *cpu, int access)
{
    const RVState *env = RV(cpu);
    uint64_t priv = env->priv;
    if (access == MMU_INST_FETCH)
        return priv == RV_PRIV_M ? RV_MMU_M : (unsigned)priv;
    if (priv == RV_PRIV_M && (env->mstatus & MS_MPRV))
        priv = (env->mstatus & MS_MPP) >> MS_MPP_SHIFT;
    if (priv == RV_PRIV_M)
        return RV_MMU_M;
    unsigned idx = priv == RV_PRIV_S && (env->mstatus & MS_SUM) ? RV_MMU_S_SUM : (unsigned)priv;
    return idx | ((env->mstatus & MS_MXR) ? RV_MMU_MXR : 0);
}

static int page_fault(int access)
{
    return access == MMU_INST_FETCH ? EXC_INSN_PAGE : access == MMU_DATA_STORE ? EXC_STORE_PAGE : EXC_LOAD_PAGE;
}

int rv_access_fault_cause(int access)
{
    return access == MMU_INST_FETCH ? EXC_INSN_ACCESS : access == MMU_DATA_STORE ? EXC_STORE_ACCESS : EXC_LOAD_ACCESS;
}

/* The page table walk: -1 with *pa and *prot, or the fault cause. */
static int translate(CPUState *cpu, uint64_t va, int access, unsigned idx, uint64_t *pa, unsigned *prot)
{
    const RVState *env = RV(cpu);
    unsigned mode = (unsigned)(env->satp >> 60);
    if ((idx & 3) == RV_MMU_M || mode == 0) {
        *pa = va & GUEST_PAGE_MASK;
        *prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        return -1;
    }
    unsigned levels = mode - 5;          /* Sv39 8 -> 3, Sv48 -> 4, Sv57 -> 5 */
    unsigned va_bits = 12 + 9 * levels;
    /* va must be the sign extension of its top translated bit */
    if ((uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits)) != va)
        return page_fault(access);
    bool user = (idx & 3) == RV_MMU_U, sum = (idx & 3) == RV_MMU_S_SUM, mxr = idx & RV_MMU_MXR;
    uint64_t base = (env->satp & PTE_PPN_MASK) << 12;
restart:
    for (int level = (int)levels - 1; level >= 0; level--) {
        uint64_t pte_pa = base + ((va >> (12 + 9 * level)) & 511) * 8;
        uint64_t *ptep = softmmu_ram_ptr(pte_pa, 8);
        if (!ptep || !rv_pmp_walk_ok(env, pte_pa, 8))
            return rv_access_fault_cause(access);
        uint64_t pte = __atomic_load_n(ptep, __ATOMIC_ACQUIRE);
        if (!(pte & PTE_V) || ((pte & PTE_W) && !(pte & PTE_R)) || (pte & PTE_RESERVED))
            return page_fault(access);
        uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
        if (!(pte & (PTE_R | PTE_X))) {
            if (level == 0 || (pte & (PTE_D | PTE_A | PTE_U)))
                return page_fault(access);
            base = ppn << 12;
            continue;
        }
        /* a leaf: privilege, then the access's right */
        if (user ? !(pte & PTE_U) : ((pte & PTE_U) && (access == MMU_INST_FETCH || !sum)))
            return page_fault(access);
        bool r = (pte & PTE_R) || (mxr && (pte & PTE_X)), w = pte & PTE_W, x = pte & PTE_X;
        if ((access == MMU_DATA_LOAD && !r) || (access == MMU_DATA_STORE && !w) ||
            (access == MMU_INST_FETCH && !x))
            return page_fault(access);
        uint64_t low_mask = (1ull << (9 * level)) - 1;   /* a superpage's ppn is aligned */
        if (ppn & low_mask)
            return page_fault(access);
        uint64_t want = PTE_A | (access == MMU_DATA_STORE ? PTE_D : 0);
        if ((pte & want) != want &&
            !__atomic_compare_exchange_n(ptep, &pte, pte | want, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
            goto restart;
        pte |= want;
        *pa = ((ppn | ((va >> 12) & low_mask)) << 12);
        *prot = (r ? PAGE_READ : 0) | (w && (pte & PTE_D) ? PAGE_WRITE : 0) | (x ? PAGE_EXEC : 0);
        return -1;
    }
    return page_fault(access);
}

int rv_tlb_fill(CPUState *cpu, uint64_t va, unsigned size, int access, unsigned idx, uint64_t *pa,
                unsigned *prot)
{
    int cause = translate(cpu, va, access, idx, pa, prot);
    if (cause >= 0)
        return cause;
    unsigned priv = (idx & 3) == RV_MMU_M ? RV_PRIV_M : (idx & 3) == RV_MMU_U ? RV_PRIV_U : RV_PRIV_S;
    return rv_pmp_check(RV(cpu), priv, *pa | (va & ~GUEST_PAGE_MASK), size, access, prot);
}
