/* RISC-V integer division never traps: x/0 is all ones, x%0 is x, and
 * INT64_MIN/-1 overflows to INT64_MIN with remainder 0. No SIGFPE may be
 * raised. riscv64 only (x86 would trap). */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_fpe(int sig)
{
    printf("SIGFPE\n");
    exit(1);
}

int main(void)
{
    signal(SIGFPE, on_fpe);
    volatile int64_t a = 7, z = 0, m = INT64_MIN, n1 = -1;
    volatile uint64_t ua = 7, uz = 0;
    volatile int32_t wa = 7, wz = 0;
    printf("div %lld rem %lld\n", (long long)(a / z), (long long)(a % z));
    printf("divu %llu remu %llu\n", (unsigned long long)(ua / uz), (unsigned long long)(ua % uz));
    printf("divw %d remw %d\n", (int)(wa / wz), (int)(wa % wz));
    printf("overflow %lld rem %lld\n", (long long)(m / n1), (long long)(m % n1));
    printf("no signal\n");
    return 0;
}
