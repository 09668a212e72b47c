PEEK_SRCS += src/main.c
