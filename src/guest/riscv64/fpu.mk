# The F/D floating-point library: pure functions, no other peek dependency.
PEEK_SRCS += src/guest/riscv64/fpu.c src/guest/riscv64/fpu_soft.c
