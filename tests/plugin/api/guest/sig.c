/* A fault handled by a SIGSEGV handler (an exception discontinuity) and a
 * SIGUSR1 sent to ourselves (an interrupt); prints what it survived. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static sigjmp_buf back;
static volatile int usr1;

void on_segv(int sig) { siglongjmp(back, 1); }
void on_usr1(int sig) { usr1 = 1; }

__attribute__((noinline)) int fault_here(volatile int *p) { return *p; }

int main(void)
{
    signal(SIGSEGV, on_segv);
    signal(SIGUSR1, on_usr1);
    if (!sigsetjmp(back, 1))
        fault_here((volatile int *)16);
    kill(getpid(), SIGUSR1);
    printf("survived segv, usr1=%d\n", usr1);
    return 0;
}
