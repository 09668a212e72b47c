/*
 * The harts: one host thread each, running translated code and, between
 * blocks, taking interrupts, delivering exceptions as the guest's traps
 * and waiting in wfi; their interrupt lines (hw.h's sys_hart_irq) and the
 * per-hart timer of the guest's system part.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
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
    SysTimer *timer;           /* softmmu_cpu_timer() */
} Hart;

/* Created once by cpus_create() before anything runs, fixed afterwards. */
static Hart *harts;
static unsigned n_harts;

/* The machine powers off: set once (by whoever asks first, a device on
 * any thread), then every hart leaves translated code and the first to
 * notice ends peek. */
static int stop_requested;
static int stop_status;

unsigned sys_num_harts(void) { return n_harts; }
CPUState *cpus_get(unsigned i) { return harts[i].cpu; }

static Hart *hart_of(CPUState *cpu) { return &harts[cpu->cpu_index]; }

void softmmu_cpu_kick(CPUState *cpu)
{
    Hart *h = hart_of(cpu);
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&h->lock);
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
    while (!sys_arch->has_work(h->cpu) && !__atomic_load_n(&stop_requested, __ATOMIC_ACQUIRE))
        pthread_cond_wait(&h->wake, &h->lock);
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
        uint64_t from = cpu_get_pc(cpu);
        if (sys_arch->do_interrupt(cpu))
            plugin_discon(cpu, PLUGIN_DISCON_INTERRUPT, from, cpu_get_pc(cpu));
        int excp = cpu_exec(cpu);
        switch (excp) {
        case EXCP_INTERRUPT:
        case EXCP_DEBUG:
            break;
        case EXCP_HALTED:
            plugin_vcpu_idle(cpu);
            hart_wait(h);
            plugin_vcpu_resume(cpu);
            break;
        default:
            if (log_enabled(LOG_INT))
                log_trap(cpu, excp);
            from = cpu_get_pc(cpu);
            sys_arch->do_exception(cpu, excp);
            plugin_discon(cpu, PLUGIN_DISCON_EXCEPTION, from, cpu_get_pc(cpu));
            break;
        }
    }
    return NULL;
}

void cpus_run(void)
{
    for (unsigned i = 1; i < n_harts; i++)
        if (pthread_create(&harts[i].thread, NULL, hart_main, &harts[i]))
            fatal("cannot start the thread of hart %u", i);
    hart_main(&harts[0]);
    abort();
}
