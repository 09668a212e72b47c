/* The guest memory map: anonymous and file mmap, munmap, mprotect, mremap,
 * brk, MAP_FIXED(_NOREPLACE), madvise, mincore, msync, and what
 * /proc/self/maps shows. Output is the same natively and under peek. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHECK(c) printf("%-50s %s\n", #c, (c) ? "ok" : "FAILED")
#define PG 4096

static int maps_has(const char *what, uintptr_t addr)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    int found = 0;
    while (f && fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx", &lo, &hi) != 2)
            return -1;
        if (what && strstr(line, what))
            found = 1;
        if (addr && addr >= lo && addr < hi)
            found = 1;
    }
    if (f)
        fclose(f);
    return found;
}

int main(int argc, char **argv)
{
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED && ((uintptr_t)p & (PG - 1)) == 0);
    CHECK(p[0] == 0 && p[4 * PG - 1] == 0);
    memset(p, 0x5a, 4 * PG);
    CHECK(maps_has(NULL, (uintptr_t)p) == 1);
    CHECK(munmap(p + PG, PG) == 0 && maps_has(NULL, (uintptr_t)p + PG) == 0);
    CHECK(maps_has(NULL, (uintptr_t)p + 2 * PG) == 1);
    CHECK(mprotect(p, PG, PROT_READ) == 0 && p[0] == 0x5a);
    CHECK(mprotect(p, PG, PROT_READ | PROT_WRITE) == 0 && (p[0] = 1) == 1);
    CHECK(mprotect(p, 2 * PG, PROT_READ) < 0 && errno == ENOMEM);
    CHECK(mprotect(p + 1, PG, PROT_READ) < 0 && errno == EINVAL);
    CHECK(munmap(p + 1, PG) < 0 && errno == EINVAL);
    CHECK(munmap(p, 0) < 0 && errno == EINVAL);

    /* hints and fixed placement */
    char *q = mmap(p + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(q == p + PG && q[0] == 0);
    CHECK(mmap(p, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == MAP_FAILED && errno == EEXIST);
    q = mmap(p + 2 * PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(q == p + 2 * PG && q[0] == 0 && p[3 * PG] == 0x5a);
    CHECK(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
    CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
    CHECK(munmap(p, 4 * PG) == 0);

    /* mremap */
    p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    strcpy(p, "keep me");
    p[2 * PG - 1] = 7;
    char *r = mremap(p, 2 * PG, 64 * PG, MREMAP_MAYMOVE);
    CHECK(r != MAP_FAILED && strcmp(r, "keep me") == 0 && r[2 * PG - 1] == 7 && r[64 * PG - 1] == 0);
    r[64 * PG - 1] = 9;
    char *s = mremap(r, 64 * PG, PG, 0);
    CHECK(s == r && strcmp(s, "keep me") == 0);
    CHECK(mremap(s, PG, PG, MREMAP_FIXED) == MAP_FAILED && errno == EINVAL);
    char *t = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *u = mremap(s, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, t + 4 * PG);
    CHECK(u == t + 4 * PG && strcmp(u, "keep me") == 0 && u[2 * PG - 1] == 0);
    CHECK(munmap(t, 8 * PG) == 0);

    /* brk */
    char *b0 = sbrk(0);
    CHECK(sbrk(3 * PG) == b0 && b0[3 * PG - 1] == 0);
    memset(b0, 1, 3 * PG);
    CHECK(maps_has("[heap]", 0) == 1);
    CHECK(sbrk(-2 * PG) == b0 + 3 * PG && sbrk(0) == b0 + PG);
    CHECK(sbrk(PG) == b0 + PG && b0[PG] == 0 && b0[0] == 1);
    CHECK(brk(b0) == 0 && sbrk(0) == b0);

    /* files */
    char path[] = "/tmp/peek-mem-XXXXXX";
    int fd = mkstemp(path);
    char page[PG];
    for (int i = 0; i < 3; i++) {
        memset(page, 'a' + i, PG);
        if (write(fd, page, PG) != PG)
            return 1;
    }
    char *f = mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE, fd, PG);
    CHECK(f != MAP_FAILED && f[0] == 'b' && f[PG] == 'c');
    CHECK(maps_has(strrchr(path, '/') + 1, 0) == 1);
    CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED && errno == EINVAL);
    char *sh = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    sh[0] = 'Z';
    CHECK(msync(sh, PG, MS_SYNC) == 0 && pread(fd, page, 1, 0) == 1 && page[0] == 'Z');
    char *x = mmap(NULL, PG, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
    CHECK(x != MAP_FAILED && x[0] == 'Z');
    unlink(path);
    close(fd);

    /* hints to the kernel */
    p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 3;
    unsigned char vec[2];
    CHECK(mincore(p, 2 * PG, vec) == 0 && (vec[0] & 1));
    CHECK(madvise(p, 2 * PG, MADV_DONTNEED) == 0 && p[0] == 0);
    CHECK(madvise(p, 2 * PG, MADV_WILLNEED) == 0);
    CHECK(mlock(p, PG) == 0 && munlock(p, PG) == 0);

    CHECK(maps_has("[stack]", (uintptr_t)&p) == 1);
    CHECK(maps_has(NULL, (uintptr_t)&main) == 1);
    char *big = malloc(10 << 20);
    CHECK(big && (big[(10 << 20) - 1] = 1) == 1);
    free(big);
    return 0;
}
