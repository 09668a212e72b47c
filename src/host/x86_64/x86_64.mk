PEEK_SRCS += src/host/x86_64/x64-gen.c src/host/x86_64/x64-code.c
