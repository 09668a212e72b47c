# Guest signal tests (C programs, tests/signals/*.c), compared with the
# native build of the same source or with a .expected file; see run.sh.
#   make signals-check      under $(PEEK) -> $(B)/results/signals.txt
#   make signals-selftest   under qemu-riscv64, to validate the tests
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64

SIGNALS_TESTS := native:alarm_loop expect:segv_info expect:sigill expect:div0 expect:frame \
	native:altstack native:overflow native:restart native:mask native:sigchld \
	native:fpctx native:fpflags native:wait_mask raise_term kill_loop
SIGNALS_NATIVE := $(patsubst native:%,%,$(filter native:%,$(SIGNALS_TESTS)))
SIGNALS_NAMES := $(basename $(notdir $(wildcard tests/signals/*.c)))
SIGNALS_BINS := $(SIGNALS_NAMES:%=$(B)/tests/signals/%.rv) \
	$(SIGNALS_NATIVE:%=$(B)/tests/signals/%.host)

$(B)/tests/signals/%.rv: tests/signals/%.c
	@mkdir -p $(dir $@)
	$(RVCC) -O2 -ffp-contract=off -static -pthread $< -o $@ -lm

$(B)/tests/signals/%.host: tests/signals/%.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -ffp-contract=off -pthread $< -o $@ -lm

signals-build: $(SIGNALS_BINS)

signals-check: $(SIGNALS_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh tests/signals/run.sh $(PEEK) $(B)/results/signals.txt signals tests/signals \
		$(B)/tests/signals $(SIGNALS_TESTS)

signals-selftest: $(SIGNALS_BINS)
	@mkdir -p $(B)/selftest
	@SELFTEST=1 sh tests/signals/run.sh $(QEMU_RISCV64) $(B)/selftest/signals.txt signals \
		tests/signals $(B)/tests/signals $(SIGNALS_TESTS)
	@cat $(B)/selftest/signals.txt

CHECKS += signals-check
.PHONY: signals-build signals-check signals-selftest
