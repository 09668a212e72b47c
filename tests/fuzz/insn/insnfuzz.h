/* What insnfuzz.c shares with its guest parts (riscv64.c, aarch64.c). */
#ifndef INSNFUZZ_H
#define INSNFUZZ_H

#include <signal.h>
#include <stdint.h>

/* Fixed guest addresses, far from the program and from each other. */
#define FZ_REGION 0x2000000000ull               /* zeros, but for the word */
#define FZ_REGION_SIZE (4ull << 20)
#define FZ_WORD_AT (FZ_REGION + FZ_REGION_SIZE / 2)
#define FZ_SCRATCH 0x2100000000ull              /* what registers point into */
#define FZ_SCRATCH_SIZE 0x4000ull
#define FZ_SCRATCH_MID (FZ_SCRATCH + FZ_SCRATCH_SIZE / 2)
#define FZ_SLOTS 0x2200000000ull                /* the preamble's two values */

/* The registers a word starts from: x[] (x[0] unused on riscv64, x[31] is
 * sp on aarch64), FP/SIMD registers as 64-bit halves, and the control
 * and status registers (riscv64: fcsr; aarch64: NZCV, FPCR, FPSR). */
typedef struct FzState {
    uint64_t x[32];
    uint64_t f[64];
    uint64_t csr[3];
} FzState;

/* How a run ended, read from the signal frame. */
typedef struct FzOutcome {
    int sig, code;
    uint64_t addr, pc;
    uint64_t gpr[32];
    uint64_t fpr[64];
    uint64_t csr[3];
} FzOutcome;

uint64_t fz_rnd(void);
uint64_t fz_value(void);
uint64_t fz_fvalue(void);
void fz_on_signal(int sig, siginfo_t *si, void *uc);

/* The guest part. The preamble (run just before the word) loads registers
 * arch_pre_regs[0] and [1] from the two slots. */
extern const uint32_t arch_preamble[2];
extern const int arch_pre_regs[2];
extern const uint32_t arch_trap;
uint32_t arch_filter(uint32_t word);
/* Words whose outcome qemu gets wrong, as " k=<kind>" for the line (the
 * runner, compare.awk, knows what each may differ in), or "":
 *   k=sc   a store conditional (SC, STXR, ...): without a reservation qemu
 *          fails it without looking at its address, where Linux on
 *          hardware (and peek) take an alignment or translation fault;
 *   k=rsv  a reserved encoding (UNDEFINED in the Arm ARM) that qemu 7.2
 *          executes. */
const char *arch_kind(uint32_t word);
/* late: the last quarter of a run, where rounding modes and FP controls
 * that switch an emulator's fast paths off for good may be drawn. */
void arch_init_state(FzState *st, int late);
void arch_enter(const FzState *st) __attribute__((noreturn));
void arch_signal_entry(int sig, siginfo_t *si, void *uc);
void arch_save_globals(void);
void arch_capture(FzOutcome *o, void *uc);
int arch_code(const FzOutcome *o);

#endif
