# Benchmarks: our own CPU-bound guest programs (bench/src/*.c: integer,
# pointer chasing, floating point, threads) and the real programs of
# tests/real, each run natively, under qemu-riscv64 and under peek, and
# under the plugin configurations of bench/configs.txt (QEMU 7.2's own
# plugins in both emulators, ours in peek), best of three; then the thread
# scaling of the threads benchmark, 1 to 8 threads, native, qemu and peek
# (bench/thread-scaling.sh); then the translation throughput on sqlite3's
# start-up (bench/translate-bench.sh). bench/report.sh writes the tables
# as Markdown (B/bench/results.md) and charts of the qemu/peek ratios
# (B/bench/ratios.svg) and of the thread scaling (B/bench/scaling.svg).
#   make bench                        the whole table (about 20 minutes)
#   make bench BENCH_ONLY="crc lua"   some of it; BENCH_RUNS=1 for a quick look
#   make bench BENCH_CONFIGS=FILE     other configurations (bench/configs-none.txt: no plugins)
#   make bench BENCH_GUEST=aarch64    the same programs built for aarch64,
#                                     against qemu-aarch64
#   make bench-scaling                the thread-scaling run alone
#   make bench-plugins                our plugins against QEMU 7.2's, both
#                                     under peek and QEMU's under qemu
#                                     (configs-plugins.txt on
#                                     benchmarks-plugins.txt), in CPU time
# Not part of make check: it takes minutes and measures, it does not test.
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64
REAL_CACHE ?= build-real
BENCH_GUEST ?= riscv64
BENCH_QEMU_riscv64 = $(QEMU_RISCV64)
BENCH_QEMU_aarch64 = /usr/bin/qemu-aarch64
BENCH_CC_riscv64 = $(RVCC)
BENCH_CC_aarch64 = $(GUEST_CC_aarch64)
BG := $(BENCH_GUEST)

BENCH_NAMES := crc chase nbody threads
BENCH_REAL := lua sqlite3 bzip2
BENCH_CFLAGS := -O2 -ffp-contract=off -Wall -Wextra -Werror
BENCH_BINS := $(addprefix $(B)/bench/$(BG)/,$(BENCH_NAMES)) $(addprefix $(B)/bench/x86/,$(BENCH_NAMES))

$(B)/bench/$(BG)/%: bench/src/%.c
	@mkdir -p $(dir $@)
	$(BENCH_CC_$(BG)) $(BENCH_CFLAGS) -static -o $@ $< -lm -lpthread

$(B)/bench/x86/%: bench/src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lm -lpthread

# The real programs are measured in their static build.
bench-real:
	@GUEST=$(BG) GUEST_CC="$(BENCH_CC_$(BG))" sh tests/real/fetch-build.sh $(REAL_CACHE)
	@mkdir -p $(B)/bench/$(BG) $(B)/bench/x86
	@for p in $(BENCH_REAL); do \
		ln -sf "$(abspath $(REAL_CACHE))/$(BG)/$$p-static" $(B)/bench/$(BG)/$$p; \
		ln -sf "$(abspath $(REAL_CACHE))/x86_64/$$p" $(B)/bench/x86/$$p; \
	done

bench: bench-deps $(B)/peek $(BENCH_BINS) bench-real all-plugins qemu-plugins $(B)/bench/libtbcount.so \
		$(B)/bench/libcbcost.so $(B)/bench/cputime
	@sh bench/run-bench.sh $(B) "$(PEEK)" "$(BENCH_QEMU_$(BG))" "$(abspath $(QEMU_PLUGIN_DIR))" $(BG)
	@sh bench/thread-scaling.sh $(B) "$(PEEK)" "$(BENCH_QEMU_$(BG))" $(BG)
	@sh bench/report.sh $(B)
	@sh bench/translate-bench.sh $(B) "$(PEEK)" "$(BENCH_QEMU_$(BG))" $(B)/bench/libtbcount.so $(REAL_CACHE) $(BG)

# The thread-scaling run alone (1, 2, 4, 8 threads, native, qemu and peek),
# with the report (its tables and B/bench/scaling.svg).
bench-scaling: bench-deps $(B)/peek $(B)/bench/$(BG)/threads $(B)/bench/x86/threads
	@sh bench/thread-scaling.sh $(B) "$(PEEK)" "$(BENCH_QEMU_$(BG))" $(BG)
	@if [ -f $(B)/bench/results.txt ]; then sh bench/report.sh $(B); fi

# CPU time rather than wall-clock by default: the machines this runs on
# are shared, and a plugin's cost is what it adds to the emulator's work.
BENCH_PLUGINS_CLOCK ?= cpu
bench-plugins: bench-deps $(B)/peek $(BENCH_BINS) bench-real all-plugins qemu-plugins $(B)/bench/cputime
	@BENCH_CONFIGS=bench/configs-plugins.txt BENCH_LIST=bench/benchmarks-plugins.txt \
		BENCH_CLOCK=$(BENCH_PLUGINS_CLOCK) \
		sh bench/run-bench.sh $(B) "$(PEEK)" "$(BENCH_QEMU_$(BG))" "$(abspath $(QEMU_PLUGIN_DIR))" $(BG)
	@sh bench/report.sh $(B)

# gnuplot draws the chart of bench/report.sh.
bench-deps:
	@sh scripts/deps.sh gnuplot-nox

$(B)/bench/cputime: bench/src/cputime.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 $< -o $@

.PHONY: bench bench-real bench-plugins bench-deps bench-scaling

# QEMU 7.2's own plugins (API version 1), built from Debian's qemu source
# package into $(QEMU_SRC_CACHE)/plugins (see bench/qemu-plugins.sh): the
# plugin configurations load the same .so into qemu-riscv64 and peek.
QEMU_SRC_CACHE ?= build-qemu-src
QEMU_PLUGIN_DIR := $(QEMU_SRC_CACHE)/plugins

qemu-plugins:
	@sh bench/qemu-plugins.sh $(QEMU_SRC_CACHE)

# The translation counter of bench/translate-bench.sh, a plugin of API
# version 1 so that qemu-riscv64 7.2 loads it too.
$(B)/bench/libtbcount.so: bench/src/tbcount.c include/v1/qemu-plugin.h include/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -fPIC -shared -Iinclude/v1 $(GLIB_CFLAGS) $< -o $@ $(GLIB_LIBS)

# The empty callbacks of the "cb-" configurations (the price of a
# callback), version 1 too.
$(B)/bench/libcbcost.so: bench/src/cbcost.c include/v1/qemu-plugin.h include/qemu-plugin.h
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 $(WARN) -O2 -fPIC -shared -Iinclude/v1 $(GLIB_CFLAGS) $< -o $@ $(GLIB_LIBS)

.PHONY: qemu-plugins
