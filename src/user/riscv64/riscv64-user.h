/*
 * What the files of the riscv64 Linux ABI (src/user/riscv64/) share: the
 * integer registers the ABI names, and the signal-frame entry points that
 * abi.c puts in the guest's UserArch table.
 */
#ifndef PEEK_USER_RISCV64_H
#define PEEK_USER_RISCV64_H

#include "exec/cpu.h"
#include "user/signal.h"

enum { RV_RA = 1, RV_SP = 2, RV_TP = 4, RV_A0 = 10, RV_A1 = 11, RV_A2 = 12, RV_A7 = 17 };

int rv_sig_init(void);
int rv_setup_rt_frame(CPUState *cpu, uint64_t sp, int sig, const UserSigaction *ka,
                      const UserSiginfo *info, uint64_t mask, const UserStack *st);
int rv_restore_rt_frame(CPUState *cpu, uint64_t *mask, UserStack *st);

#endif
