/* Stack overflow: unbounded recursion faults on the guard below the stack;
 * the SIGSEGV handler can run only on an alternate stack. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static sigjmp_buf env;

static void on_segv(int sig)
{
    siglongjmp(env, 1);
}

static int recurse(volatile char *prev, int depth)
{
    volatile char buf[1024];
    buf[0] = (char)depth;
    buf[1023] = prev ? prev[0] : 0;
    return recurse(buf, depth + 1) + buf[1];
}

int main(void)
{
    struct rlimit rl = { 8 << 20, 8 << 20 };
    setrlimit(RLIMIT_STACK, &rl);
    stack_t ss = { .ss_sp = malloc(65536), .ss_size = 65536 };
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_segv;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    if (sigsetjmp(env, 1) == 0)
        recurse(NULL, 0);
    printf("recovered from stack overflow\n");
    return 0;
}
