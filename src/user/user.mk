# The linux-user core: guest memory, ELF loader, syscalls, /proc/self, -strace.
# (signal*.c and thread*.c add themselves from their own fragment.)
PEEK_SRCS += src/user/mem.c src/user/elfload.c src/user/syscall.c src/user/strace.c \
	src/user/procfs.c src/user/sys-files.c src/user/sys-fs.c src/user/sys-poll.c \
	src/user/sys-mem.c src/user/sys-time.c src/user/sys-net.c src/user/sys-proc.c
