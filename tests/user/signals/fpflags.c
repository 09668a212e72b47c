/* Accrued floating-point exception flags where signals and threads meet
 * them: flags raised before a fault survive the fault's handler; what a
 * handler raises is gone after it returns (the interrupted context's flags
 * come back); clearing and testing single flags; a new thread and a forked
 * child inherit them; the rounding mode outlives a fault. peek may keep flags in the host FPU between
 * operations, so each case is one where a lazy scheme could lose or leak
 * them. Output compared with the native build. */
#include <fenv.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile double one = 1.0, three = 3.0, zero = 0.0, sink;
static char *page;
static long page_size;

static void show(const char *when)
{
    printf("%-34s inexact %d divbyzero %d invalid %d overflow %d\n", when,
           !!fetestexcept(FE_INEXACT), !!fetestexcept(FE_DIVBYZERO),
           !!fetestexcept(FE_INVALID), !!fetestexcept(FE_OVERFLOW));
}

/* Makes the page readable and raises divide-by-zero, which must not
 * outlive the handler. */
static void on_segv(int sig)
{
    sink = one / zero;
    mprotect(page, page_size, PROT_READ | PROT_WRITE);
}

static void on_usr1(int sig)
{
    sink = zero / zero;
    feclearexcept(FE_INEXACT);
}

static void *thread_main(void *arg)
{
    show("new thread");
    sink = one / zero;
    show("new thread after 1/0");
    return NULL;
}

int main(void)
{
    page_size = sysconf(_SC_PAGESIZE);
    page = mmap(NULL, page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, NULL);
    sa.sa_handler = on_usr1;
    sigaction(SIGUSR1, &sa, NULL);

    feclearexcept(FE_ALL_EXCEPT);
    show("start");
    sink = one / three;
    show("after 1/3");
    sink = one / zero;
    show("after 1/0");
    feclearexcept(FE_INEXACT);
    show("inexact cleared");
    sink = one / three;
    feclearexcept(FE_DIVBYZERO);
    show("1/3, divbyzero cleared");
    feclearexcept(FE_ALL_EXCEPT);
    sink = 1e300 * one * 1e300;
    show("overflow");

    /* A fault right after an inexact operation. */
    feclearexcept(FE_ALL_EXCEPT);
    sink = one / three;
    sink = page[0];
    show("fault after 1/3, handler 1/0");

    /* The rounding mode across a fault: 1/3 rounded up ends in ...6. */
    mprotect(page, page_size, PROT_NONE);
    fesetround(FE_UPWARD);
    sink = page[0];
    sink = one / three;         /* volatile: divided before the next call */
    double third = sink;
    unsigned long long bits;
    memcpy(&bits, &third, sizeof(bits));
    fesetround(FE_TONEAREST);
    printf("%-34s %016llx\n", "1/3 upward after a fault", bits);

    feclearexcept(FE_ALL_EXCEPT);
    sink = one / three;
    kill(getpid(), SIGUSR1);
    show("1/3, handler 0/0 and clear");

    fexcept_t saved;
    fegetexceptflag(&saved, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    sink = zero / zero;
    fesetexceptflag(&saved, FE_ALL_EXCEPT);
    show("0/0 then saved flags restored");

    pthread_t t;
    pthread_create(&t, NULL, thread_main, NULL);
    pthread_join(t, NULL);
    show("main after thread");

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        show("forked child");
        fflush(stdout);
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
