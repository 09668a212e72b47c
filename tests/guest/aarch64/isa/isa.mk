# Self-checking aarch64 assembly tests (*.S here, with ../lib/a64test.h),
# one static binary each, run under peek's JIT and interpreter (riscv64's
# run-isa.sh runs them):
#   make a64-isa-check    -> $(B)/results/a64-isa.txt (one PASS/FAIL line
#                            per test and backend)
#   make a64-isa-selftest the same binaries under qemu-aarch64, to validate
#                            the tests themselves -> $(B)/selftest/a64-isa.txt
# Tests named in A64_ISA_SKIP need a feature class not enabled yet in
# cpu-model.c's A64_IMPLEMENTED: fp-ldst (FP/SIMD register loads and
# stores) runs once FP is there.
A64_QEMU ?= /usr/bin/qemu-aarch64
A64CC ?= aarch64-linux-gnu-gcc
A64_ISA_SRC := tests/guest/aarch64/isa
A64_ISA_LIB := tests/guest/aarch64/lib
A64_ISA_NAMES := $(basename $(notdir $(wildcard $(A64_ISA_SRC)/*.S)))
A64_ISA_BINS := $(addprefix $(B)/$(A64_ISA_SRC)/,$(A64_ISA_NAMES))
A64_ISA_SKIP ?= fp-ldst

$(B)/$(A64_ISA_SRC)/%: $(A64_ISA_SRC)/%.S $(A64_ISA_LIB)/a64test.h
	@mkdir -p $(dir $@)
	$(A64CC) -static -nostdlib -I$(A64_ISA_LIB) $< -o $@

a64-isa-build: $(A64_ISA_BINS)

a64-isa-check: $(A64_ISA_BINS) $(B)/peek
	@mkdir -p $(B)/results $(B)/tests/a64-isa
	@sh tests/guest/riscv64/isa/run-isa.sh "$(B)/peek" $(B)/tests/a64-isa/jit.txt "$(A64_ISA_SKIP)" $(A64_ISA_BINS)
	@PEEK_ACCEL=interp sh tests/guest/riscv64/isa/run-isa.sh "$(B)/peek" $(B)/tests/a64-isa/interp.txt \
		"$(A64_ISA_SKIP)" $(A64_ISA_BINS)
	@{ sed 's/ isa-/ a64-isa-jit-/' $(B)/tests/a64-isa/jit.txt; \
	   sed 's/ isa-/ a64-isa-interp-/' $(B)/tests/a64-isa/interp.txt; } > $(B)/results/a64-isa.txt

a64-isa-selftest: $(A64_ISA_BINS)
	@mkdir -p $(B)/selftest
	@sh tests/guest/riscv64/isa/run-isa.sh "$(A64_QEMU)" $(B)/selftest/a64-isa.txt "" $(A64_ISA_BINS)

CHECKS += a64-isa-check
.PHONY: a64-isa-build a64-isa-check a64-isa-selftest
