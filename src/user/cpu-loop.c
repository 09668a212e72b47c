/*
 * The linux-user cpu loop of every guest: run translated code, then turn
 * its exit into Linux behaviour: a system call (the guest's UserArch says
 * where its number, arguments and result live), a synchronous fault into
 * the signal Linux sends for it, a debugger's stop to the GDB stub, and in
 * every case the delivery of pending signals before the guest runs on.
 */
#include <signal.h>

#include "exec/guest.h"
#include "gdb/gdbstub.h"
#include "plugin/plugin.h"
#include "user/arch.h"
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
    int64_t r = user_syscall(cpu, nr, args);
    if (r != SYS_ERESTART && r != SYS_ESIGRETURN)
        ua->syscall_return(cpu, r);
    plugin_discon(cpu, PLUGIN_DISCON_HOSTCALL, from, cpu_get_pc(cpu));
    if (gdb_attached)
        user_gdb_resumed(cpu, gdb_syscall(cpu, nr, false));
}

void user_run(CPUState *cpu)
{
    for (;;) {
        int excp = cpu_exec(cpu);
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
