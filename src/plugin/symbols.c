/*
 * Best-effort symbol names for qemu_plugin_insn_symbol: the function
 * symbols (STT_FUNC, defined, with a size) of the main program, read once
 * from its file on first use, relocated by the program's load bias, and
 * searched by address. Like QEMU, only the main program is covered, not
 * the shared libraries it loads.
 */
#include "plugin/internal.h"

#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec/image.h"

typedef struct Sym {
    uint64_t start, end;
    const char *name;
} Sym;

/* Built once (pthread_once), read-only afterwards. */
static Sym *syms;
static size_t n_syms;
static char *strtab;
static pthread_once_t syms_once = PTHREAD_ONCE_INIT;

static int sym_cmp(const void *a, const void *b)
{
    const Sym *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Collect the functions of one symbol table section. */
static void load_table(const uint8_t *f, size_t size, const Elf64_Shdr *sh, const Elf64_Shdr *str,
                       uint64_t bias)
{
    if (sh->sh_offset > size || sh->sh_size > size - sh->sh_offset || sh->sh_entsize != sizeof(Elf64_Sym) ||
        str->sh_offset > size || str->sh_size > size - str->sh_offset || str->sh_size == 0)
        return;
    free(strtab);
    free(syms);
    syms = NULL;
    strtab = malloc(str->sh_size + 1);
    if (!strtab)
        return;
    memcpy(strtab, f + str->sh_offset, str->sh_size);
    strtab[str->sh_size] = 0;
    size_t n = sh->sh_size / sizeof(Elf64_Sym);
    syms = calloc(n ? n : 1, sizeof(Sym));
    if (!syms)
        return;
    const Elf64_Sym *s = (const Elf64_Sym *)(f + sh->sh_offset);
    for (size_t i = 0; i < n; i++) {
        if (ELF64_ST_TYPE(s[i].st_info) != STT_FUNC || s[i].st_shndx == SHN_UNDEF ||
            s[i].st_shndx >= SHN_LORESERVE || s[i].st_size == 0 || s[i].st_name >= str->sh_size)
            continue;
        syms[n_syms++] = (Sym){ s[i].st_value + bias, s[i].st_value + bias + s[i].st_size,
                                strtab + s[i].st_name };
    }
    qsort(syms, n_syms, sizeof(Sym), sym_cmp);
}

static void load_symbols(void)
{
    int fd = guest_image.exec_path ? open(guest_image.exec_path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0)
        return;
    struct stat st;
    void *map = MAP_FAILED;
    if (fstat(fd, &st) == 0 && (size_t)st.st_size >= sizeof(Elf64_Ehdr))
        map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return;
    const uint8_t *f = map;
    size_t size = (size_t)st.st_size;
    const Elf64_Ehdr *eh = map;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
        eh->e_shentsize == sizeof(Elf64_Shdr) && eh->e_shoff < size &&
        (size - eh->e_shoff) / sizeof(Elf64_Shdr) >= eh->e_shnum) {
        const Elf64_Shdr *sh = (const Elf64_Shdr *)(f + eh->e_shoff);
        uint64_t bias = guest_image.entry_code - eh->e_entry;
        /* The full table if present, else the dynamic one. */
        for (int want = SHT_SYMTAB; want && !n_syms; want = want == SHT_SYMTAB ? SHT_DYNSYM : 0)
            for (unsigned i = 0; i < eh->e_shnum && !n_syms; i++)
                if (sh[i].sh_type == (unsigned)want && sh[i].sh_link < eh->e_shnum)
                    load_table(f, size, &sh[i], &sh[sh[i].sh_link], bias);
    }
    munmap(map, size);
}

const char *plugin_symbol_lookup(uint64_t pc)
{
    pthread_once(&syms_once, load_symbols);
    size_t lo = 0, hi = n_syms;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pc < syms[mid].start)
            hi = mid;
        else if (pc >= syms[mid].end)
            lo = mid + 1;
        else
            return syms[mid].name;
    }
    return NULL;
}
