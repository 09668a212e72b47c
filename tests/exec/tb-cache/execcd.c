/*
 * For the persistent code cache tests: change to the root directory, then
 * run the program named by argv[1] with the rest as its arguments, so that
 * a relative -tb-cache directory no longer names the same place.
 */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2 || chdir("/") != 0)
        return 2;
    execv(argv[1], argv + 1);
    perror("execv");
    return 3;
}
