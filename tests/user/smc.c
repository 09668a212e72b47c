/*
 * Code that writes code, as a JIT does: machine code for the machine this
 * is built for (riscv64, aarch64, or x86-64 natively) written into a
 * mapping, made executable, run, rewritten in place and run again after
 * __builtin___clear_cache, many times; also code rewritten while the page
 * stays writable and executable, and a function patched inside a loop
 * that keeps calling it. Every call must see the latest code.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef int (*Fn)(void);

/* The code of "return v;" at p; its length in bytes. */
static size_t emit_ret(uint8_t *p, int v)
{
#if defined(__aarch64__)
    uint32_t c[2] = { 0x52800000u | (uint32_t)(v & 0xffff) << 5, 0xd65f03c0u };  /* mov w0, #v; ret */
#elif defined(__riscv)
    uint32_t c[2] = { (uint32_t)(v & 0xfff) << 20 | 10u << 7 | 0x13u, 0x00008067u };  /* li a0, v; ret */
#else
    uint8_t c[6] = { 0xb8, (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24), 0xc3 };
#endif
    memcpy(p, c, sizeof(c));
    return sizeof(c);
}

int main(void)
{
    uint8_t *rwx = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint8_t *rx = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (rwx == MAP_FAILED || rx == MAP_FAILED) {
        printf("mmap failed\n");
        return 1;
    }

    /* write, protect, run; unprotect, rewrite, protect, run */
    long sum = 0;
    for (int i = 0; i < 200; i++) {
        mprotect(rx, 4096, PROT_READ | PROT_WRITE);
        size_t n = emit_ret(rx + 64, i);
        mprotect(rx, 4096, PROT_READ | PROT_EXEC);
        __builtin___clear_cache((char *)rx + 64, (char *)rx + 64 + n);
        sum += ((Fn)(void *)(rx + 64))();
    }
    printf("mprotect rewrite: sum %ld (want %d)\n", sum, 199 * 200 / 2);

    /* rewritten in place on a page that stays writable and executable */
    sum = 0;
    for (int i = 0; i < 300; i++) {
        size_t n = emit_ret(rwx + 16, 1000 + i);
        __builtin___clear_cache((char *)rwx + 16, (char *)rwx + 16 + n);
        sum += ((Fn)(void *)(rwx + 16))();
    }
    printf("rwx rewrite: sum %ld (want %d)\n", sum, 300 * 1000 + 299 * 300 / 2);

    /* two functions on one page, one patched, the other must stay */
    size_t n1 = emit_ret(rwx + 4096, 7);
    emit_ret(rwx + 4096 + 64, 9);
    __builtin___clear_cache((char *)rwx + 4096, (char *)rwx + 4096 + 128);
    int before = ((Fn)(void *)(rwx + 4096))() * 10 + ((Fn)(void *)(rwx + 4096 + 64))();
    emit_ret(rwx + 4096, 3);
    __builtin___clear_cache((char *)rwx + 4096, (char *)rwx + 4096 + n1);
    int after = ((Fn)(void *)(rwx + 4096))() * 10 + ((Fn)(void *)(rwx + 4096 + 64))();
    printf("neighbours: %d then %d (want 79 then 39)\n", before, after);
    return 0;
}
