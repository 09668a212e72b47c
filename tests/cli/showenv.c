/*
 * Guest program for the command-line tests: prints its argv, the
 * environment variables named in PEEK_TEST_SHOW (comma separated, "unset"
 * when absent), and 8 bytes of AT_RANDOM, then exits with status argv[1]
 * when that is a number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        printf("argv[%d]=%s\n", i, argv[i]);
    const char *show = getenv("PEEK_TEST_SHOW");
    if (show) {
        char *list = strdup(show), *save = NULL;
        for (char *n = strtok_r(list, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
            const char *v = getenv(n);
            printf("%s=%s\n", n, v ? v : "unset");
        }
    }
    const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
    if (r && getenv("PEEK_TEST_RANDOM"))
        printf("random=%02x%02x%02x%02x%02x%02x%02x%02x\n", r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
    return argc > 1 ? atoi(argv[1]) : 0;
}
