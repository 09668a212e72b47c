/*
 * The device lock, the timers on sys_clock_ns() and the I/O thread.
 *
 * Every device callback runs with the one device lock held (hw.h), so the
 * timer list and the watch list are also guarded by it. In real-time mode
 * the I/O thread sleeps in ppoll() until the earliest timer deadline or
 * until a watched descriptor (character input) is readable; whoever
 * changes a deadline or a watch kicks it through a pipe so that it
 * recomputes both. With -icount the core owns time: it calls
 * sys_timers_run() at the instruction count of sys_timers_next_deadline(),
 * and the I/O thread only serves input, so that timers fire at the same
 * instruction on every run.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices.h"

struct SysTimer {
    void (*cb)(void *opaque);
    void *opaque;
    uint64_t deadline;          /* UINT64_MAX: disarmed */
    SysTimer *next;
};

#define MAX_WATCHES 8

/* One machine per process: its device lock, timers and the I/O thread's
 * state are process-wide, as hw.h's functions take no machine argument. */
static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static SysTimer *timers;                 /* created at set-up, then under dev_lock */
static IoWatch *watches[MAX_WATCHES];    /* set up before the thread, then under dev_lock */
static unsigned n_watches;               /* set up before the thread */
static bool timers_by_core;              /* set once before the thread starts */
static int kick_pipe[2] = { -1, -1 };    /* written by anyone, read by the thread */

void sys_dev_lock(void)
{
    pthread_mutex_lock(&dev_lock);
}

void sys_dev_unlock(void)
{
    pthread_mutex_unlock(&dev_lock);
}

void iothread_kick(void)
{
    if (kick_pipe[1] >= 0) {
        char c = 0;
        /* A full pipe already holds a kick: EAGAIN is fine. */
        if (write(kick_pipe[1], &c, 1) < 0 && errno != EAGAIN)
            perror("peek: I/O thread kick");
    }
}

void iothread_add_watch(IoWatch *w)
{
    if (n_watches == MAX_WATCHES) {
        fprintf(stderr, "peek: too many character backends (at most %d)\n", MAX_WATCHES);
        exit(1);
    }
    watches[n_watches++] = w;
    iothread_kick();
}

/* ---- Timers ---------------------------------------------------------- */

SysTimer *sys_timer_new(void (*cb)(void *opaque), void *opaque)
{
    SysTimer *t = calloc(1, sizeof(*t));
    if (!t) {
        fprintf(stderr, "peek: out of memory\n");
        exit(1);
    }
    t->cb = cb;
    t->opaque = opaque;
    t->deadline = UINT64_MAX;
    t->next = timers;
    timers = t;
    return t;
}

void sys_timer_mod(SysTimer *t, uint64_t deadline_ns)
{
    t->deadline = deadline_ns;
    if (!timers_by_core)
        iothread_kick();
}

void sys_timer_del(SysTimer *t)
{
    t->deadline = UINT64_MAX;
}

uint64_t sys_timers_next_deadline(void)
{
    uint64_t d = UINT64_MAX;
    for (SysTimer *t = timers; t; t = t->next)
        if (t->deadline < d)
            d = t->deadline;
    return d;
}

void sys_timers_run(void)
{
    /* One due timer at a time, earliest first: a callback may re-arm
     * itself or others, so the list is scanned again after each. */
    for (;;) {
        uint64_t now = sys_clock_ns();
        SysTimer *due = NULL;
        for (SysTimer *t = timers; t; t = t->next)
            if (t->deadline <= now && (!due || t->deadline < due->deadline))
                due = t;
        if (!due)
            return;
        due->deadline = UINT64_MAX;
        due->cb(due->opaque);
    }
}

void sys_timers_use_icount(void)
{
    timers_by_core = true;
}

/* ---- The thread -------------------------------------------------------- */

static void *iothread_main(void *arg)
{
    struct pollfd pfd[1 + MAX_WATCHES];
    IoWatch *polled[MAX_WATCHES];

    sys_dev_lock();
    for (;;) {
        uint64_t deadline = UINT64_MAX;
        if (!timers_by_core) {
            sys_timers_run();
            deadline = sys_timers_next_deadline();
        }
        unsigned n = 0;
        pfd[0] = (struct pollfd){ .fd = kick_pipe[0], .events = POLLIN };
        for (unsigned i = 0; i < n_watches; i++) {
            if (!watches[i]->enabled)
                continue;
            polled[n] = watches[i];
            pfd[1 + n++] = (struct pollfd){ .fd = watches[i]->fd, .events = POLLIN };
        }
        struct timespec ts, *tsp = NULL;
        if (deadline != UINT64_MAX) {
            uint64_t now = sys_clock_ns(), wait = deadline > now ? deadline - now : 0;
            ts.tv_sec = wait / 1000000000u;
            ts.tv_nsec = wait % 1000000000u;
            tsp = &ts;
        }
        sys_dev_unlock();
        int r = ppoll(pfd, 1 + n, tsp, NULL);
        sys_dev_lock();
        if (r < 0) {
            if (errno == EINTR)
                continue;
            perror("peek: I/O thread");
            exit(1);
        }
        if (pfd[0].revents & POLLIN) {
            char buf[64];
            while (read(kick_pipe[0], buf, sizeof(buf)) > 0)
                ;
        }
        for (unsigned i = 0; i < n; i++)
            if (pfd[1 + i].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL))
                polled[i]->ready(polled[i]->opaque);
        for (unsigned i = 0; i < n_watches; i++)
            if (watches[i]->retry) {
                watches[i]->retry = false;
                watches[i]->ready(watches[i]->opaque);
            }
    }
    return NULL;
}

void sys_iothread_start(void)
{
    pthread_t tid;
    if (pipe2(kick_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
        perror("peek: I/O thread pipe");
        exit(1);
    }
    if (pthread_create(&tid, NULL, iothread_main, NULL) != 0) {
        fprintf(stderr, "peek: cannot start the I/O thread\n");
        exit(1);
    }
    pthread_detach(tid);
}
