# Total allocation, fatal errors, always-on assertions: used everywhere.
PEEK_SRCS += src/util/util.c src/util/cpuspec.c src/util/hostfd.c src/util/hash.c
