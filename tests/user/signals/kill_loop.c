/* A signal sent by another process to a guest stuck in a loop that makes
 * no syscalls. argv[1] says whether to catch SIGUSR1 ("catch") or not. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_usr1(int sig)
{
    static const char msg[] = "caught SIGUSR1\n";
    if (write(1, msg, sizeof(msg) - 1) < 0)
        _exit(2);
    _exit(0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "catch"))
        signal(SIGUSR1, on_usr1);
    printf("ready\n");
    fflush(stdout);
    volatile unsigned long n = 0;
    for (;;)
        n++;
}
