/*
 * The demo guest program: counts primes below a bound with a sieve and
 * prints a few of them. Small, deterministic, and busy enough that its
 * instruction count means something.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    if (n < 2) {
        fprintf(stderr, "usage: primes N (N >= 2)\n");
        return 2;
    }
    char *composite = calloc((size_t)n, 1);
    if (!composite)
        return 1;
    int count = 0, last = 0;
    for (int i = 2; i < n; i++) {
        if (composite[i])
            continue;
        count++;
        last = i;
        for (long j = (long)i * i; j < n; j += i)
            composite[j] = 1;
    }
    printf("%d primes below %d; the largest is %d\n", count, n, last);
    free(composite);
    return 0;
}
