/*
 * The software TLB of system mode (ir/softmmu.h): filling it from the
 * guest's translation and the physical address space, flushing it, the
 * slow paths of loads and stores (faults, devices, misaligned accesses,
 * pages holding translated code), instruction fetch for the translator,
 * and exec/memory.h for the shared layers' own accesses to guest memory.
 *
 * Translated code: a page of memory that code was translated from is
 * marked (PhysRegion.code) and every TLB entry that lets stores into it
 * gets TLB_NOTDIRTY, so the first store there takes the slow path, which
 * drops the page's TBs and lets stores through again.
 */
#include <errno.h>
#include <string.h>

#include "exec/cpu.h"
#include "exec/exclusive.h"
#include "exec/guest.h"
#include "exec/memory.h"
#include "exec/tb.h"
#include "system/system.h"
#include "util/util.h"

const GuestSysArch *sys_arch;

/* The flat model's variables: unused by system mode, always 0. */
uintptr_t guest_base;
uint64_t guest_space_size;

static TLBEntry *tlb_entry(CPUState *cpu, unsigned idx, uint64_t va)
{
    return &sys_cpu(cpu)->tlb.e[idx][(va >> GUEST_PAGE_BITS) & (TLB_SIZE - 1)];
}

static void jc_note_page(CPUState *cpu, uint64_t va)
{
    uint64_t *w = &sys_cpu(cpu)->jc_pages[(va >> GUEST_PAGE_BITS) / 64 % 64];
    uint64_t bit = 1ull << ((va >> GUEST_PAGE_BITS) % 64);
    if (!(__atomic_load_n(w, __ATOMIC_RELAXED) & bit))
        __atomic_fetch_or(w, bit, __ATOMIC_RELAXED);
}

static bool jc_has_page(CPUState *cpu, uint64_t va)
{
    uint64_t n = va >> GUEST_PAGE_BITS;
    return __atomic_load_n(&sys_cpu(cpu)->jc_pages[n / 64 % 64], __ATOMIC_RELAXED) & (1ull << (n % 64));
}

static void jc_clear(CPUState *cpu)
{
    memset(cpu->jmp_cache, 0, sizeof(cpu->jmp_cache));
    for (unsigned i = 0; i < 64; i++)
        __atomic_store_n(&sys_cpu(cpu)->jc_pages[i], 0, __ATOMIC_RELAXED);
}

void tlb_flush(CPUState *cpu)
{
    SysCPU *sc = sys_cpu(cpu);
    for (unsigned idx = 0; idx < TLB_MMU_MAX; idx++)
        if (sc->tlb_used & (1u << idx)) {
            memset(sc->tlb.e[idx], 0xff, sizeof(sc->tlb.e[idx]));
            memset(sc->tlb.site[idx], 0xff, sizeof(sc->tlb.site[idx]));
            memset(sc->tlb.wsite[idx], 0xff, sizeof(sc->tlb.wsite[idx]));
        }
    __atomic_store_n(&sc->tlb_used, 0, __ATOMIC_RELAXED);
    jc_clear(cpu);
}

void tlb_flush_page(CPUState *cpu, uint64_t va)
{
    uint64_t page = va & GUEST_PAGE_MASK;
    SysCPU *sc = sys_cpu(cpu);
    for (unsigned idx = 0; idx < TLB_MMU_MAX; idx++) {
        TLBEntry *e = tlb_entry(cpu, idx, va);
        if (((e->addr_read & GUEST_PAGE_MASK) == page) || ((e->addr_write & GUEST_PAGE_MASK) == page) ||
            ((e->addr_code & GUEST_PAGE_MASK) == page))
            memset(e, 0xff, sizeof(*e));
        /* A slot may hold the page after its entry was evicted. */
        for (unsigned k = 0; k < TLB_SITES && (sc->tlb_used & (1u << idx)); k++) {
            if ((sc->tlb.site[idx][k].tag & GUEST_PAGE_MASK) == page)
                sc->tlb.site[idx][k].tag = UINT64_MAX;
            if ((sc->tlb.wsite[idx][k].tag & GUEST_PAGE_MASK) == page)
                sc->tlb.wsite[idx][k].tag = UINT64_MAX;
        }
    }
    if (jc_has_page(cpu, va))
        jc_clear(cpu);
}

static _Noreturn void raise_at(CPUState *cpu, uint64_t guest_pc, int cause, uint64_t tval)
{
    cpu_set_pc(cpu, guest_pc);
    cpu_raise(cpu, EXCP_ARCH, tval, cause);
}

static bool page_is_code(const PhysRegion *r, uint64_t pa)
{
    return __atomic_load_n(&r->code[(pa - r->base) >> GUEST_PAGE_BITS], __ATOMIC_ACQUIRE) != 0;
}

/* Fill cpu's entry for va in mmu index idx for an access of kind access
 * and size bytes: -1, or the guest's fault cause. A translation that holds
 * for this access alone (TLB_FILL_ONCE) is used once: the entry is
 * invalid again when this returns, and *once_pa holds the address
 * (left alone otherwise). */
static int tlb_fill(CPUState *cpu, uint64_t va, unsigned size, int access, unsigned idx, uint64_t *once_pa)
{
    uint64_t pa;
    unsigned prot;
    int cause = sys_arch->tlb_fill(cpu, va, size, access, idx, &pa, &prot);
    if (cause >= 0)
        return cause;
    const PhysRegion *r = phys_find(pa);
    if (!r)
        return sys_arch->access_fault_cause(access);
    uint64_t page = va & GUEST_PAGE_MASK;
    TLBEntry *e = tlb_entry(cpu, idx, va);
    if (prot & TLB_FILL_ONCE) {
        bool ok = access == MMU_INST_FETCH ? (prot & PAGE_EXEC) && r->host
                  : (prot & (access == MMU_DATA_STORE ? PAGE_WRITE : PAGE_READ));
        memset(e, 0xff, sizeof(*e));
        if (!ok)
            return sys_arch->access_fault_cause(access);
        *once_pa = pa | (va & ~GUEST_PAGE_MASK);
        return -1;
    }
    uint64_t io = r->host ? 0 : TLB_MMIO;
    __atomic_fetch_or(&sys_cpu(cpu)->tlb_used, 1u << idx, __ATOMIC_RELAXED);
    e->addr_read = (prot & PAGE_READ) ? page | io : UINT64_MAX;
    e->addr_write = UINT64_MAX;
    if (prot & PAGE_WRITE)
        e->addr_write = page | io | (r->readonly ? TLB_MMIO : 0) | (r->host && page_is_code(r, pa) ? TLB_NOTDIRTY : 0);
    e->addr_code = (prot & PAGE_EXEC) && r->host ? page : UINT64_MAX;
    e->addend = r->host ? (uintptr_t)(r->host + (pa - r->base)) - page : 0;
    sys_cpu(cpu)->phys[idx][(va >> GUEST_PAGE_BITS) & (TLB_SIZE - 1)] = pa;
    /* Another hart may be marking the page as code right now: it sets the
     * page's flag, then scans every TLB; we wrote the entry, then look at
     * the flag. One of the two sees the other (both fenced). */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if ((prot & PAGE_WRITE) && r->host && page_is_code(r, pa))
        __atomic_fetch_or(&e->addr_write, (uint64_t)TLB_NOTDIRTY, __ATOMIC_RELAXED);
    return -1;
}

/* The physical address of va for an access of size bytes (0: va alone)
 * through the TLB (filled if need be): true, or false with *cause. */
static bool tlb_translate(CPUState *cpu, uint64_t va, unsigned size, int access, unsigned idx, uint64_t *pa,
                          int *cause)
{
    TLBEntry *e = tlb_entry(cpu, idx, va);
    uint64_t page = va & GUEST_PAGE_MASK;
    uint64_t cmp = access == MMU_DATA_LOAD ? e->addr_read : access == MMU_DATA_STORE ? e->addr_write : e->addr_code;
    if ((cmp & (GUEST_PAGE_MASK | TLB_INVALID)) != page) {
        uint64_t once_pa = UINT64_MAX;
        *cause = tlb_fill(cpu, va, size, access, idx, &once_pa);
        if (*cause >= 0)
            return false;
        if (once_pa != UINT64_MAX) {
            *pa = once_pa;
            return true;
        }
        cmp = access == MMU_DATA_LOAD ? e->addr_read : access == MMU_DATA_STORE ? e->addr_write : e->addr_code;
        if ((cmp & (GUEST_PAGE_MASK | TLB_INVALID)) != page) {
            *cause = sys_arch->access_fault_cause(access);
            return false;
        }
    }
    *pa = sys_cpu(cpu)->phys[idx][(va >> GUEST_PAGE_BITS) & (TLB_SIZE - 1)] | (va & ~GUEST_PAGE_MASK);
    return true;
}

/* -icount: a device access may have set a timer; the loop looks at the
 * deadlines again after this TB. */
static void icount_device_touched(CPUState *cpu)
{
    if (sys_icount_shift >= 0)
        cpu->icount_limit = 0;
}

static uint64_t load_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;
    memcpy(&v, p, size);
    return v;
}

/* One access within a page, unsigned, little-endian. */
static uint64_t load_one(CPUState *cpu, uint64_t va, unsigned size, unsigned idx, uint64_t guest_pc)
{
    uint64_t pa;
    int cause;
    if (!tlb_translate(cpu, va, size, MMU_DATA_LOAD, idx, &pa, &cause))
        raise_at(cpu, guest_pc, cause, va);
    const PhysRegion *r = phys_find(pa);
    if (r->host)
        return load_le(r->host + (pa - r->base), size);
    icount_device_touched(cpu);
    return phys_dev_read(r, pa, size);
}

static void store_one(CPUState *cpu, uint64_t va, uint64_t val, unsigned size, unsigned idx, uint64_t guest_pc)
{
    uint64_t pa;
    int cause;
    if (!tlb_translate(cpu, va, size, MMU_DATA_STORE, idx, &pa, &cause))
        raise_at(cpu, guest_pc, cause, va);
    const PhysRegion *r = phys_find(pa);
    if (!r->host) {
        icount_device_touched(cpu);
        phys_dev_write(r, pa, val, size);
        /* a power-off takes effect right after the store that asked, as
         * on QEMU (plugins count no instruction after it) */
        if (cpus_stopping())
            cpu_loop_exit(cpu);
        return;
    }
    if (r->readonly)
        return;
    if (page_is_code(r, pa))
        softmmu_code_written(r, pa & GUEST_PAGE_MASK);
    /* Stores may go inline again (unless the page became code meanwhile,
     * on another hart: the same fenced order as tlb_fill's). */
    TLBEntry *e = tlb_entry(cpu, idx, va);
    if (e->addr_write & TLB_NOTDIRTY) {
        __atomic_fetch_and(&e->addr_write, ~(uint64_t)TLB_NOTDIRTY, __ATOMIC_SEQ_CST);
        if (page_is_code(r, pa))
            __atomic_fetch_or(&e->addr_write, (uint64_t)TLB_NOTDIRTY, __ATOMIC_SEQ_CST);
    }
    memcpy(r->host + (pa - r->base), &val, size);
}

static uint64_t extend(uint64_t v, unsigned memop)
{
    unsigned bits = 8 * ir_memop_size(memop);
    if (bits < 64 && (memop & IR_MO_SIGN))
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    return v;
}

static uint64_t slow_load(void *env, uint64_t addr, uint32_t memop, uint64_t guest_pc)
{
    CPUState *cpu = env;
    unsigned size = ir_memop_size(memop), idx = ir_memop_mmu(memop);
    if (addr & (size - 1)) {
        if (memop & IR_MO_ALIGN)
            raise_at(cpu, guest_pc, sys_arch->misaligned_cause(MMU_DATA_LOAD), addr);
        if ((addr ^ (addr + size - 1)) & GUEST_PAGE_MASK) {
            /* byte by byte: each may fault, or be a device's */
            uint64_t v = 0;
            for (unsigned i = 0; i < size; i++)
                v |= load_one(cpu, addr + i, 1, idx, guest_pc) << (8 * i);
            return extend(v, memop);
        }
    }
    return extend(load_one(cpu, addr, size, idx, guest_pc), memop);
}

static void slow_store(void *env, uint64_t addr, uint64_t val, uint32_t memop, uint64_t guest_pc)
{
    CPUState *cpu = env;
    unsigned size = ir_memop_size(memop), idx = ir_memop_mmu(memop);
    if (addr & (size - 1)) {
        if (memop & IR_MO_ALIGN)
            raise_at(cpu, guest_pc, sys_arch->misaligned_cause(MMU_DATA_STORE), addr);
        if ((addr ^ (addr + size - 1)) & GUEST_PAGE_MASK) {
            /* both pages must be writable before either byte lands */
            uint64_t pa;
            int cause;
            if (!tlb_translate(cpu, addr, 1, MMU_DATA_STORE, idx, &pa, &cause))
                raise_at(cpu, guest_pc, cause, addr);
            if (!tlb_translate(cpu, addr + size - 1, 1, MMU_DATA_STORE, idx, &pa, &cause))
                raise_at(cpu, guest_pc, cause, (addr + size - 1) & GUEST_PAGE_MASK);
            for (unsigned i = 0; i < size; i++)
                store_one(cpu, addr + i, val >> (8 * i), 1, idx, guest_pc);
            return;
        }
    }
    store_one(cpu, addr, val, size, idx, guest_pc);
}

/* fill_fence is set by softmmu_init, before any code is generated. */
static SoftmmuConfig softmmu_cfg = {
    .tlb_off = CPU_EXTRA_OFF + offsetof(SysCPU, tlb),
    .load = slow_load,
    .store = slow_store,
};

/* ---- Translated code ---- */

/* Code was translated from pa's page: stores to it must go slow in every
 * TLB from now on, and leave every store slot (ir/softmmu.h). The slots
 * are emptied after the entries are marked: a hart filling one from an
 * entry it read before the mark fences and compares the entry again after
 * writing the slot (fill_fence), so either it sees the mark or this scan
 * sees its slot. */
static void mark_code(const PhysRegion *r, uint64_t pa)
{
    uint8_t *flag = &r->code[(pa - r->base) >> GUEST_PAGE_BITS];
    if (__atomic_exchange_n(flag, 1, __ATOMIC_SEQ_CST))
        return;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    uintptr_t host = (uintptr_t)(r->host + ((pa & GUEST_PAGE_MASK) - r->base));
    for (unsigned i = 0; i < sys_num_harts(); i++) {
        SysCPU *sc = sys_cpu(cpus_get(i));
        uint32_t used = __atomic_load_n(&sc->tlb_used, __ATOMIC_RELAXED);
        for (unsigned idx = 0; idx < TLB_MMU_MAX; idx++)
            for (unsigned k = 0; k < TLB_SIZE && (used & (1u << idx)); k++) {
                TLBEntry *e = &sc->tlb.e[idx][k];
                if (!(e->addr_write & TLB_INVALID) &&
                    (e->addr_write & GUEST_PAGE_MASK) + e->addend == host)
                    __atomic_fetch_or(&e->addr_write, (uint64_t)TLB_NOTDIRTY, __ATOMIC_SEQ_CST);
            }
    }
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (unsigned i = 0; i < sys_num_harts(); i++) {
        SysCPU *sc = sys_cpu(cpus_get(i));
        uint32_t used = __atomic_load_n(&sc->tlb_used, __ATOMIC_RELAXED);
        for (unsigned idx = 0; idx < TLB_MMU_MAX; idx++)
            for (unsigned k = 0; k < TLB_SITES && (used & (1u << idx)); k++) {
                TLBSite *w = &sc->tlb.wsite[idx][k];
                uint64_t tag = __atomic_load_n(&w->tag, __ATOMIC_RELAXED);
                if ((tag & GUEST_PAGE_MASK) + __atomic_load_n(&w->addend, __ATOMIC_RELAXED) == host)
                    __atomic_store_n(&w->tag, UINT64_MAX, __ATOMIC_RELAXED);
            }
    }
}

void softmmu_code_written(const PhysRegion *r, uint64_t pa)
{
    __atomic_store_n(&r->code[(pa - r->base) >> GUEST_PAGE_BITS], 0, __ATOMIC_RELEASE);
    tb_invalidate_page(pa & GUEST_PAGE_MASK);
}

/* Every TB the jump cache gets was looked up through here (tb_key), and
 * so was the second page of one that crosses (translation, tb_page2_ok). */
static bool sm_code_phys(CPUState *cpu, uint64_t va, uint64_t *pa)
{
    int cause;
    jc_note_page(cpu, va);
    return tlb_translate(cpu, va, 2, MMU_INST_FETCH, sys_arch->mmu_index(cpu, MMU_INST_FETCH), pa, &cause);
}

static const void *sm_code_host(CPUState *cpu, uint64_t va, uint64_t *pa)
{
    if (!sm_code_phys(cpu, va, pa))
        return NULL;
    const PhysRegion *r = phys_find(*pa);
    mark_code(r, *pa);
    return r->host + (*pa - r->base);
}

static _Noreturn void sm_fetch_fault(CPUState *cpu, uint64_t addr)
{
    uint64_t pa;
    int cause;
    if (tlb_translate(cpu, addr, 2, MMU_INST_FETCH, sys_arch->mmu_index(cpu, MMU_INST_FETCH), &pa, &cause))
        cause = sys_arch->access_fault_cause(MMU_INST_FETCH);
    cpu_raise(cpu, EXCP_ARCH, addr, cause);
}

static uint32_t sm_tb_flags(CPUState *cpu) { return sys_arch->tb_flags(cpu); }
static bool sm_hot_superblocks(uint32_t flags) { return sys_arch->hot_superblocks(flags); }

/* For plugins, after the access: the TLB entry the access used is
 * usually still there and gives the page; otherwise a walk that leaves
 * the TLB as it is. */
static bool sm_data_phys(CPUState *cpu, uint64_t va, bool store, uint64_t *pa, const char **device)
{
    int access = store ? MMU_DATA_STORE : MMU_DATA_LOAD;
    unsigned idx = sys_arch->mmu_index(cpu, access);
    const TLBEntry *e = tlb_entry(cpu, idx, va);
    uint64_t tag = store ? e->addr_write : e->addr_read;
    unsigned prot;
    if ((tag & (GUEST_PAGE_MASK | TLB_INVALID)) == (va & GUEST_PAGE_MASK)) {
        *pa = sys_cpu(cpu)->phys[idx][(va >> GUEST_PAGE_BITS) & (TLB_SIZE - 1)] | (va & ~GUEST_PAGE_MASK);
        if (!(tag & TLB_MMIO)) {
            *device = NULL;          /* memory: no need to look it up */
            return true;
        }
    } else if (sys_arch->tlb_fill(cpu, va, 1, access, idx, pa, &prot) >= 0) {
        return false;
    } else {
        *pa |= va & ~GUEST_PAGE_MASK;
    }
    const PhysRegion *r = phys_find(*pa);
    if (!r)
        return false;
    *device = r->host ? NULL : r->name;
    return true;
}

static int sm_phys_rw(uint64_t pa, void *buf, size_t n, bool write)
{
    return write ? sys_phys_write(pa, buf, n) : sys_phys_read(pa, buf, n);
}

static const ExecSoftmmu exec_softmmu_sys = {
    .cfg = &softmmu_cfg,
    .tb_flags = sm_tb_flags,
    .code_phys = sm_code_phys,
    .code_host = sm_code_host,
    .fetch_fault = sm_fetch_fault,
    .data_phys = sm_data_phys,
    .phys_rw = sm_phys_rw,
    .hot_superblocks = sm_hot_superblocks,
};

void softmmu_init(bool threads)
{
    softmmu_cfg.fill_fence = threads;
    exec_softmmu = &exec_softmmu_sys;
}

/* ---- exec/memory.h: the shared layers' accesses ---- */

/* The physical address of a data access by the current hart, without
 * fault: false if it has none. */
static bool debug_translate(uint64_t va, int access, uint64_t *pa)
{
    CPUState *cpu = current_cpu ? current_cpu : cpus_get(0);
    unsigned prot;
    return sys_arch->tlb_fill(cpu, va, 1, access, sys_arch->mmu_index(cpu, access), pa, &prot) < 0 &&
           (*pa |= va & ~GUEST_PAGE_MASK, true);
}

unsigned mem_page_flags(uint64_t addr)
{
    uint64_t pa;
    return debug_translate(addr, MMU_DATA_LOAD, &pa) && softmmu_ram_ptr(pa, 1)
               ? PAGE_VALID | PAGE_READ | PAGE_WRITE | PAGE_EXEC
               : 0;
}

bool mem_access_ok(uint64_t a, uint64_t len, unsigned prot)
{
    for (uint64_t p = a; len && p < a + len; p = (p & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE)
        if (!(mem_page_flags(p) & PAGE_VALID))
            return false;
    return true;
}

bool mem_mark_code(uint64_t page) { return true; }

/* Copy between buf and guest virtual memory, page by page; the number of
 * bytes copied before the first that is not RAM. */
static size_t copy_virt(uint64_t a, void *buf, size_t n, bool write)
{
    size_t done = 0;
    while (done < n) {
        uint64_t va = a + done, pa;
        size_t chunk = GUEST_PAGE_SIZE - (va & ~GUEST_PAGE_MASK);
        if (chunk > n - done)
            chunk = n - done;
        if (!debug_translate(va, write ? MMU_DATA_STORE : MMU_DATA_LOAD, &pa))
            break;
        if (write ? sys_phys_write(pa, (char *)buf + done, chunk) : sys_phys_read(pa, (char *)buf + done, chunk))
            break;
        done += chunk;
    }
    return done;
}

int mem_prepare_write(uint64_t a, uint64_t len) { return mem_access_ok(a, len, PAGE_WRITE) ? 0 : -EFAULT; }
int copy_from_guest(void *dst, uint64_t src, size_t n) { return copy_virt(src, dst, n, false) == n ? 0 : -EFAULT; }
int copy_to_guest(uint64_t dst, const void *src, size_t n)
{
    return copy_virt(dst, (void *)src, n, true) == n ? 0 : -EFAULT;
}
size_t mem_debug_read(uint64_t a, void *buf, size_t n) { return copy_virt(a, buf, n, false); }
size_t mem_debug_write(uint64_t a, const void *buf, size_t n) { return copy_virt(a, (void *)buf, n, true); }

/* LR/SC and AMOs: the host address in RAM, faults as the guest has them
 * (misaligned first, then the translation of a store if it writes). An
 * entry whose comparators for both loads and stores are the page itself
 * is RAM that is neither a ROM nor code (those carry a flag): its address
 * is the answer at once, the common case. */
void *cpu_atomic_host_addr(CPUState *cpu, uint64_t addr, unsigned size, unsigned prot)
{
    int access = (prot & PAGE_WRITE) ? MMU_DATA_STORE : MMU_DATA_LOAD;
    unsigned idx = sys_arch->mmu_index(cpu, access);
    if (!(addr & (size - 1))) {
        const TLBEntry *e = tlb_entry(cpu, idx, addr);
        uint64_t page = addr & GUEST_PAGE_MASK;
        if (__atomic_load_n(&e->addr_write, __ATOMIC_RELAXED) == page && e->addr_read == page)
            return (void *)(e->addend + addr);
    }
    uint64_t pc = cpu_get_pc(cpu), pa;
    int cause;
    if (addr & (size - 1))
        raise_at(cpu, pc, sys_arch->misaligned_cause(access), addr);
    if (!tlb_translate(cpu, addr, size, access, idx, &pa, &cause))
        raise_at(cpu, pc, cause, addr);
    const PhysRegion *r = phys_find(pa);
    if (!r->host || r->readonly)
        raise_at(cpu, pc, sys_arch->access_fault_cause(access), addr);
    if (access == MMU_DATA_STORE && page_is_code(r, pa))
        softmmu_code_written(r, pa & GUEST_PAGE_MASK);
    return r->host + (pa - r->base);
}
