/* sigaltstack and SA_ONSTACK: a handler with SA_ONSTACK runs on the
 * alternate stack (and sees SS_ONSTACK, and cannot change the stack while
 * on it), one without runs on the normal stack; SS_DISABLE turns it off;
 * too small a stack is refused. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *alt;
static size_t alt_size = 65536;
static volatile int on_alt, flags_inside, eperm_inside;

static void handler(int sig)
{
    char local;
    uintptr_t p = (uintptr_t)&local;
    on_alt = p >= (uintptr_t)alt && p < (uintptr_t)alt + alt_size;
    stack_t cur, ss = { .ss_sp = alt, .ss_size = alt_size };
    sigaltstack(NULL, &cur);
    flags_inside = cur.ss_flags;
    eperm_inside = sigaltstack(&ss, NULL) < 0 && errno == EPERM;
}

static void try(const char *what, int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigaction(SIGUSR1, &sa, NULL);
    on_alt = -1;
    raise(SIGUSR1);
    stack_t cur;
    sigaltstack(NULL, &cur);
    printf("%s: on alt %d, flags inside %d, EPERM inside %d, flags after %d\n", what, on_alt,
           flags_inside, eperm_inside, cur.ss_flags);
}

int main(void)
{
    stack_t ss, old;
    sigaltstack(NULL, &old);
    printf("initial flags %d size %zu\n", old.ss_flags, old.ss_size);
    alt = malloc(alt_size);
    ss.ss_sp = alt;
    ss.ss_size = 1024;
    ss.ss_flags = 0;
    int r = sigaltstack(&ss, NULL);
    printf("too small: %d errno %s\n", r, errno == ENOMEM ? "ENOMEM" : "?");
    ss.ss_size = alt_size;
    printf("install: %d\n", sigaltstack(&ss, &old));
    sigaltstack(NULL, &old);
    printf("installed: flags %d size ok %d sp ok %d\n", old.ss_flags, old.ss_size == alt_size,
           old.ss_sp == alt);
    try("SA_ONSTACK", SA_ONSTACK);
    try("no SA_ONSTACK", 0);
    ss.ss_flags = 99;
    r = sigaltstack(&ss, NULL);
    printf("bad flags: %d errno %s\n", r, errno == EINVAL ? "EINVAL" : "?");
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
    try("disabled", SA_ONSTACK);
    return 0;
}
