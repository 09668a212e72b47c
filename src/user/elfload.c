/*
 * The ELF loader: checks a program (user_probe_arch), maps it and its
 * interpreter into the guest space, and builds the initial stack the way
 * the Linux kernel does for a new process: argument and environment
 * strings at the top, then AT_RANDOM bytes, then argc, argv[], envp[] and
 * the auxiliary vector at a 16-byte aligned stack pointer.
 *
 * Every problem with a program file is one line "peek: <path>: <problem>"
 * and exit status 1; headers are validated before anything is trusted, so
 * a corrupt file never crashes peek.
 *
 * Layout: the stack ends at the top of the guest space; mmap (and so the
 * interpreter) grows down from below the stack; a PIE main program goes at
 * two thirds of the space, like the kernel's ELF_ET_DYN_BASE; its program
 * break follows its highest segment.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/util.h"
#include "exec/guest.h"
#include "exec/image.h"
#include "exec/log.h"
#include "user/arch.h"
#include "user/mem.h"
#include "user/syscall.h"
#include "user/user.h"

#define PIE_BASE (((guest_space_size / 3) * 2) & GUEST_PAGE_MASK)
#define MMAP_GAP_MIN (128ull << 20)       /* between the stack and mmap_base */
#define STACK_GUARD_GAP (1ull << 20)
#define MAX_PHNUM 1024
#define MAX_AUXV 24

UserImage user_image;
GuestImage guest_image;

/* What the process was started with, kept for /proc/self/auxv and
 * /proc/self/cmdline: written once by the loader before the guest runs. */
static uint64_t saved_auxv[MAX_AUXV * 2];
static size_t saved_auxv_bytes;
static char *saved_cmdline;
static size_t saved_cmdline_bytes;

typedef struct ElfFile {
    const char *name;      /* as reported in messages */
    int fd;
    uint64_t size;
    Elf64_Ehdr eh;
    Elf64_Phdr *ph;
} ElfFile;

typedef struct LoadInfo {
    uint64_t bias;
    uint64_t entry;
    uint64_t phdr;
    uint64_t start_code, end_code;
    uint64_t start_data, end_data;   /* as Linux's loader: for /proc/<pid>/stat */
    uint64_t wdata_start, wdata_end; /* the writable segments' file contents (-d page) */
    uint64_t brk;
    bool exec_stack;
    char *interp;          /* PT_INTERP path, malloc'd, or NULL */
} LoadInfo;

__attribute__((format(printf, 2, 3))) _Noreturn static void
load_fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    char msg[1024];
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    fatal("%s: %s", name, msg);
}

const char *user_ld_prefix(void)
{
    /* Decided once, before the guest runs; read-only afterwards. */
    static const char *prefix;
    static bool decided;
    if (!decided) {
        struct stat st;
        decided = true;
        if (user_opts.ld_prefix && *user_opts.ld_prefix)
            prefix = user_opts.ld_prefix;
        else if (stat(user_arch->ld_prefix, &st) == 0 && S_ISDIR(st.st_mode))
            prefix = user_arch->ld_prefix;
    }
    return prefix;
}

static const char *machine_name(unsigned m)
{
    switch (m) {
    case EM_386: return " (i386)";
    case EM_X86_64: return " (x86-64)";
    case EM_ARM: return " (arm)";
    case EM_PPC64: return " (ppc64)";
    case EM_S390: return " (s390)";
    case EM_MIPS: return " (mips)";
    default: return "";
    }
}

static bool read_at(int fd, void *buf, size_t n, uint64_t off)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = pread(fd, (char *)buf + done, n - done, (off_t)(off + done));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        done += (size_t)r;
    }
    return true;
}

/* Open and validate the ELF header and program headers of host_path. */
static const GuestArch *elf_open(ElfFile *e, const char *name, const char *host_path)
{
    struct stat st;
    e->name = name;
    e->fd = open(host_path, O_RDONLY | O_CLOEXEC);
    if (e->fd < 0)
        load_fail(name, "%s", strerror(errno));
    if (fstat(e->fd, &st) < 0)
        load_fail(name, "%s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        load_fail(name, "%s", strerror(EISDIR));
    if (!S_ISREG(st.st_mode))
        load_fail(name, "not a regular file");
    e->size = (uint64_t)st.st_size;

    unsigned char raw[sizeof(Elf64_Ehdr)] = { 0 };
    ssize_t got = pread(e->fd, raw, sizeof(raw), 0);
    if (got < 0)
        load_fail(name, "%s", strerror(errno));
    memcpy(&e->eh, raw, sizeof(raw));
    const unsigned char *id = raw;
    if (got < SELFMAG || memcmp(id, ELFMAG, SELFMAG) != 0)
        load_fail(name, "not an ELF file");
    if (got < EI_NIDENT)
        load_fail(name, "truncated ELF header");
    if (id[EI_CLASS] == ELFCLASS32)
        load_fail(name, "32-bit ELF files are not supported");
    if (id[EI_CLASS] != ELFCLASS64)
        load_fail(name, "invalid ELF class %u", id[EI_CLASS]);
    if (id[EI_DATA] == ELFDATA2MSB)
        load_fail(name, "big-endian ELF files are not supported");
    if (id[EI_DATA] != ELFDATA2LSB)
        load_fail(name, "invalid ELF data encoding %u", id[EI_DATA]);
    if ((size_t)got < sizeof(e->eh))
        load_fail(name, "truncated ELF header");
    if (id[EI_VERSION] != EV_CURRENT || e->eh.e_version != EV_CURRENT)
        load_fail(name, "invalid ELF version");
    if (e->eh.e_type != ET_EXEC && e->eh.e_type != ET_DYN)
        load_fail(name, "not an executable (ELF type %u)", e->eh.e_type);
    const GuestArch *g = guest_by_elf_machine(e->eh.e_machine);
    if (!g || !user_arch_for(g))
        load_fail(name, "unsupported machine %u%s", e->eh.e_machine,
                  machine_name(e->eh.e_machine));
    if (e->eh.e_phentsize != sizeof(Elf64_Phdr))
        load_fail(name, "invalid program header size %u", e->eh.e_phentsize);
    if (e->eh.e_phnum == 0 || e->eh.e_phnum > MAX_PHNUM)
        load_fail(name, "invalid program header count %u", e->eh.e_phnum);
    uint64_t ph_bytes = (uint64_t)e->eh.e_phnum * sizeof(Elf64_Phdr);
    if (e->eh.e_phoff > e->size || ph_bytes > e->size - e->eh.e_phoff)
        load_fail(name, "truncated program headers");
    e->ph = xmalloc(ph_bytes);
    if (!read_at(e->fd, e->ph, ph_bytes, e->eh.e_phoff))
        load_fail(name, "cannot read program headers");
    return g;
}

static void elf_close(ElfFile *e)
{
    close(e->fd);
    free(e->ph);
    e->ph = NULL;
}

const GuestArch *user_probe_arch(const char *path)
{
    ElfFile e;
    const GuestArch *g = elf_open(&e, path, path);
    elf_close(&e);
    user_select_arch(g);
    return g;
}

static int seg_prot(uint32_t f)
{
    return (f & PF_R ? PROT_READ : 0) | (f & PF_W ? PROT_WRITE : 0) | (f & PF_X ? PROT_EXEC : 0);
}

static void map_or_fail(const ElfFile *e, uint64_t a, uint64_t len, int prot, int flags,
                        int fd, uint64_t off)
{
    int64_t r = mem_mmap(a, len, prot, flags | MAP_FIXED, fd, (int64_t)off);
    if (r < 0)
        load_fail(e->name, "cannot map segment at 0x%llx: %s", (unsigned long long)a,
                  strerror((int)-r));
}

static void load_segment(const ElfFile *e, const Elf64_Phdr *ph, uint64_t bias)
{
    uint64_t va = bias + ph->p_vaddr;
    uint64_t page = va & GUEST_PAGE_MASK, pad = va - page;
    uint64_t file_end = va + ph->p_filesz, mem_end = va + ph->p_memsz;
    int prot = seg_prot(ph->p_flags);

    if (ph->p_filesz) {
        if ((ph->p_offset & ~GUEST_PAGE_MASK) == pad) {
            map_or_fail(e, page, pad + ph->p_filesz, prot, MAP_PRIVATE, e->fd, ph->p_offset - pad);
        } else {
            /* Offset and address disagree within a page: copy instead. */
            map_or_fail(e, page, pad + ph->p_filesz, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (!read_at(e->fd, g2h(va), ph->p_filesz, ph->p_offset))
                load_fail(e->name, "cannot read segment");
            mem_mprotect(page, pad + ph->p_filesz, prot);
        }
    }
    if (ph->p_memsz > ph->p_filesz) {
        uint64_t file_page_end = (file_end + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
        if (ph->p_filesz && (file_end & ~GUEST_PAGE_MASK)) {
            /* The .bss starts inside the last file page: clear the rest of
             * the page, past the .bss too (ld.so's early malloc uses it). */
            uint64_t zend = file_page_end;
            uint64_t last = file_end & GUEST_PAGE_MASK;
            if (!(prot & PROT_WRITE))
                mem_mprotect(last, GUEST_PAGE_SIZE, prot | PROT_READ | PROT_WRITE);
            memset(g2h(file_end), 0, zend - file_end);
            if (!(prot & PROT_WRITE))
                mem_mprotect(last, GUEST_PAGE_SIZE, prot);
        }
        uint64_t anon = ph->p_filesz ? file_page_end : page;
        uint64_t anon_end = (mem_end + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
        if (anon_end > anon)
            map_or_fail(e, anon, anon_end - anon, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
}

/* Map every PT_LOAD of e; is_main chooses where an ET_DYN goes. */
static void load_image(ElfFile *e, bool is_main, LoadInfo *li)
{
    uint64_t lo = UINT64_MAX, hi = 0;
    memset(li, 0, sizeof(*li));
    li->start_code = li->wdata_start = UINT64_MAX;
    for (unsigned i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &e->ph[i];
        if (ph->p_type == PT_GNU_STACK)
            li->exec_stack = ph->p_flags & PF_X;
        if (ph->p_type == PT_INTERP && is_main) {
            if (li->interp || ph->p_filesz < 2 || ph->p_filesz > PATH_MAX ||
                ph->p_offset > e->size || ph->p_filesz > e->size - ph->p_offset)
                load_fail(e->name, "invalid interpreter path");
            li->interp = malloc(ph->p_filesz);
            if (!li->interp || !read_at(e->fd, li->interp, ph->p_filesz, ph->p_offset) ||
                li->interp[ph->p_filesz - 1] != 0 || strlen(li->interp) != ph->p_filesz - 1)
                load_fail(e->name, "invalid interpreter path");
        }
        if (ph->p_type != PT_LOAD)
            continue;
        if (ph->p_filesz > ph->p_memsz)
            load_fail(e->name, "corrupt segment (file size larger than memory size)");
        /* A segment with nothing in the file (.bss only) may name any
         * offset, as Linux accepts: nothing is read from there. */
        if (ph->p_filesz && (ph->p_offset > e->size || ph->p_filesz > e->size - ph->p_offset))
            load_fail(e->name, "truncated segment");
        if (!guest_range_valid(ph->p_vaddr, ph->p_memsz) || ph->p_memsz == 0)
            load_fail(e->name, "segment outside the guest address space");
        if ((ph->p_vaddr & GUEST_PAGE_MASK) < lo)
            lo = ph->p_vaddr & GUEST_PAGE_MASK;
        uint64_t end = (ph->p_vaddr + ph->p_memsz + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
        if (end > hi)
            hi = end;
    }
    if (hi == 0)
        load_fail(e->name, "no loadable segments");
    if (hi > guest_space_size)
        load_fail(e->name, "segment outside the guest address space");

    int64_t r;
    if (e->eh.e_type == ET_EXEC) {
        r = mem_mmap(lo, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    } else if (is_main && hi - lo <= guest_space_size - PIE_BASE) {
        r = mem_mmap(PIE_BASE, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    } else {
        r = mem_mmap(0, hi - lo, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
    if (r < 0)
        load_fail(e->name, "cannot place the program at 0x%llx-0x%llx: %s",
                  (unsigned long long)lo, (unsigned long long)hi, strerror((int)-r));
    li->bias = (uint64_t)r - lo;

    for (unsigned i = 0; i < e->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &e->ph[i];
        if (ph->p_type == PT_PHDR)
            li->phdr = li->bias + ph->p_vaddr;
        if (ph->p_type != PT_LOAD)
            continue;
        load_segment(e, ph, li->bias);
        uint64_t va = li->bias + ph->p_vaddr;
        if (!li->phdr && e->eh.e_phoff >= ph->p_offset &&
            e->eh.e_phoff - ph->p_offset < ph->p_filesz)
            li->phdr = va + (e->eh.e_phoff - ph->p_offset);
        if (ph->p_flags & PF_X) {
            if (va < li->start_code)
                li->start_code = va;
            if (va + ph->p_filesz > li->end_code)
                li->end_code = va + ph->p_filesz;
        }
        /* Linux's start_data is the highest segment start, end_data the
         * highest end of file contents. */
        if (va > li->start_data)
            li->start_data = va;
        if (va + ph->p_filesz > li->end_data)
            li->end_data = va + ph->p_filesz;
        if (ph->p_flags & PF_W) {
            if (va < li->wdata_start)
                li->wdata_start = va;
            if (va + ph->p_filesz > li->wdata_end)
                li->wdata_end = va + ph->p_filesz;
        }
        if (va + ph->p_memsz > li->brk)
            li->brk = va + ph->p_memsz;
    }
    if (li->start_code == UINT64_MAX)
        li->start_code = 0;
    if (li->wdata_start == UINT64_MAX)
        li->wdata_start = 0;
    li->entry = li->bias + e->eh.e_entry;
}

/* -d page after loading, as QEMU 7.2 logs it: guest_base, the memory map,
 * then the program's layout. Where build_stack put argv, envp and auxv is
 * kept for it here (written once, by the loader). */
static uint64_t log_argv, log_envp, log_auxv;

static void log_stack_layout(uint64_t sp, int argc, int envc)
{
    log_argv = sp + 8;
    log_envp = log_argv + ((uint64_t)argc + 1) * 8;
    log_auxv = log_envp + ((uint64_t)envc + 1) * 8;
}

static void log_loaded(const LoadInfo *mi)
{
    FILE *f = log_file();
    fprintf(f, "guest_base  0x%" PRIxPTR "\n", guest_base);
    mem_log_map("binary load");
    fprintf(f, "start_brk   0x%016" PRIx64 "\nend_code    0x%016" PRIx64 "\n", user_image.start_brk,
            mi->end_code);
    fprintf(f, "start_code  0x%016" PRIx64 "\nstart_data  0x%016" PRIx64 "\n", mi->start_code,
            mi->wdata_start);
    fprintf(f, "end_data    0x%016" PRIx64 "\nstart_stack 0x%016" PRIx64 "\n", mi->wdata_end,
            user_image.sp);
    fprintf(f, "brk         0x%016" PRIx64 "\nentry       0x%016" PRIx64 "\n", mi->brk, mi->entry);
    fprintf(f, "argv_start  0x%016" PRIx64 "\nenv_start   0x%016" PRIx64 "\n", log_argv, log_envp);
    fprintf(f, "auxv_start  0x%016" PRIx64 "\n", log_auxv);
}

/* splitmix64: AT_RANDOM from -seed must be reproducible. */
static uint64_t seed_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void random_bytes(uint8_t out[16])
{
    if (user_opts.have_seed) {
        uint64_t s = user_opts.seed, w[2] = { seed_next(&s), seed_next(&s) };
        memcpy(out, w, 16);
    } else if (getrandom(out, 16, 0) != 16) {
        for (int i = 0; i < 16; i++)
            out[i] = (uint8_t)rand();
    }
}

static uint64_t push_bytes(uint64_t *sp, const void *p, size_t n)
{
    *sp -= n;
    memcpy(g2h(*sp), p, n);
    return *sp;
}

static void build_stack(const char *path, int argc, char **argv, char **envp,
                        const GuestArch *g, const ElfFile *main_elf, const LoadInfo *mi,
                        const LoadInfo *ii, bool exec_stack)
{
    uint64_t size = (user_opts.stack_size + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    if (size < 16 * GUEST_PAGE_SIZE)
        size = 16 * GUEST_PAGE_SIZE;
    uint64_t top = guest_space_size, bottom = top - size;
    int64_t r = mem_mmap(bottom, size, PROT_READ | PROT_WRITE | (exec_stack ? PROT_EXEC : 0),
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE, -1, 0);
    if (r < 0)
        load_fail(path, "cannot map the stack: %s", strerror((int)-r));
    mem_name_range(bottom, size, "[stack]");

    int envc = 0;
    uint64_t strings = strlen(path) + 1;
    for (int i = 0; i < argc; i++)
        strings += strlen(argv[i]) + 1;
    while (envp[envc])
        strings += strlen(envp[envc++]) + 1;
    uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + MAX_AUXV * 2;
    if (strings + words * 8 + 64 > size / 4)
        load_fail(path, "%s", strerror(E2BIG));

    uint64_t sp = top - 8;      /* the kernel leaves a zero word at the very top */
    uint64_t execfn = push_bytes(&sp, path, strlen(path) + 1);
    uint64_t *envs = xmalloc(((size_t)envc + 1) * sizeof(uint64_t));
    uint64_t *args = xmalloc(((size_t)argc + 1) * sizeof(uint64_t));
    for (int i = envc - 1; i >= 0; i--)
        envs[i] = push_bytes(&sp, envp[i], strlen(envp[i]) + 1);
    for (int i = argc - 1; i >= 0; i--)
        args[i] = push_bytes(&sp, argv[i], strlen(argv[i]) + 1);
    uint64_t args_start = sp;
    uint8_t rnd[16];
    random_bytes(rnd);
    sp &= ~15ull;
    uint64_t at_random = push_bytes(&sp, rnd, 16);

    uint64_t aux[MAX_AUXV * 2];
    size_t na = 0;
#define AUX(t, v) (aux[na++] = (t), aux[na++] = (uint64_t)(v))
    AUX(AT_MINSIGSTKSZ, user_arch->minsigstksz);
    AUX(AT_HWCAP, g->hwcap());
    if (g->hwcap2)
        AUX(AT_HWCAP2, g->hwcap2());
    AUX(AT_PAGESZ, GUEST_PAGE_SIZE);
    AUX(AT_CLKTCK, sysconf(_SC_CLK_TCK));
    AUX(AT_PHDR, mi->phdr);
    AUX(AT_PHENT, sizeof(Elf64_Phdr));
    AUX(AT_PHNUM, main_elf->eh.e_phnum);
    AUX(AT_BASE, ii ? ii->bias : 0);
    AUX(AT_FLAGS, 0);
    AUX(AT_ENTRY, mi->entry);
    AUX(AT_UID, getuid());
    AUX(AT_EUID, geteuid());
    AUX(AT_GID, getgid());
    AUX(AT_EGID, getegid());
    AUX(AT_SECURE, 0);
    AUX(AT_RANDOM, at_random);
    AUX(AT_EXECFN, execfn);
    AUX(AT_NULL, 0);
#undef AUX
    memcpy(saved_auxv, aux, na * 8);
    saved_auxv_bytes = na * 8;

    uint64_t n = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + na;
    sp = (sp - n * 8) & ~15ull;
    uint64_t *w = g2h(sp);
    *w++ = (uint64_t)argc;
    for (int i = 0; i < argc; i++)
        *w++ = args[i];
    *w++ = 0;
    for (int i = 0; i < envc; i++)
        *w++ = envs[i];
    *w++ = 0;
    memcpy(w, aux, na * 8);
    if (log_enabled(LOG_PAGE))
        log_stack_layout(sp, argc, envc);

    /* argv strings are contiguous, first of the string block. */
    saved_cmdline_bytes = envc ? envs[0] - args_start : execfn - args_start;
    user_image.arg_start = args_start;
    user_image.arg_end = args_start + saved_cmdline_bytes;
    user_image.env_start = user_image.env_end = user_image.arg_end;
    if (envc)
        user_image.env_end = envs[envc - 1] + strlen(envp[envc - 1]) + 1;
    saved_cmdline = xmalloc(saved_cmdline_bytes + 1);
    memcpy(saved_cmdline, g2h(args_start), saved_cmdline_bytes);
    free(envs);
    free(args);
    user_image.sp = sp;
}

void user_init_cpu(CPUState *cpu)
{
    cpu_set_pc(cpu, user_image.entry);
    user_arch->start(cpu, user_image.sp);
}

void user_load_program(const char *path, int argc, char **argv, char **envp)
{
    const GuestArch *g = user_arch->guest;
    uint64_t stack = (user_opts.stack_size + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    /* a -R space smaller than 512M keeps a quarter of it for the stack */
    uint64_t min_gap = MMAP_GAP_MIN < guest_space_size / 4 ? MMAP_GAP_MIN : guest_space_size / 4;
    uint64_t gap = stack > min_gap ? stack : min_gap;
    if (gap > guest_space_size / 2)
        load_fail(path, "stack size too large");
    mem_set_mmap_base(guest_space_size - gap - STACK_GUARD_GAP);

    ElfFile me, ie;
    LoadInfo mi, ii;
    elf_open(&me, path, path);
    load_image(&me, true, &mi);
    bool exec_stack = mi.exec_stack;
    bool dynamic = mi.interp != NULL;
    if (dynamic) {
        /* The interpreter is looked up in the sysroot first, like every
         * absolute path the guest opens. */
        const char *prefix = user_ld_prefix();
        char host[PATH_MAX + 64];
        struct stat st;
        if (!prefix || mi.interp[0] != '/' ||
            (size_t)snprintf(host, sizeof(host), "%s%s", prefix, mi.interp) >= sizeof(host) ||
            stat(host, &st) != 0)
            snprintf(host, sizeof(host), "%s", mi.interp);
        const GuestArch *ig = elf_open(&ie, mi.interp, host);
        if (ig != g)
            load_fail(mi.interp, "interpreter is for another machine");
        load_image(&ie, false, &ii);
        exec_stack |= ii.exec_stack;
    }

    if (argc > 0 && user_opts.argv0)
        argv[0] = (char *)user_opts.argv0;
    build_stack(path, argc, argv, envp, g, &me, &mi, dynamic ? &ii : NULL, exec_stack);

    char *real = realpath(path, NULL);
    guest_image.exec_path = real ? real : path;
    user_image.entry = dynamic ? ii.entry : mi.entry;
    guest_image.start_code = mi.start_code;
    guest_image.end_code = mi.end_code;
    guest_image.entry_code = mi.entry;
    user_image.start_brk = (mi.brk + GUEST_PAGE_SIZE - 1) & GUEST_PAGE_MASK;
    user_image.start_data = mi.start_data;
    user_image.end_data = mi.end_data;
    mem_set_brk(user_image.start_brk);
    if (log_enabled(LOG_PAGE))
        log_loaded(&mi);
    elf_close(&me);
    if (dynamic)
        elf_close(&ie);
    free(mi.interp);
}

const uint64_t *user_auxv(size_t *bytes)
{
    *bytes = saved_auxv_bytes;
    return saved_auxv;
}

const char *user_cmdline(size_t *bytes)
{
    *bytes = saved_cmdline_bytes;
    return saved_cmdline;
}
