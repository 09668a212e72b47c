/* Host driver for the ELF loader alone (elfload.c + mem.c, no CPU): loads
 * the file given, then checks the initial stack the loader built. Exit 0 if
 * it loaded, 1 with the loader's one-line message otherwise; any signal is
 * a loader bug. Used by the error-path and fuzz tests. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec/guest.h"
#include "user/arch.h"
#include "user/mem.h"
#include "user/user.h"

UserOptions user_opts;

/* The guests as the loader needs them: machine, hwcaps, sysroot. */
static uint64_t fake_hwcap(void) { return 0x112d; }
static const GuestArch fake_guests[] = {
    { .name = "riscv64", .elf_machine = EM_RISCV, .hwcap = fake_hwcap },
    { .name = "aarch64", .elf_machine = EM_AARCH64, .hwcap = fake_hwcap },
};
static const UserArch fake_abis[] = {
    { .guest = &fake_guests[0], .ld_prefix = "/usr/riscv64-linux-gnu", .minsigstksz = 2048 },
    { .guest = &fake_guests[1], .ld_prefix = "/usr/aarch64-linux-gnu", .minsigstksz = 5120 },
};
const UserArch *user_arch;

const GuestArch *guest_by_elf_machine(unsigned machine)
{
    for (int i = 0; i < 2; i++)
        if (fake_guests[i].elf_machine == machine)
            return &fake_guests[i];
    return NULL;
}
const UserArch *user_arch_for(const GuestArch *g)
{
    for (int i = 0; i < 2; i++)
        if (fake_abis[i].guest == g)
            return &fake_abis[i];
    return NULL;
}
bool user_select_arch(const GuestArch *g) { return (user_arch = user_arch_for(g)) != NULL; }

void tb_invalidate_page(uint64_t page) { (void)page; }
void cpu_raise(CPUState *cpu, int excp, uint64_t addr, int code) { abort(); }

int main(int argc, char **argv, char **envp)
{
    if (argc < 2) {
        fprintf(stderr, "usage: loadcheck ELF [args]\n");
        return 2;
    }
    user_opts.stack_size = 8 << 20;
    user_probe_arch(argv[1]);
    mem_init(0, 0);
    char *env[] = { "A=1", NULL };
    user_load_program(argv[1], argc - 1, argv + 1, argc > 2 ? envp : env);
    uint64_t sp = user_image.sp, argc_g;
    if (sp & 15 || copy_from_guest(&argc_g, sp, 8) < 0 || argc_g != (uint64_t)(argc - 1)) {
        fprintf(stderr, "loadcheck: bad initial stack\n");
        return 3;
    }
    uint64_t a0;
    char s[4096];
    if (copy_from_guest(&a0, sp + 8, 8) < 0 || guest_strnlen(a0, sizeof(s)) < 0 ||
        copy_from_guest(s, a0, strlen(argv[1]) + 1) < 0 || strcmp(s, argv[1]) != 0) {
        fprintf(stderr, "loadcheck: bad argv[0]\n");
        return 3;
    }
    if (!mem_access_ok(user_image.entry, 2, PAGE_EXEC)) {
        printf("loaded, entry not executable\n");
        return 0;
    }
    printf("loaded\n");
    return 0;
}
