/*
 * What the files of the aarch64 Linux ABI (src/user/aarch64/) share: the
 * signal-frame entry points that abi.c puts in the guest's UserArch table.
 */
#ifndef PEEK_USER_AARCH64_H
#define PEEK_USER_AARCH64_H

#include "exec/cpu.h"
#include "user/signal.h"

int a64_sig_init(void);
int a64_setup_rt_frame(CPUState *cpu, uint64_t sp, int sig, const UserSigaction *ka,
                       const UserSiginfo *info, uint64_t mask, const UserStack *st);
int a64_restore_rt_frame(CPUState *cpu, uint64_t *mask, UserStack *st);

#endif
