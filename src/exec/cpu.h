/*
 * One vCPU (one guest thread): the guest's architectural state in the arch
 * area at offset 0, so that IR globals are plain env offsets (and the first
 * guest registers are in reach of the JIT's short displacements), followed
 * by what the execution layer and the backends need. Generated code and
 * helpers receive a CPUState * as "env".
 *
 * The arch area is opaque here: each guest lays its own state struct over
 * it (GuestArch.state_size bytes, checked against CPU_ARCH_SIZE at compile
 * time by the guest), so no guest type is named in the shared layers.
 */
#ifndef PEEK_EXEC_CPU_H
#define PEEK_EXEC_CPU_H

#include <setjmp.h>
#include <stddef.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "ir/ir.h"

struct TB;
struct GuestArch;
struct TaskState;
struct PluginCtx;

/* Why cpu_exec() returned to the arch's cpu loop. */
enum {
    EXCP_NONE = 0,
    EXCP_INTERRUPT,   /* exit_request was set: signals or exclusive work pending */
    EXCP_SYSCALL,     /* ecall/svc: pc points at the instruction */
    EXCP_ILLEGAL,     /* SIGILL, ILL_ILLOPC, at pc */
    EXCP_BREAKPOINT,  /* SIGTRAP, TRAP_BRKPT, at pc */
    EXCP_SEGV,        /* SIGSEGV at pc, fault address excp_addr, si_code excp_code */
    EXCP_BUS,         /* SIGBUS, likewise */
    EXCP_FPE,         /* SIGFPE, likewise */
    EXCP_DEBUG,       /* a debugger's stop: CPUState.debug.reason says why */
    EXCP_ARCH,        /* softmmu: an exception of the guest's architecture,
                       * cause excp_code, trap value excp_addr, pc precise */
    EXCP_HALTED,      /* softmmu: the vCPU waits for an interrupt (wfi) */
};

/* What a debugger (src/gdb) asks of one vCPU and what it finds: written by
 * the debugger while the vCPU is outside guest code, except hold, which
 * it may set at any time (then it also makes the vCPU leave guest code). */
typedef struct CPUDebug {
    volatile int hold;    /* run no guest code: cpu_exec returns EXCP_DEBUG (DEBUG_HOLD) */
    bool step;            /* run one instruction, then EXCP_DEBUG (DEBUG_STEP) */
    uint8_t stepped;      /* the step's instruction began (its TB stores 1) */
    int reason;           /* DEBUG_* (exec/debug.h) of the last EXCP_DEBUG */
    int wp_kind;          /* DEBUG_WATCH: the watchpoint's kind and the */
    uint64_t wp_addr;     /* watched address the access touched */
    int action;           /* the debugger's: how the vCPU resumes, and the */
    int signal;           /* signal it resumes with (0: none) */
} CPUDebug;

#define CPU_JC_BITS 12
#define CPU_JC_SIZE (1u << CPU_JC_BITS)
#define CPU_TB_HEAT_SIZE 8192

/* Plugin scoreboards whose entry for this vCPU CPUState keeps (src/plugin). */
#define CPU_PLUGIN_SB_BASES 16

/* Room for the largest guest state (each guest asserts that it fits): a
 * guest with 32 128-bit vector registers needs about 900 bytes. */
#define CPU_ARCH_SIZE 2048

typedef struct CPUState {
    /* offset 0: the guest's registers, IR globals live here */
    _Alignas(64) unsigned char arch[CPU_ARCH_SIZE];
    uint64_t scratch[IR_MAX_TEMPS]; /* backend temp slots (IREnvLayout) */
    uint64_t insn_pc;               /* pc of the insn executing (interpreter) */
    struct CPUState *self;          /* value of the IR_ENV temp for backends */
    _Alignas(16) uint64_t call_keep[2]; /* a backend's register across a helper call */

    volatile int exit_request;      /* set asynchronously; checked at TB entry */
    int exception;                  /* EXCP_* being delivered */
    uint64_t excp_addr;
    int excp_code;
    sigjmp_buf jmp_env;             /* cpu_loop_exit() returns here */
    bool in_exec;                   /* jmp_env is valid */
    /* Instruction counting (exec_icount): guest instructions of the TBs
     * run to their end, and the count at which cpu_exec returns. */
    uint64_t icount, icount_limit;

    const struct GuestArch *guest;
    int cpu_index;
    int tid;
    struct TaskState *ts;           /* linux-user per-thread state */
    /* Written by plugin instrumentation in translated code, read by the
     * API functions a plugin callback calls directly from there. */
    uint64_t plugin_mem_value;      /* the access a memory callback reports */
    struct PluginCtx *plugin_ctx;   /* whose callback runs */
    CPUDebug debug;
    /* A block's range check of several guest accesses at once failed at
     * the pc (IRContext.merge_checks): the loop runs that instruction
     * alone next, in a step TB whose accesses are checked one by one;
     * with plugin instrumentation (check_tb->plugin_reqs) the rest of
     * that block, check_tb, in a tail TB instead (tb_find_tail). Also
     * set when an IR_MO_RETRY load would fault (its instruction runs
     * alone the same way). */
    bool check_step;
    struct TB *check_tb;
    /* The interpreter is in an IR_MO_RETRY load (a host fault there is
     * a retry, not the guest's). */
    bool in_retry_load;
    /* This vCPU's entry of up to CPU_PLUGIN_SB_BASES scoreboards, kept by
     * src/plugin: an inline operation loads it rather than compute it. */
    uint8_t *plugin_sb_base[CPU_PLUGIN_SB_BASES];
    struct TB *jmp_cache[CPU_JC_SIZE];  /* pc -> TB, per vCPU, lock-free */
    /* How often the not-yet-hot blocks ran, by a hash of their pc (the
     * translator's superblock promotion, exec/translate.h); per vCPU so
     * that counting takes no atomics, and collisions only promote early. */
    uint8_t tb_heat[CPU_TB_HEAT_SIZE];
} CPUState;

_Static_assert(offsetof(CPUState, arch) == 0, "guest state offsets are env offsets");

/* The guest's state struct T over cpu's arch area. */
#define CPU_ARCH(cpu, T) ((T *)(void *)(cpu)->arch)

/* The vCPU running on this host thread (NULL outside guest execution). */
extern __thread CPUState *current_cpu;

/* Leave generated code and return to cpu_exec's caller with an exception.
 * The guest pc must already be precise: helpers that can raise are called
 * only after the frontend stored the insn's pc, and host faults recover it
 * from the backend's insn map. */
_Noreturn void cpu_raise(CPUState *cpu, int excp, uint64_t addr, int code);
_Noreturn void cpu_loop_exit(CPUState *cpu);

/* Run translated code until an exception; returns EXCP_*. */
int cpu_exec(CPUState *cpu);

/* Count instructions (a system mode's -icount), set once at start-up:
 * every TB then returns to cpu_exec's loop (no chaining), which adds its
 * instructions to CPUState.icount and returns EXCP_INTERRUPT once that
 * reaches icount_limit. Deterministic: a TB left by an exception counts
 * nothing, the same on every run. */
extern bool exec_icount;

CPUState *cpu_create(const struct GuestArch *g);
/* The same with extra bytes after the CPUState, at env offset
 * CPU_EXTRA_OFF (a softmmu mode keeps its TLB there, in reach of
 * env-relative loads). */
CPUState *cpu_create_extra(const struct GuestArch *g, size_t extra);
#define CPU_EXTRA_OFF sizeof(CPUState)
static inline void *cpu_extra(CPUState *cpu) { return (char *)cpu + CPU_EXTRA_OFF; }
void cpu_destroy(CPUState *cpu);

#endif
