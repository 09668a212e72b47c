/*
 * What a guest architecture provides to the rest of peek. The execution and
 * linux-user layers reach the guest only through this table, found by ELF
 * machine number.
 */
#ifndef PEEK_EXEC_GUEST_H
#define PEEK_EXEC_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "exec/cpu.h"
#include "ir/ir.h"

/* What the frontend reports about the TB it translated. */
typedef struct TBInfo {
    uint64_t pc;          /* in: first guest pc */
    uint32_t max_insns;   /* in: upper bound on instructions */
    uint32_t size;        /* out: guest bytes covered */
    uint32_t n_insns;     /* out */
} TBInfo;

/* A register as debuggers name it (the guest's GDB target description):
 * what the plugin register API lists. */
typedef struct GuestReg {
    const char *name;       /* "a0", "pc", ... */
    const char *feature;    /* GDB feature, "org.gnu.gdb.riscv.cpu" */
    uint8_t size;           /* bytes, in guest byte order */
    bool readonly;          /* cannot be written (the pc: only jumps move it) */
} GuestReg;

typedef struct GuestArch {
    const char *name;                /* "riscv64" */
    uint16_t elf_machine;            /* EM_RISCV */
    /* Register the guest's globals in a fresh context (once per thread). */
    void (*init_ir)(IRContext *s);
    /* Translate one TB at tb->pc into s. Instruction bytes are fetched with
     * guest_fetch*(); a fetch fault on the first insn raises EXCP_SEGV. */
    void (*translate)(IRContext *s, CPUState *cpu, TBInfo *tb);
    /* Disassemble the insn at pc (bytes in insn) into buf; returns its length. */
    int (*disas)(char *buf, size_t n, uint64_t pc, uint32_t insn);
    /* Reset registers for a new process at entry with stack pointer sp. */
    void (*cpu_reset)(CPUState *cpu, uint64_t entry, uint64_t sp);
    /* Run the guest forever: cpu_exec, then syscalls, exceptions and signals. */
    void (*cpu_loop)(CPUState *cpu);    /* never returns */
    uint64_t (*get_pc)(const CPUState *cpu);
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    /* -cpu: select the CPU model and its properties ("rv64,c=off,..."), once,
     * before anything is translated. False, with a one-line reason in err,
     * for an unknown model or property, a bad value, or a combination that
     * cannot exist. */
    bool (*cpu_configure)(const char *spec, char *err, size_t errlen);
    void (*cpu_help)(FILE *out);         /* -cpu help: models, properties */
    /* The ISA string ("rv64imafdc_...") and AT_HWCAP of the configured CPU. */
    const char *(*hwcap_string)(void);
    uint64_t (*hwcap)(void);
    /* Registers by debugger number: table, and copies to/from buf. */
    const GuestReg *regs;
    unsigned n_regs;
    void (*reg_read)(const CPUState *cpu, unsigned i, uint8_t *buf);
    void (*reg_write)(CPUState *cpu, unsigned i, const uint8_t *buf);
    /* A host fault handler leaves guest code by longjmp, so the host FP
     * status of the code it interrupted (x86-64: MXCSR), where a guest may
     * keep exception flags it has not collected yet and the rounding mode
     * it runs in, would be lost (the handler runs with a fresh one): hand
     * it to the guest first, which takes its flags and puts the rest back.
     * NULL if the guest keeps nothing there. */
    void (*host_fp_status_lost)(CPUState *cpu, uint32_t status);
} GuestArch;

extern const GuestArch guest_riscv64;
const GuestArch *guest_by_elf_machine(unsigned machine);

#endif
