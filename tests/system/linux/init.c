/*
 * The init of linux-check's initramfs: greets, runs a CPU-bound workload
 * (a sieve) whose output the native build of this same file gives too,
 * hashes the first 64 KiB of the virtio disk if there is one (the native
 * build: of the file named by its argument), and powers the machine off.
 * Built static for riscv64 and for the host.
 */
#include <stdio.h>
#include <stdint.h>
#include <sys/reboot.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

/* FNV-1a over the first 64 KiB of path, if it opens. */
static void disk(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    static unsigned char buf[65536];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof(buf) && (r = read(fd, buf + n, sizeof(buf) - n)) > 0)
        n += (size_t)r;
    close(fd);
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ buf[i]) * 0x100000001b3ull;
    printf("disk: %zu bytes, hash %016llx\n", n, (unsigned long long)h);
}

int main(int argc, char **argv)
{
    printf("init: hello from Linux user space, pid %d\n", (int)getpid());
    static uint8_t sieve[2000000];
    uint64_t count = 0, sum = 0;
    for (uint64_t i = 2; i < sizeof(sieve); i++) {
        if (sieve[i])
            continue;
        count++;
        sum = sum * 31 + i;
        for (uint64_t j = i * i; j < sizeof(sieve); j += i)
            sieve[j] = 1;
    }
    printf("primes below %zu: %llu, hash %016llx\n", sizeof(sieve), (unsigned long long)count,
           (unsigned long long)sum);
    if (getpid() == 1) {
        mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
        disk("/dev/vda");
    } else if (argc > 1) {
        disk(argv[1]);
    }
    fflush(stdout);
    if (getpid() == 1)
        reboot(RB_POWER_OFF);
    return 0;
}
