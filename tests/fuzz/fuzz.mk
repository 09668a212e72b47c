# Fuzzing (tests/fuzz/, see tests/README.md): the ELF loader, the
# instruction decoders against qemu, the syscall layer from inside a
# guest, the parsers of -cpu, -d, -plugin and the plugins' arguments, and
# the command line.
#   make fuzz-check            a short seeded pass of each and every saved
#                              regression -> $(B)/results/fuzz.txt
#   make fuzz FUZZ_TIME=secs [FUZZ_KINDS="elf parse cli insn sys"]
#                              each fuzzer for secs (default 60) on the
#                              ASan+UBSan build, with AFL++ on the loader and
#                              libFuzzer on the parsers (installed by
#                              fuzz-deps) -> build-asan/results-fuzz/
FUZZ_SRC := tests/fuzz
FUZZ_OUT := $(B)/tests/fuzz
FUZZ_TIME ?= 60
FUZZ_KINDS ?=
FUZZ_GUESTS := riscv64 aarch64
FUZZ_GUEST_CFLAGS := -O2 -static -Wall -Wextra -Werror
# peek's objects but main.o (src/*.mk, read before this file, list them)
FUZZ_PEEK_OBJS := $(patsubst %.c,$(B)/%.o,$(filter-out src/main.c,$(PEEK_SRCS)))

# The syscall table of a guest, from the .def files, as sysfuzz.c reads it.
$(FUZZ_OUT)/%/syscall-table.h: $(sort $(wildcard src/user/sys-*.def)) src/user/%/syscalls.def
	@mkdir -p $(dir $@)
	cat $^ | sed -n 's/^SYSCALL(\([0-9]*\), *\([a-z0-9_]*\), *\("[^"]*"\)).*/    { \1, "\2", \3 },/p' > $@

.PRECIOUS: $(FUZZ_OUT)/%/syscall-table.h
$(FUZZ_OUT)/%/sysfuzz: $(FUZZ_SRC)/sys/sysfuzz.c $(FUZZ_OUT)/%/syscall-table.h
	$(GUEST_CC_$*) $(FUZZ_GUEST_CFLAGS) -I$(dir $@) -o $@ $<

INSNFUZZ_DEPS := $(FUZZ_SRC)/insn/insnfuzz.c $(FUZZ_SRC)/insn/insnfuzz.h
# gp must stay unused (the signal entry restores it; see riscv64.c)
$(FUZZ_OUT)/riscv64/insnfuzz: $(INSNFUZZ_DEPS) $(FUZZ_SRC)/insn/riscv64.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_riscv64) $(FUZZ_GUEST_CFLAGS) -mno-relax -Wl,--no-relax -o $@ \
		$(FUZZ_SRC)/insn/insnfuzz.c $(FUZZ_SRC)/insn/riscv64.c
$(FUZZ_OUT)/aarch64/insnfuzz: $(INSNFUZZ_DEPS) $(FUZZ_SRC)/insn/aarch64.c
	@mkdir -p $(dir $@)
	$(GUEST_CC_aarch64) $(FUZZ_GUEST_CFLAGS) -o $@ $(FUZZ_SRC)/insn/insnfuzz.c $(FUZZ_SRC)/insn/aarch64.c

# The smallest programs (a few hundred bytes): seeds of the loader fuzzers.
$(FUZZ_OUT)/%/tiny: $(FUZZ_SRC)/elf/tiny.S
	@mkdir -p $(dir $@)
	$(GUEST_CC_$*) -nostdlib -static -s -Wl,--build-id=none -o $@ $<

$(FUZZ_OUT)/elffuzz: $(FUZZ_SRC)/elf/elffuzz.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

$(FUZZ_OUT)/clifuzz: $(FUZZ_SRC)/cli/clifuzz.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $<

# The argument names the plugins take, for clifuzz.
$(FUZZ_OUT)/plugin-keys: $(wildcard plugins/*.c)
	@mkdir -p $(dir $@)
	cat $^ | sed -n 's/.*parg_is([a-z]*, "\([a-z0-9_]*\)").*/\1/p' | sort -u > $@

# The parsers' harness with its seeded driver, on this build's objects.
$(FUZZ_OUT)/parsefuzz: $(FUZZ_SRC)/parse/parsefuzz.c $(FUZZ_SRC)/parse/driver.c $(FUZZ_PEEK_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iplugins $(GLIB_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS)

# The same harness under libFuzzer: made with B=build-fuzz CC=clang (fuzz).
$(FUZZ_OUT)/parsefuzz-lf: $(FUZZ_SRC)/parse/parsefuzz.c $(FUZZ_PEEK_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Iplugins $(GLIB_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS)

# The loader's driver under AFL++'s compiler, with ASan.
$(FUZZ_OUT)/afl/loadcheck: tests/user/loadcheck.c src/user/elfload.c src/user/mem.c src/util/util.c \
		src/util/hostfd.c src/exec/log.c | $(GEN_HDRS)
	@mkdir -p $(dir $@)
	AFL_QUIET=1 AFL_USE_ASAN=1 afl-clang-fast -std=gnu11 -w -Iinclude -Isrc -I$(B)/gen \
		-D_GNU_SOURCE -O1 -g -o $@ $^ $(LDLIBS)

FUZZ_BINS = $(foreach g,$(FUZZ_GUESTS),$(FUZZ_OUT)/$(g)/sysfuzz $(FUZZ_OUT)/$(g)/insnfuzz \
	$(FUZZ_OUT)/$(g)/tiny) $(FUZZ_OUT)/elffuzz $(FUZZ_OUT)/clifuzz $(FUZZ_OUT)/plugin-keys \
	$(FUZZ_OUT)/parsefuzz $(B)/peek all-plugins $(B)/tests/cli/showenv \
	$(B)/tests/user/loadcheck $(B)/tests/user/strace-s $(B)/tests/user/proc-d

fuzz-build: $(FUZZ_BINS)

fuzz-check: fuzz-build
	@mkdir -p $(B)/results
	@sh $(FUZZ_SRC)/run.sh check $(B) > $(B)/results/fuzz.txt 2>&1 || true

# Installs what make fuzz needs besides make check's (clang with libFuzzer, AFL++).
fuzz-deps:
	sh scripts/deps.sh clang libclang-rt-14-dev afl++

# The ASan+UBSan build (as make check's second pass) runs every fuzzer but
# the parsers', which libFuzzer runs on a clang build of its own.
fuzz: fuzz-deps
	$(MAKE) B=build-asan SAN="$(ASAN_FLAGS)" OPT=-O1 fuzz-build build-asan/tests/fuzz/afl/loadcheck
	$(MAKE) B=build-fuzz CC=clang WARN=-w OPT=-O1 \
		SAN="-fsanitize=fuzzer-no-link,address,undefined" build-fuzz/tests/fuzz/parsefuzz-lf
	@mkdir -p build-asan/results-fuzz
	sh $(FUZZ_SRC)/run.sh fuzz build-asan $(FUZZ_TIME) $(FUZZ_KINDS) | tee build-asan/results-fuzz/fuzz.txt
	@sh tests/summary.sh build-asan/results-fuzz

CHECKS += fuzz-check
.PHONY: fuzz fuzz-check fuzz-build fuzz-deps
