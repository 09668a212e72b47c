# Tests of the AdvSIMD scalar, x-indexed-element, RDM and DotProd
# instructions, the FP16 vector groups, FHM and FCMA
# (src/guest/aarch64/simd-extra.mk):
#   make a64-simd-extra-check  -> $(B)/results/a64-simd-extra.txt
# scalar.S, elem.S and cplx.S check hand-computed results under peek's JIT and
# interpreter; simd-extra-diff runs every pattern on random operands and
# FPCR modes, and its output under both backends must equal
# qemu-aarch64 -cpu max's, for A64_SX_SEEDS x A64_SX_ITERS words a pattern.
# (Under qemu 7.2 itself scalar.S fails "fcvtzs h -5 #1": see
# simd_extra_diff.c.)
A64_QEMU ?= /usr/bin/qemu-aarch64
A64CC ?= aarch64-linux-gnu-gcc
A64_SX_SRC := tests/guest/aarch64/simd-extra
A64_SX_OUT := $(B)/$(A64_SX_SRC)
A64_SX_TESTS := $(A64_SX_OUT)/scalar $(A64_SX_OUT)/elem $(A64_SX_OUT)/cplx
A64_SX_SEEDS ?= 1 2 3
A64_SX_ITERS ?= 200

$(A64_SX_OUT)/%: $(A64_SX_SRC)/%.S $(A64_SX_SRC)/simdx.h tests/guest/aarch64/lib/a64test.h
	@mkdir -p $(dir $@)
	$(A64CC) -static -nostdlib -Itests/guest/aarch64/lib $< -o $@

$(A64_SX_OUT)/simd-extra-diff: $(A64_SX_SRC)/simd_extra_diff.c src/guest/aarch64/insns.def
	@mkdir -p $(dir $@)
	$(A64CC) -static -O1 -Isrc -Wall -Wextra -Werror $< -o $@

a64-simd-extra-check: $(A64_SX_TESTS) $(A64_SX_OUT)/simd-extra-diff $(B)/peek
	@mkdir -p $(B)/results
	@sh $(A64_SX_SRC)/run-simd-extra.sh $(B)/results/a64-simd-extra.txt "$(A64_QEMU) -cpu max" \
		$(A64_SX_OUT)/simd-extra-diff $(A64_SX_ITERS) "$(A64_SX_SEEDS)" \
		"jit=$(B)/peek,interp=$(B)/peek -accel interp" $(A64_SX_TESTS)

CHECKS += a64-simd-extra-check
.PHONY: a64-simd-extra-check
