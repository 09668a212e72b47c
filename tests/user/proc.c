/* Process information and the start-up state: argv, envp, auxv, uname,
 * ids, limits, time, getrandom, prctl, and /proc/self/{exe,maps,auxv,
 * cmdline}. Exits with status 42 so the runner checks exit codes too.
 * Output is the same natively and under peek (machine names are compared
 * with the build's own). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define CHECK(c) printf("%-50s %s\n", #c, (c) ? "ok" : "FAILED")

#if defined(__riscv)
#define MACHINE "riscv64"
#define CPUINFO_KEY "isa\t\t: rv64i"
#elif defined(__aarch64__)
#define MACHINE "aarch64"
#define CPUINFO_KEY "Features\t: fp asimd"
#else
#define MACHINE "x86_64"
#define CPUINFO_KEY "flags\t\t: fpu"
#endif

/* /proc/cpuinfo: one entry per online processor, in the machine's own
 * format; on aarch64 its Features name what AT_HWCAP says, no more. */
static int cpuinfo_ok(void)
{
    static char buf[1 << 16];
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    long procs = 0;
    for (char *p = buf; (p = strstr(p, "processor\t: ")); p++)
        procs++;
    int ok = procs == sysconf(_SC_NPROCESSORS_ONLN) && strstr(buf, CPUINFO_KEY);
#if defined(__aarch64__)
    static const struct { const char *name; unsigned bit; } caps[] = {
        { " aes", 3 }, { " pmull", 4 }, { " sha1", 5 }, { " sha2", 6 }, { " crc32", 7 },
        { " atomics", 8 }, { " sha3", 17 }, { " sha512", 21 },
    };
    char *line = strstr(buf, "Features\t:"), *end = line ? strchr(line, '\n') : NULL;
    if (end)
        *end = ' ';
    for (size_t i = 0; ok && line && i < sizeof(caps) / sizeof(caps[0]); i++) {
        char word[16];
        snprintf(word, sizeof(word), "%s ", caps[i].name);
        ok = !!strstr(line, word) == !!(getauxval(AT_HWCAP) & (1ul << caps[i].bit));
    }
#endif
    return ok;
}

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static ssize_t slurp(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY);
    ssize_t n = 0, r;
    while (fd >= 0 && (r = read(fd, buf + n, size - n)) > 0)
        n += r;
    if (fd >= 0)
        close(fd);
    return fd < 0 ? -1 : n;
}

int main(int argc, char **argv, char **envp)
{
    printf("argc=%d", argc);
    for (int i = 1; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\nPEEK_TEST_VAR=%s\n", getenv("PEEK_TEST_VAR") ? getenv("PEEK_TEST_VAR") : "(unset)");
    CHECK(((uintptr_t)argv & 7) == 0 && argv[argc] == NULL);

    /* auxv */
    CHECK(getauxval(AT_PAGESZ) == 4096);
    CHECK(getauxval(AT_PHENT) == 56 && getauxval(AT_PHDR) != 0 && getauxval(AT_PHNUM) > 0);
    CHECK(getauxval(AT_ENTRY) != 0 && getauxval(AT_RANDOM) != 0);
    CHECK(getauxval(AT_UID) == getuid() && getauxval(AT_EGID) == getegid() && getauxval(AT_SECURE) == 0);
    CHECK(getauxval(AT_EXECFN) && strcmp((char *)getauxval(AT_EXECFN), argv[0]) == 0);
    CHECK(getauxval(AT_CLKTCK) == (unsigned long)sysconf(_SC_CLK_TCK));
    char *e = (char *)envp[0];
    CHECK(e == NULL || e > argv[argc - 1]);

    /* /proc/self */
    char exe[PATH_MAX], real[PATH_MAX], buf[65536];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    exe[n > 0 ? n : 0] = 0;
    CHECK(n > 0 && realpath(argv[0], real) && strcmp(exe, real) == 0);
    char pidexe[64];
    snprintf(pidexe, sizeof(pidexe), "/proc/%d/exe", getpid());
    CHECK(readlink(pidexe, buf, sizeof(buf)) == n);
    CHECK(slurp("/proc/self/exe", buf, 4) == 4 && memcmp(buf, "\177ELF", 4) == 0);
    n = slurp("/proc/self/cmdline", buf, sizeof(buf));
    ssize_t want = 0;
    for (int i = 0; i < argc; i++)
        want += strlen(argv[i]) + 1;
    CHECK(n == want && strcmp(buf, argv[0]) == 0);
    n = slurp("/proc/self/auxv", buf, sizeof(buf));
    int found = 0;
    for (unsigned long *av = (unsigned long *)buf; (char *)av < buf + n && av[0]; av += 2)
        found |= av[0] == AT_PAGESZ && av[1] == 4096;
    CHECK(found && n % 16 == 0);
    n = slurp("/proc/self/maps", buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = 0;
    CHECK(n > 0 && strstr(buf, "[stack]") && strstr(buf, exe));

    /* identity and system */
    struct utsname u;
    CHECK(uname(&u) == 0 && strcmp(u.machine, MACHINE) == 0 && strcmp(u.sysname, "Linux") == 0);
    CHECK(cpuinfo_ok());
    CHECK(getpid() > 1 && getppid() > 0 && getpid() == gettid());
    CHECK(getuid() == geteuid() && getgid() == getegid());
    CHECK(getpgid(0) == getpgrp() && getsid(0) > 0);
    uid_t ru, eu, su;
    CHECK(getresuid(&ru, &eu, &su) == 0 && ru == getuid());
    gid_t groups[64];
    CHECK(getgroups(64, groups) >= 0);
    struct rlimit rl;
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur > 0);
    CHECK(getrlimit(RLIMIT_STACK, &rl) == 0 && setrlimit(RLIMIT_STACK, &rl) == 0);
    CHECK(prlimit(0, RLIMIT_CORE, NULL, &rl) == 0);
    struct rusage ru2;
    CHECK(getrusage(RUSAGE_SELF, &ru2) == 0);
    struct sysinfo si;
    CHECK(sysinfo(&si) == 0 && si.totalram > 0 && si.mem_unit > 0);
    CHECK(prctl(PR_SET_NAME, "peektest") == 0 && prctl(PR_GET_NAME, buf) == 0 && strcmp(buf, "peektest") == 0);
    cpu_set_t cs;
    CHECK(sched_getaffinity(0, sizeof(cs), &cs) == 0 && CPU_COUNT(&cs) > 0 && sched_yield() == 0);
    CHECK(getpriority(PRIO_PROCESS, 0) >= -20);
    CHECK(sysconf(_SC_NPROCESSORS_ONLN) > 0);

    /* time */
    double m0 = now(CLOCK_MONOTONIC), r0 = now(CLOCK_REALTIME);
    struct timespec d = { 0, 20000000 };
    CHECK(nanosleep(&d, NULL) == 0);
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, 0, &d, NULL) == 0);
    double m1 = now(CLOCK_MONOTONIC);
    CHECK(m1 - m0 >= 0.039 && m1 - m0 < 5);
    CHECK(r0 > 1.6e9);
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= (time_t)r0);
    struct timespec res;
    CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
    struct tms tm;
    CHECK(times(&tm) != (clock_t)-1);
    CHECK(now(CLOCK_PROCESS_CPUTIME_ID) > 0 && time(NULL) >= (time_t)r0);
    struct itimerval it = { { 0, 0 }, { 100, 0 } }, old;
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0 && getitimer(ITIMER_REAL, &old) == 0 && old.it_value.tv_sec > 90);
    it.it_value.tv_sec = 0;
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);

    /* randomness */
    unsigned char r1[32], r2[32];
    CHECK(getrandom(r1, 32, 0) == 32 && getrandom(r2, 32, GRND_NONBLOCK) == 32 && memcmp(r1, r2, 32) != 0);
    void *volatile bad = (void *)8;
    CHECK(getrandom(bad, 32, 0) < 0 && errno == EFAULT);
    fflush(stdout);
    return 42;
}
