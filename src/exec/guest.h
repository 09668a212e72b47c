/*
 * What a guest architecture provides to the rest of peek, whatever the
 * mode: the execution, plugin and mode layers reach the guest only through
 * this table, found in the registry by ELF machine number or by name. What
 * a mode needs beyond it (linux-user: syscall registers, signal frames) is
 * the mode's own per-guest table, which points here.
 */
#ifndef PEEK_EXEC_GUEST_H
#define PEEK_EXEC_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "exec/cpu.h"
#include "ir/ir.h"

/* TBInfo.cflags: a TB for a debugger's single step (one instruction that
 * ignores breakpoints and leaves to the loop however it ends). */
#define TB_CF_STEP 1u
/* TBInfo.cflags: the rest of a plugin-instrumented TB (its parent) from an
 * instruction where its range check of several accesses failed
 * (IRContext.merge_checks), up to the parent's end, instrumented with
 * what the parent's plugins asked for those instructions (plugin_parent)
 * and never shown to them as a TB of its own (tb_find_tail). */
#define TB_CF_TAIL 2u

/* Basic blocks a superblock goes through at most (1 + its side exits). */
#define TBINFO_BLOCKS (IR_GOTO_TB_SLOTS - 1)

/* What the frontend reports about the TB it translated. */
typedef struct TBInfo {
    uint64_t pc;          /* in: first guest pc */
    uint32_t max_insns;   /* in: upper bound on instructions */
    uint32_t cflags;      /* in: TB_CF_* */
    uint32_t flags;       /* in: the guest's TB flags (softmmu, else 0) */
    bool hot;             /* in: ran often: a superblock (exec/translate.h) */
    uint64_t end;         /* in, TB_CF_TAIL: stop before this pc (the parent's end) */
    const void *plugin_parent;  /* in, TB_CF_TAIL: the parent's plugin_reqs */
    uint32_t size;        /* out: guest bytes covered */
    uint32_t n_insns;     /* out */
    bool debug_trap;      /* out: a breakpoint at pc: the TB only stops there */
    /* out: the translation read guest code outside [pc, pc + size) (an
     * if-conversion's, translator_used_code): the persistent
     * code cache, which checks only those bytes, does not keep it */
    bool code_outside;
    /* out (plugin instrumentation): what to undo when a guest access of
     * the TB faults (ExecPluginHooks.unwind), or NULL */
    const void *plugin_unwind;
    /* out (plugin instrumentation of a TB that may check several accesses
     * at once): what its plugins asked for, for its tails, or NULL */
    const void *plugin_reqs;
    /* A superblock under plugins (hot), as the basic blocks it goes
     * through, each shown to the plugins as a TB of its own when it was
     * first translated: out (translator), the index of each one's first
     * instruction (block_first[0] = 0) and the labels of its side exits;
     * in (tb.c, for the instrumentation), each one's plugin_reqs, NULL if
     * it has none (the superblock must end before it). */
    uint8_t n_blocks, n_sides;
    uint32_t block_first[TBINFO_BLOCKS];
    IRLabel side_label[TBINFO_BLOCKS - 1];
    const void *block_reqs[TBINFO_BLOCKS];
} TBInfo;

/* A register as debuggers name it: the one description of the guest's
 * registers, from which the GDB stub builds its target description (in
 * this order, numbered from 0) and the plugin register API its list.
 * Names, features and types are QEMU's, so GDB shows what it shows under
 * qemu-user and plugins find what they look for there. The registers of
 * one feature are consecutive. */
typedef struct GuestReg {
    const char *name;       /* "a0", "pc", ... */
    const char *feature;    /* GDB feature, as the guest's target XML names it */
    uint8_t size;           /* bytes, in guest byte order */
    bool readonly;          /* plugins may not write it (the pc: only jumps move it) */
    const char *type;       /* GDB type: "code_ptr", "data_ptr", one its feature
                             * defines (GuestRegTypes), or NULL for "int" */
} GuestReg;

/* The type definitions a feature of the target description needs before
 * its registers (<vector>, <union>, ... elements). */
typedef struct GuestRegTypes {
    const char *feature;
    const char *xml;
} GuestRegTypes;

typedef struct GuestArch {
    const char *name;                /* -cpu help, the peek-<name> alias, -version */
    uint16_t elf_machine;            /* EM_* of the programs it runs */
    /* Its state struct over CPUState.arch: size, and where the pc is. */
    uint32_t state_size;
    uint32_t pc_off;
    /* Instruction fetch: insn_unit bytes are read first (the smallest
     * instruction), insn_len() tells from them the whole length (at most
     * insn_max bytes, and at most 16). */
    uint8_t insn_unit, insn_max;
    unsigned (*insn_len)(const uint8_t *head);
    /* Register the guest's globals in a fresh context (once per thread). */
    void (*init_ir)(IRContext *s);
    /* Translate one TB at tb->pc into s, normally by running the generic
     * translator_loop() (exec/translator.h) with the guest's ops. */
    void (*translate)(IRContext *s, CPUState *cpu, TBInfo *tb);
    /* Disassemble the len-byte insn at pc into buf, in objdump's syntax. */
    void (*disas)(char *buf, size_t n, uint64_t pc, const uint8_t *bytes, unsigned len);
    /* -d in_asm's columns, as QEMU 7.2 lays out this guest's lines: hex
     * digits of the address, widths of the instruction-bytes field and of
     * the mnemonic field (both padded with spaces). */
    uint8_t log_addr_digits, log_hex_width, log_mnemonic_width;
    /* -d cpu: the registers in QEMU 7.2's layout for this guest; with fpu
     * (-d fpu), the floating-point and vector registers too. */
    void (*dump_state)(const CPUState *cpu, FILE *f, bool fpu);
    /* Architectural reset of a new vCPU's state (the mode then sets the pc,
     * stack pointer and whatever its ABI gives a starting program). */
    void (*cpu_reset)(CPUState *cpu);
    /* -cpu: select the CPU model and its properties ("rv64,c=off,..."), once,
     * before anything is translated. False, with a one-line reason in err,
     * for an unknown model or property, a bad value, or a combination that
     * cannot exist. */
    bool (*cpu_configure)(const char *spec, char *err, size_t errlen);
    void (*cpu_help)(FILE *out);         /* -cpu help: models, properties */
    /* The ISA string ("rv64imafdc_...") and AT_HWCAP/AT_HWCAP2 of the
     * configured CPU: exactly what is implemented and enabled. */
    const char *(*hwcap_string)(void);
    uint64_t (*hwcap)(void);
    uint64_t (*hwcap2)(void);
    /* Registers by debugger number: table, and copies to/from buf. A write
     * keeps the state valid (x0 stays zero, read-only CSRs ignore it); the
     * pc is written too (the plugin API refuses readonly ones first). */
    const GuestReg *regs;
    unsigned n_regs;
    void (*reg_read)(const CPUState *cpu, unsigned i, uint8_t *buf);
    void (*reg_write)(CPUState *cpu, unsigned i, const uint8_t *buf);
    /* The rest of the GDB target description: <architecture>, and the
     * types its features define (ending with a NULL feature). */
    const char *gdb_arch;
    const GuestRegTypes *reg_types;
    /* A host fault handler leaves guest code by longjmp, so the host FP
     * status of the code it interrupted (x86-64: MXCSR), where a guest may
     * keep exception flags it has not collected yet and the rounding mode
     * it runs in, would be lost (the handler runs with a fresh one): hand
     * it to the guest first, which takes its flags and puts the rest back.
     * NULL if the guest keeps nothing there. */
    void (*host_fp_status_lost)(CPUState *cpu, uint32_t status);
} GuestArch;

static inline uint64_t cpu_get_pc(const CPUState *cpu)
{
    uint64_t pc;
    memcpy(&pc, cpu->arch + cpu->guest->pc_off, sizeof(pc));
    return pc;
}
static inline void cpu_set_pc(CPUState *cpu, uint64_t pc)
{
    memcpy(cpu->arch + cpu->guest->pc_off, &pc, sizeof(pc));
}

/* The registry (src/guest/guests.c): every guest built in. */
const GuestArch *guest_by_elf_machine(unsigned machine);
const GuestArch *guest_by_name(const char *name);
/* The i-th guest, i from 0; NULL past the last. */
const GuestArch *guest_at(unsigned i);

#endif
