PEEK_SRCS += src/exec/cpu-exec.c src/exec/tb.c src/exec/translator.c src/exec/log.c src/exec/backend-interp.c
PEEK_SRCS += src/exec/exclusive.c src/exec/symbols.c src/exec/debug.c src/exec/tb-cache.c
