# Self-checking riscv64 assembly tests (*.S here, with ../lib/rvtest.h),
# one static binary each, run under $(PEEK).
#   make isa-check       under $(PEEK) -> $(B)/results/isa.txt
#   make isa-selftest    these and the diff suite under qemu-riscv64 alone,
#                        to validate the tests themselves -> $(B)/selftest/
# qemu 7.2 (Debian 12) has no Zicond, so the self-test skips that one.
PEEK ?= $(B)/peek
QEMU_RISCV64 ?= /usr/bin/qemu-riscv64

ISA_SRC   := tests/guest/riscv64/isa
ISA_LIB   := tests/guest/riscv64/lib
ISA_NAMES := $(basename $(notdir $(wildcard $(ISA_SRC)/*.S)))
ISA_BINS  := $(addprefix $(B)/$(ISA_SRC)/,$(ISA_NAMES))
ISA_ASFLAGS := -march=rv64g_zba_zbb_zbs -mabi=lp64d -static -nostdlib \
	-Wl,--no-relax -I$(ISA_LIB)
ISA_RESULTS ?= $(B)/results/isa.txt
ISA_SKIP ?=

$(B)/$(ISA_SRC)/%: $(ISA_SRC)/%.S $(ISA_LIB)/rvtest.h $(ISA_LIB)/rvsig.h
	@mkdir -p $(dir $@)
	$(RVCC) $(ISA_ASFLAGS) $< -o $@

isa-build: $(ISA_BINS)

# Depends on build/peek only when that is the emulator, so that -j never
# runs the tests against a half-built peek.
isa-check: $(ISA_BINS) $(filter $(B)/peek,$(PEEK))
	@mkdir -p $(dir $(ISA_RESULTS))
	@sh $(ISA_SRC)/run-isa.sh "$(PEEK)" $(ISA_RESULTS) "$(ISA_SKIP)" $(ISA_BINS)

isa-selftest-isa: $(ISA_BINS)
	@mkdir -p $(B)/selftest
	@sh $(ISA_SRC)/run-isa.sh "$(QEMU_RISCV64)" $(B)/selftest/isa.txt zicond $(ISA_BINS)

# Both suites under qemu alone: validates the tests, not peek.
isa-selftest: isa-selftest-isa diff-selftest
	@sh tests/summary.sh $(B)/selftest

CHECKS += isa-check
.PHONY: isa-build isa-check isa-selftest isa-selftest-isa
