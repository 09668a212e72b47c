/* execve: of a missing file (ENOENT, the caller continues), of a guest
 * program in a forked child (arguments, environment, ignored signals and
 * the mask carry over; exit code seen by the parent), of a host program
 * (/bin/echo), and finally of the guest program in place of this one.
 * argv[1] is the directory of the test binaries, argv[2] their suffix. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    char child[4096];
    snprintf(child, sizeof(child), "%s/exec_child%s", argv[1], argv[2]);
    char *cargv[] = { "exec_child", "one", "two words", NULL };
    char *cenv[] = { "PEEK_TEST_VAR=hello", NULL };

    char *nargv[] = { "nope", NULL };
    int r = execve("/nonexistent/program", nargv, cenv);
    printf("missing: %d %s\n", r, errno == ENOENT ? "ENOENT" : strerror(errno));

    signal(SIGUSR2, SIG_IGN);
    sigset_t b;
    sigemptyset(&b);
    sigaddset(&b, SIGUSR1);
    sigprocmask(SIG_BLOCK, &b, NULL);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execve(child, cargv, cenv);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child program exit %d\n", WEXITSTATUS(st));

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        char *eargv[] = { "echo", "from", "the", "host", NULL };
        execve("/bin/echo", eargv, cenv);
        _exit(127);
    }
    waitpid(pid, &st, 0);
    printf("echo exit %d\n", WEXITSTATUS(st));

    signal(SIGUSR2, SIG_DFL);
    sigprocmask(SIG_UNBLOCK, &b, NULL);
    fflush(stdout);
    execve(child, cargv, cenv);
    printf("exec failed: %s\n", strerror(errno));
    return 1;
}
