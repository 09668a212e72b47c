PEEK_SRCS += src/host/x86_64/x64-gen.c src/host/x86_64/x64-code.c src/host/x86_64/x64-ra.c src/host/x86_64/x64-leaf.c
PEEK_SRCS += src/exec/backend-x86_64.c
