/*
 * Exclusive sections: work that must see every vCPU stopped outside
 * translated code (flushing the code cache, finishing a plugin's uninstall
 * or reset). A vCPU is "running" between cpu_exec_start() and
 * cpu_exec_end(), which cpu_exec() calls around its loop; a vCPU blocked in
 * a host system call is not running and is not waited for, but cannot
 * re-enter translated code until the section ends.
 *
 * Work can also be queued to run at the next safe point: the first vCPU
 * that enters cpu_exec() afterwards runs it, holding no lock, outside any
 * callback; every running vCPU is asked to leave translated code so that
 * this happens soon.
 */
#ifndef PEEK_EXEC_EXCLUSIVE_H
#define PEEK_EXEC_EXCLUSIVE_H

#include "exec/cpu.h"

/* Every CPUState is registered from creation to destruction. */
void cpu_list_add(CPUState *cpu);
void cpu_list_remove(CPUState *cpu);

/* Call fn(cpu, arg) for each registered vCPU, with the list locked (fn must
 * not create or destroy vCPUs, nor start an exclusive section). */
void cpu_list_foreach(void (*fn)(CPUState *cpu, void *arg), void *arg);

/* Around the execution loop of cpu (cpu_exec only). cpu_exec_start() first
 * runs queued safe work, then waits while an exclusive section is active. */
void cpu_exec_start(CPUState *cpu);
void cpu_exec_end(CPUState *cpu);

/* Stop every running vCPU and keep the others from starting. The caller
 * must not be inside cpu_exec(). Sections do not nest. */
void start_exclusive(void);
void end_exclusive(void);

/* Run fn(arg) at the next safe point (see above). */
void cpu_run_at_safe_point(void (*fn)(void *arg), void *arg);

#endif
