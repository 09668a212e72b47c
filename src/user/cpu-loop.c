/*
 * The linux-user cpu loop of every guest: run translated code, then turn
 * its exit into Linux behaviour: a system call (the guest's UserArch says
 * where its number, arguments and result live), a synchronous fault into
 * the signal Linux sends for it, a debugger's stop to the GDB stub, and in
 * every case the delivery of pending signals before the guest runs on.
 *
 * -d int logs each exception here (QEMU 7.2's linux-user logs none, so the
 * line is peek's own); -d guest_errors names the illegal instruction.
 */
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "exec/guest.h"
#include "exec/log.h"
#include "exec/translate.h"
#include "gdb/gdbstub.h"
#include "plugin/plugin.h"
#include "user/arch.h"
#include "user/thread.h"
#include "user/user.h"
#include "util/util.h"

static void do_syscall(CPUState *cpu)
{
    const UserArch *ua = user_arch;
    int64_t nr;
    uint64_t args[6];
    ua->syscall_enter(cpu, &nr, args);
    if (gdb_attached) {
        /* GDB may stop here and change the syscall's registers. */
        user_gdb_resumed(cpu, gdb_syscall(cpu, nr, true));
        ua->syscall_enter(cpu, &nr, args);
    }
    uint64_t from = cpu_get_pc(cpu);
    if (log_enabled(LOG_INT))
        log_printf("cpu %d: exception %d [syscall %" PRId64 "] at pc 0x%016" PRIx64 "\n",
                   cpu->cpu_index, EXCP_SYSCALL, nr, from);
    TaskState *ts = cpu->ts;
    ts->sc_nr = nr;
    memcpy(ts->sc_args, args, sizeof(args));
    ts->sc_sp = ua->get_sp(cpu);
    ts->sc_pc = from + ua->syscall_insn_len;
    __atomic_store_n(&ts->in_syscall, 1, __ATOMIC_RELEASE);
    int64_t r = user_syscall(cpu, nr, args);
    __atomic_store_n(&ts->in_syscall, 0, __ATOMIC_RELAXED);
    if (r != SYS_ERESTART && r != SYS_ESIGRETURN)
        ua->syscall_return(cpu, r);
    plugin_discon(cpu, PLUGIN_DISCON_HOSTCALL, from, cpu_get_pc(cpu));
    if (gdb_attached)
        user_gdb_resumed(cpu, gdb_syscall(cpu, nr, false));
}

static void log_exception(CPUState *cpu, int excp)
{
    static const char *const names[] = {
        [EXCP_ILLEGAL] = "illegal instruction", [EXCP_BREAKPOINT] = "breakpoint",
        [EXCP_SEGV] = "memory fault", [EXCP_BUS] = "bus error", [EXCP_FPE] = "arithmetic",
    };
    if (excp <= EXCP_SYSCALL || excp > EXCP_FPE)
        return;
    uint64_t pc = cpu_get_pc(cpu);
    if (log_enabled(LOG_INT)) {
        if (excp >= EXCP_SEGV)
            log_printf("cpu %d: exception %d [%s] at pc 0x%016" PRIx64 ", address 0x%016" PRIx64
                       "\n", cpu->cpu_index, excp, names[excp], pc, cpu->excp_addr);
        else
            log_printf("cpu %d: exception %d [%s] at pc 0x%016" PRIx64 "\n", cpu->cpu_index, excp,
                       names[excp], pc);
    }
    uint8_t bytes[16];
    uint64_t bad;
    unsigned len;
    if (excp == EXCP_ILLEGAL && log_enabled(LOG_GUEST_ERROR) &&
        (len = translator_fetch_insn(cpu->guest, pc, bytes, &bad)) != 0) {
        char text[128];
        cpu->guest->disas(text, sizeof(text), pc, bytes, len);
        log_printf("cpu %d: illegal instruction at pc 0x%016" PRIx64 ": %s\n", cpu->cpu_index, pc,
                   text);
    }
}

void user_run(CPUState *cpu)
{
    for (;;) {
        int excp = cpu_exec(cpu);
        if (log_enabled(LOG_INT | LOG_GUEST_ERROR))
            log_exception(cpu, excp);
        switch (excp) {
        case EXCP_SYSCALL:
            do_syscall(cpu);
            break;
        case EXCP_ILLEGAL:
            user_force_sig(cpu, SIGILL, ILL_ILLOPC, cpu_get_pc(cpu));
            break;
        case EXCP_BREAKPOINT:
            user_force_sig(cpu, SIGTRAP, TRAP_BRKPT, cpu_get_pc(cpu));
            break;
        case EXCP_SEGV:
            user_force_sig(cpu, SIGSEGV, cpu->excp_code, cpu->excp_addr);
            break;
        case EXCP_BUS:
            user_force_sig(cpu, SIGBUS, cpu->excp_code, cpu->excp_addr);
            break;
        case EXCP_FPE:
            user_force_sig(cpu, SIGFPE, cpu->excp_code, cpu->excp_addr);
            break;
        case EXCP_DEBUG:
            user_gdb_resumed(cpu, gdb_debug_exception(cpu));
            break;
        case EXCP_INTERRUPT:
            break;
        default:
            internal_error("%s: unexpected exit %d from cpu_exec", cpu->guest->name, excp);
        }
        user_process_signals(cpu);
        if (gdb_attached)
            user_gdb_resumed(cpu, gdb_step_done(cpu));
    }
}
