# peek: top-level build. Each directory contributes a <dir>.mk that appends to
# the variables below; this file only wires them together.
#   make          build build/peek (and aliases)
#   make check    build and run every test, ending in "N passed, N failed"
#   make demo     install what is missing, build, run a bundled guest under a plugin
CC       ?= gcc
OPT      ?= -O2
SAN      ?=
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Werror -Wno-unused-parameter
ALL_CFLAGS := -std=gnu11 $(WARN) $(SAN) -Iinclude -Isrc -Ibuild/gen -D_GNU_SOURCE $(CFLAGS)
LDLIBS   := -lpthread -lm -ldl
B        := build
RVCC     ?= riscv64-linux-gnu-gcc

PEEK_SRCS :=
CHECKS    :=
GEN_HDRS  :=

all: peek

include $(sort $(wildcard src/*.mk src/*/*.mk src/*/*/*.mk plugins/*.mk tests/*.mk tests/*/*.mk bench/*.mk))

PEEK_OBJS := $(patsubst %.c,$(B)/%.o,$(PEEK_SRCS))

$(B)/%.o: %.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/peek: $(PEEK_OBJS)
	$(CC) $(ALL_CFLAGS) -rdynamic $^ -o $@ $(LDLIBS)
	ln -sf peek $(B)/peek-riscv64

peek: $(B)/peek

check: peek $(CHECKS)
	@sh tests/summary.sh $(B)/results

clean:
	rm -rf $(B)

.PHONY: all peek check clean demo deps
-include $(PEEK_OBJS:.o=.d)
