/*
 * The GDB remote stub (-g port): GDB connects with `target remote :port`
 * and sees the guest only: its registers as the guest's target description
 * names them, its memory, its threads. Breakpoints, watchpoints and single
 * steps are the execution layer's (exec/debug.h); this part speaks the
 * protocol and decides when vCPUs stop and run.
 *
 * All-stop: when one vCPU stops (a breakpoint, a watchpoint, a finished
 * step, a signal, a caught syscall) or GDB sends Ctrl-C, every vCPU is held
 * out of guest code, and they run again when GDB resumes them, each as its
 * vCont action says (threads without one stay stopped). A server thread
 * owns the connection; vCPUs report to it and wait.
 *
 * The stub knows no mode: the mode (linux-user) starts it with a GdbMode
 * and calls the gdb_* hooks below on a vCPU's own thread, outside
 * cpu_exec, at the points where guest state changes hands. While no
 * debugger is attached each hook returns at once.
 */
#ifndef PEEK_GDB_GDBSTUB_H
#define PEEK_GDB_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/guest.h"

/* What the stub asks of the mode. */
typedef struct GdbMode {
    int pid;                                  /* the process GDB sees */
    /* The auxiliary vector the program started with (qXfer:auxv). */
    const void *(*auxv)(size_t *len);
    /* GDB's kill: end the process as SIGKILL would (never returns). */
    void (*kill)(void);
    /* Files as the guest names them (GDB's host I/O reads the program, its
     * libraries and /proc/<pid> entries): open one for reading (a host fd
     * or -errno); readlink (the length or -errno). */
    int (*open_file)(const char *path);
    int (*read_link)(const char *path, char *buf, size_t size);
} GdbMode;

/* Listen on TCP port (every interface, as qemu-user does) and wait for GDB
 * to connect. A port that is busy or out of range: one line, exit 1. Call
 * it before the mode takes the host's signals over, so that a signal that
 * comes while peek waits ends it as it would end any program. */
void gdb_wait_connection(int port);
/* Then serve GDB: the vCPUs (the registered ones, and those created later
 * as the mode tells) start held, stopped before the program's first
 * instruction. */
void gdb_start(const GuestArch *g, const GdbMode *mode);

/* Set while GDB is connected (read without a lock by the hooks' fast path:
 * it changes only at start, detach, exit and fork). */
extern volatile bool gdb_attached;

/* A new vCPU, before it runs: held if the target is stopped. */
void gdb_cpu_new(CPUState *cpu);
/* A vCPU's thread ends: waits while the target is stopped, then the stub
 * forgets it. */
void gdb_cpu_exit(CPUState *cpu);

/* The hooks below return the signal GDB resumed the vCPU with (0: none),
 * for the mode to deliver to it. */

/* cpu_exec returned EXCP_DEBUG: report the breakpoint, watchpoint or step,
 * or wait while held. */
int gdb_debug_exception(CPUState *cpu);
/* After the mode handled any other exit from cpu_exec: a single step whose
 * instruction ended there (a syscall) is reported now. */
int gdb_step_done(CPUState *cpu);
/* System call nr is about to run (entry) or has returned: a catchpoint
 * stops here; a stop requested meanwhile holds the vCPU here too. */
int gdb_syscall(CPUState *cpu, int64_t nr, bool entry);
/* Signal sig (the guest's number) is about to be delivered to cpu: GDB
 * sees it first. Returns the signal to deliver instead (0: none). */
int gdb_signal(CPUState *cpu, int sig);
/* The process ends with exit status code, or killed by signal sig: GDB is
 * told, then the connection closes. */
void gdb_exit(int code);
void gdb_exit_signal(int sig);
/* In the child of a fork, which GDB does not follow: forget GDB, and every
 * breakpoint and watchpoint. */
void gdb_fork_child(void);

#endif
