/*
 * qemu-plugin.h: the QEMU TCG plugin API, versions 1 to 7, as peek
 * provides it.
 *
 * This is peek's own text of the interface that QEMU offers to TCG
 * plugins. Names, types, enum values and structure layouts are those of
 * QEMU's API so that a plugin written for QEMU compiles against this file
 * unchanged and loads into peek; the comments describe what peek does.
 *
 * One header serves every API version. Pick the one a plugin was written
 * for with
 *
 *     -DQEMU_PLUGIN_VERSION=N          (1 to 7; 7, the newest, by default)
 *
 * or with pkg-config --cflags peek-plugin-vN, which points at
 * <includedir>/peek/vN/qemu-plugin.h, a two-line header that sets the same
 * define. Each version declares exactly the prototypes and callback shapes
 * QEMU's header of that era had, so that plugins of every QEMU release
 * build unmodified:
 *
 *   version  QEMU       what changed
 *   1        4.2-8.2    the original API: callbacks receive the plugin id;
 *                       inline operations on a raw pointer;
 *                       qemu_plugin_n_vcpus(); qemu_plugin_insn_data()
 *                       returns a pointer to the bytes
 *   2        9.0        per-vCPU scoreboards and *_inline_per_vcpu replace
 *                       the raw-pointer inline operations and n_vcpus;
 *                       qemu_plugin_num_vcpus(); registers
 *                       (qemu_plugin_read_register() returns an int)
 *   3        9.1-9.2    qemu_plugin_insn_data() copies into a buffer;
 *                       conditional callbacks, INLINE_STORE_U64, time
 *                       control, qemu_plugin_mem_get_value()
 *   4        10.0       qemu_plugin_read_memory_vaddr()
 *   5        10.1-10.2  qemu_plugin_write_register() (int),
 *                       write_memory_vaddr(), read/write_memory_hwaddr(),
 *                       translate_vaddr(); discontinuity callbacks (10.2)
 *   6        11.0       read/write_register() return bool; set_pc();
 *                       QEMU_PLUGIN_CB_RW_REGS_PC; the syscall filter;
 *                       register descriptors gain is_readonly
 *   7        11.1       every callback receives the userdata given at
 *                       registration, and none receives the plugin id
 *
 * A plugin is a shared object that exports two symbols:
 *
 *     QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;
 *     QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
 *                                                const qemu_info_t *info,
 *                                                int argc, char **argv);
 *
 * and calls the qemu_plugin_* functions below, which the emulator exports.
 * Build one with
 *
 *     gcc -shared -fPIC $(pkg-config --cflags peek-plugin) plugin.c -o plugin.so
 *
 * peek runs a plugin built against any of these versions and gives it the
 * behaviour its version promised (one exported symbol serves all of them).
 */
#ifndef QEMU_QEMU_PLUGIN_H
#define QEMU_QEMU_PLUGIN_H

#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>

#ifndef QEMU_PLUGIN_VERSION
#define QEMU_PLUGIN_VERSION 7
#endif
#if QEMU_PLUGIN_VERSION < 1 || QEMU_PLUGIN_VERSION > 7
#error "QEMU_PLUGIN_VERSION must be 1 to 7 (the plugin API versions peek implements)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* QEMU_PLUGIN_EXPORT marks the two symbols the emulator looks up in a
 * plugin; a plugin built with -fvisibility=hidden may use QEMU_PLUGIN_LOCAL
 * for everything else. QEMU_PLUGIN_API marks the emulator's functions. */
#if defined _WIN32 || defined __CYGWIN__
  #ifdef CONFIG_PLUGIN
    #define QEMU_PLUGIN_EXPORT __declspec(dllimport)
    #define QEMU_PLUGIN_API __declspec(dllexport)
  #else
    #define QEMU_PLUGIN_EXPORT __declspec(dllexport)
    #define QEMU_PLUGIN_API __declspec(dllimport)
  #endif
  #define QEMU_PLUGIN_LOCAL
#else
  #define QEMU_PLUGIN_EXPORT __attribute__((visibility("default")))
  #define QEMU_PLUGIN_LOCAL  __attribute__((visibility("hidden")))
  #define QEMU_PLUGIN_API
#endif

/* Identifies one loaded plugin in every registration call. Opaque. */
typedef uint64_t qemu_plugin_id_t;

/* The API version the plugin was built for (QEMU_PLUGIN_VERSION). The
 * emulator refuses versions outside [info->version.min,
 * info->version.cur]. */
extern QEMU_PLUGIN_EXPORT int qemu_plugin_version;

/* What the emulator tells a plugin at install time. Valid only during
 * qemu_plugin_install(): copy what you need. */
typedef struct qemu_info_t {
    const char *target_name;      /* guest architecture, e.g. "riscv64" */
    struct {
        int min;                  /* oldest API version accepted */
        int cur;                  /* newest API version implemented */
    } version;
    bool system_emulation;        /* false for user-mode emulators like peek */
    union {
        struct {
            int smp_vcpus;        /* system emulation: vCPUs at start */
            int max_vcpus;        /* system emulation: vCPU limit */
        } system;
    };
} qemu_info_t;

/* Called once when the plugin is loaded, with the plugin's arguments
 * (argv[i] is "name=value"; the strings stay valid as long as the plugin is
 * loaded). Register callbacks here. Return 0 to accept, non-zero to make
 * the emulator stop with an error. Do not call qemu_plugin_uninstall()
 * from here. */
QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info,
                                           int argc, char **argv);

/* Callback shapes. userdata is whatever pointer was passed when the
 * callback was registered. Up to version 6 the callbacks without a vCPU
 * receive the plugin id, and so do the vCPU life-cycle ones. */
#if QEMU_PLUGIN_VERSION >= 7
typedef void (*qemu_plugin_udata_cb_t)(void *userdata);
#else
typedef void (*qemu_plugin_simple_cb_t)(qemu_plugin_id_t id);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_simple_cb_t)(qemu_plugin_id_t id,
                                             unsigned int vcpu_index);
#endif
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index,
                                            void *userdata);

#if QEMU_PLUGIN_VERSION >= 5
/* Kinds of control-flow discontinuity, as a bit mask for registration.
 * In user mode, peek reports a synchronous fault delivered to a guest
 * signal handler as an EXCEPTION, an asynchronous signal delivered to a
 * handler as an INTERRUPT, and every system call as a HOSTCALL. */
enum qemu_plugin_discon_type {
    QEMU_PLUGIN_DISCON_INTERRUPT = 1 << 0,
    QEMU_PLUGIN_DISCON_EXCEPTION = 1 << 1,
    QEMU_PLUGIN_DISCON_HOSTCALL = 1 << 2,
    QEMU_PLUGIN_DISCON_ALL = -1
};

/* A discontinuity has happened on vcpu_index. from_pc is the instruction
 * that raised the exception or made the host call, or (interrupt) the one
 * that would have run next; to_pc is where execution continues. Called
 * after the vCPU state was updated for the event. */
#if QEMU_PLUGIN_VERSION >= 7
typedef void (*qemu_plugin_vcpu_discon_cb_t)(unsigned int vcpu_index,
                                             enum qemu_plugin_discon_type type,
                                             uint64_t from_pc, uint64_t to_pc,
                                             void *userdata);
#else
typedef void (*qemu_plugin_vcpu_discon_cb_t)(qemu_plugin_id_t id,
                                             unsigned int vcpu_index,
                                             enum qemu_plugin_discon_type type,
                                             uint64_t from_pc, uint64_t to_pc);
#endif
#endif

/* Remove the plugin. This is asynchronous: callbacks may still arrive
 * until cb runs, which happens once every vCPU has been seen outside
 * translated code and all instrumentation of the plugin is gone; then
 * peek unloads the plugin (dlclose), which runs its destructors. May be
 * called from any callback, but not from qemu_plugin_install().
 *
 * qemu_plugin_reset() drops every callback and instrumentation of the
 * plugin but keeps it loaded; as asynchronous. cb may register new
 * callbacks. */
#if QEMU_PLUGIN_VERSION >= 7
QEMU_PLUGIN_API
void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                           void *userdata);
QEMU_PLUGIN_API
void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb,
                       void *userdata);
#else
QEMU_PLUGIN_API
void qemu_plugin_uninstall(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_reset(qemu_plugin_id_t id, qemu_plugin_simple_cb_t cb);
#endif

/* vCPU life cycle. In user mode a vCPU is a guest thread: init runs on the
 * new thread before its first instruction, exit when it ends (not for the
 * last thread of the process: its end is the atexit callback). peek calls
 * idle before a guest thread may block in a host system call and resume
 * after it returns. */
#if QEMU_PLUGIN_VERSION >= 7
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_udata_cb_t cb,
                                       void *userdata);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_udata_cb_t cb,
                                       void *userdata);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_udata_cb_t cb,
                                       void *userdata);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id,
                                         qemu_plugin_vcpu_udata_cb_t cb,
                                         void *userdata);
#else
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_init_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_exit_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_idle_cb(qemu_plugin_id_t id,
                                       qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_resume_cb(qemu_plugin_id_t id,
                                         qemu_plugin_vcpu_simple_cb_t cb);
#endif

/* Call cb for every discontinuity whose kind is in the mask type. */
#if QEMU_PLUGIN_VERSION >= 7
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
                                         enum qemu_plugin_discon_type type,
                                         qemu_plugin_vcpu_discon_cb_t cb,
                                         void *userdata);
#elif QEMU_PLUGIN_VERSION >= 5
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_discon_cb(qemu_plugin_id_t id,
                                         enum qemu_plugin_discon_type type,
                                         qemu_plugin_vcpu_discon_cb_t cb);
#endif

/* Opaque handles, valid only inside the callback that received them. */
struct qemu_plugin_tb;
struct qemu_plugin_insn;

#if QEMU_PLUGIN_VERSION >= 2
struct qemu_plugin_scoreboard;

/* One uint64_t inside every per-vCPU entry of a scoreboard: the entry of
 * vCPU i starts at i * element_size, and the counter is offset bytes in. */
typedef struct {
    struct qemu_plugin_scoreboard *score;
    size_t offset;
} qemu_plugin_u64;
#endif

/* What an execution callback does with guest registers. Reading needs
 * R_REGS, writing RW_REGS, qemu_plugin_set_pc() RW_REGS_PC. */
enum qemu_plugin_cb_flags {
    QEMU_PLUGIN_CB_NO_REGS,
    QEMU_PLUGIN_CB_R_REGS,
    QEMU_PLUGIN_CB_RW_REGS,
#if QEMU_PLUGIN_VERSION >= 6
    QEMU_PLUGIN_CB_RW_REGS_PC,
#endif
};

/* Which memory accesses to instrument (a bit mask). */
enum qemu_plugin_mem_rw {
    QEMU_PLUGIN_MEM_R = 1,
    QEMU_PLUGIN_MEM_W,
    QEMU_PLUGIN_MEM_RW,
};

#if QEMU_PLUGIN_VERSION >= 3
enum qemu_plugin_mem_value_type {
    QEMU_PLUGIN_MEM_VALUE_U8,
    QEMU_PLUGIN_MEM_VALUE_U16,
    QEMU_PLUGIN_MEM_VALUE_U32,
    QEMU_PLUGIN_MEM_VALUE_U64,
    QEMU_PLUGIN_MEM_VALUE_U128,
};

/* The value a load read or a store wrote, in host byte order, in the
 * member that matches its size. */
typedef struct {
    enum qemu_plugin_mem_value_type type;
    union {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
        struct {
            uint64_t low;
            uint64_t high;
        } u128;
    } data;
} qemu_plugin_mem_value;

/* Conditions of conditional callbacks: "entry cond imm", compared as
 * unsigned 64-bit numbers. */
enum qemu_plugin_cond {
    QEMU_PLUGIN_COND_NEVER,
    QEMU_PLUGIN_COND_ALWAYS,
    QEMU_PLUGIN_COND_EQ,
    QEMU_PLUGIN_COND_NE,
    QEMU_PLUGIN_COND_LT,
    QEMU_PLUGIN_COND_LE,
    QEMU_PLUGIN_COND_GT,
    QEMU_PLUGIN_COND_GE,
};
#endif

/* A block of guest code is being translated: inspect its instructions and
 * attach execution callbacks and inline operations to the block or to
 * single instructions. Runs before the block first executes; the same
 * address may be translated more than once, and a translated block may
 * never run. */
#if QEMU_PLUGIN_VERSION >= 7
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(struct qemu_plugin_tb *tb,
                                               void *userdata);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb,
                                           void *userdata);
#else
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id,
                                               struct qemu_plugin_tb *tb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
                                           qemu_plugin_vcpu_tb_trans_cb_t cb);
#endif

/* Call cb each time the block starts executing. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
                                          qemu_plugin_vcpu_udata_cb_t cb,
                                          enum qemu_plugin_cb_flags flags,
                                          void *userdata);

#if QEMU_PLUGIN_VERSION >= 3
/* Call cb each time the block starts executing and "entry cond imm" holds
 * for the executing vCPU's entry. COND_ALWAYS is the plain callback;
 * COND_NEVER registers nothing. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_cond_cb(struct qemu_plugin_tb *tb,
                                               qemu_plugin_vcpu_udata_cb_t cb,
                                               enum qemu_plugin_cb_flags flags,
                                               enum qemu_plugin_cond cond,
                                               qemu_plugin_u64 entry,
                                               uint64_t imm,
                                               void *userdata);
#endif

/* Inline operations, done by the translated code itself without a call. */
enum qemu_plugin_op {
    QEMU_PLUGIN_INLINE_ADD_U64,     /* entry += imm */
#if QEMU_PLUGIN_VERSION >= 3
    QEMU_PLUGIN_INLINE_STORE_U64,   /* entry = imm */
#endif
};

#if QEMU_PLUGIN_VERSION >= 2
/* Do op on the executing vCPU's entry each time the block starts. Per-vCPU
 * entries make the counts exact with any number of guest threads. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_inline_per_vcpu(
    struct qemu_plugin_tb *tb,
    enum qemu_plugin_op op,
    qemu_plugin_u64 entry,
    uint64_t imm);
#else
/* Do op on the uint64_t at ptr each time the block starts (one counter for
 * all vCPUs: not atomic, so inexact with several guest threads). */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
                                              enum qemu_plugin_op op,
                                              void *ptr, uint64_t imm);
#endif

/* Call cb each time the instruction is about to execute. It will be
 * dispatched but may not complete (it may fault). */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
                                            qemu_plugin_vcpu_udata_cb_t cb,
                                            enum qemu_plugin_cb_flags flags,
                                            void *userdata);

#if QEMU_PLUGIN_VERSION >= 3
/* As above, only when "entry cond imm" holds. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_cond_cb(
    struct qemu_plugin_insn *insn,
    qemu_plugin_vcpu_udata_cb_t cb,
    enum qemu_plugin_cb_flags flags,
    enum qemu_plugin_cond cond,
    qemu_plugin_u64 entry,
    uint64_t imm,
    void *userdata);
#endif

#if QEMU_PLUGIN_VERSION >= 2
/* Do op on the executing vCPU's entry before the instruction executes. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_inline_per_vcpu(
    struct qemu_plugin_insn *insn,
    enum qemu_plugin_op op,
    qemu_plugin_u64 entry,
    uint64_t imm);
#else
/* Do op on the uint64_t at ptr before the instruction executes. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *insn,
                                                enum qemu_plugin_op op,
                                                void *ptr, uint64_t imm);
#endif

/* Queries on a block and its instructions (inside tb_trans only). */
QEMU_PLUGIN_API
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
QEMU_PLUGIN_API
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
/* The idx-th instruction (from 0), or NULL past the end. */
QEMU_PLUGIN_API
struct qemu_plugin_insn *
qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);

#if QEMU_PLUGIN_VERSION >= 3
/* Copy up to len bytes of the instruction's encoding into dest; returns
 * how many were copied (the smaller of len and the instruction size). */
QEMU_PLUGIN_API
size_t qemu_plugin_insn_data(const struct qemu_plugin_insn *insn,
                             void *dest, size_t len);
#else
/* The instruction's encoding (qemu_plugin_insn_size() bytes), valid
 * during the tb_trans callback. */
QEMU_PLUGIN_API
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
#endif
QEMU_PLUGIN_API
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
QEMU_PLUGIN_API
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *insn);
/* Host address of the instruction's bytes (user mode: guest memory as the
 * emulator maps it). */
QEMU_PLUGIN_API
void *qemu_plugin_insn_haddr(const struct qemu_plugin_insn *insn);

/* Describes one memory access inside a memory callback. Opaque. */
typedef uint32_t qemu_plugin_meminfo_t;
/* Physical-address information (system emulation only). */
struct qemu_plugin_hwaddr;

/* log2 of the access size in bytes: 0 for a byte ... 3 for 8 bytes. */
QEMU_PLUGIN_API
unsigned int qemu_plugin_mem_size_shift(qemu_plugin_meminfo_t info);
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_sign_extended(qemu_plugin_meminfo_t info);
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_big_endian(qemu_plugin_meminfo_t info);
QEMU_PLUGIN_API
bool qemu_plugin_mem_is_store(qemu_plugin_meminfo_t info);
#if QEMU_PLUGIN_VERSION >= 3
/* The value loaded or stored by the access being reported. */
QEMU_PLUGIN_API
qemu_plugin_mem_value qemu_plugin_mem_get_value(qemu_plugin_meminfo_t info);
#endif

/* Physical address handle of an access; NULL in user mode. Valid only
 * during the memory callback. */
QEMU_PLUGIN_API
struct qemu_plugin_hwaddr *qemu_plugin_get_hwaddr(qemu_plugin_meminfo_t info,
                                                  uint64_t vaddr);
/* Does the access go to a device (false for RAM and in user mode)? */
QEMU_PLUGIN_API
bool qemu_plugin_hwaddr_is_io(const struct qemu_plugin_hwaddr *haddr);
/* The physical address (0 in user mode). Different address spaces may
 * reuse the same number. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_hwaddr_phys_addr(const struct qemu_plugin_hwaddr *haddr);
/* Name of the device behind the access; user mode has none ("Invalid").
 * The string lives as long as the plugin. */
QEMU_PLUGIN_API
const char *qemu_plugin_hwaddr_device_name(const struct qemu_plugin_hwaddr *h);

/* A memory access of an instrumented instruction has completed (faulting
 * accesses are never reported). */
typedef void (*qemu_plugin_vcpu_mem_cb_t)(unsigned int vcpu_index,
                                          qemu_plugin_meminfo_t info,
                                          uint64_t vaddr,
                                          void *userdata);

/* Call cb after every access of the kinds in rw made by the instruction;
 * an instruction without such accesses never calls it. Other vCPUs keep
 * running during the callback. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_cb(struct qemu_plugin_insn *insn,
                                      qemu_plugin_vcpu_mem_cb_t cb,
                                      enum qemu_plugin_cb_flags flags,
                                      enum qemu_plugin_mem_rw rw,
                                      void *userdata);

#if QEMU_PLUGIN_VERSION >= 2
/* Do op on the executing vCPU's entry after each such access. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_inline_per_vcpu(
    struct qemu_plugin_insn *insn,
    enum qemu_plugin_mem_rw rw,
    enum qemu_plugin_op op,
    qemu_plugin_u64 entry,
    uint64_t imm);
#else
/* Do op on the uint64_t at ptr after each such access. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_mem_inline(struct qemu_plugin_insn *insn,
                                          enum qemu_plugin_mem_rw rw,
                                          enum qemu_plugin_op op, void *ptr,
                                          uint64_t imm);
#endif

#if QEMU_PLUGIN_VERSION >= 3
/* Ask to control the guest's clock: the first caller gets a handle, later
 * ones NULL. In user mode the guest sees host time, so
 * qemu_plugin_update_ns() changes nothing. */
QEMU_PLUGIN_API
const void *qemu_plugin_request_time_control(void);
QEMU_PLUGIN_API
void qemu_plugin_update_ns(const void *handle, int64_t time);
#endif

/* System calls, with the guest's raw arguments (unused ones are 0): the
 * syscall callback runs before the emulator handles the call, filters
 * after the syscall callbacks (return true to skip the call; *sysret is
 * then its result), the return callback after the call, before the guest
 * sees its result. */
#if QEMU_PLUGIN_VERSION >= 7
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(unsigned int vcpu_index,
                                              int64_t num, uint64_t a1,
                                              uint64_t a2, uint64_t a3,
                                              uint64_t a4, uint64_t a5,
                                              uint64_t a6, uint64_t a7,
                                              uint64_t a8, void *userdata);
typedef bool (*qemu_plugin_vcpu_syscall_filter_cb_t)(unsigned int vcpu_index,
                                                     int64_t num, uint64_t a1,
                                                     uint64_t a2, uint64_t a3,
                                                     uint64_t a4, uint64_t a5,
                                                     uint64_t a6, uint64_t a7,
                                                     uint64_t a8,
                                                     uint64_t *sysret,
                                                     void *userdata);
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(unsigned int vcpu_index,
                                                  int64_t num, int64_t ret,
                                                  void *userdata);

QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
                                          qemu_plugin_vcpu_syscall_cb_t cb,
                                          void *userdata);
/* The first filter that returns true decides the result. */
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_filter_cb(qemu_plugin_id_t id,
                                                 qemu_plugin_vcpu_syscall_filter_cb_t cb,
                                                 void *userdata);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                              qemu_plugin_vcpu_syscall_ret_cb_t cb,
                                              void *userdata);
#else
typedef void (*qemu_plugin_vcpu_syscall_cb_t)(qemu_plugin_id_t id,
                                              unsigned int vcpu_index,
                                              int64_t num, uint64_t a1,
                                              uint64_t a2, uint64_t a3,
                                              uint64_t a4, uint64_t a5,
                                              uint64_t a6, uint64_t a7,
                                              uint64_t a8);
typedef void (*qemu_plugin_vcpu_syscall_ret_cb_t)(qemu_plugin_id_t id,
                                                  unsigned int vcpu_idx,
                                                  int64_t num, int64_t ret);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t id,
                                          qemu_plugin_vcpu_syscall_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t id,
                                              qemu_plugin_vcpu_syscall_ret_cb_t cb);
#if QEMU_PLUGIN_VERSION == 6
typedef bool (*qemu_plugin_vcpu_syscall_filter_cb_t)(qemu_plugin_id_t id,
                                                     unsigned int vcpu_index,
                                                     int64_t num, uint64_t a1,
                                                     uint64_t a2, uint64_t a3,
                                                     uint64_t a4, uint64_t a5,
                                                     uint64_t a6, uint64_t a7,
                                                     uint64_t a8,
                                                     uint64_t *sysret);
QEMU_PLUGIN_API
void qemu_plugin_register_vcpu_syscall_filter_cb(qemu_plugin_id_t id,
                                                 qemu_plugin_vcpu_syscall_filter_cb_t cb);
#endif
#endif

/* The instruction's disassembly, allocated: release it with g_free(). */
QEMU_PLUGIN_API
char *qemu_plugin_insn_disas(const struct qemu_plugin_insn *insn);

/* Name of the function containing the instruction, from the main
 * program's symbol table, or NULL. The string is not to be freed. */
QEMU_PLUGIN_API
const char *qemu_plugin_insn_symbol(const struct qemu_plugin_insn *insn);

/* qemu_plugin_vcpu_for_each() calls cb now, on the calling thread, once
 * for every live vCPU. The flush callback runs whenever the whole
 * translation cache is dropped, with every vCPU stopped: forget per-block
 * data there. */
#if QEMU_PLUGIN_VERSION >= 7
QEMU_PLUGIN_API
void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id,
                               qemu_plugin_vcpu_udata_cb_t cb,
                               void *userdata);
QEMU_PLUGIN_API
void qemu_plugin_register_flush_cb(qemu_plugin_id_t id,
                                   qemu_plugin_udata_cb_t cb,
                                   void *userdata);
#else
QEMU_PLUGIN_API
void qemu_plugin_vcpu_for_each(qemu_plugin_id_t id,
                               qemu_plugin_vcpu_simple_cb_t cb);
QEMU_PLUGIN_API
void qemu_plugin_register_flush_cb(qemu_plugin_id_t id,
                                   qemu_plugin_simple_cb_t cb);
#endif

/* Called once when the guest program ends; the place to print results and
 * free everything. Other guest threads may still run a few uninstrumented
 * instructions meanwhile. After the atexit callbacks peek runs the
 * destructors of every plugin still loaded. */
QEMU_PLUGIN_API
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id,
                                    qemu_plugin_udata_cb_t cb, void *userdata);

#if QEMU_PLUGIN_VERSION >= 2
/* One more than the highest vCPU index started so far. */
QEMU_PLUGIN_API
int qemu_plugin_num_vcpus(void);
#else
/* vCPUs at start and at most: system emulation only, -1 in user mode. */
QEMU_PLUGIN_API
int qemu_plugin_n_vcpus(void);
QEMU_PLUGIN_API
int qemu_plugin_n_max_vcpus(void);
#endif

/* Write string to the emulator's log: shown only with "-d plugin", on
 * stderr or in the "-D" file. */
QEMU_PLUGIN_API
void qemu_plugin_outs(const char *string);

/* Parse val as a boolean argument called name: on/yes/true/y give true,
 * off/no/false/n give false. Returns false if val is none of them. */
QEMU_PLUGIN_API
bool qemu_plugin_bool_parse(const char *name, const char *val, bool *ret);

/* Path of the guest program, allocated: release it with g_free(). */
QEMU_PLUGIN_API
const char *qemu_plugin_path_to_binary(void);

/* Start and end of the main program's text, and its entry point. */
QEMU_PLUGIN_API
uint64_t qemu_plugin_start_code(void);
QEMU_PLUGIN_API
uint64_t qemu_plugin_end_code(void);
QEMU_PLUGIN_API
uint64_t qemu_plugin_entry_code(void);

#if QEMU_PLUGIN_VERSION >= 2
/* Guest registers, named as in the GDB target description of the guest. */
struct qemu_plugin_register;

typedef struct {
    struct qemu_plugin_register *handle;  /* for read/write_register */
    const char *name;                     /* e.g. "a0", "pc", "ft0" */
    const char *feature;                  /* GDB feature, may be NULL */
#if QEMU_PLUGIN_VERSION >= 6
    bool is_readonly;                     /* pc: use qemu_plugin_set_pc() */
#endif
} qemu_plugin_reg_descriptor;

/* Every register of the current vCPU, as a GArray of
 * qemu_plugin_reg_descriptor; free the array (not the strings). Use from
 * a vCPU callback, typically vcpu_init. */
QEMU_PLUGIN_API
GArray *qemu_plugin_get_registers(void);

/* Append the register's value (guest byte order) to buf. Allowed in
 * callbacks registered with R_REGS or more, and in callbacks that take no
 * flags, except atexit and flush (versions 2 to 4 did not check the
 * flags). Up to version 5 the result is the number of bytes read, or -1;
 * from version 6 true or false. */
#if QEMU_PLUGIN_VERSION >= 6
QEMU_PLUGIN_API
bool qemu_plugin_read_register(struct qemu_plugin_register *handle,
                               GByteArray *buf);
#else
QEMU_PLUGIN_API
int qemu_plugin_read_register(struct qemu_plugin_register *handle,
                              GByteArray *buf);
#endif
#endif

#if QEMU_PLUGIN_VERSION >= 5
/* Set the register from the first bytes of buf (at least its size).
 * Allowed where RW_REGS was asked for, and in callbacks that take no
 * flags, except atexit and flush. Read-only registers refuse. Version 5:
 * bytes written or -1; from version 6 true or false. */
#if QEMU_PLUGIN_VERSION >= 6
QEMU_PLUGIN_API
bool qemu_plugin_write_register(struct qemu_plugin_register *handle,
                                GByteArray *buf);
#else
QEMU_PLUGIN_API
int qemu_plugin_write_register(struct qemu_plugin_register *handle,
                               GByteArray *buf);
#endif
#endif

#if QEMU_PLUGIN_VERSION >= 6
/* Continue the current vCPU at vaddr, leaving the callback at once. For
 * execution and memory callbacks registered with RW_REGS_PC, and for the
 * syscall, syscall filter and discontinuity callbacks. */
QEMU_PLUGIN_API
__attribute__((__noreturn__))
void qemu_plugin_set_pc(uint64_t vaddr);
#endif

#if QEMU_PLUGIN_VERSION >= 4
/* Read len (> 0) bytes of guest memory at addr into data (resized as
 * needed). False if any byte is not readable. */
QEMU_PLUGIN_API
bool qemu_plugin_read_memory_vaddr(uint64_t addr,
                                   GByteArray *data, size_t len);
#endif

#if QEMU_PLUGIN_VERSION >= 5
/* Write data into guest memory at addr. False if any byte is not
 * writable by the guest. Translated code of the block that is running is
 * not affected until the block ends. */
QEMU_PLUGIN_API
bool qemu_plugin_write_memory_vaddr(uint64_t addr,
                                    GByteArray *data);

/* Outcome of a physical-address access. */
enum qemu_plugin_hwaddr_operation_result {
    QEMU_PLUGIN_HWADDR_OPERATION_OK,
    QEMU_PLUGIN_HWADDR_OPERATION_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_DEVICE_ERROR,
    QEMU_PLUGIN_HWADDR_OPERATION_ACCESS_DENIED,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS,
    QEMU_PLUGIN_HWADDR_OPERATION_INVALID_ADDRESS_SPACE,
};

/* Physical memory access and translation: system emulation only; user
 * mode answers ERROR / false. */
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_read_memory_hwaddr(uint64_t addr, GByteArray *data, size_t len);
QEMU_PLUGIN_API
enum qemu_plugin_hwaddr_operation_result
qemu_plugin_write_memory_hwaddr(uint64_t addr, GByteArray *data);
QEMU_PLUGIN_API
bool qemu_plugin_translate_vaddr(uint64_t vaddr, uint64_t *hwaddr);
#endif

#if QEMU_PLUGIN_VERSION >= 2
/* A scoreboard holds one zeroed entry of element_size bytes per vCPU, and
 * gains entries as vCPUs appear. Free it with qemu_plugin_scoreboard_free
 * once no instrumentation refers to it. */
QEMU_PLUGIN_API
struct qemu_plugin_scoreboard *qemu_plugin_scoreboard_new(size_t element_size);
QEMU_PLUGIN_API
void qemu_plugin_scoreboard_free(struct qemu_plugin_scoreboard *score);

/* Address of vCPU vcpu_index's entry. (peek never moves entries, but the
 * API allows it: do not keep the pointer across vCPU creation.) */
QEMU_PLUGIN_API
void *qemu_plugin_scoreboard_find(struct qemu_plugin_scoreboard *score,
                                  unsigned int vcpu_index);

/* The qemu_plugin_u64 of a whole-uint64_t scoreboard, or of one member of
 * a scoreboard of structs. */
#define qemu_plugin_scoreboard_u64(score) \
    (qemu_plugin_u64) {score, 0}
#define qemu_plugin_scoreboard_u64_in_struct(score, type, member) \
    (qemu_plugin_u64) {score, offsetof(type, member)}

/* Access one vCPU's counter, or add up every vCPU's. */
QEMU_PLUGIN_API
void qemu_plugin_u64_add(qemu_plugin_u64 entry, unsigned int vcpu_index,
                         uint64_t added);
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_get(qemu_plugin_u64 entry, unsigned int vcpu_index);
QEMU_PLUGIN_API
void qemu_plugin_u64_set(qemu_plugin_u64 entry, unsigned int vcpu_index,
                         uint64_t val);
QEMU_PLUGIN_API
uint64_t qemu_plugin_u64_sum(qemu_plugin_u64 entry);
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* QEMU_QEMU_PLUGIN_H */
