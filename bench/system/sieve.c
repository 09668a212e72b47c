/*
 * bench-system's bare-metal workload (M-mode, tests/system/bare's runtime):
 * a sieve over 4 MB, four times, then its count and hash on the UART.
 */
#include "rt.h"
static unsigned char sieve[4000000];
int main(void)
{
    uint64_t count = 0, sum = 0;
    for (int rep = 0; rep < 4; rep++) {
        for (uint64_t i = 0; i < sizeof(sieve); i++) sieve[i] = 0;
        count = 0;
        for (uint64_t i = 2; i < sizeof(sieve); i++) {
            if (sieve[i]) continue;
            count++; sum = sum * 31 + i;
            for (uint64_t j = i * i; j < sizeof(sieve); j += i) sieve[j] = 1;
        }
    }
    show("count", count);
    show("hash", sum);
    return 0;
}
