# Self-checking riscv64 assembly tests (tests/isa/*.S), one static binary
# each, run under $(PEEK).
#   make isa-check       under $(PEEK) -> $(B)/results/isa.txt
#   make isa-selftest    under qemu-riscv64, to validate the tests themselves
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

isa-check: $(ISA_BINS)
	@mkdir -p $(dir $(ISA_RESULTS))
	@sh tests/isa/run-isa.sh "$(PEEK)" $(ISA_RESULTS) "$(ISA_SKIP)" $(ISA_BINS)

isa-selftest: $(ISA_BINS)
	@mkdir -p $(B)/selftest
	@sh tests/isa/run-isa.sh "$(QEMU_RISCV64)" $(B)/selftest/isa.txt zicond $(ISA_BINS)
	@cat $(B)/selftest/isa.txt
	@sh tests/summary.sh $(B)/selftest

CHECKS += isa-check
.PHONY: isa-build isa-check isa-selftest
