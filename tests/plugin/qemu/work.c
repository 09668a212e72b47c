/*
 * Guest program of the QEMU plugin compatibility test (run.sh): a mix of
 * integer, pointer-chasing, sorting, halfword, atomic and floating-point
 * work whose every instruction, block and memory address is the same
 * under QEMU (qemu-riscv64, qemu-aarch64) and under peek, so that a QEMU
 * plugin must report the same numbers in both. That rules out the C library, whose start-up reads
 * the auxiliary vector and probes system calls that the two emulators
 * answer differently; the program brings its own _start, system calls and
 * stack (in .bss, so even stack addresses do not depend on the emulator's
 * initial stack, which it never reads: its size is fixed when it is
 * compiled). It prints its results so a wrong answer is seen too.
 *   -DSCALE=N   rounds of the main loops (2: about 1.8 million instructions;
 *               0: about 30 thousand, for tracing every instruction)
 */
#include <stddef.h>
#include <stdint.h>

#define STACK_SIZE 65536
#define N_DATA 4096
#define N_NODES 2048
#define MAT 12

uint8_t work_stack[STACK_SIZE] __attribute__((aligned(16)));

#ifndef SCALE
#define SCALE 2
#endif

/* _start moves to our own stack and exits with main's result. */
#if defined(__riscv)
__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    lla sp, work_stack + 65536\n"
        "    call work_main\n"
        "    li a7, 94\n"
        "    ecall\n");

static long sys_write(int fd, const void *buf, size_t len)
{
    register long a0 __asm__("a0") = fd;
    register long a1 __asm__("a1") = (long)buf;
    register long a2 __asm__("a2") = (long)len;
    register long a7 __asm__("a7") = 64;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}
#elif defined(__aarch64__)
__asm__(".text\n"
        ".globl _start\n"
        "_start:\n"
        "    adrp x0, work_stack + 65536\n"
        "    add x0, x0, :lo12:work_stack + 65536\n"
        "    mov sp, x0\n"
        "    bl work_main\n"
        "    mov x8, #94\n"
        "    svc #0\n");

static long sys_write(int fd, const void *buf, size_t len)
{
    register long x0 __asm__("x0") = fd;
    register long x1 __asm__("x1") = (long)buf;
    register long x2 __asm__("x2") = (long)len;
    register long x8 __asm__("x8") = 64;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x2), "r"(x8) : "memory");
    return x0;
}
#else
#error "work.c: no _start and system call for this guest"
#endif

/* GCC may call these even in freestanding code. */
void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

static char out_buf[64];

static void print_hex(const char *label, uint64_t v)
{
    size_t n = 0;
    while (*label)
        out_buf[n++] = *label++;
    out_buf[n++] = ' ';
    for (int i = 60; i >= 0; i -= 4)
        out_buf[n++] = "0123456789abcdef"[(v >> i) & 15];
    out_buf[n++] = '\n';
    sys_write(1, out_buf, n);
}

static uint32_t data[N_DATA];
static uint32_t crc_table[256];
static uint16_t halves[N_DATA];
static struct node {
    struct node *next;
    uint64_t value;
} nodes[N_NODES];
static double ma[MAT][MAT], mb[MAT][MAT], mc[MAT][MAT];
static uint32_t shared_counter;
static uint64_t xs = 0x9e3779b97f4a7c15ull;

static uint64_t xorshift(void)
{
    xs ^= xs << 13;
    xs ^= xs >> 7;
    xs ^= xs << 17;
    return xs;
}

static void quicksort(uint32_t *a, long lo, long hi)
{
    while (lo < hi) {
        uint32_t pivot = a[(lo + hi) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                uint32_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        /* Recurse into the smaller side to bound the stack. */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

static uint32_t crc32(const uint8_t *p, size_t n, uint32_t crc)
{
    crc = ~crc;
    while (n--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint64_t sort_and_crc(void)
{
    for (int i = 0; i < N_DATA; i++)
        data[i] = (uint32_t)xorshift();
    quicksort(data, 0, N_DATA - 1);
    for (int i = 1; i < N_DATA; i++)
        if (data[i - 1] > data[i])
            return 0;
    return crc32((const uint8_t *)data, sizeof(data), 0);
}

static uint64_t halfwords(void)
{
    uint64_t sum = 0;
    for (int i = 0; i < N_DATA; i++)
        halves[i] = (uint16_t)(data[i] >> 7);
    for (int i = 0, j = N_DATA - 1; i < j; i++, j--) {
        uint16_t t = halves[i];
        halves[i] = halves[j];
        halves[j] = t;
    }
    for (int i = 0; i < N_DATA; i++)
        sum = sum * 31 + (int16_t)halves[i];
    return sum;
}

static uint64_t chase(int rounds)
{
    /* A random cyclic permutation (Sattolo), walked ROUNDS times. */
    static uint32_t perm[N_NODES];
    for (int i = 0; i < N_NODES; i++)
        perm[i] = i;
    for (int i = N_NODES - 1; i > 0; i--) {
        int j = (int)(xorshift() % (uint64_t)i);
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    for (int i = 0; i < N_NODES; i++) {
        nodes[i].next = &nodes[perm[i]];
        nodes[i].value = xorshift() >> 32;
    }
    uint64_t sum = 0;
    const struct node *n = &nodes[0];
    for (int r = 0; r < rounds; r++)
        for (int i = 0; i < N_NODES; i++) {
            sum += n->value;
            n = n->next;
        }
    return sum;
}

static uint64_t atomics(void)
{
    for (int i = 0; i < 200; i++) {
        __atomic_fetch_add(&shared_counter, (uint32_t)i, __ATOMIC_SEQ_CST);
        uint32_t expect = __atomic_load_n(&shared_counter, __ATOMIC_RELAXED);
        __atomic_compare_exchange_n(&shared_counter, &expect, expect ^ 0x55u, 0,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
    return shared_counter;
}

static uint64_t floating(void)
{
    union {
        double d;
        uint64_t u;
    } r;
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            ma[i][j] = (double)(i + 1) / (double)(j + 3);
            mb[i][j] = (double)(int)(xorshift() % 1000) * 0.001 - 0.5;
        }
    for (int i = 0; i < MAT; i++)
        for (int j = 0; j < MAT; j++) {
            double s = 0;
            for (int k = 0; k < MAT; k++)
                s += ma[i][k] * mb[k][j];
            mc[i][j] = s;
        }
    double t = 0;
    for (int i = 0; i < MAT; i++)
        t += __builtin_sqrt(mc[i][i] * mc[i][i] + 1.0) - (double)(long)(mc[i][MAT - 1 - i] * 100.0);
    r.d = t;
    return r.u;
}

int work_main(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
    uint64_t crc = 0, half = 0, walk = 0, fp = 0;
    for (int s = 0; s < SCALE; s++) {
        crc ^= sort_and_crc();
        half ^= halfwords();
        fp ^= floating();
    }
    walk = chase(SCALE);
    print_hex("crc", crc);
    print_hex("half", half);
    print_hex("walk", walk);
    print_hex("fp", fp);
    print_hex("atomic", atomics());
    return 0;
}
