/*
 * The x86-64 JIT as an execution backend: configures src/host/x86_64 with
 * the execution layer's layout (exit_request, the jump cache, TB fields),
 * keeps for every TB the list of blocks that jump straight into it so an
 * invalidated TB can be unlinked, and turns the JIT's out-of-range and
 * misaligned accesses into guest faults.
 *
 * When the code buffer passes three quarters full, a flush of the whole
 * cache is queued for the next safe point (an exclusive section), which
 * leaves a quarter as reserve for the translations made meanwhile.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/backend.h"
#include "exec/exclusive.h"
#include "exec/guest.h"
#include "exec/log.h"
#include "exec/translate.h"
#include "host/x86_64/x64.h"
#include "exec/memory.h"

#define CODE_SIZE (512u << 20)

/* Set on the first translation (under tb_lock), read-only afterwards. */
static bool jit_ready;
/* A flush is queued and not yet done (under tb_lock / in the flush). */
static bool flush_queued;

/* A misaligned IR_MO_ALIGN access is SIGBUS even where nothing is mapped:
 * the alignment check comes before translation, as the guests' hardware
 * (and qemu) report it. */
static _Noreturn void jit_mem_fault(void *env, uint64_t addr, uint64_t info, uint64_t guest_pc)
{
    CPUState *cpu = env;
    cpu_set_pc(cpu, guest_pc);
    if ((info & IR_MO_ALIGN) && (addr & (ir_memop_size((unsigned)info) - 1)))
        cpu_raise(cpu, EXCP_BUS, addr, BUS_ADRALN);
    cpu_raise(cpu, EXCP_SEGV, addr, SEGV_MAPERR);
}

static void jit_init(void)
{
    /* -d nochain: every block run goes back through the loop (and -d exec),
     * so no jump-cache lookup, no loops inside a block either */
    bool nochain = log_enabled(LOG_NOCHAIN);
    X64Config cfg = {
        .guest_base = guest_base,
        .guest_space_size = guest_space_size,
        .code_size = CODE_SIZE,
        .exit_request_off = offsetof(CPUState, exit_request),
        .pc_off = nochain ? UINT32_MAX : (uint32_t)offsetof(CPUState, arch) + current_cpu->guest->pc_off,
        .jc_off = offsetof(CPUState, jmp_cache),
        .jc_mask = CPU_JC_SIZE - 1,
        .jc_shift1 = TB_JC_SHIFT1,
        .jc_shift2 = TB_JC_SHIFT2,
        .tb_pc_off = offsetof(TB, pc),
        .tb_invalid_off = offsetof(TB, invalid),
        .tb_code_off = offsetof(TB, code),
        .exit_plain = TB_EXIT_PLAIN,
        .exit_slot0 = TB_EXIT_SLOT0,
        .no_self_loops = nochain,
        .mem_fault = jit_mem_fault,
    };
    if (!x64_init(&cfg))
        exit(1);
    jit_ready = true;
}

/* -perfmap's file: set once at start-up, written under tb_lock. */
static FILE *perfmap;

void jit_perfmap_enable(void)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
    perfmap = fopen(path, "w");
    if (!perfmap) {
        fprintf(stderr, "peek: -perfmap: cannot create %s: %s\n", path, strerror(errno));
        exit(1);
    }
    /* A line at a time: the guest may end the process any way it likes. */
    setvbuf(perfmap, NULL, _IOLBF, 0);
}

static void jit_compile(const IRContext *s, TB *tb)
{
    if (!jit_ready)
        jit_init();
    X64Code *c = x64_gen_code(s, (uintptr_t)tb, tb->pc);
    if (!c) {
        fputs("peek: internal error: JIT code buffer exhausted before the queued flush\n", stderr);
        abort();
    }
    tb->code = c->entry;
    tb->backend_data = c;
    if (perfmap)
        fprintf(perfmap, "%" PRIxPTR " %" PRIx32 " guest-0x%" PRIx64 "\n", (uintptr_t)c->entry, c->size,
                tb->pc);
    if (!flush_queued && x64_code_used() > CODE_SIZE / 4 * 3) {
        flush_queued = true;
        tb_flush_soon();
    }
}

static TB *jit_exec(CPUState *cpu, TB *tb, int *slot)
{
    uintptr_t r = x64_exec(cpu, tb->code);
    uintptr_t code = r & 7;
    *slot = code == TB_EXIT_PLAIN ? -1 : (int)(code - TB_EXIT_SLOT0);
    return (TB *)(r - code);
}

/* Incoming lists: X64Code.in_head of the target holds from | slot of the
 * first block jumping in, whose in_next[slot] continues the list. */
static X64Code *xc(const TB *tb) { return tb->backend_data; }

static void unlink_in(TB *to, TB *from, int slot)
{
    uintptr_t want = (uintptr_t)from | (unsigned)slot;
    uintptr_t *pp = &xc(to)->in_head;
    while (*pp && *pp != want) {
        TB *t = (TB *)(*pp & ~(uintptr_t)1);
        pp = &xc(t)->in_next[*pp & 1];
    }
    if (*pp)
        *pp = xc(from)->in_next[slot];
}

static void jit_chain(TB *from, int slot, TB *to)
{
    TB *old = from->jmp_dest[slot];
    if (old)
        unlink_in(old, from, slot);
    x64_set_jump(xc(from), slot, to->pc > from->pc ? xc(to)->body : to->code);
    __atomic_store_n(&from->jmp_dest[slot], to, __ATOMIC_RELEASE);
    xc(from)->in_next[slot] = xc(to)->in_head;
    xc(to)->in_head = (uintptr_t)from | (unsigned)slot;
}

/* Jumps out of tb stay: tb is never entered again, and one running now
 * leaves at its next jump. */
static void jit_unchain(TB *tb)
{
    x64_invalidate(xc(tb));
    uintptr_t e = xc(tb)->in_head;
    while (e) {
        TB *from = (TB *)(e & ~(uintptr_t)1);
        int slot = (int)(e & 1);
        e = xc(from)->in_next[slot];
        if (from->jmp_dest[slot] == tb) {
            x64_set_jump(xc(from), slot, NULL);
            __atomic_store_n(&from->jmp_dest[slot], NULL, __ATOMIC_RELEASE);
        }
    }
    xc(tb)->in_head = 0;
}

/* Every TB is invalid and unlinked, and no vCPU runs: start the buffer over. */
static void jit_flush(void)
{
    if (jit_ready)
        x64_flush();
    flush_queued = false;
}

static bool jit_restore(CPUState *cpu, uintptr_t host_pc, const void *host_ctx, uint64_t *guest_pc)
{
    if (!jit_ready)
        return false;
    uint64_t regs[16];
    if (host_ctx)
        x64_regs_from_ucontext(host_ctx, regs);
    return x64_restore(host_pc, host_ctx ? regs : NULL, cpu, guest_pc);
}

const Backend backend_x86_64 = {
    .name = "jit",
    .compile = jit_compile,
    .exec = jit_exec,
    .chain = jit_chain,
    .unchain = jit_unchain,
    .restore = jit_restore,
    .flush = jit_flush,
};
