# peek: top-level build. Each directory contributes a <dir>.mk that appends to
# the variables below; this file only wires them together.
#   make          build build/peek (and aliases)
#   make check    build and run every test, ending in "N passed, N failed"
#   make demo     install what is missing, build, run a bundled guest under a plugin
#   make install  peek, its plugins, headers, pkg-config files, man page, docs
#                 (PREFIX=/usr/local, DESTDIR honoured); make uninstall
CC       ?= gcc
OPT      ?= -O2
SAN      ?=
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Werror -Wno-unused-parameter
B        := build
ALL_CFLAGS := -std=gnu11 $(WARN) $(SAN) -Iinclude -Isrc -I$(B)/gen -D_GNU_SOURCE $(CFLAGS)
LDLIBS   := -lpthread -lm -ldl
RVCC     ?= riscv64-linux-gnu-gcc

PEEK_SRCS :=
CHECKS    :=
GEN_HDRS  :=

all: peek

include install.mk
include $(sort $(wildcard src/*.mk src/*/*.mk src/*/*/*.mk plugins/*.mk tests/*.mk tests/*/*.mk tests/*/*/*.mk tests/*/*/*/*.mk bench/*.mk demo/*.mk))

PEEK_OBJS := $(patsubst %.c,$(B)/%.o,$(PEEK_SRCS))

$(B)/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/peek: $(PEEK_OBJS)
	$(CC) $(ALL_CFLAGS) -rdynamic $^ -o $@ $(LDLIBS)
	for g in $(GUESTS); do ln -sf peek $(B)/peek-$$g; done

peek: $(B)/peek

# make check: install what is missing, run every suite on the normal build,
# then again on an ASan+UBSan build, and total both.
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
check:
	sh scripts/deps.sh
	$(MAKE) check-one
	$(MAKE) check-one B=build-asan SAN="$(ASAN_FLAGS)" OPT=-O1
	@sh tests/summary.sh $(B)/results build-asan/results

# One build's suites; results in $(B)/results.
check-one: peek
	@rm -rf $(B)/results && mkdir -p $(B)/results
	$(MAKE) -k $(CHECKS) || true
	@sh tests/summary.sh $(B)/results || true

clean:
	rm -rf $(B)

.PHONY: all peek check check-one clean demo $(CHECKS)
# Header dependencies, once every .mk has filled the source lists (the
# system binary's guest parts come from the guests' .mk files).
-include $(PEEK_OBJS:.o=.d) $(SYS_OBJS:.o=.d)
