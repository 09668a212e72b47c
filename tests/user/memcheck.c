/* Host unit test of the guest memory map (mem.c) on its own: placement,
 * munmap/mprotect/mremap bookkeeping, flags, copies that never fault, and
 * the self-modifying-code protocol (a write to a page holding translated
 * code faults on the host, drops the page's TBs, then succeeds). Prints
 * one PASS/FAIL line per case. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/cpu.h"
#include "user/mem.h"

static volatile int invalidated;
static volatile uint64_t last_invalidated;
/* mem.c's fault path for atomic helpers; never taken here. */
void cpu_raise(CPUState *cpu, int excp, uint64_t addr, int code) { abort(); }

void tb_invalidate_page(uint64_t page)
{
    invalidated++;
    last_invalidated = page;
}

static int failures;
static void check(const char *name, int ok)
{
    printf("%s %s%s\n", ok ? "PASS" : "FAIL", name, ok ? "" : ": wrong result");
    failures += !ok;
}

static volatile int faults;
static void on_segv(int sig, siginfo_t *si, void *uc)
{
    faults++;
    if (!mem_handle_write_fault(h2g(si->si_addr))) {
        signal(SIGSEGV, SIG_DFL);
        return;
    }
}

int main(void)
{
    mem_init(0, 0);
    mem_set_mmap_base(0x100000000ull);
    const int RW = PROT_READ | PROT_WRITE, ANON = MAP_PRIVATE | MAP_ANONYMOUS;

    int64_t a = mem_mmap(0, 3 * 4096, RW, ANON, -1, 0);
    check("mem-mmap-topdown", a == 0x100000000ll - 3 * 4096);
    int64_t b = mem_mmap(0, 4096, RW, ANON, -1, 0);
    check("mem-mmap-below-previous", b == a - 4096);
    int64_t h = mem_mmap(0x50000000, 4096, RW, ANON, -1, 0);
    check("mem-mmap-hint", h == 0x50000000);
    check("mem-mmap-hint-taken", mem_mmap(0x50000000, 4096, RW, ANON, -1, 0) != 0x50000000);
    check("mem-mmap-fixed-low", mem_mmap(0x1000, 4096, RW, ANON | MAP_FIXED, -1, 0) == -EPERM);
    check("mem-mmap-outside", mem_mmap(GUEST_SPACE_SIZE - 4096, 8192, RW, ANON | MAP_FIXED, -1, 0) == -ENOMEM);
    check("mem-flags", mem_page_flags(a) == (PAGE_READ | PAGE_WRITE | PAGE_VALID));
    check("mem-access-ok", mem_access_ok(a, 3 * 4096, PAGE_WRITE) && !mem_access_ok(a, 3 * 4096 + 1, PAGE_READ));
    check("mem-munmap-middle", mem_munmap(a + 4096, 4096) == 0 && !mem_access_ok(a + 4096, 1, 0) &&
                                   mem_access_ok(a + 8192, 1, PAGE_READ));
    check("mem-mmap-reuses-hole", mem_mmap(0, 4096, RW, ANON, -1, 0) == a + 4096);
    check("mem-mprotect", mem_mprotect(a, 4096, PROT_READ) == 0 && mem_page_flags(a) == (PAGE_READ | PAGE_VALID));
    check("mem-mprotect-unmapped", mem_mprotect(0x60000000, 4096, PROT_READ) == -ENOMEM);

    char buf[64] = "guest data";
    check("mem-copy-to", copy_to_guest(a + 8192, buf, 11) == 0 && strcmp(g2h(a + 8192), "guest data") == 0);
    check("mem-copy-to-readonly", copy_to_guest(a, buf, 1) == -EFAULT);
    check("mem-copy-from-unmapped", copy_from_guest(buf, 0x60000000, 1) == -EFAULT);
    check("mem-copy-from-outside", copy_from_guest(buf, GUEST_SPACE_SIZE - 1, 2) == -EFAULT);
    check("mem-strnlen", guest_strnlen(a + 8192, 100) == 10 && guest_strnlen(0x60000000, 10) == -EFAULT);
    memset(g2h(a + 8192), 'x', 4096);
    check("mem-strnlen-page-end", guest_strnlen(a + 8192, 10000) == -EFAULT);

    /* mremap: grow in place, move, shrink */
    int64_t m = mem_mmap(0x70000000, 4096, RW, ANON, -1, 0);
    strcpy(g2h(m), "moved");
    check("mem-mremap-grow-in-place", mem_mremap(m, 4096, 3 * 4096, 0, 0) == m && mem_access_ok(m, 3 * 4096, PAGE_WRITE));
    mem_mmap(m + 3 * 4096, 4096, RW, ANON | MAP_FIXED, -1, 0);
    check("mem-mremap-blocked", mem_mremap(m, 3 * 4096, 5 * 4096, 0, 0) == -ENOMEM);
    int64_t n = mem_mremap(m, 3 * 4096, 5 * 4096, 1, 0);
    check("mem-mremap-move", n > 0 && n != m && strcmp(g2h(n), "moved") == 0 && !mem_access_ok(m, 1, 0));
    check("mem-mremap-shrink", mem_mremap(n, 5 * 4096, 4096, 0, 0) == n && !mem_access_ok(n + 4096, 1, 0));

    /* brk */
    mem_set_brk(0x40000000);
    check("mem-brk-query", mem_brk(0) == 0x40000000);
    check("mem-brk-grow", mem_brk(0x40002001) == 0x40002001 && mem_access_ok(0x40000000, 0x3000, PAGE_WRITE));
    check("mem-brk-shrink", mem_brk(0x40001000) == 0x40001000 && !mem_access_ok(0x40001000, 1, 0));
    mem_mmap(0x40004000, 4096, RW, ANON | MAP_FIXED, -1, 0);
    check("mem-brk-collision", mem_brk(0x40008000) == 0x40001000);

    /* maps */
    size_t len;
    char *text = mem_maps_text(&len);
    check("mem-maps-heap", text && strstr(text, "40000000-40001000 rw-p 00000000 00:00 0") && strstr(text, "[heap]"));
    free(text);

    /* self-modifying code */
    struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
    sigaction(SIGSEGV, &sa, NULL);
    int64_t c = mem_mmap(0, 2 * 4096, RW | PROT_EXEC, ANON, -1, 0);
    mem_mark_code(c);
    check("mem-code-flag", (mem_page_flags(c) & PAGE_CODE) && !(mem_page_flags(c + 4096) & PAGE_CODE));
    *(volatile char *)g2h(c + 5) = 1;
    check("mem-code-write-fault", faults == 1 && invalidated == 1 && last_invalidated == (uint64_t)c &&
                                      !(mem_page_flags(c) & PAGE_CODE) && *(char *)g2h(c + 5) == 1);
    *(volatile char *)g2h(c + 6) = 2;
    check("mem-code-write-again", faults == 1);
    mem_mark_code(c + 4096);
    check("mem-code-syscall-write", mem_prepare_write(c + 4096, 10) == 0 && invalidated == 2 &&
                                        !(mem_page_flags(c + 4096) & PAGE_CODE));
    mem_mark_code(c);
    check("mem-code-munmap", mem_munmap(c, 4096) == 0 && invalidated == 3);
    mem_mark_code(c + 4096);
    check("mem-code-mprotect-noexec", mem_mprotect(c + 4096, 4096, RW) == 0 && invalidated == 4 &&
                                          !(mem_page_flags(c + 4096) & PAGE_CODE));
    return failures != 0;
}
