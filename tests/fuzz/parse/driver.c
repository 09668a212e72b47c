/* Runs parsefuzz.c's LLVMFuzzerTestOneInput without libFuzzer: on each
 * file given (the regressions), or on COUNT inputs made from SEED: words
 * of the dictionary (parse.dict, libFuzzer's format, shared with `make
 * fuzz`) joined by separators, then a few random byte changes.
 *   parsefuzz DICT -n COUNT -s SEED     parsefuzz FILE...   */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The generator: one seeded sequence per run. */
static uint64_t rng;
static uint64_t rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* The dictionary, read once. */
static char *words[512];
static int nwords;

/* libFuzzer dictionary lines: name="text", with \" \\ and \xNN escapes. */
static void read_dict(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    if (!f) {
        perror(path);
        exit(2);
    }
    while (fgets(line, sizeof(line), f) && nwords < 512) {
        char *q = strchr(line, '"'), *w, *o;
        if (line[0] == '#' || !q)
            continue;
        w = o = malloc(strlen(q));
        for (q++; *q && *q != '"'; q++) {
            if (*q == '\\' && q[1] == 'x' && q[2] && q[3]) {
                char hex[3] = { q[2], q[3], 0 };
                *o++ = (char)strtol(hex, NULL, 16);
                q += 3;
            } else {
                *o++ = *q == '\\' && q[1] ? *++q : *q;
            }
        }
        *o = 0;
        words[nwords++] = w;
    }
    fclose(f);
}

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    static uint8_t buf[1 << 16];
    if (!f) {
        perror(path);
        return 2;
    }
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && !strcmp(argv[2], "-n") && !strcmp(argv[4], "-s")) {
        long count = strtol(argv[3], NULL, 0);
        rng = strtoull(argv[5], NULL, 0);
        read_dict(argv[1]);
        static const char *const seps[] = { ",", ",", ",,", "=", "\n", "", " " };
        for (long i = 0; i < count; i++) {
            uint8_t buf[600];
            size_t n = 0;
            buf[n++] = (uint8_t)rnd();
            for (int k = (int)(rnd() % 8); k >= 0 && nwords; k--) {
                const char *w = words[rnd() % nwords], *s = seps[rnd() % 7];
                if (n + strlen(w) + strlen(s) >= sizeof(buf))
                    break;
                memcpy(buf + n, w, strlen(w));
                n += strlen(w);
                memcpy(buf + n, s, strlen(s));
                n += strlen(s);
            }
            for (int k = (int)(rnd() % 4); k > 0 && n > 1; k--)
                buf[1 + rnd() % (n - 1)] = (uint8_t)rnd();
            LLVMFuzzerTestOneInput(buf, n);
        }
        printf("parsefuzz: %ld inputs from seed %s\n", count, argv[5]);
        return 0;
    }
    for (int i = 1; i < argc; i++)
        if (run_file(argv[i]))
            return 2;
    printf("parsefuzz: %d files\n", argc - 1);
    return 0;
}
