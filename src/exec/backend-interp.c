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

/* The linker's bounds of peek's own code: helpers live there. */
extern char __executable_start[], etext[];

/* Set on the first translation (under tb_lock), read-only afterwards. */
static bool interp_ready;
/* The TB this thread's vCPU is running, for interp_restore: the
 * interpreter returns to the loop after every TB. */
static __thread const TB *interp_running;

static _Noreturn void interp_mem_fault(void *env, uint64_t addr, bool misaligned)
{
    CPUState *cpu = env;
    cpu_restore_state(cpu, 0);
    if (cpu->check_step)   /* an IR_MO_RETRY load: its instruction runs again alone */
        cpu_raise(cpu, EXCP_INTERRUPT, 0, 0);
    cpu_raise(cpu, misaligned ? EXCP_BUS : EXCP_SEGV, addr, misaligned ? BUS_ADRALN : SEGV_MAPERR);
}

static void interp_setup(void)
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
            .in_retry_off = offsetof(CPUState, in_retry_load),
            .env_size = sizeof(CPUState),
            .image_lo = (uintptr_t)__executable_start,
            .image_hi = (uintptr_t)etext,
            .softmmu = exec_softmmu ? exec_softmmu->cfg : NULL,
        };
        iri_init(&cfg);
        interp_ready = true;
    }
}

static void interp_compile(const IRContext *s, TB *tb)
{
    interp_setup();
    tb->code = iri_compile(s);
}

static size_t interp_export(const TB *tb, void *out, size_t cap) { return iri_export(tb->code, out, cap); }

static bool interp_import(TB *tb, const void *blob, size_t len)
{
    interp_setup();
    tb->code = iri_import(blob, len);
    return tb->code != NULL;
}

static TB *interp_exec(CPUState *cpu, TB *tb, int *slot)
{
    interp_running = tb;
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

static bool interp_restore(CPUState *cpu, uintptr_t host_pc, const void *host_ctx, uint64_t *guest_pc,
                           const TB **tb)
{
    *guest_pc = cpu->insn_pc;
    *tb = interp_running;
    if (cpu->in_retry_load) {
        cpu->in_retry_load = false;
        cpu->check_step = true;
        cpu->check_tb = (TB *)interp_running;
    }
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
    .export_code = interp_export,
    .import_code = interp_import,
};
