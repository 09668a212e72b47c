/*
 * The harts: one host thread each (-accel thread=multi, the default) or
 * all on one thread in turn (thread=single), running translated code and,
 * between blocks, taking interrupts, delivering exceptions as the guest's
 * traps and waiting in wfi; their interrupt lines (hw.h's sys_hart_irq)
 * and the per-hart timer of the guest's system part.
 *
 * thread=single runs the harts round-robin in time slices: 1 ms of host
 * time (a timer of the I/O thread ends the slice), or with -icount
 * RR_SLICE_INSNS instructions, so that the order of the harts' steps, and
 * with it the whole run, is the same every time. A hart leaves its slice
 * early when it waits in wfi, and when an interrupt becomes pending for
 * another hart (an IPI, a timer, a device), so that it is taken promptly.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "exec/exec.h"
#include "exec/guest.h"
#include "exec/log.h"
#include "plugin/plugin.h"
#include "system/system.h"
#include "util/util.h"

/* A hart's host-side state. */
typedef struct Hart {
    CPUState *cpu;
    pthread_t thread;
    pthread_mutex_t lock;      /* with wake: a hart waiting in wfi */
    pthread_cond_t wake;
    unsigned kicks;            /* under lock: softmmu_cpu_kick() calls */
    unsigned kicks_seen;       /* under lock: kicks when the last wfi ended */
    /* The hart's own thread only: its wfi at spin_pc found an interrupt
     * already pending spins times in a row (hart_wait). */
    uint64_t spin_pc;
    unsigned spins;
    long spin_ns;              /* the next such sleep's limit */
    SysTimer *timer;           /* softmmu_cpu_timer() */
    bool idle;                 /* thread=single: waiting in wfi */
} Hart;

/*
 * A guest may poll memory with wfi as its pause while an interrupt it
 * does not take stays pending, and then wfi falls through every time:
 * OpenSBI 1.1's stopped harts do, waiting in sbi_hsm_hart_wait with the
 * IPI that woke them from the cold-boot wait still pending. Polling so
 * fast exposes a race in that firmware: sbi_hsm_hart_start makes the
 * state START_PENDING before it stores the start address, and a hart that
 * looks in between jumps to the old one, the kernel's entry, which clears
 * the running kernel's BSS (on peek a two-hart Linux boot hung about once
 * in 18 on a loaded host, as the starting hart's thread was translating
 * or descheduled in that window). So after SPIN_LIMIT such wfis in a row
 * at one pc, a wfi sleeps until the hart is kicked (an interrupt line,
 * the IPI sent after the start address is written, a stop) or a time
 * passes that doubles from SPIN_NS_FIRST to SPIN_NS_MAX while nothing
 * kicks: a hart may always be that slow, and the guest sees no difference
 * but fewer polls.
 */
#define SPIN_LIMIT 16
#define SPIN_NS_FIRST (1000 * 1000l)
#define SPIN_NS_MAX (1024 * 1000 * 1000l)

/* thread=single's slices: host time, or instructions with -icount. */
#define RR_SLICE_NS 1000000u
#define RR_SLICE_INSNS (1u << 20)

/* Created once by cpus_create() before anything runs, fixed afterwards. */
static Hart *harts;
static unsigned n_harts;

/* The machine powers off: set once (by whoever asks first, a device on
 * any thread), then every hart leaves translated code and the first to
 * notice ends peek. */
static int stop_requested;
static int stop_status;

/* -accel thread=single: set once by main before the harts run. */
bool sys_single_thread;
/* thread=single: the hart on the host thread now (NULL between slices),
 * and its slice's end, asked for by the slice timer or by an interrupt
 * for another hart from any thread (both atomic). */
static CPUState *rr_running;
static int rr_slice_over;
static SysTimer *rr_timer;     /* created before the harts run */

unsigned sys_num_harts(void) { return n_harts; }
CPUState *cpus_get(unsigned i) { return harts[i].cpu; }

static Hart *hart_of(CPUState *cpu) { return &harts[cpu->cpu_index]; }

void softmmu_cpu_kick(CPUState *cpu)
{
    Hart *h = hart_of(cpu);
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
    if (sys_single_thread) {
        CPUState *run = __atomic_load_n(&rr_running, __ATOMIC_ACQUIRE);
        if (run && run != cpu) {
            __atomic_store_n(&rr_slice_over, 1, __ATOMIC_RELEASE);
            __atomic_store_n(&run->exit_request, 1, __ATOMIC_RELEASE);
        }
        h = &harts[0];          /* the one thread waits on hart 0's */
    }
    pthread_mutex_lock(&h->lock);
    h->kicks++;
    pthread_cond_broadcast(&h->wake);
    pthread_mutex_unlock(&h->lock);
}

static void irq_line_set(void *opaque, int n, int level)
{
    CPUState *cpu = opaque;
    sys_arch->set_irq(cpu, (unsigned)n, level);
}

IRQ sys_hart_irq(unsigned hart, unsigned bit)
{
    peek_assert(hart < n_harts, "interrupt line of hart %u of %u", hart, n_harts);
    return (IRQ){ .set = irq_line_set, .opaque = harts[hart].cpu, .n = (int)bit };
}

static void hart_timer_cb(void *opaque)
{
    CPUState *cpu = opaque;
    sys_arch->timer_expired(cpu);
}

void softmmu_cpu_timer(CPUState *cpu, uint64_t deadline_ns)
{
    Hart *h = hart_of(cpu);
    if (sys_icount_shift >= 0)
        cpu->icount_limit = 0;      /* the loop looks at the deadlines again */
    sys_dev_lock();
    if (deadline_ns == UINT64_MAX)
        sys_timer_del(h->timer);
    else
        sys_timer_mod(h->timer, deadline_ns);
    sys_dev_unlock();
}

uint64_t cpus_icount(void)
{
    uint64_t n = 0;
    for (unsigned i = 0; i < n_harts; i++)
        n += __atomic_load_n(&harts[i].cpu->icount, __ATOMIC_RELAXED);
    return n;
}

/* -icount: run the timers that are due and stop translated code when the
 * next one is; with warp (every hart waits for an interrupt), first move
 * the clock to that deadline. False if warping finds no timer at all. */
static bool icount_timers(CPUState *cpu, bool warp)
{
    sys_dev_lock();
    uint64_t next = sys_timers_next_deadline();
    if (warp && next != UINT64_MAX) {
        uint64_t now = sys_clock_ns();
        if (next > now) {
            uint64_t step = ((next - now) + (1ull << sys_icount_shift) - 1) >> sys_icount_shift;
            __atomic_fetch_add(&cpu->icount, step, __ATOMIC_RELAXED);
        }
    }
    sys_timers_run();
    next = sys_timers_next_deadline();
    sys_dev_unlock();
    uint64_t now = sys_clock_ns();
    cpu->icount_limit = next == UINT64_MAX ? UINT64_MAX
                        : cpu->icount + (next > now ? ((next - now) >> sys_icount_shift) + 1 : 1);
    return !warp || next != UINT64_MAX;
}

CPUState *cpus_create(unsigned n, uint64_t reset_pc)
{
    harts = xcalloc(n, sizeof(Hart));
    n_harts = n;
    for (unsigned i = 0; i < n; i++) {
        CPUState *cpu = cpu_create_extra(sys_arch->guest, sizeof(SysCPU));
        cpu->cpu_index = (int)i;
        cpu->icount_limit = UINT64_MAX;
        harts[i].cpu = cpu;
        pthread_mutex_init(&harts[i].lock, NULL);
        pthread_cond_init(&harts[i].wake, NULL);
        harts[i].timer = sys_timer_new(hart_timer_cb, cpu);
        sys_cpu(cpu)->tlb_used = ~0u;   /* every entry is still zero */
        tlb_flush(cpu);
        sys_arch->reset(cpu, i, reset_pc);
    }
    return harts[0].cpu;
}

bool cpus_stopping(void) { return __atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE); }

void cpus_stop(int status)
{
    int expected = 0;
    if (!__atomic_compare_exchange_n(&stop_requested, &expected, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
        return;
    stop_status = status;
    for (unsigned i = 0; i < n_harts; i++)
        softmmu_cpu_kick(harts[i].cpu);
}

/* Outside translated code, after a stop request: the plugins' reports,
 * then exit; a later hart only waits for that. */
static _Noreturn void hart_stop(void)
{
    static int exiting;     /* the one hart that ends peek (atomic) */
    if (__atomic_exchange_n(&exiting, 1, __ATOMIC_ACQ_REL))
        for (;;)
            pause();
    plugin_user_exit();
    sys_poweroff_now(stop_status);
}

/* A wfi that finds an interrupt pending already: after SPIN_LIMIT in a
 * row at one pc, sleep until a kick since the last wfi, or h->spin_ns. Not
 * under -icount, where no host time may pass in a wait. Under h->lock. */
static void hart_spin_wait(Hart *h)
{
    uint64_t pc = cpu_get_pc(h->cpu);
    if (pc != h->spin_pc) {
        h->spin_pc = pc;
        h->spins = 0;
    }
    if (++h->spins <= SPIN_LIMIT || sys_icount_shift >= 0) {
        h->spin_ns = SPIN_NS_FIRST;
        return;
    }
    h->spins = SPIN_LIMIT + 1;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (until.tv_nsec + h->spin_ns) / 1000000000;
    until.tv_nsec = (until.tv_nsec + h->spin_ns) % 1000000000;
    while (h->kicks == h->kicks_seen && !__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE))
        if (pthread_cond_timedwait(&h->wake, &h->lock, &until) == ETIMEDOUT) {
            if (h->spin_ns < SPIN_NS_MAX)
                h->spin_ns *= 2;
            break;
        }
}

/* wfi: sleep until an interrupt is pending (enabled or not, as the spec
 * says wfi resumes) or the machine stops. */
static void hart_wait(Hart *h)
{
    if (sys_icount_shift >= 0) {
        /* no host time passes in a wait: the clock jumps to the next timer */
        while (!sys_arch->has_work(h->cpu) && !__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE) &&
               icount_timers(h->cpu, true))
            ;
    }
    pthread_mutex_lock(&h->lock);
    if (sys_arch->has_work(h->cpu))
        hart_spin_wait(h);
    else
        h->spins = 0;
    while (!sys_arch->has_work(h->cpu) && !__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE))
        pthread_cond_wait(&h->wake, &h->lock);
    h->kicks_seen = h->kicks;
    pthread_mutex_unlock(&h->lock);
}

static void log_trap(CPUState *cpu, int excp)
{
    if (excp == EXCP_ARCH)
        log_printf("hart %d: exception cause %d, tval 0x%016" PRIx64 " at pc 0x%016" PRIx64 "\n",
                   cpu->cpu_index, cpu->excp_code, cpu->excp_addr, cpu_get_pc(cpu));
    else
        log_printf("hart %d: exception %d at pc 0x%016" PRIx64 "\n", cpu->cpu_index, excp, cpu_get_pc(cpu));
}

/* Take a pending interrupt, run translated code and deliver what stopped
 * it; the reason it stopped (EXCP_HALTED: wfi). */
static int hart_step(CPUState *cpu)
{
    uint64_t from = cpu_get_pc(cpu);
    if (sys_arch->do_interrupt(cpu)) {
        hart_of(cpu)->spins = 0;
        plugin_discon(cpu, PLUGIN_DISCON_INTERRUPT, from, cpu_get_pc(cpu));
    }
    int excp = cpu_exec(cpu);
    switch (excp) {
    case EXCP_INTERRUPT:
    case EXCP_DEBUG:
    case EXCP_HALTED:
        break;
    default:
        if (log_enabled(LOG_INT))
            log_trap(cpu, excp);
        from = cpu_get_pc(cpu);
        hart_of(cpu)->spins = 0;
        sys_arch->do_exception(cpu, excp);
        plugin_discon(cpu, PLUGIN_DISCON_EXCEPTION, from, cpu_get_pc(cpu));
        break;
    }
    return excp;
}

static void *hart_main(void *arg)
{
    Hart *h = arg;
    CPUState *cpu = h->cpu;
    plugin_vcpu_init(cpu);
    for (;;) {
        if (__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE))
            hart_stop();
        if (sys_icount_shift >= 0)
            icount_timers(cpu, false);
        if (hart_step(cpu) == EXCP_HALTED) {
            /* with an interrupt pending, wfi does not wait, and the hart
             * is never idle (no idle/resume callbacks, as in QEMU); it may
             * only back off (hart_spin_wait) */
            if (sys_arch->has_work(cpu)) {
                hart_wait(h);
                continue;
            }
            plugin_vcpu_idle(cpu);
            hart_wait(h);
            plugin_vcpu_resume(cpu);
        }
    }
    return NULL;
}

/* ---- thread=single ---- */

static void rr_timer_cb(void *opaque)
{
    (void)opaque;
    CPUState *run = __atomic_load_n(&rr_running, __ATOMIC_ACQUIRE);
    __atomic_store_n(&rr_slice_over, 1, __ATOMIC_RELEASE);
    if (run)
        __atomic_store_n(&run->exit_request, 1, __ATOMIC_RELEASE);
}

static bool rr_runnable(const Hart *h) { return !h->idle || sys_arch->has_work(h->cpu); }

static bool rr_any_runnable(void)
{
    for (unsigned i = 0; i < n_harts; i++)
        if (rr_runnable(&harts[i]))
            return true;
    return false;
}

/* Every hart waits in wfi: as hart_wait, for all of them at once. */
static void rr_wait_all(void)
{
    if (sys_icount_shift >= 0)
        while (!rr_any_runnable() && !cpus_stopping() && icount_timers(harts[0].cpu, true))
            ;
    pthread_mutex_lock(&harts[0].lock);
    while (!rr_any_runnable() && !cpus_stopping())
        pthread_cond_wait(&harts[0].wake, &harts[0].lock);
    pthread_mutex_unlock(&harts[0].lock);
}

/* One time slice of hart h. */
static void rr_slice(Hart *h)
{
    CPUState *cpu = h->cpu;
    bool icount = sys_icount_shift >= 0;
    uint64_t end = cpu->icount + RR_SLICE_INSNS;
    __atomic_store_n(&rr_slice_over, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&rr_running, cpu, __ATOMIC_RELEASE);
    if (!icount) {
        sys_dev_lock();
        sys_timer_mod(rr_timer, sys_clock_ns() + RR_SLICE_NS);
        sys_dev_unlock();
    }
    while (!cpus_stopping()) {
        if (icount) {
            icount_timers(cpu, false);
            if (cpu->icount_limit > end)
                cpu->icount_limit = end;
        }
        if (hart_step(cpu) == EXCP_HALTED) {
            /* a wfi ends the slice; with an interrupt pending it does not
             * wait and the hart is not idle (as in hart_main) */
            if (!sys_arch->has_work(cpu)) {
                h->idle = true;
                plugin_vcpu_idle(cpu);
            }
            break;
        }
        if (__atomic_load_n(&rr_slice_over, __ATOMIC_ACQUIRE) || (icount && cpu->icount >= end))
            break;
    }
    __atomic_store_n(&rr_running, NULL, __ATOMIC_RELEASE);
}

static _Noreturn void rr_main(void)
{
    for (unsigned i = 0; i < n_harts; i++)
        plugin_vcpu_init(harts[i].cpu);
    if (sys_icount_shift < 0) {
        sys_dev_lock();
        rr_timer = sys_timer_new(rr_timer_cb, NULL);
        sys_dev_unlock();
    }
    for (unsigned next = 0;;) {
        if (cpus_stopping())
            hart_stop();
        unsigned k = 0;
        while (k < n_harts && !rr_runnable(&harts[(next + k) % n_harts]))
            k++;
        if (k == n_harts) {
            rr_wait_all();
            continue;
        }
        Hart *h = &harts[(next + k) % n_harts];
        if (h->idle) {
            h->idle = false;
            plugin_vcpu_resume(h->cpu);
        }
        rr_slice(h);
        next = (unsigned)(h - harts + 1) % n_harts;
    }
}

void cpus_run(void)
{
    if (sys_single_thread)
        rr_main();
    for (unsigned i = 1; i < n_harts; i++)
        if (pthread_create(&harts[i].thread, NULL, hart_main, &harts[i]))
            fatal("cannot start the thread of hart %u", i);
    hart_main(&harts[0]);
    abort();
}
