/*
 * The guest program as the shared layers see it (plugins: the binary's
 * path, its code range and entry point, and symbols from its file). The
 * mode's loader fills it once before the guest runs; read-only afterwards.
 * In full-system mode it describes the kernel image, or stays empty.
 */
#ifndef PEEK_EXEC_IMAGE_H
#define PEEK_EXEC_IMAGE_H

#include <stdint.h>

typedef struct GuestImage {
    const char *exec_path;     /* absolute path of the program file, or NULL */
    uint64_t start_code, end_code;
    uint64_t entry_code;       /* the program's own entry (not its interpreter's) */
} GuestImage;

extern GuestImage guest_image;

/* The name of the main program's function containing pc, or NULL
 * (symbols.c; the file's symbols are read on first use). */
const char *image_symbol_lookup(uint64_t pc);

#endif
