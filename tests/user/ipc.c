/* System V IPC (shared memory, semaphores, message queues) and POSIX
 * message queues: creation, the *ctl structures, attach placement and
 * permissions, blocking calls woken by a child, interruption by a
 * handler, notification. Output is the same natively and under an
 * emulator; object ids, keys and addresses are never printed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <semaphore.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096
#define CHECK(c) printf("%-64s %s\n", #c, (c) ? "ok" : "FAILED")

static const char *err(void) { return strerrorname_np(errno); }

static sigjmp_buf fault_jmp;
static void on_segv(int sig) { siglongjmp(fault_jmp, sig); }

/* 1 if writing *p faults, 0 if it does not. */
static int write_faults(volatile char *p)
{
    if (sigsetjmp(fault_jmp, 1))
        return 1;
    *p = 'x';
    return 0;
}

static int read_faults(volatile char *p)
{
    if (sigsetjmp(fault_jmp, 1))
        return 1;
    (void)*p;
    return 0;
}

/* The /proc/self/maps line holding addr: its size and permissions, and
 * whether it is named as a System V segment. */
static void maps_show(const char *what, const void *addr)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    while (f && fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        char perm[8];
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perm) != 3)
            break;
        if ((uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
            printf("%s: maps %lu bytes %s%s\n", what, hi - lo, perm,
                   strstr(line, "SYSV") ? " SYSV" : "");
            fclose(f);
            return;
        }
    }
    if (f)
        fclose(f);
    printf("%s: not in maps\n", what);
}

static int nattch(int id)
{
    struct shmid_ds ds;
    return shmctl(id, IPC_STAT, &ds) == 0 ? (int)ds.shm_nattch : -1;
}

static void test_shm(void)
{
    int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    CHECK(id >= 0);
    struct shmid_ds ds;
    memset(&ds, 0xff, sizeof(ds));
    CHECK(shmctl(id, IPC_STAT, &ds) == 0);
    printf("shm stat: size %zu mode %o nattch %lu key %d creator-is-me %d uid-ok %d\n",
           ds.shm_segsz, ds.shm_perm.mode & 0777, (unsigned long)ds.shm_nattch,
           ds.shm_perm.__key, ds.shm_cpid == getpid(), ds.shm_perm.uid == getuid());

    char *p = shmat(id, NULL, 0);
    CHECK(p != (void *)-1 && ((uintptr_t)p & (PG - 1)) == 0);
    strcpy(p, "hello");
    p[9999] = 'z';
    CHECK(read_faults(p + 10000) == 0);   /* the last page is mapped whole */
    maps_show("rw attach", p);
    char *q = shmat(id, NULL, SHM_RDONLY);
    CHECK(q != (void *)-1 && q != p);
    printf("read-only attach sees: %s %c\n", q, q[9999]);
    maps_show("ro attach", q);
    CHECK(write_faults(q) == 1);
    printf("nattch after two attaches: %d\n", nattch(id));
    memset(&ds, 0, sizeof(ds));
    shmctl(id, IPC_STAT, &ds);
    printf("lpid is me %d, atime set %d\n", ds.shm_lpid == getpid(), ds.shm_atime != 0);

    /* Placement: a given address, SHM_RND, and overlap with a mapping. */
    char *hole = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(hole, 8 * PG);
    char *r = shmat(id, hole, 0);
    CHECK(r == hole && strcmp(r, "hello") == 0);
    CHECK(shmdt(r) == 0);
    errno = 0;
    CHECK(shmat(id, hole + 5, 0) == (void *)-1 && errno == EINVAL);
    CHECK(shmat(id, hole + 5, SHM_RND) == hole);
    CHECK(shmdt(hole) == 0);
    char *m = mmap(hole, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(m == hole);
    errno = 0;
    CHECK(shmat(id, hole, 0) == (void *)-1 && errno == EINVAL);
    CHECK(shmat(id, hole, SHM_REMAP) == hole && hole[0] == 'h');
    CHECK(shmdt(hole) == 0 && read_faults(hole) == 1);
    maps_show("after shmdt", hole);

    /* shmdt wants the start of an attach; detaching twice fails. */
    errno = 0;
    CHECK(shmdt(p + PG) == -1 && errno == EINVAL);
    CHECK(shmdt(q) == 0);
    errno = 0;
    CHECK(shmdt(q) == -1 && errno == EINVAL);
    CHECK(read_faults(q) == 1);
    printf("nattch after detaching: %d\n", nattch(id));

    /* mprotect splits the attach; shmdt still takes all of it. */
    q = shmat(id, NULL, 0);
    CHECK(mprotect(q + PG, PG, PROT_READ) == 0);
    CHECK(shmdt(q) == 0 && read_faults(q + 2 * PG) == 1);

    /* A forked child inherits the attach and writes through it. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        strcpy(p, "from child");
        _exit(nattch(id) == 2 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    printf("child saw 2 attaches %d, parent reads: %s\n", WEXITSTATUS(st) == 0, p);

    ds.shm_perm.mode = 0640;
    CHECK(shmctl(id, IPC_SET, &ds) == 0);
    CHECK(shmctl(id, IPC_STAT, &ds) == 0 && (ds.shm_perm.mode & 0777) == 0640);
    struct shminfo info;
    CHECK(shmctl(0, IPC_INFO, (struct shmid_ds *)&info) >= 0 && info.shmmax > 0 && info.shmmni > 0);
    struct shm_info sinfo;
    CHECK(shmctl(0, SHM_INFO, (struct shmid_ds *)&sinfo) >= 0 && sinfo.used_ids >= 1);
    errno = 0;
    CHECK(shmctl(id, 12345, &ds) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(shmat(-1, NULL, 0) == (void *)-1 && errno == EINVAL);
    CHECK(shmctl(id, IPC_RMID, NULL) == 0);
    printf("still attached after IPC_RMID: %s\n", p);
    CHECK(shmdt(p) == 0);
    errno = 0;
    CHECK(shmctl(id, IPC_STAT, &ds) == -1 && (errno == EINVAL || errno == EIDRM));
    errno = 0;
    CHECK(shmget(IPC_PRIVATE, 0x7fffffffffffll, IPC_CREAT | 0600) == -1);
    printf("huge shmget: %s\n", err());
}

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { alarms++; }

/* A handler with SA_RESTART for SIGALRM, and a timer firing in 50 ms. */
static void alarm_soon(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it = { { 0, 0 }, { 0, 50000 } };
    setitimer(ITIMER_REAL, &it, NULL);
}

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static void test_sem(void)
{
    int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    CHECK(id >= 0);
    struct semid_ds ds;
    memset(&ds, 0xff, sizeof(ds));
    CHECK(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0);
    printf("sem stat: nsems %lu mode %o otime %ld ctime-set %d\n", (unsigned long)ds.sem_nsems,
           ds.sem_perm.mode & 0777, (long)ds.sem_otime, ds.sem_ctime != 0);
    unsigned short set[3] = { 1, 2, 3 }, get[3] = { 0 };
    CHECK(semctl(id, 0, SETALL, (union semun){ .array = set }) == 0);
    CHECK(semctl(id, 0, GETALL, (union semun){ .array = get }) == 0);
    printf("getall: %u %u %u\n", get[0], get[1], get[2]);
    CHECK(semctl(id, 1, SETVAL, (union semun){ .val = 5 }) == 0);
    printf("getval 1: %d\n", semctl(id, 1, GETVAL));
    errno = 0;
    CHECK(semctl(id, 7, GETVAL) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(semctl(id, 1, SETVAL, (union semun){ .val = -1 }) == -1 && errno == ERANGE);

    struct sembuf op = { 0, -1, 0 };
    CHECK(semop(id, &op, 1) == 0 && semctl(id, 0, GETVAL) == 0);
    printf("getpid is me %d, ncnt %d zcnt %d\n", semctl(id, 0, GETPID) == getpid(),
           semctl(id, 0, GETNCNT), semctl(id, 0, GETZCNT));
    op.sem_flg = IPC_NOWAIT;
    errno = 0;
    CHECK(semop(id, &op, 1) == -1 && errno == EAGAIN);
    op.sem_flg = 0;
    struct timespec t = { 0, 50000000 };
    errno = 0;
    CHECK(semtimedop(id, &op, 1, &t) == -1 && errno == EAGAIN);
    struct sembuf two[2] = { { 1, -5, 0 }, { 2, 1, 0 } };
    CHECK(semop(id, two, 2) == 0);
    semctl(id, 0, GETALL, (union semun){ .array = get });
    printf("after a two-op semop: %u %u %u\n", get[0], get[1], get[2]);

    /* Blocked until a child posts; SEM_UNDO of an exiting child. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        struct sembuf up[2] = { { 0, 1, 0 }, { 2, 10, SEM_UNDO } };
        _exit(semop(id, up, 2) == 0 ? 0 : 1);
    }
    op.sem_flg = 0;
    CHECK(semop(id, &op, 1) == 0);
    int st;
    waitpid(pid, &st, 0);
    printf("child exit %d, sem 2 after its undo: %d\n", WEXITSTATUS(st), semctl(id, 2, GETVAL));

    /* A handler interrupts a blocked semop even with SA_RESTART. */
    alarm_soon();
    errno = 0;
    CHECK(semop(id, &op, 1) == -1 && errno == EINTR && alarms == 1);

    ds.sem_perm.mode = 0640;
    CHECK(semctl(id, 0, IPC_SET, (union semun){ .buf = &ds }) == 0);
    CHECK(semctl(id, 0, IPC_STAT, (union semun){ .buf = &ds }) == 0);
    printf("after IPC_SET: mode %o nsems %lu otime-set %d\n", ds.sem_perm.mode & 0777,
           (unsigned long)ds.sem_nsems, ds.sem_otime != 0);
    struct seminfo si;
    CHECK(semctl(0, 0, IPC_INFO, (union semun){ .buf = (struct semid_ds *)&si }) >= 0 &&
          si.semmsl > 0 && si.semopm > 0);
    CHECK(semctl(id, 0, IPC_RMID) == 0);
    errno = 0;
    CHECK(semop(id, &op, 1) == -1 && (errno == EINVAL || errno == EIDRM));
}

struct msg {
    long mtype;
    char mtext[32];
};

static void test_msg(void)
{
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    CHECK(id >= 0);
    struct msg m;
    const char *texts[] = { "two", "one", "three" };
    long types[] = { 2, 1, 3 };
    for (int i = 0; i < 3; i++) {
        m.mtype = types[i];
        strcpy(m.mtext, texts[i]);
        CHECK(msgsnd(id, &m, strlen(texts[i]), 0) == 0);
    }
    struct msqid_ds ds;
    memset(&ds, 0xff, sizeof(ds));
    CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    printf("msg stat: qnum %lu cbytes %lu mode %o lspid-is-me %d lrpid %d stime-set %d\n",
           (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes, ds.msg_perm.mode & 0777,
           ds.msg_lspid == getpid(), ds.msg_lrpid, ds.msg_stime != 0);

    memset(&m, 0, sizeof(m));
    ssize_t n = msgrcv(id, &m, sizeof(m.mtext), 3, 0);
    printf("type 3: %zd %ld %s\n", n, m.mtype, m.mtext);
    memset(&m, 0, sizeof(m));
    n = msgrcv(id, &m, sizeof(m.mtext), -2, 0);
    printf("type <= 2: %zd %ld %s\n", n, m.mtype, m.mtext);
    errno = 0;
    CHECK(msgrcv(id, &m, 2, 0, 0) == -1 && errno == E2BIG);
    memset(&m, 0, sizeof(m));
    n = msgrcv(id, &m, 2, 0, MSG_NOERROR);
    printf("truncated: %zd %ld %s\n", n, m.mtype, m.mtext);
    errno = 0;
    CHECK(msgrcv(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT) == -1 && errno == ENOMSG);

    m.mtype = 7;
    strcpy(m.mtext, "seven");
    CHECK(msgsnd(id, &m, 5, 0) == 0);
    m.mtype = 8;
    CHECK(msgsnd(id, &m, 5, 0) == 0);
    memset(&m, 0, sizeof(m));
    n = msgrcv(id, &m, sizeof(m.mtext), 7, MSG_EXCEPT);
    printf("except 7: %zd %ld\n", n, m.mtype);
    msgrcv(id, &m, sizeof(m.mtext), 0, 0);

    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        struct msg c = { 5, "late" };
        _exit(msgsnd(id, &c, 4, 0) == 0 ? 0 : 1);
    }
    memset(&m, 0, sizeof(m));
    n = msgrcv(id, &m, sizeof(m.mtext), 0, 0);
    int st;
    waitpid(pid, &st, 0);
    printf("blocking receive: %zd %ld %s, child exit %d\n", n, m.mtype, m.mtext, WEXITSTATUS(st));

    alarms = 0;
    alarm_soon();
    errno = 0;
    CHECK(msgrcv(id, &m, sizeof(m.mtext), 0, 0) == -1 && errno == EINTR && alarms == 1);

    CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    ds.msg_qbytes = 100;
    ds.msg_perm.mode = 0640;
    CHECK(msgctl(id, IPC_SET, &ds) == 0);
    memset(&ds, 0, sizeof(ds));
    CHECK(msgctl(id, IPC_STAT, &ds) == 0);
    printf("after IPC_SET: qbytes %lu mode %o lrpid-is-me %d\n", (unsigned long)ds.msg_qbytes,
           ds.msg_perm.mode & 0777, ds.msg_lrpid == getpid());
    struct msginfo mi;
    CHECK(msgctl(0, IPC_INFO, (struct msqid_ds *)&mi) >= 0 && mi.msgmax > 0 && mi.msgmnb > 0);
    errno = 0;
    m.mtype = 0;
    CHECK(msgsnd(id, &m, 1, 0) == -1 && errno == EINVAL);
    CHECK(msgctl(id, IPC_RMID, NULL) == 0);
    errno = 0;
    CHECK(msgsnd(id, &m, 1, 0) == -1 && (errno == EINVAL || errno == EIDRM));
}

static volatile sig_atomic_t mq_sig, mq_val, mq_code;
static void on_usr1(int sig, siginfo_t *si, void *uc)
{
    mq_sig = sig;
    mq_val = si->si_value.sival_int;
    mq_code = si->si_code;
}

static sem_t notified;
static void on_notify(union sigval v)
{
    if (v.sival_int == 77)
        sem_post(&notified);
}

static void test_mq(void)
{
    char name[64];
    snprintf(name, sizeof(name), "/peek-ipc-test-%d", (int)getpid());
    mq_unlink(name);
    struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 64 }, got;
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &at);
    CHECK(q != (mqd_t)-1);
    CHECK(mq_getattr(q, &got) == 0);
    printf("mq attr: flags %ld maxmsg %ld msgsize %ld curmsgs %ld\n", got.mq_flags, got.mq_maxmsg,
           got.mq_msgsize, got.mq_curmsgs);
    CHECK(mq_send(q, "low", 3, 1) == 0 && mq_send(q, "high", 4, 5) == 0);
    struct pollfd pfd = { .fd = q, .events = POLLIN };
    int ready = poll(&pfd, 1, 0);
    printf("poll with messages: %d revents %#x\n", ready, pfd.revents);
    char buf[64];
    unsigned prio = 0;
    ssize_t n = mq_receive(q, buf, sizeof(buf), &prio);
    printf("first: %.*s prio %u\n", (int)n, buf, prio);
    n = mq_receive(q, buf, sizeof(buf), &prio);
    printf("second: %.*s prio %u\n", (int)n, buf, prio);
    errno = 0;
    CHECK(mq_receive(q, buf, 10, &prio) == -1 && errno == EMSGSIZE);
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_nsec += 50000000;
    if (t.tv_nsec >= 1000000000) {
        t.tv_sec++;
        t.tv_nsec -= 1000000000;
    }
    errno = 0;
    CHECK(mq_timedreceive(q, buf, sizeof(buf), NULL, &t) == -1 && errno == ETIMEDOUT);
    struct mq_attr nb = { .mq_flags = O_NONBLOCK };
    CHECK(mq_setattr(q, &nb, &got) == 0 && got.mq_flags == 0);
    CHECK(mq_getattr(q, &got) == 0 && got.mq_flags == O_NONBLOCK);
    errno = 0;
    CHECK(mq_receive(q, buf, sizeof(buf), NULL) == -1 && errno == EAGAIN);
    nb.mq_flags = 0;
    CHECK(mq_setattr(q, &nb, NULL) == 0);

    /* Notification by a signal carrying a value. */
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent ev;
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_SIGNAL;
    ev.sigev_signo = SIGUSR1;
    ev.sigev_value.sival_int = 42;
    CHECK(mq_notify(q, &ev) == 0);
    errno = 0;
    CHECK(mq_notify(q, &ev) == -1 && errno == EBUSY);
    CHECK(mq_send(q, "ping", 4, 0) == 0);
    for (int i = 0; i < 100 && !mq_sig; i++)
        usleep(1000);
    printf("notified by signal %d value %d code-is-mesgq %d\n", mq_sig, mq_val,
           mq_code == SI_MESGQ);
    mq_receive(q, buf, sizeof(buf), NULL);

    /* Notification in a new thread (glibc: a netlink socket and a cookie). */
    sem_init(&notified, 0, 0);
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_THREAD;
    ev.sigev_notify_function = on_notify;
    ev.sigev_value.sival_int = 77;
    CHECK(mq_notify(q, &ev) == 0);
    CHECK(mq_send(q, "pong", 4, 0) == 0);
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += 5;
    CHECK(sem_timedwait(&notified, &t) == 0);
    mq_receive(q, buf, sizeof(buf), NULL);

    /* A receive blocked until a child sends. */
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        usleep(100000);
        mqd_t c = mq_open(name, O_WRONLY);
        _exit(c != (mqd_t)-1 && mq_send(c, "child", 5, 3) == 0 ? 0 : 1);
    }
    n = mq_receive(q, buf, sizeof(buf), &prio);
    int st;
    waitpid(pid, &st, 0);
    printf("blocking receive: %.*s prio %u, child exit %d\n", (int)n, buf, prio, WEXITSTATUS(st));

    CHECK(mq_close(q) == 0);
    CHECK(mq_unlink(name) == 0);
    errno = 0;
    CHECK(mq_open(name, O_RDONLY) == (mqd_t)-1 && errno == ENOENT);
    struct mq_attr bad = { .mq_maxmsg = 0, .mq_msgsize = 64 };
    errno = 0;
    CHECK(mq_open(name, O_CREAT | O_RDWR, 0600, &bad) == (mqd_t)-1 && errno == EINVAL);
    errno = 0;
    CHECK(mq_unlink(name) == -1 && errno == ENOENT);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_segv;
    sigaction(SIGSEGV, &sa, NULL);
    test_shm();
    test_sem();
    test_msg();
    test_mq();
    return 0;
}
