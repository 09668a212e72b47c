# The riscv64 Linux ABI: cpu loop, syscall registers and own syscalls, the
# rt signal frame.
PEEK_SRCS += src/user/riscv64/abi.c src/user/riscv64/signal.c
