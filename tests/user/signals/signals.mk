# Guest signal tests, compared with the native build of the same source or
# with a .expected file; see run.sh. The programs here build for any guest;
# those of tests/guest/$(TEST_GUEST)/signals/ (listed there, in
# SIGNALS_TESTS_$(TEST_GUEST)) are that guest's own and bring their .expected.
#   make signals-check      under $(PEEK) -> $(B)/results/signals.txt
#   make signals-selftest   under qemu-riscv64, to validate the tests
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64

SIGNALS_SRC := tests/user/signals
SIGNALS_GUEST_SRC := tests/guest/$(TEST_GUEST)/signals
SIGNALS_OUT = $(B)/tests/user$(GUEST_TAG)/signals
SIGNALS_TESTS = native:alarm_loop native:altstack native:overflow native:restart native:mask \
	native:rtqueue native:sigchld native:fpctx native:fpflags native:wait_mask native:signalfd native:superblock native:addrfold native:groupcheck \
	raise_term kill_loop \
	$(SIGNALS_TESTS_$(TEST_GUEST))
SIGNALS_NATIVE = $(patsubst native:%,%,$(filter native:%,$(SIGNALS_TESTS)))
SIGNALS_NAMES := $(basename $(notdir $(wildcard $(SIGNALS_SRC)/*.c $(SIGNALS_GUEST_SRC)/*.c)))
SIGNALS_BINS = $(SIGNALS_NAMES:%=$(SIGNALS_OUT)/%.rv) $(SIGNALS_NATIVE:%=$(SIGNALS_OUT)/%.host)

$(SIGNALS_OUT)/%.rv: $(SIGNALS_SRC)/%.c
	@mkdir -p $(dir $@)
	$(TEST_GUEST_CC) -O2 -ffp-contract=off -static -pthread $< -o $@ -lm

$(SIGNALS_OUT)/%.rv: $(SIGNALS_GUEST_SRC)/%.c
	@mkdir -p $(dir $@)
	$(TEST_GUEST_CC) -O2 -ffp-contract=off -static -pthread $< -o $@ -lm

$(SIGNALS_OUT)/%.host: $(SIGNALS_SRC)/%.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -ffp-contract=off -pthread $< -o $@ -lm

signals-build: $(SIGNALS_BINS)

signals-check: $(SIGNALS_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh $(SIGNALS_SRC)/run.sh $(PEEK) $(B)/results/signals$(GUEST_TAG).txt signals $(SIGNALS_GUEST_SRC) \
		$(SIGNALS_OUT) $(SIGNALS_TESTS)

signals-selftest: $(SIGNALS_BINS)
	@mkdir -p $(B)/selftest
	@SELFTEST=1 sh $(SIGNALS_SRC)/run.sh $(QEMU_RISCV64) $(B)/selftest/signals.txt signals \
		$(SIGNALS_GUEST_SRC) $(SIGNALS_OUT) $(SIGNALS_TESTS)
	@cat $(B)/selftest/signals.txt

CHECKS += signals-check
.PHONY: signals-build signals-check signals-selftest
