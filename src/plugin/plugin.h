/*
 * What the rest of peek sees of QEMU plugin support: the -plugin option,
 * loading at start-up (which hooks the instrumentation pass and the
 * execution events into exec, see exec/exec.h), and the one-line hooks the
 * mode's runtime calls at vCPU, system-call, signal and exit events. Every
 * hook is cheap when no plugin is loaded: callers test plugin_active first.
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

/* The plugin API versions peek implements (qemu_info_t's min and cur). */
#define PLUGIN_MIN_VERSION 1
#define PLUGIN_CUR_VERSION 7

/* True once a plugin has been loaded; set once at start-up. */
extern bool plugin_active;
/* -plugin-inline-cb: direct (NO_REGS) callbacks may be copied into the
 * blocks instead of called, where the backend can (IR_CALL_COPY_LEAF);
 * true unless the option turns it off at start-up. */
extern bool plugin_inline_cb;

/* The argument of -plugin (or QEMU_PLUGIN), "[file=]PATH[,name=value...]",
 * parsed: the plugin's file and the arguments it is installed with; help:
 * a "help" item asks for the plugin's arguments instead. */
typedef struct PluginSpec {
    char *path;
    int argc;
    char **argv;
    bool help;
} PluginSpec;
/* Parse spec into ps (malloc'd; plugin_spec_free releases it). False, with
 * ps empty, if it names no file. */
bool plugin_spec_parse(const char *spec, PluginSpec *ps);
void plugin_spec_free(PluginSpec *ps);
/* -plugin or QEMU_PLUGIN: parse and remember it; one that names no file is
 * a one-line error and exit 1. "-plugin help" lists the plugins in peek's
 * plugin directories and "-plugin PATH,help" prints the plugin's
 * arguments; both then exit 0. */
void plugin_add_spec(const char *spec);
/* Before plugin_load_all: the guest is a whole machine with n vCPUs
 * (qemu_info_t.system_emulation, smp_vcpus and max_vcpus). */
void plugin_set_system(unsigned n_vcpus);
/* That count, 0 in user mode. */
unsigned plugin_system_vcpus(void);
/* Load and install every plugin given, in order. On any failure prints one
 * line "peek: plugin PATH: problem" and exits 1. */
void plugin_load_all(const GuestArch *g);

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
