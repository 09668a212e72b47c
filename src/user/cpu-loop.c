/*
 * The linux-user cpu loop of every guest: run translated code, then turn
 * its exit into Linux behaviour: a system call (the guest's UserArch says
 * where its number, arguments and result live), a synchronous fault into
 * the signal Linux sends for it, and in every case the delivery of pending
 * signals before the guest runs on.
 */
#include <signal.h>
#include <string.h>

#include "exec/guest.h"
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
    uint64_t from = cpu_get_pc(cpu);
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
        case EXCP_INTERRUPT:
            break;
        default:
            internal_error("%s: unexpected exit %d from cpu_exec", cpu->guest->name, excp);
        }
        user_process_signals(cpu);
    }
}
