/*
 * The x86-64 JIT as an execution backend: configures src/host/x86_64 with
 * the execution layer's layout (exit_request, the jump cache, TB fields),
 * keeps for every TB the list of blocks that jump straight into it so an
 * invalidated TB can be unlinked, and turns the JIT's out-of-range and
 * misaligned accesses into guest faults.
 *
 * When the code buffer passes three quarters full, a flush of the whole
 * cache is queued for the next safe point (an exclusive section), which
 * leaves a quarter as reserve for the translations made meanwhile.
 *
 * -d out_asm shows each block's code disassembled by binutils' objdump
 * (run on a temporary file of the block's bytes), in QEMU's layout.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exec/backend.h"
#include "exec/exec.h"
#include "exec/exclusive.h"
#include "exec/guest.h"
#include "exec/log.h"
#include "exec/tb-cache.h"
#include "exec/translate.h"
#include "host/x86_64/x64.h"
#include "host/x86_64/x64-leaf.h"
#include "util/hostfd.h"
#include "exec/memory.h"
#include "exec/softmmu-mode.h"

#define CODE_SIZE (512u << 20)

/* Set on the first translation (under tb_lock), read-only afterwards. */
static bool jit_ready;
/* A flush is queued and not yet done (under tb_lock / in the flush). */
static bool flush_queued;

/* A misaligned IR_MO_ALIGN access is SIGBUS even where nothing is mapped:
 * the alignment check comes before translation, as the guests' hardware
 * (and qemu) report it. */
static _Noreturn void jit_mem_fault(void *env, uint64_t addr, uint64_t info, uint64_t guest_pc)
{
    CPUState *cpu = env;
    cpu_set_pc(cpu, guest_pc);
    /* Called from the block's out-of-line path: its TB by our return
     * address, the instruction by guest_pc. */
    uint64_t end_pc;
    uintptr_t tag;
    bool found = x64_restore((uintptr_t)__builtin_return_address(0) - 1, NULL, NULL, &end_pc, &tag);
    if (found)
        cpu_unwind_tb(cpu, (const TB *)tag, guest_pc);
    if (info & X64_FAULT_GROUP) {
        /* Not a fault yet: the instruction runs again alone (or, under
         * plugins, the rest of its block: CPUState.check_step). */
        cpu->check_step = true;
        cpu->check_tb = found ? (TB *)tag : NULL;
        cpu_raise(cpu, EXCP_INTERRUPT, 0, 0);
    }
    if ((info & IR_MO_ALIGN) && (addr & (ir_memop_size((unsigned)info) - 1)))
        cpu_raise(cpu, EXCP_BUS, addr, BUS_ADRALN);
    cpu_raise(cpu, EXCP_SEGV, addr, SEGV_MAPERR);
}

/* The linker's bounds of peek's own code: helpers live there. */
extern char __executable_start[], etext[];

static void jit_init(void)
{
    /* -d nochain: every block run goes back through the loop (and -d exec),
     * so no jump-cache lookup, no loops inside a block either */
    bool nochain = log_enabled(LOG_NOCHAIN);
    /* -icount counts each block in the loop: every block goes back there.
     * Softmmu: the inline lookup also compares the TB's flags; the
     * physical pc it need not, as the mode empties the jump cache on every
     * TLB flush (softmmu-mode.h). */
    bool no_jc = nochain || exec_icount;
    X64Config cfg = {
        .guest_base = guest_base,
        .guest_space_size = guest_space_size,
        .code_size = CODE_SIZE,
        .exit_request_off = offsetof(CPUState, exit_request),
        .call_keep_off = offsetof(CPUState, call_keep),
        .pc_off = no_jc ? UINT32_MAX : (uint32_t)offsetof(CPUState, arch) + current_cpu->guest->pc_off,
        .jc_off = offsetof(CPUState, jmp_cache),
        .jc_mask = CPU_JC_SIZE - 1,
        .jc_shift1 = TB_JC_SHIFT1,
        .jc_shift2 = TB_JC_SHIFT2,
        .tb_pc_off = offsetof(TB, pc),
        .tb_invalid_off = offsetof(TB, invalid),
        .tb_code_off = offsetof(TB, code),
        .tb_flags_off = offsetof(TB, flags),
        .exit_plain = TB_EXIT_PLAIN,
        .exit_slot0 = TB_EXIT_SLOT0,
        .exit_hot = TB_EXIT_HOT,
        .no_self_loops = nochain || exec_icount,
        .mem_fault = jit_mem_fault,
        .keep_relocs = tb_cache_active(),
        .image_lo = (uintptr_t)__executable_start,
        .image_hi = (uintptr_t)etext,
        .calls_near = exec_plugin_hooks && __atomic_load_n(&exec_plugin_code, __ATOMIC_ACQUIRE) ?
                      exec_plugin_hooks->calls_near() : NULL,
        .counter_lanes = exec_plugin_hooks && !exec_softmmu,
        .softmmu = exec_softmmu ? exec_softmmu->cfg : NULL,
    };
    if (!x64_init(&cfg))
        exit(1);
    jit_ready = true;
}

/* -perfmap's file and the process it names: set at start-up and, in a
 * forked child, by perfmap_atfork_child; written under tb_lock. */
static FILE *perfmap;
static pid_t perfmap_pid;

static FILE *perfmap_open(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)pid);
    /* In one of peek's own descriptor slots, out of the guest's reach. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd >= 0)
        fd = hostfd_keep(fd);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        fprintf(stderr, "peek: -perfmap: cannot create %s: %s\n", path, strerror(errno));
        return NULL;
    }
    /* A line at a time: the guest may end the process any way it likes. */
    setvbuf(f, NULL, _IOLBF, 0);
    perfmap_pid = pid;
    return f;
}

/* perf looks a sample's code up in the perf map of the process that
 * mapped it, so a forked child announces the code buffer as its own
 * mapping and gets its own /tmp/perf-<pid>.map, starting with every block
 * it inherited: a copy of the parent's (complete lines: tb_lock is held
 * across fork). */
static void perfmap_atfork_child(void)
{
    if (!perfmap)
        return;
    if (jit_ready)
        x64_code_announce();
    char parent[64];
    snprintf(parent, sizeof(parent), "/tmp/perf-%d.map", (int)perfmap_pid);
    fclose(perfmap);
    perfmap = perfmap_open(getpid());
    FILE *from = fopen(parent, "r");
    if (perfmap && from) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
            fwrite(buf, 1, n, perfmap);
        fflush(perfmap);
    }
    if (from)
        fclose(from);
}

void jit_perfmap_enable(void)
{
    perfmap = perfmap_open(getpid());
    if (!perfmap)
        exit(1);
    pthread_atfork(NULL, NULL, perfmap_atfork_child);
}

static X64Code *xc(const TB *tb) { return tb->backend_data; }

/* A block made (or loaded from the persistent cache) for tb. */
static void jit_install(TB *tb, X64Code *c)
{
    tb->code = c->entry;
    tb->backend_data = c;
    if (perfmap)
        fprintf(perfmap, "%" PRIxPTR " %" PRIx32 " guest-0x%" PRIx64 "\n", (uintptr_t)c->entry, c->size,
                tb->pc);
    if (!flush_queued && x64_code_used() > CODE_SIZE / 4 * 3) {
        flush_queued = true;
        tb_flush_soon();
    }
}

static void jit_compile(const IRContext *s, TB *tb)
{
    if (!jit_ready)
        jit_init();
    X64Code *c = x64_gen_code(s, (uintptr_t)tb, tb->pc, tb->flags);
    if (!c) {
        fputs("peek: internal error: JIT code buffer exhausted before the queued flush\n", stderr);
        abort();
    }
    jit_install(tb, c);
}

static size_t jit_export(const TB *tb, void *out, size_t cap) { return x64_code_export(xc(tb), out, cap); }

static bool jit_import(TB *tb, const void *blob, size_t len)
{
    if (!jit_ready)
        jit_init();
    X64Code *c = x64_code_import(blob, len, (uintptr_t)tb);
    if (!c)
        return false;
    jit_install(tb, c);
    return true;
}

static TB *jit_exec(CPUState *cpu, TB *tb, int *slot)
{
    uintptr_t r = x64_exec(cpu, tb->code);
    uintptr_t code = r & 7;
    *slot = code == TB_EXIT_PLAIN ? -1 : (int)(code - TB_EXIT_SLOT0);
    return (TB *)(r - code);
}

/* Incoming lists: X64Code.in_head of the target holds from | slot of the
 * first block jumping in (a TB is malloc'd, so 8-aligned: the slot fits in
 * the low 3 bits), whose in_next[slot] continues the list. */

static void unlink_in(TB *to, TB *from, int slot)
{
    uintptr_t want = (uintptr_t)from | (unsigned)slot;
    uintptr_t *pp = &xc(to)->in_head;
    while (*pp && *pp != want) {
        TB *t = (TB *)(*pp & ~(uintptr_t)7);
        pp = &xc(t)->in_next[*pp & 7];
    }
    if (*pp)
        *pp = xc(from)->in_next[slot];
}

static void jit_chain(TB *from, int slot, TB *to)
{
    TB *old = from->jmp_dest[slot];
    if (old)
        unlink_in(old, from, slot);
    x64_set_jump(xc(from), slot, to->pc > from->pc ? xc(to)->body : to->code);
    __atomic_store_n(&from->jmp_dest[slot], to, __ATOMIC_RELEASE);
    xc(from)->in_next[slot] = xc(to)->in_head;
    xc(to)->in_head = (uintptr_t)from | (unsigned)slot;
}

/* Jumps out of tb stay: tb is never entered again, and one running now
 * leaves at its next jump. */
static void jit_unchain(TB *tb)
{
    x64_invalidate(xc(tb));
    uintptr_t e = xc(tb)->in_head;
    while (e) {
        TB *from = (TB *)(e & ~(uintptr_t)7);
        int slot = (int)(e & 7);
        e = xc(from)->in_next[slot];
        if (from->jmp_dest[slot] == tb) {
            x64_set_jump(xc(from), slot, NULL);
            __atomic_store_n(&from->jmp_dest[slot], NULL, __ATOMIC_RELEASE);
        }
    }
    xc(tb)->in_head = 0;
}

/* Every TB is invalid and unlinked, and no vCPU runs: start the buffer over. */
static void jit_flush(void)
{
    if (jit_ready)
        x64_flush();
    flush_queued = false;
}

static bool jit_restore(CPUState *cpu, uintptr_t host_pc, const void *host_ctx, uint64_t *guest_pc,
                        const TB **tb)
{
    if (!jit_ready)
        return false;
    uint64_t regs[16];
    if (host_ctx)
        x64_regs_from_ucontext(host_ctx, regs);
    uintptr_t tag;
    if (!x64_restore(host_pc, host_ctx ? regs : NULL, cpu, guest_pc, &tag))
        return false;
    /* The signal handler's context, which the kernel gave it writable. */
    if (host_ctx)
        x64_lanes_from_ucontext((void *)(uintptr_t)host_ctx, cpu);
    *tb = (const TB *)tag;
    if (host_ctx && x64_retry_at(host_pc)) {
        cpu->check_step = true;
        cpu->check_tb = (TB *)tag;
    }
    return true;
}

/* "  -- guest addr" before the code of each guest instruction starting at
 * host address a; the first one's marker opens the block, whose exit check
 * ("tb prologue") comes before that instruction's code. */
static void mark_insns(const X64Code *c, uintptr_t a, uint32_t *next, FILE *f)
{
    while (*next < c->n_insns &&
           (uintptr_t)c->entry + (*next ? c->insn_off[*next] : 0) <= a) {
        fprintf(f, "  -- guest addr 0x%016" PRIx64 "%s\n", c->insn_pc[*next],
                *next == 0 ? " + tb prologue" : "");
        ++*next;
    }
}

/* One objdump line "  addr:\tbytes\tmnemonic operands" (or a continuation
 * without text) as QEMU prints it: "0xaddr:  bytes  mnemonic operands". */
static bool put_objdump_line(const X64Code *c, char *line, uint32_t *next, FILE *f)
{
    char *end, *tab = strchr(line, '\t');
    uintptr_t a = (uintptr_t)strtoull(line, &end, 16);
    if (!tab || *end != ':' || end > tab)
        return false;
    char *bytes = tab + 1, *text = strchr(bytes, '\t');
    if (text)
        *text++ = 0;
    bytes[strcspn(bytes, "\n")] = 0;
    for (size_t n = strlen(bytes); n && bytes[n - 1] == ' '; n--)
        bytes[n - 1] = 0;
    mark_insns(c, a, next, f);
    if (!text) {
        fprintf(f, "0x%" PRIxPTR ":  %s\n", a, bytes);
        return true;
    }
    text[strcspn(text, "\n")] = 0;
    size_t mlen = strcspn(text, " ");
    const char *ops = text + mlen + strspn(text + mlen, " ");
    fprintf(f, "0x%" PRIxPTR ":  %-24s %-8.*s %s\n", a, bytes, (int)mlen, text, ops);
    return true;
}

static bool objdump_code(const X64Code *c, uint32_t *next, FILE *f)
{
    const char *tmp = getenv("TMPDIR");
    char path[512], cmd[1100];
    snprintf(path, sizeof(path), "%s/peek-out-asm-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return false;
    bool written = write(fd, c->entry, c->size) == (ssize_t)c->size;
    close(fd);
    bool ok = false;
    snprintf(cmd, sizeof(cmd),
             "objdump -D -b binary -m i386:x86-64 --adjust-vma=0x%" PRIxPTR " '%s' 2>/dev/null",
             (uintptr_t)c->entry, path);
    FILE *p = written ? popen(cmd, "r") : NULL;
    if (p) {
        char line[512];
        while (fgets(line, sizeof(line), p))
            ok |= put_objdump_line(c, line, next, f);
        pclose(p);
    }
    unlink(path);
    return ok;
}

static void jit_log_code(const TB *tb, FILE *f)
{
    const X64Code *c = xc(tb);
    uint32_t next = 0;
    fprintf(f, "OUT: [size=%" PRIu32 "]\n", c->size);
    if (!objdump_code(c, &next, f)) {
        /* no objdump: the bytes, eight to a line */
        for (uint32_t i = 0; i < c->size; i += 8) {
            mark_insns(c, (uintptr_t)c->entry + i + 7, &next, f);
            fprintf(f, "0x%" PRIxPTR ": ", (uintptr_t)c->entry + i);
            for (uint32_t k = i; k < i + 8 && k < c->size; k++)
                fprintf(f, " %02x", c->entry[k]);
            fputc('\n', f);
        }
    }
    fputc('\n', f);
}

static bool jit_counter_fn(const void *fn, void **addr, uint64_t *imm, int *arg)
{
    X64LeafCounter c;
    if (!x64_leaf_counter_of(fn, &c))
        return false;
    *addr = (void *)(uintptr_t)c.addr;
    *imm = (uint64_t)c.imm;
    *arg = c.arg;
    return true;
}

static bool jit_vcpu_counter_fn(const void *fn, void **base, uint64_t *stride, uint32_t *limit,
                                uint64_t *imm)
{
    X64LeafVcpuCounter c;
    if (!x64_leaf_vcpu_counter_of(fn, &c))
        return false;
    *base = (void *)(uintptr_t)c.base;
    *stride = c.stride;
    *limit = c.limit;
    *imm = (uint64_t)c.imm;
    return true;
}

const Backend backend_x86_64 = {
    .name = "jit",
    .counts_heat = true,
    .compile = jit_compile,
    .exec = jit_exec,
    .chain = jit_chain,
    .unchain = jit_unchain,
    .restore = jit_restore,
    .flush = jit_flush,
    .log_code = jit_log_code,
    .export_code = jit_export,
    .import_code = jit_import,
    .counter_fn = jit_counter_fn,
    .vcpu_counter_fn = jit_vcpu_counter_fn,
};
