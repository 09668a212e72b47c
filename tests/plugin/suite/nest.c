/* Nested calls for the uftrace plugin, read back by Debian's uftrace:
 * main calls outer twice, each outer calls inner three times. Coverage
 * (drcov) must include them and leave out never_called. */
#include <stdio.h>

static volatile int sink;

__attribute__((noinline)) static void inner(int i)
{
    sink += i;
}

__attribute__((noinline)) static void outer(int n)
{
    for (int i = 0; i < 3; i++)
        inner(n + i);
}

__attribute__((noinline)) void never_called(void)
{
    sink = -1;
}

int main(void)
{
    outer(1);
    outer(10);
    printf("%d\n", sink);
    return 0;
}
