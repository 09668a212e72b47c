# What the guest-agnostic suites need to know of aarch64 (see
# tests/guest/guests.mk): its C cross compiler and its own signal cases.
GUEST_CC_aarch64 = aarch64-linux-gnu-gcc
SIGNALS_TESTS_aarch64 := expect:segv_info expect:sigill expect:frame

# Host-side tests of the aarch64 frontend (decoder and disassembler):
# a64-disas-check compares a64_disas with GNU objdump over every insns.def
# pattern and checks field extraction on hand-assembled words.
A64FRONT_LIB := src/guest/aarch64/decode.c src/guest/aarch64/disas.c
A64FRONT_DEPS := $(A64FRONT_LIB) src/guest/aarch64/decode.h src/guest/aarch64/insns.def

$(B)/tests/guest/aarch64/%: tests/guest/aarch64/%.c $(A64FRONT_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(A64FRONT_LIB) -lpthread

a64-disas-check: $(B)/tests/guest/aarch64/disas-check $(B)/tests/guest/aarch64/decode-test
	@mkdir -p $(B)/results $(B)/tests/guest/aarch64/work
	@$(B)/tests/guest/aarch64/disas-check $(B)/tests/guest/aarch64/work > $(B)/results/a64-disas.txt || \
		printf '\nFAIL a64-disas/run: disas-check exited with an error\n' >> $(B)/results/a64-disas.txt
	@$(B)/tests/guest/aarch64/decode-test >> $(B)/results/a64-disas.txt 2>&1 || \
		printf '\nFAIL a64-decode/run: decode-test exited with an error\n' >> $(B)/results/a64-disas.txt

CHECKS += a64-disas-check
.PHONY: a64-disas-check
