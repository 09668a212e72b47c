# Tests of the riscv64 frontend on the host: the disassembler against GNU
# objdump (rv-disas-check) and the decoder's compressed corners against the
# spec's expansion tables (rv-decode-check).
RVFRONT_SRC := tests/guest/riscv64/frontend
RVFRONT_OUT := $(B)/$(RVFRONT_SRC)
RVFRONT_LIB := src/guest/riscv64/decode.c src/guest/riscv64/disas.c
RVFRONT_DEPS := $(RVFRONT_LIB) src/guest/riscv64/decode.h src/guest/riscv64/insns.def \
	src/guest/riscv64/aliases.def

$(RVFRONT_OUT)/%: $(RVFRONT_SRC)/%.c $(RVFRONT_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(RVFRONT_LIB) -lpthread

rv-disas-check: $(RVFRONT_OUT)/disas-gen $(RVFRONT_OUT)/disas-dump
	@mkdir -p $(B)/results
	@sh $(RVFRONT_SRC)/disas-check.sh $(RVFRONT_OUT)/disas-gen \
		$(RVFRONT_OUT)/disas-dump $(RVFRONT_OUT)/disas $(B)/results/rv-disas.txt

CHECKS += rv-disas-check
.PHONY: rv-disas-check

rv-decode-check: $(RVFRONT_OUT)/decode-test
	@mkdir -p $(B)/results
	@$(RVFRONT_OUT)/decode-test > $(B)/results/rv-decode.txt 2>&1 || \
		echo "FAIL decode/run: decode-test exited with an error" >> $(B)/results/rv-decode.txt

CHECKS += rv-decode-check
.PHONY: rv-decode-check
