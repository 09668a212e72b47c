/*
 * The exported qemu_plugin_* functions whose shape is the same in every
 * API version as seen by the caller (or differs only in trailing
 * arguments that older plugins do not pass, which are then ignored):
 * registration, instrumentation requests on TB and instruction handles,
 * memory-access queries, scoreboards, registers, guest memory and the
 * process facts. The functions whose return type changed between
 * versions are in api-compat.c; the handle queries in inject.c.
 *
 * Functions without an id argument learn the calling plugin from
 * plugin_tls, which every call into a plugin sets.
 */
#include "plugin/internal.h"

#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>
#include <sys/mman.h>

#include "exec/log.h"
#include "exec/image.h"
#include "exec/memory.h"
#include "exec/softmmu-mode.h"

/* Trailing userdata arguments exist from version 7 on; before, the
 * register holds garbage. */
static void *udata_of(qemu_plugin_id_t id, void *udata)
{
    PluginCtx *ctx = plugin_ctx(id);
    return ctx && ctx->version >= 7 ? udata : NULL;
}

/* ---- life cycle and vCPU events ---- */

void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata)
{
    plugin_request_reset(id, (void *)cb, udata_of(id, userdata), true);
}

void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata)
{
    plugin_request_reset(id, (void *)cb, udata_of(id, userdata), false);
}

void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_udata_cb_t cb,
                                       void *userdata)
{
    plugin_register_cb(id, PEV_VCPU_INIT, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_udata_cb_t cb,
                                       void *userdata)
{
    plugin_register_cb(id, PEV_VCPU_EXIT, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_udata_cb_t cb,
                                       void *userdata)
{
    plugin_register_cb(id, PEV_VCPU_IDLE, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_udata_cb_t cb,
                                         void *userdata)
{
    plugin_register_cb(id, PEV_VCPU_RESUME, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id, enum qemu_plugin_discon_type type,
                                         qemu_plugin_vcpu_discon_cb_t cb, void *userdata)
{
    void *ud = udata_of(id, userdata);
    if (type & QEMU_PLUGIN_DISCON_INTERRUPT)
        plugin_register_cb(id, PEV_DISCON_INTERRUPT, (void *)cb, ud);
    if (type & QEMU_PLUGIN_DISCON_EXCEPTION)
        plugin_register_cb(id, PEV_DISCON_EXCEPTION, (void *)cb, ud);
    if (type & QEMU_PLUGIN_DISCON_HOSTCALL)
        plugin_register_cb(id, PEV_DISCON_HOSTCALL, (void *)cb, ud);
}

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb,
                                           void *userdata)
{
    plugin_register_cb(id, PEV_TB_TRANS, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_syscall_cb_t cb,
                                          void *userdata)
{
    plugin_register_cb(id, PEV_SYSCALL, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_vcpu_syscall_filter_cb(qemu_plugin_id_t id,
                                                 qemu_plugin_vcpu_syscall_filter_cb_t cb,
                                                 void *userdata)
{
    plugin_register_cb(id, PEV_SYSCALL_FILTER, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                              qemu_plugin_vcpu_syscall_ret_cb_t cb,
                                              void *userdata)
{
    plugin_register_cb(id, PEV_SYSCALL_RET, (void *)cb, udata_of(id, userdata));
}

void qemu_plugin_register_flush_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata)
{
    plugin_register_cb(id, PEV_FLUSH, (void *)cb, udata_of(id, userdata));
}

/* atexit took a userdata argument in every version. */
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata)
{
    plugin_register_cb(id, PEV_ATEXIT, (void *)cb, userdata);
}

typedef struct ForEach {
    PluginCtx *ctx;
    void *fn, *udata;
} ForEach;

static void for_each_one(unsigned idx, void *arg)
{
    ForEach *f = arg;
    if (f->ctx->version >= 7)
        ((qemu_plugin_vcpu_udata_cb_t)f->fn)(idx, f->udata);
    else
        ((void (*)(qemu_plugin_id_t, unsigned))f->fn)(f->ctx->id, idx);
}

void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id, qemu_plugin_vcpu_udata_cb_t cb, void *userdata)
{
    PluginCtx *ctx = plugin_ctx(id);
    if (!ctx || !cb)
        return;
    ForEach f = { ctx, (void *)cb, udata_of(id, userdata) };
    plugin_foreach_vcpu(for_each_one, &f);
}

int qemu_plugin_num_vcpus(void) { return plugin_num_vcpus(); }

/* ---- instrumentation requests ---- */

/* What a conditional callback asks for, on a block or an instruction:
 * false when it would never run; an ALWAYS condition is a plain callback. */
static bool cond_cb_req(PluginReq *r, qemu_plugin_vcpu_udata_cb_t cb,
                        enum qemu_plugin_cb_flags flags, enum qemu_plugin_cond cond,
                        qemu_plugin_u64 entry, uint64_t imm, void *userdata)
{
    *r = (PluginReq){ .kind = cond == QEMU_PLUGIN_COND_ALWAYS ? PREC_CB : PREC_COND_CB,
                      .fn = (void *)cb, .udata = userdata, .flags = flags, .cond = cond,
                      .entry = entry, .imm = imm };
    return cb && cond != QEMU_PLUGIN_COND_NEVER;
}

void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags, void *userdata)
{
    if (!cb)
        return;
    PluginReq r = { .kind = PREC_CB, .fn = (void *)cb, .udata = userdata, .flags = flags };
    plugin_tb_request(tb, &r);
}

void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                               qemu_plugin_vcpu_udata_cb_t cb,
                                               enum qemu_plugin_cb_flags flags,
                                               enum qemu_plugin_cond cond, qemu_plugin_u64 entry,
                                               uint64_t imm, void *userdata)
{
    PluginReq r;
    if (cond_cb_req(&r, cb, flags, cond, entry, imm, userdata))
        plugin_tb_request(tb, &r);
}

void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(struct qemu_plugin_tb *tb,
                                                       enum qemu_plugin_op op,
                                                       qemu_plugin_u64 entry, uint64_t imm)
{
    if (!entry.score)
        return;
    PluginReq r = { .kind = PREC_INLINE, .op = op, .entry = entry, .imm = imm };
    plugin_tb_request(tb, &r);
}

void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags, void *userdata)
{
    if (!cb)
        return;
    PluginReq r = { .kind = PREC_CB, .fn = (void *)cb, .udata = userdata, .flags = flags };
    plugin_insn_request(insn, &r);
}

void qemu_plugin_register_vcpu_insn_exec_cond_cb(struct qemu_plugin_insn *insn,
                                                 qemu_plugin_vcpu_udata_cb_t cb,
                                                 enum qemu_plugin_cb_flags flags,
                                                 enum qemu_plugin_cond cond,
                                                 qemu_plugin_u64 entry, uint64_t imm,
                                                 void *userdata)
{
    PluginReq r;
    if (cond_cb_req(&r, cb, flags, cond, entry, imm, userdata))
        plugin_insn_request(insn, &r);
}

void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                         enum qemu_plugin_op op,
                                                         qemu_plugin_u64 entry, uint64_t imm)
{
    if (!entry.score)
        return;
    PluginReq r = { .kind = PREC_INLINE, .op = op, .entry = entry, .imm = imm };
    plugin_insn_request(insn, &r);
}

void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn, qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags, enum qemu_plugin_mem_rw rw,
                                      void *userdata)
{
    if (!cb)
        return;
    PluginReq r = { .kind = PREC_MEM_CB, .fn = (void *)cb, .udata = userdata, .flags = flags,
                    .rw = rw };
    plugin_insn_request(insn, &r);
}

void qemu_plugin_register_vcpu_mem_inline_per_vcpu(struct qemu_plugin_insn *insn,
                                                   enum qemu_plugin_mem_rw rw,
                                                   enum qemu_plugin_op op, qemu_plugin_u64 entry,
                                                   uint64_t imm)
{
    if (!entry.score)
        return;
    PluginReq r = { .kind = PREC_MEM_INLINE, .rw = rw, .op = op, .entry = entry, .imm = imm };
    plugin_insn_request(insn, &r);
}

void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn)
{
    bool live;
    uint64_t va = plugin_insn_vaddr_any(insn, &live);
    if (!live)
        return NULL;
    if (exec_softmmu) {
        /* the RAM the instruction was fetched from, through the
         * translation of the vCPU translating it */
        uint64_t pa;
        return current_cpu ? (void *)exec_softmmu->code_host(current_cpu, va, &pa) : NULL;
    }
    return g2h(va);
}

/* ---- memory accesses ---- */

unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info) { return info & PLUGIN_MI_SIZE; }
bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info) { return info & PLUGIN_MI_SIGN; }
bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info) { return info & PLUGIN_MI_BE; }
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info) { return info & PLUGIN_MI_STORE; }

qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info)
{
    /* Stored by the instrumentation just before the callback, for the
     * plugins of version 3 on (older headers do not declare it). */
    const PluginCtx *ctx = plugin_caller();
    qemu_plugin_mem_value r;
    memset(&r, 0, sizeof(r));
    if (ctx && ctx->version < 3) {
        plugin_warn(ctx, "qemu_plugin_mem_get_value came with API version 3; no value");
        return r;
    }
    uint64_t v = plugin_tls.cpu ? plugin_tls.cpu->plugin_mem_value : 0;
    switch (info & PLUGIN_MI_SIZE) {
    case 0: r.type = QEMU_PLUGIN_MEM_VALUE_U8; r.data.u8 = (uint8_t)v; break;
    case 1: r.type = QEMU_PLUGIN_MEM_VALUE_U16; r.data.u16 = (uint16_t)v; break;
    case 2: r.type = QEMU_PLUGIN_MEM_VALUE_U32; r.data.u32 = (uint32_t)v; break;
    default: r.type = QEMU_PLUGIN_MEM_VALUE_U64; r.data.u64 = v; break;
    }
    return r;
}

/* Physical addresses exist only in a softmmu mode (user mode: NULL). The
 * answer lives until the next call on the same thread, as QEMU's. */
struct qemu_plugin_hwaddr {
    uint64_t phys;
    const char *device;     /* NULL: RAM */
};
static __thread struct qemu_plugin_hwaddr hwaddr_tls;

struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info, uint64_t vaddr)
{
    if (!exec_softmmu)          /* user mode: decided before any thread-local read */
        return NULL;
    CPUState *cpu = plugin_tls.cpu ? plugin_tls.cpu : current_cpu;
    if (!cpu ||
        !exec_softmmu->data_phys(cpu, vaddr, info & PLUGIN_MI_STORE, &hwaddr_tls.phys, &hwaddr_tls.device))
        return NULL;
    return &hwaddr_tls;
}
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr) { return haddr && haddr->device; }
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr) { return haddr ? haddr->phys : 0; }
const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h)
{
    if (!h)
        return "Invalid";
    return h->device ? h->device : "RAM";
}

enum qemu_plugin_hwaddr_operation_result qemu_plugin_read_memory_hwaddr(uint64_t addr,
                                                                        GByteArray *data,
                                                                        size_t len)
{
    if (!exec_softmmu)
        return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
    if (len == 0)
        return QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS;
    g_byte_array_set_size(data, (guint)len);
    return exec_softmmu->phys_rw(addr, data->data, len, false) ? QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS
                                                               : QEMU_PLUGIN_HWADDR_OPERATION_OK;
}

enum qemu_plugin_hwaddr_operation_result qemu_plugin_write_memory_hwaddr(uint64_t addr,
                                                                         GByteArray *data)
{
    if (!exec_softmmu)
        return QEMU_PLUGIN_HWADDR_OPERATION_ERROR;
    if (data->len == 0)
        return QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS;
    return exec_softmmu->phys_rw(addr, data->data, data->len, true) ? QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS
                                                                    : QEMU_PLUGIN_HWADDR_OPERATION_OK;
}

/* The current vCPU's translation of a data load at vaddr (softmmu). */
bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr)
{
    CPUState *cpu = plugin_tls.cpu ? plugin_tls.cpu : current_cpu;
    const char *device;
    return exec_softmmu && cpu && exec_softmmu->data_phys(cpu, vaddr, false, hwaddr, &device);
}

/* ---- guest memory ---- */

bool qemu_plugin_read_memory_vaddr(uint64_t addr, GByteArray *data, size_t len)
{
    if (!data || len == 0 || !guest_range_valid(addr, len) || !mem_access_ok(addr, len, PAGE_READ))
        return false;
    g_byte_array_set_size(data, (guint)len);
    memcpy(data->data, g2h(addr), len);
    return true;
}

bool qemu_plugin_write_memory_vaddr(uint64_t addr, GByteArray *data)
{
    if (!data || data->len == 0 || !guest_range_valid(addr, data->len))
        return false;
    if (plugin_tls.translating) {
        /* Dropping translations needs the lock this thread holds. */
        for (uint64_t p = addr & GUEST_PAGE_MASK; p < addr + data->len; p += GUEST_PAGE_SIZE)
            if (mem_page_flags(p) & PAGE_CODE)
                return false;
    }
    if (mem_prepare_write(addr, data->len) < 0)
        return false;
    memcpy(g2h(addr), data->data, data->len);
    return true;
}

/* ---- registers ---- */

GArray *qemu_plugin_get_registers(void)
{
    const PluginCtx *ctx = plugin_caller();
    const GuestArch *g = plugin_tls.cpu ? plugin_tls.cpu->guest : plugin_guest;
    /* is_readonly came with version 6: older plugins index the array with
     * the shorter element. */
    guint esz = ctx && ctx->version < 6 ? (guint)offsetof(qemu_plugin_reg_descriptor, is_readonly)
                                        : (guint)sizeof(qemu_plugin_reg_descriptor);
    GArray *a = g_array_sized_new(FALSE, TRUE, esz, g->n_regs);
    for (unsigned i = 0; i < g->n_regs; i++) {
        qemu_plugin_reg_descriptor d = {
            .handle = (struct qemu_plugin_register *)(uintptr_t)(i + 1),
            .name = g->regs[i].name,
            .feature = g->regs[i].feature,
            .is_readonly = g->regs[i].readonly,
        };
        g_array_append_vals(a, &d, 1);
    }
    return a;
}

void qemu_plugin_set_pc(uint64_t vaddr)
{
    CPUState *cpu = plugin_tls.cpu;
    if (!cpu || plugin_tls.flags != QEMU_PLUGIN_CB_RW_REGS_PC)
        plugin_fatal(plugin_caller(), "qemu_plugin_set_pc called where the pc may not change "
                                     "(needs a QEMU_PLUGIN_CB_RW_REGS_PC callback, or a syscall "
                                     "or discontinuity callback)");
    cpu_set_pc(cpu, vaddr);
    if (plugin_tls.escape)
        siglongjmp(*plugin_tls.escape, 1);
    /* From translated code: leave every callback and the block. */
    memset(&plugin_tls, 0, sizeof(plugin_tls));
    cpu_loop_exit(cpu);
}

/* ---- time ---- */

const void *qemu_plugin_request_time_control(void)
{
    static int taken;   /* process-wide: only one plugin may hold the clock */
    return __atomic_exchange_n(&taken, 1, __ATOMIC_ACQ_REL) ? NULL : (const void *)&taken;
}

/* The guest reads host time in user mode. */
void qemu_plugin_update_ns(const void *handle, int64_t time) {}

/* ---- output, arguments, the program ---- */

/* Plugin output goes through the log's FILE, made fully buffered: a
 * plugin such as execlog writes a line per instruction executed, and a
 * write per line would cost more than the emulation. Everything else
 * written to the log (peek's messages too, when it is stderr) shares the
 * buffer, so the order of the log holds. The buffer is flushed at exit and
 * before fork and exec (fflush(NULL) in the runtime), and, when the log is
 * stderr, before each guest system call, so that the guest's own output
 * keeps its place after what the plugins printed before it. */
static char out_buf[1 << 18];   /* the log's buffer for the process's life */
static bool out_to_stderr;      /* set once, before any guest thread */

void plugin_output_init(void)
{
    if (!log_enabled(LOG_PLUGIN))
        return;
    FILE *f = log_file();
    fflush(f);
    setvbuf(f, out_buf, _IOFBF, sizeof(out_buf));
    out_to_stderr = f == stderr;
}

void plugin_output_sync(void)
{
    if (out_to_stderr)
        fflush(stderr);
}

void qemu_plugin_outs(const char *string)
{
    if (!string || !log_enabled(LOG_PLUGIN))
        return;
    FILE *f = log_file();
    size_t n = strlen(string);
    flockfile(f);
    /* Each string goes out in one write, as with a flush per call, so that
     * processes sharing the log (after fork) do not cut each other's
     * lines: make room first rather than let stdio split it. */
    if (__fpending(f) + n > sizeof(out_buf))
        fflush_unlocked(f);
    fputs_unlocked(string, f);
    funlockfile(f);
}

bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret)
{
    if (!name || !val || !ret)
        return false;
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (!strcmp(val, yes[i])) {
            *ret = true;
            return true;
        }
        if (!strcmp(val, no[i])) {
            *ret = false;
            return true;
        }
    }
    return false;
}

const char *qemu_plugin_path_to_binary(void) { return g_strdup(guest_image.exec_path); }
uint64_t qemu_plugin_start_code(void) { return guest_image.start_code; }
uint64_t qemu_plugin_end_code(void) { return guest_image.end_code; }
uint64_t qemu_plugin_entry_code(void) { return guest_image.entry_code; }

/* ---- scoreboards ---- */

struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size)
{
    struct qemu_plugin_scoreboard *sb = calloc(1, sizeof(*sb));
    if (!sb)
        return NULL;
    sb->element_size = element_size ? element_size : 1;
    size_t page = GUEST_PAGE_SIZE;
    sb->map_size = (sb->element_size * PLUGIN_MAX_VCPUS + page - 1) & ~(page - 1);
    /* Reserved whole so that entries never move: inline operations embed
     * the address. Pages appear (zeroed) when a vCPU first touches them. */
    void *p = mmap(NULL, sb->map_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        free(sb);
        return NULL;
    }
    sb->data = p;
    plugin_scoreboard_cache(sb);
    return sb;
}

void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score)
{
    if (!score)
        return;
    plugin_scoreboard_uncache(score);
    munmap(score->data, score->map_size);
    free(score);
}

void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score, unsigned int vcpu_index)
{
    if (!score || vcpu_index >= PLUGIN_MAX_VCPUS)
        return NULL;
    return score->data + (size_t)vcpu_index * score->element_size;
}

static uint8_t *u64_at(qemu_plugin_u64 e, unsigned int vcpu_index)
{
    uint8_t *p = qemu_plugin_scoreboard_find(e.score, vcpu_index);
    return p ? p + e.offset : NULL;
}

void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index, uint64_t added)
{
    uint8_t *p = u64_at(entry, vcpu_index);
    if (!p)
        return;
    uint64_t v;
    memcpy(&v, p, 8);
    v += added;
    memcpy(p, &v, 8);
}

uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index)
{
    uint8_t *p = u64_at(entry, vcpu_index);
    uint64_t v = 0;
    if (p)
        memcpy(&v, p, 8);
    return v;
}

void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index, uint64_t val)
{
    uint8_t *p = u64_at(entry, vcpu_index);
    if (p)
        memcpy(p, &val, 8);
}

uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry)
{
    uint64_t total = 0;
    int n = plugin_num_vcpus();
    for (int i = 0; i < n; i++)
        total += qemu_plugin_u64_get(entry, (unsigned)i);
    return total;
}
