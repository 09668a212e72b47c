/* fork and the wait family: exit codes, death by signal (SIGKILL from the
 * parent, SIGTERM raised by the child), waitid's siginfo, wait4's rusage,
 * a fork from a process with other threads running, and vfork + _exit. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int stop;
static void *busy(void *arg)
{
    while (!stop)
        ;
    return NULL;
}

int main(void)
{
    for (int code = 0; code < 4; code++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0)
            _exit(code * 10);
        int st;
        pid_t w = waitpid(pid, &st, 0);
        printf("child %d: waited same pid %d, exited %d code %d\n", code, w == pid,
               WIFEXITED(st), WEXITSTATUS(st));
    }

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    printf("killed: signaled %d sig %d\n", WIFSIGNALED(st), WTERMSIG(st));

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        fclose(stderr);   /* keep the runner's stderr quiet */
        raise(SIGTERM);
        _exit(99);
    }
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    waitid(P_PID, (id_t)pid, &si, WEXITED);
    printf("waitid: signo %d code CLD_KILLED %d status %d pid ok %d\n", si.si_signo,
           si.si_code == CLD_KILLED, si.si_status, si.si_pid == pid);

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        volatile double x = 0;
        for (int i = 0; i < 2000000; i++)
            x += i;
        _exit(5);
    }
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    pid_t w = wait4(pid, &st, 0, &ru);
    printf("wait4: pid ok %d code %d rusage has time %d\n", w == pid, WEXITSTATUS(st),
           ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0 || ru.ru_stime.tv_usec > 0);

    pthread_t t;
    pthread_create(&t, NULL, busy, NULL);
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        printf("child of a threaded parent runs\n");
        exit(12);
    }
    waitpid(pid, &st, 0);
    stop = 1;
    pthread_join(t, NULL);
    printf("threaded fork: code %d\n", WEXITSTATUS(st));

    fflush(stdout);
    pid = vfork();
    if (pid == 0)
        _exit(33);
    waitpid(pid, &st, 0);
    printf("vfork: code %d\n", WEXITSTATUS(st));
    w = wait(&st);
    printf("no more children: %d %s\n", w, errno == ECHILD ? "ECHILD" : "?");
    return 0;
}
