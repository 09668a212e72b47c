/*
 * Best-effort symbol names for qemu_plugin_insn_symbol and the logs ("IN:
 * main" of -d in_asm, -d exec): the function symbols (STT_FUNC, defined)
 * of the main program, read once from its file on first use,
 * relocated by the program's load bias, and searched by address. Like
 * QEMU, only the main program is covered, not the shared libraries it
 * loads.
 */
#include "exec/image.h"

#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Collect the functions of one symbol table section. Which of several
 * names at one address a lookup finds depends on the table's order and on
 * the search, so both are QEMU's: its filter (every defined STT_FUNC, even
 * of size 0, dropping the others by moving the last entry into their
 * place), then glibc's qsort by address and bsearch. */
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
    size_t n = sh->sh_size / sizeof(Elf64_Sym);
    Elf64_Sym *s = malloc(n ? n * sizeof(Elf64_Sym) : 1);
    syms = calloc(n ? n : 1, sizeof(Sym));
    if (!strtab || !s || !syms) {
        free(s);
        return;
    }
    memcpy(strtab, f + str->sh_offset, str->sh_size);
    strtab[str->sh_size] = 0;
    memcpy(s, f + sh->sh_offset, n * sizeof(Elf64_Sym));
    for (size_t i = 0; i < n;) {
        if (ELF64_ST_TYPE(s[i].st_info) != STT_FUNC || s[i].st_shndx == SHN_UNDEF ||
            s[i].st_shndx >= SHN_LORESERVE) {
            if (i < --n)
                s[i] = s[n];
            continue;
        }
        syms[n_syms++] = (Sym){ s[i].st_value + bias, s[i].st_value + bias + s[i].st_size,
                                s[i].st_name < str->sh_size ? strtab + s[i].st_name : "" };
        i++;
    }
    free(s);
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

static int sym_find(const void *key, const void *elem)
{
    uint64_t pc = *(const uint64_t *)key;
    const Sym *y = elem;
    return pc < y->start ? -1 : pc >= y->end;
}

const char *image_symbol_lookup(uint64_t pc)
{
    pthread_once(&syms_once, load_symbols);
    const Sym *hit = n_syms ? bsearch(&pc, syms, n_syms, sizeof(Sym), sym_find) : NULL;
    return hit ? hit->name : NULL;
}
