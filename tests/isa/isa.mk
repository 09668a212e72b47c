# Self-checking riscv64 assembly tests (tests/isa/*.S), one static binary
# each, run under $(PEEK).
#   make isa-check       under $(PEEK) -> $(B)/results/isa.txt
#   make isa-selftest    these and the diff suite under qemu-riscv64 alone,
#                        to validate the tests themselves -> $(B)/selftest/
# qemu 7.2 (Debian 12) has no Zicond, so the self-test skips that one.
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64

ISA_NAMES := $(basename $(notdir $(wildcard tests/isa/*.S)))
ISA_BINS  := $(addprefix $(B)/tests/isa/,$(ISA_NAMES))
ISA_ASFLAGS := -march=rv64g_zba_zbb_zbs -mabi=lp64d -static -nostdlib \
	-Wl,--no-relax -Itests/lib
ISA_RESULTS ?= $(B)/results/isa.txt
ISA_SKIP ?=

$(B)/tests/isa/%: tests/isa/%.S tests/lib/rvtest.h tests/lib/rvsig.h
	@mkdir -p $(dir $@)
	$(RVCC) $(ISA_ASFLAGS) $< -o $@

isa-build: $(ISA_BINS)

# Depends on build/peek only when that is the emulator, so that -j never
# runs the tests against a half-built peek.
isa-check: $(ISA_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(dir $(ISA_RESULTS))
	@sh tests/isa/run-isa.sh "$(PEEK)" $(ISA_RESULTS) "$(ISA_SKIP)" $(ISA_BINS)

isa-selftest-isa: $(ISA_BINS)
	@mkdir -p $(B)/selftest
	@sh tests/isa/run-isa.sh "$(QEMU_RISCV64)" $(B)/selftest/isa.txt zicond $(ISA_BINS)

# Both suites under qemu alone: validates the tests, not peek.
isa-selftest: isa-selftest-isa diff-selftest
	@sh tests/summary.sh $(B)/selftest

CHECKS += isa-check
.PHONY: isa-build isa-check isa-selftest isa-selftest-isa
