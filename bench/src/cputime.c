/*
 * CPU time of a command, for run-bench.sh's BENCH_CLOCK=cpu: runs the
 * command, waits for it, writes the user plus system time it and its
 * waited-for descendants used, in nanoseconds, to OUT, and exits with its
 * status. On a machine that other jobs load, wall-clock time says more
 * about them than about the command; its CPU time does not.
 *   cputime OUT CMD [ARGS...]
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int64_t tv_ns(struct timeval tv)
{
    return (int64_t)tv.tv_sec * 1000000000 + (int64_t)tv.tv_usec * 1000;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: cputime OUT CMD [ARGS...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        perror("cputime: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "cputime: cannot run %s\n", argv[2]);
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("cputime: wait4");
        return 2;
    }
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fprintf(f, "%lld\n", (long long)(tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime)));
    fclose(f);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
