/*
 * The linux-user runtime as seen from a guest's cpu loop and from main():
 * process set-up, the syscall entry point, and signal delivery hooks.
 */
#ifndef PEEK_USER_USER_H
#define PEEK_USER_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "exec/cpu.h"

/* Special syscall results (never real errno values): */
#define SYS_ERESTART    (-512)  /* restart: leave pc on the ecall, registers untouched */
#define SYS_ESIGRETURN  (-513)  /* sigreturn restored every register: touch nothing */

/* Register the main thread's vCPU (index 0, its tid) and install the host
 * signal handlers; called by main() once, before the guest runs. */
void user_start_main_thread(CPUState *cpu);

/* Run syscall nr with args a[0..5] for cpu; returns the guest's result
 * (-errno in the guest's numbering on failure) or one of the specials. */
int64_t user_syscall(CPUState *cpu, int64_t nr, const uint64_t a[6]);

/* Queue a synchronous fault signal for the guest (from the cpu loop). */
void user_force_sig(CPUState *cpu, int sig, int code, uint64_t addr);
/* Deliver pending signals to the guest (set up handler frames), or take
 * default actions. Called by the cpu loop after every exit from cpu_exec. */
void user_process_signals(CPUState *cpu);

/* The process being started (its program as plugins see it is exec's
 * guest_image, which the loader fills too). */
typedef struct UserImage {
    uint64_t entry;         /* first pc (the interpreter's when dynamic) */
    uint64_t sp;            /* initial stack pointer */
    uint64_t start_brk;
    /* What /proc/self/stat reports of the layout (guest addresses). */
    uint64_t start_data, end_data;      /* as Linux's ELF loader computes them */
    uint64_t arg_start, arg_end, env_start, env_end;   /* the strings on the stack */
} UserImage;

/* Options that shape the guest process (from the command line). */
typedef struct UserOptions {
    const char *ld_prefix;     /* -L / QEMU_LD_PREFIX */
    uint64_t stack_size;       /* -s */
    const char *argv0;         /* -0 */
    bool strace;               /* -strace / -d strace */
    bool log_unimp;            /* -d unimp */
    bool have_seed;            /* -seed: make AT_RANDOM and getrandom reproducible */
    uint64_t seed;
    const char *uname_release; /* -r: what uname(2) says the release is, or NULL */
    uint64_t guest_base;       /* -B: host address of guest address 0, or 0 for any */
    uint64_t reserved_va;      /* -R: size of the guest address space, or 0 for the default */
    int gdb_port;              /* -g: wait for GDB on this TCP port (0: no) */
    /* The options as given, for execve of another guest program (which a
     * new peek with the same options runs). */
    char **exec_opts;
    size_t n_exec_opts;
} UserOptions;

extern UserOptions user_opts;   /* set once by main() before the guest starts */
extern UserImage user_image;    /* set once by the loader */

/* Load the ELF program at path into the guest space, build the stack with
 * argv/envp/auxv, fill user_image. On a bad program: prints one line
 * "peek: <path>: <problem>" and exits 1. */
void user_load_program(const char *path, int argc, char **argv, char **envp);
/* Identify the guest architecture of an ELF file and select its ABI
 * (user_arch); exits 1 with a clear message if the file is missing, not
 * ELF, 32-bit or for a machine peek does not run. */
const struct GuestArch *user_probe_arch(const char *path);
/* The registers of the main thread for the loaded program: pc at its
 * entry, the stack pointer and whatever else the ABI starts with. */
void user_init_cpu(CPUState *cpu);
/* Run the guest on cpu (the main thread, registered and with signals set
 * up); never returns: the guest leaves through exit_group. */
_Noreturn void user_run(CPUState *cpu);

/* -g: wait for GDB to connect on port (before user_start_main_thread: a
 * signal meanwhile ends peek); one line and exit 1 if the port cannot be
 * used. Then, once the main thread is registered, serve it. */
void user_gdb_wait(int port);
void user_gdb_start(const struct GuestArch *g);
/* GDB resumed cpu with signal sig (0: none): send it to the thread. */
void user_gdb_resumed(CPUState *cpu, int sig);

#endif
