# Tests of the riscv64 frontend on the host: the disassembler against GNU
# objdump (rv-disas-check) and the decoder's compressed corners against the
# spec's expansion tables (rv-decode-check).
RVFRONT_LIB := src/guest/riscv64/decode.c src/guest/riscv64/disas.c
RVFRONT_DEPS := $(RVFRONT_LIB) src/guest/riscv64/decode.h src/guest/riscv64/insns.def

$(B)/tests/rvfront/%: tests/rvfront/%.c $(RVFRONT_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(RVFRONT_LIB) -lpthread

rv-disas-check: $(B)/tests/rvfront/disas-gen $(B)/tests/rvfront/disas-dump
	@mkdir -p $(B)/results
	@sh tests/rvfront/disas-check.sh $(B)/tests/rvfront/disas-gen \
		$(B)/tests/rvfront/disas-dump $(B)/tests/rvfront/disas $(B)/results/rv-disas.txt

CHECKS += rv-disas-check
.PHONY: rv-disas-check

rv-decode-check: $(B)/tests/rvfront/decode-test
	@mkdir -p $(B)/results
	@$(B)/tests/rvfront/decode-test > $(B)/results/rv-decode.txt 2>&1 || \
		echo "FAIL decode/run: decode-test exited with an error" >> $(B)/results/rv-decode.txt

CHECKS += rv-decode-check
.PHONY: rv-decode-check
