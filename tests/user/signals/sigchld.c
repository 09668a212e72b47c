/* SIGCHLD: a handler with SA_SIGINFO sees the child's pid, CLD_EXITED and
 * its status; with SIGCHLD ignored the kernel reaps children itself and
 * wait fails with ECHILD. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile pid_t who;
static volatile int code, status, calls;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    calls++;
    who = si->si_pid;
    code = si->si_code;
    status = si->si_status;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_chld;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGCHLD, &sa, NULL);
    sigset_t b, old;
    sigemptyset(&b);
    sigaddset(&b, SIGCHLD);
    sigprocmask(SIG_BLOCK, &b, &old);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
        _exit(7);
    int st;
    waitpid(pid, &st, 0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("handler: calls %d pid ok %d CLD_EXITED %d status %d; wait status %d\n", calls,
           who == pid, code == CLD_EXITED, status, WEXITSTATUS(st));

    signal(SIGCHLD, SIG_IGN);
    fflush(stdout);
    pid = fork();
    if (pid == 0)
        _exit(3);
    int r = waitpid(pid, &st, 0);
    printf("ignored: waitpid %d %s\n", r, r < 0 && errno == ECHILD ? "ECHILD" : "?");
    return 0;
}
