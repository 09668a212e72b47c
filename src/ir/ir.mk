PEEK_SRCS += src/ir/ir.c src/ir/opt.c src/ir/live.c src/ir/knownbits.c src/ir/narrow.c
