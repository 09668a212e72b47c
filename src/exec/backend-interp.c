/*
 * The IR interpreter as an execution backend. "Chaining" here caches the
 * successor TB in the predecessor, which saves the hash lookup; the
 * interpreter returns to the loop after every TB, so exit requests are seen
 * between any two blocks.
 */
#include <signal.h>
#include <stddef.h>

#include "exec/backend.h"
#include "exec/exec.h"
#include "exec/memory.h"
#include "exec/softmmu-mode.h"
#include "exec/translate.h"
#include "host/interp/interp.h"

/* Set on the first translation (under tb_lock), read-only afterwards. */
static bool interp_ready;

static _Noreturn void interp_mem_fault(void *env, uint64_t addr, bool misaligned)
{
    CPUState *cpu = env;
    cpu_restore_state(cpu, 0);
    cpu_raise(cpu, misaligned ? EXCP_BUS : EXCP_SEGV, addr, misaligned ? BUS_ADRALN : SEGV_MAPERR);
}

static void interp_compile(const IRContext *s, TB *tb)
{
    if (!interp_ready) {
        IRIConfig cfg = {
            .guest_base = guest_base,
            .guest_space_size = guest_space_size,
            .env_self_off = offsetof(CPUState, self),
            .insn_pc_off = offsetof(CPUState, insn_pc),
            .exit_plain = TB_EXIT_PLAIN,
            .exit_slot0 = TB_EXIT_SLOT0,
            .mem_fault = interp_mem_fault,
            .softmmu = exec_softmmu ? exec_softmmu->cfg : NULL,
        };
        iri_init(&cfg);
        interp_ready = true;
    }
    tb->code = iri_compile(s);
}

static TB *interp_exec(CPUState *cpu, TB *tb, int *slot)
{
    uintptr_t r = iri_exec(cpu, tb->code);
    *slot = r == TB_EXIT_PLAIN ? -1 : (int)(r - TB_EXIT_SLOT0);
    return tb;
}

static void interp_chain(TB *from, int slot, TB *to)
{
    __atomic_store_n(&from->jmp_dest[slot], to, __ATOMIC_RELEASE);
}

static void interp_free_tb(TB *tb) { iri_free(tb->code); }

/* Readers check the target's invalid flag, so nothing to undo. */
static void interp_unchain(TB *tb) {}

static bool interp_restore(CPUState *cpu, uintptr_t host_pc, const void *host_ctx, uint64_t *guest_pc)
{
    *guest_pc = cpu->insn_pc;
    return true;
}

const Backend backend_interp = {
    .name = "interp",
    .compile = interp_compile,
    .exec = interp_exec,
    .chain = interp_chain,
    .unchain = interp_unchain,
    .restore = interp_restore,
    .free_tb = interp_free_tb,
};
