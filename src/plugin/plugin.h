/*
 * What the rest of peek sees of QEMU plugin support: the -plugin option,
 * loading at start-up, the instrumentation pass that tb.c runs on every new
 * block, the marker a frontend emits for memory accesses done inside
 * helpers, and the one-line hooks the linux-user runtime calls at vCPU,
 * system-call, signal and exit events. Every hook is cheap when no plugin
 * is loaded: callers test plugin_active first.
 *
 * This header does not need glib or include/qemu-plugin.h.
 */
#ifndef PEEK_PLUGIN_H
#define PEEK_PLUGIN_H

#include <stdbool.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "ir/ir.h"

/* True once a plugin has been loaded; set once at start-up. */
extern bool plugin_active;

/* Every translation is gone (tb_flush, with every vCPU stopped, whatever
 * asked for it: a plugin, or a full code buffer): free the instrumentation
 * records and run the plugins' flush callbacks. */
void plugin_flushed(void);

/* "-plugin [file=]PATH[,name=value...]" or QEMU_PLUGIN: remember it. */
void plugin_add_spec(const char *spec);
/* Load and install every plugin given, in order. On any failure prints one
 * line "peek: plugin PATH: problem" and exits 1. */
void plugin_load_all(const GuestArch *g);

/* Between the frontend and the optimizer: let plugins see the block just
 * translated into s and inject their instrumentation. If the result would
 * not fit in one IR context, the block is translated again with fewer
 * instructions (info is updated). */
void plugin_instrument_tb(IRContext *s, CPUState *cpu, TBInfo *info);

/* The frontend's report of a guest memory access that a helper performed
 * (LR/SC/AMO): address temp, value temp, IRMemOp, and whether it was the
 * store half. Emit it right after the helper call, only when
 * plugin_active; the instrumentation pass expands or removes it. */
#define PLUGIN_MEM_STORE 0x100
static inline void plugin_gen_mem(IRContext *s, IRTemp addr, IRTemp val, unsigned memop,
                                  bool store)
{
    ir_plugin_mem(s, addr, val, (memop & (IR_MO_SIZE | IR_MO_SIGN | IR_MO_BE)) |
                                    (store ? PLUGIN_MEM_STORE : 0));
}

/* The vCPU is about to run translated code (cpu_exec): set the callback
 * context that plugin callbacks called directly from that code run in. */
void plugin_exec_enter(CPUState *cpu);

/* vCPU life: on the vCPU's own thread, before its first instruction and
 * when its thread ends (not for the process's last thread). */
void plugin_vcpu_init(CPUState *cpu);
void plugin_vcpu_exit(CPUState *cpu);
/* Around a host system call that may block. */
void plugin_vcpu_idle(CPUState *cpu);
void plugin_vcpu_resume(CPUState *cpu);

/* System calls: the syscall callbacks and filters, before the emulator
 * handles call nr. */
enum {
    PLUGIN_SYSCALL_RUN,        /* handle it */
    PLUGIN_SYSCALL_SKIP,       /* a filter took it: *ret is the result */
    PLUGIN_SYSCALL_REDIRECT,   /* a callback moved the pc: touch nothing */
};
int plugin_syscall(CPUState *cpu, int64_t nr, const uint64_t a[6], int64_t *ret);
/* After it, with its result; true if a callback moved the pc. */
bool plugin_syscall_ret(CPUState *cpu, int64_t nr, int64_t ret);

/* Discontinuities (QEMU_PLUGIN_DISCON_* values), after the state change. */
enum { PLUGIN_DISCON_INTERRUPT = 1, PLUGIN_DISCON_EXCEPTION = 2, PLUGIN_DISCON_HOSTCALL = 4 };
void plugin_discon(CPUState *cpu, int type, uint64_t from_pc, uint64_t to_pc);

/* The process is exiting (exit_group, last thread, fatal signal): stop
 * instrumenting and run every atexit callback. Outside cpu_exec. */
void plugin_user_exit(void);

#endif
