# Random differential testing of the aarch64 integer ISA: a64gen (a host
# program) writes batches of random sequences, the harness runs them and
# dumps the state, run-diff.sh compares peek (JIT and interpreter) against
# qemu-aarch64.
#   make a64-diff-check   A64_DIFF_COUNT sequences -> $(B)/results/a64-diff.txt
A64_QEMU ?= /usr/bin/qemu-aarch64
A64CC ?= aarch64-linux-gnu-gcc
A64_DIFF_SRC := tests/guest/aarch64/diff
A64_DIFF_OUT := $(B)/$(A64_DIFF_SRC)
A64_DIFF_START ?= 1
A64_DIFF_COUNT ?= 6000
A64_DIFF_LEN ?= 250

$(A64_DIFF_OUT)/a64gen: $(A64_DIFF_SRC)/a64gen.c
	@mkdir -p $(dir $@)
	$(CC) -std=gnu11 -Wall -Wextra -Werror -O2 $< -o $@

# harness.c is freestanding: keep gcc from calling memset/memcpy
$(A64_DIFF_OUT)/harness.o: $(A64_DIFF_SRC)/harness.S $(A64_DIFF_SRC)/harness.c
	@mkdir -p $(dir $@)
	$(A64CC) -static -nostdlib -O2 -ffreestanding -fno-tree-loop-distribute-patterns \
		-mgeneral-regs-only -Wall -Wextra -Werror -r $^ -o $@

a64-diff-build: $(A64_DIFF_OUT)/a64gen $(A64_DIFF_OUT)/harness.o

a64-diff-check: a64-diff-build $(B)/peek
	@A64GEN=$(A64_DIFF_OUT)/a64gen HARNESS=$(A64_DIFF_OUT)/harness.o A64CC=$(A64CC) \
		LEN=$(A64_DIFF_LEN) RESULTS=$(B)/results/a64-diff.txt \
		sh $(A64_DIFF_SRC)/run-diff.sh $(A64_QEMU) $(A64_DIFF_START) $(A64_DIFF_COUNT) \
		jit=$(B)/peek "interp=$(B)/peek -accel interp"

CHECKS += a64-diff-check
.PHONY: a64-diff-build a64-diff-check
