# a64-fpsimd-check: fpsimd_diff.c (every FP/AdvSIMD/crypto pattern of
# insns.def on random operands and FPCR modes) under peek, JIT and
# interpreter, against qemu-aarch64's output for the same seeds, cached in
# $(A64FPSIMD_DIR)/ref-<seed>.txt. Results in $(B)/results/a64-fpsimd.txt.
A64CC ?= aarch64-linux-gnu-gcc
QEMU_AARCH64 ?= /usr/bin/qemu-aarch64
A64FPSIMD_SRC := tests/guest/aarch64/fpsimd
A64FPSIMD_DIR := $(B)/$(A64FPSIMD_SRC)
A64FPSIMD_SEEDS := 1 2 3
A64FPSIMD_ITERS := 40
A64FPSIMD_CLASSES := FP,FP16,SIMD,AES,SHA1,SHA256,SHA512,SHA3,PMULL,JSCVT,FRINTTS

$(A64FPSIMD_DIR)/fpsimd-diff: $(A64FPSIMD_SRC)/fpsimd_diff.c src/guest/aarch64/insns.def
	@mkdir -p $(dir $@)
	$(A64CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static -Isrc $< -o $@

$(A64FPSIMD_DIR)/ref-%.txt: $(A64FPSIMD_DIR)/fpsimd-diff $(A64FPSIMD_SRC)/fpsimd.mk
	$(QEMU_AARCH64) $< $* $(A64FPSIMD_ITERS) $(A64FPSIMD_CLASSES) > $@

a64-fpsimd-check: $(B)/peek $(A64FPSIMD_DIR)/fpsimd-diff \
		$(foreach s,$(A64FPSIMD_SEEDS),$(A64FPSIMD_DIR)/ref-$(s).txt)
	@mkdir -p $(B)/results
	@for s in $(A64FPSIMD_SEEDS); do for accel in jit interp; do \
	  out=$(A64FPSIMD_DIR)/out-$$s.$$accel; \
	  PEEK_ACCEL=$$accel $(B)/peek $(A64FPSIMD_DIR)/fpsimd-diff $$s $(A64FPSIMD_ITERS) \
	      $(A64FPSIMD_CLASSES) > $$out 2>&1; \
	  if cmp -s $$out $(A64FPSIMD_DIR)/ref-$$s.txt; then \
	    echo "PASS a64-fpsimd/seed$$s-$$accel ($$(wc -l < $$out) cases)"; \
	  else echo "FAIL a64-fpsimd/seed$$s-$$accel: $$(diff $$out $(A64FPSIMD_DIR)/ref-$$s.txt | grep -c '^<') lines differ from qemu-aarch64 (diff $$out $(A64FPSIMD_DIR)/ref-$$s.txt)"; fi; \
	done; done > $(B)/results/a64-fpsimd.txt

CHECKS += a64-fpsimd-check
.PHONY: a64-fpsimd-check
