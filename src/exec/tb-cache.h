/*
 * The persistent code cache (-tb-cache DIR): translated blocks that
 * outlive the process, so that the next run of the same program starts
 * without translating what it ran before.
 *
 * One file per program and configuration in DIR, named by a hash of the
 * program file's contents, peek's build id, the guest, the backend and the
 * options that shape code (-cpu, -one-insn-per-tb). It holds, for each
 * block, its guest pc, the guest bytes it was made from and the backend's
 * relocatable form of its code (Backend.export_code). A block is used only
 * if the guest bytes at its pc are those bytes now (its pages write-
 * protected first, as for a translation), so a changed file, another
 * library at that address, or code the guest rewrote is translated afresh.
 *
 * The file is read whole at start-up and checked (header, key, length,
 * checksum); anything wrong discards it. At exit, if anything was
 * translated, the blocks are written to a temporary file renamed over the
 * old one: a reader sees the old file or the new one, never a mix, and
 * concurrent writers each leave a whole file (the last one's). The
 * directory is bounded: the least recently used files go first.
 */
#ifndef PEEK_EXEC_TB_CACHE_H
#define PEEK_EXEC_TB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bounds: one program's file, and every cache file of the directory. */
#define TB_CACHE_FILE_MAX (64u << 20)
#define TB_CACHE_DIR_MAX (256u << 20)

/* Start using the cache in dir for the program file exe, with config the
 * options that shape code as text. Once, before anything is translated.
 * False, with a one-line reason in err, if dir or exe cannot be used. */
bool tb_cache_open(const char *dir, const char *exe, const char *config, char *err, size_t errlen);
/* Whether a cache is open (the backends then keep relocations). */
bool tb_cache_active(void);

/* A block of the cache that matches guest memory now. */
typedef struct TBCacheHit {
    uint32_t size, n_insns;      /* guest bytes and instructions */
    const void *code;            /* the backend's form of its code */
    size_t code_len;
    uint32_t entry;              /* for tb_cache_refuse__locked */
} TBCacheHit;
/* Under tb_lock: the block for pc, if the cache has one whose guest bytes
 * are in memory at pc now, readable and executable, with its pages marked
 * as code (write-protected) before they were compared. */
bool tb_cache_find__locked(uint64_t pc, TBCacheHit *hit);
/* The backend could not use it: never offer it again. */
void tb_cache_refuse__locked(const TBCacheHit *hit);

/* At process exit: write the cache file if anything was translated, and
 * say what happened with -d tb_cache. */
void tb_cache_save(void);

#endif
