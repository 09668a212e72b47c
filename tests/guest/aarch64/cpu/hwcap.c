/*
 * What a -cpu model gives a program: AT_HWCAP and AT_HWCAP2, MIDR_EL1 as
 * the kernel's emulated MRS reads it, and whether an LSE atomic (ldadd),
 * a CRC32 instruction and an AES instruction run or raise SIGILL.
 * Printed for cpu.sh to compare with the values worked out by hand.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

static sigjmp_buf env;
static void on_ill(int sig) { siglongjmp(env, 1); }

static int runs_lse(void)
{
    static uint64_t v;
    uint64_t old;
    if (sigsetjmp(env, 1))
        return 0;
    __asm__ volatile(".arch_extension lse\nldadd %1, %0, [%2]" : "=r"(old) : "r"(1ull), "r"(&v) : "memory");
    return 1;
}

static int runs_crc(void)
{
    uint32_t r = 0;
    if (sigsetjmp(env, 1))
        return 0;
    __asm__ volatile(".arch_extension crc\ncrc32b %w0, %w0, %w1" : "+r"(r) : "r"(1));
    return 1;
}

static int runs_aes(void)
{
    if (sigsetjmp(env, 1))
        return 0;
    __asm__ volatile(".arch_extension aes\naese v0.16b, v1.16b" ::: "v0");
    return 1;
}

int main(void)
{
    signal(SIGILL, on_ill);
    uint64_t midr;
    __asm__ volatile("mrs %0, midr_el1" : "=r"(midr));
    printf("hwcap %#lx hwcap2 %#lx midr %#lx lse %d crc %d aes %d\n", getauxval(AT_HWCAP),
           getauxval(AT_HWCAP2), (unsigned long)midr, runs_lse(), runs_crc(), runs_aes());
    return 0;
}
