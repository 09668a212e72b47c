/*
 * peek-system-riscv64: qemu-system-riscv64's command line for the virt
 * board, the machine built from it (RAM, reset ROM, devices, device
 * tree, images), and the harts started.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "exec/backend.h"
#include "exec/guest.h"
#include "exec/log.h"
#include "exec/tb.h"
#include "exec/translate.h"
#include "plugin/plugin.h"
#include "system/boot.h"
#include "system/hw/virt.h"
#include "system/system.h"
#include "util/hostfd.h"
#include "util/util.h"

#define PEEK_VERSION_LINE "peek-system-riscv64 version 0.1 (the QEMU 7.2 virt board)"
#define DEFAULT_BIOS "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define MAX_DRIVES 8

extern const GuestSysArch guest_sys_riscv64;

/* The command line, parsed once by main() before anything runs. */
static struct {
    uint64_t ram_size;
    unsigned harts;
    const char *bios, *kernel, *initrd, *append, *dtb, *dumpdtb, *serial, *cpu, *log_name;
    uint64_t rtc_start_ns;            /* -rtc base= (UINT64_MAX: the host's time) */
    VirtioSpec drives[MAX_DRIVES];    /* -drive, by id */
    unsigned n_drives;
    struct { const char *id, *file; } rngs[MAX_DRIVES];   /* -object rng-*, by id */
    unsigned n_rngs;
    /* -device virtio-blk-device,drive=ID / virtio-rng-device[,rng=ID], in order */
    struct { bool rng; const char *ref; } devices[MAX_DRIVES];
    unsigned n_devices;
    bool perfmap;
} opt = { .ram_size = 128ull << 20, .harts = 1, .bios = "default", .rtc_start_ns = UINT64_MAX };

static void usage(FILE *f)
{
    fprintf(f,
            "usage: peek-system-riscv64 [options]\n"
            "  -M, -machine virt[,dumpdtb=FILE]  the board (only virt); dumpdtb writes its device tree and exits\n"
            "  -m SIZE            RAM size (MiB, or with a K/M/G suffix; default 128M)\n"
            "  -smp N             number of harts (default 1)\n"
            "  -cpu rv64[,PROP=on|off]  the CPU model (-cpu help lists them)\n"
            "  -bios FILE|default|none  firmware (default: OpenSBI's fw_dynamic.bin)\n"
            "  -kernel FILE       kernel (ELF or raw Image)\n"
            "  -initrd FILE       initial ram disk\n"
            "  -append STRING     kernel command line\n"
            "  -dtb FILE          device tree to use instead of the generated one\n"
            "  -nographic         serial line on stdio (Ctrl-A x quits)\n"
            "  -serial stdio|mon:stdio|file:PATH  the serial line's host side\n"
            "  -drive file=F,format=raw,if=none,id=ID[,readonly=on]\n"
            "  -device virtio-blk-device,drive=ID\n"
            "  -device virtio-rng-device[,rng=ID]  an entropy source (default: getrandom)\n"
            "  -object rng-random,id=ID[,filename=F] | rng-builtin,id=ID  the source for rng=ID\n"
            "  -no-reboot         exit when the guest resets\n"
            "  -accel tcg|jit|interp[,thread=single|multi]  code generation: the JIT (default) or the IR interpreter;\n"
            "                     thread=single runs every hart on one host thread in turn\n"
            "  -icount shift=N    deterministic time: 2^N ns per instruction executed\n"
            "  -rtc base=utc|YYYY-MM-DD[THH:MM:SS]  the RTC's time at start (default: the host's)\n"
            "  -d ITEM[,...]      log items (-d help lists them); -D FILE: log file\n"
            "  -dfilter RANGE[,...]  log only blocks in these guest address ranges\n"
            "  -plugin FILE[,ARG=VALUE...]  load a TCG plugin (-plugin help lists ours)\n"
            "  -perfmap           write /tmp/perf-PID.map naming each block for perf (JIT)\n"
            "  -superblocks on|off|always  hot blocks go on past forward branches (default on)\n"
            "  -display none, -monitor none  accepted (there is no display or monitor)\n"
            "  -version, -help\n");
}

static _Noreturn void bad(const char *fmt, const char *arg)
{
    fprintf(stderr, "peek-system-riscv64: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static uint64_t parse_size(const char *s)
{
    const char *v = !strncmp(s, "size=", 5) ? s + 5 : s;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    uint64_t mul = 1ull << 20;
    if (*end == 'K' || *end == 'k')
        mul = 1ull << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mul = 1ull << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mul = 1ull << 30, end++;
    else if (*end == 'B' || *end == 'b')
        mul = 1, end++;
    if (end == v || *end || errno || n == 0 || n > (64ull << 30) / mul)
        bad("-m: invalid RAM size '%s'", s);
    uint64_t bytes = n * mul;
    if (bytes & (GUEST_PAGE_SIZE - 1))
        bad("-m: RAM size '%s' is not a whole number of 4 KiB pages", s);
    return bytes;
}

/* key=value in a comma-separated option string: the value, or NULL. */
static const char *kv(const char *s, const char *key, char *buf, size_t n)
{
    size_t kl = strlen(key);
    for (const char *p = s; p && *p;) {
        const char *c = strchr(p, ',');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        if (len > kl && !strncmp(p, key, kl) && p[kl] == '=') {
            snprintf(buf, n, "%.*s", (int)(len - kl - 1), p + kl + 1);
            return buf;
        }
        p = c ? c + 1 : NULL;
    }
    return NULL;
}

static void opt_machine(const char *a)
{
    size_t len = strcspn(a, ",");
    if (!(len == 4 && !strncmp(a, "virt", 4)) && strncmp(a, "type=virt", 9))
        bad("-machine: unsupported machine '%s' (only virt)", a);
    for (const char *p = a + len; *p == ',';) {
        const char *q = p + 1;
        size_t l = strcspn(q, ",");
        if (!strncmp(q, "dumpdtb=", 8))
            opt.dumpdtb = strndup(q + 8, l - 8);
        else if (strncmp(q, "type=", 5))
            bad("-machine: unsupported property '%s'", q);
        p = q + l;
    }
}

static void opt_smp(const char *a)
{
    char buf[32];
    const char *v = isdigit((unsigned char)a[0]) ? a : kv(a, "cpus", buf, sizeof(buf));
    char *end;
    unsigned long n = v ? strtoul(v, &end, 10) : 0;
    if (!v || end == v || (*end && *end != ',') || n < 1 || n > 8)
        bad("-smp: invalid number of harts '%s' (1 to 8)", a);
    opt.harts = (unsigned)n;
}

static void opt_drive(const char *a)
{
    char buf[4096], id[64];
    if (opt.n_drives == MAX_DRIVES)
        bad("-drive: too many drives (%s)", a);
    const char *file = kv(a, "file", buf, sizeof(buf));
    if (!file || !kv(a, "id", id, sizeof(id)))
        bad("-drive: needs file= and id= ('%s')", a);
    char fmt[32], ifc[32], ro[8];
    if (kv(a, "format", fmt, sizeof(fmt)) && strcmp(fmt, "raw"))
        bad("-drive: unsupported format '%s' (only raw)", fmt);
    if (kv(a, "if", ifc, sizeof(ifc)) && strcmp(ifc, "none"))
        bad("-drive: unsupported interface '%s' (only if=none with -device)", ifc);
    VirtioSpec *d = &opt.drives[opt.n_drives++];
    d->file = strdup(file);
    d->id = strdup(id);
    d->readonly = kv(a, "readonly", ro, sizeof(ro)) && (!strcmp(ro, "on") || !strcmp(ro, "true"));
}

/* Every key of a comma-separated option string is one of keys (after
 * its first `skip` characters, the type, if it has one). */
static void only_keys(const char *opt, const char *a, size_t skip, const char *const *keys)
{
    for (const char *q = a + skip; *q;) {
        if (*q == ',')
            q++;
        size_t l = strcspn(q, ",="), k = 0;
        while (keys[k] && (strlen(keys[k]) != l || strncmp(keys[k], q, l)))
            k++;
        if (!keys[k]) {
            fprintf(stderr, "peek-system-riscv64: %s: unsupported property '%.*s' in '%s'\n", opt, (int)l, q,
                    a);
            exit(1);
        }
        q += strcspn(q, ",");
    }
}

static void opt_device(const char *a)
{
    char buf[64];
    size_t len = strcspn(a, ",");
    bool blk = len == 17 && !strncmp(a, "virtio-blk-device", 17);
    bool rng = len == 17 && !strncmp(a, "virtio-rng-device", 17);
    if (!blk && !rng)
        bad("-device: unsupported device '%s' (virtio-blk-device or virtio-rng-device)", a);
    only_keys("-device", a, len, blk ? (const char *const[]){ "drive", NULL } : (const char *const[]){ "rng", NULL });
    const char *ref = kv(a, blk ? "drive" : "rng", buf, sizeof(buf));
    if (blk && !ref)
        bad("-device: '%s' needs drive=ID", a);
    if (opt.n_devices == MAX_DRIVES)
        bad("-device: too many devices (%s)", a);
    opt.devices[opt.n_devices].rng = rng;
    opt.devices[opt.n_devices++].ref = ref ? strdup(ref) : NULL;
}

/* -object rng-random,id=ID[,filename=F] or rng-builtin,id=ID: a source
 * of random bytes for virtio-rng. */
static void opt_object(const char *a)
{
    char id[64], file[4096];
    size_t len = strcspn(a, ",");
    bool random = len == 10 && !strncmp(a, "rng-random", 10);
    if (!random && !(len == 11 && !strncmp(a, "rng-builtin", 11)))
        bad("-object: unsupported object '%s' (rng-random or rng-builtin)", a);
    only_keys("-object", a, len,
              random ? (const char *const[]){ "id", "filename", NULL } : (const char *const[]){ "id", NULL });
    if (!kv(a, "id", id, sizeof(id)))
        bad("-object: '%s' needs id=ID", a);
    if (opt.n_rngs == MAX_DRIVES)
        bad("-object: too many objects (%s)", a);
    opt.rngs[opt.n_rngs].id = strdup(id);
    opt.rngs[opt.n_rngs++].file = !random ? NULL : kv(a, "filename", file, sizeof(file)) ? strdup(file)
                                                                                      : "/dev/urandom";
}

static void opt_accel(const char *a)
{
    size_t len = strcspn(a, ",");
    if (len == 6 && !strncmp(a, "interp", 6))
        backend = &backend_interp;
    else if ((len == 3 && !strncmp(a, "jit", 3)) || (len == 3 && !strncmp(a, "tcg", 3)))
        backend = &backend_x86_64;
    else
        bad("-accel: unknown accelerator '%s' (tcg or jit, interp)", a);
    char buf[16];
    const char *t = kv(a, "thread", buf, sizeof(buf));
    if (t && strcmp(t, "single") && strcmp(t, "multi"))
        bad("-accel: thread= must be single or multi ('%s')", a);
    sys_single_thread = t && !strcmp(t, "single");
}

/* -superblocks, as in user mode (README.md): on (the default), off, always. */
static void opt_superblocks(const char *a)
{
    static const char *const modes[] = { [SUPERBLOCKS_OFF] = "off", [SUPERBLOCKS_HOT] = "on",
                                         [SUPERBLOCKS_ALWAYS] = "always" };
    for (int m = 0; m < 3; m++)
        if (!strcmp(a, modes[m])) {
            translator_superblocks = m;
            return;
        }
    bad("-superblocks: 'on', 'off' or 'always', not '%s'", a);
}

/* -rtc base=utc|YYYY-MM-DD[THH:MM:SS][,clock=vm]: the RTC's time at
 * start, UTC. It always runs on the machine's clock (QEMU's clock=vm). */
static void opt_rtc(const char *a)
{
    only_keys("-rtc", a, 0, (const char *const[]){ "base", "clock", NULL });
    char base[64], clock[16];
    if (kv(a, "clock", clock, sizeof(clock)) && strcmp(clock, "vm"))
        bad("-rtc: clock=%s is not supported (the RTC runs on the machine's clock, clock=vm)", clock);
    if (!kv(a, "base", base, sizeof(base)) || !strcmp(base, "utc"))
        return;
    struct tm tm = { 0 };
    int n = 0;
    if (sscanf(base, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 ||
        (base[n] && sscanf(base + n, "T%2d:%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 3) ||
        tm.tm_year < 1970 || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59)
        bad("-rtc: base= must be utc or YYYY-MM-DD[THH:MM:SS] ('%s')", a);
    size_t len = strlen(base);
    if (strchr(base, 'T') && (len != 19))
        bad("-rtc: base= must be utc or YYYY-MM-DD[THH:MM:SS] ('%s')", a);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    opt.rtc_start_ns = (uint64_t)timegm(&tm) * 1000000000u;
}

/* -icount N or shift=N[,...]: 2^N ns of guest time per instruction. */
static void opt_icount(const char *a)
{
    char buf[16];
    const char *v = isdigit((unsigned char)a[0]) ? a : kv(a, "shift", buf, sizeof(buf));
    char *end;
    long n = v ? strtol(v, &end, 10) : -1;
    if (!v || end == v || (*end && *end != ',') || n < 0 || n > 10)
        bad("-icount: needs shift=N with N from 0 to 10 ('%s')", a);
    sys_icount_shift = (int)n;
}

static void opt_d(const char *a)
{
    if (!strcmp(a, "help")) {
        log_print_items(stdout);
        exit(0);
    }
    const char *badi;
    if (!log_parse_items(a, &log_mask, &badi))
        bad("-d: unknown log item '%s' (-d help lists them)", badi);
}

static void opt_dfilter(const char *a)
{
    char err[128];
    if (!log_set_dfilter(a, err, sizeof(err)))
        bad("%s", err);
}

static void parse(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (o[0] != '-' || !o[1])
            bad("unexpected argument '%s' (options start with -)", o);
        if (o[1] == '-')
            o++;
        o++;
        if (!strcmp(o, "version")) {
            printf("%s\n", PEEK_VERSION_LINE);
            exit(0);
        }
        if (!strcmp(o, "help") || !strcmp(o, "h")) {
            usage(stdout);
            exit(0);
        }
        if (!strcmp(o, "nographic")) {
            if (!opt.serial)
                opt.serial = "mon:stdio";
            continue;
        }
        if (!strcmp(o, "no-reboot")) {
            sys_no_reboot = true;
            continue;
        }
        if (!strcmp(o, "perfmap")) {
            opt.perfmap = true;
            continue;
        }
        static const char *const with_arg[] = { "M", "machine", "m", "smp", "cpu", "bios", "kernel", "initrd",
                                                "append", "dtb", "serial", "drive", "device", "object", "accel", "d",
                                                "D", "dfilter", "display", "monitor", "icount", "plugin", "rtc",
                                                "superblocks", NULL };
        unsigned k = 0;
        while (with_arg[k] && strcmp(with_arg[k], o))
            k++;
        if (!with_arg[k])
            bad("unknown option '%s' (-help lists them)", argv[i]);
        if (i + 1 >= argc)
            bad("option '%s' needs an argument", argv[i]);
        const char *a = argv[++i];
        if (!strcmp(o, "M") || !strcmp(o, "machine"))
            opt_machine(a);
        else if (!strcmp(o, "m"))
            opt.ram_size = parse_size(a);
        else if (!strcmp(o, "smp"))
            opt_smp(a);
        else if (!strcmp(o, "cpu"))
            opt.cpu = a;
        else if (!strcmp(o, "bios"))
            opt.bios = a;
        else if (!strcmp(o, "kernel"))
            opt.kernel = a;
        else if (!strcmp(o, "initrd"))
            opt.initrd = a;
        else if (!strcmp(o, "append"))
            opt.append = a;
        else if (!strcmp(o, "dtb"))
            opt.dtb = a;
        else if (!strcmp(o, "serial"))
            opt.serial = a;
        else if (!strcmp(o, "drive"))
            opt_drive(a);
        else if (!strcmp(o, "device"))
            opt_device(a);
        else if (!strcmp(o, "object"))
            opt_object(a);
        else if (!strcmp(o, "accel"))
            opt_accel(a);
        else if (!strcmp(o, "d"))
            opt_d(a);
        else if (!strcmp(o, "D"))
            opt.log_name = a;
        else if (!strcmp(o, "dfilter"))
            opt_dfilter(a);
        else if (!strcmp(o, "plugin"))
            plugin_add_spec(a);
        else if (!strcmp(o, "icount"))
            opt_icount(a);
        else if (!strcmp(o, "rtc"))
            opt_rtc(a);
        else if (!strcmp(o, "superblocks"))
            opt_superblocks(a);
        else if (strcmp(a, "none"))
            bad("-%s: only 'none' is supported", o);
    }
}

/* The virtio devices in -device order, their drives and sources found. */
static unsigned ordered_virtio(VirtioSpec *out)
{
    for (unsigned i = 0; i < opt.n_devices; i++) {
        const char *ref = opt.devices[i].ref;
        if (opt.devices[i].rng) {
            /* without rng=, QEMU's default: the builtin source (getrandom) */
            out[i] = (VirtioSpec){ .kind = VIRTIO_SPEC_RNG };
            if (!ref)
                continue;
            unsigned k = 0;
            while (k < opt.n_rngs && strcmp(opt.rngs[k].id, ref))
                k++;
            if (k == opt.n_rngs)
                bad("-device: no -object rng-random or rng-builtin with id '%s'", ref);
            out[i].file = opt.rngs[k].file;
            continue;
        }
        unsigned k = 0;
        while (k < opt.n_drives && strcmp(opt.drives[k].id, ref))
            k++;
        if (k == opt.n_drives)
            bad("-device: no -drive with id '%s'", ref);
        out[i] = opt.drives[k];
    }
    return opt.n_devices;
}

static void *read_dtb(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        bad("-dtb: cannot open '%s'", path);
    void *buf = xmalloc(1 << 20);
    *size = fread(buf, 1, 1 << 20, f);
    fclose(f);
    const uint8_t *p = buf;     /* its header's totalsize, big-endian */
    bool is_fdt = *size >= 40 && !memcmp(buf, "\xd0\x0d\xfe\xed", 4);
    size_t total = is_fdt ? (size_t)p[4] << 24 | (size_t)p[5] << 16 | (size_t)p[6] << 8 | p[7] : 0;
    if (!is_fdt || total > *size) {
        free(buf);
        bad(is_fdt ? "-dtb: '%s' is truncated or larger than 1 MiB" : "-dtb: '%s' is not a flattened device tree",
            path);
    }
    *size = total;
    return buf;
}

int main(int argc, char **argv)
{
    sys_argv = argv;
    parse(argc, argv);
    hostfd_init(-1);
    if (opt.log_name && !log_set_file(opt.log_name, false))
        bad("-D: cannot open log file '%s'", opt.log_name);
    if (opt.perfmap && backend == &backend_x86_64)
        jit_perfmap_enable();
    sys_arch = &guest_sys_riscv64;
    const GuestArch *g = sys_arch->guest;
    if (opt.cpu) {
        if (!strcmp(opt.cpu, "help")) {
            g->cpu_help(stdout);
            exit(0);
        }
        char err[160];
        if (!g->cpu_configure(opt.cpu, err, sizeof(err)))
            bad("-cpu: %s", err);
    }
    bool threads = opt.harts > 1 && !sys_single_thread;
    sys_arch->init(threads);
    softmmu_init(threads);

    BootRam ram = { .base = VIRT_DRAM_BASE, .size = opt.ram_size };
    ram.host = phys_add_memory("riscv_virt_board.ram", ram.base, ram.size, false);
    uint8_t *rom = phys_add_memory("riscv_virt_board.mrom", BOOT_ROM_BASE, BOOT_ROM_SIZE, true);

    VirtioSpec virtio[MAX_DRIVES];
    VirtConfig vc = {
        .ram_size = opt.ram_size,
        .harts = opt.harts,
        .isa = sys_arch->isa_string(),
        .mmu_type = sys_arch->mmu_type,
        .timebase_hz = 10000000,
        .bootargs = opt.append,
        .rtc_start_ns = opt.rtc_start_ns,
        .serial = opt.serial ? opt.serial : "mon:stdio",
        .virtio = virtio,
        .n_virtio = ordered_virtio(virtio),
    };
    BootConfig bc = { .kernel = opt.kernel, .initrd = opt.initrd };
    if (!strcmp(opt.bios, "default"))
        bc.bios = DEFAULT_BIOS;
    else if (strcmp(opt.bios, "none"))
        bc.bios = opt.bios;
    char err[512];
    BootResult br;
    if (!opt.dumpdtb && !boot_load(&bc, &ram, &vc, &br, err, sizeof(err)))
        bad("%s", err);

    /* the harts before the devices, which take their interrupt lines */
    tb_init(g);
    cpus_create(opt.harts, BOOT_ROM_BASE);
    size_t dtb_size;
    void *dtb = virt_create(&vc, &dtb_size, err, sizeof(err));
    if (!dtb)
        bad("%s", err);
    if (opt.dumpdtb) {
        FILE *f = fopen(opt.dumpdtb, "wb");
        if (!f || fwrite(dtb, 1, dtb_size, f) != dtb_size || fclose(f))
            bad("dumpdtb: cannot write '%s'", opt.dumpdtb);
        exit(0);
    }
    if (opt.dtb) {
        free(dtb);
        dtb = read_dtb(opt.dtb, &dtb_size);
    }
    uint64_t fdt_addr;
    if (!boot_place_fdt(&ram, dtb, dtb_size, &fdt_addr, err, sizeof(err)))
        bad("%s", err);
    boot_write_rom(rom, br.start, fdt_addr, br.kernel_entry);

    if (sys_icount_shift >= 0) {
        exec_icount = true;
        sys_timers_use_icount();
    }
    plugin_set_system(opt.harts);
    plugin_load_all(g);
    clock_start();
    sys_iothread_start();
    cpus_run();
}
