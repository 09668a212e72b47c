/* Fuzzes the ELF loader: writes mutated copies of a guest program (bit
 * flips and byte stores concentrated in the ELF and program headers,
 * random truncation) and runs the loader driver (tests/user/loadcheck.c)
 * on each. The loader must either load the file or reject it with exit
 * status 1; a signal (a hang is SIGALRM after 10 s) or any other status is
 * a failure, and the offending file is kept as WORKDIR/crash-SEED-N.elf.
 *   elffuzz LOADCHECK SEED_ELF WORKDIR COUNT [SEED]
 * The plain seeded generator of make check; make fuzz runs AFL++ on the
 * same driver when it is installed. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The generator's state: one sequence per run. */
static uint64_t rng = 0x243f6a8885a308d3ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6)
        return 2;
    if (argc == 6)
        rng ^= strtoull(argv[5], NULL, 0) * 0x9e3779b97f4a7c15ull;
    rng |= 1;
    FILE *f = fopen(argv[2], "rb");
    if (!f)
        return 2;
    static unsigned char orig[1 << 22], buf[1 << 22];
    size_t size = fread(orig, 1, sizeof(orig), f);
    fclose(f);
    int count = atoi(argv[4]), bad = 0;
    char path[4096];
    snprintf(path, sizeof(path), "%s/fuzz.elf", argv[3]);
    for (int i = 0; i < count; i++) {
        memcpy(buf, orig, size);
        size_t len = size;
        int muts = 1 + (int)(next() % 8);
        for (int m = 0; m < muts; m++) {
            /* Mostly the headers (first 1 KiB), sometimes anywhere. */
            size_t span = next() % 4 ? (size < 1024 ? size : 1024) : size;
            size_t at = next() % span;
            switch (next() % 4) {
            case 0: buf[at] ^= (unsigned char)(1u << (next() % 8)); break;
            case 1: buf[at] = (unsigned char)next(); break;
            case 2: buf[at] = (unsigned char)(next() % 2 ? 0xff : 0); break;
            default: len = next() % 3 ? len : next() % (size + 1); break;
            }
        }
        FILE *o = fopen(path, "wb");
        if (!o || fwrite(buf, 1, len, o) != len || fclose(o) != 0)
            return 2;
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            alarm(10);
            execl(argv[1], argv[1], path, (char *)NULL);
            _exit(127);
        }
        int st;
        waitpid(pid, &st, 0);
        if (WIFSIGNALED(st) || (WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 1)) {
            char keep[4200];
            snprintf(keep, sizeof(keep), "%s/crash-%s-%d.elf", argv[3], argc == 6 ? argv[5] : "0", i);
            rename(path, keep);
            printf("case %d: %s %d (kept %s)\n", i, WIFSIGNALED(st) ? "signal" : "status",
                   WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st), keep);
            bad++;
        }
    }
    return bad ? 1 : 0;
}
