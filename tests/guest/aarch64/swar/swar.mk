# a64-swar-check: swar_diff.c (the AdvSIMD integer instructions that run as
# SWAR IR, on lane-edge operands) under peek, JIT and interpreter, against
# qemu-aarch64's output, cached in $(A64SWAR_DIR)/ref.txt.
# Results in $(B)/results/a64-swar.txt.
A64CC ?= aarch64-linux-gnu-gcc
QEMU_AARCH64 ?= /usr/bin/qemu-aarch64
A64SWAR_SRC := tests/guest/aarch64/swar
A64SWAR_DIR := $(B)/$(A64SWAR_SRC)
A64SWAR_ITERS := 3000

$(A64SWAR_DIR)/swar-diff: $(A64SWAR_SRC)/swar_diff.c
	@mkdir -p $(dir $@)
	$(A64CC) -std=gnu11 -O1 -Wall -Wextra -Werror -static $< -o $@

$(A64SWAR_DIR)/ref.txt: $(A64SWAR_DIR)/swar-diff $(A64SWAR_SRC)/swar.mk
	$(QEMU_AARCH64) $< $(A64SWAR_ITERS) > $@

a64-swar-check: $(B)/peek $(A64SWAR_DIR)/swar-diff $(A64SWAR_DIR)/ref.txt
	@mkdir -p $(B)/results
	@for accel in jit interp; do \
	  out=$(A64SWAR_DIR)/out.$$accel; \
	  PEEK_ACCEL=$$accel $(B)/peek $(A64SWAR_DIR)/swar-diff $(A64SWAR_ITERS) > $$out 2>&1; \
	  if cmp -s $$out $(A64SWAR_DIR)/ref.txt; then \
	    echo "PASS a64-swar/$$accel ($$(wc -l < $$out) cases)"; \
	  else echo "FAIL a64-swar/$$accel: $$(diff $$out $(A64SWAR_DIR)/ref.txt | grep -c '^<') lines differ from qemu-aarch64 (diff $$out $(A64SWAR_DIR)/ref.txt)"; fi; \
	done > $(B)/results/a64-swar.txt

CHECKS += a64-swar-check
.PHONY: a64-swar-check
