# The generic linux-user runtime: guest memory, ELF loader, syscalls by
# topic, signals, threads, /proc/self, -strace, and the registry of the
# guests' ABIs (each guest's own ABI is src/user/<arch>/, with its own .mk).
PEEK_SRCS += $(addprefix src/user/, mem.c elfload.c syscall.c strace.c procfs.c procfs-fd.c procfs-gen.c \
	sys-files.c sys-fs.c sys-poll.c sys-mem.c sys-time.c sys-net.c sys-proc.c sys-ipc.c \
	signal.c thread.c arches.c cpu-loop.c gdb-user.c)
