/*
 * The bare-metal tests' runtime for QEMU's virt board: UART output,
 * exit through the sifive_test device, traps recorded and skipped, and
 * running a function in S or U mode. Tests print what they see; the
 * suite compares it with qemu-system-riscv64's, and each test also checks
 * itself against the spec (check(): a failure prints a "spec" line,
 * which the comparison leaves out, as QEMU 7.2 departs from the spec in
 * a few places, and ends the test with a FAIL status).
 */
#ifndef RT_H
#define RT_H

#include <stdint.h>

/* The bits of a page-table entry (Sv39/48/57), for the paging tests. */
enum { V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128 };

#define csr_read(c) ({ uint64_t v_; __asm__ volatile("csrr %0, " #c : "=r"(v_)); v_; })
#define csr_write(c, v) __asm__ volatile("csrw " #c ", %0" ::"r"((uint64_t)(v)))
#define csr_set(c, v) __asm__ volatile("csrs " #c ", %0" ::"r"((uint64_t)(v)))
#define csr_clear(c, v) __asm__ volatile("csrc " #c ", %0" ::"r"((uint64_t)(v)))

void puts_(const char *s);
void put_hex(uint64_t v);
/* "name = 0x...\n" */
void show(const char *name, uint64_t v);
void check(int ok, const char *what);
_Noreturn void test_exit(void);

/* The last trap taken: cause, tval, pc, and the mode it was taken to
 * (3 M, 1 S); count of traps. A trap's instruction is skipped unless
 * trap_resume is set: then execution resumes there, or with 1 at the
 * return address (ra) of the function that trapped. */
extern volatile uint64_t trap_cause, trap_tval, trap_pc, trap_mode, trap_count, trap_resume;
void trap_reset(void);
/* Print and return the cause of the trap the last call caused (-1: none). */
void show_trap(const char *what);

/* Run fn(arg) in mode (0 U, 1 S) with the current satp; returns its value.
 * It must end with ecall (sys_return) to come back to M. */
uint64_t run_in_mode(int mode, uint64_t (*fn)(uint64_t), uint64_t arg);
void s_trap_entry(void);
/* Harts other than 0 run this (their hart id as argument) once it is set
 * and their msip is raised; they return to wfi. */
extern void (*volatile secondary_entry)(uint64_t hartid);
void trap_entry(void);

#endif
