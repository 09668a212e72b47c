/*
 * qemu_plugin_set_pc from a syscall filter, an instruction callback (also
 * inside a signal handler) and a memory callback, with tp_setpc.c: a
 * "magic" system call 4096 tells the plugin where to act.
 *   4096(0, target)                 the filter jumps to target at once
 *   4096(1, source, target, data)   from now on, reaching source or
 *                                   reading data continues at target
 * Each case runs straight-line assembly whose "bad" path sets a flag and
 * whose "good" path is reached only by the plugin's jump, and prints what
 * happened. Without the plugin 4096 is -ENOSYS and every case says so.
 */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile unsigned long data_word = 7;

/* Jump from the instruction at 1 to 2 (instruction callback). */
static long redirect_insn(void)
{
    register long a0 __asm__("a0");
    long bad;
    __asm__ volatile("li a0, 1\n\t"
                     "lla a1, 1f\n\t"
                     "lla a2, 2f\n\t"
                     "li a3, 0\n\t"
                     "li a7, 4096\n\t"
                     "ecall\n\t"
                     "bnez a0, 3f\n\t"
                     "1: li %1, 1\n\t"
                     "j 3f\n\t"
                     "2: li %1, 0\n\t"
                     "3:\n\t"
                     : "=&r"(a0), "=&r"(bad)
                     :
                     : "a1", "a2", "a3", "a7", "memory");
    return a0 ? a0 : bad;
}

/* Jump from the load of data_word to 2 (memory callback). */
static long redirect_mem(void)
{
    register long a0 __asm__("a0");
    long bad;
    __asm__ volatile("li a0, 1\n\t"
                     "li a1, 0\n\t"
                     "lla a2, 2f\n\t"
                     "mv a3, %2\n\t"
                     "li a7, 4096\n\t"
                     "ecall\n\t"
                     "bnez a0, 3f\n\t"
                     "ld t0, 0(%2)\n\t"
                     "li %1, 1\n\t"
                     "j 3f\n\t"
                     "2: li %1, 0\n\t"
                     "3:\n\t"
                     : "=&r"(a0), "=&r"(bad)
                     : "r"(&data_word)
                     : "a1", "a2", "a3", "a7", "t0", "memory");
    return a0 ? a0 : bad;
}

/* The filter jumps to 2 instead of returning from the call. */
static long redirect_syscall(void)
{
    long bad;
    __asm__ volatile("li a0, 0\n\t"
                     "lla a1, 2f\n\t"
                     "li a7, 4096\n\t"
                     "ecall\n\t"
                     "li %0, 1\n\t"
                     "j 3f\n\t"
                     "2: li %0, 0\n\t"
                     "3:\n\t"
                     : "=&r"(bad)
                     :
                     : "a0", "a1", "a7", "memory");
    return bad;
}

static void report(const char *what, long r)
{
    printf("%s: %s\n", what, r == 0 ? "redirected" : r == 1 ? "not redirected" : "no plugin");
}

static volatile long in_handler = -1;

static void on_usr1(int sig)
{
    in_handler = redirect_insn();
}

int main(void)
{
    report("insn", redirect_insn());
    signal(SIGUSR1, on_usr1);
    kill(getpid(), SIGUSR1);
    report("insn in a signal handler", in_handler);
    report("mem", redirect_mem());
    report("syscall filter", redirect_syscall());
    return 0;
}
