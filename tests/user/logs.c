/* For the -d log tests (logs.sh): with no argument it only starts and
 * exits; "uname" prints the release uname(2) reports; "threads" runs two
 * threads that each ask for their tid, as the main thread does; "signal"
 * takes a SIGUSR1 in a handler; "efault" hands write() a bad pointer. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static void *thread(void *arg)
{
    syscall(SYS_gettid);
    return arg;
}

static void on_usr1(int sig) { (void)sig; }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "uname")) {
        struct utsname u;
        uname(&u);
        printf("%s\n", u.release);
    } else if (!strcmp(mode, "threads")) {
        pthread_t t[2];
        syscall(SYS_gettid);
        for (int i = 0; i < 2; i++)
            pthread_create(&t[i], NULL, thread, NULL);
        for (int i = 0; i < 2; i++)
            pthread_join(t[i], NULL);
    } else if (!strcmp(mode, "signal")) {
        signal(SIGUSR1, on_usr1);
        raise(SIGUSR1);
    } else if (!strcmp(mode, "efault")) {
        return syscall(SYS_write, 1, (void *)8, 1) < 0 ? 0 : 1;
    }
    return 0;
}
