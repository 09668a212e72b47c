/*
 * The vCPU list, exclusive sections and safe-point work (see exclusive.h).
 *
 * One mutex guards everything here. cpu_exec() takes it twice per entry
 * into translated code, which happens once per system call, signal or
 * exception, so the cost is small next to the reason for leaving. The
 * requester of a section counts the vCPUs that were running, asks them to
 * leave (exit_request), and sleeps until the last one has called
 * cpu_exec_end(); meanwhile cpu_exec_start() holds every vCPU back.
 */
#include "util/util.h"
#include "exec/exclusive.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct ExclCpu {
    CPUState *cpu;
    bool running;          /* between cpu_exec_start and cpu_exec_end */
    bool counted;          /* the active section waits for this vCPU */
    struct ExclCpu *next;
} ExclCpu;

typedef struct SafeWork {
    void (*fn)(void *arg);
    void *arg;
    struct SafeWork *next;
} SafeWork;

/* Process-wide by nature: the set of vCPUs and the section state. */
static pthread_mutex_t excl_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t excl_stopped = PTHREAD_COND_INITIALIZER;   /* pending reached 0 */
static pthread_cond_t excl_resume = PTHREAD_COND_INITIALIZER;    /* section ended */
static ExclCpu *cpus;
static bool excl_active;
static int excl_pending;              /* running vCPUs still to stop */
static SafeWork *work_head, **work_tail = &work_head;
static volatile int work_queued;      /* read without the lock as a hint */
static pthread_once_t excl_once = PTHREAD_ONCE_INIT;

/* The entry of the vCPU this thread runs, found once. */
static __thread ExclCpu *excl_self;

/* After fork only the forking thread exists: forget the others, and any
 * section a parent thread was in the middle of. */
static void excl_atfork_prepare(void) { pthread_mutex_lock(&excl_lock); }
static void excl_atfork_parent(void) { pthread_mutex_unlock(&excl_lock); }
static void excl_atfork_child(void)
{
    ExclCpu **pp = &cpus;
    while (*pp) {
        ExclCpu *e = *pp;
        if (e->cpu != current_cpu) {
            *pp = e->next;
            free(e);
            continue;
        }
        e->running = e->counted = false;
        pp = &e->next;
    }
    excl_self = NULL;
    excl_active = false;
    excl_pending = 0;
    pthread_mutex_unlock(&excl_lock);
    pthread_cond_init(&excl_stopped, NULL);
    pthread_cond_init(&excl_resume, NULL);
}

static void excl_init(void)
{
    pthread_atfork(excl_atfork_prepare, excl_atfork_parent, excl_atfork_child);
}

void cpu_list_add(CPUState *cpu)
{
    pthread_once(&excl_once, excl_init);
    ExclCpu *e = xcalloc(1, sizeof(*e));
    e->cpu = cpu;
    pthread_mutex_lock(&excl_lock);
    e->next = cpus;
    cpus = e;
    pthread_mutex_unlock(&excl_lock);
}

void cpu_list_remove(CPUState *cpu)
{
    pthread_mutex_lock(&excl_lock);
    for (ExclCpu **pp = &cpus; *pp; pp = &(*pp)->next) {
        ExclCpu *e = *pp;
        if (e->cpu != cpu)
            continue;
        if (e->running)
            internal_error("exclusive: vCPU destroyed while running");
        *pp = e->next;
        if (excl_self == e)
            excl_self = NULL;
        free(e);
        break;
    }
    pthread_mutex_unlock(&excl_lock);
}

void cpu_list_foreach(void (*fn)(CPUState *cpu, void *arg), void *arg)
{
    pthread_mutex_lock(&excl_lock);
    for (ExclCpu *e = cpus; e; e = e->next)
        fn(e->cpu, arg);
    pthread_mutex_unlock(&excl_lock);
}

static ExclCpu *find__locked(CPUState *cpu)
{
    if (excl_self && excl_self->cpu == cpu)
        return excl_self;
    for (ExclCpu *e = cpus; e; e = e->next)
        if (e->cpu == cpu)
            return excl_self = e;
    internal_error("exclusive: vCPU not registered");
}

static void run_safe_work(void)
{
    pthread_mutex_lock(&excl_lock);
    SafeWork *w = work_head;
    work_head = NULL;
    work_tail = &work_head;
    work_queued = 0;
    pthread_mutex_unlock(&excl_lock);
    while (w) {
        SafeWork *next = w->next;
        w->fn(w->arg);
        free(w);
        w = next;
    }
}

void cpu_exec_start(CPUState *cpu)
{
    if (work_queued)
        run_safe_work();
    pthread_mutex_lock(&excl_lock);
    ExclCpu *e = find__locked(cpu);
    while (excl_active)
        pthread_cond_wait(&excl_resume, &excl_lock);
    e->running = true;
    pthread_mutex_unlock(&excl_lock);
}

void cpu_exec_end(CPUState *cpu)
{
    pthread_mutex_lock(&excl_lock);
    ExclCpu *e = find__locked(cpu);
    e->running = false;
    if (e->counted) {
        e->counted = false;
        if (--excl_pending == 0)
            pthread_cond_signal(&excl_stopped);
    }
    pthread_mutex_unlock(&excl_lock);
}

void start_exclusive(void)
{
    pthread_mutex_lock(&excl_lock);
    while (excl_active)
        pthread_cond_wait(&excl_resume, &excl_lock);
    excl_active = true;
    for (ExclCpu *e = cpus; e; e = e->next) {
        if (!e->running)
            continue;
        e->counted = true;
        excl_pending++;
        __atomic_store_n(&e->cpu->exit_request, 1, __ATOMIC_RELEASE);
    }
    while (excl_pending > 0)
        pthread_cond_wait(&excl_stopped, &excl_lock);
    pthread_mutex_unlock(&excl_lock);
}

void end_exclusive(void)
{
    pthread_mutex_lock(&excl_lock);
    excl_active = false;
    pthread_cond_broadcast(&excl_resume);
    pthread_mutex_unlock(&excl_lock);
}

void cpu_run_at_safe_point(void (*fn)(void *arg), void *arg)
{
    SafeWork *w = xmalloc(sizeof(*w));
    w->fn = fn;
    w->arg = arg;
    w->next = NULL;
    pthread_mutex_lock(&excl_lock);
    *work_tail = w;
    work_tail = &w->next;
    work_queued = 1;
    for (ExclCpu *e = cpus; e; e = e->next)
        if (e->running)
            __atomic_store_n(&e->cpu->exit_request, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&excl_lock);
}
