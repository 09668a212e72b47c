/*
 * Every syscall .def file, expanded by syscall.c with different SYSCALL()
 * definitions (see syscall.h): included more than once on purpose, so no
 * include guard. The signals+threads files join as soon as they exist.
 */
#include "user/sys-files.def"
#include "user/sys-fs.def"
#include "user/sys-poll.def"
#include "user/sys-mem.def"
#include "user/sys-time.def"
#include "user/sys-net.def"
#include "user/sys-proc.def"
#include "user/sys-ipc.def"
#if __has_include("user/sys-signal.def")
#include "user/sys-signal.def"
#endif
#if __has_include("user/sys-thread.def")
#include "user/sys-thread.def"
#endif
