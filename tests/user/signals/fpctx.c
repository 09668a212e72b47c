/* Floating-point state across asynchronous signals: the main loop
 * accumulates doubles while a 1 ms timer fires handlers that compute with
 * other values and another rounding mode; the main result must equal a
 * run without signals. Built with -ffp-contract=off, so that riscv64 and
 * x86-64 round the same operations (no fused multiply-add). */
#include <fenv.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

static volatile double sink;
static volatile int ticks;

static void on_alarm(int sig)
{
    fesetround(FE_UPWARD);
    double x = 1.0 / 3.0;
    for (int i = 0; i < 50; i++)
        x = x * 1.0000001 + 0.1;
    sink = x;
    ticks++;
}

static volatile double start = 1.0;

/* Reads a volatile, so the two calls cannot be merged. */
static double work(void)
{
    double s = 0, t = start;
    for (int i = 1; i < 3000000; i++) {
        t = t * 0.9999999 + 1.0 / i;
        s += t / 7.0;
    }
    return s;
}

int main(void)
{
    double quiet = work();
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 1000 }, { 0, 1000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    double loud = work();
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    printf("sum %.17g, same with signals %d, rounding still nearest %d, signals seen %d\n",
           quiet, quiet == loud, fegetround() == FE_TONEAREST, ticks > 0);
    return 0;
}
