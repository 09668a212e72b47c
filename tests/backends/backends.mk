# Both backends: the guest suites again on the IR interpreter, and the JIT
# against the interpreter on random instruction sequences.
#   make backends-check   -> $(B)/results/backends.txt
# The suites' own runners run with PEEK_ACCEL=interp (isa, user, signals,
# threads, cpuext and the strided FP cases, each against its usual oracle),
# their lines prefixed with "interp:". The differential part runs
# BACKENDS_DIFF_COUNT rvgen sequences (other seeds than diff-check's) under
# $(B)/peek-interp and $(B)/peek and compares the final register and memory
# dumps. The real programs are left out: under the interpreter they would
# take most of the run.
BACKENDS_DIFF_COUNT ?= 1000

$(B)/peek-interp: $(B)/peek
	@printf '#!/bin/sh\nPEEK_ACCEL=interp exec "%s" "$$@"\n' "$(abspath $(B)/peek)" > $@
	@chmod +x $@

# (This file is read before the suites' own: their program lists are only
# known when the recipe runs, hence the inner make.)
backends-check: $(B)/peek $(B)/peek-interp
	@$(MAKE) --no-print-directory $(ISA_BINS) $(USER_TEST_BINS) $(SIGNALS_BINS) $(THREADS_BINS) \
		$(CPUEXT_BINS) diff-build $(FPU_DIR)/fpu-guest $(if $(FPU_REF),$(FPU_DIR)/ref-stride.txt.gz)
	@mkdir -p $(B)/results $(B)/tests/backends
	@r=$(B)/tests/backends; \
	PEEK_ACCEL=interp sh $(ISA_SRC)/run-isa.sh "$(B)/peek" $$r/isa.txt "$(ISA_SKIP)" $(ISA_BINS); \
	PEEK_ACCEL=interp QEMU=qemu-$(TEST_GUEST) sh tests/user/run.sh $(B)/peek $(UT) > $$r/user.txt 2>&1; \
	PEEK_ACCEL=interp sh $(SIGNALS_SRC)/run.sh $(B)/peek $$r/signals.txt signals \
		$(SIGNALS_GUEST_SRC) $(SIGNALS_OUT) $(SIGNALS_TESTS); \
	PEEK_ACCEL=interp sh $(SIGNALS_SRC)/run.sh $(B)/peek $$r/threads.txt threads \
		$(THREADS_SRC) $(THREADS_OUT) $(THREADS_TESTS); \
	PEEK_ACCEL=interp sh $(CPUEXT_SRC)/cpuext.sh $(B)/peek $(CPUEXT_OUT) $(QEMU_RISCV64) \
		> $$r/cpuext.txt 2>&1; \
	$(if $(FPU_REF),bash $(FPU_SRC)/run.sh $(FPU_DIR)/ref-stride.txt.gz fpu-peek \
		"$(B)/peek-interp $(FPU_DIR)/fpu-guest $(FPU_PEEK_STRIDE)" > $$r/fpu.txt;) \
	$(DIFF_ENV) RESULTS=$$r/diff.txt sh $(DIFF_SRC)/run-diff.sh $(B)/peek-interp $(B)/peek \
		100001 $(BACKENDS_DIFF_COUNT) > /dev/null; \
	cat $$r/*.txt | sed -n 's/^\(PASS\|FAIL\) /\1 interp:/p' > $(B)/results/backends.txt
	@grep -c '^PASS' $(B)/results/backends.txt | sed 's/$$/ backends tests passed/'

CHECKS += backends-check
.PHONY: backends-check
