/*
 * Inter-process communication: System V shared memory, semaphores and
 * message queues, and POSIX message queues. The objects are the host
 * kernel's, so guests under peek, native programs and other peeks share
 * them; what peek does is place shared memory in the guest space (mem.c)
 * and convert the control structures.
 *
 * The asm-generic shmid_ds and msqid_ds have the same layout as x86-64's;
 * semid_ds does not (x86-64 pads after each time). Each is still copied
 * field by field through the guest's own definition below, so no host
 * structure is ever laid over guest memory. struct sembuf, the msgbuf
 * (a long type, then the text), mq_attr and sigevent are the same in
 * both ABIs.
 *
 * An unusable guest buffer (semop's operations) is handed to the host as
 * NULL, and one of the same layout (a message, a receive's priority) as
 * guest_kbuf gives it, so the host kernel makes its own argument checks
 * (EINVAL, E2BIG, EMSGSIZE, EBADF) before it fails the copy with EFAULT,
 * in the order the guest's kernel would. So does an IPC_SET structure
 * peek cannot read: the host gets NULL (a negative id is EINVAL first).
 */
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "user/signal.h"
#include "user/syscall.h"

/* The ipc commands and flags (linux/ipc.h, shm.h, sem.h, msg.h; the same
 * on every architecture). */
#define G_IPC_RMID 0
#define G_IPC_SET 1
#define G_IPC_STAT 2
#define G_IPC_INFO 3
#define G_SHM_STAT 13
#define G_SHM_INFO 14
#define G_SHM_STAT_ANY 15
#define G_SHM_LOCK 11
#define G_SHM_UNLOCK 12
#define G_SHM_RDONLY 010000
#define G_SHM_RND 020000
#define G_SHM_REMAP 040000
#define G_SHM_EXEC 0100000
#define G_SHMLBA GUEST_PAGE_SIZE     /* asm-generic's: the page size */
#define G_GETPID 11
#define G_GETVAL 12
#define G_GETALL 13
#define G_GETNCNT 14
#define G_GETZCNT 15
#define G_SETVAL 16
#define G_SETALL 17
#define G_SEM_STAT 18
#define G_SEM_INFO 19
#define G_SEM_STAT_ANY 20
#define G_MSG_STAT 11
#define G_MSG_INFO 12
#define G_MSG_STAT_ANY 13
#define G_SIGEV_THREAD 2
#define G_NOTIFY_COOKIE_LEN 32

/* asm-generic struct ipc64_perm and the 64-bit *id64_ds built on it. */
typedef struct GuestIpcPerm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid, mode;
    uint16_t seq, pad1;
    uint32_t pad2;
    uint64_t unused[2];
} GuestIpcPerm;

typedef struct GuestShmidDs {
    GuestIpcPerm perm;
    uint64_t segsz;
    int64_t atime, dtime, ctime;
    int32_t cpid, lpid;
    uint64_t nattch;
    uint64_t unused[2];
} GuestShmidDs;

typedef struct GuestSemidDs {
    GuestIpcPerm perm;
    int64_t otime, ctime;
    uint64_t nsems;
    uint64_t unused[2];
} GuestSemidDs;

typedef struct GuestMsqidDs {
    GuestIpcPerm perm;
    int64_t stime, rtime, ctime;
    uint64_t cbytes, qnum, qbytes;
    int32_t lspid, lrpid;
    uint64_t unused[2];
} GuestMsqidDs;

_Static_assert(sizeof(GuestIpcPerm) == 48 && sizeof(GuestShmidDs) == 112 &&
               sizeof(GuestSemidDs) == 88 && sizeof(GuestMsqidDs) == 120, "ipc layouts");

/* struct mq_attr: four longs and four reserved. */
typedef struct GuestMqAttr {
    int64_t flags, maxmsg, msgsize, curmsgs;
    int64_t reserved[4];
} GuestMqAttr;

static void perm_to_guest(GuestIpcPerm *g, const struct ipc_perm *h)
{
    *g = (GuestIpcPerm){ .key = h->__key, .uid = h->uid, .gid = h->gid, .cuid = h->cuid,
                         .cgid = h->cgid, .mode = h->mode, .seq = h->__seq };
}

/* IPC_SET reads only the owner and the mode (and a queue's size). */
static void perm_from_guest(struct ipc_perm *h, const GuestIpcPerm *g)
{
    h->uid = g->uid;
    h->gid = g->gid;
    h->mode = (unsigned short)g->mode;
}

/* The host result of a *ctl that filled an info structure of size bytes
 * at host: copied out to the guest's ga. */
static int64_t info_to_guest(int64_t r, uint64_t ga, const void *host, size_t size)
{
    if (r >= 0 && copy_to_guest(ga, host, size) < 0)
        return -EFAULT;
    return r;
}

/* ---- shared memory ---- */

int64_t sys_shmget(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_shmget, (int)a[0], (size_t)a[1], (int)a[2]));
}

int64_t sys_shmat(SYSCALL_ARGS)
{
    int id = (int)a[0], flags = (int)a[2];
    uint64_t addr = a[1];
    if (addr & (G_SHMLBA - 1)) {
        if (!(flags & G_SHM_RND))
            return -EINVAL;
        addr &= ~(G_SHMLBA - 1);
        if (!addr)
            return -EINVAL;
    } else if (!addr && (flags & G_SHM_REMAP)) {
        return -EINVAL;
    }
    /* The segment's size, and a first check of id and permission. */
    struct shmid_ds ds;
    if (syscall(SYS_shmctl, id, IPC_STAT, &ds) < 0)
        return errno == EIDRM ? -EINVAL : -errno;
    int prot = PROT_READ | ((flags & G_SHM_RDONLY) ? 0 : PROT_WRITE) |
               ((flags & G_SHM_EXEC) ? PROT_EXEC : 0);
    return mem_shmat(id, addr, ds.shm_segsz, prot, flags & G_SHM_REMAP);
}

int64_t sys_shmdt(SYSCALL_ARGS)
{
    return mem_shmdt(a[0]);
}

int64_t sys_shmctl(SYSCALL_ARGS)
{
    int id = (int)a[0], cmd = (int)a[1];
    struct shmid_ds ds;
    GuestShmidDs g;
    int64_t r;
    switch (cmd) {
    case G_IPC_RMID:
    case G_SHM_LOCK:
    case G_SHM_UNLOCK:
        return host_ret(syscall(SYS_shmctl, id, cmd, NULL));
    case G_IPC_STAT:
    case G_SHM_STAT:
    case G_SHM_STAT_ANY:
        r = host_ret(syscall(SYS_shmctl, id, cmd, &ds));
        if (r < 0)
            return r;
        g = (GuestShmidDs){ .segsz = ds.shm_segsz, .atime = ds.shm_atime,
                            .dtime = ds.shm_dtime, .ctime = ds.shm_ctime, .cpid = ds.shm_cpid,
                            .lpid = ds.shm_lpid, .nattch = ds.shm_nattch };
        perm_to_guest(&g.perm, &ds.shm_perm);
        return copy_to_guest(a[2], &g, sizeof(g)) < 0 ? -EFAULT : r;
    case G_IPC_SET:
        if (copy_from_guest(&g, a[2], sizeof(g)) < 0)
            return host_ret(syscall(SYS_shmctl, id, cmd, NULL));
        memset(&ds, 0, sizeof(ds));
        perm_from_guest(&ds.shm_perm, &g.perm);
        return host_ret(syscall(SYS_shmctl, id, cmd, &ds));
    case G_IPC_INFO: {
        struct shminfo si;     /* all unsigned longs, as in the guest */
        return info_to_guest(host_ret(syscall(SYS_shmctl, id, cmd, &si)), a[2], &si, sizeof(si));
    }
    case G_SHM_INFO: {
        struct shm_info si;    /* an int, then unsigned longs, as in the guest */
        return info_to_guest(host_ret(syscall(SYS_shmctl, id, cmd, &si)), a[2], &si, sizeof(si));
    }
    default:
        return -EINVAL;
    }
}

/* ---- semaphores ---- */

int64_t sys_semget(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_semget, (int)a[0], (int)a[1], (int)a[2]));
}

/* semop and semtimedop sleep until the operations can all be done; a
 * handler interrupts them with EINTR, SA_RESTART or not (signal(7)). */
static int64_t do_semtimedop(int id, uint64_t sops, uint64_t nsops, uint64_t timeout)
{
    struct timespec t;
    if (timeout && copy_from_guest(&t, timeout, sizeof(t)) < 0)
        return -EFAULT;
    void *ops = guest_rbuf(sops, (uint32_t)nsops * sizeof(struct sembuf));
    return safe_syscall_nohand(SYS_semtimedop, id, ops, (unsigned)nsops, timeout ? &t : NULL);
}

int64_t sys_semop(SYSCALL_ARGS) { return do_semtimedop((int)a[0], a[1], a[2], 0); }
int64_t sys_semtimedop(SYSCALL_ARGS) { return do_semtimedop((int)a[0], a[1], a[2], a[3]); }

/* GETALL and SETALL move one unsigned short per semaphore of the set. */
static int64_t sem_all(int id, int cmd, uint64_t ga)
{
    struct semid_ds ds;
    if (syscall(SYS_semctl, id, 0, IPC_STAT, &ds) < 0)
        return -errno;
    uint64_t len = ds.sem_nsems * sizeof(unsigned short);
    void *arr = cmd == G_GETALL ? guest_wbuf(ga, len) : guest_rbuf(ga, len);
    if (!arr)
        return -EFAULT;
    return host_ret(syscall(SYS_semctl, id, 0, cmd, arr));
}

/* semctl(id, num, cmd, arg): arg is the union semun, passed by value. */
int64_t sys_semctl(SYSCALL_ARGS)
{
    int id = (int)a[0], num = (int)a[1], cmd = (int)a[2];
    struct semid_ds ds;
    GuestSemidDs g;
    int64_t r;
    switch (cmd) {
    case G_IPC_RMID:
    case G_GETPID:
    case G_GETVAL:
    case G_GETNCNT:
    case G_GETZCNT:
        return host_ret(syscall(SYS_semctl, id, num, cmd, 0));
    case G_SETVAL:
        return host_ret(syscall(SYS_semctl, id, num, cmd, (unsigned long)a[3]));
    case G_GETALL:
    case G_SETALL:
        return sem_all(id, cmd, a[3]);
    case G_IPC_STAT:
    case G_SEM_STAT:
    case G_SEM_STAT_ANY:
        r = host_ret(syscall(SYS_semctl, id, num, cmd, &ds));
        if (r < 0)
            return r;
        g = (GuestSemidDs){ .otime = ds.sem_otime, .ctime = ds.sem_ctime,
                            .nsems = ds.sem_nsems };
        perm_to_guest(&g.perm, &ds.sem_perm);
        return copy_to_guest(a[3], &g, sizeof(g)) < 0 ? -EFAULT : r;
    case G_IPC_SET:
        if (copy_from_guest(&g, a[3], sizeof(g)) < 0)
            return host_ret(syscall(SYS_semctl, id, num, cmd, NULL));
        memset(&ds, 0, sizeof(ds));
        perm_from_guest(&ds.sem_perm, &g.perm);
        return host_ret(syscall(SYS_semctl, id, num, cmd, &ds));
    case G_IPC_INFO:
    case G_SEM_INFO: {
        struct seminfo si;     /* ten ints */
        return info_to_guest(host_ret(syscall(SYS_semctl, id, num, cmd, &si)), a[3], &si,
                             sizeof(si));
    }
    default:
        return -EINVAL;
    }
}

/* ---- message queues ---- */

int64_t sys_msgget(SYSCALL_ARGS)
{
    return host_ret(syscall(SYS_msgget, (int)a[0], (int)a[1]));
}

/* Both wait for room or for a message; a handler interrupts them with
 * EINTR, SA_RESTART or not (signal(7)). The buffer is { long type; text }:
 * of a size the kernel refuses, only the type is passed on, which msgsnd
 * reads before it looks at the size. */
static uint64_t msg_len(uint64_t size) { return size <= SSIZE_MAX - 8 ? 8 + size : 8; }

int64_t sys_msgsnd(SYSCALL_ARGS)
{
    return safe_syscall_nohand(SYS_msgsnd, (int)a[0], guest_kbuf(a[1], msg_len(a[2]), false),
                               (size_t)a[2], (int)a[3]);
}

int64_t sys_msgrcv(SYSCALL_ARGS)
{
    return safe_syscall_nohand(SYS_msgrcv, (int)a[0], guest_kbuf(a[1], msg_len(a[2]), true),
                               (size_t)a[2], (long)a[3], (int)a[4]);
}

int64_t sys_msgctl(SYSCALL_ARGS)
{
    int id = (int)a[0], cmd = (int)a[1];
    struct msqid_ds ds;
    GuestMsqidDs g;
    int64_t r;
    switch (cmd) {
    case G_IPC_RMID:
        return host_ret(syscall(SYS_msgctl, id, cmd, NULL));
    case G_IPC_STAT:
    case G_MSG_STAT:
    case G_MSG_STAT_ANY:
        r = host_ret(syscall(SYS_msgctl, id, cmd, &ds));
        if (r < 0)
            return r;
        g = (GuestMsqidDs){ .stime = ds.msg_stime, .rtime = ds.msg_rtime,
                            .ctime = ds.msg_ctime, .cbytes = ds.__msg_cbytes,
                            .qnum = ds.msg_qnum, .qbytes = ds.msg_qbytes,
                            .lspid = ds.msg_lspid, .lrpid = ds.msg_lrpid };
        perm_to_guest(&g.perm, &ds.msg_perm);
        return copy_to_guest(a[2], &g, sizeof(g)) < 0 ? -EFAULT : r;
    case G_IPC_SET:
        if (copy_from_guest(&g, a[2], sizeof(g)) < 0)
            return host_ret(syscall(SYS_msgctl, id, cmd, NULL));
        memset(&ds, 0, sizeof(ds));
        perm_from_guest(&ds.msg_perm, &g.perm);
        ds.msg_qbytes = g.qbytes;
        return host_ret(syscall(SYS_msgctl, id, cmd, &ds));
    case G_IPC_INFO:
    case G_MSG_INFO: {
        struct msginfo mi;     /* seven ints and a short */
        return info_to_guest(host_ret(syscall(SYS_msgctl, id, cmd, &mi)), a[2], &mi,
                             sizeof(mi));
    }
    default:
        return -EINVAL;
    }
}

/* ---- POSIX message queues ---- */

static int mq_attr_from_guest(struct mq_attr *h, uint64_t ga)
{
    GuestMqAttr g;
    if (copy_from_guest(&g, ga, sizeof(g)) < 0)
        return -EFAULT;
    *h = (struct mq_attr){ .mq_flags = g.flags, .mq_maxmsg = g.maxmsg,
                           .mq_msgsize = g.msgsize, .mq_curmsgs = g.curmsgs };
    return 0;
}

static int mq_attr_to_guest(uint64_t ga, const struct mq_attr *h)
{
    GuestMqAttr g = { .flags = h->mq_flags, .maxmsg = h->mq_maxmsg, .msgsize = h->mq_msgsize,
                      .curmsgs = h->mq_curmsgs };
    return copy_to_guest(ga, &g, sizeof(g));
}

/* The name comes without the leading '/', which glibc drops. */
int64_t sys_mq_open(SYSCALL_ARGS)
{
    char name[GUEST_PATH_MAX];
    int64_t r = guest_string(a[0], name, sizeof(name));
    if (r < 0)
        return r;
    int flags = user_open_flags_to_host((int)a[1]);
    struct mq_attr at;
    if ((flags & O_CREAT) && a[3] && mq_attr_from_guest(&at, a[3]) < 0)
        return -EFAULT;
    return host_ret(syscall(SYS_mq_open, name, flags, (unsigned)a[2],
                            (flags & O_CREAT) && a[3] ? &at : NULL));
}

int64_t sys_mq_unlink(SYSCALL_ARGS)
{
    char name[GUEST_PATH_MAX];
    int64_t r = guest_string(a[0], name, sizeof(name));
    return r < 0 ? r : host_ret(syscall(SYS_mq_unlink, name));
}

/* Sending and receiving restart under SA_RESTART (the timeout is absolute).
 * The message buffer goes as NULL if unusable (see the top of the file). */
int64_t sys_mq_timedsend(SYSCALL_ARGS)
{
    struct timespec t;
    if (a[4] && copy_from_guest(&t, a[4], sizeof(t)) < 0)
        return -EFAULT;
    return safe_syscall(SYS_mq_timedsend, (int)a[0], guest_rbuf(a[1], a[2]), (size_t)a[2],
                        (unsigned)a[3], a[4] ? &t : NULL);
}

int64_t sys_mq_timedreceive(SYSCALL_ARGS)
{
    struct timespec t;
    if (a[4] && copy_from_guest(&t, a[4], sizeof(t)) < 0)
        return -EFAULT;
    return safe_syscall(SYS_mq_timedreceive, (int)a[0], guest_kbuf(a[1], a[2], true), (size_t)a[2],
                        guest_kbuf(a[3], 4, true), a[4] ? &t : NULL);
}

/* struct sigevent is 64 bytes in both ABIs. For SIGEV_THREAD the kernel
 * reads a cookie at the address in sigev_value: a guest one, made a host
 * one here. Other notifications carry sigev_value back to the guest as is. */
int64_t sys_mq_notify(SYSCALL_ARGS)
{
    struct sigevent ev;
    _Static_assert(sizeof(ev) == 64, "struct sigevent");
    if (a[1] && copy_from_guest(&ev, a[1], sizeof(ev)) < 0)
        return -EFAULT;
    if (a[1] && ev.sigev_notify == G_SIGEV_THREAD) {
        uint64_t cookie = (uint64_t)(uintptr_t)ev.sigev_value.sival_ptr;
        ev.sigev_value.sival_ptr = guest_rbuf(cookie, G_NOTIFY_COOKIE_LEN);
        if (!ev.sigev_value.sival_ptr)
            return -EFAULT;
    }
    return host_ret(syscall(SYS_mq_notify, (int)a[0], a[1] ? &ev : NULL));
}

int64_t sys_mq_getsetattr(SYSCALL_ARGS)
{
    struct mq_attr n, o;
    if (a[1] && mq_attr_from_guest(&n, a[1]) < 0)
        return -EFAULT;
    /* The old attributes are stored last, after the fd's checks. */
    int64_t r = host_ret(syscall(SYS_mq_getsetattr, (int)a[0], a[1] ? &n : NULL, a[2] ? &o : NULL));
    if (r == 0 && a[2] && mq_attr_to_guest(a[2], &o) < 0)
        return -EFAULT;
    return r;
}
