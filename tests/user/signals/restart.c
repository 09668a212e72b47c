/* A read from an empty pipe, interrupted by SIGALRM: with SA_RESTART the
 * read restarts (and gets the byte the handler wrote), without it the read
 * fails with EINTR. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int fds[2];
static volatile int handled;

static void on_alarm(int sig)
{
    handled++;
    if (write(fds[1], "x", 1) != 1)
        handled = -100;
}

static void one(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = flags;
    sigaction(SIGALRM, &sa, NULL);
    handled = 0;
    struct itimerval it = { { 0, 0 }, { 0, 100000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    char c = 0;
    ssize_t n = read(fds[0], &c, 1);
    int e = errno;
    printf("%s: read %zd %s, handler ran %d\n", flags ? "SA_RESTART" : "no SA_RESTART", n,
           n < 0 ? (e == EINTR ? "EINTR" : strerror(e)) : (c == 'x' ? "'x'" : "?"), handled);
    if (n < 0 && read(fds[0], &c, 1) == 1)
        printf("  the handler's byte is still there\n");
}

int main(void)
{
    if (pipe(fds) < 0)
        return 1;
    one(SA_RESTART);
    one(0);
    return 0;
}
