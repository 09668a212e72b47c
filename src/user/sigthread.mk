# Signals and threads of the linux-user runtime, and the riscv64 signal frame.
PEEK_SRCS += src/user/signal.c src/user/thread.c src/guest/riscv64/signal.c
