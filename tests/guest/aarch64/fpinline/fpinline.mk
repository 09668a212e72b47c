# a64-fpinline-check: fp_inline_diff.c (the scalar FP arithmetic that runs
# inline on the host FPU, on special operands in every rounding mode, plus
# FPSR through MRS, MSR and a signal frame, and FPCR.FZ turning inlining
# off) under peek's JIT and interpreter against qemu-aarch64 -cpu max,
# whose output is cached in $(A64FPI_DIR)/ref.txt.
# Results in $(B)/results/a64-fpinline.txt.
A64CC ?= aarch64-linux-gnu-gcc
QEMU_AARCH64 ?= /usr/bin/qemu-aarch64
A64FPI_SRC := tests/guest/aarch64/fpinline
A64FPI_DIR := $(B)/$(A64FPI_SRC)

$(A64FPI_DIR)/fp-inline-diff: $(A64FPI_SRC)/fp_inline_diff.c
	@mkdir -p $(dir $@)
	$(A64CC) -std=gnu11 -O2 -Wall -Wextra -Werror -static $< -o $@

$(A64FPI_DIR)/ref.txt: $(A64FPI_DIR)/fp-inline-diff
	$(QEMU_AARCH64) -cpu max $< > $@

a64-fpinline-check: $(B)/peek $(A64FPI_DIR)/fp-inline-diff $(A64FPI_DIR)/ref.txt
	@mkdir -p $(B)/results
	@for accel in jit interp; do \
	  out=$(A64FPI_DIR)/out.$$accel; \
	  PEEK_ACCEL=$$accel $(B)/peek $(A64FPI_DIR)/fp-inline-diff > $$out 2>&1; \
	  if cmp -s $$out $(A64FPI_DIR)/ref.txt; then \
	    echo "PASS a64-fpinline/$$accel ($$(wc -l < $$out) cases)"; \
	  else echo "FAIL a64-fpinline/$$accel: $$(diff $$out $(A64FPI_DIR)/ref.txt | grep -c '^<') lines differ from qemu-aarch64 (diff $$out $(A64FPI_DIR)/ref.txt)"; fi; \
	done > $(B)/results/a64-fpinline.txt

CHECKS += a64-fpinline-check
.PHONY: a64-fpinline-check
