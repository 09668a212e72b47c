/*
 * Inside the /proc emulation (procfs*.c): what its three files share.
 * procfs.c finds out which /proc entry the guest opened and routes it;
 * procfs-gen.c writes the guest's versions of the text files; procfs-fd.c
 * keeps the descriptors of /proc/self/mem and pagemap, which are not
 * snapshots but windows on guest memory or, for syscall, on what a thread
 * is doing when it is read. The syscall layer's entry points
 * are in syscall.h.
 */
#ifndef PEEK_USER_PROCFS_H
#define PEEK_USER_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A host path under the proc mount ("self/mem" -> "/proc/self/mem"). */
void procfs_host_path(char *buf, size_t size, const char *rel);

/* The guest's text of /proc/self/<leaf> (or of thread tid's, when tid is
 * not 0: only syscall differs) written to f: maps, smaps, smaps_rollup, numa_maps, statm,
 * syscall; stat from the host's text of the same file (host_text). False if
 * leaf is none of these or the host's files could not be read. */
bool procfs_gen(FILE *f, const char *leaf, int tid, const char *host_text);
/* The host's /proc/<pid>/stat line host_text with every address field
 * zeroed, as Linux shows it to a reader without ptrace access. */
void procfs_gen_stat_hidden(FILE *f, const char *host_text);

/* The kinds of descriptor procfs-fd.c serves. */
enum { PROCFS_FD_MEM = 1, PROCFS_FD_PAGEMAP, PROCFS_FD_SYSCALL };
/* Make the guest's fd (a host O_PATH descriptor of the /proc file) one of
 * ours; flags are the guest's open flags (host values), tid the thread
 * whose file it is. */
void procfs_fd_install(int fd, int kind, int flags, int tid);

#endif
