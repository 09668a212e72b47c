PEEK_SRCS += src/host/interp/interp.c
