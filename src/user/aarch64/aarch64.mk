# The aarch64 Linux ABI: cpu loop, syscall registers, the rt signal frame.
PEEK_SRCS += src/user/aarch64/abi.c src/user/aarch64/signal.c
