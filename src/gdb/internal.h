/*
 * What the stub's parts share: the server (server.c: the connection, the
 * server thread, stopping and resuming vCPUs, their reports), the packet
 * handlers (packets.c) and the target description (tdesc.c).
 */
#ifndef PEEK_GDB_INTERNAL_H
#define PEEK_GDB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exec/cpu.h"
#include "exec/guest.h"
#include "gdb/gdbstub.h"

/* The largest packet either side sends (we announce it in qSupported). */
#define GDB_PACKET_SIZE 0x4000

/* The value of a hex digit, or -1. */
static inline int gdb_hex_digit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* How a vCPU resumes (CPUDebug.action); GONE: its thread is ending. */
enum { GDB_ACT_NONE, GDB_ACT_CONT, GDB_ACT_STEP, GDB_ACT_GONE };

/* Why the target stopped. */
enum {
    GDB_EV_START,           /* before the first instruction */
    GDB_EV_DEBUG,           /* breakpoint, watchpoint, step: CPUDebug.reason */
    GDB_EV_SIGNAL,          /* sig is about to be delivered */
    GDB_EV_SYSCALL_ENTRY,   /* nr */
    GDB_EV_SYSCALL_RETURN,
    GDB_EV_INTERRUPT,       /* Ctrl-C from GDB */
    GDB_EV_EXITED,          /* the process exited with status sig */
    GDB_EV_KILLED,          /* the process died of signal sig */
};

typedef struct GdbEvent {
    int kind;
    int tid;                /* the thread it happened to */
    int reason;             /* GDB_EV_DEBUG: DEBUG_* */
    int wp_kind;            /* DEBUG_WATCH */
    uint64_t wp_addr;
    int sig;                /* the guest's signal number, or exit status */
    int64_t nr;             /* syscall number */
} GdbEvent;

/* One vCont action: act (GDB_ACT_CONT or _STEP) with signal sig for the
 * threads tid names (-1: all; the first action that matches wins). */
typedef struct GdbAction {
    int act, sig, tid;
} GdbAction;

/* The stub's state. Set at start: mode, guest. Server thread only: the
 * rest, except the catch fields, which vCPUs read (they change only while
 * the target is stopped). */
typedef struct GdbStub {
    const GdbMode *mode;
    const GuestArch *guest;
    bool noack, multiprocess, swbreak;
    int g_tid, c_tid;            /* Hg, Hc: 0 any thread, -1 all */
    GdbEvent last;               /* the stop '?' reports */
    bool catch_syscalls, catch_any;
    uint64_t catch_set[8];       /* syscall numbers below 512 */
} GdbStub;
extern GdbStub gdb_stub;

/* server.c, for the packet handlers (server thread, target stopped): */
/* Send one packet (data is sent as given: escape binary first). */
void gdb_send(const char *data, size_t len);
/* The vCPU of thread tid (0 or -1: any), NULL if none. Valid while the
 * target stays stopped. */
CPUState *gdb_cpu(int tid);
/* The live threads' ids, ascending; returns how many (at most max). */
int gdb_thread_ids(int *tids, int max);
/* Resume the target; threads no action names stay stopped. */
void gdb_resume(const GdbAction *acts, int n);
/* Forget GDB: breakpoints and watchpoints go, every vCPU runs. */
void gdb_detach(void);

/* packets.c, for the server: */
enum { GDB_STAY, GDB_RESUMED, GDB_GONE };
/* Handle one packet; GDB_RESUMED once the target runs again, GDB_GONE
 * when GDB detached or the process is being killed. */
int gdb_handle_packet(char *pkt, size_t len);
/* The stop reply for ev into buf (at least 128 bytes); its length. */
size_t gdb_stop_reply(const GdbEvent *ev, char *buf);

/* Close the files GDB left open (host I/O). */
void gdb_vfile_close_all(void);

/* tdesc.c: the target description of g (built once). */
const char *gdb_tdesc(const GuestArch *g, size_t *len);

#endif
