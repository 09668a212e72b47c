/* Default actions: raise(SIGTERM) terminates (no core), abort() raises
 * SIGABRT (core); the parent must see death by that signal. argv[1]
 * picks which. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    printf("before\n");
    fflush(stdout);
    if (argc > 1 && !strcmp(argv[1], "abort"))
        abort();
    raise(SIGTERM);
    printf("after\n");
    return 0;
}
