/*
 * The init of linux-check's initramfs: greets, runs a CPU-bound workload
 * (a sieve) whose output the native build of this same file gives too,
 * and powers the machine off. Built static for riscv64 and for the host.
 */
#include <stdio.h>
#include <stdint.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
    printf("init: hello from Linux user space, pid %d\n", (int)getpid());
    static uint8_t sieve[2000000];
    uint64_t count = 0, sum = 0;
    for (uint64_t i = 2; i < sizeof(sieve); i++) {
        if (sieve[i])
            continue;
        count++;
        sum = sum * 31 + i;
        for (uint64_t j = i * i; j < sizeof(sieve); j += i)
            sieve[j] = 1;
    }
    printf("primes below %zu: %llu, hash %016llx\n", sizeof(sieve), (unsigned long long)count,
           (unsigned long long)sum);
    fflush(stdout);
    if (getpid() == 1)
        reboot(RB_POWER_OFF);
    return 0;
}
