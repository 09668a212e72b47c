# Guest thread and process tests (C programs, tests/user/threads/*.c),
# compared with the native build of the same source; the runner is
# tests/user/signals/run.sh.
#   make threads-check      under $(PEEK) -> $(B)/results/threads.txt
#   make threads-selftest   under qemu-riscv64, to validate the tests
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64

THREADS_TESTS := native:atomics native:prodcons native:join native:main_exit native:tkill \
	native:fork_wait native:clone3 native:execve native:futex native:robust native:sigstorm native:route native:fork_busy \
	native:vfork native:smc_spin
THREADS_SRC := tests/user/threads
THREADS_OUT = $(B)/tests/user$(GUEST_TAG)/threads
THREADS_NAMES := $(basename $(notdir $(wildcard $(THREADS_SRC)/*.c)))
THREADS_BINS = $(THREADS_NAMES:%=$(THREADS_OUT)/%.rv) $(THREADS_NAMES:%=$(THREADS_OUT)/%.host)

$(THREADS_OUT)/%.rv: $(THREADS_SRC)/%.c
	@mkdir -p $(dir $@)
	$(TEST_GUEST_CC) -O2 -static -pthread $< -o $@

$(THREADS_OUT)/%.host: $(THREADS_SRC)/%.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -pthread $< -o $@

threads-build: $(THREADS_BINS)

threads-check: $(THREADS_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(B)/results
	@sh tests/user/signals/run.sh $(PEEK) $(B)/results/threads$(GUEST_TAG).txt threads $(THREADS_SRC) \
		$(THREADS_OUT) $(THREADS_TESTS)

threads-selftest: $(THREADS_BINS)
	@mkdir -p $(B)/selftest
	@SELFTEST=1 sh tests/user/signals/run.sh $(QEMU_RISCV64) $(B)/selftest/threads.txt threads \
		$(THREADS_SRC) $(THREADS_OUT) $(THREADS_TESTS)
	@cat $(B)/selftest/threads.txt

CHECKS += threads-check
.PHONY: threads-build threads-check threads-selftest
